//! `kith duplicates` through the real binary: pairs dismissed by `REF`
//! are left out and counted, listed again with `--all`, and suggested
//! again after `--restore`; a dismissal changes nothing that is shared.

mod common;

use common::*;

/// A store with two pairs: one by email, one by telephone number.
fn store_with_two_pairs() -> (TestStore, String, String) {
    let store = TestStore::new();
    let ann = store.add("person", "Ann Jones", &["--email", "ann@example.org"]);
    let annie = store.add("person", "Annie Jones", &["--email", "ann@example.org"]);
    store.add("person", "Bob Smith", &["--phone", "029 2018 0000"]);
    store.add("person", "Robert Smith", &["--phone", "+44 29 2018 0000"]);
    (store, ann, annie)
}

#[test]
fn a_dismissed_pair_is_left_out_and_counted_and_the_dump_is_unchanged() {
    let (store, ann, annie) = store_with_two_pairs();
    assert_eq!(store.ok(&["duplicates"]).lines().count(), 2);
    let before = store.dump();
    let said = store.ok(&["duplicates", "--dismiss", "Annie Jones", short(&ann)]);
    assert!(said.contains("as not duplicates"), "{said}");
    assert_eq!(store.dump(), before, "a dismissal is not shared");

    let listed = store.ok(&["duplicates"]);
    assert!(!listed.contains("Ann Jones"), "{listed}");
    assert!(listed.contains("Bob Smith"), "{listed}");
    assert!(
        listed.contains("Left out 1 pair dismissed as not duplicates"),
        "{listed}"
    );
    let pairs = store.json(&["duplicates"]);
    assert_eq!(pairs.as_array().unwrap().len(), 1);
    assert_eq!(pairs[0]["dismissed"], false);

    let everything = store.json(&["duplicates", "--all"]);
    let dismissed: Vec<_> = everything
        .as_array()
        .unwrap()
        .iter()
        .filter(|pair| pair["dismissed"] == true)
        .collect();
    assert_eq!(dismissed.len(), 1);
    assert_eq!(dismissed[0]["keep"]["id"], ann.as_str());
    assert_eq!(dismissed[0]["fold"]["id"], annie.as_str());
    let all = store.ok(&["duplicates", "--all"]);
    assert!(all.contains("kith duplicates --restore"), "{all}");
}

#[test]
fn a_dismissal_can_be_taken_back_and_mistakes_are_refused() {
    let (store, ann, annie) = store_with_two_pairs();
    store.ok(&["duplicates", "--dismiss", short(&ann), short(&annie)]);
    store.ok(&["duplicates", "--restore", short(&annie), short(&ann)]);
    let listed = store.ok(&["duplicates"]);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    store.refused(
        2,
        &["duplicates", "--restore", short(&ann), short(&annie)],
        &["were not dismissed"],
    );
    store.refused(
        2,
        &["duplicates", "--dismiss", short(&ann), short(&ann)],
        &["two different people"],
    );
    store.refused(2, &["duplicates", "--dismiss", short(&ann)], &["2 values"]);
}
