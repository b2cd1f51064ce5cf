//! Interim search index tables. Dropped at merge.

use crate::search::{Filters, Hit, Index, Query, SearchDoc};
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

/// Interim: every search entry, rebuilt from the records.
pub fn all_docs(connection: &Connection) -> rusqlite::Result<Vec<SearchDoc>> {
    let mut statement = connection.prepare("SELECT id FROM search_doc ORDER BY id")?;
    let ids: Vec<String> = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut docs = Vec::with_capacity(ids.len());
    for id in ids {
        let doc = super::docs::search_doc(connection, &id)
            .map_err(|error| rusqlite::Error::InvalidParameterName(error.to_string()))?;
        docs.extend(doc);
    }
    Ok(docs)
}

pub fn search(
    connection: &Connection,
    query: &Query,
    filters: &Filters,
    limit: usize,
) -> rusqlite::Result<Vec<(Hit, SearchDoc)>> {
    let index = Index::new(all_docs(connection)?);
    let hits = index.search(query, filters, limit);
    Ok(hits
        .into_iter()
        .filter_map(|hit| index.get(&hit.id).cloned().map(|doc| (hit, doc)))
        .collect())
}
