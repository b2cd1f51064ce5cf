//! What `kith sync DIR` needs beyond import and export: which files in the
//! shared folder are other stores' sync files, and which of those this
//! store has already imported exactly as they are now.
//!
//! Each store writes one file there, named after itself, and rewrites it
//! at every sync. A file is known by its sender and the checksum of its
//! records, both in its header; once imported, a file with the same
//! checksum from the same sender holds nothing new (merging is
//! idempotent), so it is not read again. Only the header line is read to
//! tell: at 100,000 people a file is about 160 MB, and reading and
//! checking it takes seconds.

use super::format::{Header, FORMAT_NAME};
use crate::store::{Result, Store};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The extension `kith sync` writes and reads.
pub const SYNC_EXTENSION: &str = "kith";

/// The longest header line read when peeking; real headers are a few
/// hundred bytes.
const MOST_HEADER_BYTES: u64 = 64 * 1024;

/// The `*.kith` files in `folder` other than `ours`, in name order so that
/// every run reads them alike.
pub fn other_sync_files(folder: &Path, ours: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        let is_sync_file = path
            .extension()
            .is_some_and(|extension| extension == SYNC_EXTENSION);
        if is_sync_file && path.is_file() && path != ours {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// The header of the sync file at `path`, read from its first line alone,
/// or `None` if that line is not a kith sync header. Nothing is checked
/// beyond the header's shape: a file that is then read is checked whole.
pub fn peek_header(path: &Path) -> Option<Header> {
    let file = std::fs::File::open(path).ok()?;
    let mut line = Vec::new();
    BufReader::new(file.take(MOST_HEADER_BYTES))
        .read_until(b'\n', &mut line)
        .ok()?;
    let header: Header = serde_json::from_slice(&line).ok()?;
    (header.format == FORMAT_NAME).then_some(header)
}

/// Whether this store has imported the file at `path` as it is now.
pub fn already_imported(store: &Store, path: &Path) -> Result<bool> {
    let Some(header) = peek_header(path) else {
        return Ok(false);
    };
    let seen = store.imported_sync_file(&header.store)?;
    Ok(seen.as_deref() == Some(header.body_sha256.as_str()))
}

/// Notes that `header`'s file was imported, so that the next sync skips it
/// until its sender writes it again.
pub fn remember_imported(store: &Store, header: &Header) -> Result<()> {
    store.remember_imported_sync_file(&header.store, &header.body_sha256)
}
