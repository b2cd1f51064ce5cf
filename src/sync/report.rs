//! What an import did, or would do, in words: the lines `kith import`
//! prints and the screen's preview shows, written once so that both say
//! the same thing.

use super::import::FileReport;
use super::merge::{Conflict, Side};
use crate::model::short_id;

impl FileReport {
    /// One line for the file: `from-wcpp.kith (from Wales Centre for Public
    /// Policy, written 2026-12-03T16:45:14Z): 3 new, 1 updated, 0 deleted,
    /// 0 erased, 40 unchanged, 1 conflict`.
    pub fn headline(&self) -> String {
        format!(
            "{} (from {}, written {}): {}",
            self.file.display(),
            self.centre,
            self.written_at,
            self.counts()
        )
    }

    /// What merging the file changed, or would change: `3 new, 1 updated,
    /// 0 deleted, 0 erased, 40 unchanged, 1 conflict`.
    pub fn counts(&self) -> String {
        let summary = &self.summary;
        let conflicts = summary.conflicts.len();
        format!(
            "{} new, {} updated, {} deleted, {} erased, {} unchanged, {conflicts} {}",
            summary.new,
            summary.updated,
            summary.deleted,
            summary.erased,
            summary.unchanged,
            if conflicts == 1 {
                "conflict"
            } else {
                "conflicts"
            }
        )
    }
}

impl Conflict {
    /// The conflict and the side every store keeps: `conflict: person Ann
    /// Jones (1a2b3c4d) role: ours "Director", theirs "Head"; theirs kept`.
    pub fn describe(&self) -> String {
        let winner = match self.winner {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        };
        format!(
            "conflict: {} {} ({}) {}: ours {}, theirs {}; {winner} kept",
            self.kind,
            self.name,
            short_id(&self.id),
            self.field,
            self.ours,
            self.theirs,
        )
    }
}

/// The question asked before an import that would delete or erase more
/// than a fifth of the store's `live` records.
pub fn large_loss_question(deleted: u64, erased: u64, live: u64) -> String {
    format!("The files would delete {deleted} and erase {erased} of {live} records. Go on?")
}
