//! What can go wrong in the store, in words a user can act on.

use std::path::PathBuf;

/// An error from the store. Each message names the file or record and says
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// There is no store at the path.
    #[error(
        "there is no kith store at {}; create one with `kith init --centre NAME`, \
         or point --db or KITH_DB at an existing store",
        path.display()
    )]
    NoStore {
        /// Where we looked.
        path: PathBuf,
    },
    /// `init` was asked to create a store where one already is.
    #[error(
        "a kith store already exists at {}; use it as it is, or choose another path with --db",
        path.display()
    )]
    AlreadyExists {
        /// Where it is.
        path: PathBuf,
    },
    /// `init` was given a folder where a file should be.
    #[error(
        "{} is a folder; give the path of the store file to make, such as {}",
        path.display(),
        path.join("kith.db").display()
    )]
    IsAFolder {
        /// The folder.
        path: PathBuf,
    },
    /// `init` was asked to create a store over a file that is not one.
    #[error(
        "there is already a file at {} and it is not a kith store; \
         choose another path with --db, so that the file is left alone",
        path.display()
    )]
    OtherFile {
        /// The file.
        path: PathBuf,
    },
    /// The file is not a kith store.
    #[error(
        "{} is not a kith store (or is damaged); check the path given to --db or KITH_DB",
        path.display()
    )]
    NotAStore {
        /// The file.
        path: PathBuf,
    },
    /// The store was written by a newer kith.
    #[error(
        "{} was written by a newer kith (schema {found}, this kith reads up to {known}); \
         upgrade kith to open it",
        path.display()
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// Another process holds the store for longer than we wait.
    #[error("the store at {} is busy: another kith is writing to it; try again in a moment", path.display())]
    Busy {
        /// The file.
        path: PathBuf,
    },
    /// The disk holding the store filled up during a write, which was
    /// undone.
    #[error(
        "the disk holding {} is full, so nothing was changed; free some space and try again",
        path.display()
    )]
    DiskFull {
        /// The store file.
        path: PathBuf,
    },
    /// No record has this id.
    #[error("no record has the id {id}")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// A write that would break the store's rules.
    #[error("{0}")]
    Invalid(String),
    /// A file system error around the store file.
    #[error("could not use {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// SQLite failed in a way none of the above explains.
    #[error("the store failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
