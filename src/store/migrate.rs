//! Schema migrations: numbered SQL files applied in order, recorded in
//! SQLite's `user_version`. A released file is never edited; a change to
//! the schema is a new file at the end of the list.

use rusqlite::Connection;

/// The migrations, in order; the schema version is their count.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    super::search_index::SCHEMA,
    include_str!("migrations/0003_change_numbers.sql"),
    include_str!("migrations/0004_alt_name_index.sql"),
    include_str!("migrations/0005_dismissed_pairs.sql"),
    include_str!("migrations/0006_field_seen.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version of an open database.
pub fn version(connection: &Connection) -> rusqlite::Result<i64> {
    connection.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies every migration the database has not had, each in its own
/// transaction with the version bump, so a failure leaves the last good one.
pub fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let current = version(connection)?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let target = index as i64 + 1;
        if target <= current {
            continue;
        }
        let transaction = connection.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", target)?;
        transaction.commit()?;
    }
    Ok(())
}
