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
//! Into a store that holds nothing, the records can also come part by part
//! as a file is read (`start_stream`, `stream_part`, `finish_stream`; see
//! `sync::streamed`): the indexes stay dropped until the last part, and
//! the texts each part is written with are worked out beforehand on the
//! thread that read it.
//!
//! The result is exactly what [`Writer::ensure_row`] and
//! [`Writer::put_fields`] would leave for each record in turn (the merge
//! tests compare the two ways), provided the records are new and are bound
//! to no erased record, which the caller checks.

use super::Writer;
use crate::model::{Kind, Record, Stamp};
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

/// What a record's row is written with that is not in the record as such.
struct RowTexts {
    created_at: String,
    /// As `cache_name` and `cache_deleted` would set them.
    name_key: Option<String>,
    deleted: bool,
}

impl RowTexts {
    fn of(record: &Record, stamps: &mut StampTexts) -> RowTexts {
        let value = |name: &str| record.fields.get(name).map(|field| &field.value);
        RowTexts {
            created_at: stamps.text(&record.created_at),
            name_key: value("name").and_then(Value::as_str).map(fold),
            deleted: value("deleted") == Some(&Value::Bool(true)),
        }
    }
}

/// A record's row as it is bound.
struct RowValues<'r> {
    record: &'r Record,
    kind: &'static str,
    /// The source, target and type, kept only for a record with both
    /// ends, as `ensure_row` keeps them.
    ends: (Option<&'r str>, Option<&'r str>, Option<&'r str>),
    texts: &'r RowTexts,
}

impl<'r> RowValues<'r> {
    fn of(record: &'r Record, texts: &'r RowTexts) -> RowValues<'r> {
        let ends = match (record.source.as_deref(), record.target.as_deref()) {
            (Some(source), Some(target)) => {
                let link_type = record.link_type.as_deref().filter(|text| !text.is_empty());
                (Some(source), Some(target), link_type)
            }
            _ => (None, None, None),
        };
        RowValues {
            record,
            kind: record.kind.as_str(),
            ends,
            texts,
        }
    }
}

/// What a field's row is written with that is not in the field as such.
struct FieldTexts {
    value: String,
    stamp: String,
    /// What its setter had seen, as the column keeps it.
    seen: String,
}

/// A field's row as it is bound.
struct FieldValues<'r> {
    record_id: &'r str,
    name: &'r str,
    centre: &'r str,
    texts: &'r FieldTexts,
}

/// The texts that the rows and fields of some records are written with,
/// worked out ahead on the thread that read the records, so that the
/// thread writing them only binds them.
pub struct PartTexts {
    rows: Vec<RowTexts>,
    fields: Vec<FieldTexts>,
    /// The latest stamp the records carry, which the clock moves past.
    latest: Option<Stamp>,
}

impl PartTexts {
    /// The texts of `records`, in order.
    pub fn of(records: &[Record]) -> PartTexts {
        let records: Vec<&Record> = records.iter().collect();
        let stamps = records.iter().flat_map(|record| {
            let fields = record.fields.values().map(|field| &field.stamp);
            fields.chain(std::iter::once(&record.created_at))
        });
        PartTexts {
            rows: row_texts(&records),
            fields: field_texts(&records),
            latest: stamps.max().cloned(),
        }
    }
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
            self.drop_indexes(&indexes)?;
            self.insert_rows(records, &row_texts(records), change)?;
            let fields = field_texts.finish();
            let entries =
                (held == Some(0)).then(|| Beside::start(scope, many, || NewEntries::of(records)));
            self.insert_field_rows(records, &fields, change)?;
            self.build_indexes(&indexes)?;
            // In a store that held no rows, whatever links to a new
            // record is new too, and marks its own source.
            self.after_received(records, held != Some(0))?;
            // Marking anything after this drops these entries again.
            self.new_entries = entries.map(Beside::finish);
            Ok(())
        })
    }

    /// Starts writing records into a store that holds no rows, part by
    /// part as a file is read, so that writing need not wait for the whole
    /// file. Each part goes in through [`Writer::stream_part`], and
    /// [`Writer::finish_stream`] ends the stream with every record
    /// streamed; until then the store's secondary indexes are missing, so
    /// nothing else may be asked of this writer. Gives `None`, having
    /// changed nothing, if the store holds records.
    pub fn start_stream(&mut self) -> Result<Option<Stream>> {
        if !sizes::is_empty(&self.transaction)? {
            return Ok(None);
        }
        let change = self.change_number()?;
        let indexes = self.secondary_indexes()?;
        self.drop_indexes(&indexes)?;
        Ok(Some(Stream { indexes, change }))
    }

    /// Writes the rows and fields of `records`, whose texts are `texts`:
    /// records that follow those already streamed, are new, and are bound
    /// to no erased record.
    pub fn stream_part(
        &mut self,
        stream: &Stream,
        records: &[&Record],
        texts: &PartTexts,
    ) -> Result<()> {
        self.insert_rows(records, &texts.rows, stream.change)?;
        self.insert_field_rows(records, &texts.fields, stream.change)?;
        if let Some(latest) = &texts.latest {
            self.clock.observe(latest);
        }
        Ok(())
    }

    /// Ends a stream whose parts were `records`: builds the indexes again
    /// and keeps up what follows from the new rows, as
    /// [`Writer::insert_received`] would have for all of them at once.
    pub fn finish_stream(&mut self, stream: Stream, records: &[&Record]) -> Result<()> {
        let many = records.len() >= BESIDE_FROM;
        std::thread::scope(|scope| {
            // The entries are worked out while SQLite sorts the indexes.
            let entries = Beside::start(scope, many, || NewEntries::of(records));
            self.build_indexes(&stream.indexes)?;
            self.cache_received(records)?;
            self.inserted = None;
            // The clock saw each part's latest stamp as it was written, and
            // the entries know which records they cover: what
            // `after_received` would do besides is done.
            self.new_entries = Some(entries.finish());
            Ok(())
        })
    }

    fn drop_indexes(&self, indexes: &[IndexDefinition]) -> Result<()> {
        for index in indexes {
            self.transaction
                .execute_batch(&format!("DROP INDEX \"{}\"", index.name))?;
        }
        Ok(())
    }

    fn build_indexes(&self, indexes: &[IndexDefinition]) -> Result<()> {
        for index in indexes {
            self.transaction.execute_batch(&index.sql)?;
        }
        Ok(())
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

    /// Inserts the rows of `records`, whose texts are `texts`.
    fn insert_rows(&mut self, records: &[&Record], texts: &[RowTexts], change: i64) -> Result<()> {
        debug_assert_eq!(records.len(), texts.len());
        let rows: Vec<RowValues<'_>> = records
            .iter()
            .zip(texts)
            .map(|(record, texts)| RowValues::of(record, texts))
            .collect();
        let insert = Insert {
            table: "record",
            columns: &ROW_COLUMNS,
        };
        insert.rows(&self.transaction, &rows, |row, values| {
            values.extend([
                &row.record.id as &dyn ToSql,
                &row.kind,
                &row.record.created_by,
                &row.texts.created_at,
                &row.ends.0,
                &row.ends.1,
                &row.ends.2,
                &row.texts.deleted,
                &row.texts.name_key,
                &change,
            ]);
        })?;
        Ok(())
    }

    /// Inserts the fields of `records`, whose texts are `texts`, in order.
    fn insert_field_rows(
        &mut self,
        records: &[&Record],
        texts: &[FieldTexts],
        change: i64,
    ) -> Result<()> {
        let named = records.iter().flat_map(|record| {
            let id = record.id.as_str();
            record
                .fields
                .iter()
                .map(move |(name, field)| (id, name, field))
        });
        let fields: Vec<FieldValues<'_>> = named
            .zip(texts)
            .map(|((record_id, name, field), texts)| FieldValues {
                record_id,
                name,
                centre: &field.centre,
                texts,
            })
            .collect();
        let insert = Insert {
            table: "field",
            columns: &FIELD_COLUMNS,
        };
        insert.rows(&self.transaction, &fields, |field, values| {
            values.extend([
                &field.record_id as &dyn ToSql,
                &field.name,
                &field.texts.value,
                &field.centre,
                &field.texts.stamp,
                &field.texts.seen,
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

/// The texts of the rows of `records`, in order.
fn row_texts(records: &[&Record]) -> Vec<RowTexts> {
    let mut stamps = StampTexts::default();
    records
        .iter()
        .map(|record| RowTexts::of(record, &mut stamps))
        .collect()
}

/// The texts of the fields of `records`, record by record in name order.
fn field_texts(records: &[&Record]) -> Vec<FieldTexts> {
    let mut stamps = StampTexts::default();
    let fields = records.iter().flat_map(|record| record.fields.values());
    fields
        .map(|field| FieldTexts {
            value: field.value.to_string(),
            stamp: stamps.text(&field.stamp),
            seen: super::read::seen_text(field),
        })
        .collect()
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

/// Records being written part by part into a store that held no rows:
/// see [`Writer::start_stream`].
pub struct Stream {
    /// The indexes dropped until the stream ends.
    indexes: Vec<IndexDefinition>,
    /// The change number every streamed row carries.
    change: i64,
}

/// An index as the schema holds it.
struct IndexDefinition {
    name: String,
    sql: String,
}
