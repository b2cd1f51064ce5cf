//! Writing many new records at once. Inserting a row into `record` also
//! inserts into its four indexes, each at a random place, and that costs
//! more than the row itself; building an index afresh from sorted rows
//! costs far less. So a transaction that expects many new records (a large
//! import) drops those indexes on its first new record and builds them
//! again before it commits. Within the transaction, the few queries that
//! would use them (links of an erased record) scan instead, and rather than
//! finding the records an organisation's new name shows in, every search
//! entry is rebuilt at commit. If the transaction is rolled back, so is
//! the dropping.

use rusqlite::Connection;
use std::collections::HashSet;

use super::Result;

/// The indexes of `record`, as `0001_initial.sql` creates them.
const RECORD_INDEXES: [(&str, &str); 4] = [
    ("record_by_kind", "record (kind, deleted)"),
    (
        "record_by_source",
        "record (source_id) WHERE source_id IS NOT NULL",
    ),
    (
        "record_by_target",
        "record (target_id) WHERE target_id IS NOT NULL",
    ),
    (
        "record_by_name",
        "record (name_key) WHERE name_key IS NOT NULL",
    ),
];

/// Whether a transaction writes in bulk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Bulk {
    /// Row by row, indexes in place.
    #[default]
    Off,
    /// Many new records are expected; nothing is dropped until the first.
    Expected,
    /// The indexes are dropped, to be built again at commit.
    On,
}

/// Drops the indexes of `record`.
pub(super) fn drop_indexes(connection: &Connection) -> Result<()> {
    for (name, _) in RECORD_INDEXES {
        connection.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
    }
    Ok(())
}

/// Builds the indexes of `record` again.
pub(super) fn create_indexes(connection: &Connection) -> Result<()> {
    for (name, definition) in RECORD_INDEXES {
        connection.execute_batch(&format!(
            "CREATE INDEX IF NOT EXISTS {name} ON {definition}"
        ))?;
    }
    Ok(())
}

/// The ids of every record whose search entry may exist or be due: all
/// people, organisations and networks, gone or not.
pub(super) fn searchable_ids(connection: &Connection) -> Result<HashSet<String>> {
    let mut statement = connection
        .prepare("SELECT id FROM record WHERE kind IN ('person', 'organisation', 'network')")?;
    let rows = statement.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
