//! Finding the same person or organisation entered twice, often by two
//! Centres, and merging the two so that the merge itself syncs.
//!
//! A merge is made of ordinary changes: the kept record takes the other's
//! missing fields and list entries, the other's links and interactions are
//! moved to it, and the other is deleted with a `merged_into` field naming
//! the kept one. Those changes travel like any others. The record kept is
//! always the one with the smaller id (ids are time-ordered, so the one
//! entered first), so two Centres merging the same pair, in either order,
//! keep the same record and converge. The kept record notes each fold in a
//! `merged_from/<id>` field, so that erasing either record erases both.

use crate::model::{Kind, Record};
use crate::store::{Result, Store, StoreError, Writer, MERGED_FROM_PREFIX, MERGED_INTO};
use crate::text::fold;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Two live records that look like the same person or organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Duplicate {
    /// The record a merge would keep (the smaller id).
    pub keep: Record,
    /// The record a merge would fold into it.
    pub fold: Record,
    /// Why they look alike: `same name` or `same email`.
    pub reason: &'static str,
}

/// What a merge did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergeOutcome {
    /// The id of the record kept.
    pub kept: String,
    /// The id of the record folded into it and deleted.
    pub folded: String,
    /// Fields the kept record took from the other.
    pub fields_taken: Vec<String>,
    /// Links moved to the kept record.
    pub links_moved: usize,
    /// Interactions whose parties now name the kept record.
    pub interactions_moved: usize,
}

/// Pairs of live people, and of live organisations, that share a name
/// (ignoring case and accents) or, for people, an email address.
pub fn find_duplicates(store: &Store) -> Result<Vec<Duplicate>> {
    let mut found = Vec::new();
    for kind in [Kind::Person, Kind::Organisation] {
        let records = store.records_of(kind)?;
        pairs_by(&records, "same name", name_keys, &mut found);
        if kind == Kind::Person {
            pairs_by(&records, "same email", email_keys, &mut found);
        }
    }
    found.sort_by(|a, b| (&a.keep.id, &a.fold.id).cmp(&(&b.keep.id, &b.fold.id)));
    found.dedup_by(|a, b| a.keep.id == b.keep.id && a.fold.id == b.fold.id);
    Ok(found)
}

fn name_keys(record: &Record) -> Vec<String> {
    record.text("name").map(fold).into_iter().collect()
}

fn email_keys(record: &Record) -> Vec<String> {
    record
        .list("emails")
        .into_iter()
        .map(|email| email.trim().to_lowercase())
        .collect()
}

/// Adds a pair for every two records that share a key.
fn pairs_by(
    records: &[Record],
    reason: &'static str,
    keys: fn(&Record) -> Vec<String>,
    found: &mut Vec<Duplicate>,
) {
    let mut by_key: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    for record in records {
        for key in keys(record).into_iter().filter(|key| !key.is_empty()) {
            by_key.entry(key).or_default().push(record);
        }
    }
    for group in by_key.values() {
        for (index, first) in group.iter().enumerate() {
            for second in &group[index + 1..] {
                let (keep, fold) = ordered(first, second);
                let (keep, fold) = (keep.clone(), fold.clone());
                found.push(Duplicate { keep, fold, reason });
            }
        }
    }
}

fn ordered<'a>(first: &'a Record, second: &'a Record) -> (&'a Record, &'a Record) {
    if first.id <= second.id {
        (first, second)
    } else {
        (second, first)
    }
}

/// Merges two live records of the same kind: the one with the smaller id
/// is kept, whichever way round they are given.
pub fn merge_pair(writer: &mut Writer<'_>, first: &str, second: &str) -> Result<MergeOutcome> {
    let (first, second) = (writer.live(first)?, writer.live(second)?);
    if first.id == second.id || first.kind != second.kind || !mergeable(first.kind) {
        return Err(StoreError::Invalid(format!(
            "only two different people, or two different organisations, can be merged; \
             these are a {} and a {}",
            first.kind, second.kind
        )));
    }
    let (keep, fold) = ordered(&first, &second);
    let fields_taken = take_fields(writer, keep, fold)?;
    let links_moved = move_links(writer, &keep.id, &fold.id)?;
    let interactions_moved = move_parties(writer, &keep.id, &fold.id)?;
    let folded_from = format!("{MERGED_FROM_PREFIX}{}", fold.id);
    writer.set(&keep.id, &folded_from, Value::Bool(true))?;
    writer.set(&fold.id, MERGED_INTO, Value::String(keep.id.clone()))?;
    writer.delete(&fold.id)?;
    Ok(MergeOutcome {
        kept: keep.id.clone(),
        folded: fold.id.clone(),
        fields_taken,
        links_moved,
        interactions_moved,
    })
}

fn mergeable(kind: Kind) -> bool {
    matches!(kind, Kind::Person | Kind::Organisation)
}

/// Gives the kept record every field it lacks, and every list entry of the
/// other's it lacks; its own values stand where both have one.
fn take_fields(writer: &mut Writer<'_>, keep: &Record, fold: &Record) -> Result<Vec<String>> {
    let mut taken = Vec::new();
    for (name, theirs) in &fold.fields {
        // The folded record's own merges come along (an erasure must still
        // find them), but not its deletion, privacy or merged_into.
        if matches!(name.as_str(), "deleted" | "private" | MERGED_INTO) {
            continue;
        }
        let ours = keep.fields.get(name).map(|field| &field.value);
        if let Some(value) = combined(ours, &theirs.value) {
            writer.set(&keep.id, name, value)?;
            taken.push(name.clone());
        }
    }
    Ok(taken)
}

/// The value the kept record should take, if it should change: the other's
/// where ours is missing or empty, or the union of two lists.
fn combined(ours: Option<&Value>, theirs: &Value) -> Option<Value> {
    let is_empty = |value: &Value| match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    };
    match (ours, theirs) {
        (_, theirs) if is_empty(theirs) => None,
        (None, theirs) => Some(theirs.clone()),
        (Some(ours), theirs) if is_empty(ours) => Some(theirs.clone()),
        (Some(Value::Array(ours)), Value::Array(theirs)) => {
            let missing: Vec<&Value> = theirs.iter().filter(|item| !ours.contains(item)).collect();
            (!missing.is_empty())
                .then(|| Value::Array(ours.iter().chain(missing).cloned().collect()))
        }
        _ => None,
    }
}

/// Re-makes each live link of the folded record on the kept one, with the
/// same fields, and deletes the old link. A link that would join the kept
/// record to itself is only deleted.
fn move_links(writer: &mut Writer<'_>, keep: &str, fold: &str) -> Result<usize> {
    let links = live_links_touching(writer, fold)?;
    let mut moved = 0;
    for link in links {
        let (Some(source), Some(target)) = (link.source.as_deref(), link.target.as_deref()) else {
            continue;
        };
        let swap = |end: &str| {
            if end == fold {
                keep.to_string()
            } else {
                end.to_string()
            }
        };
        let (source, target) = (swap(source), swap(target));
        if source != target && writer.live(&source).is_ok() && writer.live(&target).is_ok() {
            let fields: Vec<(&str, Value)> = link
                .fields
                .iter()
                .filter(|(name, _)| name.as_str() != "deleted")
                .map(|(name, field)| (name.as_str(), field.value.clone()))
                .collect();
            let link_type = link.link_type.as_deref().unwrap_or("");
            writer.link(link.kind, (&source, &target, link_type), &fields)?;
            moved += 1;
        }
        writer.delete(&link.id)?;
    }
    Ok(moved)
}

fn live_links_touching(writer: &Writer<'_>, id: &str) -> Result<Vec<Record>> {
    let mut links = Vec::new();
    for link_id in writer.links_touching(id)? {
        if let Ok(link) = writer.live(&link_id) {
            links.push(link);
        }
    }
    Ok(links)
}

/// Names the kept record instead of the folded one in every interaction.
fn move_parties(writer: &mut Writer<'_>, keep: &str, fold: &str) -> Result<usize> {
    let interactions = writer.interactions_with(fold)?;
    for interaction in &interactions {
        let record = writer.live(interaction)?;
        let mut parties: Vec<Value> = Vec::new();
        for party in record.list("parties") {
            let party = Value::String(if party == fold { keep } else { party }.to_string());
            if !parties.contains(&party) {
                parties.push(party);
            }
        }
        writer.set(interaction, "parties", Value::Array(parties))?;
    }
    Ok(interactions.len())
}
