//! Large imports take the bulk paths (search entries rebuilt in two passes
//! over the store, rows inserted without being read back); these tests
//! hold them to the record-by-record paths' results, and check that a file
//! already held is imported without a single write, and that a large file
//! read in two halves reads as it would in one pass.

mod common;

use common::TestStore;
use kith::model::{wall_clock_millis, FieldValue, Kind, Record, Stamp};
use kith::search::{Filters, Query, SearchDoc};
use kith::store::{record_json, search_index, Store};
use kith::sync::format::{decode, header_line, Writer};
use kith::sync::{self, FileProblem, Mode, Selection, SyncFile};
use serde_json::json;
use std::path::{Path, PathBuf};

const SURNAMES: [&str; 6] = ["Jones", "Evans", "Ó Briain", "Hughes", "Siân", "Patel"];

/// A store with enough people that a whole import of it is rebuilt in
/// bulk: organisations (one renamed, one deleted), networks, memberships,
/// affiliations (some ended), relationships, an erasure.
fn source() -> Store {
    let mut store = Store::in_memory("EEF").unwrap();
    store
        .write(|writer| {
            let organisations: Vec<String> = (0..6)
                .map(|number| {
                    let name = json!(format!("Council {number}"));
                    writer.create(Kind::Organisation, &[("name", name)])
                })
                .collect::<Result<_, _>>()?;
            let network = writer.create(Kind::Network, &[("name", json!("Wales Network"))])?;
            let mut people: Vec<String> = Vec::new();
            for number in 0..150 {
                let fields = [
                    ("name", json!(format!("Person {}", SURNAMES[number % 6]))),
                    ("place", json!("W06000015")),
                    ("topics", json!(["housing"])),
                    ("emails", json!([format!("p{number}@example.org")])),
                ];
                let person = writer.create(Kind::Person, &fields)?;
                let organisation = &organisations[number % 6];
                let ended = if number % 5 == 0 {
                    json!("2020")
                } else {
                    json!(null)
                };
                let fields = [("role", json!("Officer")), ("until", ended)];
                writer.link(Kind::Affiliation, (&person, organisation, ""), &fields)?;
                if number % 3 == 0 {
                    writer.link(Kind::Membership, (&person, &network, ""), &[])?;
                }
                if let Some(previous) = people.last() {
                    writer.link(Kind::Relationship, (&person, previous, "knows"), &[])?;
                }
                people.push(person);
            }
            writer.set(&organisations[1], "name", json!("Cyngor Caerdydd"))?;
            writer.delete(&organisations[2])?;
            writer.erase(&people[7])
        })
        .unwrap();
    store
}

fn file_of(store: &Store, folder: &Path) -> PathBuf {
    let path = folder.join("source.kith");
    sync::export(store, &Selection::default(), &path).unwrap();
    path
}

/// A store that took the file's records ten at a time, so that every
/// search entry was rebuilt record by record.
fn built_record_by_record(file: &SyncFile) -> Store {
    let mut store = Store::in_memory("WCPP").unwrap();
    for chunk in file.records.chunks(10) {
        store
            .write(|writer| {
                let mut summary = sync::Summary::default();
                sync::merge_records(writer, chunk, &mut summary).map(|_| ())
            })
            .unwrap();
    }
    store
}

fn docs_of(store: &Store) -> Vec<SearchDoc> {
    let mut docs = search_index::all_docs(store.connection()).unwrap();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    docs
}

#[test]
fn a_bulk_import_searches_like_a_store_built_record_by_record() {
    let folder = tempfile::tempdir().unwrap();
    let path = file_of(&source(), folder.path());
    let file = sync::read_file(&path).unwrap();
    let mut bulk = Store::in_memory("WCPP").unwrap();
    sync::import(&mut bulk, std::slice::from_ref(&path), Mode::default()).unwrap();
    let one_by_one = built_record_by_record(&file);
    assert_eq!(bulk.dump().unwrap(), one_by_one.dump().unwrap());
    assert_eq!(docs_of(&bulk), docs_of(&one_by_one));
    for text in [
        "jones",
        "sian",
        "obriain",
        "cyngor",
        "council 2",
        "wales",
        "caerdydd",
        "",
    ] {
        let query = Query::parse(text);
        let search = |store: &Store| {
            let found = search_index::search(store.connection(), &query, &Filters::default(), 40);
            let found = found.unwrap();
            found.into_iter().map(|(hit, _)| hit).collect::<Vec<_>>()
        };
        assert_eq!(search(&bulk), search(&one_by_one), "{text}");
    }
}

#[test]
fn the_command_line_finds_people_imported_in_bulk() {
    let folder = tempfile::tempdir().unwrap();
    let path = file_of(&source(), folder.path());
    let store = TestStore::for_centre("WCPP");
    store.ok(&["import", path.to_str().unwrap()]);
    let hits = store.json(&["search", "person patel", "--limit", "100"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 25, "{hits:?}");
    assert!(hits.iter().all(|hit| hit["name"] == "Person Patel"));
    let renamed = store.json(&["search", "cyngor caerdydd", "--kind", "org"]);
    assert_eq!(renamed[0]["name"], "Cyngor Caerdydd");
}

#[test]
fn importing_a_file_already_held_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let path = file_of(&source(), folder.path());
    let target = folder.path().join("target.db");
    let mut store = Store::create(&target, "WCPP").unwrap();
    sync::import(&mut store, std::slice::from_ref(&path), Mode::default()).unwrap();
    let wal = folder.path().join("target.db-wal");
    let sizes = || (file_size(&target), file_size(&wal));
    let (before, changes_before) = (sizes(), store.connection().total_changes());
    let report = sync::import(&mut store, &[path], Mode::default()).unwrap();
    assert!(!report.total.changed_anything());
    assert_eq!(store.connection().total_changes(), changes_before);
    assert_eq!(sizes(), before, "the store's files grew");
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0)
}

/// Enough records, with long notes, that a file of them is read in two
/// halves on two threads.
fn many_records() -> Vec<Record> {
    let stamp: Stamp = "2026-12-03T16:45:14.123Z/00000000/store-a".parse().unwrap();
    (0..3000)
        .map(|number| {
            let field = |value| FieldValue {
                value,
                centre: "EEF".to_string(),
                stamp: stamp.clone(),
                seen: Vec::new(),
            };
            let fields = [
                ("name".to_string(), field(json!(format!("Person {number}")))),
                ("note".to_string(), field(json!("a long note ".repeat(40)))),
            ];
            Record {
                id: format!("{number:08}-0000-7000-8000-000000000000"),
                kind: Kind::Person,
                created_by: "EEF".to_string(),
                created_at: stamp.clone(),
                deleted_at: None,
                erased: false,
                source: None,
                target: None,
                link_type: None,
                fields: fields.into_iter().collect(),
            }
        })
        .collect()
}

/// A whole file around `lines`, its header's checksum right.
fn file_around(lines: &str, records: u64) -> Vec<u8> {
    let writer = Writer {
        centre: "EEF",
        store: "store-a",
        now_millis: wall_clock_millis(),
        covers: Default::default(),
    };
    let mut bytes = header_line(&writer, lines.as_bytes(), records).into_bytes();
    bytes.extend_from_slice(lines.as_bytes());
    bytes
}

fn lines_of(records: &[Record]) -> String {
    records
        .iter()
        .map(|record| format!("{}\n", record_json(record)))
        .collect()
}

#[test]
fn a_large_file_reads_the_same_in_two_halves() {
    let records = many_records();
    let lines = lines_of(&records);
    assert!(lines.len() > 2 << 20, "too small to be split");
    let file = decode(&file_around(&lines, 3000), wall_clock_millis()).unwrap();
    assert_eq!(file.records, records);
}

#[test]
fn a_problem_in_the_second_half_names_its_line() {
    let mut records = many_records();
    records[2900].id = records[10].id.clone();
    let problem = decode(&file_around(&lines_of(&records), 3000), wall_clock_millis()).unwrap_err();
    assert!(
        matches!(&problem, FileProblem::BadRecord { line: 2902, reason }
            if reason.contains("appears twice")),
        "{problem:?}"
    );
    let mut lines: Vec<String> = lines_of(&many_records())
        .lines()
        .map(String::from)
        .collect();
    lines[2500] = "{not json".to_string();
    let text = lines.join("\n") + "\n";
    let problem = decode(&file_around(&text, 3000), wall_clock_millis()).unwrap_err();
    assert!(
        matches!(problem, FileProblem::BadRecord { line: 2502, .. }),
        "{problem:?}"
    );
}
