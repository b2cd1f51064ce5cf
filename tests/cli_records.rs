//! Adding, showing, linking, logging, editing, deleting and erasing
//! records through the real binary, checked through `show --json` and
//! `kith dump` rather than through the printed sentences, which may change.

mod common;

use common::roundtable::{self, ORGANISATIONS, PARTICIPANTS};
use common::{record_in, records_of_kind, short, TestStore};
use serde_json::Value;

/// The record at the far end of each of a record's links, by name.
fn linked_names(shown: &Value) -> Vec<String> {
    shown["links"]
        .as_array()
        .expect("show --json has links")
        .iter()
        .map(|link| link["other_name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_roundtable_is_stored_with_organisations_roles_and_places() {
    let store = TestStore::new();
    roundtable::seat(&store);
    let dump = store.dump_json();
    let people = records_of_kind(&dump, "person");
    assert_eq!(people.len(), PARTICIPANTS.len());
    for participant in &PARTICIPANTS {
        let person = people
            .iter()
            .find(|person| person["fields"]["name"]["value"] == participant.name)
            .unwrap_or_else(|| panic!("{} is missing from the dump", participant.name));
        let id = person["id"].as_str().unwrap();
        let shown = store.show(short(id));
        let (code, nation) = participant.expected_place();
        assert_eq!(
            shown["fields"]["place"], code,
            "{}'s place",
            participant.name
        );
        assert_eq!(
            shown["fields"]["nation"], nation,
            "{}'s nation",
            participant.name
        );
        let links = &shown["links"];
        let affiliation = links
            .as_array()
            .unwrap()
            .iter()
            .find(|link| link["kind"] == "affiliation")
            .unwrap_or_else(|| panic!("{} has no affiliation", participant.name));
        assert_eq!(affiliation["other_name"], participant.organisation);
        assert_eq!(affiliation["role"], participant.role);
    }
}

#[test]
fn adding_people_to_existing_organisations_creates_no_duplicates() {
    let store = TestStore::new();
    roundtable::seat(&store);
    let dump = store.dump_json();
    let organisations = records_of_kind(&dump, "organisation");
    assert_eq!(
        organisations.len(),
        ORGANISATIONS.len(),
        "an --org made a second copy"
    );
    for organisation in &ORGANISATIONS {
        let record = organisations
            .iter()
            .find(|record| record["fields"]["name"]["value"] == organisation.name)
            .unwrap_or_else(|| panic!("{} is missing", organisation.name));
        let (code, nation) = roundtable::place_code(organisation.place);
        assert_eq!(
            record["fields"]["place"]["value"], code,
            "{}",
            organisation.name
        );
        assert_eq!(
            record["fields"]["nation"]["value"], nation,
            "{}",
            organisation.name
        );
        assert_eq!(record["fields"]["type"]["value"], organisation.org_type);
    }
}

#[test]
fn add_person_with_a_new_org_creates_it_and_says_so() {
    let store = TestStore::new();
    let stdout = store.ok(&[
        "add",
        "person",
        "Morag Kinnaird",
        "--org",
        "Scottish Government",
    ]);
    assert!(
        stdout.contains("Created organisation Scottish Government"),
        "{stdout}"
    );
    assert!(stdout.contains("Morag Kinnaird"), "{stdout}");
    let organisations = records_of_kind(&store.dump_json(), "organisation").len();
    assert_eq!(organisations, 1);
}

#[test]
fn the_same_org_name_again_reuses_the_organisation() {
    let store = TestStore::new();
    store.ok(&[
        "add",
        "person",
        "Morag Kinnaird",
        "--org",
        "Scottish Government",
    ]);
    // The same name, typed in another case, is the same organisation.
    for (name, typed) in [
        ("Fergus McAllister", "Scottish Government"),
        ("Isla Ross", "scottish government"),
    ] {
        let stdout = store.ok(&["add", "person", name, "--org", typed]);
        assert!(
            !stdout.contains("Created organisation"),
            "{typed} made a new one:\n{stdout}"
        );
    }
    let dump = store.dump_json();
    let organisations = records_of_kind(&dump, "organisation");
    assert_eq!(organisations.len(), 1);
    let organisation = organisations[0]["id"].as_str().unwrap();
    let shown = store.show(short(organisation));
    let mut staff = linked_names(&shown);
    staff.sort();
    assert_eq!(staff, ["Fergus McAllister", "Isla Ross", "Morag Kinnaird"]);
}

#[test]
fn add_json_names_the_organisations_it_created() {
    let store = TestStore::new();
    let outcome = store.json(&[
        "add",
        "person",
        "Callum Strachan",
        "--org",
        "Glasgow City Council",
    ]);
    assert_eq!(outcome["kind"], "person");
    assert_eq!(outcome["name"], "Callum Strachan");
    let created = outcome["created_organisations"].as_array().unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0][0], "Glasgow City Council");
}

#[test]
fn show_json_has_stable_keys() {
    let store = TestStore::new();
    let id = store.add(
        "person",
        "Eleri Pennant",
        &[
            "--org",
            "Swansea Council",
            "--place",
            "Abertawe",
            "--topic",
            "education",
        ],
    );
    let shown = store.show(short(&id));
    for key in [
        "id",
        "kind",
        "name",
        "fields",
        "provenance",
        "links",
        "interactions",
    ] {
        assert!(
            shown.get(key).is_some(),
            "show --json lacks {key:?}:\n{shown:#}"
        );
    }
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["kind"], "person");
    assert_eq!(shown["name"], "Eleri Pennant");
    assert_eq!(shown["fields"]["topics"], serde_json::json!(["education"]));
    assert_eq!(shown["provenance"]["name"]["centre"], common::CENTRE);
    assert!(shown["links"].is_array() && shown["interactions"].is_array());
}

#[test]
fn a_short_id_and_a_full_id_show_the_same_record() {
    let store = TestStore::new();
    let id = store.add("person", "Tomos Bevan", &[]);
    assert_eq!(store.show(short(&id)), store.show(&id));
    let printed = store.ok(&["add", "person", "Gethin Rowlands"]);
    let short_id = printed
        .trim()
        .rsplit('(')
        .next()
        .unwrap()
        .trim_end_matches(')');
    assert_eq!(
        short_id.len(),
        8,
        "the printed id should be 8 characters: {printed}"
    );
    assert_eq!(store.show(short_id)["name"], "Gethin Rowlands");
}

#[test]
fn dump_is_identical_twice_and_differs_between_different_stores() {
    let first = TestStore::new();
    let second = TestStore::new();
    first.add("person", "Niamh Gallagher", &["--place", "Belfast"]);
    second.add("person", "Ciarán Doherty", &["--place", "Belfast"]);
    assert_eq!(first.dump(), first.dump());
    assert_ne!(first.dump(), second.dump());
    let dump = first.dump_json();
    assert_eq!(dump["format"], "kith-dump/1");
}

#[test]
fn dump_of_an_empty_store_is_valid_json_with_no_records() {
    let store = TestStore::new();
    let dump = store.dump_json();
    assert_eq!(dump["records"], serde_json::json!([]));
}

#[test]
fn link_records_an_affiliation_with_role_and_dates() {
    let store = TestStore::new();
    let person = store.add("person", "Morag Kinnaird", &[]);
    store.add("org", "Scottish Government", &[]);
    store.ok(&[
        "link",
        short(&person),
        "Scottish Government",
        "--role",
        "Head of Analysis",
        "--from",
        "2021-04",
        "--until",
        "2024",
    ]);
    let link = &store.show(short(&person))["links"][0];
    assert_eq!(link["kind"], "affiliation");
    assert_eq!(link["other_name"], "Scottish Government");
    assert_eq!(link["role"], "Head of Analysis");
    assert_eq!(link["from"], "2021-04");
    assert_eq!(link["until"], "2024");
}

#[test]
fn linking_the_same_pair_twice_updates_the_one_link() {
    let store = TestStore::new();
    let person = store.add("person", "Callum Strachan", &[]);
    let network = store.add("network", "Scottish Evidence Forum", &[]);
    let first = store.json(&["link", short(&person), short(&network)]);
    assert_eq!(first["created"], true);
    let second = store.json(&["link", short(&network), short(&person), "--role", "Chair"]);
    assert_eq!(second["created"], false);
    assert_eq!(first["id"], second["id"]);
    assert_eq!(records_of_kind(&store.dump_json(), "membership").len(), 1);
}

#[test]
fn relationships_between_people_take_their_type() {
    let store = TestStore::new();
    let siân = store.add("person", "Siân Prydderch", &[]);
    let dafydd = store.add("person", "Dafydd Meirion", &[]);
    for link_type in ["knows", "introduced-by", "works-with", "reports-to"] {
        store.ok(&["link", short(&dafydd), short(&siân), "--as", link_type]);
    }
    let dump = store.dump_json();
    let mut types: Vec<&str> = records_of_kind(&dump, "relationship")
        .iter()
        .map(|link| link["type"].as_str().unwrap())
        .collect();
    types.sort();
    assert_eq!(
        types,
        ["introduced-by", "knows", "reports-to", "works-with"]
    );
}

#[test]
fn log_records_an_interaction_that_show_and_due_list() {
    let store = TestStore::new();
    let person = store.add(
        "person",
        "Grace Whitfield",
        &["--org", "Birmingham City Council"],
    );
    store.ok(&[
        "log",
        short(&person),
        "Birmingham City Council",
        "--kind",
        "meeting",
        "--date",
        "2024-05-01",
        "--note",
        "Early help pilot",
        "--follow-up",
        "2024-06-01",
    ]);
    let interactions = store.show(short(&person))["interactions"].clone();
    assert_eq!(interactions[0]["kind"], "meeting");
    assert_eq!(interactions[0]["date"], "2024-05-01");
    assert_eq!(interactions[0]["note"], "Early help pilot");
    assert_eq!(interactions[0]["parties"].as_array().unwrap().len(), 2);
    let due = store.json(&["due"]);
    assert_eq!(due.as_array().unwrap().len(), 1, "{due:#}");
    assert_eq!(due[0]["follow_up"], "2024-06-01");
    assert!(store.ok(&["due"]).contains("Grace Whitfield"));
}

#[test]
fn due_leaves_out_follow_ups_in_the_future_until_within_reaches_them() {
    let store = TestStore::new();
    let person = store.add("person", "Hannah Okonjo", &[]);
    store.ok(&[
        "log",
        short(&person),
        "--kind",
        "call",
        "--follow-up",
        "tomorrow",
    ]);
    assert_eq!(store.json(&["due"]), serde_json::json!([]));
    assert!(store.ok(&["due"]).contains("No follow-ups"));
    assert_eq!(
        store
            .json(&["due", "--within", "2"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn edit_changes_a_field_and_provenance_names_this_centre() {
    let store = TestStore::for_centre("Centre for Homelessness Impact");
    let id = store.add("person", "Oliver Ashdown", &["--role", "Researcher"]);
    store.ok(&["edit", short(&id), "--set", "role=Head of Research"]);
    let shown = store.show(short(&id));
    assert_eq!(shown["fields"]["role"], "Head of Research");
    assert_eq!(
        shown["provenance"]["role"]["centre"],
        "Centre for Homelessness Impact"
    );
    let stamp_of = |shown: &Value, field: &str| shown["provenance"][field]["stamp"].clone();
    assert_ne!(
        stamp_of(&shown, "role"),
        stamp_of(&shown, "name"),
        "the edit has a new stamp"
    );
}

#[test]
fn edit_appends_to_lists_replaces_places_and_clears_fields() {
    let store = TestStore::new();
    let id = store.add(
        "person",
        "Kirsty Ballantyne",
        &[
            "--email",
            "kirsty@example.org",
            "--place",
            "Glasgow City",
            "--note",
            "Met at ADR",
        ],
    );
    let reference = short(&id);
    store.ok(&[
        "edit",
        reference,
        "--set",
        "email+=k.ballantyne@example.org",
    ]);
    store.ok(&["edit", reference, "--set", "place=Sir Fynwy"]);
    store.ok(&["edit", reference, "--set", "note="]);
    let fields = store.show(reference)["fields"].clone();
    let emails = serde_json::json!(["kirsty@example.org", "k.ballantyne@example.org"]);
    assert_eq!(fields["emails"], emails);
    assert_eq!(fields["place"], "W06000021");
    assert_eq!(fields["nation"], "wales", "a new place brings its nation");
    assert!(
        fields["note"].is_null(),
        "note= clears the note: {fields:#}"
    );
}

#[test]
fn edit_org_affiliates_the_person() {
    let store = TestStore::new();
    let id = store.add("person", "Fergus McAllister", &[]);
    store.ok(&["edit", short(&id), "--set", "org=Scottish Government"]);
    assert_eq!(
        linked_names(&store.show(short(&id))),
        ["Scottish Government"]
    );
}

#[test]
fn rm_leaves_a_tombstone_and_the_record_no_longer_resolves() {
    let store = TestStore::new();
    let id = store.add("person", "Rhodri Vaughan", &["--org", "Cardiff Council"]);
    store.ok(&["rm", short(&id), "--yes"]);
    let dump = store.dump_json();
    let record = record_in(&dump, &id);
    assert_eq!(record["fields"]["deleted"]["value"], true, "{record:#}");
    store.fails(1, &["show", short(&id)]);
    store.fails(1, &["show", &id]);
    store.fails(1, &["edit", short(&id), "--set", "role=Director"]);
    // The organisation no longer lists a deleted person.
    assert!(linked_names(&store.show("Cardiff Council")).is_empty());
}

#[test]
fn erase_removes_the_persons_name_and_email_from_the_dump() {
    let store = TestStore::new();
    let id = store.add(
        "person",
        "Priya Halsworth",
        &[
            "--email",
            "priya.halsworth@example.org",
            "--phone",
            "+44 20 7946 0000",
        ],
    );
    store.add("person", "Oliver Ashdown", &[]);
    store.ok(&["erase", short(&id), "--yes"]);
    let dump = store.dump();
    for personal in ["Priya", "Halsworth", "priya.halsworth@example.org", "7946"] {
        assert!(
            !dump.contains(personal),
            "{personal:?} survived the erasure"
        );
    }
    assert!(
        dump.contains("Oliver Ashdown"),
        "erasing one person erased another"
    );
    let parsed = store.dump_json();
    assert_eq!(record_in(&parsed, &id)["erased"], true);
    store.fails(1, &["show", short(&id)]);
}

#[test]
fn erase_removes_the_role_the_person_held() {
    let store = TestStore::new();
    let id = store.add(
        "person",
        "Priya Halsworth",
        &[
            "--org",
            "Education Endowment Foundation",
            "--role",
            "Head of Partnerships",
        ],
    );
    store.ok(&["erase", short(&id), "--yes"]);
    let dump = store.dump();
    assert!(
        !dump.contains("Head of Partnerships"),
        "the role survived the erasure"
    );
}

#[test]
fn private_records_are_marked_private() {
    let store = TestStore::new();
    let id = store.add("person", "Tomos Bevan", &["--private"]);
    assert_eq!(store.show(short(&id))["fields"]["private"], true);
}

#[test]
fn topics_lists_the_shipped_vocabulary_and_takes_new_ones() {
    let store = TestStore::new();
    let listed = store.ok(&["topics"]);
    for shipped in ["education", "homelessness", "wellbeing"] {
        assert!(
            listed.lines().any(|line| line == shipped),
            "{shipped} is not shipped"
        );
    }
    store.ok(&["topics", "--add", "rural transport"]);
    let topics = store.json(&["topics"]);
    assert_eq!(topics["custom"], serde_json::json!(["rural transport"]));
    let id = store.add(
        "person",
        "Dafydd Meirion",
        &["--topic", "rural transport,education"],
    );
    let shown = store.show(short(&id));
    assert_eq!(
        shown["fields"]["topics"],
        serde_json::json!(["rural transport", "education"])
    );
}

#[test]
fn kith_db_in_the_environment_names_the_store() {
    let store = TestStore::new();
    store.add("person", "Siân Prydderch", &[]);
    let output = store
        .bare_command()
        .env("KITH_DB", store.path())
        .arg("dump")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Siân Prydderch"));
}

#[test]
fn json_output_of_link_log_rm_and_erase_gives_ids() {
    let store = TestStore::new();
    let person = store.add("person", "Niamh Gallagher", &[]);
    let organisation = store.add("org", "Belfast City Council", &[]);
    let link = store.json(&["link", short(&person), short(&organisation)]);
    assert_eq!(link["source"], person.as_str());
    assert_eq!(link["target"], organisation.as_str());
    let logged = store.json(&["log", short(&person), "--kind", "visit"]);
    assert!(logged["id"].is_string(), "{logged:#}");
    let removed = store.json(&["rm", short(&organisation), "--yes"]);
    assert_eq!(
        removed,
        serde_json::json!({ "id": organisation, "deleted": true })
    );
    let erased = store.json(&["erase", short(&person), "--yes"]);
    assert_eq!(erased, serde_json::json!({ "id": person, "erased": true }));
}

#[test]
fn the_id_of_a_merged_deleted_or_erased_record_says_what_became_of_it() {
    let store = TestStore::new();
    let kept = store.add("person", "Cathy O'Neill", &[]);
    let folded = store.add("person", "Catherine O'Neill", &[]);
    let deleted = store.add("person", "Gwen Price", &[]);
    let erased = store.add("person", "Eilidh Ross", &[]);
    store.ok(&["merge", &kept, &folded, "--yes"]);
    store.ok(&["rm", &deleted, "--yes"]);
    store.ok(&["erase", &erased, "--yes"]);
    let before = store.dump();
    let merged = store.fails(1, &["edit", &folded, "--set", "role=Director"]);
    assert!(
        merged.contains("was merged into Cathy O'Neill") && merged.contains(short(&kept)),
        "{merged}"
    );
    let gone = store.fails(1, &["show", &deleted]);
    assert!(gone.contains("(Gwen Price) was deleted"), "{gone}");
    let forgotten = store.fails(1, &["show", &erased]);
    assert!(forgotten.contains("was erased"), "{forgotten}");
    assert!(
        !forgotten.contains("Eilidh"),
        "an erased name is never printed"
    );
    assert_eq!(store.dump(), before);
}
