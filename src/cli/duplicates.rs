//! `kith duplicates` and `kith merge`: pairs that look like one record
//! entered twice, dismissing those that are not, and merging those that
//! are.

use super::args::DuplicatesArgs;
use super::output::{print_json, short_id};
use super::records::confirm;
use super::{Failure, Store};
use crate::model::{Kind, Record};
use crate::ops;
use crate::sync::{self, Duplicate};
use serde_json::{json, Value};

/// The kinds that can be a pair.
const PAIRED_KINDS: [Kind; 2] = [Kind::Person, Kind::Organisation];

/// `kith duplicates [--dismiss A B | --restore A B | --all]`.
pub fn run(store: &Store, args: &DuplicatesArgs, json: bool) -> Result<(), Failure> {
    if let Some(pair) = &args.dismiss {
        return dismiss(store, pair, json);
    }
    if let Some(pair) = &args.restore {
        return restore(store, pair, json);
    }
    list(store, args.all, json)
}

/// Lists the pairs not dismissed (with `all`, the dismissed ones too), and
/// says how many were left out.
fn list(store: &Store, all: bool, json: bool) -> Result<(), Failure> {
    let review = sync::duplicates_to_review(store)?;
    let dismissed: &[Duplicate] = if all { &review.dismissed } else { &[] };
    if json {
        let pairs = review.pairs.iter().map(|pair| pair_json(pair, false));
        let dismissed = dismissed.iter().map(|pair| pair_json(pair, true));
        return Ok(print_json(&pairs.chain(dismissed).collect::<Vec<_>>())?);
    }
    if review.pairs.is_empty() {
        println!("No duplicates found");
    }
    for pair in &review.pairs {
        let merge = format!("kith merge {}", ids(pair));
        println!("{}; {merge}", describe(pair));
    }
    let dates = store.dismissed_pairs()?;
    for pair in dismissed {
        let key = (pair.keep.id.clone(), pair.fold.id.clone());
        let day = dates.get(&key).map_or("", String::as_str);
        let restore = format!("kith duplicates --restore {}", ids(pair));
        println!("{}; dismissed on {day}: {restore}", describe(pair));
    }
    if !all && !review.dismissed.is_empty() {
        println!(
            "Left out {} dismissed as not duplicates; `kith duplicates --all` lists them",
            pairs(review.dismissed.len())
        );
    }
    Ok(())
}

/// `person Ann Jones (1a2b3c4d, EEF) and Ann Jones (5e6f7a8b, WCPP): same
/// name`.
fn describe(pair: &Duplicate) -> String {
    format!(
        "{} {} ({}, {}) and {} ({}, {}): {}",
        pair.keep.kind,
        pair.keep.name(),
        short_id(&pair.keep.id),
        pair.keep.created_by,
        pair.fold.name(),
        short_id(&pair.fold.id),
        pair.fold.created_by,
        pair.reason,
    )
}

/// The pair's short ids, kept record first, as the commands take them.
fn ids(pair: &Duplicate) -> String {
    format!("{} {}", short_id(&pair.keep.id), short_id(&pair.fold.id))
}

fn pair_json(pair: &Duplicate, dismissed: bool) -> Value {
    json!({
        "keep": { "id": pair.keep.id, "name": pair.keep.name() },
        "fold": { "id": pair.fold.id, "name": pair.fold.name() },
        "reason": pair.reason,
        "dismissed": dismissed,
    })
}

/// "1 pair", "2 pairs".
fn pairs(count: usize) -> String {
    if count == 1 {
        "1 pair".to_string()
    } else {
        format!("{count} pairs")
    }
}

/// `kith duplicates --dismiss A B`.
fn dismiss(store: &Store, pair: &[String], json: bool) -> Result<(), Failure> {
    let (first, second) = resolve_pair(store, pair)?;
    let added = store.dismiss_pair(&first.id, &second.id)?;
    if json {
        return Ok(print_json(&json!({
            "dismissed": [first.id, second.id],
            "already": !added,
        }))?);
    }
    let already = if added { "" } else { " (they already were)" };
    println!(
        "Dismissed {} ({}) and {} ({}) as not duplicates{already}; \
         kith duplicates will leave them out",
        first.name(),
        short_id(&first.id),
        second.name(),
        short_id(&second.id),
    );
    Ok(())
}

/// `kith duplicates --restore A B`.
fn restore(store: &Store, pair: &[String], json: bool) -> Result<(), Failure> {
    let (first, second) = resolve_pair(store, pair)?;
    if !store.restore_pair(&first.id, &second.id)? {
        return Err(Failure::usage(format!(
            "{} and {} were not dismissed; `kith duplicates --all` lists the pairs that are",
            first.name(),
            second.name()
        )));
    }
    if json {
        return Ok(print_json(&json!({ "restored": [first.id, second.id] }))?);
    }
    println!(
        "{} and {} will be suggested again while they look alike",
        first.name(),
        second.name()
    );
    Ok(())
}

/// The two records named by a pair of `REF`s: two different people, or
/// two different organisations.
fn resolve_pair(store: &Store, pair: &[String]) -> Result<(Record, Record), Failure> {
    let [first, second] = pair else {
        return Err(Failure::usage("name two records, such as --dismiss A B"));
    };
    let first = ops::resolve_among(store, first, &PAIRED_KINDS)?;
    let second = ops::resolve_among(store, second, &PAIRED_KINDS)?;
    if first.id == second.id || first.kind != second.kind {
        return Err(Failure::usage(format!(
            "a pair is two different people or two different organisations; \
             these are {} {} and {} {}",
            first.kind,
            first.name(),
            second.kind,
            second.name()
        )));
    }
    Ok((first, second))
}

/// `kith merge A B`.
pub fn merge(
    store: &mut Store,
    (first, second): (&str, &str),
    yes: bool,
    json: bool,
) -> Result<(), Failure> {
    let first = ops::resolve_among(store, first, &PAIRED_KINDS)?;
    let second = ops::resolve_among(store, second, &PAIRED_KINDS)?;
    let question = format!(
        "Merge {} ({}) and {} ({})? The one entered first is kept, and other Centres \
         will merge them too.",
        first.name(),
        short_id(&first.id),
        second.name(),
        short_id(&second.id)
    );
    confirm(&question, yes)?;
    let outcome = store.write(|writer| sync::merge_pair(writer, &first.id, &second.id))?;
    if json {
        return Ok(print_json(&outcome)?);
    }
    println!(
        "Merged into {}: {} fields taken, {} links and {} interactions moved",
        short_id(&outcome.kept),
        outcome.fields_taken.len(),
        outcome.links_moved,
        outcome.interactions_moved
    );
    Ok(())
}
