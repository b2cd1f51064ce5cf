//! Bad input for every command, through the real binary. Each case must
//! be refused with the right exit status (2 for what was typed wrong, 1 for
//! a record or store that is not there), a plain message on stderr that
//! names the problem, no crash, and a store that `kith dump` shows to be
//! unchanged byte for byte.

mod common;

use common::{assert_no_panic, TestStore};

/// A store with something in it to get wrong: a person with an
/// organisation, two people of the same name (for ambiguity), and a
/// network.
fn fixture() -> TestStore {
    let store = TestStore::new();
    store.add(
        "person",
        "Rhodri Vaughan",
        &["--org", "Cardiff Council", "--place", "Cardiff"],
    );
    store.add("person", "Ann Jones", &["--place", "Swansea"]);
    store.add("person", "Ann Jones", &["--place", "Gwynedd"]);
    store.add("network", "Evidence Exchange", &[]);
    store
}

/// One refused command: its exit status, its arguments, and words its
/// message must contain.
type Case<'a> = (i32, &'a [&'a str], &'a [&'a str]);

#[track_caller]
fn refuse_all(store: &TestStore, cases: &[Case<'_>]) {
    for (code, args, mentions) in cases {
        store.refused(*code, args, mentions);
    }
}

#[test]
fn every_command_without_a_store_names_kith_init() {
    let store = TestStore::uncreated();
    let commands: [&[&str]; 11] = [
        &["add", "person", "Rhodri Vaughan"],
        &["link", "a", "b"],
        &["log", "a", "--kind", "call"],
        &["search", "vaughan"],
        &["show", "vaughan"],
        &["edit", "vaughan", "--set", "role=Director"],
        &["rm", "vaughan", "--yes"],
        &["erase", "vaughan", "--yes"],
        &["due"],
        &["topics"],
        &["dump"],
    ];
    for args in commands {
        let stderr = store.fails(1, args);
        common::assert_plain_error(&stderr, args);
        assert!(
            stderr.contains("kith init"),
            "kith {args:?} should name `kith init`:\n{stderr}"
        );
        // Failing to open must not leave an empty file that later looks
        // like a store.
        assert!(
            !store.path().exists(),
            "kith {args:?} created {}",
            store.path().display()
        );
    }
}

#[test]
fn init_refuses_an_existing_store_or_an_empty_centre() {
    let store = fixture();
    refuse_all(
        &store,
        &[
            (
                1,
                &["init", "--centre", "Another Centre"],
                &["already exists"],
            ),
            (2, &["init", "--centre", "   "], &["centre"]),
        ],
    );
}

#[test]
fn init_refuses_a_file_that_is_not_a_store_and_leaves_it_alone() {
    let store = TestStore::uncreated();
    std::fs::write(store.path(), "a shopping list\n").unwrap();
    let stderr = store.fails(1, &["dump"]);
    assert!(stderr.contains("not a kith store"), "{stderr}");
    store.fails(1, &["init", "--centre", "Wales Centre for Public Policy"]);
    assert_eq!(
        std::fs::read_to_string(store.path()).unwrap(),
        "a shopping list\n"
    );
}

#[test]
fn add_refuses_bad_values_and_changes_nothing() {
    let store = fixture();
    refuse_all(
        &store,
        &[
            (2, &["add", "thing", "Rhodri"], &["thing"]),
            (2, &["add", "person", ""], &["name"]),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--place", "Cardff"],
                &["cardff", "cardiff"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--place", "Narnia"],
                &["narnia"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--place", "W06999999"],
                &["W06999999"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--place", "Newcastle"],
                &["newcastle"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--nation", "Atlantis"],
                &["atlantis"],
            ),
            (
                2,
                &[
                    "add",
                    "person",
                    "Ceri Lloyd",
                    "--place",
                    "Caerdydd",
                    "--nation",
                    "Alba",
                ],
                &["wales", "scotland"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--email", "ceri"],
                &["ceri", "email"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--email", "ceri@wales"],
                &["email"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--phone", "ring me"],
                &["telephone"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--topic", "astrology"],
                &["astrology"],
            ),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--legal-basis", "whim"],
                &["whim"],
            ),
            (2, &["add", "person", "Ceri Lloyd", "--org", ""], &["--org"]),
            (
                2,
                &["add", "person", "Ceri Lloyd", "--type", "charity"],
                &["--type"],
            ),
            (
                2,
                &["add", "org", "Shelter Cymru", "--type", "pub"],
                &["pub"],
            ),
            (
                2,
                &["add", "org", "Shelter Cymru", "--org", "Welsh Government"],
                &["--org"],
            ),
            (
                2,
                &["add", "network", "Ageing Forum", "--place", "Cardiff"],
                &["--place"],
            ),
            (
                1,
                &["add", "person", "Ceri Lloyd", "--network", "Nowhere"],
                &["nowhere"],
            ),
            (
                1,
                &["add", "network", "Ageing Forum", "--convenor", "Nobody"],
                &["nobody"],
            ),
        ],
    );
}

#[test]
fn unknown_places_suggest_the_nearest_name() {
    let store = fixture();
    for (typed, meant) in [
        ("Cardff", "Cardiff"),
        ("Swansae", "Swansea"),
        ("Belfats", "Belfast"),
    ] {
        let stderr = store.refused(2, &["add", "person", "Ceri Lloyd", "--place", typed], &[]);
        assert!(
            stderr.contains(&format!("did you mean {meant}")),
            "--place {typed} should suggest {meant}:\n{stderr}"
        );
    }
}

#[test]
fn link_refuses_bad_values_and_changes_nothing() {
    let store = fixture();
    let rhodri = "Rhodri Vaughan";
    let council = "Cardiff Council";
    refuse_all(
        &store,
        &[
            (1, &["link", "Nobody", council], &["nobody"]),
            (1, &["link", rhodri, "Nowhere"], &["nowhere"]),
            (
                1,
                &["link", rhodri, "Ann Jones", "--as", "knows"],
                &["ann jones"],
            ),
            (
                2,
                &["link", rhodri, council, "--as", "friends"],
                &["friends"],
            ),
            (
                2,
                &["link", rhodri, council, "--from", "2024-13"],
                &["2024-13"],
            ),
            (
                2,
                &["link", rhodri, council, "--until", "2024-02-30"],
                &["2024-02-30"],
            ),
            (
                2,
                &["link", rhodri, council, "--from", "last year"],
                &["last year"],
            ),
            (
                2,
                &["link", rhodri, council, "--from", "2025", "--until", "2024"],
                &["2025"],
            ),
            (2, &["link", rhodri, rhodri, "--as", "knows"], &["itself"]),
            (
                2,
                &["link", council, "Evidence Exchange", "--as", "knows"],
                &["two people"],
            ),
            (
                2,
                &["link", rhodri, "Evidence Exchange", "--as", "affiliation"],
                &["affiliation"],
            ),
        ],
    );
}

#[test]
fn log_refuses_bad_values_and_changes_nothing() {
    let store = fixture();
    let rhodri = "Rhodri Vaughan";
    refuse_all(
        &store,
        &[
            (2, &["log", rhodri, "--kind", "party"], &["party"]),
            (
                2,
                &["log", rhodri, "--kind", "call", "--date", "2024-02-30"],
                &["2024-02-30"],
            ),
            (
                2,
                &["log", rhodri, "--kind", "call", "--date", "31/01/2024"],
                &["31/01/2024"],
            ),
            (
                2,
                &["log", rhodri, "--kind", "call", "--follow-up", "soon"],
                &["soon"],
            ),
            (
                2,
                &[
                    "log",
                    rhodri,
                    "--kind",
                    "call",
                    "--date",
                    "2024-03-05",
                    "--follow-up",
                    "2024-03-01",
                ],
                &["2024-03-01"],
            ),
            (1, &["log", "Nobody", "--kind", "call"], &["nobody"]),
            (1, &["log", rhodri, "Nobody", "--kind", "call"], &["nobody"]),
            (
                1,
                &["log", "Evidence Exchange", "--kind", "call"],
                &["evidence exchange"],
            ),
            (1, &["log", "Ann Jones", "--kind", "call"], &["ann jones"]),
        ],
    );
}

#[test]
fn search_refuses_bad_filters() {
    let store = fixture();
    refuse_all(
        &store,
        &[
            (2, &["search", "ann", "--kind", "thing"], &["thing"]),
            (2, &["search", "ann", "--nation", "Atlantis"], &["atlantis"]),
            (2, &["search", "ann", "--place", "Narnia"], &["narnia"]),
            (
                2,
                &["search", "ann", "--topic", "astrology"],
                &["astrology"],
            ),
            (1, &["search", "ann", "--network", "Nowhere"], &["nowhere"]),
        ],
    );
}

#[test]
fn show_refuses_unknown_and_ambiguous_references() {
    let store = fixture();
    refuse_all(
        &store,
        &[
            (1, &["show", "Nobody"], &["nobody"]),
            (1, &["show", "00000000"], &["00000000"]),
            (1, &["show", "Ann Jones"], &["ann jones"]),
        ],
    );
}

#[test]
fn an_ambiguous_reference_lists_the_records_it_could_mean() {
    let store = fixture();
    let stderr = store.refused(1, &["show", "Ann Jones"], &["ann jones"]);
    assert_eq!(
        stderr.matches("Ann Jones").count(),
        3,
        "both candidates are listed:\n{stderr}"
    );
}

#[test]
fn edit_refuses_bad_values_and_changes_nothing() {
    let store = fixture();
    let rhodri = "Rhodri Vaughan";
    refuse_all(
        &store,
        &[
            (2, &["edit", rhodri, "--set", "role"], &["field=value"]),
            (2, &["edit", rhodri, "--set", "=Director"], &["field"]),
            (2, &["edit", rhodri, "--set", "shoe=9"], &["shoe"]),
            (2, &["edit", rhodri, "--set", "name="], &["name"]),
            (2, &["edit", rhodri, "--set", "email=rhodri"], &["rhodri"]),
            (2, &["edit", rhodri, "--set", "place=Narnia"], &["narnia"]),
            (
                2,
                &["edit", rhodri, "--set", "nation=Atlantis"],
                &["atlantis"],
            ),
            (
                2,
                &["edit", rhodri, "--set", "topic=astrology"],
                &["astrology"],
            ),
            (2, &["edit", rhodri, "--set", "private=maybe"], &["maybe"]),
            (2, &["edit", rhodri, "--set", "role+=Director"], &["role"]),
            (
                2,
                &["edit", "Evidence Exchange", "--set", "website+=x"],
                &["website"],
            ),
            (
                1,
                &["edit", "Nobody", "--set", "role=Director"],
                &["nobody"],
            ),
            (
                1,
                &["edit", "Ann Jones", "--set", "role=Director"],
                &["ann jones"],
            ),
        ],
    );
}

#[test]
fn edit_applies_none_of_its_changes_when_one_is_bad() {
    let store = fixture();
    store.refused(
        2,
        &[
            "edit",
            "Rhodri Vaughan",
            "--set",
            "role=Director",
            "--set",
            "email=nope",
        ],
        &["nope"],
    );
}

#[test]
fn rm_and_erase_refuse_without_yes_when_not_at_a_terminal() {
    let store = fixture();
    refuse_all(
        &store,
        &[
            (2, &["rm", "Rhodri Vaughan"], &["--yes"]),
            (2, &["erase", "Rhodri Vaughan"], &["--yes"]),
        ],
    );
}

#[test]
fn rm_and_erase_refuse_unknown_and_ambiguous_references() {
    let store = fixture();
    refuse_all(
        &store,
        &[
            (1, &["rm", "Nobody", "--yes"], &["nobody"]),
            (1, &["rm", "Ann Jones", "--yes"], &["ann jones"]),
            (1, &["erase", "Nobody", "--yes"], &["nobody"]),
            (1, &["erase", "Ann Jones", "--yes"], &["ann jones"]),
            // Erasure is for people; an organisation has no right to it.
            (
                1,
                &["erase", "Cardiff Council", "--yes"],
                &["cardiff council"],
            ),
        ],
    );
}

#[test]
fn topics_refuses_a_topic_that_exists_or_is_too_short() {
    let store = fixture();
    refuse_all(
        &store,
        &[
            (2, &["topics", "--add", "education"], &["education"]),
            (2, &["topics", "--add", ""], &["topic"]),
            (2, &["topics", "--add", "x"], &["topic"]),
        ],
    );
    store.ok(&["topics", "--add", "rural transport"]);
    store.refused(
        2,
        &["topics", "--add", "Rural Transport"],
        &["rural transport"],
    );
}

#[test]
fn demo_refuses_to_overwrite_a_store() {
    let store = fixture();
    // The helper already passes `--db`, which is where `demo` writes.
    store.refused(1, &["demo"], &["already exists"]);
}

/// Mistakes the argument parser catches before kith runs: unknown flags,
/// missing values, numbers that are not numbers.
const PARSER_MISTAKES: [&[&str]; 10] = [
    &["add", "person", "Ceri Lloyd", "--bogus"],
    &["add", "person"],
    &["add", "person", "Ceri Lloyd", "--place"],
    &["link", "Rhodri Vaughan"],
    &["log", "Rhodri Vaughan"],
    &["search", "ann", "--limit", "many"],
    &["edit", "Rhodri Vaughan"],
    &["due", "--within", "-3"],
    &["frobnicate"],
    &["show"],
];

#[test]
fn parser_mistakes_exit_2_and_change_nothing() {
    let store = fixture();
    for args in PARSER_MISTAKES {
        let before = store.dump();
        let run = store.run(args);
        assert_eq!(run.code, 2, "kith {args:?} is bad usage:\n{run:#?}");
        assert_no_panic(&run);
        assert!(
            run.stdout.is_empty(),
            "kith {args:?} printed to stdout:\n{run:#?}"
        );
        assert!(!run.stderr.trim().is_empty(), "kith {args:?} said nothing");
        assert!(before == store.dump(), "kith {args:?} changed the store");
    }
}

#[test]
fn parser_mistakes_read_like_every_other_kith_error() {
    let store = fixture();
    for args in PARSER_MISTAKES {
        let stderr = store.fails(2, args);
        common::assert_plain_error(&stderr, args);
        assert!(
            stderr.lines().count() <= 2,
            "kith {args:?}: too long:\n{stderr}"
        );
    }
}

#[test]
fn the_unknown_topic_hint_names_a_command_that_works() {
    let store = fixture();
    let stderr = store.refused(
        2,
        &["add", "person", "Ceri Lloyd", "--topic", "astrology"],
        &[],
    );
    assert!(
        stderr.contains("kith topics --add"),
        "the hint should be `kith topics --add astrology`:\n{stderr}"
    );
}

#[test]
fn an_unknown_field_lists_the_real_field_names() {
    let store = fixture();
    let stderr = store.refused(2, &["edit", "Rhodri Vaughan", "--set", "shoe=9"], &[]);
    assert!(
        !stderr.contains("legal-basi,"),
        "a field name is cut short:\n{stderr}"
    );
    assert!(stderr.contains("legal-basis"), "{stderr}");
}

#[test]
fn misplaced_flag_messages_use_the_right_article() {
    let store = fixture();
    let stderr = store.refused(
        2,
        &["add", "org", "Shelter Cymru", "--legal-basis", "consent"],
        &[],
    );
    assert!(stderr.contains("an organisation"), "{stderr}");
}

#[test]
fn init_on_a_folder_does_not_claim_a_store_is_there() {
    let folder = tempfile::tempdir().unwrap();
    let output = assert_cmd::Command::cargo_bin("kith")
        .unwrap()
        .arg("--db")
        .arg(folder.path())
        .args(["init", "--centre", "Wales Centre"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !stderr.contains("already exists"),
        "a folder is not a store:\n{stderr}"
    );
}

#[test]
fn an_empty_reference_is_bad_usage() {
    let store = fixture();
    for args in [
        &["show", ""][..],
        &["rm", " ", "--yes"],
        &["edit", "", "--set", "role=x"],
    ] {
        let stderr = store.refused(2, args, &[]);
        assert!(
            !stderr.contains("`kith search `"),
            "an empty search is no help:\n{stderr}"
        );
    }
}
