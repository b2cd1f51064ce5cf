//! Errors from operations, each a sentence or two a user can act on, and
//! whether the fault was in what they typed (exit 2) or elsewhere (exit 1).

use crate::places::PlaceError;
use crate::store::StoreError;
use crate::topics::TopicError;

/// Why an operation did not happen. Nothing was changed in any case.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// A value typed by the user is not acceptable.
    #[error("{0}")]
    BadValue(String),
    /// An unknown place or nation.
    #[error(transparent)]
    Place(#[from] PlaceError),
    /// An unknown topic.
    #[error(transparent)]
    Topic(#[from] TopicError),
    /// No record matches a reference.
    #[error("no {kinds} matches \"{reference}\"; check the spelling, or find it with `kith search {reference}`")]
    NotFound {
        /// What the user typed.
        reference: String,
        /// The kinds looked for, in words.
        kinds: String,
    },
    /// A reference is the id of a record that is no longer live.
    #[error("{reference} {why}")]
    Gone {
        /// What the user typed.
        reference: String,
        /// What became of it and what to use instead.
        why: String,
    },
    /// Several records match a reference.
    #[error("\"{reference}\" matches {} records:\n{}\nuse more of the name, or the id", candidates.len(), list(candidates))]
    Ambiguous {
        /// What the user typed.
        reference: String,
        /// The records it could mean.
        candidates: Vec<super::Candidate>,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn list(candidates: &[super::Candidate]) -> String {
    candidates
        .iter()
        .map(|candidate| format!("  {}", candidate))
        .collect::<Vec<_>>()
        .join("\n")
}

impl OpsError {
    /// Whether the error lies in what the user typed, which the command
    /// line reports with exit status 2.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            OpsError::BadValue(_) | OpsError::Place(_) | OpsError::Topic(_)
        )
    }
}

/// The result of an operation.
pub type Result<T, E = OpsError> = std::result::Result<T, E>;
