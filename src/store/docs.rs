//! Builds the search entry of a person, organisation or network from the
//! record and what is linked to it: the names of a person's organisations,
//! the networks a record belongs to, the names of its place.
//!
//! Entries are rebuilt when a transaction commits, for every record it
//! touched. A few are read record by record; many (an import, a demo store)
//! are read in two passes over the whole store, which costs about what a
//! dozen records read one by one cost per thousand records in the store.
//! Both ways build each entry with the same code, so they agree exactly.

use super::read;
use super::search_index;
use super::Result;
use crate::model::{Kind, Record};
use crate::places;
use crate::search::SearchDoc;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The fields a search entry is built from, the only ones the bulk pass
/// reads.
const ENTRY_FIELDS: [&str; 7] = [
    "name", "alt_name", "role", "place", "nation", "topics", "emails",
];

/// Below this many touched records entries are rebuilt one by one without
/// looking at the store's size.
const FEW: usize = 64;

/// Reading one entry by itself costs about this many entries' share of a
/// bulk pass; above that share, the bulk pass is cheaper.
const BULK_RATIO: usize = 16;

/// A searchable record's fields by name, values only.
type EntryFields = HashMap<String, Value>;

/// What a link from a record gives its entry: the link's kind, whether it
/// has ended, the target's id and the target's name.
struct LinkPart {
    kind: Kind,
    ended: bool,
    target: String,
    target_name: String,
}

/// Rebuilds the search entries of `ids` (removing those of records that are
/// gone or not searchable), choosing the cheaper way for their number.
pub fn refresh(connection: &Connection, ids: &HashSet<String>) -> Result<()> {
    if ids.len() >= FEW && ids.len() * BULK_RATIO >= searchable_count(connection)? {
        return refresh_in_bulk(connection, ids);
    }
    // In id order, so that entries are numbered alike however they were
    // marked.
    let mut ordered: Vec<&String> = ids.iter().collect();
    ordered.sort_unstable();
    for id in ordered {
        match search_doc(connection, id)? {
            Some(doc) => search_index::upsert(connection, &doc)?,
            None => search_index::remove(connection, id)?,
        }
    }
    Ok(())
}

/// How many records of the searchable kinds the store holds, gone or not.
fn searchable_count(connection: &Connection) -> Result<usize> {
    let count: i64 = connection.query_row(
        // `source_id IS NULL` lets the index by kind, which holds only
        // records without ends, answer.
        "SELECT count(*) FROM record \
         WHERE kind IN ('person', 'organisation', 'network') AND source_id IS NULL",
        [],
        |row| row.get(0),
    )?;
    Ok(usize::try_from(count).unwrap_or(usize::MAX))
}

/// The search entry of record `id`, or `None` if it is not a live,
/// searchable record.
pub fn search_doc(connection: &Connection, id: &str) -> Result<Option<SearchDoc>> {
    let Some(record) = read::record(connection, id)? else {
        return Ok(None);
    };
    if record.is_gone() || !Kind::SEARCHABLE.contains(&record.kind) {
        return Ok(None);
    }
    let links = read::query(
        connection,
        "r.source_id = ?1 AND r.kind IN ('affiliation', 'membership') AND r.deleted = 0 \
         AND r.erased_at IS NULL",
        &[&id],
    )?;
    let fields: EntryFields = record
        .fields
        .iter()
        .map(|(name, field)| (name.clone(), field.value.clone()))
        .collect();
    let mut doc = base_doc(&record.id, record.kind, &fields);
    for link in &links {
        if let Some(part) = link_part(connection, link)? {
            add_link(&mut doc, part);
        }
    }
    Ok(Some(doc))
}

/// What one link read as a record gives, if its target is live and named.
fn link_part(connection: &Connection, link: &Record) -> Result<Option<LinkPart>> {
    let Some(target) = link.target.as_deref() else {
        return Ok(None);
    };
    let Some(target_name) = read::live_name(connection, target)? else {
        return Ok(None);
    };
    Ok(Some(LinkPart {
        kind: link.kind,
        ended: link.text("until").is_some(),
        target: target.to_string(),
        target_name,
    }))
}

/// Rebuilds the entries of `ids` from two passes over the store: one over
/// the searchable records' fields, one over the links that show in
/// entries. Links are taken in id order, as [`search_doc`] takes them.
fn refresh_in_bulk(connection: &Connection, ids: &HashSet<String>) -> Result<()> {
    let mut records = entry_fields(connection, ids)?;
    let mut links = link_parts(connection, ids)?;
    let mut docs = Vec::with_capacity(records.len());
    let mut ordered: Vec<&String> = ids.iter().collect();
    ordered.sort_unstable();
    for id in ordered {
        let Some((kind, fields)) = records.remove(id) else {
            search_index::remove(connection, id)?;
            continue;
        };
        let mut doc = base_doc(id, kind, &fields);
        for part in links.remove(id).unwrap_or_default() {
            add_link(&mut doc, part);
        }
        docs.push(doc);
    }
    search_index::upsert_many(connection, &docs)?;
    Ok(())
}

/// The search entries of records just written to a store that held no
/// record before them, worked out from the records themselves rather than
/// read back: with nothing else in the store, everything an entry shows
/// (the record's fields, its links, their targets' names) is among them.
pub(super) struct NewEntries {
    docs: HashMap<String, SearchDoc>,
    /// The records whose entries the records received show in, as marking
    /// each of them would mark them (see [`entry_showing`]).
    shown_in: HashSet<String>,
}

impl NewEntries {
    /// The entries of the live people, organisations and networks among
    /// `records`, built as [`refresh_in_bulk`] builds them from the store.
    pub(super) fn of(records: &[&Record]) -> NewEntries {
        let mut links = new_link_parts(records);
        let docs = records
            .iter()
            .filter(|record| Kind::SEARCHABLE.contains(&record.kind) && is_live(record))
            .map(|record| {
                let fields: EntryFields = ENTRY_FIELDS
                    .iter()
                    .filter_map(|name| {
                        let field = record.fields.get(name)?;
                        Some((name.to_string(), field.value.clone()))
                    })
                    .collect();
                let mut doc = base_doc(&record.id, record.kind, &fields);
                for part in links.remove(&record.id).unwrap_or_default() {
                    add_link(&mut doc, part);
                }
                (record.id.clone(), doc)
            })
            .collect();
        let shown_in = records
            .iter()
            .filter_map(|record| {
                let source = record.source.as_deref().filter(|_| record.target.is_some());
                entry_showing(&record.id, record.kind, source)
            })
            .map(str::to_string)
            .collect();
        NewEntries { docs, shown_in }
    }

    /// The records whose entries the records received show in: what must
    /// be rebuilt from the store if these entries are given up.
    pub(super) fn into_shown_in(self) -> HashSet<String> {
        self.shown_in
    }

    /// Stores the entries of `ids`, exactly as [`refresh_in_bulk`] would
    /// after reading them back: in id order, with those that have none
    /// removed.
    pub(super) fn store(mut self, connection: &Connection, ids: &HashSet<String>) -> Result<()> {
        let mut docs = Vec::with_capacity(self.docs.len());
        let shown_in = std::mem::take(&mut self.shown_in);
        let mut ordered: Vec<&String> = ids.union(&shown_in).collect();
        ordered.sort_unstable();
        // Entries are made only for a store that held no records, so there
        // is seldom an old entry to remove: links, the most numerous
        // records, have none, and a statement each would cost seconds.
        let any_held = search_index::has_entries(connection)?;
        for id in ordered {
            match self.docs.remove(id) {
                Some(doc) => docs.push(doc),
                None if any_held => search_index::remove(connection, id)?,
                None => {}
            }
        }
        search_index::upsert_many(connection, &docs)?;
        Ok(())
    }
}

/// The record whose search entry shows record `id`, of `kind`, whose
/// source (for a link with both ends) is `source`: itself, for a person,
/// organisation or network; its source, for a link; none, for others.
pub(super) fn entry_showing<'r>(
    id: &'r str,
    kind: Kind,
    source: Option<&'r str>,
) -> Option<&'r str> {
    if Kind::SEARCHABLE.contains(&kind) {
        Some(id)
    } else {
        source.filter(|_| kind.is_link())
    }
}

/// Whether a record just received is live: not deleted (a record the
/// store has just taken as new is never erased).
fn is_live(record: &Record) -> bool {
    !record.erased && !record.flag("deleted")
}

/// What the live affiliations and memberships among `records` give the
/// entries of their sources, each source's in link id order, as
/// [`link_parts`] reads them: the target must be among the records, live,
/// and named with text.
fn new_link_parts(records: &[&Record]) -> HashMap<String, Vec<LinkPart>> {
    let names: HashMap<&str, &str> = records
        .iter()
        .filter(|record| is_live(record))
        .filter_map(|record| {
            let name = record.fields.get("name")?.value.as_str()?;
            Some((record.id.as_str(), name))
        })
        .collect();
    let mut links: Vec<&Record> = records
        .iter()
        .copied()
        .filter(|record| matches!(record.kind, Kind::Affiliation | Kind::Membership))
        .filter(|record| is_live(record))
        .collect();
    links.sort_by(|a, b| a.id.cmp(&b.id));
    let mut found: HashMap<String, Vec<LinkPart>> = HashMap::new();
    for link in links {
        let (Some(source), Some(target)) = (link.source.as_deref(), link.target.as_deref()) else {
            continue;
        };
        let Some(target_name) = names.get(target) else {
            continue;
        };
        let until = link.fields.get("until").map(|field| &field.value);
        let part = LinkPart {
            kind: link.kind,
            ended: matches!(until, Some(Value::String(until)) if !until.is_empty()),
            target: target.to_string(),
            target_name: target_name.to_string(),
        };
        found.entry(source.to_string()).or_default().push(part);
    }
    found
}

/// The kind and entry fields of every live searchable record in `ids`.
fn entry_fields(
    connection: &Connection,
    ids: &HashSet<String>,
) -> Result<HashMap<String, (Kind, EntryFields)>> {
    let names = ENTRY_FIELDS.map(|name| format!("'{name}'")).join(", ");
    let sql = format!(
        "SELECT r.id, r.kind, f.name, f.value FROM record r \
         LEFT JOIN field f ON f.record_id = r.id AND f.name IN ({names}) \
         WHERE r.kind IN ('person', 'organisation', 'network') AND r.source_id IS NULL \
         AND r.deleted = 0 AND r.erased_at IS NULL"
    );
    let mut statement = connection.prepare(&sql)?;
    let mut rows = statement.query([])?;
    let mut found: HashMap<String, (Kind, EntryFields)> = HashMap::new();
    while let Some(row) = rows.next()? {
        let id = text_of(row.get_ref(0)?)?;
        if !ids.contains(id) {
            continue;
        }
        if !found.contains_key(id) {
            let kind = read::kind_of(text_of(row.get_ref(1)?)?)?;
            found.insert(id.to_string(), (kind, EntryFields::new()));
        }
        let (Some(name), Some(value)) = (row.get::<_, Option<String>>(2)?, json_of(row, 3)?) else {
            continue;
        };
        if let Some((_, fields)) = found.get_mut(id) {
            fields.insert(name, value);
        }
    }
    Ok(found)
}

/// The parts that live affiliations and memberships from records in `ids`
/// give their entries, by source, each source's in link id order.
fn link_parts(
    connection: &Connection,
    ids: &HashSet<String>,
) -> Result<HashMap<String, Vec<LinkPart>>> {
    // The links are gathered first, in one pass over the rows, and their
    // targets then looked up: left to choose, SQLite walks the links
    // through the index of their targets, looking each up at random,
    // which takes three to four times as long.
    let mut statement = connection.prepare(
        "WITH l AS MATERIALIZED (SELECT id, kind, source_id, target_id FROM record \
             WHERE kind IN ('affiliation', 'membership') AND deleted = 0 \
             AND erased_at IS NULL) \
         SELECT l.source_id, l.kind, l.target_id, u.value, n.value FROM l \
         CROSS JOIN record t ON t.id = l.target_id AND t.deleted = 0 AND t.erased_at IS NULL \
         CROSS JOIN field n ON n.record_id = t.id AND n.name = 'name' \
         LEFT JOIN field u ON u.record_id = l.id AND u.name = 'until' \
         ORDER BY l.source_id, l.id",
    )?;
    let mut rows = statement.query([])?;
    let mut found: HashMap<String, Vec<LinkPart>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let source = text_of(row.get_ref(0)?)?;
        if !ids.contains(source) {
            continue;
        }
        // A name that is not a string shows nothing, as `live_name` says.
        let Some(Value::String(target_name)) = json_of(row, 4)? else {
            continue;
        };
        let ended = matches!(json_of(row, 3)?, Some(Value::String(until)) if !until.is_empty());
        let part = LinkPart {
            kind: read::kind_of(text_of(row.get_ref(1)?)?)?,
            ended,
            target: row.get(2)?,
            target_name,
        };
        found.entry(source.to_string()).or_default().push(part);
    }
    Ok(found)
}

/// Borrows a text column.
fn text_of(value: ValueRef<'_>) -> Result<&str> {
    Ok(value.as_str().map_err(rusqlite::Error::from)?)
}

/// Reads a column holding a field's JSON, if it is not NULL.
fn json_of(row: &rusqlite::Row<'_>, index: usize) -> Result<Option<Value>> {
    let Some(text) = row
        .get_ref(index)?
        .as_str_or_null()
        .map_err(rusqlite::Error::from)?
    else {
        return Ok(None);
    };
    serde_json::from_str(text)
        .map(Some)
        .map_err(|error| super::StoreError::Invalid(format!("a field holds bad JSON: {error}")))
}

/// The text of a field, if it is a non-empty string (as [`Record::text`]).
fn text<'a>(fields: &'a EntryFields, name: &str) -> Option<&'a str> {
    match fields.get(name) {
        Some(Value::String(text)) if !text.is_empty() => Some(text),
        _ => None,
    }
}

/// The strings of a list field (as [`Record::list`]), owned.
fn list(fields: &EntryFields, name: &str) -> Vec<String> {
    match fields.get(name) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        Some(Value::String(text)) if !text.is_empty() => vec![text.clone()],
        _ => Vec::new(),
    }
}

/// The parts of the entry that come from the record alone.
fn base_doc(id: &str, kind: Kind, fields: &EntryFields) -> SearchDoc {
    let authority = text(fields, "place").and_then(places::by_code);
    let nation = match (authority, text(fields, "nation")) {
        (Some(authority), _) => authority.nation.slug().to_string(),
        (None, Some(nation)) => nation.to_string(),
        (None, None) => String::new(),
    };
    SearchDoc {
        id: id.to_string(),
        kind,
        name: text(fields, "name").unwrap_or("(no name)").to_string(),
        alt_name: text(fields, "alt_name").unwrap_or_default().to_string(),
        organisations: Vec::new(),
        role: text(fields, "role").unwrap_or_default().to_string(),
        place: authority
            .map(|authority| authority.name.to_string())
            .unwrap_or_default(),
        place_alt: authority
            .and_then(|authority| authority.name_cy)
            .unwrap_or_default()
            .into(),
        place_code: authority
            .map(|authority| authority.code.to_string())
            .unwrap_or_default(),
        nation,
        topics: list(fields, "topics"),
        emails: list(fields, "emails"),
        networks: Vec::new(),
        network_names: Vec::new(),
    }
}

/// Adds what a link from the record contributes: the organisation of an
/// affiliation that has not ended, or the network of a membership.
fn add_link(doc: &mut SearchDoc, part: LinkPart) {
    match part.kind {
        Kind::Affiliation if !part.ended => doc.organisations.push(part.target_name),
        Kind::Membership => {
            doc.networks.push(part.target);
            doc.network_names.push(part.target_name);
        }
        _ => {}
    }
}
