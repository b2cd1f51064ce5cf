//! Changing the store. Every change is stamped on the store's clock and
//! attributed to its Centre; a field is only overwritten by a later stamp,
//! which is the whole of the merge rule that sync builds on.

mod received;

pub use received::{PartTexts, Stream};

use super::docs;
use super::read::{self, kind_of};
use super::{Identity, Result, StoreError};
use crate::model::{link_id, new_id, seen_over, Clock, FieldValue, Kind, Record, Stamp};
use crate::text::fold;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;

/// The field a merged duplicate carries: the id of the record it was
/// folded into.
pub const MERGED_INTO: &str = "merged_into";

/// The start of the fields a record that kept a merge carries, one per
/// record folded into it: `merged_from/<id>`, set to `true`. One field per
/// fold, so that merges made at different Centres add up.
pub const MERGED_FROM_PREFIX: &str = "merged_from/";

/// One transaction's worth of changes. Dropped without commit, it changes
/// nothing.
pub struct Writer<'a> {
    transaction: Transaction<'a>,
    clock: &'a mut Clock,
    identity: &'a Identity,
    /// Records whose search entry must be rebuilt before commit.
    dirty: HashSet<String>,
    /// The Centre changes are attributed to, if not this store's own.
    acting_centre: Option<String>,
    /// The ids of erased records, read on first need: an import asks about
    /// both ends of every link, and few records are ever erased.
    erased: Option<HashSet<String>>,
    /// This transaction's change number (see `changes`), taken on its
    /// first change, so that a transaction that changes nothing writes
    /// nothing.
    change: Option<i64>,
    /// The clock as the transaction found it, saved again only if moved.
    clock_before: Stamp,
    /// The record whose row this transaction inserted last, which
    /// `put_fields` then need not read back: an import inserts a row and
    /// at once its fields.
    inserted: Option<Inserted>,
    /// How many records this transaction has erased, so that a merge can
    /// tell whether what it read of the store before may have changed.
    erasures: u64,
    /// The search entries of a large import into an empty store, built
    /// from the records received; dropped as soon as anything else is
    /// marked for rebuilding, since they may then no longer be the whole.
    new_entries: Option<docs::NewEntries>,
}

/// Whether the store holds a record, as [`Writer::holding`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holding {
    /// No record has its id.
    Nothing,
    /// Exactly this record, every field with the same value and stamp.
    Exactly,
    /// A record with its id that differs somewhere.
    Otherwise,
}

/// A record row this transaction inserted.
struct Inserted {
    id: String,
    kind: Kind,
    source: Option<String>,
    /// Whether no field has been offered to it yet: its first fields are
    /// then all new, and are written in one statement.
    fresh: bool,
    /// Whether this store created it, rather than received it: its fields
    /// are then all this store's, set over nothing from elsewhere.
    own: bool,
}

/// What `put_field` needs to know of the record a field belongs to.
struct Target {
    kind: Kind,
    source: Option<String>,
    erased: bool,
}

/// Whether a record is live, deleted or erased.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Live,
    Deleted,
    Erased,
}

/// What [`Writer::link`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkOutcome {
    /// The link's id.
    pub id: String,
    /// Whether the link is new (or had been deleted and is back).
    pub created: bool,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        transaction: Transaction<'a>,
        clock: &'a mut Clock,
        identity: &'a Identity,
    ) -> Writer<'a> {
        let clock_before = clock.last().clone();
        Writer {
            transaction,
            clock_before,
            change: None,
            inserted: None,
            erasures: 0,
            new_entries: None,
            identity,
            dirty: HashSet::new(),
            acting_centre: None,
            erased: None,
            clock,
        }
    }

    /// The store this writer changes.
    pub fn identity(&self) -> &Identity {
        self.identity
    }

    /// Attributes the following changes to another Centre, or (with `None`)
    /// to this store's own again. The example data uses this to show records
    /// as several Centres would have made them.
    pub fn act_as(&mut self, centre: Option<&str>) {
        self.acting_centre = centre.map(String::from);
    }

    fn centre(&self) -> &str {
        self.acting_centre
            .as_deref()
            .unwrap_or(&self.identity.centre)
    }

    /// Runs one statement, prepared once per connection: a large import
    /// runs the same few statements hundreds of thousands of times.
    fn run(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        Ok(self.transaction.prepare_cached(sql)?.execute(params)?)
    }

    /// This transaction's change number: one more than the last given.
    fn change_number(&mut self) -> Result<i64> {
        if let Some(change) = self.change {
            return Ok(change);
        }
        let change = super::changes::last_change(&self.transaction)? + 1;
        self.change = Some(change);
        Ok(change)
    }

    /// A fresh stamp for a change made now by this store.
    pub fn tick(&mut self) -> Stamp {
        self.clock.tick(&self.identity.store_id)
    }

    /// Reads a record inside this transaction, seeing its own changes.
    pub fn record(&self, id: &str) -> Result<Option<Record>> {
        read::record(&self.transaction, id)
    }

    /// The live record with this id, inside this transaction.
    pub fn live(&self, id: &str) -> Result<Record> {
        match self.record(id)? {
            Some(record) if !record.is_gone() => Ok(record),
            _ => Err(StoreError::NotFound { id: id.to_string() }),
        }
    }

    /// Whether a record exists and is live, deleted or erased, read cheaply
    /// (without its fields) for checks made on every link.
    fn state(&self, id: &str) -> Result<Option<State>> {
        let row: Option<(bool, Option<String>)> = self
            .transaction
            .prepare_cached("SELECT deleted, erased_at FROM record WHERE id = ?1")?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        Ok(row.map(|(deleted, erased)| match (deleted, erased) {
            (_, Some(_)) => State::Erased,
            (true, None) => State::Deleted,
            (false, None) => State::Live,
        }))
    }

    /// Creates a record of `kind` with `fields`, and gives its new id.
    pub fn create(&mut self, kind: Kind, fields: &[(&str, Value)]) -> Result<String> {
        let id = new_id();
        let stamp = self.tick();
        self.insert_row(&id, kind, (None, &stamp), None)?;
        for (name, value) in fields {
            self.put_own(&id, name, value.clone(), &stamp)?;
        }
        Ok(id)
    }

    /// Records a link of `kind` from `source` to `target` and sets its
    /// fields. The same link recorded twice is one record: its id comes from
    /// what it joins, so this updates it, or brings it back if deleted.
    pub fn link(
        &mut self,
        kind: Kind,
        (source, target, link_type): (&str, &str, &str),
        fields: &[(&str, Value)],
    ) -> Result<LinkOutcome> {
        if !kind.is_link() {
            return Err(StoreError::Invalid(format!("a {kind} is not a link")));
        }
        for end in [source, target] {
            if self.state(end)? != Some(State::Live) {
                return Err(StoreError::NotFound {
                    id: end.to_string(),
                });
            }
        }
        let id = link_id(kind, source, target, link_type);
        // A symmetric relationship (its id the same either way round) is
        // kept with its ends in order, so that every store holds it alike.
        let symmetric = link_id(kind, target, source, link_type) == id;
        let (source, target) = if symmetric && target < source {
            (target, source)
        } else {
            (source, target)
        };
        let stamp = self.tick();
        let state = self.state(&id)?;
        let created = state != Some(State::Live);
        match state {
            None => {
                let ends = Some((source, target, link_type));
                self.insert_row(&id, kind, (None, &stamp), ends)?
            }
            Some(State::Deleted) => self.put_own(&id, "deleted", Value::Bool(false), &stamp)?,
            Some(State::Live) => {}
            Some(State::Erased) => {
                return Err(StoreError::Invalid(format!("the link {id} was erased")));
            }
        }
        for (name, value) in fields {
            self.put_own(&id, name, value.clone(), &stamp)?;
        }
        Ok(LinkOutcome { id, created })
    }

    /// Sets one field of a live record to `value` (JSON null clears it).
    pub fn set(&mut self, id: &str, name: &str, value: Value) -> Result<()> {
        self.live(id)?;
        let stamp = self.tick();
        self.put_own(id, name, value, &stamp)
    }

    /// Deletes a record, leaving a tombstone that travels. Deleting a
    /// person, organisation or network deletes the links that touch it.
    pub fn delete(&mut self, id: &str) -> Result<()> {
        let record = self.live(id)?;
        let stamp = self.tick();
        self.put_own(id, "deleted", Value::Bool(true), &stamp)?;
        if !record.kind.is_link() {
            for link in self.links_touching(id)? {
                self.put_own(&link, "deleted", Value::Bool(true), &stamp)?;
            }
        }
        Ok(())
    }

    /// Erases a record at the person's request: every field goes, the
    /// links that touch it are erased too (their roles and notes are about
    /// the person), and it is dropped from every interaction. The record
    /// stays as a marker so that no older copy can bring the data back.
    pub fn erase(&mut self, id: &str) -> Result<()> {
        if self.record(id)?.is_none() {
            return Err(StoreError::NotFound { id: id.into() });
        }
        self.apply_erasure(id)
    }

    /// Applies an erasure, made here or received from another store. What
    /// it does depends only on which records are erased, never on when or
    /// where: links are erased rather than deleted with a fresh stamp, and
    /// parties lists keep their stamps, so every store that has seen the
    /// same erasures holds the same bytes. Erasing twice changes nothing.
    pub fn apply_erasure(&mut self, id: &str) -> Result<()> {
        let Some(record) = self.record(id)? else {
            return Err(StoreError::NotFound { id: id.into() });
        };
        if record.erased {
            return Ok(());
        }
        // erased_at is never printed or shared: it says when this store
        // learnt of the erasure, for whoever reads the store by hand.
        self.erasures += 1;
        let stamp = self.tick();
        let change = self.change_number()?;
        self.run(
            "UPDATE record SET erased_at = ?2, name_key = NULL, deleted = 1, changed_in = ?3 \
             WHERE id = ?1",
            params![id, stamp.to_string(), change],
        )?;
        self.inserted = None;
        self.run("DELETE FROM field WHERE record_id = ?1", [id])?;
        self.run("DELETE FROM follow_up WHERE interaction_id = ?1", [id])?;
        self.run("DELETE FROM party WHERE interaction_id = ?1", [id])?;
        if let Some(erased) = self.erased.as_mut() {
            erased.insert(id.to_string());
        }
        self.mark_dirty(id, record.kind, record.source.as_deref());
        self.dirty.insert(id.to_string());
        if !record.kind.is_link() {
            for link in self.unerased_links_touching(id)? {
                self.apply_erasure(&link)?;
            }
        }
        for same_person in self.merged_with(id)? {
            self.apply_erasure(&same_person)?;
        }
        self.drop_from_interactions(id)
    }

    /// The records a user merged with `id` (see `sync::duplicates`): the
    /// ones folded into it and the one it was folded into. They were judged
    /// the same person, so an erasure of one reaches them all.
    fn merged_with(&self, id: &str) -> Result<Vec<String>> {
        let mut statement = self.transaction.prepare_cached(
            "SELECT record_id FROM field WHERE (name = ?1 AND value = ?2) OR name = ?3",
        )?;
        let folded_into = Value::String(id.to_string()).to_string();
        let folded_from = format!("{MERGED_FROM_PREFIX}{id}");
        let rows = statement.query_map(params![MERGED_INTO, folded_into, folded_from], |row| {
            row.get(0)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the record with this id is erased here.
    pub fn is_erased(&mut self, id: &str) -> Result<bool> {
        if self.erased.is_none() {
            let mut statement = self
                .transaction
                .prepare_cached("SELECT id FROM record WHERE erased_at IS NOT NULL")?;
            let rows = statement.query_map([], |row| row.get(0))?;
            let ids = rows.collect::<rusqlite::Result<HashSet<String>>>()?;
            drop(statement);
            self.erased = Some(ids);
        }
        Ok(self
            .erased
            .as_ref()
            .is_some_and(|erased| erased.contains(id)))
    }

    /// Whether the store holds `record`, exactly or otherwise, read without
    /// building the record it holds: a repeated import asks this of every
    /// record it carries.
    pub fn holding(&self, record: &Record) -> Result<Holding> {
        read::holding(&self.transaction, record)
    }

    /// What [`Writer::holding`] says of each of `records`, asked of them
    /// all at once: in one pass over the store when they are many beside
    /// it, as when a file is imported again.
    pub fn holdings(&self, records: &[Record]) -> Result<Vec<Holding>> {
        super::holdings::holdings(&self.transaction, records)
    }

    /// How many records this transaction has erased so far. An erasure
    /// reaches other records (links, merged records, interactions), so
    /// what was read of them before it may no longer hold.
    pub fn erasures(&self) -> u64 {
        self.erasures
    }

    /// The ids of links from or to `id`, deleted or not, not yet erased.
    fn unerased_links_touching(&self, id: &str) -> Result<Vec<String>> {
        let mut statement = self.transaction.prepare_cached(
            "SELECT id FROM record WHERE (source_id = ?1 OR target_id = ?1) \
             AND erased_at IS NULL",
        )?;
        let rows = statement.query_map([id], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes an erased record's id from every interaction's parties.
    fn drop_from_interactions(&mut self, id: &str) -> Result<()> {
        let interactions: Vec<String> = {
            let mut statement = self
                .transaction
                .prepare_cached("SELECT interaction_id FROM party WHERE record_id = ?1")?;
            let rows = statement.query_map([id], |row| row.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for interaction in interactions {
            let Some(record) = self.record(&interaction)? else {
                continue;
            };
            let parties: Vec<Value> = record
                .list("parties")
                .into_iter()
                .filter(|party| *party != id)
                .map(|party| Value::String(party.to_string()))
                .collect();
            if let Some(field) = record.fields.get("parties") {
                // Keep the stamp: the list is what it was, less the erased
                // id, so every store that applies the erasure agrees.
                let mut field = field.clone();
                field.value = Value::Array(parties);
                self.write_field(&interaction, "parties", &field)?;
            }
        }
        Ok(())
    }

    /// The ids of live interactions that `id` took part in.
    pub fn interactions_with(&self, id: &str) -> Result<Vec<String>> {
        let mut statement = self.transaction.prepare_cached(
            "SELECT p.interaction_id FROM party p JOIN record r ON r.id = p.interaction_id \
             WHERE p.record_id = ?1 AND r.deleted = 0 AND r.erased_at IS NULL \
             ORDER BY p.interaction_id",
        )?;
        let rows = statement.query_map([id], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of live links from or to `id`.
    pub fn links_touching(&self, id: &str) -> Result<Vec<String>> {
        let mut statement = self.transaction.prepare_cached(
            "SELECT id FROM record WHERE (source_id = ?1 OR target_id = ?1) AND deleted = 0",
        )?;
        let rows = statement.query_map([id], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Inserts the row of a new record, created by `created_by` (this
    /// store's acting Centre if `None`) at `stamp`.
    fn insert_row(
        &mut self,
        id: &str,
        kind: Kind,
        (created_by, stamp): (Option<&str>, &Stamp),
        ends: Option<(&str, &str, &str)>,
    ) -> Result<()> {
        let (source, target, link_type) = match ends {
            Some((source, target, link_type)) => (
                Some(source),
                Some(target),
                Some(link_type).filter(|t| !t.is_empty()),
            ),
            None => (None, None, None),
        };
        let change = self.change_number()?;
        let stamp = stamp.to_string();
        let inserted = self.run(
            "INSERT INTO record (id, kind, created_by, created_at, source_id, target_id, \
             link_type, changed_in) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (id) DO NOTHING",
            params![
                id,
                kind.as_str(),
                created_by.unwrap_or(self.centre()),
                stamp,
                source,
                target,
                link_type,
                change
            ],
        )? > 0;
        let source = ends.map(|(source, _, _)| source);
        if inserted {
            self.mark_dirty(id, kind, source);
            self.inserted = Some(Inserted {
                id: id.to_string(),
                kind,
                source: source.map(String::from),
                fresh: true,
                own: created_by.is_none(),
            });
            return Ok(());
        }
        // A record received twice keeps its earliest creation, so that
        // every store agrees whichever copy it saw first.
        self.run(
            "UPDATE record SET created_by = ?2, created_at = ?3, changed_in = ?4 \
             WHERE id = ?1 AND created_at > ?3",
            params![id, created_by.unwrap_or(self.centre()), stamp, change],
        )?;
        Ok(())
    }

    /// Makes sure a record received from another store exists, creating its
    /// row if not. Where two stores made the same record (a link recorded
    /// by both), the earliest creation is kept, so every store agrees.
    pub fn ensure_row(&mut self, record: &Record) -> Result<()> {
        self.clock.observe(&record.created_at);
        let ends = record.source.as_deref().zip(record.target.as_deref());
        let ends = ends
            .map(|(source, target)| (source, target, record.link_type.as_deref().unwrap_or("")));
        let created = (Some(record.created_by.as_str()), &record.created_at);
        self.insert_row(&record.id, record.kind, created, ends)
    }

    /// Sets a field as this store's own change at `stamp`.
    fn put_own(&mut self, id: &str, name: &str, value: Value, stamp: &Stamp) -> Result<()> {
        // A record created in this transaction needs no look-up: it holds
        // only values this store set, having seen nothing before them
        // (creating many records, as the demo does, would otherwise ask
        // once a field).
        let created_here = self
            .inserted
            .as_ref()
            .is_some_and(|inserted| inserted.id == id && inserted.own);
        let seen = if created_here {
            Vec::new()
        } else {
            self.seen_over_held(id, name)?
        };
        let field = FieldValue {
            value,
            centre: self.centre().to_string(),
            stamp: stamp.clone(),
            seen,
        };
        self.put_field(id, name, &field).map(|_| ())
    }

    /// What a value set over the field `name` of `id` as held has seen:
    /// nothing if the field is not held.
    fn seen_over_held(&self, id: &str, name: &str) -> Result<Vec<Stamp>> {
        let row: Option<(String, String)> = self
            .transaction
            .prepare_cached("SELECT stamp, seen FROM field WHERE record_id = ?1 AND name = ?2")?
            .query_row([id, name], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let Some((stamp, seen)) = row else {
            return Ok(Vec::new());
        };
        Ok(seen_over(&read::stamp(stamp)?, &read::seen(seen)?))
    }

    /// Sets a field if `field` is newer than what the store holds (the
    /// last-writer-wins rule), and says whether it did. A store never
    /// issues one stamp twice, but a damaged or forged file could carry two
    /// values with the same stamp; the greater value then wins, so that
    /// every store still picks the same one. Erased records
    /// take no fields, ever. Sync applies remote changes through this.
    pub fn put_field(&mut self, id: &str, name: &str, field: &FieldValue) -> Result<bool> {
        let changed = self.put_fields(id, &[(name, Cow::Borrowed(field))])?;
        Ok(changed.first().copied().unwrap_or(false))
    }

    /// Offers several fields of one record, as [`Writer::put_field`] does
    /// one, reading the record's row once; says which were taken.
    pub fn put_fields(
        &mut self,
        id: &str,
        fields: &[(&str, Cow<'_, FieldValue>)],
    ) -> Result<Vec<bool>> {
        let target = self.target(id)?;
        if !fields.is_empty() && all_distinct(fields) && self.take_fresh(id) {
            return self.insert_fields(id, &target, fields);
        }
        fields
            .iter()
            .map(|(name, field)| self.offer_field(id, &target, name, field))
            .collect()
    }

    /// What fields of record `id` need to know of it.
    fn target(&self, id: &str) -> Result<Target> {
        if let Some(inserted) = self.inserted.as_ref().filter(|inserted| inserted.id == id) {
            return Ok(Target {
                kind: inserted.kind,
                source: inserted.source.clone(),
                erased: false,
            });
        }
        let row: Option<(Option<String>, String, Option<String>)> = self
            .transaction
            .prepare_cached("SELECT erased_at, kind, source_id FROM record WHERE id = ?1")?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        let Some((erased_at, kind, source)) = row else {
            return Err(StoreError::NotFound { id: id.to_string() });
        };
        Ok(Target {
            kind: kind_of(&kind)?,
            source,
            erased: erased_at.is_some(),
        })
    }

    /// Whether `id` is the record just inserted with no field offered yet;
    /// after this it no longer is.
    fn take_fresh(&mut self, id: &str) -> bool {
        match self.inserted.as_mut() {
            Some(inserted) if inserted.id == id && inserted.fresh => {
                inserted.fresh = false;
                true
            }
            _ => false,
        }
    }

    /// Writes the first fields of a record this transaction has just
    /// inserted, in one statement: none can be there yet, so every one is
    /// taken. An import writes most of its fields this way.
    fn insert_fields(
        &mut self,
        id: &str,
        target: &Target,
        fields: &[(&str, Cow<'_, FieldValue>)],
    ) -> Result<Vec<bool>> {
        let change = self.change_number()?;
        let texts: Vec<[String; 3]> = fields
            .iter()
            .map(|(_, field)| {
                let seen = read::seen_text(field);
                [field.value.to_string(), field.stamp.to_string(), seen]
            })
            .collect();
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(fields.len() * 7);
        for ((name, field), [value, stamp, seen]) in fields.iter().zip(&texts) {
            values.extend([
                &id as &dyn rusqlite::ToSql,
                name,
                value,
                &field.centre,
                stamp,
                seen,
            ]);
            values.push(&change);
        }
        let rows = vec!["(?, ?, ?, ?, ?, ?, ?)"; fields.len()].join(", ");
        let sql = format!(
            "INSERT INTO field (record_id, name, value, centre, stamp, seen, changed_in) \
             VALUES {rows}"
        );
        self.transaction
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        for (name, field) in fields {
            self.clock.observe(&field.stamp);
            let source = target.source.as_deref();
            self.after_field_change(id, target.kind, source, name, &field.value)?;
        }
        Ok(vec![true; fields.len()])
    }

    /// Applies the last-writer-wins rule to one field of `target`.
    fn offer_field(
        &mut self,
        id: &str,
        target: &Target,
        name: &str,
        field: &FieldValue,
    ) -> Result<bool> {
        if target.erased {
            return Ok(false);
        }
        self.clock.observe(&field.stamp);
        let change = self.change_number()?;
        let changed = self.run(
            "INSERT INTO field (record_id, name, value, centre, stamp, seen, changed_in) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (record_id, name) DO UPDATE SET value = excluded.value, \
             centre = excluded.centre, stamp = excluded.stamp, seen = excluded.seen, \
             changed_in = excluded.changed_in \
             WHERE excluded.stamp > field.stamp OR (excluded.stamp = field.stamp \
             AND (excluded.value, excluded.centre, excluded.seen) \
             > (field.value, field.centre, field.seen))",
            params![
                id,
                name,
                field.value.to_string(),
                field.centre,
                field.stamp.to_string(),
                read::seen_text(field),
                change
            ],
        )? > 0;
        if changed {
            let source = target.source.as_deref();
            self.after_field_change(id, target.kind, source, name, &field.value)?;
        }
        Ok(changed)
    }

    /// Writes a field unconditionally (used where a rule other than the
    /// stamp decides, as erasure does).
    fn write_field(&mut self, id: &str, name: &str, field: &FieldValue) -> Result<()> {
        let change = self.change_number()?;
        self.run(
            "INSERT OR REPLACE INTO field \
             (record_id, name, value, centre, stamp, seen, changed_in) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                name,
                field.value.to_string(),
                field.centre,
                field.stamp.to_string(),
                read::seen_text(field),
                change
            ],
        )?;
        let record = self
            .record(id)?
            .ok_or_else(|| StoreError::NotFound { id: id.into() })?;
        self.after_field_change(
            id,
            record.kind,
            record.source.as_deref(),
            name,
            &field.value,
        )
    }

    /// Keeps the caches that queries rely on (name key, deletion flag,
    /// parties, follow-ups) in step with the fields, and marks what the
    /// search index must rebuild. Only what changed is touched, so that
    /// loading many records stays quick.
    fn after_field_change(
        &mut self,
        id: &str,
        kind: Kind,
        source: Option<&str>,
        name: &str,
        value: &Value,
    ) -> Result<()> {
        match name {
            "name" => self.cache_name(id, value)?,
            "deleted" => self.cache_deleted(id, value)?,
            "parties" => self.cache_parties(id, value)?,
            _ => {}
        }
        let touches_follow_up = matches!(name, "follow_up" | "follow_up_done" | "deleted");
        if kind == Kind::Interaction && touches_follow_up {
            let record = self
                .record(id)?
                .ok_or_else(|| StoreError::NotFound { id: id.into() })?;
            self.cache_follow_up(&record)?;
        }
        self.mark_dirty(id, kind, source);
        if matches!(name, "name" | "alt_name" | "deleted") {
            self.mark_dependants_dirty(id, kind)?;
        }
        Ok(())
    }

    fn cache_name(&mut self, id: &str, value: &Value) -> Result<()> {
        let key = value.as_str().map(fold);
        self.transaction
            .prepare_cached("UPDATE record SET name_key = ?2 WHERE id = ?1")?
            .execute(params![id, key])?;
        Ok(())
    }

    fn cache_deleted(&mut self, id: &str, value: &Value) -> Result<()> {
        self.transaction
            .prepare_cached("UPDATE record SET deleted = ?2 WHERE id = ?1")?
            .execute(params![id, *value == Value::Bool(true)])?;
        Ok(())
    }

    fn cache_parties(&mut self, id: &str, value: &Value) -> Result<()> {
        self.run("DELETE FROM party WHERE interaction_id = ?1", [id])?;
        let parties = value.as_array().map(Vec::as_slice).unwrap_or_default();
        for party in parties.iter().filter_map(Value::as_str) {
            self.transaction
                .prepare_cached(
                    "INSERT OR IGNORE INTO party (interaction_id, record_id) VALUES (?1, ?2)",
                )?
                .execute([id, party])?;
        }
        Ok(())
    }

    fn cache_follow_up(&mut self, record: &Record) -> Result<()> {
        self.run(
            "DELETE FROM follow_up WHERE interaction_id = ?1",
            [&record.id],
        )?;
        // Gone as `Record::is_gone` says of a record read from the store,
        // worked out from the fields so that a received record agrees.
        let gone = record.flag("deleted") || record.erased;
        let open = !record.flag("follow_up_done") && !gone;
        if let (Some(due), true) = (record.text("follow_up"), open) {
            self.run(
                "INSERT INTO follow_up (interaction_id, due) VALUES (?1, ?2)",
                [&record.id, due],
            )?;
        }
        Ok(())
    }

    /// A searchable record's entry shows itself; a link shows in its
    /// source's entry (a person's organisations, a member's networks).
    fn mark_dirty(&mut self, id: &str, kind: Kind, source: Option<&str>) {
        self.give_up_new_entries();
        let shown_in = docs::entry_showing(id, kind, source);
        if let Some(shown_in) = shown_in.filter(|shown_in| !self.dirty.contains(*shown_in)) {
            self.dirty.insert(shown_in.to_string());
        }
    }

    /// Drops the entries built from received records, since something
    /// else changed and they may no longer be the whole; the records they
    /// covered are rebuilt from the store instead.
    fn give_up_new_entries(&mut self) {
        if let Some(entries) = self.new_entries.take() {
            self.dirty.extend(entries.into_shown_in());
        }
    }

    /// Renaming an organisation or network changes the entries of the
    /// people and members linked to it.
    fn mark_dependants_dirty(&mut self, id: &str, kind: Kind) -> Result<()> {
        if !matches!(kind, Kind::Organisation | Kind::Network) {
            return Ok(());
        }
        self.give_up_new_entries();
        let mut statement = self
            .transaction
            .prepare_cached("SELECT source_id FROM record WHERE target_id = ?1 AND deleted = 0")?;
        let mut rows = statement.query([id])?;
        while let Some(row) = rows.next()? {
            // Borrowed, and copied only if new: an organisation named in a
            // large import has every one of its people marked already.
            let Some(source) = row
                .get_ref(0)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
            else {
                continue;
            };
            if !self.dirty.contains(source) {
                self.dirty.insert(source.to_string());
            }
        }
        Ok(())
    }

    /// Rebuilds the search entries of changed records, saves the clock,
    /// and commits.
    pub(super) fn commit(mut self) -> Result<()> {
        let dirty = std::mem::take(&mut self.dirty);
        match self.new_entries.take() {
            Some(entries) => entries.store(&self.transaction, &dirty)?,
            None => docs::refresh(&self.transaction, &dirty)?,
        }
        // Only what moved is saved: a transaction that changed nothing (a
        // file imported again) must write nothing at all.
        if *self.clock.last() != self.clock_before {
            self.run(
                "UPDATE meta SET value = ?1 WHERE key = 'clock'",
                [self.clock.last().to_string()],
            )?;
        }
        if let Some(change) = self.change {
            super::changes::save_last_change(&self.transaction, change)?;
        }
        self.transaction.commit()?;
        Ok(())
    }
}

/// Whether no field name appears twice: only then can fields be inserted
/// in one statement. A record has a dozen fields at most, so comparing
/// each with those before it is cheap.
fn all_distinct(fields: &[(&str, Cow<'_, FieldValue>)]) -> bool {
    fields
        .iter()
        .enumerate()
        .all(|(index, (name, _))| fields[..index].iter().all(|(other, _)| other != name))
}
