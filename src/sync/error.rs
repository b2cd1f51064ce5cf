//! What can go wrong reading, writing and merging sync files, in words a
//! user can act on. A [`FileProblem`] says what is wrong inside one file;
//! [`SyncError`] adds which file, or says what failed around it.

use crate::store::StoreError;
use std::path::PathBuf;

/// What to do about a file damaged on its way.
const FRESH_COPY: &str = "ask the sender for a fresh copy";

/// Why a sync file was refused. Each message says what is wrong with the
/// file; [`SyncError::Refused`] adds its path and what to do.
#[derive(Debug, thiserror::Error)]
pub enum FileProblem {
    /// The file is bigger than kith reads in one go.
    #[error(
        "it is larger than the {cap} bytes kith accepts in one sync file; \
         ask the sender to split it with --nation, --network or --topic"
    )]
    TooLarge {
        /// The cap, [`super::format::MAX_FILE_BYTES`].
        cap: u64,
    },
    /// The file is empty.
    #[error("it is empty, not a kith sync file")]
    Empty,
    /// Bytes that are not UTF-8 text.
    #[error("line {line} is not valid UTF-8 text, so the file is damaged; {FRESH_COPY}")]
    NotUtf8 {
        /// The first line with a bad byte, counting from 1.
        line: usize,
    },
    /// The first line is not a kith sync header.
    #[error("it is not a kith sync file (its first line is not a kith-sync header)")]
    NotSyncFile,
    /// A newer kith wrote the file in a format this one cannot read.
    #[error(
        "it was written by {written_by} in sync format {major}.{minor}, and this kith \
         ({ours}) reads format {known}.x only; upgrade to {written_by} or later to import it",
        ours = super::format::WRITTEN_BY,
        known = super::format::MAJOR
    )]
    NewerMajor {
        /// The file's major version.
        major: u64,
        /// The file's minor version.
        minor: u64,
        /// The kith that wrote it, as the header names it.
        written_by: String,
    },
    /// A major version that no kith has written.
    #[error("it claims sync format {major}, which no kith has ever written")]
    UnknownMajor {
        /// The file's major version.
        major: u64,
    },
    /// The header is missing something or holds the wrong type.
    #[error("its header is not valid ({0}); {FRESH_COPY}")]
    BadHeader(String),
    /// Fewer lines than the header promises, or a last line cut off.
    #[error(
        "it is cut short: the header promises {expected} records, and {found} are whole; \
         {FRESH_COPY}"
    )]
    Truncated {
        /// Records the header promises.
        expected: u64,
        /// Whole lines found after the header.
        found: u64,
    },
    /// The body's bytes do not hash to the header's checksum.
    #[error(
        "its records do not match the checksum in its header, so it was damaged or changed \
         on the way; {FRESH_COPY}"
    )]
    Checksum,
    /// More lines than the header promises.
    #[error("it holds {found} records where its header promises {expected}; {FRESH_COPY}")]
    TooManyRecords {
        /// Records the header promises.
        expected: u64,
        /// Lines found.
        found: u64,
    },
    /// One line is not a valid record.
    #[error("line {line} is not a valid record ({reason}); {FRESH_COPY}")]
    BadRecord {
        /// The line, counting the header as line 1.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A change stamped too far in the future to trust.
    #[error(
        "line {line} holds a change stamped {stamp}, more than a day ahead of this \
         computer's clock; check the clock here and on the computer that wrote the file"
    )]
    ClockAhead {
        /// The line, counting the header as line 1.
        line: usize,
        /// The stamp.
        stamp: String,
    },
}

/// An error from export, import or sync.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// A file was refused before anything changed.
    #[error("{} was not imported, and nothing was changed: {problem}", path.display())]
    Refused {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: FileProblem,
    },
    /// A record in a file contradicts the one this store holds.
    #[error(
        "{} was not imported, and nothing was changed: record {id} is a {ours} here but a \
         {theirs} in the file; the file does not belong with this store's records",
        path.display()
    )]
    Mismatch {
        /// The file.
        path: PathBuf,
        /// The record's id.
        id: String,
        /// What the record is here.
        ours: String,
        /// What the file says it is.
        theirs: String,
    },
    /// The files would delete or erase much of the store, and the caller
    /// asked to be stopped before that happens. Nothing was changed.
    #[error(
        "the files would delete {deleted} and erase {erased} of the {live} records in this \
         store. Nothing was changed; look with --dry-run, then run again with --yes if that is \
         what you want"
    )]
    LargeLoss {
        /// Records the files would delete.
        deleted: u64,
        /// Records the files would erase.
        erased: u64,
        /// Live records in the store.
        live: u64,
    },
    /// Reading or writing a file failed.
    #[error("could not use {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The sync module's result type.
pub type Result<T, E = SyncError> = std::result::Result<T, E>;
