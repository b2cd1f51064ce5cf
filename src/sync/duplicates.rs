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
    /// Why they look alike: `same name`, `same email`, `same phone` or
    /// `similar name at the same organisation`.
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
/// (ignoring case and accents) or, for people, an email address or a
/// telephone number, or have similar names at the same organisation
/// (Cathy and Catherine O'Neill, Gareth Pritchard and Gareth Prichard).
pub fn find_duplicates(store: &Store) -> Result<Vec<Duplicate>> {
    let mut found = Vec::new();
    for kind in [Kind::Person, Kind::Organisation] {
        let records = store.records_of(kind)?;
        pairs_by(&records, "same name", name_keys, &mut found);
        if kind == Kind::Person {
            pairs_by(&records, "same email", email_keys, &mut found);
            pairs_by(&records, "same phone", phone_keys, &mut found);
            similar_names_at_one_organisation(store, &records, &mut found)?;
        }
    }
    found.sort_by(|a, b| (&a.keep.id, &a.fold.id).cmp(&(&b.keep.id, &b.fold.id)));
    found.dedup_by(|a, b| a.keep.id == b.keep.id && a.fold.id == b.fold.id);
    Ok(found)
}

/// The pairs to put before someone: those [`find_duplicates`] gives, with
/// the pairs dismissed in this store as not duplicates set aside.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DuplicateReview {
    /// Pairs not dismissed, in the order [`find_duplicates`] gives them.
    pub pairs: Vec<Duplicate>,
    /// Pairs found that someone here said are not duplicates.
    pub dismissed: Vec<Duplicate>,
}

/// Finds duplicates as [`find_duplicates`] does, and sets aside those that
/// [`Store::dismiss_pair`] was told are not.
pub fn duplicates_to_review(store: &Store) -> Result<DuplicateReview> {
    let dismissed = store.dismissed_pairs()?;
    let is_dismissed = |pair: &Duplicate| {
        // Pairs are found and dismissed with the smaller id first.
        dismissed.contains_key(&(pair.keep.id.clone(), pair.fold.id.clone()))
    };
    let (dismissed, pairs) = find_duplicates(store)?.into_iter().partition(is_dismissed);
    Ok(DuplicateReview { pairs, dismissed })
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

/// A telephone number's digits, written the national way (`+44 29 2018
/// 0000` and `029 2018 0000` are one number); too short a number proves
/// nothing, so it gives no key.
fn phone_keys(record: &Record) -> Vec<String> {
    record
        .list("phones")
        .into_iter()
        .map(|phone| {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            match digits.strip_prefix("44") {
                Some(rest) if phone.trim_start().starts_with('+') => format!("0{rest}"),
                _ => digits,
            }
        })
        .filter(|digits| digits.len() >= 9)
        .collect()
}

/// Pairs of people affiliated with one organisation whose names differ by
/// a nickname or a slip of the keyboard. People are compared only with
/// those sharing the organisation and the initials of both names, so the
/// work stays small in a store of a hundred thousand.
fn similar_names_at_one_organisation(
    store: &Store,
    people: &[Record],
    found: &mut Vec<Duplicate>,
) -> Result<()> {
    let mut organisations: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let affiliations = store.records_of(Kind::Affiliation)?;
    for affiliation in &affiliations {
        if let (Some(person), Some(organisation)) = (&affiliation.source, &affiliation.target) {
            organisations
                .entry(person.as_str())
                .or_default()
                .push(organisation.as_str());
        }
    }
    let mut blocks: BTreeMap<(&str, char, char), Vec<&Record>> = BTreeMap::new();
    for person in people {
        let Some((first, last)) = first_and_last_name(person) else {
            continue;
        };
        let initials = (first.chars().next(), last.chars().next());
        let (Some(first_initial), Some(last_initial)) = initials else {
            continue;
        };
        for organisation in organisations.get(person.id.as_str()).into_iter().flatten() {
            blocks
                .entry((organisation, first_initial, last_initial))
                .or_default()
                .push(person);
        }
    }
    for block in blocks.values() {
        for (index, first) in block.iter().enumerate() {
            for second in block[index + 1..]
                .iter()
                .filter(|second| names_alike(first, second))
            {
                let (keep, fold) = ordered(first, second);
                let reason = "similar name at the same organisation";
                found.push(Duplicate {
                    keep: keep.clone(),
                    fold: fold.clone(),
                    reason,
                });
            }
        }
    }
    Ok(())
}

/// A person's first and last names, folded.
fn first_and_last_name(person: &Record) -> Option<(String, String)> {
    let name = fold(person.text("name")?);
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [first, .., last] => Some((first.to_string(), last.to_string())),
        _ => None,
    }
}

/// Whether two people's names look like one name written two ways: the
/// surnames a letter apart at most, and the first names the same, one a
/// short form of the other, or sharing their first three letters.
fn names_alike(first: &Record, second: &Record) -> bool {
    let (Some((first_given, first_surname)), Some((second_given, second_surname))) =
        (first_and_last_name(first), first_and_last_name(second))
    else {
        return false;
    };
    let surnames_close = crate::text::edit_distance(&first_surname, &second_surname) <= 1;
    let shared_start = first_given
        .chars()
        .zip(second_given.chars())
        .take_while(|(a, b)| a == b);
    let given_close = first_given.starts_with(&second_given)
        || second_given.starts_with(&first_given)
        || shared_start.count() >= 3;
    surnames_close && given_close
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn person(writer: &mut Writer<'_>, name: &str, phone: &str) -> Result<String> {
        writer.create(
            Kind::Person,
            &[("name", json!(name)), ("phones", json!([phone]))],
        )
    }

    fn reasons(store: &Store) -> Vec<(String, String, &'static str)> {
        let pairs = find_duplicates(store).unwrap();
        let name = |record: &Record| record.name().to_string();
        pairs
            .iter()
            .map(|pair| (name(&pair.keep), name(&pair.fold), pair.reason))
            .collect()
    }

    #[test]
    fn nicknames_and_slips_at_one_organisation_are_paired() {
        let mut store = Store::in_memory("A").unwrap();
        store
            .write(|writer| {
                let council = writer.create(Kind::Organisation, &[("name", json!("Council"))])?;
                let others = writer.create(Kind::Organisation, &[("name", json!("Others"))])?;
                for (name, organisation) in [
                    ("Catherine O'Neill", &council),
                    ("Cathy O'Neill", &council),
                    ("Gareth Pritchard", &council),
                    ("Gareth Prichard", &council),
                    ("Gareth Pritchett", &others),
                    ("Catrin Jones", &council),
                ] {
                    let id = person(writer, name, "")?;
                    writer.link(Kind::Affiliation, (&id, organisation, ""), &[])?;
                }
                Ok(())
            })
            .unwrap();
        let found = reasons(&store);
        let similar = "similar name at the same organisation";
        assert!(found.contains(&("Catherine O'Neill".into(), "Cathy O'Neill".into(), similar)));
        assert!(found.contains(&("Gareth Pritchard".into(), "Gareth Prichard".into(), similar)));
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn a_dismissed_pair_is_set_aside_whichever_way_round_it_was_dismissed() {
        let mut store = Store::in_memory("A").unwrap();
        let (first, second) = store
            .write(|writer| {
                let first = person(writer, "Sam Adeyemi", "07700 900123")?;
                let second = person(writer, "Samuel Adeyemi", "07700 900123")?;
                Ok((first, second))
            })
            .unwrap();
        assert_eq!(duplicates_to_review(&store).unwrap().pairs.len(), 1);
        store.dismiss_pair(&second, &first).unwrap();
        let review = duplicates_to_review(&store).unwrap();
        assert!(review.pairs.is_empty());
        assert_eq!(review.dismissed.len(), 1);
        assert_eq!(find_duplicates(&store).unwrap().len(), 1);
    }

    #[test]
    fn one_number_written_two_ways_is_the_same_phone() {
        let mut store = Store::in_memory("A").unwrap();
        store
            .write(|writer| {
                person(writer, "Sam Adeyemi", "+44 7700 900123")?;
                person(writer, "Samuel Adeyemi", "07700 900123")?;
                person(writer, "Someone Else", "123")?;
                person(writer, "Another Person", "123")
            })
            .unwrap();
        let found = reasons(&store);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "same phone");
    }
}
