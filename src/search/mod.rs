//! Finding records as the user types: the index behind the screen and the
//! matching behind `kith search`, which share one scoring code.
//!
//! A record is seen as a [`SearchDoc`] of short fields. Each field is
//! matched on its own (fuzzy, with fzf's operators, see [`Query`]) and the
//! best field per term counts, weighted so that names outrank organisations
//! outrank the rest. Fields many records share (organisations, places,
//! topics) are scored once per query; see `values`. When the fuzzy pass
//! finds few good matches, a second pass also forgives typos in words.
//!
//! [`Index`] keeps everything in memory for the screen;
//! `crate::store::search_index` keeps the same documents in SQLite for the
//! command line, which cannot afford to load them all.

mod filter;
mod folding;
mod index;
pub(crate) mod packed;
mod query;
mod rank;
mod score;
mod typo;
mod values;

pub use index::Index;
pub use query::{Operator, Query, Term};

pub(crate) use filter::FilterCheck;
pub(crate) use folding::Masks;
pub(crate) use rank::{Ranked, TopK};
use score::FieldText;
pub(crate) use score::{split_list, DocView, Scorer, LIST_SEPARATOR};
pub(crate) use values::{Slot, ValueRef, ValueTable};

use crate::model::Kind;
use folding::{fold_with_map, initials};

/// What search sees of one record: short fields, scored separately.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchDoc {
    /// The record's id, a UUID in text.
    pub id: String,
    /// Person, organisation or network.
    pub kind: Kind,
    /// "Siân Lloyd", "Education Endowment Foundation".
    pub name: String,
    /// An alternative (often Welsh) name; may be empty.
    pub alt_name: String,
    /// For a person, the organisations they are affiliated with.
    pub organisations: Vec<String>,
    /// "Director"; may be empty.
    pub role: String,
    /// The local authority, "Cardiff"; may be empty.
    pub place: String,
    /// Its Welsh name, "Caerdydd"; may be empty.
    pub place_alt: String,
    /// Its GSS code, "W06000015"; may be empty.
    pub place_code: String,
    /// "england", "scotland", "wales", "northern-ireland" or empty.
    pub nation: String,
    /// Canonical topic names: "homelessness", "children's social care".
    pub topics: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Ids of the networks the record belongs to.
    pub networks: Vec<String>,
    /// Names of those networks, in the same order.
    pub network_names: Vec<String>,
}

impl SearchDoc {
    /// An entry with an id, a kind and a name, every other field empty.
    pub fn new(id: impl Into<String>, kind: Kind, name: impl Into<String>) -> SearchDoc {
        SearchDoc {
            id: id.into(),
            kind,
            name: name.into(),
            alt_name: String::new(),
            organisations: Vec::new(),
            role: String::new(),
            place: String::new(),
            place_alt: String::new(),
            place_code: String::new(),
            nation: String::new(),
            topics: Vec::new(),
            emails: Vec::new(),
            networks: Vec::new(),
            network_names: Vec::new(),
        }
    }
}

/// Narrows a search before anything is scored. Empty or `None` parts do
/// not narrow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Kinds of record wanted; empty means all.
    pub kinds: Vec<Kind>,
    /// A nation, as in [`SearchDoc::nation`].
    pub nation: Option<String>,
    /// A GSS place code.
    pub place_code: Option<String>,
    /// A topic name, compared folded.
    pub topic: Option<String>,
    /// A network id.
    pub network: Option<String>,
}

/// A field of a [`SearchDoc`], naming which item of a list field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// [`SearchDoc::name`].
    Name,
    /// [`SearchDoc::alt_name`].
    AltName,
    /// An item of [`SearchDoc::organisations`].
    Organisation(usize),
    /// [`SearchDoc::role`].
    Role,
    /// [`SearchDoc::place`].
    Place,
    /// [`SearchDoc::place_alt`].
    PlaceAlt,
    /// [`SearchDoc::nation`].
    Nation,
    /// An item of [`SearchDoc::topics`].
    Topic(usize),
    /// An item of [`SearchDoc::emails`].
    Email(usize),
    /// An item of [`SearchDoc::network_names`].
    Network(usize),
}

/// One record found, best first in the results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The record's id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Higher is better; only comparable within one search.
    pub score: i64,
    /// For each field that matched, the indices of the characters (not
    /// bytes) of the field's original text that matched, for bolding.
    pub highlights: Vec<(Field, Vec<usize>)>,
}

/// Below this many good matches, a second pass also forgives typos. One
/// good match is enough to skip it: the pass costs a second scan, and what
/// it adds (words a letter or two away) would rank below that match anyway.
const FEW_GOOD_MATCHES: usize = 1;

/// Runs `scan` with the query's scorer and, if it finds few good matches
/// and typos could be forgiven, again with typos forgiven. Returns the
/// scorer of the pass whose results are returned, for highlighting.
pub(crate) fn scan_with_fallback<Handle: Eq, Error>(
    query: &Query,
    values: &ValueTable,
    mut scan: impl FnMut(&Scorer) -> Result<TopK<Handle>, Error>,
) -> Result<(Scorer, Vec<Ranked<Handle>>), Error> {
    let scorer = Scorer::new(query, values, false);
    let found = scan(&scorer)?;
    if found.good >= FEW_GOOD_MATCHES || !Scorer::could_tolerate_typos(query) {
        return Ok((scorer, found.into_sorted()));
    }
    let forgiving = Scorer::new(query, values, true);
    let found = scan(&forgiving)?;
    Ok((forgiving, found.into_sorted()))
}

/// The shared values of `doc`, numbered by `intern`, in field order.
pub(crate) fn doc_values(
    doc: &SearchDoc,
    mut intern: impl FnMut(Slot, &str) -> u32,
) -> Vec<ValueRef> {
    let mut values = Vec::new();
    for (field, slot, text) in shared_fields(doc) {
        if !text.is_empty() {
            let id = intern(slot, text);
            values.push(ValueRef {
                slot,
                position: list_position(field),
                id,
            });
        }
    }
    values
}

/// The position a field holds in its list, or 0 for single fields.
fn list_position(field: Field) -> u16 {
    match field {
        Field::Organisation(index)
        | Field::Topic(index)
        | Field::Email(index)
        | Field::Network(index) => u16::try_from(index).unwrap_or(u16::MAX),
        _ => 0,
    }
}

/// The fields of `doc` kept as shared values.
fn shared_fields(doc: &SearchDoc) -> Vec<(Field, Slot, &str)> {
    let mut fields = listed(&doc.organisations, Field::Organisation, Slot::Organisation);
    fields.push((Field::Role, Slot::Role, doc.role.as_str()));
    fields.push((Field::Place, Slot::Place, doc.place.as_str()));
    fields.push((Field::PlaceAlt, Slot::PlaceAlt, doc.place_alt.as_str()));
    fields.push((Field::Nation, Slot::Nation, doc.nation.as_str()));
    fields.extend(listed(&doc.topics, Field::Topic, Slot::Topic));
    fields.extend(listed(
        &doc.network_names,
        Field::Network,
        Slot::NetworkName,
    ));
    fields
}

/// The items of a list field, each named by its position.
fn listed(items: &[String], field: fn(usize) -> Field, slot: Slot) -> Vec<(Field, Slot, &str)> {
    let numbered = items.iter().enumerate();
    numbered
        .map(|(index, item)| (field(index), slot, item.as_str()))
        .collect()
}

/// Every matchable field of `doc`: its own and its shared ones.
fn all_fields(doc: &SearchDoc) -> Vec<(Field, Slot, &str)> {
    let mut fields = vec![(Field::Name, Slot::Name, doc.name.as_str())];
    fields.push((Field::AltName, Slot::AltName, doc.alt_name.as_str()));
    for (index, email) in doc.emails.iter().enumerate() {
        fields.push((Field::Email(index), Slot::Email, email.as_str()));
    }
    fields.extend(shared_fields(doc));
    fields
}

/// Puts a shared value read back from storage into its field of `doc`.
pub(crate) fn fill_value(doc: &mut SearchDoc, slot: Slot, text: &str) {
    let text = text.to_string();
    match slot {
        Slot::Organisation => doc.organisations.push(text),
        Slot::Role => doc.role = text,
        Slot::Place => doc.place = text,
        Slot::PlaceAlt => doc.place_alt = text,
        Slot::Nation => doc.nation = text,
        Slot::Topic => doc.topics.push(text),
        Slot::NetworkName => doc.network_names.push(text),
        Slot::Name | Slot::AltName | Slot::Email => {}
    }
}

/// Makes a hit of `doc`, marking where the scorer's terms matched.
pub(crate) fn hit(scorer: &Scorer, doc: &SearchDoc, score: i64) -> Hit {
    let highlights = if scorer.is_empty() {
        Vec::new()
    } else {
        highlights(scorer, doc)
    };
    Hit {
        id: doc.id.clone(),
        kind: doc.kind,
        score,
        highlights,
    }
}

/// The characters of `doc`'s original fields that the terms matched.
fn highlights(scorer: &Scorer, doc: &SearchDoc) -> Vec<(Field, Vec<usize>)> {
    let fields = all_fields(doc);
    let mut prepared = Vec::with_capacity(fields.len());
    let mut origins = Vec::with_capacity(fields.len());
    for (field, slot, text) in &fields {
        let (folded, origin) = fold_with_map(text);
        let wants_initials = match field {
            Field::Name => doc.kind != Kind::Person,
            _ => slot.has_initials(),
        };
        let initials = wants_initials.then(|| initials(&folded));
        prepared.push(FieldText {
            slot: *slot,
            folded,
            initials,
        });
        origins.push(origin);
    }
    let mut marked: Vec<(Field, Vec<usize>)> = Vec::new();
    for (number, positions) in scorer.best_positions(&prepared) {
        let original = positions
            .iter()
            .filter_map(|&position| origins[number].get(position).copied());
        add_marks(&mut marked, fields[number].0, original);
    }
    marked.sort_by_key(|(field, _)| *field);
    marked
}

/// Adds `positions` to the marks of `field`, keeping them sorted and unique.
fn add_marks(
    marked: &mut Vec<(Field, Vec<usize>)>,
    field: Field,
    positions: impl Iterator<Item = usize>,
) {
    let index = match marked.iter().position(|(existing, _)| *existing == field) {
        Some(index) => index,
        None => {
            marked.push((field, Vec::new()));
            marked.len() - 1
        }
    };
    let marks = &mut marked[index].1;
    marks.extend(positions);
    marks.sort_unstable();
    marks.dedup();
}

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use tests::{directory as test_directory, doc as test_doc};
