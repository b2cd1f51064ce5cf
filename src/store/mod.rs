//! The SQLite store: the only code in kith that speaks SQL.
//!
//! A store is one SQLite file (with its WAL) readable by its owner only. It
//! holds records as rows of fields, each field with its provenance, so that
//! sync can merge field by field. Reads return [`Record`]s; every change
//! goes through a [`Writer`], which stamps it on the store's hybrid logical
//! clock and keeps the search index up to date in the same transaction.

mod bulk;
mod changes;
mod dismissed;
mod docs;
mod dump;
mod error;
mod holdings;
mod lines;
mod migrate;
mod open;
pub use open::create_private_dir;
mod read;
pub mod search_index;
mod search_snapshot;
mod sizes;
mod stamp_text;
mod write;

pub use dump::{record_json, DUMP_FORMAT};
pub use error::{Result, StoreError};
pub use lines::{LineCount, RecordLines};
pub use read::{Counts, Outline};
pub use write::{Holding, LinkOutcome, PartTexts, Stream, Writer};
pub use write::{MERGED_FROM_PREFIX, MERGED_INTO};

use crate::model::{Clock, Record};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// An open kith store.
pub struct Store {
    connection: Connection,
    path: PathBuf,
    identity: Identity,
    clock: Clock,
}

/// Who this store is: its own id and the Centre it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// This store's id, unique to it; breaks ties between equal stamps.
    pub store_id: String,
    /// The name of the Centre the store belongs to.
    pub centre: String,
}

impl Store {
    /// Creates a new store for `centre` at `path`, refusing to overwrite one.
    pub fn create(path: &Path, centre: &str) -> Result<Store> {
        open::create(path, centre)
    }

    /// Opens the store at `path`, which must exist.
    pub fn open(path: &Path) -> Result<Store> {
        open::open(path)
    }

    /// A store in memory, for tests and for throwaway work.
    pub fn in_memory(centre: &str) -> Result<Store> {
        open::in_memory(centre)
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This store's id and Centre.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// Runs `change` in one transaction: all of it is written, or none.
    pub fn write<T>(&mut self, change: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|error| busy_or(error, &path))?;
        // Another connection (a second kith, the screen's import job) may
        // have moved the clock since this one last wrote; a change made
        // now must still be stamped after everything the store holds.
        if let Some(saved) = open::saved_clock(&transaction)? {
            self.clock.observe(&saved);
        }
        let mut writer = Writer::new(transaction, &mut self.clock, &self.identity);
        let value = change(&mut writer).map_err(|error| error.at(&path))?;
        writer.commit().map_err(|error| error.at(&path))?;
        // The change is made; a snapshot left stale is only a cache, and the
        // next search replaces it.
        if let Err(error) = search_index::discard_stale_snapshot(&self.connection) {
            tracing::debug!(%error, "could not check the search snapshot");
        }
        Ok(value)
    }

    /// Runs `change` as [`Store::write`] does, for a transaction that
    /// writes a large part of the store, such as a first import: with a
    /// rollback journal instead of the WAL when no other connection has the
    /// store open, so that each page is written once rather than twice.
    pub fn write_in_bulk<T>(
        &mut self,
        change: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let left_wal = open::leave_wal(&self.connection);
        let outcome = self.write(change);
        if left_wal {
            open::return_to_wal(&self.connection);
        }
        outcome
    }

    /// Runs `change` in a transaction and rolls it back: what `change`
    /// returns says what it would have done, and the store, its clock
    /// included, is left exactly as it was. Sync's dry runs use this.
    pub fn preview<T>(&mut self, change: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let clock_before = self.clock.clone();
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)
            .map_err(|error| busy_or(error, &path))?;
        let mut writer = Writer::new(transaction, &mut self.clock, &self.identity);
        let value = change(&mut writer).map_err(|error| error.at(&path));
        // Dropping the writer drops its transaction, which rolls it back.
        drop(writer);
        self.clock = clock_before;
        value
    }

    /// Prepares this connection for writing many records: a page cache
    /// large enough for the indexes of 100,000 people (see `open`).
    pub fn widen_cache(&self) -> Result<()> {
        Ok(open::widen_cache(&self.connection)?)
    }

    /// The record with this id, live or not.
    pub fn get(&self, id: &str) -> Result<Option<Record>> {
        read::record(&self.connection, id)
    }

    /// The raw connection, for the search index's queries.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }
}

/// Turns SQLite's "busy" and "full" into messages a user can act on.
fn busy_or(error: rusqlite::Error, path: &Path) -> StoreError {
    let path = path.to_path_buf();
    if open::is_busy(&error) {
        StoreError::Busy { path }
    } else if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
        StoreError::DiskFull { path }
    } else {
        StoreError::Sqlite(error)
    }
}

impl StoreError {
    /// This error, with SQLite's "busy" and "full" said of the store at
    /// `path` (see [`busy_or`]).
    fn at(self, path: &Path) -> StoreError {
        match self {
            StoreError::Sqlite(inner) => busy_or(inner, path),
            other => other,
        }
    }
}
