//! Local change numbers, behind `kith export --since-last`.
//!
//! Every transaction that changes something takes the next change number
//! and writes it beside each record row and field it changes
//! (`changed_in`), whether the change was made here or received in a file.
//! An export for a Centre records the last number it carried; the next
//! export for that Centre with `--since-last` carries the records changed
//! after it. The numbers never leave the store: stamps say when a change
//! was made where it was made, and cannot say when this store learnt of it.
//!
//! Also kept here, as local bookkeeping that never leaves the store: which
//! sync file from each other store `kith sync` last imported.

use super::{Result, Store};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashSet;

/// The last change number given to a transaction (0 before any).
pub(super) fn last_change(connection: &Connection) -> Result<i64> {
    let text: Option<String> = connection
        .prepare_cached("SELECT value FROM meta WHERE key = 'change'")?
        .query_row([], |row| row.get(0))
        .optional()?;
    Ok(text.and_then(|text| text.parse().ok()).unwrap_or(0))
}

/// Saves the change number a transaction used.
pub(super) fn save_last_change(connection: &Connection, change: i64) -> Result<()> {
    connection
        .prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES ('change', ?1)")?
        .execute([change.to_string()])?;
    Ok(())
}

impl Store {
    /// The last change number given: every change committed so far has
    /// this number or a smaller one, and every later change a larger one.
    pub fn last_change(&self) -> Result<i64> {
        last_change(&self.connection)
    }

    /// The ids of records whose row or some field changed here, or was
    /// received, after change number `change`.
    pub fn changed_since(&self, change: i64) -> Result<HashSet<String>> {
        let mut statement = self.connection.prepare(
            "SELECT id FROM record WHERE changed_in > ?1 \
             UNION SELECT record_id FROM field WHERE changed_in > ?1",
        )?;
        let rows = statement.query_map([change], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The checksum of the last sync file from the store `sender` that
    /// `kith sync` imported, if any. Kept in `meta`, never shared.
    pub fn imported_sync_file(&self, sender: &str) -> Result<Option<String>> {
        Ok(self
            .connection
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([imported_key(sender)], |row| row.get(0))
            .optional()?)
    }

    /// Records that the sync file from `sender` with checksum `sha256` was
    /// imported. Not a change to any record: it takes no change number.
    pub fn remember_imported_sync_file(&self, sender: &str, sha256: &str) -> Result<()> {
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            rusqlite::params![imported_key(sender), sha256],
        )?;
        Ok(())
    }

    /// The last change number carried by a file exported for `centre`.
    pub fn export_mark(&self, centre: &str) -> Result<Option<i64>> {
        Ok(self
            .connection
            .prepare_cached("SELECT change FROM export_mark WHERE centre = ?1")?
            .query_row([centre], |row| row.get(0))
            .optional()?)
    }

    /// Records that a file carrying every change up to `change` was
    /// exported for `centre`.
    pub fn set_export_mark(&self, centre: &str, change: i64) -> Result<()> {
        self.connection.execute(
            "INSERT INTO export_mark (centre, change) VALUES (?1, ?2) \
             ON CONFLICT (centre) DO UPDATE SET change = excluded.change",
            rusqlite::params![centre, change],
        )?;
        Ok(())
    }
}

/// The `meta` key under which the last imported file of `sender` is kept.
fn imported_key(sender: &str) -> String {
    format!("sync-imported:{sender}")
}
