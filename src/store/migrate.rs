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
    include_str!("migrations/0007_entity_kind_index.sql"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids a query gives, in order.
    fn ids(connection: &Connection, sql: &str) -> Vec<String> {
        let mut statement = connection.prepare(sql).unwrap();
        let rows = statement.query_map([], |row| row.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// A store of schema version 6 moves to the index by kind that leaves
    /// links out, keeping every row, and the index then holds exactly the
    /// records without ends.
    #[test]
    fn version_six_keeps_only_records_without_ends_in_the_kind_index() {
        let mut connection = Connection::open_in_memory().unwrap();
        for (index, sql) in MIGRATIONS[..6].iter().enumerate() {
            connection.execute_batch(sql).unwrap();
            connection
                .pragma_update(None, "user_version", index as i64 + 1)
                .unwrap();
        }
        connection
            .execute_batch(
                "INSERT INTO record (id, kind, created_by, created_at) VALUES \
                 ('o', 'organisation', 'EEF', 't'), ('p', 'person', 'EEF', 't'); \
                 INSERT INTO record (id, kind, created_by, created_at, source_id, target_id) \
                 VALUES ('a', 'affiliation', 'EEF', 't', 'p', 'o');",
            )
            .unwrap();
        migrate(&mut connection).unwrap();
        assert_eq!(version(&connection).unwrap(), SCHEMA_VERSION);
        let indexes = ids(
            &connection,
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'record' \
             AND name LIKE '%kind%'",
        );
        assert_eq!(indexes, ["entity_by_kind"]);
        let indexed = ids(
            &connection,
            "SELECT id FROM record INDEXED BY entity_by_kind \
             WHERE kind > '' AND source_id IS NULL ORDER BY kind",
        );
        assert_eq!(indexed, ["o", "p"]);
        let every_row = ids(&connection, "SELECT id FROM record ORDER BY id");
        assert_eq!(every_row, ["a", "o", "p"]);
    }
}
