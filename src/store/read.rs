//! Reading records back: one by id, by kind, by name, and the links,
//! interactions and follow-ups around a record.

use super::write::Holding;
use super::{Result, Store, StoreError};
use crate::model::{flag_of, list_of, text_of, Date, FieldMap, FieldValue, Kind, Record, Stamp};
use crate::text::fold;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row, ToSql};
use serde::Serialize;
use std::collections::BTreeMap;

/// The columns every record query selects, in the order `read_rows` reads.
const SELECT: &str = "SELECT r.id, r.kind, r.created_by, r.created_at, r.source_id, \
     r.target_id, r.link_type, r.erased_at, f.name, f.value, f.centre, f.stamp, \
     f.seen FROM record r LEFT JOIN field f ON f.record_id = r.id";

/// A record as [`Store::outlines`] reads it: what it is, what it joins,
/// and the values of a few fields, without their provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct Outline {
    /// The record's id.
    pub id: String,
    /// What the record is.
    pub kind: Kind,
    /// Whether it was erased.
    pub erased: bool,
    /// For links, the record the link starts from.
    pub source: Option<String>,
    /// For links, the record it points to.
    pub target: Option<String>,
    /// The values of the fields asked for, by name.
    pub fields: BTreeMap<String, serde_json::Value>,
}

impl Outline {
    /// The text of a field, as [`Record::text`] gives it.
    pub fn text(&self, field: &str) -> Option<&str> {
        text_of(self.fields.get(field))
    }

    /// The strings of a list field, as [`Record::list`] gives them.
    pub fn list(&self, field: &str) -> Vec<&str> {
        list_of(self.fields.get(field))
    }

    /// Whether it must never leave this store, as [`Record::is_private`].
    pub fn is_private(&self) -> bool {
        flag_of(self.fields.get("private"))
    }
}

/// How many live records of each kind a store holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// People.
    pub people: u64,
    /// Organisations.
    pub organisations: u64,
    /// Networks.
    pub networks: u64,
    /// Affiliations, memberships and relationships together.
    pub links: u64,
    /// Interactions.
    pub interactions: u64,
    /// Follow-ups due today or earlier and not done.
    pub follow_ups_due: u64,
}

/// Reads the records selected by `filter` (a SQL condition on `r`),
/// ordered by id.
pub(super) fn query(
    connection: &Connection,
    filter: &str,
    params: &[&dyn ToSql],
) -> Result<Vec<Record>> {
    let sql = format!("{SELECT} WHERE {filter} ORDER BY r.id, f.name");
    query_sql(connection, &sql, params)
}

/// Reads the records a query of [`SELECT`]'s columns gives, ordered by id
/// and then by field name.
fn query_sql(connection: &Connection, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<Record>> {
    let mut statement = connection.prepare_cached(sql)?;
    let mut rows = statement.query(params_from_iter(params.iter()))?;
    let mut records: Vec<Record> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        if records.last().map(|record| record.id != id).unwrap_or(true) {
            records.push(record_from_row(row)?);
        }
        if let Some((name, value)) = field_from_row(row)? {
            if let Some(record) = records.last_mut() {
                record.fields.insert(name, value);
            }
        }
    }
    for record in &mut records {
        record.deleted_at = deletion_of(record);
    }
    Ok(records)
}

pub(super) fn record(connection: &Connection, id: &str) -> Result<Option<Record>> {
    Ok(query(connection, "r.id = ?1", &[&id])?.into_iter().next())
}

/// Whether the store holds `record`, comparing the text SQLite holds with
/// the text the record would be written as, so that nothing is parsed.
pub(super) fn holding(connection: &Connection, record: &Record) -> Result<Holding> {
    let mut statement = connection.prepare_cached(
        "SELECT kind, created_by, created_at, source_id, target_id, link_type, \
         erased_at IS NOT NULL FROM record WHERE id = ?1",
    )?;
    let mut rows = statement.query([&record.id])?;
    let Some(row) = rows.next()? else {
        return Ok(Holding::Nothing);
    };
    let same_row = row.get_ref(0)?.as_str() == Ok(record.kind.as_str())
        && row.get_ref(1)?.as_str() == Ok(record.created_by.as_str())
        && row.get::<_, String>(2)? == record.created_at.to_string()
        && row.get::<_, Option<String>>(3)? == record.source
        && row.get::<_, Option<String>>(4)? == record.target
        && row.get::<_, Option<String>>(5)? == record.link_type
        && row.get::<_, bool>(6)? == record.erased;
    if !same_row {
        return Ok(Holding::Otherwise);
    }
    Ok(if same_fields(connection, record)? {
        Holding::Exactly
    } else {
        Holding::Otherwise
    })
}

/// Whether the store holds exactly the fields of `record`, in name order
/// on both sides (SQLite and `FieldMap` both order names by their bytes).
fn same_fields(connection: &Connection, record: &Record) -> Result<bool> {
    let mut statement = connection.prepare_cached(
        "SELECT name, value, centre, stamp, seen FROM field WHERE record_id = ?1 \
         ORDER BY name",
    )?;
    let mut rows = statement.query([&record.id])?;
    let mut expected = record.fields.iter();
    while let Some(row) = rows.next()? {
        let Some((name, field)) = expected.next() else {
            return Ok(false);
        };
        // Compared as the text the store would write, not as JSON values.
        let (value, stamp) = (field.value.to_string(), field.stamp.to_string());
        let same = row.get_ref(0)?.as_str() == Ok(name.as_str())
            && row.get_ref(2)?.as_str() == Ok(field.centre.as_str())
            && row.get_ref(1)?.as_str() == Ok(value.as_str())
            && row.get_ref(3)?.as_str() == Ok(stamp.as_str())
            && row.get_ref(4)?.as_str() == Ok(seen_text(field).as_str());
        if !same {
            return Ok(false);
        }
    }
    Ok(expected.next().is_none())
}

/// The name of a live record, read without its other fields: search
/// entries need only the names of what a record links to.
pub(super) fn live_name(connection: &Connection, id: &str) -> Result<Option<String>> {
    let mut statement = connection.prepare_cached(
        "SELECT f.value FROM record r JOIN field f ON f.record_id = r.id AND f.name = 'name' \
         WHERE r.id = ?1 AND r.deleted = 0 AND r.erased_at IS NULL",
    )?;
    let value: Option<String> = statement.query_row([id], |row| row.get(0)).optional()?;
    Ok(value.and_then(|text| serde_json::from_str::<String>(&text).ok()))
}

pub(super) fn stamp(text: String) -> Result<Stamp> {
    text.parse()
        .map_err(|error: crate::model::StampError| StoreError::Invalid(error.to_string()))
}

/// What a field's setter had seen, from its column: a JSON list of
/// stamps, or empty for nothing.
pub(super) fn seen(text: String) -> Result<Vec<Stamp>> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let texts: Vec<String> = serde_json::from_str(&text)
        .map_err(|error| StoreError::Invalid(format!("a field's seen list is bad: {error}")))?;
    texts.into_iter().map(stamp).collect()
}

/// The column text of what a field's setter had seen: the JSON list of its
/// stamps exactly as a sync file's line has it, or empty for nothing.
pub(super) fn seen_text(field: &FieldValue) -> String {
    if field.seen.is_empty() {
        return String::new();
    }
    let texts: Vec<String> = field.seen.iter().map(Stamp::to_string).collect();
    // A list of strings always serialises.
    serde_json::to_string(&texts).unwrap_or_default()
}

/// The kind named in a record row.
pub(super) fn kind_of(text: &str) -> Result<Kind> {
    text.parse()
        .map_err(|_| StoreError::Invalid(format!("the store holds an unknown kind {text}")))
}

fn record_from_row(row: &Row<'_>) -> Result<Record> {
    let kind = kind_of(&row.get::<_, String>(1)?)?;
    Ok(Record {
        id: row.get(0)?,
        kind,
        created_by: row.get(2)?,
        created_at: stamp(row.get(3)?)?,
        source: row.get(4)?,
        target: row.get(5)?,
        link_type: row.get(6)?,
        erased: row.get::<_, Option<String>>(7)?.is_some(),
        deleted_at: None,
        fields: FieldMap::new(),
    })
}

fn field_from_row(row: &Row<'_>) -> Result<Option<(String, FieldValue)>> {
    let Some(name) = row.get::<_, Option<String>>(8)? else {
        return Ok(None);
    };
    let value_text: String = row.get(9)?;
    let value = serde_json::from_str(&value_text)
        .map_err(|error| StoreError::Invalid(format!("field {name} holds bad JSON: {error}")))?;
    let field = FieldValue {
        value,
        centre: row.get(10)?,
        stamp: stamp(row.get(11)?)?,
        seen: seen(row.get(12)?)?,
    };
    Ok(Some((name, field)))
}

/// A record is deleted when its `deleted` field is true; the stamp of that
/// field says when.
fn deletion_of(record: &Record) -> Option<Stamp> {
    record
        .fields
        .get("deleted")
        .filter(|field| field.value == serde_json::Value::Bool(true))
        .map(|field| field.stamp.clone())
}

impl Store {
    /// Every record, tombstones and erasures included, ordered by id.
    pub fn all_records(&self) -> Result<Vec<Record>> {
        query(&self.connection, "1", &[])
    }

    /// Every record in outline, tombstones and erasures included, ordered
    /// by id, with the values of only the fields named in `names`: enough
    /// to choose what to share without reading every field of every record
    /// (about a third of what reading them all as records costs).
    pub fn outlines(&self, names: &[&str]) -> Result<Vec<Outline>> {
        let marks = vec!["?"; names.len()].join(", ");
        let sql = format!(
            "SELECT r.id, r.kind, r.erased_at IS NOT NULL, r.source_id, r.target_id, \
             f.name, f.value FROM record r LEFT JOIN field f ON f.record_id = r.id \
             AND f.name IN ({marks}) ORDER BY r.id, f.name"
        );
        let mut statement = self.connection.prepare(&sql)?;
        let mut rows = statement.query(params_from_iter(names.iter()))?;
        let mut outlines: Vec<Outline> = Vec::new();
        while let Some(row) = rows.next()? {
            let id = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            if outlines.last().is_none_or(|outline| outline.id != id) {
                outlines.push(Outline {
                    id: id.to_string(),
                    kind: kind_of(&row.get::<_, String>(1)?)?,
                    erased: row.get(2)?,
                    source: row.get(3)?,
                    target: row.get(4)?,
                    fields: BTreeMap::new(),
                });
            }
            let Some(name) = row.get::<_, Option<String>>(5)? else {
                continue;
            };
            let text: String = row.get(6)?;
            let value = serde_json::from_str(&text).map_err(|error| {
                StoreError::Invalid(format!("field {name} holds bad JSON: {error}"))
            })?;
            if let Some(outline) = outlines.last_mut() {
                outline.fields.insert(name, value);
            }
        }
        Ok(outlines)
    }

    /// The live records of one kind, ordered by id.
    pub fn records_of(&self, kind: Kind) -> Result<Vec<Record>> {
        // Records without ends are found through the index by kind, which
        // holds only them; links, by a scan.
        let filter = if kind.is_link() {
            "r.kind = ?1 AND r.deleted = 0 AND r.erased_at IS NULL"
        } else {
            "r.kind = ?1 AND r.source_id IS NULL AND r.deleted = 0 AND r.erased_at IS NULL"
        };
        query(&self.connection, filter, &[&kind.as_str()])
    }

    /// The live record with this id.
    pub fn live(&self, id: &str) -> Result<Record> {
        match self.get(id)? {
            Some(record) if !record.is_gone() => Ok(record),
            _ => Err(StoreError::NotFound { id: id.to_string() }),
        }
    }

    /// Live records of the given kinds whose name is `name`, ignoring case
    /// and accents, or whose alternative name is `name` exactly (trimmed).
    pub fn find_by_name(&self, kinds: &[Kind], name: &str) -> Result<Vec<Record>> {
        let key = fold(name);
        let filter = "r.id IN (SELECT id FROM record WHERE name_key = ?1 \
                      UNION SELECT record_id FROM field WHERE name = 'alt_name' \
                      AND value = ?2) AND r.deleted = 0 AND r.erased_at IS NULL";
        let alt = serde_json::Value::String(name.trim().to_string()).to_string();
        let found = query(&self.connection, filter, &[&key, &alt])?;
        Ok(found
            .into_iter()
            .filter(|record| kinds.contains(&record.kind))
            .collect())
    }

    /// Live records whose id starts or ends with `fragment` (at least six
    /// characters of an id: the short ids kith prints are an id's end).
    pub fn find_by_id_fragment(&self, fragment: &str) -> Result<Vec<Record>> {
        let fragment = fragment.trim().to_ascii_lowercase();
        let looks_like_id =
            fragment.len() >= 6 && fragment.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if !looks_like_id {
            return Ok(Vec::new());
        }
        let upper = format!("{fragment}\u{10FFFF}");
        let ending = format!("%{fragment}");
        let filter = "((r.id >= ?1 AND r.id < ?2) OR r.id LIKE ?3) AND r.deleted = 0 \
                      AND r.erased_at IS NULL";
        query(&self.connection, filter, &[&fragment, &upper, &ending])
    }

    /// The live links from or to a record.
    pub fn links_of(&self, id: &str) -> Result<Vec<Record>> {
        let filter = "(r.source_id = ?1 OR r.target_id = ?1) AND r.deleted = 0 \
                      AND r.erased_at IS NULL";
        query(&self.connection, filter, &[&id])
    }

    /// The live interactions a record took part in, newest first.
    pub fn interactions_of(&self, id: &str) -> Result<Vec<Record>> {
        let filter = "r.id IN (SELECT interaction_id FROM party WHERE record_id = ?1) \
                      AND r.deleted = 0";
        let mut found = query(&self.connection, filter, &[&id])?;
        sort_newest_first(&mut found);
        Ok(found)
    }

    /// Interactions whose follow-up is due on or before `day` and not done,
    /// soonest first.
    pub fn follow_ups_due(&self, day: Date) -> Result<Vec<Record>> {
        let filter = "r.id IN (SELECT interaction_id FROM follow_up WHERE due <= ?1) \
                      AND r.deleted = 0";
        let mut found = query(&self.connection, filter, &[&day.to_string()])?;
        found.sort_by(|a, b| a.text("follow_up").cmp(&b.text("follow_up")));
        Ok(found)
    }

    /// The names of topics users have added.
    pub fn custom_topics(&self) -> Result<Vec<String>> {
        let topics = self.records_of(Kind::Topic)?;
        let mut names: Vec<String> = topics
            .iter()
            .filter_map(|topic| topic.text("name"))
            .map(String::from)
            .collect();
        names.sort();
        Ok(names)
    }

    /// How many live records of each kind the store holds.
    pub fn counts(&self) -> Result<Counts> {
        let mut statement = self.connection.prepare_cached(
            "SELECT kind, count(*) FROM record WHERE deleted = 0 AND erased_at IS NULL \
             GROUP BY kind",
        )?;
        let mut rows = statement.query([])?;
        let mut counts = Counts::default();
        while let Some(row) = rows.next()? {
            let (kind, count): (String, u64) = (row.get(0)?, row.get(1)?);
            match kind.as_str() {
                "person" => counts.people = count,
                "organisation" => counts.organisations = count,
                "network" => counts.networks = count,
                "interaction" => counts.interactions = count,
                "affiliation" | "membership" | "relationship" => counts.links += count,
                _ => {}
            }
        }
        counts.follow_ups_due = self.connection.query_row(
            "SELECT count(*) FROM follow_up WHERE due <= ?1",
            [Date::today().to_string()],
            |row| row.get(0),
        )?;
        Ok(counts)
    }
}

/// Orders interactions by date, newest first, then by id for stability.
fn sort_newest_first(interactions: &mut [Record]) {
    interactions.sort_by(|a, b| b.text("date").cmp(&a.text("date")).then(b.id.cmp(&a.id)));
}
