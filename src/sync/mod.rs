//! Sync: sharing records between stores through files, with no server.
//!
//! A store writes what it may share as a sync file ([`format`](mod@format): JSON Lines,
//! a header with a checksum, then one record per line); another store reads
//! it, checks it whole, and merges it field by field ([`merge`]) in one
//! transaction. Merging is last-writer-wins on the hybrid logical clock,
//! so any set of files imported in any order, with repeats, leaves every
//! store with the same records, byte for byte in `kith dump`.
//!
//! Signing and encryption are not part of this version of the format; see
//! `docs/sync-format.md` for how they will be added.

pub mod duplicates;
pub mod error;
pub mod export;
pub mod folder;
pub mod format;
pub mod import;
pub mod merge;
mod record_line;
pub mod report;
pub mod streamed;

pub use duplicates::{duplicates_to_review, find_duplicates, merge_pair};
pub use duplicates::{Duplicate, DuplicateReview, MergeOutcome};
pub use error::{FileProblem, Result, SyncError};
pub use export::{export, export_bytes, shareable, ExportSummary, Selection};
pub use format::{decode, encode, Header, SyncFile};
pub use import::{import, import_checked, read_file, read_files, FileReport, ImportReport, Mode};
pub use merge::{merge_one_at_a_time, merge_records, Conflict, Side, Summary};
