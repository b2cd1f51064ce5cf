//! Writing many received records that the store does not hold, all at
//! once: what importing a file into a new or a much smaller store is made
//! of.
//!
//! One record at a time, a new record costs an insert of its row, another
//! of its fields, and an update of its row for each cached field (its
//! folded name, its deletion). Here the caches are worked out before the
//! row is written, rows and fields go in a few dozen to a statement, and
//! when the new rows outnumber those already held the secondary indexes of
//! `record` are dropped and built again afterwards by sorting, which costs
//! far less than keeping them up to date row by row.
//!
//! The result is exactly what [`Writer::ensure_row`] and
//! [`Writer::put_fields`] would leave for each record in turn (the merge
//! tests compare the two ways), provided the records are new and are bound
//! to no erased record, which the caller checks.

use super::Writer;
use crate::model::{Kind, Record};
use crate::store::bulk::Insert;
use crate::store::docs::NewEntries;
use crate::store::sizes;
use crate::store::stamp_text::StampTexts;
use crate::store::Result;
use crate::text::fold;
use rusqlite::types::ToSql;
use serde_json::Value;
use std::thread::{Scope, ScopedJoinHandle};

/// From this many new records, their fields' texts and search entries are
/// worked out on a helper thread; fewer are not worth starting one.
const BESIDE_FROM: usize = 1_000;

/// Below this many new records the indexes are never rebuilt nor entries
/// built from the records: counting the rows already held would cost more
/// than either could save.
const MANY: usize = 10_000;

/// The columns of a new record row, in the order the inserts bind them.
const ROW_COLUMNS: [&str; 10] = [
    "id",
    "kind",
    "created_by",
    "created_at",
    "source_id",
    "target_id",
    "link_type",
    "deleted",
    "name_key",
    "changed_in",
];

/// The columns of a field row, in the order the inserts bind them.
const FIELD_COLUMNS: [&str; 7] = [
    "record_id",
    "name",
    "value",
    "centre",
    "stamp",
    "seen",
    "changed_in",
];

/// A record's row as it will be written: the record, and the texts that
/// are not in it as such.
struct RowTexts<'r> {
    record: &'r Record,
    kind: &'static str,
    created_at: String,
    /// The source, target and type, kept only for a record with both
    /// ends, as `ensure_row` keeps them.
    ends: (Option<&'r str>, Option<&'r str>, Option<&'r str>),
    name_key: Option<String>,
    deleted: bool,
}

impl<'r> RowTexts<'r> {
    fn of(record: &'r Record, stamps: &mut StampTexts) -> RowTexts<'r> {
        let value = |name: &str| record.fields.get(name).map(|field| &field.value);
        let ends = match (record.source.as_deref(), record.target.as_deref()) {
            (Some(source), Some(target)) => {
                let link_type = record.link_type.as_deref().filter(|text| !text.is_empty());
                (Some(source), Some(target), link_type)
            }
            _ => (None, None, None),
        };
        RowTexts {
            record,
            kind: record.kind.as_str(),
            created_at: stamps.text(&record.created_at),
            ends,
            // As `cache_name` and `cache_deleted` would set them.
            name_key: value("name").and_then(Value::as_str).map(fold),
            deleted: value("deleted") == Some(&Value::Bool(true)),
        }
    }
}

/// A field's row as it will be written.
struct FieldTexts<'r> {
    record_id: &'r str,
    name: &'r str,
    value: String,
    centre: &'r str,
    stamp: String,
    /// What its setter had seen, as the column keeps it.
    seen: String,
}

impl Writer<'_> {
    /// Writes `records`, which the store does not hold and which are bound
    /// to no erased record, as merging them one by one would: rows, fields,
    /// the caches derived from fields, the clock, and the search entries
    /// to rebuild at commit.
    pub fn insert_received(&mut self, records: &[&Record]) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let change = self.change_number()?;
        // Only many new rows are worth counting those already held.
        let held = match records.len() {
            new if new >= MANY => Some(sizes::row_count(&self.transaction)?),
            _ => None,
        };
        let indexes = match held {
            Some(held) if held <= records.len() => self.secondary_indexes()?,
            _ => Vec::new(),
        };
        // SQLite writes on one core; the fields' texts, and the search
        // entries, are worked out on another meanwhile.
        let many = records.len() >= BESIDE_FROM;
        std::thread::scope(|scope| {
            let field_texts = Beside::start(scope, many, || field_texts(records));
            for index in &indexes {
                self.transaction
                    .execute_batch(&format!("DROP INDEX \"{}\"", index.name))?;
            }
            self.insert_rows(records, change)?;
            let fields = field_texts.finish();
            let entries =
                (held == Some(0)).then(|| Beside::start(scope, many, || NewEntries::of(records)));
            self.insert_field_rows(&fields, change)?;
            for index in &indexes {
                self.transaction.execute_batch(&index.sql)?;
            }
            // In a store that held no rows, whatever links to a new
            // record is new too, and marks its own source.
            self.after_received(records, held != Some(0))?;
            // Marking anything after this drops these entries again.
            self.new_entries = entries.map(Beside::finish);
            Ok(())
        })
    }

    /// Keeps up what follows from new rows: the caches of parties and
    /// follow-ups, the clock, and the search entries to rebuild. Records
    /// already held may link to the new ones only if `others_held`.
    fn after_received(&mut self, records: &[&Record], others_held: bool) -> Result<()> {
        self.cache_received(records)?;
        for record in records {
            self.observe_received(record);
            self.mark_received_dirty(record, others_held)?;
        }
        // The rows are in the store now; a later change to one of them
        // reads it back like any other.
        self.inserted = None;
        Ok(())
    }

    /// The secondary indexes of `record`, to drop while many rows go in
    /// and build again after, which costs less than keeping them up to
    /// date when the new rows at least match those already held. Their
    /// definitions are read from the schema, so that an index a later
    /// migration adds is rebuilt just as it was made.
    fn secondary_indexes(&self) -> Result<Vec<IndexDefinition>> {
        let mut statement = self.transaction.prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'record' \
             AND sql IS NOT NULL ORDER BY name",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(IndexDefinition {
                name: row.get(0)?,
                sql: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn insert_rows(&mut self, records: &[&Record], change: i64) -> Result<()> {
        let mut stamps = StampTexts::default();
        let rows: Vec<RowTexts<'_>> = records
            .iter()
            .map(|record| RowTexts::of(record, &mut stamps))
            .collect();
        let insert = Insert {
            table: "record",
            columns: &ROW_COLUMNS,
        };
        insert.rows(&self.transaction, &rows, |row, values| {
            let record = row.record;
            values.extend([
                &record.id as &dyn ToSql,
                &row.kind,
                &record.created_by,
                &row.created_at,
                &row.ends.0,
                &row.ends.1,
                &row.ends.2,
                &row.deleted,
                &row.name_key,
                &change,
            ]);
        })?;
        Ok(())
    }

    fn insert_field_rows(&mut self, fields: &[FieldTexts<'_>], change: i64) -> Result<()> {
        let insert = Insert {
            table: "field",
            columns: &FIELD_COLUMNS,
        };
        insert.rows(&self.transaction, fields, |field, values| {
            values.extend([
                &field.record_id as &dyn ToSql,
                &field.name,
                &field.value,
                &field.centre,
                &field.stamp,
                &field.seen,
                &change,
            ]);
        })?;
        Ok(())
    }

    /// The `party` and `follow_up` rows of the new records, as
    /// `after_field_change` would write them.
    fn cache_received(&mut self, records: &[&Record]) -> Result<()> {
        for record in records {
            if let Some(parties) = record.fields.get("parties") {
                self.cache_parties(&record.id, &parties.value)?;
            }
            let touches_follow_up = ["follow_up", "follow_up_done", "deleted"]
                .iter()
                .any(|name| record.fields.contains_key(name));
            if record.kind == Kind::Interaction && touches_follow_up {
                self.cache_follow_up(record)?;
            }
        }
        Ok(())
    }

    /// Moves the clock past every stamp a new record carries.
    fn observe_received(&mut self, record: &Record) {
        self.clock.observe(&record.created_at);
        for field in record.fields.values() {
            self.clock.observe(&field.stamp);
        }
    }

    /// Marks the search entries a new record shows in, and, for a named
    /// organisation or network, those of the records already held that
    /// link to it (a new link marks its source itself).
    fn mark_received_dirty(&mut self, record: &Record, others_held: bool) -> Result<()> {
        let source = record.source.as_deref().filter(|_| record.target.is_some());
        self.mark_dirty(&record.id, record.kind, source);
        let renames = ["name", "alt_name", "deleted"]
            .iter()
            .any(|name| record.fields.contains_key(name));
        if renames && others_held {
            self.mark_dependants_dirty(&record.id, record.kind)?;
        }
        Ok(())
    }
}

/// The rows of the fields of `records`, in order.
fn field_texts<'r>(records: &[&'r Record]) -> Vec<FieldTexts<'r>> {
    let mut stamps = StampTexts::default();
    let mut fields = Vec::new();
    for record in records {
        for (name, field) in &record.fields {
            fields.push(FieldTexts {
                record_id: &record.id,
                name,
                value: field.value.to_string(),
                centre: &field.centre,
                stamp: stamps.text(&field.stamp),
                seen: super::read::seen_text(field),
            });
        }
    }
    fields
}

/// Work done on a helper thread while SQLite writes, when there is enough
/// of it to be worth a thread, or else done at once.
enum Beside<'scope, T> {
    Done(T),
    Running(ScopedJoinHandle<'scope, T>),
}

impl<'scope, T: Send + 'scope> Beside<'scope, T> {
    fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        many: bool,
        work: impl FnOnce() -> T + Send + 'scope,
    ) -> Beside<'scope, T> {
        if many {
            Beside::Running(scope.spawn(work))
        } else {
            Beside::Done(work())
        }
    }

    /// What the work gave; a panic on the helper thread goes on here.
    fn finish(self) -> T {
        match self {
            Beside::Done(value) => value,
            Beside::Running(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        }
    }
}

/// An index as the schema holds it.
struct IndexDefinition {
    name: String,
    sql: String,
}
