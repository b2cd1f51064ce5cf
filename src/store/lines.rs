//! Records as lines of canonical JSON, written straight from SQL: what a
//! sync file's body holds. Each line is exactly the text of
//! [`super::record_json`] for the record, but no [`Record`](crate::model::Record)
//! is built: field values are stored as canonical JSON already, and the
//! rest is copied and escaped as it is read. Exporting 100,000 people this
//! way costs a fraction of reading them as records.

use super::{Result, Store};
use rusqlite::Row;

/// Every record with every field, in id order and each record's fields in
/// name order: the order of the lines and of the keys within them. The
/// primary keys of both tables give this order without sorting.
const ALL_ROWS: &str = "SELECT r.id, r.kind, r.created_by, r.created_at, r.source_id, \
     r.target_id, r.link_type, r.erased_at IS NOT NULL, f.name, f.value, f.centre, f.stamp \
     FROM record r LEFT JOIN field f ON f.record_id = r.id ORDER BY r.id, f.name";

/// What [`Store::write_record_lines`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineCount {
    /// Records written.
    pub records: u64,
    /// Of those, records deleted or erased.
    pub gone: u64,
}

/// The record whose line is being written.
#[derive(Default)]
struct Current {
    id: String,
    /// The keys that sort after `fields`, already written out.
    tail: Vec<u8>,
    /// Whether a field has been written yet, for the commas.
    has_fields: bool,
    deleted: bool,
    erased: bool,
}

impl Store {
    /// Appends to `out` one line of canonical JSON for each record whose id
    /// `keep` accepts, in id order, tombstones and erasures included.
    pub fn write_record_lines(
        &self,
        mut keep: impl FnMut(&str) -> bool,
        out: &mut Vec<u8>,
    ) -> Result<LineCount> {
        let mut statement = self.connection.prepare(ALL_ROWS)?;
        let mut rows = statement.query([])?;
        let mut count = LineCount::default();
        let mut current: Option<Current> = None;
        let mut skipping: Option<String> = None;
        while let Some(row) = rows.next()? {
            let id = text(row, 0)?;
            if skipping.as_deref() == Some(id) {
                continue;
            }
            if current.as_ref().is_none_or(|record| record.id != id) {
                if let Some(done) = current.take() {
                    finish(done, out, &mut count);
                }
                if !keep(id) {
                    skipping = Some(id.to_string());
                    continue;
                }
                skipping = None;
                current = Some(start(row, out)?);
            }
            if let Some(record) = current.as_mut() {
                add_field(row, record, out)?;
            }
        }
        if let Some(done) = current.take() {
            finish(done, out, &mut count);
        }
        Ok(count)
    }
}

/// Writes the keys before `fields` and keeps those after it for the end.
fn start(row: &Row<'_>, out: &mut Vec<u8>) -> Result<Current> {
    let mut record = Current {
        id: text(row, 0)?.to_string(),
        erased: row.get(7)?,
        ..Current::default()
    };
    out.extend_from_slice(b"{\"created_at\":");
    string(out, text(row, 3)?);
    out.extend_from_slice(b",\"created_by\":");
    string(out, text(row, 2)?);
    if record.erased {
        out.extend_from_slice(b",\"erased\":true");
    }
    out.extend_from_slice(b",\"fields\":{");
    let tail = &mut record.tail;
    tail.extend_from_slice(b"},\"id\":");
    string(tail, &record.id);
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

/// Writes one field of the current record, if the row holds one.
fn add_field(row: &Row<'_>, record: &mut Current, out: &mut Vec<u8>) -> Result<()> {
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
    out.extend_from_slice(b",\"stamp\":");
    string(out, text(row, 11)?);
    // The store keeps every value as the canonical JSON serde_json prints.
    out.extend_from_slice(b",\"value\":");
    out.extend_from_slice(value.as_bytes());
    out.push(b'}');
    record.deleted |= name == "deleted" && value == "true";
    Ok(())
}

/// Closes the current record's line and counts it.
fn finish(record: Current, out: &mut Vec<u8>, count: &mut LineCount) {
    out.extend_from_slice(&record.tail);
    count.records += 1;
    count.gone += u64::from(record.deleted || record.erased);
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
                writer.erase(&sian)
            })
            .unwrap();
        let records = store.all_records().unwrap();
        let expected: String = records
            .iter()
            .map(|record| format!("{}\n", record_json(record)))
            .collect();
        let mut lines = Vec::new();
        let count = store.write_record_lines(|_| true, &mut lines).unwrap();
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
        let mut lines = Vec::new();
        let count = store
            .write_record_lines(|id| id == ids[1], &mut lines)
            .unwrap();
        let expected = record_json(&store.get(&ids[1]).unwrap().unwrap());
        assert_eq!(String::from_utf8(lines).unwrap(), format!("{expected}\n"));
        assert_eq!(count.records, 1);
    }
}
