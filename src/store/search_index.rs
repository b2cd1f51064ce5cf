//! The search documents in SQLite: the only code that speaks SQL for
//! search. The command line searches here without loading every record;
//! the screen loads them all once (`all_docs`) into a
//! `crate::search::Index`, then reads back only the records a write
//! changed (`doc`).
//!
//! Three tables: `search_value` holds each distinct shared value (an
//! organisation's name, a place, a topic) once, numbered; `search_doc`
//! holds one row per record with its own fields and its shared values as a
//! compact list of numbers; `search_scan` holds, per record, everything
//! scoring needs packed into one small blob (see `crate::search::packed`).
//! A search reads the few thousand values, scores them once, then reads
//! each blob without copying it and scores it with the same code as the
//! in-memory index, so both give the same results. Only the best few
//! records are then read from `search_doc`.

use rusqlite::types::{ToSql, Type, ValueRef as SqlValue};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::bulk::Insert;
use super::search_snapshot::{self, Snapshot};

use crate::model::Kind;
use crate::search::{
    doc_values, fill_value, hit, packed, scan_with_fallback, split_list, DocView, FilterCheck,
    Filters, Hit, Masks, Query, Scorer, SearchDoc, Slot, TopK, ValueRef, ValueTable,
    LIST_SEPARATOR,
};
use crate::text::fold;

/// The tables search keeps: the store's second migration, kept in the
/// migrations folder so that, like every released migration, it is never
/// edited.
pub const SCHEMA: &str = include_str!("migrations/0002_search_index.sql");

/// Bytes per stored value reference: slot, position (u16), number (u32).
const REF_SIZE: usize = 7;

/// The columns needed to rebuild a record, in this order.
const DOC_COLUMNS: &str = "doc, id, kind, name, alt_name, emails, networks, place_code, value_refs";

/// Stores `doc`, replacing the record with its id. Call it whenever the
/// record or anything it shows (an organisation's name, say) changes.
pub fn upsert(conn: &Connection, doc: &SearchDoc) -> rusqlite::Result<()> {
    let values = intern_values(conn, doc)?;
    store_doc(conn, doc, &values)
}

/// Stores many documents, as [`upsert`] does one by one, reading the
/// shared values once instead of looking each up in SQL: what an import
/// or a new demo store needs.
pub fn upsert_many(conn: &Connection, docs: &[SearchDoc]) -> rusqlite::Result<()> {
    let mut known = known_values(conn)?;
    let mut values_of = |doc: &SearchDoc| {
        intern_values_with(doc, |slot, text| {
            let by_text = known.entry(slot.number()).or_default();
            if let Some(id) = by_text.get(text) {
                return Ok(*id);
            }
            let id = intern(conn, slot, text)?;
            by_text.insert(text.to_string(), id);
            Ok(id)
        })
    };
    let ids_rise = docs.windows(2).all(|pair| pair[0].id < pair[1].id);
    if ids_rise && holds_nothing(conn)? {
        return insert_all(conn, docs, values_of);
    }
    for doc in docs {
        let values = values_of(doc)?;
        store_doc(conn, doc, &values)?;
    }
    Ok(())
}

/// Whether neither table of entries holds a row, so that new rows can
/// go in without asking what each would replace.
fn holds_nothing(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM search_doc) AND NOT EXISTS (SELECT 1 FROM search_scan)",
        [],
        |row| row.get(0),
    )
}

/// Inserts `docs`, whose ids rise, into a search index that holds none:
/// many rows to a statement, numbered from 1 as inserting them one by one
/// in this order would number them.
fn insert_all(
    conn: &Connection,
    docs: &[SearchDoc],
    mut values_of: impl FnMut(&SearchDoc) -> rusqlite::Result<Vec<ValueRef>>,
) -> rusqlite::Result<()> {
    let mut rows = Vec::with_capacity(docs.len());
    for (doc, number) in docs.iter().zip(1_i64..) {
        let values = values_of(doc)?;
        rows.push(DocRow {
            number,
            doc,
            kind: doc.kind.as_str(),
            emails: join(&doc.emails),
            networks: join(&doc.networks),
            refs: encode_refs(&values),
            packed: scan_data(doc, &values),
        });
    }
    let docs_insert = Insert {
        table: "search_doc",
        columns: &[
            "doc",
            "id",
            "kind",
            "name",
            "alt_name",
            "emails",
            "networks",
            "place_code",
            "value_refs",
        ],
    };
    docs_insert.rows(conn, &rows, |row, values| {
        values.extend([
            &row.number as &dyn ToSql,
            &row.doc.id,
            &row.kind,
            &row.doc.name,
            &row.doc.alt_name,
            &row.emails,
            &row.networks,
            &row.doc.place_code,
            &row.refs,
        ]);
    })?;
    let scan_insert = Insert {
        table: "search_scan",
        columns: &["doc", "packed"],
    };
    scan_insert.rows(conn, &rows, |row, values| {
        values.extend([&row.number as &dyn ToSql, &row.packed]);
    })
}

/// A document's rows as [`insert_all`] writes them.
struct DocRow<'d> {
    number: i64,
    doc: &'d SearchDoc,
    kind: &'static str,
    emails: String,
    networks: String,
    refs: Vec<u8>,
    packed: Vec<u8>,
}

/// The numbers of `doc`'s shared values, found (or added) by `intern`.
fn intern_values_with(
    doc: &SearchDoc,
    mut intern: impl FnMut(Slot, &str) -> rusqlite::Result<u32>,
) -> rusqlite::Result<Vec<ValueRef>> {
    let mut failure = None;
    let values = doc_values(doc, |slot, text| match intern(slot, text) {
        Ok(id) => id,
        Err(error) => {
            failure.get_or_insert(error);
            0
        }
    });
    failure.map_or(Ok(values), Err)
}

/// Every shared value's number, by slot and then by text (so that a
/// look-up borrows the text rather than copying it).
fn known_values(conn: &Connection) -> rusqlite::Result<HashMap<u8, HashMap<String, u32>>> {
    let mut statement = conn.prepare("SELECT id, slot, text FROM search_value")?;
    let mut rows = statement.query([])?;
    let mut known: HashMap<u8, HashMap<String, u32>> = HashMap::new();
    while let Some(row) = rows.next()? {
        known
            .entry(row.get(1)?)
            .or_default()
            .insert(row.get(2)?, row.get(0)?);
    }
    Ok(known)
}

/// Writes the rows of `doc`, whose shared values are `values`.
fn store_doc(conn: &Connection, doc: &SearchDoc, values: &[ValueRef]) -> rusqlite::Result<()> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO search_doc (id, kind, name, alt_name, emails, networks, place_code,
             value_refs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET kind = ?2, name = ?3, alt_name = ?4, emails = ?5,
             networks = ?6, place_code = ?7, value_refs = ?8
         RETURNING doc",
    )?;
    let row = params![
        doc.id,
        doc.kind.as_str(),
        doc.name,
        doc.alt_name,
        join(&doc.emails),
        join(&doc.networks),
        doc.place_code,
        encode_refs(values),
    ];
    let number: i64 = statement.query_row(row, |row| row.get(0))?;
    let mut statement =
        conn.prepare_cached("INSERT OR REPLACE INTO search_scan (doc, packed) VALUES (?1, ?2)")?;
    statement.execute(params![number, scan_data(doc, values)])?;
    Ok(())
}

/// Removes the record with id `id`, if it is there. Its shared values stay:
/// others may use them, and an unused one costs a few bytes.
pub fn remove(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    let mut statement =
        conn.prepare_cached("DELETE FROM search_doc WHERE id = ?1 RETURNING doc")?;
    let removed: Option<i64> = statement.query_row([id], |row| row.get(0)).optional()?;
    if let Some(number) = removed {
        conn.prepare_cached("DELETE FROM search_scan WHERE doc = ?1")?
            .execute([number])?;
    }
    Ok(())
}

/// Whether any record has a search entry.
pub fn has_entries(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM search_doc)")?
        .query_row([], |row| row.get(0))
}

/// Every stored record, for building the in-memory index.
pub fn all_docs(conn: &Connection) -> rusqlite::Result<Vec<SearchDoc>> {
    let mut docs = Vec::new();
    for_each_doc(conn, |doc| docs.push(doc))?;
    Ok(docs)
}

/// Hands every stored record to `each`, one at a time, so that a caller
/// building its own index never holds all the entries at once (at 100,000
/// people they take about 100 MB).
pub fn for_each_doc(conn: &Connection, mut each: impl FnMut(SearchDoc)) -> rusqlite::Result<()> {
    let values = load_values(conn)?;
    let sql = format!("SELECT {DOC_COLUMNS} FROM search_doc");
    let mut statement = conn.prepare(&sql)?;
    let mut rows = statement.query([])?;
    let mut refs = Vec::new();
    while let Some(row) = rows.next()? {
        each(read_doc(row, &values, &mut refs)?);
    }
    Ok(())
}

/// The stored entry of the record with id `id`, if it has one: the entry
/// [`all_docs`] gives for it, read without loading every shared value, so
/// that the screen can refresh one record after a write.
pub fn doc(conn: &Connection, id: &str) -> rusqlite::Result<Option<SearchDoc>> {
    let sql = format!("SELECT {DOC_COLUMNS} FROM search_doc WHERE id = ?1");
    let mut statement = conn.prepare_cached(&sql)?;
    let mut rows = statement.query([id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut doc = own_fields(row)?;
    let mut refs = Vec::new();
    decode_refs(blob(row, 8)?, &mut refs)?;
    let mut lookup = conn.prepare_cached("SELECT text FROM search_value WHERE id = ?1")?;
    for value in &refs {
        let text: Option<String> = lookup.query_row([value.id], |row| row.get(0)).optional()?;
        let text = text.ok_or_else(|| bad_column(8, "a missing value"))?;
        fill_value(&mut doc, value.slot, &text);
    }
    Ok(Some(doc))
}

/// The best `limit` records passing `filters` and matching `query`, best
/// first, each with its document: what `Index::search` would give on the
/// same records, without loading them all.
pub fn search(
    conn: &Connection,
    query: &Query,
    filters: &Filters,
    limit: usize,
) -> rusqlite::Result<Vec<(Hit, SearchDoc)>> {
    // Everything below reads one state of the store: the snapshot's key,
    // the values its entries point to and the records found.
    let read = conn
        .is_autocommit()
        .then(|| conn.unchecked_transaction())
        .transpose()?;
    let values = load_values(conn)?;
    let check = FilterCheck::new(filters, &values);
    let mut source = snapshot_source(conn);
    let scan = |scorer: &Scorer| source.scan(conn, scorer, &check, limit);
    let (scorer, ranked) = scan_with_fallback(query, &values, scan)?;
    let mut found = Vec::with_capacity(ranked.len());
    for ranked in ranked {
        if let Some(doc) = load_doc(conn, &values, ranked.handle)? {
            found.push((hit(&scorer, &doc, ranked.score), doc));
        }
    }
    drop(read);
    Ok(found)
}

/// Where a search reads the entries from.
enum Source {
    /// The snapshot beside the store, which matches it.
    Snapshot(PathBuf, Snapshot),
    /// SQLite, copying the entries into a new snapshot at `path` with
    /// `key` as it goes, for the searches after this one.
    StoreThenSnapshot(PathBuf, String),
    /// SQLite alone: a store in memory, tables made for search alone (as
    /// some tests make, with no `meta` to key a snapshot on), or a
    /// snapshot that could not be written or read.
    Store,
}

/// The snapshot if there is a current one, else what to do instead.
fn snapshot_source(conn: &Connection) -> Source {
    let Some(path) = snapshot_path(conn) else {
        return Source::Store;
    };
    let Ok(key) = search_snapshot::current_key(conn) else {
        return Source::Store;
    };
    match search_snapshot::open(&path, &key) {
        Some(snapshot) => Source::Snapshot(path, snapshot),
        None => Source::StoreThenSnapshot(path, key),
    }
}

impl Source {
    /// Scores every entry; the first scan without a current snapshot also
    /// writes one, and any later scan (the forgiving pass) reads it.
    fn scan(
        &mut self,
        conn: &Connection,
        scorer: &Scorer,
        check: &FilterCheck,
        limit: usize,
    ) -> rusqlite::Result<TopK<i64>> {
        match std::mem::replace(self, Source::Store) {
            Source::Snapshot(path, snapshot) => {
                match scan_snapshot(&snapshot, scorer, check, limit) {
                    Ok(best) => {
                        *self = Source::Snapshot(path, snapshot);
                        Ok(best)
                    }
                    Err(error) => {
                        tracing::debug!(%error, "search snapshot unreadable; scanning the store");
                        drop(snapshot);
                        let _ = std::fs::remove_file(&path);
                        scan_both_halves(conn, scorer, check, limit, None)
                    }
                }
            }
            Source::StoreThenSnapshot(path, key) => {
                let mut copies = [Vec::new(), Vec::new()];
                let best = scan_both_halves(conn, scorer, check, limit, Some(&mut copies))?;
                let parts = copies.iter().map(Vec::as_slice);
                match search_snapshot::write(&path, &key, parts) {
                    Ok(()) => {
                        if let Some(snapshot) = search_snapshot::open(&path, &key) {
                            *self = Source::Snapshot(path, snapshot);
                        }
                    }
                    Err(error) => tracing::debug!(%error, "could not write the search snapshot"),
                }
                Ok(best)
            }
            Source::Store => scan_both_halves(conn, scorer, check, limit, None),
        }
    }
}

/// Deletes the search snapshot if it no longer matches the store: the
/// store calls this after every commit.
pub(super) fn discard_stale_snapshot(conn: &Connection) -> rusqlite::Result<()> {
    if let Some(path) = snapshot_path(conn).filter(|path| path.exists()) {
        search_snapshot::discard_unless(&path, &search_snapshot::current_key(conn)?);
    }
    Ok(())
}

/// Where the snapshot of a store kept in a file lives.
fn snapshot_path(conn: &Connection) -> Option<PathBuf> {
    let store = conn.path().filter(|path| !path.is_empty())?;
    Some(search_snapshot::path_for(Path::new(store)))
}

/// Scores every record of `snapshot`, its chunks shared among the cores.
fn scan_snapshot(
    snapshot: &Snapshot,
    scorer: &Scorer,
    check: &FilterCheck,
    limit: usize,
) -> std::io::Result<TopK<i64>> {
    let chunks = snapshot.chunks();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 4)
        .min(chunks.max(1));
    let share = chunks.div_ceil(threads);
    let scan_share = |first: usize| -> std::io::Result<TopK<i64>> {
        let mut best = TopK::new(limit);
        let mut refs = Vec::new();
        let range = first..(first + share).min(chunks);
        snapshot.for_each_in(range, |doc, bytes| {
            score_entry(&mut best, &mut refs, scorer, check, doc, bytes)
                .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))
        })?;
        Ok(best)
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads)
            .map(|thread| scope.spawn(move || scan_share(thread * share)))
            .collect();
        let mut best = scan_share(0)?;
        for other in others {
            let found = other
                .join()
                .map_err(|_| std::io::Error::other("a search thread stopped"))??;
            best.merge(found);
        }
        Ok(best)
    })
}

/// Scores one packed entry, offering it to `best` if it matches.
fn score_entry(
    best: &mut TopK<i64>,
    refs: &mut Vec<ValueRef>,
    scorer: &Scorer,
    check: &FilterCheck,
    doc: i64,
    bytes: &[u8],
) -> Result<(), packed::UnpackError> {
    let head = packed::unpack_head(bytes, refs)?;
    if !scorer.might_match(head.kind, &head.masks, refs) {
        return Ok(());
    }
    let (id, view) = head.view(refs)?;
    if !check.passes(&view) {
        return Ok(());
    }
    if let Some(score) = scorer.score(&view) {
        best.good += usize::from(score.good);
        best.offer(score.score, view.name, id, doc);
    }
    Ok(())
}

/// Reads the store through a memory map from now on, sparing a system call
/// and a copy per page: a search that reads every entry from SQLite
/// (because the snapshot could not be written) spent 35 ms of system time
/// at 100,000 people without it and 10 ms with it. The screen does not ask
/// for it, since mapped pages would count in its memory.
fn map_into_memory(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "mmap_size", 1_073_741_824)
}

/// Scores every record, on both cores when the store is a file: a second
/// connection reads and scores the upper half of the records while this
/// one does the lower half, and the two bests are merged. Reading from
/// SQLite costs as much as scoring, so both halves are read in parallel
/// too.
fn scan_both_halves(
    conn: &Connection,
    scorer: &Scorer,
    check: &FilterCheck,
    limit: usize,
    mut copies: Option<&mut [Vec<u8>; 2]>,
) -> rusqlite::Result<TopK<i64>> {
    let second = match conn.path().filter(|path| !path.is_empty()) {
        Some(path) => Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok(),
        None => None,
    };
    map_into_memory(conn)?;
    let Some(second) = second else {
        let copy = copies.map(|[whole, _]| whole);
        return scan_range(conn, (i64::MIN, i64::MAX), scorer, check, limit, copy);
    };
    // Two queries, not one with both aggregates: SQLite answers a lone
    // min() or max() of the key from the tree's edge, but scans the whole
    // table for the pair.
    let edge = |sql: &str| conn.query_row(sql, [], |row| row.get::<_, Option<i64>>(0));
    let lowest = edge("SELECT min(doc) FROM search_scan")?.unwrap_or(0);
    let highest = edge("SELECT max(doc) FROM search_scan")?.unwrap_or(0);
    let middle = lowest + (highest - lowest) / 2;
    let (lower, upper) = std::thread::scope(|threads| {
        let (lower_copy, upper_copy) = match copies.as_deref_mut() {
            Some([lower, upper]) => (Some(lower), Some(upper)),
            None => (None, None),
        };
        let upper = threads.spawn(move || {
            let _ = map_into_memory(&second);
            let range = (middle + 1, i64::MAX);
            scan_range(&second, range, scorer, check, limit, upper_copy)
        });
        let lower = scan_range(conn, (i64::MIN, middle), scorer, check, limit, lower_copy);
        (lower, upper.join())
    });
    let mut best = lower?;
    match upper {
        Ok(upper) => best.merge(upper?),
        // The scoring thread cannot panic on data (unpacking returns
        // errors); should it all the same, its half is scanned (and
        // copied) again here.
        Err(_) => {
            let copy = copies.map(|[_, upper]| {
                upper.clear();
                upper
            });
            let range = (middle + 1, i64::MAX);
            best.merge(scan_range(conn, range, scorer, check, limit, copy)?)
        }
    }
    Ok(best)
}

/// Scores the records numbered within `range`, inclusive, appending each
/// entry to `copy` as a snapshot holds it, if asked.
fn scan_range(
    conn: &Connection,
    range: (i64, i64),
    scorer: &Scorer,
    check: &FilterCheck,
    limit: usize,
    mut copy: Option<&mut Vec<u8>>,
) -> rusqlite::Result<TopK<i64>> {
    let mut statement =
        conn.prepare_cached("SELECT doc, packed FROM search_scan WHERE doc BETWEEN ?1 AND ?2")?;
    let mut rows = statement.query([range.0, range.1])?;
    let mut best = TopK::new(limit);
    let mut refs = Vec::new();
    while let Some(row) = rows.next()? {
        let (doc, packed) = (row.get(0)?, blob(row, 1)?);
        if let Some(copy) = copy.as_deref_mut() {
            search_snapshot::push_entry(copy, doc, packed);
        }
        score_entry(&mut best, &mut refs, scorer, check, doc, packed).map_err(damaged)?;
    }
    Ok(best)
}

fn intern_values(conn: &Connection, doc: &SearchDoc) -> rusqlite::Result<Vec<ValueRef>> {
    intern_values_with(doc, |slot, text| intern(conn, slot, text))
}

/// The number of a shared value, adding it if it is new.
fn intern(conn: &Connection, slot: Slot, text: &str) -> rusqlite::Result<u32> {
    let mut select =
        conn.prepare_cached("SELECT id FROM search_value WHERE slot = ?1 AND text = ?2")?;
    let slot = slot.number();
    if let Some(id) = select
        .query_row(params![slot, text], |row| row.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let mut insert =
        conn.prepare_cached("INSERT INTO search_value (slot, text) VALUES (?1, ?2)")?;
    insert.execute(params![slot, text])?;
    u32::try_from(conn.last_insert_rowid()).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, Type::Integer, Box::new(error))
    })
}

/// The packed scoring data of `doc`, whose shared values are `values`.
fn scan_data(doc: &SearchDoc, values: &[ValueRef]) -> Vec<u8> {
    let folded_emails: Vec<String> = doc.emails.iter().map(|email| fold(email)).collect();
    let (name, alt_name, emails) = (fold(&doc.name), fold(&doc.alt_name), join(&folded_emails));
    let networks = join(&doc.networks);
    let view = DocView {
        kind: doc.kind,
        name: &name,
        name_masks: Masks::of(&name),
        alt_name: &alt_name,
        alt_name_masks: Masks::of(&alt_name),
        emails: &emails,
        emails_masks: Masks::of(&emails),
        values,
        place_code: &doc.place_code,
        networks: &networks,
    };
    packed::pack(&doc.id, &view)
}

/// Reads every shared value.
fn load_values(conn: &Connection) -> rusqlite::Result<ValueTable> {
    let mut statement = conn.prepare_cached("SELECT id, slot, text FROM search_value")?;
    let mut rows = statement.query([])?;
    let mut values = ValueTable::default();
    while let Some(row) = rows.next()? {
        let slot =
            Slot::from_number(row.get(1)?).ok_or_else(|| bad_column(1, "an unknown slot"))?;
        values.insert(row.get(0)?, slot, text(row, 2)?);
    }
    Ok(values)
}

/// Scores every stored record.
fn damaged(error: packed::UnpackError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(1, Type::Blob, Box::new(error))
}

/// Reads the record in row `doc`, if it is still there.
fn load_doc(
    conn: &Connection,
    values: &ValueTable,
    doc: i64,
) -> rusqlite::Result<Option<SearchDoc>> {
    let sql = format!("SELECT {DOC_COLUMNS} FROM search_doc WHERE doc = ?1");
    let mut statement = conn.prepare_cached(&sql)?;
    let mut refs = Vec::new();
    statement
        .query_row([doc], |row| read_doc(row, values, &mut refs))
        .optional()
}

/// Rebuilds a record from a row of [`DOC_COLUMNS`].
fn read_doc(
    row: &Row,
    values: &ValueTable,
    refs: &mut Vec<ValueRef>,
) -> rusqlite::Result<SearchDoc> {
    let mut doc = own_fields(row)?;
    decode_refs(blob(row, 8)?, refs)?;
    for value in refs.iter() {
        let stored = values
            .get(value.id)
            .ok_or_else(|| bad_column(8, "a missing value"))?;
        fill_value(&mut doc, value.slot, &stored.original);
    }
    Ok(doc)
}

/// A record's own fields from a row of [`DOC_COLUMNS`]; its shared values
/// are left for the caller to fill.
fn own_fields(row: &Row) -> rusqlite::Result<SearchDoc> {
    Ok(SearchDoc {
        id: text(row, 1)?.to_string(),
        kind: kind(row, 2)?,
        name: text(row, 3)?.to_string(),
        alt_name: text(row, 4)?.to_string(),
        organisations: Vec::new(),
        role: String::new(),
        place: String::new(),
        place_alt: String::new(),
        place_code: text(row, 7)?.to_string(),
        nation: String::new(),
        topics: Vec::new(),
        emails: split_list(text(row, 5)?).map(str::to_string).collect(),
        networks: split_list(text(row, 6)?).map(str::to_string).collect(),
        network_names: Vec::new(),
    })
}

/// Joins a list field for storage, dropping any separator inside items so
/// that splitting gives the items back.
fn join(items: &[String]) -> String {
    let cleaned: Vec<String> = items
        .iter()
        .map(|item| item.replace(LIST_SEPARATOR, " "))
        .collect();
    cleaned.join(&LIST_SEPARATOR.to_string())
}

/// Packs value references into bytes.
fn encode_refs(values: &[ValueRef]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(values.len() * REF_SIZE);
    for value in values {
        bytes.push(value.slot.number());
        bytes.extend_from_slice(&value.position.to_le_bytes());
        bytes.extend_from_slice(&value.id.to_le_bytes());
    }
    bytes
}

/// Unpacks value references into `refs`, replacing what it held.
fn decode_refs(bytes: &[u8], refs: &mut Vec<ValueRef>) -> rusqlite::Result<()> {
    refs.clear();
    for chunk in bytes.chunks(REF_SIZE) {
        let &[slot, p0, p1, i0, i1, i2, i3] = chunk else {
            return Err(bad_column(8, "a truncated value reference"));
        };
        let slot = Slot::from_number(slot).ok_or_else(|| bad_column(8, "an unknown slot"))?;
        let position = u16::from_le_bytes([p0, p1]);
        refs.push(ValueRef {
            slot,
            position,
            id: u32::from_le_bytes([i0, i1, i2, i3]),
        });
    }
    Ok(())
}

/// Borrows the text of column `index`.
fn text<'row>(row: &'row Row, index: usize) -> rusqlite::Result<&'row str> {
    let value = row.get_ref(index)?;
    value.as_str().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(error))
    })
}

/// Borrows the bytes of column `index`.
fn blob<'row>(row: &'row Row, index: usize) -> rusqlite::Result<&'row [u8]> {
    match row.get_ref(index)? {
        SqlValue::Blob(bytes) => Ok(bytes),
        _ => Err(bad_column(index, "a value that is not a blob")),
    }
}

/// Reads a record kind stored by its name.
fn kind(row: &Row, index: usize) -> rusqlite::Result<Kind> {
    let name = text(row, index)?;
    let kinds = [Kind::Person, Kind::Organisation, Kind::Network];
    kinds
        .into_iter()
        .find(|kind| kind.as_str() == name)
        .ok_or_else(|| bad_column(index, "an unknown kind"))
}

/// An error for a column holding something search never stores.
fn bad_column(index: usize, what: &str) -> rusqlite::Error {
    let message = format!("search_doc or search_value holds {what}; rebuild the search tables");
    rusqlite::Error::FromSqlConversionFailure(index, Type::Blob, message.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Index;
    use proptest::prelude::*;

    fn store(docs: &[SearchDoc]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        for doc in docs {
            upsert(&conn, doc).unwrap();
        }
        conn
    }

    fn directory() -> Vec<SearchDoc> {
        crate::search::test_directory()
    }

    #[track_caller]
    fn assert_same_as_memory(
        docs: &[SearchDoc],
        conn: &Connection,
        query: &str,
        filters: &Filters,
    ) {
        let query = Query::parse(query);
        let expected = Index::new(docs.to_vec()).search(&query, filters, 10);
        let found = search(conn, &query, filters, 10).unwrap();
        let hits: Vec<Hit> = found.iter().map(|(hit, _)| hit.clone()).collect();
        assert_eq!(hits, expected, "{query:?}");
        for (hit, doc) in &found {
            assert_eq!(&hit.id, &doc.id);
            assert!(docs.contains(doc), "{doc:?} was not stored");
        }
    }

    #[test]
    fn all_docs_gives_back_what_was_stored() {
        let docs = directory();
        assert_eq!(all_docs(&store(&docs)).unwrap(), docs);
    }

    #[test]
    fn doc_gives_the_entry_all_docs_gives() {
        let docs = directory();
        let conn = store(&docs);
        let all = all_docs(&conn).unwrap();
        for expected in &all {
            assert_eq!(doc(&conn, &expected.id).unwrap().as_ref(), Some(expected));
        }
        assert_eq!(doc(&conn, "no such id").unwrap(), None);
    }

    #[test]
    fn upsert_replaces_and_remove_deletes() {
        let mut docs = directory();
        let conn = store(&docs);
        docs[0].name = "Dan Bristow-Jones".to_string();
        docs[0].organisations.push("Cardiff University".to_string());
        upsert(&conn, &docs[0]).unwrap();
        remove(&conn, &docs[1].id).unwrap();
        remove(&conn, "no such id").unwrap();
        let removed = docs.remove(1);
        assert_eq!(all_docs(&conn).unwrap(), docs);
        let hits = search(&conn, &Query::parse("halpern"), &Filters::default(), 5).unwrap();
        assert!(hits.iter().all(|(hit, _)| hit.id != removed.id));
        assert_same_as_memory(&docs, &conn, "bristow jones", &Filters::default());
    }

    /// A store file, so that search splits its scan across two
    /// connections as it does for users.
    fn store_file(docs: &[SearchDoc], folder: &std::path::Path) -> Connection {
        let conn = Connection::open(folder.join("search.db")).unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        for doc in docs {
            upsert(&conn, doc).unwrap();
        }
        conn
    }

    #[test]
    fn a_scan_split_across_two_connections_finds_what_one_finds() {
        let folder = tempfile::tempdir().unwrap();
        let docs = directory();
        let conn = store_file(&docs, folder.path());
        for query in FILE_QUERIES {
            assert_same_as_memory(&docs, &conn, query, &Filters::default());
        }
    }

    /// A store file with the `meta` rows a snapshot is keyed on, as a
    /// real store has.
    fn keyed_store_file(docs: &[SearchDoc], folder: &std::path::Path) -> Connection {
        let conn = store_file(docs, folder);
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('store_id', 's1'), ('change', '1'), ('clock', 'c1');",
        )
        .unwrap();
        conn
    }

    fn snapshot_of(folder: &std::path::Path) -> std::path::PathBuf {
        search_snapshot::path_for(&folder.join("search.db"))
    }

    /// Queries for the searches of a store file.
    const FILE_QUERIES: [&str; 9] = [
        "",
        "halpern",
        "halpren",
        "dan wales",
        "eef",
        "caerdydd",
        "d",
        "^dan !walsh",
        "bristow@wcpp",
    ];

    #[test]
    fn a_search_writes_a_snapshot_and_finds_through_it_what_memory_finds() {
        let folder = tempfile::tempdir().unwrap();
        let docs = directory();
        let conn = keyed_store_file(&docs, folder.path());
        let snapshot = snapshot_of(folder.path());
        assert!(!snapshot.exists());
        assert_same_as_memory(&docs, &conn, "halpern", &Filters::default());
        assert!(snapshot.exists(), "the first search writes the snapshot");
        let written = std::fs::metadata(&snapshot).unwrap().modified().unwrap();
        for query in FILE_QUERIES {
            assert_same_as_memory(&docs, &conn, query, &Filters::default());
        }
        let filters = Filters {
            nation: Some("wales".to_string()),
            ..Filters::default()
        };
        assert_same_as_memory(&docs, &conn, "dan", &filters);
        let now = std::fs::metadata(&snapshot).unwrap().modified().unwrap();
        assert_eq!(now, written, "a current snapshot is read, not rewritten");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&snapshot).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the snapshot is its owner's only");
        }
    }

    #[test]
    fn a_change_to_the_store_makes_the_snapshot_stale() {
        let folder = tempfile::tempdir().unwrap();
        let mut docs = directory();
        let conn = keyed_store_file(&docs, folder.path());
        assert_same_as_memory(&docs, &conn, "halpern", &Filters::default());
        docs[0].name = "Dan Bristow-Jones".to_string();
        upsert(&conn, &docs[0]).unwrap();
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'change'", [])
            .unwrap();
        assert_same_as_memory(&docs, &conn, "bristow jones", &Filters::default());
        let key = search_snapshot::current_key(&conn).unwrap();
        assert!(search_snapshot::open(&snapshot_of(folder.path()), &key).is_some());
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'change'", [])
            .unwrap();
        discard_stale_snapshot(&conn).unwrap();
        assert!(
            !snapshot_of(folder.path()).exists(),
            "a commit that moves the key deletes the snapshot"
        );
    }

    #[test]
    fn a_damaged_snapshot_is_never_trusted() {
        let folder = tempfile::tempdir().unwrap();
        let docs = directory();
        let conn = keyed_store_file(&docs, folder.path());
        assert_same_as_memory(&docs, &conn, "halpern", &Filters::default());
        let snapshot = snapshot_of(folder.path());
        let whole = std::fs::read(&snapshot).unwrap();
        // Cut short: the chunk table no longer matches, so it is rewritten.
        std::fs::write(&snapshot, &whole[..whole.len() - 7]).unwrap();
        assert_same_as_memory(&docs, &conn, "dan wales", &Filters::default());
        assert_eq!(std::fs::read(&snapshot).unwrap(), whole);
        // An entry's length made absurd: the scan stops, search reads the
        // store instead and the snapshot is removed.
        let mut damaged = whole.clone();
        let first_entry = damaged.len() - entries_length(&conn);
        damaged[first_entry + 8..first_entry + 12].copy_from_slice(&u32::MAX.to_le_bytes());
        std::fs::write(&snapshot, &damaged).unwrap();
        for query in FILE_QUERIES {
            assert_same_as_memory(&docs, &conn, query, &Filters::default());
        }
    }

    /// Every record's row number and packed entry, in row order.
    fn all_entries(conn: &Connection) -> rusqlite::Result<Vec<(i64, Vec<u8>)>> {
        let mut statement = conn.prepare("SELECT doc, packed FROM search_scan ORDER BY doc")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect()
    }

    /// Every row of the three tables, as text, in table and key order.
    fn table_rows(conn: &Connection) -> Vec<String> {
        let mut rows = Vec::new();
        for sql in [
            "SELECT id, slot, text FROM search_value ORDER BY id",
            "SELECT doc, id, kind, name, alt_name, emails, networks, place_code, \
             hex(value_refs) FROM search_doc ORDER BY doc",
            "SELECT doc, hex(packed) FROM search_scan ORDER BY doc",
        ] {
            let mut statement = conn.prepare(sql).unwrap();
            let width = statement.column_count();
            let found = statement
                .query_map([], |row| {
                    let cells: Vec<String> = (0..width)
                        .map(|column| format!("{:?}", row.get_ref(column).unwrap()))
                        .collect();
                    Ok(cells.join("|"))
                })
                .unwrap();
            rows.extend(found.map(Result::unwrap));
        }
        rows
    }

    /// The length of a snapshot's entries: everything after its header.
    fn entries_length(conn: &Connection) -> usize {
        let entries = all_entries(conn).unwrap();
        entries.iter().map(|(_, packed)| 12 + packed.len()).sum()
    }

    #[test]
    fn the_command_line_finds_what_the_screen_finds() {
        let docs = directory();
        let conn = store(&docs);
        let queries = [
            "",
            "halpern",
            "halpren",
            "bristwo",
            "dan wales",
            "eef",
            "wcpp",
            "wales centre",
            "sian",
            "caerdydd",
            "'alpern",
            "^dan !walsh",
            "bristow@wcpp",
            "d",
            "ha",
        ];
        for query in queries {
            assert_same_as_memory(&docs, &conn, query, &Filters::default());
        }
        let filters = Filters {
            kinds: vec![Kind::Person],
            nation: Some("wales".to_string()),
            place_code: Some("w06000015".to_string()),
            topic: None,
            network: None,
        };
        assert_same_as_memory(&docs, &conn, "", &filters);
        assert_same_as_memory(&docs, &conn, "dan", &filters);
    }

    /// Names, organisations and places drawn from small sets, so that
    /// random queries often match and ties are common.
    fn any_doc() -> impl Strategy<Value = SearchDoc> {
        let word = prop::sample::select(vec![
            "Siân",
            "Dan",
            "Bristow",
            "Halpern",
            "Hal",
            "Perry",
            "Wales",
            "Centre",
            "Llŷr",
            "Edu",
            "Endowment",
            "Foundation",
            "for",
            "the",
            "Cardiff",
        ]);
        let words = prop::collection::vec(word, 1..4).prop_map(|words| words.join(" "));
        let kind = prop::sample::select(vec![Kind::Person, Kind::Organisation, Kind::Network]);
        (
            0u32..1000,
            kind,
            words.clone(),
            words.clone(),
            words,
            prop::bool::ANY,
        )
            .prop_map(|(number, kind, name, organisation, place, welsh)| {
                let mut doc = crate::search::test_doc(&format!("id-{number}"), kind, &name);
                doc.organisations = vec![organisation];
                doc.place = place;
                doc.nation = if welsh { "wales" } else { "england" }.to_string();
                doc.emails = vec![format!(
                    "{}@example.org",
                    name.to_lowercase().replace(' ', ".")
                )];
                doc
            })
    }

    fn any_query() -> impl Strategy<Value = String> {
        let term = prop::sample::select(vec![
            "s", "si", "sian", "dan", "bristwo", "halpren", "hal", "wales", "wcfp", "eef", "'cen",
            "^dan", "ow$", "!perry", "!^hal", "ll", "cardif", "edu", "@example",
        ]);
        prop::collection::vec(term, 0..3).prop_map(|terms| terms.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn sql_and_memory_agree(
            docs in prop::collection::vec(any_doc(), 0..30),
            query in any_query(),
            welsh in prop::bool::ANY,
        ) {
            let mut unique = Vec::new();
            for doc in docs {
                if !unique.iter().any(|kept: &SearchDoc| kept.id == doc.id) {
                    unique.push(doc);
                }
            }
            let conn = store(&unique);
            let nation = welsh.then(|| "wales".to_string());
            let filters = Filters { nation, ..Filters::default() };
            assert_same_as_memory(&unique, &conn, &query, &filters);
        }

        #[test]
        fn storing_many_at_once_stores_what_one_at_a_time_stores(
            before in prop::collection::vec(any_doc(), 0..4),
            docs in prop::collection::vec(any_doc(), 0..30),
        ) {
            let mut unique: Vec<SearchDoc> = Vec::new();
            for doc in docs {
                if !unique.iter().any(|kept| kept.id == doc.id) {
                    unique.push(doc);
                }
            }
            // In id order, as every caller hands them over, and in any
            // order: only the first may be written in bulk, and both must
            // store what one upsert at a time stores.
            let mut rising = unique.clone();
            rising.sort_by(|a, b| a.id.cmp(&b.id));
            for docs in [rising, unique] {
                let one_at_a_time = store(&before);
                for doc in &docs {
                    upsert(&one_at_a_time, doc).unwrap();
                }
                let at_once = store(&before);
                upsert_many(&at_once, &docs).unwrap();
                prop_assert_eq!(table_rows(&at_once), table_rows(&one_at_a_time));
            }
        }

        #[test]
        fn snapshot_and_memory_agree(
            docs in prop::collection::vec(any_doc(), 0..30),
            queries in prop::collection::vec(any_query(), 1..4),
        ) {
            let mut unique = Vec::new();
            for doc in docs {
                if !unique.iter().any(|kept: &SearchDoc| kept.id == doc.id) {
                    unique.push(doc);
                }
            }
            let folder = tempfile::tempdir().unwrap();
            let conn = keyed_store_file(&unique, folder.path());
            for query in &queries {
                assert_same_as_memory(&unique, &conn, query, &Filters::default());
            }
            prop_assert!(snapshot_of(folder.path()).exists());
        }
    }
}
