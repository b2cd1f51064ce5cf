//! A copy of the search entries in a plain file beside the store, so that
//! `kith search` reads them without SQLite.
//!
//! The command line has to score every record. Reading 100,000 entries
//! through SQLite cost as much as scoring them (stepping rows, parsing
//! cells, copying blobs), so the packed entries of `search_scan` are also
//! written, one after another, to `<store>-search`. A search maps that
//! file into memory and scores its chunks on every core instead.
//!
//! The file is only a cache. Its header holds a key made of the store's
//! schema version, change number and clock, which move with every change
//! the store commits; a file whose key is not the store's current one is
//! never read, but rewritten. After a commit that moved the key the file
//! is deleted at once, so that what an erasure removed does not linger in
//! it until the next search. Like the store, it is readable by its owner
//! only, and it is written to a temporary file and renamed, so no reader
//! ever sees half of one.
//!
//! Layout (all integers little-endian): the magic bytes, the key's length
//! (u32) and the key, the number of chunks (u32) and each chunk's end as
//! an offset into the entries (u64), then the entries: per record its row
//! number in `search_doc` (i64), the packed entry's length (u32) and the
//! packed entry (see `crate::search::packed`).

use memmap2::Mmap;
use rusqlite::{Connection, OptionalExtension};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The first bytes of every snapshot; the digit is the layout's version.
const MAGIC: &[u8; 8] = b"kithsrc1";

/// Records per chunk: small enough to share the work evenly between
/// cores and keep a chunk's buffer in cache, large enough that reading a
/// chunk is one system call worth making.
const CHUNK_RECORDS: usize = 2048;

/// Bytes before each entry's packed data: row number and length.
const ENTRY_HEAD: usize = 12;

/// Most chunks a header may list, so that a damaged header cannot make a
/// reader allocate without bound (about 4 million records).
const MOST_CHUNKS: u32 = 1 << 11;

/// A snapshot that matches the store, mapped into memory and ready to be
/// scanned.
pub struct Snapshot {
    map: Mmap,
    /// Where the entries begin in the file.
    body_start: usize,
    /// The end of each chunk, as an offset into the entries.
    chunk_ends: Vec<usize>,
}

/// The snapshot file of the store at `store_path`.
pub fn path_for(store_path: &Path) -> PathBuf {
    let mut name = store_path.as_os_str().to_owned();
    name.push("-search");
    PathBuf::from(name)
}

/// The key a snapshot must carry to match the store as `conn` sees it
/// now. Read it in the same transaction as everything else a search reads.
pub fn current_key(conn: &Connection) -> rusqlite::Result<String> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let mut meta = conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?;
    let mut read = |key: &str| -> rusqlite::Result<String> {
        let value: Option<String> = meta.query_row([key], |row| row.get(0)).optional()?;
        Ok(value.unwrap_or_default())
    };
    let (store, change, clock) = (read("store_id")?, read("change")?, read("clock")?);
    Ok(format!("{version}/{store}/{change}/{clock}"))
}

/// The snapshot at `path`, if it exists, is whole and carries `key`.
pub fn open(path: &Path, key: &str) -> Option<Snapshot> {
    let file = File::open(path).ok()?;
    // SAFETY: a mapped file changed by another process would change the
    // bytes under us. kith never changes a snapshot in place: it writes a
    // new file and renames it over the old one, which leaves this mapping
    // on the old file. Whatever the bytes are, they are only ever read
    // with bounds checked, so a damaged file is an error, not a crash.
    let map = unsafe { Mmap::map(&file) }.ok()?;
    let mut reader = Cursor { bytes: &map };
    if reader.take(MAGIC.len())? != MAGIC || reader.text()? != key {
        return None;
    }
    let chunks = reader.u32()?;
    if chunks > MOST_CHUNKS {
        return None;
    }
    let chunk_ends = (0..chunks)
        .map(|_| usize::try_from(reader.u64()?).ok())
        .collect::<Option<Vec<usize>>>()?;
    let body_start = map.len() - reader.bytes.len();
    let body_length = chunk_ends.last().copied().unwrap_or(0);
    let ordered = chunk_ends.windows(2).all(|pair| pair[0] <= pair[1]);
    if !ordered || body_length != reader.bytes.len() {
        return None;
    }
    Some(Snapshot {
        map,
        body_start,
        chunk_ends,
    })
}

/// Appends one record's entry, as a snapshot holds it, to `entries`:
/// what [`write`] takes.
pub fn push_entry(entries: &mut Vec<u8>, doc: i64, packed: &[u8]) {
    entries.extend_from_slice(&doc.to_le_bytes());
    entries.extend_from_slice(&(packed.len() as u32).to_le_bytes());
    entries.extend_from_slice(packed);
}

/// Writes a snapshot carrying `key` to `path`, replacing any there: its
/// entries are the concatenation of `parts`, each a run of entries made by
/// [`push_entry`]. It is written to a temporary file in the same folder
/// and renamed into place, so a reader sees the old file or the new one.
pub fn write<'a>(
    path: &Path,
    key: &str,
    parts: impl Iterator<Item = &'a [u8]> + Clone,
) -> io::Result<()> {
    let chunk_ends = chunk_ends(parts.clone())?;
    let chunks = u32::try_from(chunk_ends.len())
        .ok()
        .filter(|chunks| *chunks <= MOST_CHUNKS)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "too many records"))?;
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // tempfile creates the file readable by its owner only.
    let temporary = tempfile::NamedTempFile::new_in(folder)?;
    let mut out = BufWriter::with_capacity(1 << 16, temporary.as_file());
    out.write_all(MAGIC)?;
    write_text(&mut out, key)?;
    out.write_all(&chunks.to_le_bytes())?;
    for end in &chunk_ends {
        out.write_all(&(*end as u64).to_le_bytes())?;
    }
    for part in parts {
        out.write_all(part)?;
    }
    out.flush()?;
    drop(out);
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// Deletes the snapshot at `path` unless it carries `key`: called after
/// every commit, so that a snapshot never outlives the change that made it
/// stale by more than a moment.
pub fn discard_unless(path: &Path, key: &str) {
    if !path.exists() {
        return;
    }
    if !carries(path, key) {
        if let Err(error) = std::fs::remove_file(path) {
            tracing::debug!(%error, "could not remove a stale search snapshot");
        }
    }
}

/// Whether the snapshot at `path` starts with `key`.
fn carries(path: &Path, key: &str) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    // The key is short: its length and the magic bytes come first.
    let mut start = Vec::with_capacity(64);
    let read = file
        .take((MAGIC.len() + 4 + key.len()) as u64)
        .read_to_end(&mut start);
    let mut reader = Cursor { bytes: &start };
    read.is_ok() && reader.take(MAGIC.len()) == Some(MAGIC) && reader.text() == Some(key)
}

impl Snapshot {
    /// How many chunks the entries are in.
    pub fn chunks(&self) -> usize {
        self.chunk_ends.len()
    }

    /// Calls `each` with the row number and packed entry of every record
    /// in `chunks`, in order. Stops at the first error `each` returns.
    pub fn for_each_in<E: From<io::Error>>(
        &self,
        chunks: std::ops::Range<usize>,
        mut each: impl FnMut(i64, &[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let body = &self.map[self.body_start..];
        for chunk in chunks {
            let start = chunk
                .checked_sub(1)
                .map_or(0, |before| self.chunk_ends[before]);
            let bytes = body
                .get(start..self.chunk_ends[chunk])
                .ok_or_else(damaged)?;
            for_each_entry(bytes, &mut each)?;
        }
        Ok(())
    }
}

/// Reads the header from the front of a snapshot's bytes; every method
/// gives `None` where the bytes end too soon.
struct Cursor<'a> {
    bytes: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, length: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.bytes.split_at_checked(length)?;
        self.bytes = rest;
        Some(taken)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A text written by [`write_text`].
    fn text(&mut self) -> Option<&'a str> {
        let length = self.u32()?;
        std::str::from_utf8(self.take(usize::try_from(length).ok()?)?).ok()
    }
}

/// Calls `each` for every entry in one chunk's bytes.
fn for_each_entry<E: From<io::Error>>(
    mut bytes: &[u8],
    each: &mut impl FnMut(i64, &[u8]) -> Result<(), E>,
) -> Result<(), E> {
    while !bytes.is_empty() {
        let (head, rest) = bytes.split_at_checked(ENTRY_HEAD).ok_or_else(damaged)?;
        let doc = i64::from_le_bytes(head[..8].try_into().map_err(|_| damaged())?);
        let length = u32::from_le_bytes(head[8..].try_into().map_err(|_| damaged())?);
        let (packed, rest) = rest.split_at_checked(length as usize).ok_or_else(damaged)?;
        each(doc, packed)?;
        bytes = rest;
    }
    Ok(())
}

/// Where each chunk of the entries in `parts` ends, as an offset into
/// all of them: every [`CHUNK_RECORDS`] entries, and at the last.
fn chunk_ends<'a>(parts: impl Iterator<Item = &'a [u8]>) -> io::Result<Vec<usize>> {
    let mut ends = Vec::new();
    let (mut offset, mut in_chunk) = (0, 0);
    for part in parts {
        let mut rest = part;
        while !rest.is_empty() {
            let length = rest
                .get(8..ENTRY_HEAD)
                .and_then(|bytes| bytes.try_into().ok())
                .map(|bytes| u32::from_le_bytes(bytes) as usize)
                .ok_or_else(damaged)?;
            let entry = ENTRY_HEAD + length;
            rest = rest.get(entry..).ok_or_else(damaged)?;
            offset += entry;
            in_chunk += 1;
            if in_chunk == CHUNK_RECORDS {
                ends.push(offset);
                in_chunk = 0;
            }
        }
    }
    if in_chunk > 0 {
        ends.push(offset);
    }
    Ok(ends)
}

fn write_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(&(text.len() as u32).to_le_bytes())?;
    out.write_all(text.as_bytes())
}

fn damaged() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the search snapshot is damaged")
}
