//! Creating and opening store files: owner-only permissions, WAL, foreign
//! keys, a busy timeout, migrations, and reading the store's identity.

use super::migrate::{self, SCHEMA_VERSION};
use super::{Identity, Result, Store, StoreError};
use crate::model::{Clock, Stamp};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::fs::OpenOptions;
use std::path::Path;
use std::time::Duration;

/// How long a write waits for another kith process before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub fn create(path: &Path, centre: &str) -> Result<Store> {
    let path_buf = path.to_path_buf();
    if path.is_dir() {
        return Err(StoreError::IsAFolder { path: path_buf });
    }
    if path.exists() {
        return Err(match open(path) {
            Ok(_) => StoreError::AlreadyExists { path: path_buf },
            Err(_) => StoreError::OtherFile { path: path_buf },
        });
    }
    create_private_file(path)?;
    let connection = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    initialise(connection, path, centre).inspect_err(|_| {
        // A half-made store is worse than none: the next `init` must work.
        let _ = std::fs::remove_file(path);
    })
}

pub fn open(path: &Path) -> Result<Store> {
    if !path.is_file() {
        return Err(StoreError::NoStore {
            path: path.to_path_buf(),
        });
    }
    let mut connection = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    check_schema(&connection, path)?;
    migrate::migrate(&mut connection)?;
    let identity = read_identity(&connection, path)?;
    let clock = read_clock(&connection, &identity)?;
    Ok(Store {
        connection,
        path: path.to_path_buf(),
        identity,
        clock,
    })
}

pub fn in_memory(centre: &str) -> Result<Store> {
    let connection = Connection::open_in_memory()?;
    initialise(connection, Path::new(":memory:"), centre)
}

/// Creates the empty file with owner-only permissions before SQLite opens
/// it; SQLite gives its WAL, shared-memory and journal files the same
/// permissions.
fn create_private_file(path: &Path) -> Result<()> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        create_private_dir(parent).map_err(io_error)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop).map_err(io_error)
}

/// Creates a folder (and its parents) readable by the owner only, leaving
/// the permissions of folders that already exist alone.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let connection = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|_| StoreError::NotAStore {
            path: path.to_path_buf(),
        })?;
    configure(&connection).map_err(|error| match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotAStore {
            path: path.to_path_buf(),
        },
        _ => StoreError::Sqlite(error),
    })?;
    Ok(connection)
}

fn configure(connection: &Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    // A writer and the search index use a few dozen statements over and
    // over; rusqlite keeps 16 by default, and one more than fits would be
    // prepared again on every use.
    connection.set_prepared_statement_cache_capacity(64);
    // WAL lets the screen read while a command writes; NORMAL is durable
    // across application crashes, which is what a contact book needs.
    let wal = connection.query_row("PRAGMA journal_mode = WAL", [], |row| {
        row.get::<_, String>(0)
    });
    match wal {
        Ok(_) => {}
        // A large import has the store in a rollback journal for a while
        // (see `leave_wal`); it returns to WAL when done, and the store
        // reads and writes correctly either way meanwhile.
        Err(error) if is_busy(&error) => {
            tracing::debug!(%error, "the store is not in WAL mode while another writes");
        }
        Err(error) => return Err(error),
    }
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "foreign_keys", true)?;
    // Sorts and temporary indexes (the search index's bulk rebuild) stay
    // in memory rather than in a temporary file.
    connection.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Whether SQLite gave up because another connection holds a lock.
pub(super) fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Moves the store from its WAL to a rollback journal for one large
/// transaction, if no other connection has it open; says whether it did.
///
/// In WAL mode every page a transaction writes goes to the WAL first and
/// is copied into the store again at the checkpoint; a rollback journal
/// keeps a copy of only the pages that existed before, so filling a new
/// store writes each page once: about a second less for 100,000 people.
/// Leaving WAL needs the store to itself, so with the screen or another
/// command reading, this gives up at once and the transaction runs in WAL
/// as usual. `synchronous` is FULL meanwhile, which is what keeps a
/// rollback journal safe through a power cut.
pub(super) fn leave_wal(connection: &Connection) -> bool {
    let switch = || -> rusqlite::Result<String> {
        connection.busy_timeout(Duration::ZERO)?;
        connection.query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))
    };
    let left = match switch() {
        Ok(mode) => mode == "delete",
        Err(error) => {
            tracing::debug!(%error, "the store stays in WAL mode for a large write");
            false
        }
    };
    if let Err(error) = connection.busy_timeout(BUSY_TIMEOUT) {
        tracing::debug!(%error, "could not restore the busy timeout");
    }
    if left {
        if let Err(error) = connection.pragma_update(None, "synchronous", "FULL") {
            tracing::warn!(%error, "a large write goes on with synchronous NORMAL");
        }
    }
    left
}

/// Puts the store back in WAL mode after [`leave_wal`]. A failure is only
/// logged: what was written is committed either way, and the next
/// connection to open the store asks for WAL again.
pub(super) fn return_to_wal(connection: &Connection) {
    let result = connection
        .query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        })
        .and_then(|_| connection.pragma_update(None, "synchronous", "NORMAL"));
    if let Err(error) = result {
        tracing::warn!(%error, "the store could not return to WAL mode");
    }
}

/// Lets SQLite keep up to 256 MiB of pages (the default is 2 MiB), taken
/// only as pages are read. A large import into a store that already holds
/// much, or a demo store of 100,000 people, touches every index at random
/// places; with the default cache it spills to the WAL page by page and
/// rereads, several times slower. Ordinary use keeps the default, so the
/// screen's memory stays small, and so does an import into an empty
/// store, which fills its pages in order (see `sync::import`).
pub(super) fn widen_cache(connection: &Connection) -> rusqlite::Result<()> {
    connection.pragma_update(None, "cache_size", -262_144)
}

fn initialise(mut connection: Connection, path: &Path, centre: &str) -> Result<Store> {
    configure(&connection)?;
    migrate::migrate(&mut connection)?;
    let identity = Identity {
        store_id: uuid::Uuid::now_v7().to_string(),
        centre: centre.into(),
    };
    let clock = Clock::start(&identity.store_id);
    let transaction = connection.transaction()?;
    for (key, value) in [
        ("store_id", identity.store_id.as_str()),
        ("centre", identity.centre.as_str()),
        ("clock", &clock.last().to_string()),
    ] {
        transaction.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            [key, value],
        )?;
    }
    transaction.commit()?;
    Ok(Store {
        connection,
        path: path.to_path_buf(),
        identity,
        clock,
    })
}

/// Refuses files that are not kith stores or that a newer kith wrote,
/// before any migration touches them.
fn check_schema(connection: &Connection, path: &Path) -> Result<()> {
    let not_a_store = |_| StoreError::NotAStore {
        path: path.to_path_buf(),
    };
    let version = migrate::version(connection).map_err(not_a_store)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

fn meta(connection: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    connection
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()
}

fn read_identity(connection: &Connection, path: &Path) -> Result<Identity> {
    let not_a_store = || StoreError::NotAStore {
        path: path.to_path_buf(),
    };
    let store_id = meta(connection, "store_id")?.ok_or_else(not_a_store)?;
    let centre = meta(connection, "centre")?.ok_or_else(not_a_store)?;
    Ok(Identity { store_id, centre })
}

/// The clock as the store file last saved it, if it holds a readable one.
pub(super) fn saved_clock(connection: &Connection) -> Result<Option<Stamp>> {
    Ok(meta(connection, "clock")?.and_then(|text| text.parse::<Stamp>().ok()))
}

fn read_clock(connection: &Connection, identity: &Identity) -> Result<Clock> {
    let last = saved_clock(connection)?
        .map(Clock::resume)
        .unwrap_or_else(|| Clock::start(&identity.store_id));
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal_mode(connection: &Connection) -> String {
        connection
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn a_store_leaves_its_wal_only_when_no_one_else_has_it_open() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("store.db");
        let store = create(&path, "EEF").unwrap();
        let reader = Connection::open(&path).unwrap();
        let _: i64 = reader
            .query_row("SELECT count(*) FROM record", [], |row| row.get(0))
            .unwrap();
        assert!(!leave_wal(&store.connection));
        assert_eq!(journal_mode(&store.connection), "wal");
        drop(reader);
        assert!(leave_wal(&store.connection));
        assert_eq!(journal_mode(&store.connection), "delete");
        return_to_wal(&store.connection);
        assert_eq!(journal_mode(&store.connection), "wal");
        let synchronous: i64 = store
            .connection
            .query_row("PRAGMA synchronous", [], |row| row.get(0))
            .unwrap();
        assert_eq!(synchronous, 1, "NORMAL again");
        // Another kith opening the store meanwhile asks for WAL again, and
        // both go on.
        assert!(leave_wal(&store.connection));
        let second = open(&path).unwrap();
        assert_eq!(second.identity(), store.identity());
        return_to_wal(&store.connection);
        assert_eq!(journal_mode(&store.connection), "wal");
        assert_eq!(journal_mode(&second.connection), "wal");
    }
}
