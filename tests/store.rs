//! The store's rules, tested on real SQLite: files, permissions, the
//! last-writer-wins merge of fields, tombstones, erasure, link identity,
//! and a dump that depends only on content.

mod common;

use common::leave_room_for;
use kith::model::{FieldValue, Kind, Stamp};
use kith::store::{Store, StoreError};
use proptest::prelude::*;
use serde_json::{json, Value};

fn stamp(millis: u64, store: &str) -> Stamp {
    Stamp {
        millis,
        counter: 0,
        store: store.to_string(),
    }
}

fn field(value: Value, millis: u64, store: &str) -> FieldValue {
    FieldValue {
        value,
        centre: format!("Centre {store}"),
        stamp: stamp(millis, store),
        seen: Vec::new(),
    }
}

fn person(store: &mut Store, name: &str) -> String {
    store
        .write(|writer| writer.create(Kind::Person, &[("name", json!(name))]))
        .unwrap()
}

#[test]
fn a_store_is_created_once_and_reopened() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("nested").join("kith.db");
    let identity = Store::create(&path, "What Works Wellbeing")
        .unwrap()
        .identity()
        .clone();
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.identity(), &identity);
    assert!(matches!(
        Store::create(&path, "Other"),
        Err(StoreError::AlreadyExists { .. })
    ));
}

#[test]
fn opening_a_missing_store_names_kith_init() {
    let folder = tempfile::tempdir().unwrap();
    let error = Store::open(&folder.path().join("none.db")).err().unwrap();
    assert!(matches!(error, StoreError::NoStore { .. }));
    assert!(error.to_string().contains("kith init"));
}

#[test]
fn a_file_that_is_not_a_store_is_refused_untouched() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("notes.txt");
    std::fs::write(&path, "shopping list\n".repeat(100)).unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::NotAStore { .. })
    ));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "shopping list\n".repeat(100)
    );
}

#[cfg(unix)]
#[test]
fn store_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("private").join("kith.db");
    let mut store = Store::create(&path, "Centre").unwrap();
    person(&mut store, "Ann Example");
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode(&path) & 0o777, 0o600);
    assert_eq!(mode(path.parent().unwrap()) & 0o777, 0o700);
    let wal = path.with_extension("db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal) & 0o777, 0o600);
    }
}

#[test]
fn a_later_stamp_wins_and_an_earlier_one_loses() {
    let mut store = Store::in_memory("A").unwrap();
    let id = person(&mut store, "Ann");
    let (newer, older) = (
        field(json!("Director"), 4_000_000_000_000, "b"),
        field(json!("Clerk"), 5, "c"),
    );
    let applied = store
        .write(|writer| {
            Ok((
                writer.put_field(&id, "role", &newer)?,
                writer.put_field(&id, "role", &older)?,
            ))
        })
        .unwrap();
    assert_eq!(applied, (true, false));
    let record = store.live(&id).unwrap();
    assert_eq!(record.text("role"), Some("Director"));
    assert_eq!(record.fields["role"].centre, "Centre b");
}

#[test]
fn equal_times_are_decided_by_store_id() {
    let mut store = Store::in_memory("A").unwrap();
    let id = person(&mut store, "Ann");
    let millis = 4_000_000_000_000;
    store
        .write(|writer| {
            writer.put_field(&id, "role", &field(json!("from z"), millis, "z"))?;
            writer.put_field(&id, "role", &field(json!("from a"), millis, "a"))
        })
        .unwrap();
    assert_eq!(store.live(&id).unwrap().text("role"), Some("from z"));
}

#[test]
fn an_older_edit_does_not_undo_a_deletion() {
    let mut store = Store::in_memory("A").unwrap();
    let id = person(&mut store, "Ann");
    store.write(|writer| writer.delete(&id)).unwrap();
    store
        .write(|writer| writer.put_field(&id, "role", &field(json!("Late"), 1, "old")))
        .unwrap();
    let record = store.get(&id).unwrap().unwrap();
    assert!(record.deleted_at.is_some());
    assert!(store.live(&id).is_err());
}

#[test]
fn deleting_a_person_deletes_their_links() {
    let mut store = Store::in_memory("A").unwrap();
    let (ann, bob) = (person(&mut store, "Ann"), person(&mut store, "Bob"));
    store
        .write(|writer| writer.link(Kind::Relationship, (&ann, &bob, "knows"), &[]))
        .unwrap();
    assert_eq!(store.links_of(&bob).unwrap().len(), 1);
    store.write(|writer| writer.delete(&ann)).unwrap();
    assert!(store.links_of(&bob).unwrap().is_empty());
}

#[test]
fn erasure_removes_every_field_and_refuses_them_for_ever() {
    let mut store = Store::in_memory("A").unwrap();
    let ann = person(&mut store, "Ann Erasable");
    let org = store
        .write(|writer| writer.create(Kind::Organisation, &[("name", json!("Council"))]))
        .unwrap();
    let meeting = store
        .write(|writer| {
            writer.link(Kind::Affiliation, (&ann, &org, ""), &[])?;
            writer.create(Kind::Interaction, &[("parties", json!([ann, org]))])
        })
        .unwrap();
    store.write(|writer| writer.erase(&ann)).unwrap();
    let late = field(json!("Ann Erasable"), 4_000_000_000_000, "z");
    let applied = store
        .write(|writer| writer.put_field(&ann, "name", &late))
        .unwrap();
    assert!(!applied);
    let dump = store.dump().unwrap();
    assert!(!dump.contains("Ann Erasable"));
    assert!(store.links_of(&org).unwrap().is_empty());
    assert_eq!(
        store.get(&meeting).unwrap().unwrap().list("parties"),
        vec![org.as_str()]
    );
}

#[test]
fn the_same_link_recorded_twice_is_one_record() {
    let mut store = Store::in_memory("A").unwrap();
    let (ann, bob) = (person(&mut store, "Ann"), person(&mut store, "Bob"));
    let (first, second) = store
        .write(|writer| {
            let first = writer.link(Kind::Relationship, (&ann, &bob, "knows"), &[])?;
            let second = writer.link(Kind::Relationship, (&bob, &ann, "knows"), &[])?;
            Ok((first, second))
        })
        .unwrap();
    assert_eq!(first.id, second.id);
    assert!(first.created && !second.created);
    assert_eq!(store.links_of(&ann).unwrap().len(), 1);
}

#[test]
fn a_deleted_link_can_be_recorded_again() {
    let mut store = Store::in_memory("A").unwrap();
    let (ann, bob) = (person(&mut store, "Ann"), person(&mut store, "Bob"));
    let link = store
        .write(|w| w.link(Kind::Relationship, (&ann, &bob, "knows"), &[]))
        .unwrap();
    store.write(|writer| writer.delete(&link.id)).unwrap();
    let again = store
        .write(|w| w.link(Kind::Relationship, (&ann, &bob, "knows"), &[]))
        .unwrap();
    assert!(again.created);
    assert_eq!(store.links_of(&ann).unwrap().len(), 1);
}

#[test]
fn a_failed_write_changes_nothing() {
    let mut store = Store::in_memory("A").unwrap();
    person(&mut store, "Ann");
    let before = store.dump().unwrap();
    let result = store.write(|writer| {
        writer.create(Kind::Person, &[("name", json!("Half Written"))])?;
        writer.set("no-such-id", "name", json!("x"))
    });
    assert!(matches!(result, Err(StoreError::NotFound { .. })));
    assert_eq!(store.dump().unwrap(), before);
}

#[test]
fn a_full_disk_stops_a_write_which_changes_nothing_and_says_what_to_do() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("kith.db");
    let mut store = Store::create(&path, "A").unwrap();
    person(&mut store, "Ann");
    let before = store.dump().unwrap();
    leave_room_for(&store, 2);
    let error = store
        .write(|writer| {
            for number in 0..2_000 {
                let name = json!(format!("Person {number}"));
                writer.create(Kind::Person, &[("name", name)])?;
            }
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(error, StoreError::DiskFull { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("kith.db is full"), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert!(message.contains("free some space"), "{message}");
    assert_eq!(store.dump().unwrap(), before);
}

/// One field write as another store would send it.
#[derive(Clone, Debug)]
struct Write {
    field: &'static str,
    value: String,
    millis: u64,
    store: &'static str,
}

fn writes() -> impl Strategy<Value = Vec<Write>> {
    let write = (
        prop::sample::select(vec!["name", "role", "note"]),
        "[a-z]{1,6}",
        1u64..50,
        prop::sample::select(vec!["a", "b", "c"]),
    )
        .prop_map(|(field, value, millis, store)| Write {
            field,
            value,
            millis,
            store,
        });
    prop::collection::vec(write, 1..25)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The merge rule makes the order of arrival irrelevant: two stores
    /// given the same field writes in different orders dump the same bytes.
    #[test]
    fn field_writes_in_any_order_give_the_same_dump(writes in writes(), seed in any::<u64>()) {
        let mut shuffled = writes.clone();
        let length = shuffled.len();
        for index in 0..length {
            let other = (seed.wrapping_mul(index as u64 + 7) % length as u64) as usize;
            shuffled.swap(index, other);
        }
        let dumps: Vec<String> = [writes, shuffled]
            .iter()
            .map(|order| {
                let mut store = Store::in_memory("Test").unwrap();
                let record = kith::model::Record {
                    id: "0193a000-0000-7000-8000-000000000001".into(),
                    kind: Kind::Person,
                    created_by: "Centre a".into(),
                    created_at: stamp(1, "a"),
                    deleted_at: None,
                    erased: false,
                    source: None,
                    target: None,
                    link_type: None,
                    fields: Default::default(),
                };
                store
                    .write(|writer| {
                        writer.ensure_row(&record)?;
                        for write in order {
                            let value = field(json!(write.value), write.millis, write.store);
                            writer.put_field(&record.id, write.field, &value)?;
                        }
                        Ok(())
                    })
                    .unwrap();
                store.dump().unwrap()
            })
            .collect();
        prop_assert_eq!(&dumps[0], &dumps[1]);
    }
}

#[test]
fn records_are_found_by_name_in_any_case_and_by_alternative_name() {
    let mut store = Store::in_memory("A").unwrap();
    let fields = [
        ("name", json!("Welsh Government")),
        ("alt_name", json!("Llywodraeth Cymru")),
    ];
    let id = store
        .write(|writer| writer.create(Kind::Organisation, &fields))
        .unwrap();
    let found = |name: &str| -> Vec<String> {
        let kinds = [Kind::Organisation];
        store
            .find_by_name(&kinds, name)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(found("welsh government"), vec![id.clone()]);
    assert_eq!(found(" Llywodraeth Cymru "), vec![id.clone()]);
    assert!(found("Scottish Government").is_empty());
    assert!(store
        .find_by_name(&[Kind::Person], "Welsh Government")
        .unwrap()
        .is_empty());
}

#[test]
fn a_change_is_stamped_after_what_another_connection_wrote_meanwhile() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("kith.db");
    let mut screen = Store::create(&path, "EEF").unwrap();
    let id = person(&mut screen, "Ann");
    // Another kith on the same file takes a value stamped an hour ahead of
    // this machine's clock, as a partner's file may be.
    let mut other = Store::open(&path).unwrap();
    let ahead = kith::model::wall_clock_millis() + 3_600_000;
    other
        .write(|writer| writer.put_field(&id, "role", &field(json!("Theirs"), ahead, "partner")))
        .unwrap();
    // The first connection's next edit must still win.
    screen
        .write(|writer| writer.set(&id, "role", json!("Ours, later")))
        .unwrap();
    let record = screen.get(&id).unwrap().unwrap();
    assert_eq!(record.text("role"), Some("Ours, later"));
    assert!(record.fields["role"].stamp.millis >= ahead);
}
