//! Generating many realistic people for trying kith at scale and for the
//! benchmarks: UK names by nation, real organisations and places, and
//! links and interactions in about the proportions of the example data.
//! The same count always gives the same people (a fixed random seed).

use super::centre_for;
use crate::model::{Date, Kind};
use crate::places::{self, Nation};
use crate::store::{StoreError, Writer};
use crate::topics;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Name lists and phrases, compiled into the binary.
const NAMES_JSON: &str = include_str!("../../assets/demo/names.json");

#[derive(Deserialize)]
struct Names {
    given: HashMap<String, Vec<String>>,
    surnames: HashMap<String, Vec<String>>,
    roles: Vec<String>,
    interaction_notes: Vec<String>,
}

/// Everything one generated person draws from, prepared once.
struct Pools {
    names: Names,
    organisations: Vec<(String, String)>,
    authorities: HashMap<Nation, Vec<&'static places::LocalAuthority>>,
}

/// Adds `count` generated people, with affiliations to the example's
/// organisations (`organisations`: name and id), relationships among
/// themselves, and interactions. Gives the ids of the people made.
pub fn generate_people(
    writer: &mut Writer<'_>,
    count: u32,
    organisations: &[(String, String)],
    today: Date,
) -> Result<Vec<String>, StoreError> {
    // The names file is shipped and loaded by the tests, so a parse failure
    // is a build mistake, reported as a store error rather than a panic.
    let names: Names = serde_json::from_str(NAMES_JSON)
        .map_err(|error| StoreError::Invalid(format!("the shipped name lists are bad: {error}")))?;
    let pools = Pools {
        names,
        organisations: organisations.to_vec(),
        authorities: Nation::ALL
            .iter()
            .map(|nation| (*nation, places::authorities_in(*nation).collect()))
            .collect(),
    };
    let mut random = StdRng::seed_from_u64(0x6b69_7468 ^ u64::from(count));
    let mut people = Vec::with_capacity(count as usize);
    for index in 0..count {
        let id = generate_person(writer, &pools, &mut random, index)?;
        link_to_earlier(writer, &mut random, &id, &people)?;
        if random.random_bool(0.6) {
            log_interaction(writer, &pools, &mut random, &id, today)?;
        }
        people.push(id);
    }
    writer.act_as(None);
    Ok(people)
}

fn pick_nation(random: &mut StdRng) -> Nation {
    match random.random_range(0..100) {
        0..84 => Nation::England,
        84..92 => Nation::Scotland,
        92..97 => Nation::Wales,
        _ => Nation::NorthernIreland,
    }
}

/// A name from the nation's list or the list for anywhere.
fn pick_name<'a>(
    lists: &'a HashMap<String, Vec<String>>,
    nation: Nation,
    random: &mut StdRng,
) -> &'a str {
    let list = if random.random_bool(0.6) {
        lists.get(nation.slug())
    } else {
        lists.get("any")
    };
    list.or_else(|| lists.values().next())
        .and_then(|names| names.choose(random))
        .map(String::as_str)
        .unwrap_or("Alex")
}

fn generate_person(
    writer: &mut Writer<'_>,
    pools: &Pools,
    random: &mut StdRng,
    index: u32,
) -> Result<String, StoreError> {
    let nation = pick_nation(random);
    let given = pick_name(&pools.names.given, nation, random);
    let surname = pick_name(&pools.names.surnames, nation, random);
    let name = format!("{given} {surname}");
    let authority = pools
        .authorities
        .get(&nation)
        .and_then(|list| list.choose(random));
    let role = pools
        .names
        .roles
        .choose(random)
        .cloned()
        .unwrap_or_default();
    let topic_names = topics::shipped();
    let topic_count = random.random_range(1..=3);
    let chosen_topics: Vec<&str> = topic_names
        .choose_multiple(random, topic_count)
        .copied()
        .collect();
    let email = format!(
        "{}.{}{}@people.example.org",
        crate::text::squash(given),
        crate::text::squash(surname),
        index
    );
    let mut fields = vec![
        ("name", json!(name)),
        ("role", json!(role)),
        ("emails", json!([email])),
        ("nation", json!(nation.slug())),
        ("topics", json!(chosen_topics)),
    ];
    if let Some(authority) = authority {
        fields.push(("place", json!(authority.code)));
    }
    writer.act_as(Some(centre_for(Some(nation), &name)));
    let id = writer.create(Kind::Person, &fields)?;
    if let Some((_, organisation)) = pools.organisations.choose(random) {
        writer.link(
            Kind::Affiliation,
            (&id, organisation, ""),
            &[("role", json!(role))],
        )?;
    }
    Ok(id)
}

/// Two relationships to people made earlier, so that chains of
/// introductions run through the whole store.
fn link_to_earlier(
    writer: &mut Writer<'_>,
    random: &mut StdRng,
    id: &str,
    earlier: &[String],
) -> Result<(), StoreError> {
    for _ in 0..2 {
        let Some(other) = earlier.choose(random) else {
            return Ok(());
        };
        let kind = ["knows", "works-with", "knows", "introduced-by"]
            .choose(random)
            .copied();
        writer.link(
            Kind::Relationship,
            (id, other, kind.unwrap_or("knows")),
            &[],
        )?;
    }
    Ok(())
}

fn log_interaction(
    writer: &mut Writer<'_>,
    pools: &Pools,
    random: &mut StdRng,
    id: &str,
    today: Date,
) -> Result<(), StoreError> {
    let date = today.add_days(-random.random_range(1..540));
    let kind = ["meeting", "call", "email", "visit", "event"]
        .choose(random)
        .copied();
    let note = pools
        .names
        .interaction_notes
        .choose(random)
        .cloned()
        .unwrap_or_default();
    let mut fields: Vec<(&str, Value)> = vec![
        ("type", json!(kind.unwrap_or("meeting"))),
        ("date", json!(date.to_string())),
        ("parties", json!([id])),
        ("note", json!(note)),
    ];
    if random.random_bool(0.1) {
        let follow_up = date.add_days(random.random_range(7..60));
        fields.push(("follow_up", json!(follow_up.to_string())));
    }
    writer.create(Kind::Interaction, &fields)?;
    Ok(())
}
