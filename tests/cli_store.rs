//! The store file itself: `kith init` makes it for the owner alone (and
//! its WAL and shared-memory files too), and `kith demo --db` fills one
//! with enough example data to try kith at scale.

mod common;

use common::{records_of_kind, TestStore};
use std::path::Path;

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn init_makes_a_store_only_its_owner_can_read() {
    let store = TestStore::new();
    assert_eq!(mode_of(store.path()), 0o600, "the store file");
    store.add("person", "Siân Prydderch", &["--email", "sian@example.org"]);
    assert_eq!(mode_of(store.path()), 0o600, "the store file after a write");
}

#[cfg(unix)]
#[test]
fn init_makes_missing_folders_for_the_owner_only() {
    let store = TestStore::uncreated();
    let nested = store.folder().join("centres").join("wcpp").join("kith.db");
    let output = store
        .bare_command()
        .arg("--db")
        .arg(&nested)
        .args(["init", "--centre", "Wales Centre for Public Policy"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(mode_of(&nested), 0o600);
    for folder in [
        nested.parent().unwrap(),
        nested.parent().unwrap().parent().unwrap(),
    ] {
        assert_eq!(mode_of(folder), 0o700, "{}", folder.display());
    }
}

/// While another connection holds the store open, a write leaves the WAL
/// and shared-memory files in place: they hold the same personal data as
/// the store, so they need the same permissions.
#[cfg(unix)]
#[test]
fn the_wal_and_shared_memory_files_are_for_the_owner_only() {
    let store = TestStore::new();
    let reader = rusqlite::Connection::open(store.path()).unwrap();
    let _mode: String = reader
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    store.add(
        "person",
        "Rhodri Vaughan",
        &["--email", "rhodri@example.org"],
    );
    for suffix in ["-wal", "-shm"] {
        let path = store.path().with_file_name(format!("kith.db{suffix}"));
        assert!(
            path.exists(),
            "{} should be there while the store is open",
            path.display()
        );
        assert_eq!(mode_of(&path), 0o600, "{}", path.display());
    }
    drop(reader);
}

#[test]
fn init_says_where_the_store_is() {
    let store = TestStore::uncreated();
    let stdout = store.ok(&["init", "--centre", "Scottish Government"]);
    assert!(
        stdout.contains(&store.path().display().to_string()),
        "{stdout}"
    );
    assert!(store.path().is_file());
}

#[test]
fn a_failed_command_never_creates_a_store() {
    let store = TestStore::uncreated();
    store.fails(1, &["add", "person", "Rhodri Vaughan"]);
    assert!(!store.path().exists());
    // And init still works afterwards.
    store.ok(&["init", "--centre", "Wales Centre for Public Policy"]);
}

#[test]
fn demo_fills_a_store_at_scale_with_follow_ups_due() {
    let store = TestStore::uncreated();
    let summary = store.ok(&["demo"]);
    assert!(
        summary.contains(&store.path().display().to_string()),
        "{summary}"
    );
    let dump = store.dump_json();
    let count = |kind: &str| records_of_kind(&dump, kind).len();
    assert!(count("person") >= 150, "{} people", count("person"));
    assert!(
        count("organisation") >= 40,
        "{} organisations",
        count("organisation")
    );
    assert!(count("network") >= 10, "{} networks", count("network"));
    let links = count("affiliation") + count("membership") + count("relationship");
    assert!(links >= 300, "{links} links");
    assert!(
        count("interaction") >= 100,
        "{} interactions",
        count("interaction")
    );
    let due = store.json(&["due"]);
    assert!(
        !due.as_array().unwrap().is_empty(),
        "the demo should have follow-ups due"
    );
    let due_text = store.ok(&["due"]);
    assert!(due_text.lines().count() > 1, "{due_text}");
}

#[test]
fn demo_people_adds_generated_people() {
    let store = TestStore::uncreated();
    store.ok(&["demo", "--people", "300"]);
    let people = records_of_kind(&store.dump_json(), "person").len();
    assert!(people >= 450, "{people} people after --people 300");
}

#[test]
fn every_demo_person_and_organisation_can_be_shown() {
    let store = TestStore::uncreated();
    store.ok(&["demo"]);
    let dump = store.dump_json();
    // Every tenth is enough to catch a record `show` cannot read, and keeps
    // the test quick on a shared machine.
    for kind in ["person", "organisation", "network"] {
        for record in records_of_kind(&dump, kind).iter().step_by(10) {
            let id = record["id"].as_str().unwrap();
            let shown = store.show(id);
            assert_eq!(shown["id"], id);
        }
    }
}

#[test]
fn without_db_the_store_lives_in_the_data_directory() {
    let store = TestStore::uncreated();
    let run = |args: &[&str]| store.bare_command().args(args).output().unwrap();
    let missing = run(&["dump"]);
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.starts_with("kith: ") && stderr.contains("kith init"),
        "{stderr}"
    );
    assert!(run(&["init", "--centre", "Wales Centre for Public Policy"])
        .status
        .success());
    let default = store
        .folder()
        .join("home")
        .join("data")
        .join("kith")
        .join("kith.db");
    assert!(
        default.is_file(),
        "expected the store at {}",
        default.display()
    );
    assert!(run(&["add", "person", "Gethin Rowlands"]).status.success());
    let dump = run(&["dump"]);
    assert!(String::from_utf8_lossy(&dump.stdout).contains("Gethin Rowlands"));
}

#[test]
fn kith_db_naming_a_missing_store_names_kith_init() {
    let store = TestStore::uncreated();
    let output = store
        .bare_command()
        .env("KITH_DB", store.path())
        .arg("due")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("kith init"), "{stderr}");
    assert!(
        stderr.contains(&store.path().display().to_string()),
        "name the path:\n{stderr}"
    );
}
