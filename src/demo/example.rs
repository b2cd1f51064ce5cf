//! Loading `assets/demo/example.json`: real public bodies, fictional
//! people, and their networks, links and interactions. Dates in the file
//! are relative to today, so follow-ups are due whenever the demo runs.

use super::centre_for;
use crate::model::{Date, Kind, INTERACTION_KINDS, ORG_KINDS, RELATIONSHIP_TYPES};
use crate::places::{self, Nation, Place};
use crate::store::{StoreError, Writer};
use crate::topics;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The example data, compiled into the binary.
pub const EXAMPLE_JSON: &str = include_str!("../../assets/demo/example.json");

/// Why the example data could not be loaded: a mistake in the shipped file
/// (tests load it, so users should never see one) or a store failure.
#[derive(Debug, thiserror::Error)]
pub enum ExampleError {
    /// The file does not parse.
    #[error("the example data is not valid: {0}")]
    Parse(#[from] serde_json::Error),
    /// An entry refers to something the file does not have.
    #[error("the example data is not valid: {0}")]
    Reference(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The example file.
#[derive(Debug, Deserialize)]
pub struct Example {
    organisations: Vec<Organisation>,
    networks: Vec<Network>,
    people: Vec<Person>,
    #[serde(default)]
    affiliations: Vec<Affiliation>,
    #[serde(default)]
    memberships: Vec<Membership>,
    #[serde(default)]
    relationships: Vec<Relationship>,
    #[serde(default)]
    interactions: Vec<Interaction>,
}

#[derive(Debug, Deserialize)]
struct Organisation {
    name: String,
    alt_name: Option<String>,
    kind: String,
    place: Option<String>,
    nation: Option<String>,
    website: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Network {
    name: String,
    convenor: Option<String>,
    #[serde(default)]
    nations: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Person {
    name: String,
    alt_name: Option<String>,
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
    role: Option<String>,
    org: Option<String>,
    place: Option<String>,
    nation: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    networks: Vec<String>,
    note: Option<String>,
    legal_basis: Option<String>,
    #[serde(default)]
    private: bool,
}

#[derive(Debug, Deserialize)]
struct Affiliation {
    person: String,
    org: String,
    role: Option<String>,
    from: Option<String>,
    until: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Membership {
    member: String,
    network: String,
    role: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Relationship {
    from: String,
    to: String,
    #[serde(rename = "type")]
    relationship: String,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Interaction {
    days_ago: i64,
    kind: String,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    orgs: Vec<String>,
    note: Option<String>,
    follow_up_in_days: Option<i64>,
}

/// Ids of what has been loaded, by name, so later entries can refer to it.
#[derive(Default)]
struct Names {
    ids: HashMap<String, String>,
}

impl Names {
    fn id(&self, name: &str) -> Result<&str, ExampleError> {
        self.ids
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| ExampleError::Reference(format!("nothing is called \"{name}\"")))
    }
}

/// What the example holds, parsed.
pub fn parse_example() -> Result<Example, ExampleError> {
    Ok(serde_json::from_str(EXAMPLE_JSON)?)
}

/// Writes the example data into a store, dating interactions from `today`,
/// and gives the ids of the organisations loaded, by name.
pub fn load_example(
    writer: &mut Writer<'_>,
    today: Date,
) -> Result<HashMap<String, String>, ExampleError> {
    let example = parse_example()?;
    let mut names = Names::default();
    for organisation in &example.organisations {
        load_organisation(writer, &mut names, organisation)?;
    }
    for person in &example.people {
        load_person(writer, &mut names, person)?;
    }
    for network in &example.networks {
        load_network(writer, &mut names, network)?;
    }
    load_links(writer, &names, &example)?;
    for interaction in &example.interactions {
        load_interaction(writer, &names, interaction, today)?;
    }
    writer.act_as(None);
    let organisations = example
        .organisations
        .iter()
        .filter_map(|organisation| {
            let id = names.ids.get(&organisation.name)?;
            Some((organisation.name.clone(), id.clone()))
        })
        .collect();
    Ok(organisations)
}

fn text(value: &str) -> Value {
    Value::String(value.to_string())
}

fn push_text(fields: &mut Vec<(&'static str, Value)>, name: &'static str, value: &Option<String>) {
    if let Some(value) = value {
        fields.push((name, text(value)));
    }
}

/// The place and nation fields for a place name and nation slug.
fn place_fields(
    fields: &mut Vec<(&'static str, Value)>,
    place: &Option<String>,
    nation: &Option<String>,
) -> Result<Option<Nation>, ExampleError> {
    let invalid = |error: places::PlaceError| ExampleError::Reference(error.to_string());
    let mut resolved = nation
        .as_deref()
        .map(Nation::parse)
        .transpose()
        .map_err(invalid)?;
    if let Some(place) = place {
        match places::resolve(place).map_err(invalid)? {
            Place::Authority(authority) => {
                fields.push(("place", text(authority.code)));
                resolved = Some(authority.nation);
            }
            Place::Nation(nation) => resolved = Some(nation),
        }
    }
    if let Some(nation) = resolved {
        fields.push(("nation", text(nation.slug())));
    }
    Ok(resolved)
}

fn topic_list(names: &[String]) -> Result<Value, ExampleError> {
    let resolved = names
        .iter()
        .map(|name| topics::resolve(name, &[]).map(Value::String))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| ExampleError::Reference(error.to_string()))?;
    Ok(Value::Array(resolved))
}

fn load_organisation(
    writer: &mut Writer<'_>,
    names: &mut Names,
    organisation: &Organisation,
) -> Result<(), ExampleError> {
    let kind = ORG_KINDS.read(&organisation.kind).ok_or_else(|| {
        ExampleError::Reference(format!("unknown organisation type {}", organisation.kind))
    })?;
    let mut fields = vec![("name", text(&organisation.name)), ("type", text(kind))];
    push_text(&mut fields, "alt_name", &organisation.alt_name);
    push_text(&mut fields, "website", &organisation.website);
    push_text(&mut fields, "note", &organisation.note);
    let nation = place_fields(&mut fields, &organisation.place, &organisation.nation)?;
    fields.push(("topics", topic_list(&organisation.topics)?));
    writer.act_as(Some(centre_for(nation, &organisation.name)));
    let id = writer.create(Kind::Organisation, &fields)?;
    names.ids.insert(organisation.name.clone(), id);
    Ok(())
}

fn load_person(
    writer: &mut Writer<'_>,
    names: &mut Names,
    person: &Person,
) -> Result<(), ExampleError> {
    let mut fields = vec![("name", text(&person.name))];
    push_text(&mut fields, "alt_name", &person.alt_name);
    push_text(&mut fields, "role", &person.role);
    push_text(&mut fields, "note", &person.note);
    fields.push(("emails", json!(person.emails)));
    if !person.phones.is_empty() {
        fields.push(("phones", json!(person.phones)));
    }
    let nation = place_fields(&mut fields, &person.place, &person.nation)?;
    fields.push(("topics", topic_list(&person.topics)?));
    if let Some(basis) = &person.legal_basis {
        fields.push(("legal_basis", text(basis)));
    }
    if person.private {
        fields.push(("private", Value::Bool(true)));
    }
    writer.act_as(Some(centre_for(nation, &person.name)));
    let id = writer.create(Kind::Person, &fields)?;
    if let Some(organisation) = &person.org {
        let organisation = names.id(organisation)?.to_string();
        let role: Vec<(&str, Value)> = person
            .role
            .iter()
            .map(|role| ("role", text(role)))
            .collect();
        writer.link(Kind::Affiliation, (&id, &organisation, ""), &role)?;
    }
    names.ids.insert(person.name.clone(), id);
    Ok(())
}

fn load_network(
    writer: &mut Writer<'_>,
    names: &mut Names,
    network: &Network,
) -> Result<(), ExampleError> {
    let mut fields = vec![("name", text(&network.name))];
    push_text(&mut fields, "note", &network.note);
    if let Some(convenor) = &network.convenor {
        fields.push(("convenor", text(names.id(convenor)?)));
    }
    let nations = network
        .nations
        .iter()
        .map(|nation| Nation::parse(nation).map(|nation| text(nation.slug())))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| ExampleError::Reference(error.to_string()))?;
    let first_nation = nations
        .first()
        .and_then(Value::as_str)
        .and_then(|n| Nation::parse(n).ok());
    fields.push(("nations", Value::Array(nations)));
    fields.push(("topics", topic_list(&network.topics)?));
    writer.act_as(Some(centre_for(first_nation, &network.name)));
    let id = writer.create(Kind::Network, &fields)?;
    names.ids.insert(network.name.clone(), id);
    Ok(())
}

fn load_links(
    writer: &mut Writer<'_>,
    names: &Names,
    example: &Example,
) -> Result<(), ExampleError> {
    for person in &example.people {
        let person_id = names.id(&person.name)?;
        for network in &person.networks {
            writer.link(Kind::Membership, (person_id, names.id(network)?, ""), &[])?;
        }
    }
    for membership in &example.memberships {
        let ends = (
            names.id(&membership.member)?,
            names.id(&membership.network)?,
            "",
        );
        let role: Vec<(&str, Value)> = membership
            .role
            .iter()
            .map(|role| ("role", text(role)))
            .collect();
        writer.link(Kind::Membership, ends, &role)?;
    }
    for affiliation in &example.affiliations {
        let mut fields = Vec::new();
        push_text(&mut fields, "role", &affiliation.role);
        push_text(&mut fields, "from", &affiliation.from);
        push_text(&mut fields, "until", &affiliation.until);
        let ends = (
            names.id(&affiliation.person)?,
            names.id(&affiliation.org)?,
            "",
        );
        writer.link(Kind::Affiliation, ends, &fields)?;
    }
    for relationship in &example.relationships {
        let kind = RELATIONSHIP_TYPES
            .read(&relationship.relationship)
            .ok_or_else(|| {
                ExampleError::Reference(format!(
                    "unknown relationship {}",
                    relationship.relationship
                ))
            })?;
        let mut fields = Vec::new();
        push_text(&mut fields, "note", &relationship.note);
        let ends = (
            names.id(&relationship.from)?,
            names.id(&relationship.to)?,
            kind,
        );
        writer.link(Kind::Relationship, ends, &fields)?;
    }
    Ok(())
}

fn load_interaction(
    writer: &mut Writer<'_>,
    names: &Names,
    interaction: &Interaction,
    today: Date,
) -> Result<(), ExampleError> {
    let kind = INTERACTION_KINDS.read(&interaction.kind).ok_or_else(|| {
        ExampleError::Reference(format!("unknown interaction kind {}", interaction.kind))
    })?;
    let parties = interaction
        .people
        .iter()
        .chain(&interaction.orgs)
        .map(|name| names.id(name).map(text))
        .collect::<Result<Vec<_>, _>>()?;
    let date = today.add_days(-interaction.days_ago);
    let mut fields = vec![
        ("type", text(kind)),
        ("date", text(&date.to_string())),
        ("parties", Value::Array(parties)),
    ];
    push_text(&mut fields, "note", &interaction.note);
    if let Some(days) = interaction.follow_up_in_days {
        fields.push((
            "follow_up",
            text(&today.add_days(days).max(date).to_string()),
        ));
    }
    writer.create(Kind::Interaction, &fields)?;
    Ok(())
}
