//! Inserting many rows a few dozen to a statement: what filling a new
//! store from a sync file is made of.
//!
//! SQLite's work per statement (binding, stepping, finding the place in
//! each index afresh) is shared between the rows of one `INSERT ... VALUES
//! (...), (...)`. Statements of a full chunk are prepared once and kept;
//! the shorter last chunk is written a row at a time, so that no statement
//! of an odd length is kept.

use rusqlite::types::ToSql;
use rusqlite::Connection;

/// How many rows one insert statement writes: 64 rows of 10 columns stay
/// well within SQLite's limit of parameters.
const ROWS_PER_STATEMENT: usize = 64;

/// A table and the columns an insert fills, in the order values are bound.
pub(super) struct Insert<'a> {
    pub table: &'a str,
    pub columns: &'a [&'a str],
}

impl Insert<'_> {
    /// Inserts one row for each of `rows`, whose values, one per column in
    /// order, `row_values` pushes.
    pub(super) fn rows<'v, T>(
        &self,
        connection: &Connection,
        rows: &'v [T],
        mut row_values: impl FnMut(&'v T, &mut Vec<&'v dyn ToSql>),
    ) -> rusqlite::Result<()> {
        let width = self.columns.len();
        let one_row = format!("({})", vec!["?"; width].join(", "));
        let start = format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.columns.join(", ")
        );
        let full = start.clone() + &vec![one_row.as_str(); ROWS_PER_STATEMENT].join(", ");
        let single = start + &one_row;
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(ROWS_PER_STATEMENT * width);
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            values.clear();
            for row in chunk {
                row_values(row, &mut values);
            }
            if chunk.len() == ROWS_PER_STATEMENT {
                let mut statement = connection.prepare_cached(&full)?;
                statement.execute(rusqlite::params_from_iter(&values))?;
                continue;
            }
            let mut statement = connection.prepare_cached(&single)?;
            for row in values.chunks(width) {
                statement.execute(rusqlite::params_from_iter(row))?;
            }
        }
        Ok(())
    }
}
