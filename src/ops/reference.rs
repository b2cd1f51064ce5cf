//! Finding the one record a user means by a `REF`: an id (or the start of
//! one), an exact name, or a search that picks out a single record.

use super::{OpsError, Result};
use crate::model::{Kind, Record};
use crate::search::{Field, Filters, Query};
use crate::store::{search_index, Store};
use crate::text::fold;
use serde::Serialize;
use std::fmt;

/// A record a reference could mean, as listed when it is ambiguous.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The record's id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its name.
    pub name: String,
    /// A hint to tell it apart: organisation, role or place.
    pub detail: String,
}

impl fmt::Display for Candidate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:<12} {}", self.kind.as_str(), self.name)?;
        if !self.detail.is_empty() {
            write!(formatter, " ({})", self.detail)?;
        }
        write!(formatter, "  {}", self.id)
    }
}

/// The person, organisation or network `reference` means.
pub fn resolve(store: &Store, reference: &str) -> Result<Record> {
    resolve_among(store, reference, &Kind::SEARCHABLE)
}

/// The record of one of `kinds` that `reference` means: by id or id
/// prefix, then exact name, then a search whose best hits include exactly
/// one record whose name holds every word typed.
pub fn resolve_among(store: &Store, reference: &str, kinds: &[Kind]) -> Result<Record> {
    if reference.trim().is_empty() {
        return Err(OpsError::BadValue(
            "say which record: give a name, a search or an id (kith search lists them)".into(),
        ));
    }
    let by_id: Vec<Record> = store
        .find_by_id_fragment(reference)?
        .into_iter()
        .filter(|record| kinds.contains(&record.kind))
        .collect();
    if let Some(record) = single(reference, by_id)? {
        return Ok(record);
    }
    if let Some(record) = single(reference, store.find_by_name(kinds, reference)?)? {
        return Ok(record);
    }
    by_search(store, reference, kinds).map_err(|error| match error {
        OpsError::NotFound { .. } => gone(store, reference).unwrap_or(error),
        other => other,
    })
}

/// Why a whole id names nothing live, if it is the id of a record that was
/// merged into another, deleted or erased: a clearer answer than "no
/// record matches" to someone holding an id from an older list.
fn gone(store: &Store, reference: &str) -> Option<OpsError> {
    let record = store.get(reference.trim()).ok()??;
    if !record.is_gone() {
        return None;
    }
    let why = if record.erased {
        "was erased; nothing of it is kept".to_string()
    } else if let Some(survivor) = record.text(crate::store::MERGED_INTO) {
        let name = store
            .live(survivor)
            .map(|kept| kept.name().to_string())
            .unwrap_or_default();
        format!(
            "({}) was merged into {name} ({}); use that record instead",
            record.name(),
            crate::model::short_id(survivor)
        )
    } else {
        format!(
            "({}) was deleted; `kith show` finds only records still kept",
            record.name()
        )
    };
    Some(OpsError::Gone {
        reference: reference.trim().to_string(),
        why,
    })
}

/// The one record of `found`, an ambiguity error for several, or `None`.
fn single(reference: &str, found: Vec<Record>) -> Result<Option<Record>> {
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.into_iter().next()),
        _ => Err(OpsError::Ambiguous {
            reference: reference.to_string(),
            candidates: found.iter().map(candidate_of).collect(),
        }),
    }
}

fn by_search(store: &Store, reference: &str, kinds: &[Kind]) -> Result<Record> {
    let filters = Filters {
        kinds: kinds.to_vec(),
        ..Filters::default()
    };
    let query = Query::parse(reference);
    let hits = search_index::search(store.connection(), &query, &filters, 10)
        .map_err(|error| OpsError::Store(error.into()))?;
    let words: Vec<String> = fold(reference)
        .split_whitespace()
        .map(String::from)
        .collect();
    let on_the_name: Vec<&String> = hits
        .iter()
        .filter(|(hit, doc)| {
            matched_only_names(hit) || name_holds_words(&doc.name, &doc.alt_name, &words)
        })
        .map(|(hit, _)| &hit.id)
        .collect();
    // One record named so, and nothing else found: that is the one meant.
    // If others turned up through their organisation or place ("glasgow"
    // finds the council and the people who work there), say so instead.
    if let ([only], true) = (on_the_name.as_slice(), on_the_name.len() == hits.len()) {
        return Ok(store.live(only)?);
    }
    if on_the_name.is_empty() {
        // A record found only through its organisation, place or topics
        // is not what a REF names: "Cardiff Council" must never pick out
        // the one person who works there.
        return Err(OpsError::NotFound {
            reference: reference.to_string(),
            kinds: kinds_in_words(kinds),
        });
    }
    let candidates = hits
        .iter()
        .map(|(hit, doc)| Candidate {
            id: hit.id.clone(),
            kind: hit.kind,
            name: doc.name.clone(),
            detail: doc
                .organisations
                .first()
                .cloned()
                .unwrap_or_else(|| doc.place.clone()),
        })
        .collect();
    Err(OpsError::Ambiguous {
        reference: reference.to_string(),
        candidates,
    })
}

/// Whether the search matched the record by its name alone (perhaps
/// forgiving a typo), not by its organisation, place or topics.
fn matched_only_names(hit: &crate::search::Hit) -> bool {
    !hit.highlights.is_empty()
        && hit
            .highlights
            .iter()
            .all(|(field, _)| matches!(field, Field::Name | Field::AltName))
}

/// Whether every typed word starts a word of the name or alternative name.
fn name_holds_words(name: &str, alt_name: &str, words: &[String]) -> bool {
    let names = fold(&format!("{name} {alt_name}"));
    let name_words: Vec<&str> = names
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .collect();
    words.iter().all(|word| {
        name_words
            .iter()
            .any(|name_word| name_word.starts_with(word.as_str()))
    })
}

fn kinds_in_words(kinds: &[Kind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
    if kinds.len() > Kind::SEARCHABLE.len() {
        return "record".to_string();
    }
    match names.as_slice() {
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
        [] => "record".to_string(),
    }
}

/// How a record is listed among others.
pub fn candidate_of(record: &Record) -> Candidate {
    let detail = record
        .text("role")
        .or(record.text("type"))
        .unwrap_or_default();
    Candidate {
        id: record.id.clone(),
        kind: record.kind,
        name: record.name().to_string(),
        detail: detail.to_string(),
    }
}
