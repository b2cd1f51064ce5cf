//! `kith export --for CENTRE --since-last`: a file carries what changed in
//! this store since the last file for that Centre, whether the change was
//! made here or received from a third Centre, and never a private record.

mod common;

use common::TestStore;
use kith::model::Kind;
use kith::store::Store;
use kith::sync::{self, Mode, Selection};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn since_last(centre: &str) -> Selection {
    Selection {
        for_centre: Some(centre.to_string()),
        since_last: true,
        ..Selection::default()
    }
}

/// Exports for `selection` into `folder` and gives the ids the file holds.
fn exported(store: &Store, selection: &Selection, folder: &Path) -> BTreeSet<String> {
    let path = folder.join("out.kith");
    sync::export(store, selection, &path).unwrap();
    let file = sync::read_file(&path).unwrap();
    file.records.into_iter().map(|record| record.id).collect()
}

fn ids(items: &[&String]) -> BTreeSet<String> {
    items.iter().map(|id| id.to_string()).collect()
}

fn person(store: &mut Store, name: &str, private: bool) -> String {
    store
        .write(|writer| {
            let mut fields = vec![("name", json!(name))];
            if private {
                fields.push(("private", json!(true)));
            }
            writer.create(Kind::Person, &fields)
        })
        .unwrap()
}

fn rename(store: &mut Store, id: &str, name: &str) {
    store
        .write(|writer| writer.set(id, "name", json!(name)))
        .unwrap();
}

/// Imports what `from` shares into `into`.
fn relay(from: &Store, into: &mut Store, folder: &Path) {
    let path: PathBuf = folder.join("relay.kith");
    sync::export(from, &Selection::default(), &path).unwrap();
    sync::import(into, &[path], Mode::default()).unwrap();
}

#[test]
fn a_file_carries_what_changed_since_the_last_one_for_that_centre() {
    let folder = tempfile::tempdir().unwrap();
    let mut eef = Store::in_memory("EEF").unwrap();
    let ann = person(&mut eef, "Ann Jones", false);
    let bob = person(&mut eef, "Bob Hughes", false);
    let secret = person(&mut eef, "Private Person", true);

    // The first file for a Centre carries everything it may have.
    let first = exported(&eef, &since_last("WCPP"), folder.path());
    assert_eq!(first, ids(&[&ann, &bob]));

    // Ann is edited here; Cara is made at a third Centre and received.
    rename(&mut eef, &ann, "Ann Jones-Evans");
    rename(&mut eef, &secret, "Still Private");
    let mut chi = Store::in_memory("CHI").unwrap();
    let cara = person(&mut chi, "Cara Price", false);
    relay(&chi, &mut eef, folder.path());
    let second = exported(&eef, &since_last("WCPP"), folder.path());
    assert_eq!(second, ids(&[&ann, &cara]));

    // Nothing changed since: an empty file. Receiving a file already seen
    // changes nothing, so it sends nothing again either.
    relay(&chi, &mut eef, folder.path());
    assert!(exported(&eef, &since_last("WCPP"), folder.path()).is_empty());

    // Another Centre has had no file yet, so it gets everything.
    let other = exported(&eef, &since_last("What Works Wellbeing"), folder.path());
    assert_eq!(other, ids(&[&ann, &bob, &cara]));
}

#[test]
fn a_link_goes_when_it_or_a_record_it_joins_changed() {
    let folder = tempfile::tempdir().unwrap();
    let mut eef = Store::in_memory("EEF").unwrap();
    let ann = person(&mut eef, "Ann Jones", false);
    let hidden = person(&mut eef, "Dai Morgan", true);
    let link = eef
        .write(|writer| {
            let knows = writer.link(Kind::Relationship, (&ann, &hidden, "reports-to"), &[])?;
            Ok(knows.id)
        })
        .unwrap();
    assert_eq!(
        exported(&eef, &since_last("WCPP"), folder.path()),
        ids(&[&ann])
    );

    // Dai is no longer private: Dai goes, and so does the link held back
    // until now, though the link itself did not change.
    eef.write(|writer| writer.set(&hidden, "private", json!(false)))
        .unwrap();
    let next = exported(&eef, &since_last("WCPP"), folder.path());
    assert_eq!(next, ids(&[&hidden, &link]));
}

#[test]
fn a_full_export_for_a_centre_also_marks_what_it_carried() {
    let folder = tempfile::tempdir().unwrap();
    let mut eef = Store::in_memory("EEF").unwrap();
    let ann = person(&mut eef, "Ann Jones", false);
    let full = Selection {
        for_centre: Some("WCPP".to_string()),
        ..Selection::default()
    };
    assert_eq!(exported(&eef, &full, folder.path()), ids(&[&ann]));
    assert!(exported(&eef, &since_last("WCPP"), folder.path()).is_empty());
    let deleted = eef.write(|writer| writer.delete(&ann));
    deleted.unwrap();
    // A deletion is a change like any other: the tombstone goes.
    assert_eq!(
        exported(&eef, &since_last("WCPP"), folder.path()),
        ids(&[&ann])
    );
}

#[test]
fn the_command_line_needs_a_centre_for_since_last() {
    let store = TestStore::new();
    let ann = store.add("person", "Ann Jones", &[]);
    let file = store.folder().join("out.kith");
    let file = file.to_str().unwrap();
    store.fails(2, &["export", file, "--since-last"]);
    let first = store.json(&["export", file, "--for", "WCPP", "--since-last"]);
    assert_eq!(first["records"], 1);
    let again = store.json(&["export", file, "--for", "WCPP", "--since-last"]);
    assert_eq!(again["records"], 0);
    store.ok(&["edit", &ann, "--set", "role=Director"]);
    let after_edit = store.json(&["export", file, "--for", "WCPP", "--since-last"]);
    assert_eq!(after_edit["records"], 1);
}
