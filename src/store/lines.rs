//! Records as lines of canonical JSON, written straight from SQL: what a
//! sync file's body holds. Each line is exactly the text of
//! [`super::record_json`] for the record, but no [`Record`](crate::model::Record)
//! is built: field values are stored as canonical JSON already, and the
//! rest is copied and escaped as it is read. Exporting 100,000 people this
//! way costs a fraction of reading them as records.
//!
//! The same pass keeps an outline of every record (what it is, what it
//! joins, the few fields that decide whether it is shared), so that an
//! export reads the store once: it writes every line, chooses from the
//! outlines, and keeps the lines of the records chosen.

use super::read::{kind_of, Outline};
use super::{Result, Store};
use rusqlite::Row;
use std::collections::BTreeMap;

/// Every record with every field, in id order and each record's fields in
/// name order: the order of the lines and of the keys within them. The
/// primary keys of both tables give this order without sorting.
const ALL_ROWS: &str = "SELECT r.id, r.kind, r.created_by, r.created_at, r.source_id, \
     r.target_id, r.link_type, r.erased_at IS NOT NULL, f.name, f.value, f.centre, f.stamp, \
     f.seen FROM record r LEFT JOIN field f ON f.record_id = r.id ORDER BY r.id, f.name";

/// How many lines of records were kept, and how many of them gone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineCount {
    /// Records written.
    pub records: u64,
    /// Of those, records deleted or erased.
    pub gone: u64,
}

/// Every record of a store as a line, with its outline: what
/// [`Store::record_lines`] reads.
#[derive(Debug, Default)]
pub struct RecordLines {
    /// The lines, one after another, in id order.
    text: Vec<u8>,
    /// Each record's outline, in id order.
    pub outlines: Vec<Outline>,
    /// Where each record's line ends in `text`.
    ends: Vec<usize>,
    /// Whether each record is deleted or erased.
    gone: Vec<bool>,
}

impl RecordLines {
    /// The lines of the records kept (`kept` holds a flag for each
    /// outline, in order), in id order, and how many they are.
    pub fn keep(self, kept: Vec<bool>) -> (Vec<u8>, LineCount) {
        let count = LineCount {
            records: kept.iter().filter(|kept| **kept).count() as u64,
            gone: kept
                .iter()
                .zip(&self.gone)
                .filter(|(kept, gone)| **kept && **gone)
                .count() as u64,
        };
        if kept.iter().all(|kept| *kept) {
            return (self.text, count);
        }
        let mut text = Vec::new();
        let mut start = 0;
        for (end, kept) in self.ends.iter().zip(kept) {
            if kept {
                text.extend_from_slice(&self.text[start..*end]);
            }
            start = *end;
        }
        (text, count)
    }
}

/// The record whose line is being written.
struct Current {
    /// The keys that sort after `fields`, already written out.
    tail: Vec<u8>,
    /// Whether a field has been written yet, for the commas.
    has_fields: bool,
    deleted: bool,
    outline: Outline,
}

impl Store {
    /// Every record as one line of canonical JSON, in id order, tombstones
    /// and erasures included, each with its outline holding the values of
    /// the fields named in `deciding`: one pass over the store.
    pub fn record_lines(&self, deciding: &[&str]) -> Result<RecordLines> {
        let mut statement = self.connection.prepare(ALL_ROWS)?;
        let mut rows = statement.query([])?;
        let mut lines = RecordLines::default();
        let mut current: Option<Current> = None;
        while let Some(row) = rows.next()? {
            let id = text(row, 0)?;
            if current
                .as_ref()
                .is_none_or(|record| record.outline.id != id)
            {
                if let Some(done) = current.take() {
                    finish(done, &mut lines);
                }
                current = Some(start(row, &mut lines.text)?);
            }
            if let Some(record) = current.as_mut() {
                add_field(row, record, deciding, &mut lines.text)?;
            }
        }
        if let Some(done) = current.take() {
            finish(done, &mut lines);
        }
        Ok(lines)
    }
}

/// Writes the keys before `fields` and keeps those after it for the end.
fn start(row: &Row<'_>, out: &mut Vec<u8>) -> Result<Current> {
    let optional = |index| -> Result<Option<String>> { Ok(row.get(index)?) };
    let mut record = Current {
        outline: Outline {
            id: text(row, 0)?.to_string(),
            kind: kind_of(text(row, 1)?)?,
            erased: row.get(7)?,
            source: optional(4)?,
            target: optional(5)?,
            fields: BTreeMap::new(),
        },
        tail: Vec::new(),
        has_fields: false,
        deleted: false,
    };
    out.extend_from_slice(b"{\"created_at\":");
    string(out, text(row, 3)?);
    out.extend_from_slice(b",\"created_by\":");
    string(out, text(row, 2)?);
    if record.outline.erased {
        out.extend_from_slice(b",\"erased\":true");
    }
    out.extend_from_slice(b",\"fields\":{");
    let tail = &mut record.tail;
    tail.extend_from_slice(b"},\"id\":");
    string(tail, &record.outline.id);
    tail.extend_from_slice(b",\"kind\":");
    string(tail, text(row, 1)?);
    for (key, index) in [("source", 4), ("target", 5), ("type", 6)] {
        if let Some(value) = row.get_ref(index)?.as_str_or_null().map_err(from_sql)? {
            tail.extend_from_slice(b",\"");
            tail.extend_from_slice(key.as_bytes());
            tail.extend_from_slice(b"\":");
            string(tail, value);
        }
    }
    tail.extend_from_slice(b"}\n");
    Ok(record)
}

/// Writes one field of the current record, if the row holds one, and
/// keeps its value in the outline if it is among `deciding`.
fn add_field(
    row: &Row<'_>,
    record: &mut Current,
    deciding: &[&str],
    out: &mut Vec<u8>,
) -> Result<()> {
    let Some(name) = row.get_ref(8)?.as_str_or_null().map_err(from_sql)? else {
        return Ok(());
    };
    let value = text(row, 9)?;
    if record.has_fields {
        out.push(b',');
    }
    record.has_fields = true;
    string(out, name);
    out.extend_from_slice(b":{\"centre\":");
    string(out, text(row, 10)?);
    // Keys in sorted order, as `record_json` has them: centre, seen (only
    // when its setter had seen values before it; the column holds the
    // list's JSON as a line has it), stamp, value.
    let seen = text(row, 12)?;
    if !seen.is_empty() {
        out.extend_from_slice(b",\"seen\":");
        out.extend_from_slice(seen.as_bytes());
    }
    out.extend_from_slice(b",\"stamp\":");
    string(out, text(row, 11)?);
    // The store keeps every value as the canonical JSON serde_json prints.
    out.extend_from_slice(b",\"value\":");
    out.extend_from_slice(value.as_bytes());
    out.push(b'}');
    record.deleted |= name == "deleted" && value == "true";
    if deciding.contains(&name) {
        let parsed = serde_json::from_str(value).map_err(|error| {
            super::StoreError::Invalid(format!("field {name} holds bad JSON: {error}"))
        })?;
        record.outline.fields.insert(name.to_string(), parsed);
    }
    Ok(())
}

/// Closes the current record's line and keeps its outline.
fn finish(record: Current, lines: &mut RecordLines) {
    lines.text.extend_from_slice(&record.tail);
    lines.ends.push(lines.text.len());
    lines.gone.push(record.deleted || record.outline.erased);
    lines.outlines.push(record.outline);
}

/// Writes `text` as a JSON string, escaped exactly as serde_json does.
fn string(out: &mut Vec<u8>, text: &str) {
    // Writing a string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

/// Borrows the text of column `index`.
fn text<'row>(row: &'row Row<'_>, index: usize) -> Result<&'row str> {
    Ok(row.get_ref(index)?.as_str().map_err(from_sql)?)
}

fn from_sql(error: rusqlite::types::FromSqlError) -> rusqlite::Error {
    rusqlite::Error::from(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::store::record_json;
    use serde_json::json;

    #[test]
    fn lines_are_the_canonical_json_of_each_record() {
        let mut store = Store::in_memory("EEF").unwrap();
        store
            .write(|writer| {
                let name = json!("Siân \"Sioni\" Jones\u{7}\\");
                let sian = writer.create(Kind::Person, &[("name", name)])?;
                let fields = [("name", json!("Dan")), ("topics", json!(["a", "b"]))];
                let dan = writer.create(Kind::Person, &fields)?;
                let gone = writer.create(Kind::Person, &[("name", json!("Gone"))])?;
                let org = writer.create(Kind::Organisation, &[])?;
                writer.link(Kind::Relationship, (&sian, &dan, "knows"), &[])?;
                writer.link(
                    Kind::Affiliation,
                    (&dan, &org, ""),
                    &[("role", json!(null))],
                )?;
                writer.delete(&gone)?;
                writer.erase(&sian)?;
                // A value set over another store's, so that it lists what
                // its setter had seen.
                let mut stamp = writer.tick();
                stamp.store = "another-store".to_string();
                let theirs = crate::model::FieldValue {
                    value: json!("From WCPP"),
                    centre: "WCPP".to_string(),
                    stamp,
                    seen: Vec::new(),
                };
                writer.put_field(&dan, "note", &theirs)?;
                writer.set(&dan, "note", json!("Ours"))
            })
            .unwrap();
        let records = store.all_records().unwrap();
        let fields = records.iter().flat_map(|record| record.fields.values());
        assert_eq!(fields.filter(|field| !field.seen.is_empty()).count(), 1);
        let expected: String = records
            .iter()
            .map(|record| format!("{}\n", record_json(record)))
            .collect();
        let all = store.record_lines(&["name", "topics"]).unwrap();
        let outlines = store.outlines(&["name", "topics"]).unwrap();
        assert_eq!(all.outlines, outlines);
        let kept = vec![true; all.outlines.len()];
        let (lines, count) = all.keep(kept);
        assert_eq!(String::from_utf8(lines).unwrap(), expected);
        assert_eq!(count.records, records.len() as u64);
        let gone = records.iter().filter(|record| record.is_gone()).count();
        assert_eq!(count.gone, gone as u64);
    }

    #[test]
    fn only_the_records_kept_are_written() {
        let mut store = Store::in_memory("EEF").unwrap();
        let ids = store
            .write(|writer| {
                let one = writer.create(Kind::Person, &[("name", json!("One"))])?;
                let two = writer.create(Kind::Person, &[("name", json!("Two"))])?;
                Ok([one, two])
            })
            .unwrap();
        let all = store.record_lines(&[]).unwrap();
        let kept = all
            .outlines
            .iter()
            .map(|outline| outline.id == ids[1])
            .collect();
        let (lines, count) = all.keep(kept);
        let expected = record_json(&store.get(&ids[1]).unwrap().unwrap());
        assert_eq!(String::from_utf8(lines).unwrap(), format!("{expected}\n"));
        assert_eq!(count.records, 1);
    }
}
