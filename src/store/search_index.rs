//! Interim search index tables.

use crate::search::SearchDoc;
use rusqlite::Connection;

pub const SCHEMA: &str = "CREATE TABLE search_doc (id TEXT PRIMARY KEY, name TEXT NOT NULL);";

pub fn upsert(connection: &Connection, doc: &SearchDoc) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT OR REPLACE INTO search_doc (id, name) VALUES (?1, ?2)",
        [&doc.id, &doc.name],
    )?;
    Ok(())
}

pub fn remove(connection: &Connection, id: &str) -> rusqlite::Result<()> {
    connection.execute("DELETE FROM search_doc WHERE id = ?1", [id])?;
    Ok(())
}

pub fn search(
    _connection: &Connection,
    _query: &crate::search::Query,
    _filters: &crate::search::Filters,
    _limit: usize,
) -> rusqlite::Result<Vec<(crate::search::Hit, SearchDoc)>> {
    Ok(vec![])
}
