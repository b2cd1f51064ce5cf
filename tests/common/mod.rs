//! Helpers for the end-to-end tests: a store in a temporary folder, the
//! real `kith` binary run against it, and assertions that fail at the
//! caller's line with everything the binary printed.
//!
//! Every test file includes this module and uses only part of it, so
//! unused helpers are allowed here rather than in each file.
#![allow(dead_code)]

pub mod roundtable;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The Centre that owns the stores these tests make.
pub const CENTRE: &str = "Wales Centre for Public Policy";

/// Text that only a crash prints; no error a user sees may contain it.
const PANIC_MARKS: [&str; 3] = ["panicked", "RUST_BACKTRACE", "stack backtrace"];

/// What one run of the binary gave back.
#[derive(Debug)]
pub struct Run {
    /// The exit status (-1 if killed by a signal).
    pub code: i32,
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
}

/// A kith store in a temporary folder, removed when the test ends.
pub struct TestStore {
    folder: TempDir,
    path: PathBuf,
}

impl TestStore {
    /// A store made with `kith init` for [`CENTRE`].
    #[track_caller]
    pub fn new() -> TestStore {
        TestStore::for_centre(CENTRE)
    }

    /// A store made with `kith init` for another Centre.
    #[track_caller]
    pub fn for_centre(centre: &str) -> TestStore {
        let store = TestStore::uncreated();
        store.ok(&["init", "--centre", centre]);
        store
    }

    /// A path where no store exists yet, in a folder of its own.
    pub fn uncreated() -> TestStore {
        let folder = tempfile::Builder::new()
            .prefix("kith-test-")
            .tempdir()
            .unwrap();
        let path = folder.path().join("kith.db");
        TestStore { folder, path }
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary folder that holds the store and the logs.
    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    /// The binary, pointed at this store, with a home of its own so that
    /// logs and any default store stay inside the temporary folder and
    /// the developer's own `KITH_DB` cannot leak in.
    pub fn command(&self) -> Command {
        let mut command = self.bare_command();
        command.arg("--db").arg(&self.path);
        command
    }

    /// The binary with a home of its own but no `--db`, for tests of how
    /// the store is named.
    pub fn bare_command(&self) -> Command {
        let mut command = Command::cargo_bin("kith").unwrap();
        let home = self.folder.path().join("home");
        command
            .env_remove("KITH_DB")
            .env_remove("RUST_BACKTRACE")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            // No terminal on stdin, as in a script.
            .write_stdin("");
        command
    }

    /// Runs kith with `args` and gives back what it did.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command().args(args).output().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs kith, expects success, and gives back stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "kith {args:?} failed:\n{run:#?}");
        assert_no_panic(&run);
        run.stdout
    }

    /// Runs kith with `--json`, expects success, and parses stdout.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> Value {
        let mut with_json = vec!["--json"];
        with_json.extend_from_slice(args);
        let stdout = self.ok(&with_json);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|error| panic!("kith {args:?} printed bad JSON ({error}):\n{stdout}"))
    }

    /// Runs kith, expects it to fail with `code`, and gives back stderr.
    #[track_caller]
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, code,
            "kith {args:?} should exit {code}:\n{run:#?}"
        );
        assert_no_panic(&run);
        run.stderr
    }

    /// Runs a command that must be refused: exit `code`, a plain message
    /// from kith on stderr that mentions every word of `mentions`
    /// (ignoring case), nothing on stdout, and the store unchanged byte
    /// for byte as `kith dump` prints it. Gives back stderr.
    #[track_caller]
    pub fn refused(&self, code: i32, args: &[&str], mentions: &[&str]) -> String {
        let before = self.dump();
        let stderr = self.fails(code, args);
        assert_plain_error(&stderr, args);
        let lower = stderr.to_lowercase();
        for word in mentions {
            assert!(
                lower.contains(&word.to_lowercase()),
                "kith {args:?}: the message should mention {word:?}:\n{stderr}"
            );
        }
        let after = self.dump();
        assert!(
            before == after,
            "kith {args:?} changed the store although it failed"
        );
        stderr
    }

    /// `kith dump`.
    #[track_caller]
    pub fn dump(&self) -> String {
        self.ok(&["dump"])
    }

    /// `kith dump`, parsed.
    #[track_caller]
    pub fn dump_json(&self) -> Value {
        serde_json::from_str(&self.dump()).unwrap()
    }

    /// Adds a record of `kind` with extra flags and gives its full id.
    #[track_caller]
    pub fn add(&self, kind: &str, name: &str, flags: &[&str]) -> String {
        let mut args = vec!["add", kind, name];
        args.extend_from_slice(flags);
        let outcome = self.json(&args);
        outcome["id"]
            .as_str()
            .expect("add --json gives an id")
            .to_string()
    }

    /// `kith show --json REF`.
    #[track_caller]
    pub fn show(&self, reference: &str) -> Value {
        self.json(&["show", reference])
    }
}

/// The last eight characters of an id, as kith prints them.
pub fn short(id: &str) -> &str {
    &id[id.len() - 8..]
}

/// Fails if the run printed a panic or a backtrace.
#[track_caller]
pub fn assert_no_panic(run: &Run) {
    for mark in PANIC_MARKS {
        assert!(
            !run.stderr.contains(mark) && !run.stdout.contains(mark),
            "kith crashed instead of reporting an error:\n{run:#?}"
        );
    }
}

/// Fails unless `stderr` is a kith error a person can read: it starts with
/// `kith: `, says something, and is short (the first line is the message;
/// an ambiguous reference may list its candidates below it).
#[track_caller]
pub fn assert_plain_error(stderr: &str, args: &[&str]) {
    assert!(
        stderr.starts_with("kith: "),
        "kith {args:?}: stderr should start `kith: `:\n{stderr}"
    );
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.len() > "kith: ".len() + 10,
        "kith {args:?}: the message says too little"
    );
    let sentences = first.matches(". ").count() + first.matches("; ").count();
    assert!(
        sentences <= 3,
        "kith {args:?}: the message should be one or two sentences:\n{stderr}"
    );
}

/// The records of a dump of a given kind.
pub fn records_of_kind<'a>(dump: &'a Value, kind: &str) -> Vec<&'a Value> {
    dump["records"]
        .as_array()
        .expect("a dump has records")
        .iter()
        .filter(|record| record["kind"] == kind)
        .collect()
}

/// The record of a dump with this id.
#[track_caller]
pub fn record_in<'a>(dump: &'a Value, id: &str) -> &'a Value {
    dump["records"]
        .as_array()
        .expect("a dump has records")
        .iter()
        .find(|record| record["id"] == id)
        .unwrap_or_else(|| panic!("the dump has no record {id}"))
}

/// The journal mode SQLite reports for `store`'s connection.
pub fn journal_mode(store: &kith::store::Store) -> String {
    store
        .connection()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap()
}

/// Makes SQLite answer "full" once `store`'s file grows by `pages` pages,
/// as it does when the disk it is on fills up.
pub fn leave_room_for(store: &kith::store::Store, pages: i64) {
    let connection = store.connection();
    let count: i64 = connection
        .query_row("PRAGMA page_count", [], |row| row.get(0))
        .unwrap();
    connection
        .pragma_update(None, "max_page_count", count + pages)
        .unwrap();
}
