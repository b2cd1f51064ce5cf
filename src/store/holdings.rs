//! Whether the store already holds the records of a received file, asked
//! of all of them at once.
//!
//! Asked record by record ([`read::holding`]), each answer costs two
//! look-ups in the store. When a file carries a good share of the store,
//! as a file imported again does, one pass over every row and field in id
//! order, beside the file's records in the same order, answers them all
//! for much less. Both ways compare the same text, so they agree exactly.

use super::read;
use super::sizes;
use super::stamp_text::StampTexts;
use super::write::Holding;
use super::Result;
use crate::model::{FieldIter, Record};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};

/// Files of fewer records are answered record by record without counting
/// the store's rows.
const FEW: usize = 1_000;

/// One look-up costs about as much as passing this many rows, so a file
/// with more records than the store has rows over this is answered in one
/// pass.
const LOOKUP_TO_PASS: usize = 4;

/// Whether the store holds each of `records`, as [`read::holding`] says of
/// one.
pub(super) fn holdings(connection: &Connection, records: &[Record]) -> Result<Vec<Holding>> {
    if records.len() < FEW || records.len() * LOOKUP_TO_PASS < sizes::row_count(connection)? {
        return one_by_one(connection, records);
    }
    in_one_pass(connection, records)
}

/// Asks [`read::holding`] of each record in turn.
pub(super) fn one_by_one(connection: &Connection, records: &[Record]) -> Result<Vec<Holding>> {
    records
        .iter()
        .map(|record| read::holding(connection, record))
        .collect()
}

/// Answers every record from one pass over the rows and one over the
/// fields of the ids they span.
pub(super) fn in_one_pass(connection: &Connection, records: &[Record]) -> Result<Vec<Holding>> {
    let mut holdings = vec![Holding::Nothing; records.len()];
    let order = id_order(records);
    let (Some(first), Some(last)) = (order.first(), order.last()) else {
        return Ok(holdings);
    };
    let span = (records[*first].id.as_str(), records[*last].id.as_str());
    // Records whose row matches, whose fields are then compared.
    let same_rows = compare_rows(connection, records, &order, span, &mut holdings)?;
    compare_fields(connection, records, &same_rows, span, &mut holdings)?;
    Ok(holdings)
}

/// The positions of `records` in id order.
fn id_order(records: &[Record]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    let sorted = records.windows(2).all(|pair| pair[0].id <= pair[1].id);
    if !sorted {
        order.sort_by(|a, b| records[*a].id.cmp(&records[*b].id));
    }
    order
}

/// Marks each record whose id has a row as held otherwise, and gives, in id
/// order, those whose row is the same as theirs.
fn compare_rows(
    connection: &Connection,
    records: &[Record],
    order: &[usize],
    (first, last): (&str, &str),
    holdings: &mut [Holding],
) -> Result<Vec<usize>> {
    let mut statement = connection.prepare(
        "SELECT id, kind, created_by, created_at, source_id, target_id, link_type, \
         erased_at IS NOT NULL FROM record WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let mut rows = statement.query([first, last])?;
    let mut pending = order.iter().copied().peekable();
    let mut same_rows = Vec::new();
    let mut stamps = StampTexts::default();
    while let Some(row) = rows.next()? {
        let id = text(row.get_ref(0)?)?;
        while pending
            .next_if(|at| records[*at].id.as_str() < id)
            .is_some()
        {}
        let Some(at) = pending.next_if(|at| records[*at].id == id) else {
            continue;
        };
        holdings[at] = Holding::Otherwise;
        if same_row(row, &records[at], &mut stamps)? {
            same_rows.push(at);
        }
    }
    Ok(same_rows)
}

/// Whether a row holds what `record` would be written as, compared as
/// [`read::holding`] compares it.
fn same_row(row: &Row<'_>, record: &Record, stamps: &mut StampTexts) -> Result<bool> {
    let optional = |index: usize| -> Result<Option<&str>> {
        Ok(row
            .get_ref(index)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?)
    };
    Ok(is_text(row.get_ref(1)?, record.kind.as_str())
        && is_text(row.get_ref(2)?, &record.created_by)
        && stamps.matches(&record.created_at, text(row.get_ref(3)?)?)
        && optional(4)? == record.source.as_deref()
        && optional(5)? == record.target.as_deref()
        && optional(6)? == record.link_type.as_deref()
        && row.get::<_, bool>(7)? == record.erased)
}

/// Marks as held exactly each of `same_rows` whose fields, in name order,
/// are those of the record, value for value, Centre for Centre and stamp
/// for stamp.
fn compare_fields(
    connection: &Connection,
    records: &[Record],
    same_rows: &[usize],
    (first, last): (&str, &str),
    holdings: &mut [Holding],
) -> Result<()> {
    let mut statement = connection.prepare(
        "SELECT record_id, name, value, centre, stamp, seen FROM field \
         WHERE record_id BETWEEN ?1 AND ?2 ORDER BY record_id, name",
    )?;
    let mut rows = statement.query([first, last])?;
    let mut checks = same_rows
        .iter()
        .map(|at| FieldCheck::new(*at, &records[*at]));
    let mut current = checks.next();
    let mut texts = Texts::default();
    while let Some(row) = rows.next()? {
        let record_id = text(row.get_ref(0)?)?;
        while let Some(check) = current.take_if(|check| check.id < record_id) {
            let (at, holding) = check.finish();
            holdings[at] = holding;
            current = checks.next();
        }
        match current.as_mut() {
            Some(check) if check.id == record_id => check.compare(row, &mut texts)?,
            Some(_) => {}
            None => break,
        }
    }
    for check in current.into_iter().chain(checks) {
        let (at, holding) = check.finish();
        holdings[at] = holding;
    }
    Ok(())
}

/// The fields of one record, compared with its field rows as they pass.
struct FieldCheck<'r> {
    at: usize,
    id: &'r str,
    expected: FieldIter<'r>,
    same: bool,
}

/// What a value or a stamp is written as, kept from one field to the
/// next.
#[derive(Default)]
struct Texts {
    value: Vec<u8>,
    stamps: StampTexts,
}

impl<'r> FieldCheck<'r> {
    fn new(at: usize, record: &'r Record) -> FieldCheck<'r> {
        FieldCheck {
            at,
            id: &record.id,
            expected: record.fields.iter(),
            same: true,
        }
    }

    /// Compares the next field row of the record with its next field.
    fn compare(&mut self, row: &Row<'_>, texts: &mut Texts) -> Result<()> {
        if !self.same {
            return Ok(());
        }
        let Some((name, field)) = self.expected.next() else {
            self.same = false;
            return Ok(());
        };
        texts.value.clear();
        // Writing a JSON value into memory cannot fail.
        let _ = serde_json::to_writer(&mut texts.value, &field.value);
        self.same = is_text(row.get_ref(1)?, name)
            && is_text(row.get_ref(3)?, &field.centre)
            && row.get_ref(2)?.as_str().ok().map(str::as_bytes) == Some(texts.value.as_slice())
            && row
                .get_ref(4)?
                .as_str()
                .is_ok_and(|stamp| texts.stamps.matches(&field.stamp, stamp))
            && row
                .get_ref(5)?
                .as_str()
                .is_ok_and(|seen| super::read::seen_text(field) == seen);
        Ok(())
    }

    /// Where the record is among those asked about, and whether it is held
    /// exactly: every field matched and none is left over.
    fn finish(mut self) -> (usize, Holding) {
        let holding = if self.same && self.expected.next().is_none() {
            Holding::Exactly
        } else {
            Holding::Otherwise
        };
        (self.at, holding)
    }
}

/// Whether a column holds this text; a column of another type does not,
/// as in [`read::holding`].
fn is_text(value: ValueRef<'_>, expected: &str) -> bool {
    value.as_str() == Ok(expected)
}

fn text(value: ValueRef<'_>) -> Result<&str> {
    Ok(value.as_str().map_err(rusqlite::Error::from)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldValue, Kind, Stamp};
    use crate::store::Store;
    use proptest::prelude::*;
    use serde_json::json;

    /// A store of a few people and links, one of them erased, one deleted.
    fn store() -> Store {
        let mut store = Store::in_memory("EEF").unwrap();
        store
            .write(|writer| {
                let mut people = Vec::new();
                for number in 0..6 {
                    let fields = [
                        ("name", json!(format!("Person {number}"))),
                        ("emails", json!([format!("p{number}@example.org")])),
                    ];
                    people.push(writer.create(Kind::Person, &fields)?);
                }
                let organisation = writer.create(Kind::Organisation, &[])?;
                writer.link(Kind::Affiliation, (&people[0], &organisation, ""), &[])?;
                writer.link(Kind::Relationship, (&people[1], &people[2], "knows"), &[])?;
                writer.delete(&people[3])?;
                writer.erase(&people[4])
            })
            .unwrap();
        store
    }

    /// One way a received record may differ from the one held.
    fn change(record: &mut Record, how: usize, seed: usize) {
        let stamp = |millis: u64| Stamp {
            millis,
            counter: (seed % 3) as u32,
            store: "another-store".to_string(),
        };
        let name = record
            .fields
            .keys()
            .nth(seed % record.fields.len().max(1))
            .cloned();
        let field = name.and_then(|name| record.fields.get_mut(&name));
        match (how, field) {
            (0, _) => {}
            (1, Some(field)) => field.stamp = stamp(field.stamp.millis),
            (2, Some(field)) => field.centre.push('x'),
            (3, Some(field)) => field.value = json!(["x"]),
            (4, _) => {
                let value = FieldValue {
                    value: json!(null),
                    centre: "EEF".to_string(),
                    stamp: stamp(1),
                    seen: Vec::new(),
                };
                record.fields.insert("note".to_string(), value);
            }
            (5, _) => {
                let first = record.fields.keys().next().cloned();
                if let Some(first) = first {
                    record.fields.remove(&first);
                }
            }
            (6, _) => record.created_at = stamp(record.created_at.millis),
            (7, _) => record.created_by.push('x'),
            (8, _) => record.erased = !record.erased,
            (9, _) => record.id = format!("{}0", record.id),
            (10, _) => record.kind = Kind::Topic,
            (11, _) => record.target = Some("elsewhere".to_string()),
            (12, Some(field)) => {
                field.seen = if field.seen.is_empty() {
                    vec![stamp(seed as u64 % 5)]
                } else {
                    Vec::new()
                }
            }
            _ => {}
        }
    }

    proptest! {
        /// One pass gives what asking record by record gives, whatever
        /// part of a record differs, in whatever order they come.
        #[test]
        fn one_pass_answers_as_record_by_record(
            changes in prop::collection::vec((0..14usize, any::<usize>()), 11),
            reverse in any::<bool>(),
        ) {
            let store = store();
            let mut records = store.all_records().unwrap();
            for (record, (how, seed)) in records.iter_mut().zip(changes) {
                change(record, how, seed);
            }
            if reverse {
                records.reverse();
            }
            let connection = store.connection();
            prop_assert_eq!(
                in_one_pass(connection, &records).unwrap(),
                one_by_one(connection, &records).unwrap()
            );
        }
    }
}
