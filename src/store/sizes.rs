//! How much a store holds, counted cheaply: what an import looks at to
//! choose how to read and write, and to judge what a file would lose.

use super::{Result, Store};
use rusqlite::Connection;

/// How many record rows the store holds, live or not.
pub(super) fn row_count(connection: &Connection) -> Result<usize> {
    let count: i64 = connection.query_row("SELECT count(*) FROM record", [], |row| row.get(0))?;
    Ok(usize::try_from(count).unwrap_or(usize::MAX))
}

/// Whether the store holds no record rows at all, live or not: asked
/// without counting them.
pub(super) fn is_empty(connection: &Connection) -> Result<bool> {
    let empty = connection.query_row("SELECT NOT EXISTS (SELECT 1 FROM record)", [], |row| {
        row.get(0)
    })?;
    Ok(empty)
}

impl Store {
    /// How many record rows the store holds, live, deleted or erased.
    pub fn row_count(&self) -> Result<u64> {
        Ok(row_count(&self.connection)? as u64)
    }

    /// Whether the store holds no record rows at all, live or not.
    pub fn is_empty(&self) -> Result<bool> {
        is_empty(&self.connection)
    }

    /// How many live records the store holds, topics aside: the people,
    /// organisations, networks, links and interactions that
    /// [`Store::counts`] counts kind by kind, added up.
    pub fn live_count(&self) -> Result<u64> {
        // The `+` keeps SQLite from answering through the index by kind,
        // which would look up every row for `erased_at`; one pass over
        // the rows costs about a quarter of that.
        let count: i64 = self.connection.query_row(
            "SELECT count(*) FROM record \
             WHERE +deleted = 0 AND erased_at IS NULL AND +kind <> 'topic'",
            [],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
