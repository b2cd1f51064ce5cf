//! Fuzzy search through the real binary, to the product's promise: the
//! roundtable's people are found by surname, by a typo, by first name and
//! organisation together, and organisations by initials or a shortened
//! name; filters narrow the results; a `REF` can be a name found by search.
//! Also the search snapshot beside the store: private, and gone as soon as
//! a change (an erasure above all) makes it stale.

mod common;

use common::roundtable::{self, ORGANISATIONS, PARTICIPANTS};
use common::{short, TestStore};
use serde_json::Value;

/// The names `kith search --json` gives for `query` with `flags`, best
/// first.
#[track_caller]
fn found(store: &TestStore, query: &str, flags: &[&str]) -> Vec<String> {
    let mut args = vec!["search", query];
    args.extend_from_slice(flags);
    let hits = store.json(&args);
    hits.as_array()
        .unwrap_or_else(|| panic!("search --json should give a list: {hits:#}"))
        .iter()
        .map(|hit| hit["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Fails unless `name` is among the first `within` results of `query`.
#[track_caller]
fn assert_found(store: &TestStore, query: &str, name: &str, within: usize) {
    let names = found(store, query, &[]);
    let rank = names.iter().position(|found| found == name);
    assert!(
        rank.is_some_and(|rank| rank < within),
        "search {query:?} should find {name} in the first {within}, found {names:?}"
    );
}

/// The roundtable in a fresh store.
fn roundtable_store() -> TestStore {
    let store = TestStore::new();
    roundtable::seat(&store);
    store
}

/// The word of an organisation's name that people use for it: the first
/// that is not a common word of public bodies' names.
fn distinctive_word(organisation: &str) -> String {
    const COMMON: [&str; 7] = [
        "of",
        "for",
        "the",
        "city",
        "council",
        "department",
        "centre",
    ];
    organisation
        .split(|c: char| !c.is_alphanumeric())
        .find(|word| !word.is_empty() && !COMMON.contains(&word.to_lowercase().as_str()))
        .unwrap_or(organisation)
        .to_lowercase()
}

#[test]
fn every_participant_is_found_first_by_surname() {
    let store = roundtable_store();
    for participant in &PARTICIPANTS {
        assert_found(&store, &participant.surname(), participant.name, 1);
    }
}

#[test]
fn every_participant_is_found_by_a_typo_of_their_surname() {
    let store = roundtable_store();
    for participant in &PARTICIPANTS {
        assert_found(&store, participant.typo, participant.name, 3);
    }
}

#[test]
fn a_first_name_and_an_organisation_find_the_person_across_fields() {
    let store = roundtable_store();
    for participant in &PARTICIPANTS {
        let first = participant.first_name().to_lowercase();
        let query = format!("{first} {}", distinctive_word(participant.organisation));
        assert_found(&store, &query, participant.name, 1);
    }
}

#[test]
fn first_names_are_found_without_their_accents() {
    let store = roundtable_store();
    assert_found(&store, "sian prydderch", "Siân Prydderch", 1);
    assert_found(&store, "ciaran doherty", "Ciarán Doherty", 1);
}

#[test]
fn everyone_at_an_organisation_is_found_by_its_name() {
    let store = roundtable_store();
    for organisation in &ORGANISATIONS {
        let names = found(&store, organisation.name, &["--kind", "person"]);
        for participant in PARTICIPANTS
            .iter()
            .filter(|p| p.organisation == organisation.name)
        {
            assert!(
                names.iter().any(|name| name == participant.name),
                "search {:?} should find {}: {names:?}",
                organisation.name,
                participant.name
            );
        }
    }
}

#[test]
fn organisations_are_found_by_initials_and_shortened_names() {
    let store = roundtable_store();
    assert_found(&store, "eef", "Education Endowment Foundation", 1);
    assert_found(&store, "wcpp", "Wales Centre for Public Policy", 1);
    for organisation in &ORGANISATIONS {
        let names = found(&store, organisation.short, &["--kind", "org"]);
        assert_eq!(
            names.first().map(String::as_str),
            Some(organisation.name),
            "search {:?} --kind org",
            organisation.short
        );
    }
}

#[test]
fn welsh_names_are_searched_too() {
    let store = TestStore::new();
    store.add(
        "org",
        "Welsh Government",
        &["--alt-name", "Llywodraeth Cymru"],
    );
    store.add("person", "Elin Haf", &["--alt-name", "Elin Haf ap Dafydd"]);
    assert_found(&store, "llywodraeth", "Welsh Government", 1);
    assert_found(&store, "ap dafydd", "Elin Haf", 1);
}

#[test]
fn people_are_found_by_email() {
    let store = roundtable_store();
    assert_found(&store, "halsworth@example.org", "Priya Halsworth", 1);
}

#[test]
fn an_empty_query_lists_everything_that_passes_the_filters() {
    let store = roundtable_store();
    let mut scots = found(&store, "", &["--kind", "person", "--nation", "Alba"]);
    scots.sort();
    let mut expected: Vec<String> = PARTICIPANTS
        .iter()
        .filter(|participant| participant.expected_place().1 == "scotland")
        .map(|participant| participant.name.to_string())
        .collect();
    expected.sort();
    assert_eq!(scots, expected);
    let everyone = found(&store, "", &["--limit", "1000"]);
    assert_eq!(everyone.len(), PARTICIPANTS.len() + ORGANISATIONS.len());
}

#[test]
fn filters_narrow_by_kind_nation_place_topic_and_network() {
    let store = roundtable_store();
    store.add(
        "network",
        "Wales Housing Evidence Group",
        &["--nation", "wales"],
    );
    store.ok(&["link", "Rhodri Vaughan", "Wales Housing Evidence Group"]);
    store.ok(&["edit", "Rhodri Vaughan", "--set", "topic=homelessness"]);
    let council = found(&store, "council", &["--kind", "org", "--place", "Caerdydd"]);
    assert_eq!(council, ["Cardiff Council"]);
    let in_cardiff = found(&store, "", &["--kind", "person", "--place", "W06000015"]);
    let mut in_cardiff = in_cardiff;
    in_cardiff.sort();
    assert_eq!(
        in_cardiff,
        ["Gethin Rowlands", "Rhodri Vaughan", "Siân Prydderch"]
    );
    assert_eq!(
        found(&store, "", &["--topic", "homelessness"]),
        ["Rhodri Vaughan"]
    );
    let members = found(&store, "", &["--network", "Wales Housing Evidence Group"]);
    assert_eq!(members, ["Rhodri Vaughan"]);
    let in_ni = found(&store, "", &["--kind", "person", "--nation", "NI"]);
    assert_eq!(in_ni.len(), 2, "{in_ni:?}");
    assert_eq!(found(&store, "", &["--limit", "3"]).len(), 3);
}

#[test]
fn search_json_gives_ids_that_show_accepts() {
    let store = roundtable_store();
    let hits = store.json(&["search", "vaughan"]);
    let first: &Value = &hits[0];
    assert_eq!(first["kind"], "person");
    assert_eq!(
        first["organisations"],
        serde_json::json!(["Cardiff Council"])
    );
    let id = first["id"].as_str().unwrap();
    assert_eq!(store.show(short(id))["name"], "Rhodri Vaughan");
}

#[test]
fn the_search_table_shows_name_organisation_and_place() {
    let store = roundtable_store();
    let table = store.ok(&["search", "strachan"]);
    let row = table.lines().nth(1).unwrap_or_default();
    for cell in [
        "Callum Strachan",
        "Glasgow City Council",
        "Service Manager",
        "Glasgow",
    ] {
        assert!(row.contains(cell), "the row should show {cell}:\n{table}");
    }
}

#[test]
fn a_reference_can_be_a_surname_found_by_search() {
    let store = roundtable_store();
    assert_eq!(store.show("halsworth")["name"], "Priya Halsworth");
    assert_eq!(store.show("rhodri vaughan")["name"], "Rhodri Vaughan");
    store.ok(&["log", "kinnaird", "mcallister", "--kind", "meeting"]);
    store.ok(&["edit", "strachan", "--set", "role=Head of Service"]);
    assert_eq!(store.show("strachan")["fields"]["role"], "Head of Service");
    store.ok(&["link", "okonjo", "rowlands", "--as", "works-with"]);
}

#[test]
fn a_reference_shared_by_several_records_is_ambiguous_not_a_guess() {
    let store = roundtable_store();
    // Two people work at Glasgow City Council; "glasgow" alone must not
    // pick one of them for a deletion.
    let stderr = store.refused(1, &["rm", "glasgow", "--yes"], &["glasgow"]);
    assert!(
        stderr.lines().count() > 2,
        "the candidates should be listed:\n{stderr}"
    );
}

#[test]
fn deleted_and_erased_people_are_not_found() {
    let store = roundtable_store();
    // Found before, so that not finding them after means something.
    assert_found(&store, "bevan", "Tomos Bevan", 1);
    assert_found(&store, "pennant", "Eleri Pennant", 1);
    store.ok(&["rm", "Tomos Bevan", "--yes"]);
    store.ok(&["erase", "Eleri Pennant", "--yes"]);
    assert!(!found(&store, "bevan", &[]).contains(&"Tomos Bevan".to_string()));
    assert!(found(&store, "pennant", &[]).is_empty());
    assert!(found(&store, "pennant@example.org", &[]).is_empty());
}

#[test]
fn the_search_snapshot_is_private_and_an_erasure_removes_it_at_once() {
    let store = roundtable_store();
    let snapshot = {
        let mut name = store.path().as_os_str().to_owned();
        name.push("-search");
        std::path::PathBuf::from(name)
    };
    assert_found(&store, "pennant", "Eleri Pennant", 1);
    let held = std::fs::read(&snapshot).expect("a search leaves a snapshot");
    assert!(contains(&held, b"eleri pennant"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&snapshot).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    store.ok(&["erase", "Eleri Pennant", "--yes"]);
    assert!(!snapshot.exists(), "the erased name must not linger in it");
    assert!(found(&store, "pennant", &[]).is_empty());
    let rewritten = std::fs::read(&snapshot).expect("the next search writes it again");
    assert!(!contains(&rewritten, b"pennant"));
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[test]
fn an_edited_name_is_found_by_the_new_name_only() {
    let store = roundtable_store();
    store.ok(&["edit", "Hannah Okonjo", "--set", "name=Hannah Okonjo-Reid"]);
    assert_found(&store, "okonjo-reid", "Hannah Okonjo-Reid", 1);
}

#[test]
fn a_query_that_matches_nothing_says_so() {
    let store = roundtable_store();
    let table = store.ok(&["search", "zzqxj"]);
    assert_eq!(table.trim(), "Nothing matches.");
    assert_eq!(store.json(&["search", "zzqxj"]), serde_json::json!([]));
}

#[test]
fn a_full_name_resolves_as_a_reference_without_search() {
    let store = roundtable_store();
    assert_eq!(
        store.show("Rhodri Vaughan")["fields"]["role"],
        "Head of Housing"
    );
    assert_eq!(store.show("Cardiff Council")["kind"], "organisation");
}
