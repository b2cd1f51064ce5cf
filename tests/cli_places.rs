//! Places through the real binary: a local authority typed by its English
//! name, its Welsh name or its GSS code is stored as one code with its
//! nation, in all four nations; nations are read in their usual forms.

mod common;

use common::{short, TestStore};

/// What a user types for `--place`, and the code and nation kith must
/// store. The codes are copied from the ONS gazetteer by hand, so that the
/// test does not trust kith's own table.
const PLACES: [(&str, &str, &str); 27] = [
    // Wales: English name, Welsh name, code.
    ("Cardiff", "W06000015", "wales"),
    ("Caerdydd", "W06000015", "wales"),
    ("W06000015", "W06000015", "wales"),
    ("Swansea", "W06000011", "wales"),
    ("Abertawe", "W06000011", "wales"),
    ("Monmouthshire", "W06000021", "wales"),
    ("Sir Fynwy", "W06000021", "wales"),
    ("Newport", "W06000022", "wales"),
    ("Casnewydd", "W06000022", "wales"),
    ("Vale of Glamorgan", "W06000014", "wales"),
    ("Bro Morgannwg", "W06000014", "wales"),
    ("Ynys Môn", "W06000001", "wales"),
    ("Wrecsam", "W06000006", "wales"),
    // Scotland.
    ("Glasgow City", "S12000049", "scotland"),
    ("S12000049", "S12000049", "scotland"),
    ("City of Edinburgh", "S12000036", "scotland"),
    ("Highland", "S12000017", "scotland"),
    ("Na h-Eileanan Siar", "S12000013", "scotland"),
    // Northern Ireland.
    ("Belfast", "N09000003", "northern-ireland"),
    ("N09000003", "N09000003", "northern-ireland"),
    ("Derry City and Strabane", "N09000005", "northern-ireland"),
    // England.
    ("Birmingham", "E08000025", "england"),
    ("E08000025", "E08000025", "england"),
    ("Manchester", "E08000003", "england"),
    ("Westminster", "E09000033", "england"),
    // Spacing and case do not matter.
    ("  caerdydd ", "W06000015", "wales"),
    ("GLASGOW CITY", "S12000049", "scotland"),
];

#[test]
fn places_by_name_welsh_name_and_code_are_stored_as_one_code() {
    let store = TestStore::new();
    for (typed, code, nation) in PLACES {
        let id = store.add("person", "Ceri Lloyd", &["--place", typed]);
        let fields = store.show(short(&id))["fields"].clone();
        assert_eq!(fields["place"], code, "--place {typed:?}");
        assert_eq!(fields["nation"], nation, "--place {typed:?}");
    }
}

#[test]
fn show_names_a_welsh_place_in_both_languages() {
    let store = TestStore::new();
    let id = store.add("person", "Eleri Pennant", &["--place", "W06000011"]);
    let shown = store.ok(&["show", short(&id)]);
    assert!(shown.contains("Swansea (Abertawe)"), "{shown}");
    assert_eq!(store.show(short(&id))["place_name"], "Swansea");
}

#[test]
fn organisations_take_places_too() {
    let store = TestStore::new();
    let id = store.add(
        "org",
        "Monmouthshire County Council",
        &["--place", "Sir Fynwy"],
    );
    let fields = store.show(short(&id))["fields"].clone();
    assert_eq!(fields["place"], "W06000021");
    assert_eq!(fields["nation"], "wales");
}

/// Nations as people write them, and the slug kith stores.
const NATIONS: [(&str, &str); 13] = [
    ("NI", "northern-ireland"),
    ("Northern Ireland", "northern-ireland"),
    ("northern-ireland", "northern-ireland"),
    ("N. Ireland", "northern-ireland"),
    ("Cymru", "wales"),
    ("Wales", "wales"),
    ("wales", "wales"),
    ("Alba", "scotland"),
    ("Scotland", "scotland"),
    ("England", "england"),
    ("Lloegr", "england"),
    ("W92000004", "wales"),
    ("S92000003", "scotland"),
];

#[test]
fn nations_are_read_in_their_usual_forms() {
    let store = TestStore::new();
    for (typed, slug) in NATIONS {
        let id = store.add("person", "Aoife Quinlan", &["--nation", typed]);
        let fields = store.show(short(&id))["fields"].clone();
        assert_eq!(fields["nation"], slug, "--nation {typed:?}");
        assert!(fields["place"].is_null(), "--nation {typed:?} set a place");
    }
}

#[test]
fn a_nation_given_as_a_place_sets_only_the_nation() {
    let store = TestStore::new();
    for (typed, slug) in [
        ("Cymru", "wales"),
        ("NI", "northern-ireland"),
        ("N92000002", "northern-ireland"),
    ] {
        let id = store.add("person", "Aoife Quinlan", &["--place", typed]);
        let fields = store.show(short(&id))["fields"].clone();
        assert_eq!(fields["nation"], slug, "--place {typed:?}");
        assert!(
            fields["place"].is_null(),
            "--place {typed:?} is not a local authority"
        );
    }
}

#[test]
fn a_place_and_its_own_nation_agree() {
    let store = TestStore::new();
    let id = store.add(
        "person",
        "Tomos Bevan",
        &["--place", "Sir Fynwy", "--nation", "Cymru"],
    );
    assert_eq!(store.show(short(&id))["fields"]["place"], "W06000021");
    store.refused(
        2,
        &[
            "add",
            "person",
            "Tomos Bevan",
            "--place",
            "Belfast",
            "--nation",
            "Cymru",
        ],
        &["belfast"],
    );
}

#[test]
fn nations_are_read_by_their_welsh_names() {
    let store = TestStore::new();
    for (typed, slug) in [
        ("Yr Alban", "scotland"),
        ("Gogledd Iwerddon", "northern-ireland"),
    ] {
        let id = store.add("person", "Aoife Quinlan", &["--nation", typed]);
        assert_eq!(
            store.show(short(&id))["fields"]["nation"],
            slug,
            "--nation {typed:?}"
        );
    }
}
