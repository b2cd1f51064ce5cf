//! An import merges many records at once: it asks whether the store holds
//! them all together (in one pass over the store when they are many),
//! writes the new ones together, and for large files rebuilds the record
//! indexes rather than keeping them up to date. These tests hold that to
//! the plain rule, merging one record at a time: after every import both
//! ways, the report and every row of every table (caches, search entries,
//! clock and change numbers included) must be the same.

mod common;

use common::{journal_mode, leave_room_for, TestStore};
use kith::model::{wall_clock_millis, Kind, Record};
use kith::store::{search_index, Store};
use kith::sync::{self, Mode, Selection, Summary};
use proptest::prelude::*;
use rusqlite::types::ValueRef;
use serde_json::json;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const CENTRES: [&str; 3] = ["EEF", "WCPP", "What Works Scotland"];

/// Every row of every table, sorted, as text: the whole state of a store,
/// but for the stamps a store takes from its wall clock (when it learnt
/// of an erasure, and its clock when its last change was its own), which
/// differ between stores that did the same at different moments.
fn contents(store: &Store) -> Vec<String> {
    let connection = store.connection();
    let tables: Vec<String> = connection
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // The schema too, so that an index dropped and not made again shows.
    let mut lines: Vec<String> = connection
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name")
        .unwrap()
        .query_map([], |row| {
            let cells: [Option<String>; 4] = [row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?];
            Ok(format!("schema: {cells:?}"))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        let mut statement = connection
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .unwrap();
        let width = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        let mut table_lines = Vec::new();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..width)
                .map(|index| {
                    let name = statement_column(row, index);
                    cell(&table, &name, row.get_ref(index).unwrap())
                })
                .collect();
            table_lines.push(format!("{table}: {}", cells.join(" | ")));
        }
        table_lines.sort();
        lines.extend(
            table_lines
                .into_iter()
                .filter(|line| !is_own_tick(store, line)),
        );
    }
    lines
}

/// Whether a line is the store's clock at a stamp of its own making.
fn is_own_tick(store: &Store, line: &str) -> bool {
    line.starts_with("meta: clock | ") && line.ends_with(&store.identity().store_id)
}

fn statement_column(row: &rusqlite::Row<'_>, index: usize) -> String {
    row.as_ref().column_name(index).unwrap().to_string()
}

/// One cell as text, a wall-clock stamp as no more than whether it is set.
fn cell(table: &str, column: &str, value: ValueRef<'_>) -> String {
    let wall_clock = (table, column) == ("record", "erased_at");
    match value {
        ValueRef::Null => "NULL".to_string(),
        _ if wall_clock => "(set)".to_string(),
        ValueRef::Integer(number) => number.to_string(),
        ValueRef::Real(number) => number.to_string(),
        ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned(),
        ValueRef::Blob(bytes) => format!("{bytes:02x?}"),
    }
}

/// A copy of `store` at `path`, the same store in every respect.
fn twin(store: &Store, path: &Path) -> Store {
    let _ = std::fs::remove_file(path);
    store
        .connection()
        .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
        .unwrap();
    Store::open(path).unwrap()
}

/// Imports `files` into `store` as kith does, and into a copy of it one
/// record at a time; checks that both give the same report and leave the
/// same rows, and gives the report.
#[track_caller]
fn import_both_ways(store: &mut Store, files: &[Vec<u8>], scratch: &Path) -> Summary {
    let mut plain = twin(store, scratch);
    let decoded: Vec<(PathBuf, sync::SyncFile)> = files
        .iter()
        .map(|bytes| {
            let file = sync::decode(bytes, wall_clock_millis()).unwrap();
            (PathBuf::from("file.kith"), file)
        })
        .collect();
    let report = sync::import_checked(store, &decoded, Mode::default()).unwrap();
    let one_at_a_time = plain
        .write(|writer| {
            let mut summaries = Vec::new();
            for (_, file) in &decoded {
                let mut summary = Summary::default();
                let mismatch = sync::merge_one_at_a_time(writer, &file.records, &mut summary)?;
                assert!(mismatch.is_none());
                summaries.push(summary);
            }
            Ok(summaries)
        })
        .unwrap();
    let batched: Vec<Summary> = report
        .files
        .iter()
        .map(|file| file.summary.clone())
        .collect();
    assert_eq!(batched, one_at_a_time);
    assert_eq!(contents(store), contents(&plain));
    let counts = store.counts().unwrap();
    let live = counts.people + counts.organisations + counts.networks;
    assert_eq!(
        store.live_count().unwrap(),
        live + counts.links + counts.interactions
    );
    report.total
}

fn export(store: &Store) -> Vec<u8> {
    sync::export_bytes(store, &Selection::default()).unwrap()
}

/// One thing a user or a sync does, at one store.
#[derive(Clone, Debug)]
enum Op {
    Add {
        store: usize,
        organisation: bool,
    },
    Edit {
        store: usize,
        pick: usize,
        clear: bool,
    },
    Link {
        store: usize,
        first: usize,
        second: usize,
        kind: usize,
    },
    Log {
        store: usize,
        first: usize,
        second: usize,
    },
    Delete {
        store: usize,
        pick: usize,
    },
    Erase {
        store: usize,
        pick: usize,
    },
    Merge {
        store: usize,
        first: usize,
        second: usize,
    },
    Send {
        from: usize,
        to: usize,
    },
    SendTwo {
        from: usize,
        other: usize,
        to: usize,
    },
    Replay {
        to: usize,
        pick: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let store = 0..CENTRES.len();
    let pick = 0..8usize;
    prop_oneof![
        3 => (store.clone(), any::<bool>())
            .prop_map(|(store, organisation)| Op::Add { store, organisation }),
        2 => (store.clone(), pick.clone(), any::<bool>())
            .prop_map(|(store, pick, clear)| Op::Edit { store, pick, clear }),
        2 => (store.clone(), pick.clone(), pick.clone(), 0..3usize)
            .prop_map(|(store, first, second, kind)| Op::Link { store, first, second, kind }),
        1 => (store.clone(), pick.clone(), pick.clone())
            .prop_map(|(store, first, second)| Op::Log { store, first, second }),
        1 => (store.clone(), pick.clone()).prop_map(|(store, pick)| Op::Delete { store, pick }),
        1 => (store.clone(), pick.clone()).prop_map(|(store, pick)| Op::Erase { store, pick }),
        1 => (store.clone(), pick.clone(), pick.clone())
            .prop_map(|(store, first, second)| Op::Merge { store, first, second }),
        3 => (store.clone(), store.clone()).prop_map(|(from, to)| Op::Send { from, to }),
        1 => (store.clone(), store.clone(), store.clone())
            .prop_map(|(from, other, to)| Op::SendTwo { from, other, to }),
        1 => (store, 0..64usize).prop_map(|(to, pick)| Op::Replay { to, pick }),
    ]
}

/// Stores for three Centres, the files they have written, and a folder
/// for the copies imported one record at a time.
struct World {
    stores: Vec<Store>,
    files: Vec<Vec<u8>>,
    folder: TempDir,
    tokens: u32,
}

impl World {
    fn new() -> World {
        let folder = tempfile::tempdir().unwrap();
        let stores = CENTRES
            .iter()
            .enumerate()
            .map(|(number, centre)| {
                Store::create(&folder.path().join(format!("{number}.db")), centre).unwrap()
            })
            .collect();
        World {
            stores,
            files: Vec::new(),
            folder,
            tokens: 0,
        }
    }

    fn token(&mut self) -> String {
        self.tokens += 1;
        format!("Token {}", self.tokens)
    }

    fn live(&self, store: usize, kinds: &[Kind], pick: usize) -> Option<String> {
        let mut found = Vec::new();
        for kind in kinds {
            found.extend(self.stores[store].records_of(*kind).unwrap());
        }
        (!found.is_empty()).then(|| found[pick % found.len()].id.clone())
    }

    fn import(&mut self, to: usize, files: &[Vec<u8>]) {
        let scratch = self.folder.path().join("one-at-a-time.db");
        import_both_ways(&mut self.stores[to], files, &scratch);
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Add {
                store,
                organisation,
            } => self.add(store, organisation),
            Op::Edit { store, pick, clear } => self.edit(store, pick, clear),
            Op::Link {
                store,
                first,
                second,
                kind,
            } => self.link(store, (first, second), kind),
            Op::Log {
                store,
                first,
                second,
            } => self.log(store, first, second),
            Op::Delete { store, pick } => {
                let kinds = [Kind::Person, Kind::Organisation, Kind::Affiliation];
                if let Some(id) = self.live(store, &kinds, pick) {
                    self.stores[store]
                        .write(|writer| writer.delete(&id))
                        .unwrap();
                }
            }
            Op::Erase { store, pick } => {
                if let Some(id) = self.live(store, &[Kind::Person], pick) {
                    self.stores[store]
                        .write(|writer| writer.erase(&id))
                        .unwrap();
                }
            }
            Op::Merge {
                store,
                first,
                second,
            } => self.merge(store, first, second),
            Op::Send { from, to } => {
                let file = export(&self.stores[from]);
                self.import(to, std::slice::from_ref(&file));
                self.files.push(file);
            }
            Op::SendTwo { from, other, to } => {
                let files = [export(&self.stores[from]), export(&self.stores[other])];
                self.import(to, &files);
                self.files.extend(files);
            }
            Op::Replay { to, pick } => {
                if !self.files.is_empty() {
                    let file = self.files[pick % self.files.len()].clone();
                    self.import(to, &[file]);
                }
            }
        }
    }

    fn add(&mut self, store: usize, organisation: bool) {
        let kind = if organisation {
            Kind::Organisation
        } else {
            Kind::Person
        };
        let fields = [("name", json!(self.token())), ("nation", json!("wales"))];
        self.stores[store]
            .write(|writer| writer.create(kind, &fields))
            .unwrap();
    }

    fn edit(&mut self, store: usize, pick: usize, clear: bool) {
        let kinds = [Kind::Person, Kind::Organisation, Kind::Affiliation];
        let Some(id) = self.live(store, &kinds, pick) else {
            return;
        };
        let (name, value) = if clear {
            ("role", json!(null))
        } else if pick.is_multiple_of(2) {
            ("name", json!(self.token()))
        } else {
            ("role", json!(self.token()))
        };
        self.stores[store]
            .write(|writer| writer.set(&id, name, value))
            .unwrap();
    }

    fn link(&mut self, store: usize, (first, second): (usize, usize), kind: usize) {
        let (kind, target_kind, link_type) = match kind {
            0 => (Kind::Affiliation, Kind::Organisation, ""),
            1 => (Kind::Relationship, Kind::Person, "knows"),
            _ => (Kind::Relationship, Kind::Person, "reports-to"),
        };
        let source = self.live(store, &[Kind::Person], first);
        let target = self.live(store, &[target_kind], second);
        let (Some(source), Some(target)) = (source, target) else {
            return;
        };
        if source != target {
            let fields = [("role", json!(self.token())), ("until", json!(null))];
            self.stores[store]
                .write(|writer| writer.link(kind, (&source, &target, link_type), &fields))
                .unwrap();
        }
    }

    fn log(&mut self, store: usize, first: usize, second: usize) {
        let kinds = [Kind::Person, Kind::Organisation];
        let (Some(first), Some(second)) = (
            self.live(store, &kinds, first),
            self.live(store, &kinds, second),
        ) else {
            return;
        };
        let fields = [
            ("type", json!("meeting")),
            ("date", json!("2026-11-30")),
            ("follow_up", json!("2026-12-30")),
            ("parties", json!([first, second])),
        ];
        self.stores[store]
            .write(|writer| writer.create(Kind::Interaction, &fields))
            .unwrap();
    }

    fn merge(&mut self, store: usize, first: usize, second: usize) {
        let first = self.live(store, &[Kind::Person], first);
        let second = self.live(store, &[Kind::Person], second);
        if let (Some(first), Some(second)) = (first, second) {
            if first != second {
                self.stores[store]
                    .write(|writer| sync::merge_pair(writer, &first, &second))
                    .unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Whatever the stores did, importing all at once leaves what importing
    /// one record at a time leaves, and reports the same.
    #[test]
    fn merging_together_is_merging_one_at_a_time(ops in prop::collection::vec(op(), 1..40)) {
        let mut world = World::new();
        for op in &ops {
            world.apply(op);
        }
        let finals: Vec<Vec<u8>> = world.stores.iter().map(export).collect();
        for to in 0..CENTRES.len() {
            world.import(to, &finals);
        }
    }
}

/// A store of `people` people in organisations of fifty, each person
/// affiliated (every fifth affiliation ended) and knowing the next, every
/// third a member of a network, one organisation deleted and another
/// marked deleted with its links left live: enough records,
/// and enough kinds of them, for the paths kept for large files.
fn large_store(path: &Path, people: usize) -> Store {
    let mut store = Store::create(path, "EEF").unwrap();
    store
        .write(|writer| {
            let organisations: Vec<String> = (0..people.div_ceil(50))
                .map(|number| {
                    let name = json!(format!("Council {number}"));
                    writer.create(Kind::Organisation, &[("name", name)])
                })
                .collect::<Result<_, _>>()?;
            let network = writer.create(Kind::Network, &[("name", json!("Wales Network"))])?;
            let mut ids = Vec::new();
            for number in 0..people {
                let fields = [
                    ("name", json!(format!("Person {number}"))),
                    ("alt_name", json!(format!("Person {}", number % 7))),
                    ("emails", json!([format!("p{number}@example.org")])),
                    ("place", json!("W06000015")),
                    ("topics", json!(["housing"])),
                ];
                ids.push(writer.create(Kind::Person, &fields)?);
            }
            for (number, person) in ids.iter().enumerate() {
                let organisation = &organisations[number / 50];
                let until = if number % 5 == 0 {
                    json!("2020")
                } else {
                    json!(null)
                };
                let fields = [("role", json!("Officer")), ("until", until)];
                writer.link(Kind::Affiliation, (person, organisation, ""), &fields)?;
                let next = &ids[(number + 1) % people];
                writer.link(Kind::Relationship, (person, next, "knows"), &[])?;
                if number % 3 == 0 {
                    writer.link(Kind::Membership, (person, &network, ""), &[])?;
                }
            }
            writer.delete(&organisations[1])?;
            // Gone without its links, as a file from elsewhere may have it.
            writer.set(&organisations[2], "deleted", json!(true))
        })
        .unwrap();
    store
}

/// Large files take the paths small ones never do: the indexes rebuilt,
/// whether each record is held read in one pass. Into an empty store, a
/// small one, and one that holds the file; then a file of changes,
/// deletions and an erasure; then that file again.
#[test]
fn large_files_merge_as_one_record_at_a_time_would() {
    let folder = tempfile::tempdir().unwrap();
    let scratch = folder.path().join("one-at-a-time.db");
    let mut source = large_store(&folder.path().join("source.db"), 3_500);
    let file = export(&source);
    let mut empty = Store::create(&folder.path().join("empty.db"), "WCPP").unwrap();
    let report = import_both_ways(&mut empty, std::slice::from_ref(&file), &scratch);
    assert_eq!(report.new, 3_500 + 70 + 1 + 7_000 + 1_167);
    let mut small = Store::create(&folder.path().join("small.db"), "WCPP").unwrap();
    small
        .write(|writer| writer.create(Kind::Person, &[("name", json!("Already here"))]))
        .unwrap();
    import_both_ways(&mut small, std::slice::from_ref(&file), &scratch);
    check_the_journals(folder.path(), &empty, &file, &scratch);
    // A file already held, answered in one pass, is imported without a
    // single write.
    let wal = folder.path().join("empty.db-wal");
    let before = (empty.connection().total_changes(), file_size(&wal));
    let again = import_both_ways(&mut empty, std::slice::from_ref(&file), &scratch);
    assert!(!again.changed_anything());
    assert_eq!(
        (empty.connection().total_changes(), file_size(&wal)),
        before
    );

    let people = source.records_of(Kind::Person).unwrap();
    source
        .write(|writer| {
            for person in people.iter().step_by(7) {
                writer.set(&person.id, "role", json!("Director"))?;
            }
            for person in people.iter().skip(3).step_by(11) {
                writer.delete(&person.id)?;
            }
            writer.erase(&people[1].id)?;
            writer.create(Kind::Person, &[("name", json!("Someone new"))])?;
            Ok(())
        })
        .unwrap();
    let changes = export(&source);
    let report = import_both_ways(&mut empty, std::slice::from_ref(&changes), &scratch);
    assert!(report.updated > 0 && report.deleted > 0 && report.erased == 1);
    assert_eq!(report.new, 1);
    let again = import_both_ways(&mut empty, &[changes], &scratch);
    assert!(!again.changed_anything());
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |meta| meta.len())
}

/// The journals of large imports. `empty`, in `folder`, took `file` on its
/// own, so the import wrote its pages once, through a rollback journal,
/// and not to the WAL first. With another connection reading, as the
/// screen may be, a store stays in WAL mode; and a disk that fills up
/// halfway undoes the import through the journal. Every store ends in WAL
/// mode with no journal left.
#[track_caller]
fn check_the_journals(folder: &Path, empty: &Store, file: &[u8], scratch: &Path) {
    let watched_path = folder.join("watched.db");
    let mut watched = Store::create(&watched_path, "WCPP").unwrap();
    let reader = rusqlite::Connection::open(&watched_path).unwrap();
    let count = |connection: &rusqlite::Connection| -> i64 {
        connection
            .query_row("SELECT count(*) FROM record", [], |row| row.get(0))
            .unwrap()
    };
    assert_eq!(count(&reader), 0);
    import_both_ways(&mut watched, &[file.to_vec()], scratch);
    assert_eq!(count(&reader), count(watched.connection()));
    let wal_of = |name: &str| file_size(&folder.join(format!("{name}.db-wal")));
    assert!(wal_of("empty") * 10 < wal_of("watched"));

    let mut full = Store::create(&folder.join("full.db"), "WCPP").unwrap();
    leave_room_for(&full, 100);
    let before = full.dump().unwrap();
    let decoded = sync::decode(file, wall_clock_millis()).unwrap();
    let files = [(PathBuf::from("file.kith"), decoded)];
    let error = sync::import_checked(&mut full, &files, Mode::default()).unwrap_err();
    assert!(error.to_string().contains("is full"), "{error}");
    assert_eq!(full.dump().unwrap(), before);

    for (name, store) in [("empty", empty), ("watched", &watched), ("full", &full)] {
        assert_eq!(journal_mode(store), "wal", "{name}");
        assert!(
            !folder.join(format!("{name}.db-journal")).exists(),
            "{name}"
        );
    }
}

/// A file as a store would write it, of exactly these records in this
/// order: how files from other programs, or damaged stores, may come.
fn file_of(records: &[Record]) -> Vec<u8> {
    let writer = sync::format::Writer {
        centre: "Elsewhere",
        store: "0190aaaa-0000-7000-8000-000000000000",
        now_millis: wall_clock_millis(),
        covers: Default::default(),
    };
    sync::encode(&writer, records)
}

/// Records that come before an erasure in the same file, new to the store
/// and bound to the erased person, are reached by the erasure exactly as
/// if they had been merged one at a time.
#[test]
fn an_erasure_reaches_new_records_earlier_in_its_file() {
    let folder = tempfile::tempdir().unwrap();
    let scratch = folder.path().join("one-at-a-time.db");
    let mut source = Store::create(&folder.path().join("source.db"), "EEF").unwrap();
    let (ann, bob) = source
        .write(|writer| {
            let ann = writer.create(Kind::Person, &[("name", json!("Ann Erasable"))])?;
            let bob = writer.create(Kind::Person, &[("name", json!("Bob"))])?;
            Ok((ann, bob))
        })
        .unwrap();
    let mut target = Store::create(&folder.path().join("target.db"), "WCPP").unwrap();
    import_both_ways(&mut target, &[export(&source)], &scratch);
    let (link, meeting) = source
        .write(|writer| {
            let link = writer.link(Kind::Relationship, (&ann, &bob, "knows"), &[])?;
            let parties = json!([ann.clone(), bob.clone()]);
            let fields = [("type", json!("meeting")), ("parties", parties)];
            Ok((link.id, writer.create(Kind::Interaction, &fields)?))
        })
        .unwrap();
    let mut elsewhere = Store::create(&folder.path().join("elsewhere.db"), "CWW").unwrap();
    import_both_ways(&mut elsewhere, &[export(&source)], &scratch);
    elsewhere.write(|writer| writer.erase(&ann)).unwrap();
    let forged = [
        source.get(&link).unwrap().unwrap(),
        source.get(&meeting).unwrap().unwrap(),
        elsewhere.get(&ann).unwrap().unwrap(),
    ];
    let report = import_both_ways(&mut target, &[file_of(&forged)], &scratch);
    assert_eq!((report.new, report.erased), (2, 1), "{report:?}");
    assert!(target.get(&link).unwrap().unwrap().erased);
    let meeting = target.get(&meeting).unwrap().unwrap();
    assert_eq!(meeting.list("parties"), vec![bob.as_str()]);
}

/// An organisation that arrives after the links to it (a file cut short
/// by filters, or written by another program) shows in the search entries
/// of the people linked to it.
#[test]
fn an_organisation_arriving_after_its_links_shows_in_their_entries() {
    let folder = tempfile::tempdir().unwrap();
    let scratch = folder.path().join("one-at-a-time.db");
    let mut source = Store::create(&folder.path().join("source.db"), "EEF").unwrap();
    let (ann, council, link) = source
        .write(|writer| {
            let ann = writer.create(Kind::Person, &[("name", json!("Ann"))])?;
            let council = writer.create(Kind::Organisation, &[("name", json!("Council"))])?;
            let link = writer.link(Kind::Affiliation, (&ann, &council, ""), &[])?;
            Ok((ann, council, link.id))
        })
        .unwrap();
    let record = |id: &str| source.get(id).unwrap().unwrap();
    let mut target = Store::create(&folder.path().join("target.db"), "WCPP").unwrap();
    import_both_ways(
        &mut target,
        &[file_of(&[record(&ann), record(&link)])],
        &scratch,
    );
    import_both_ways(&mut target, &[file_of(&[record(&council)])], &scratch);
    let entry = search_index::doc(target.connection(), &ann)
        .unwrap()
        .unwrap();
    assert_eq!(entry.organisations, vec!["Council".to_string()]);
}

/// Two files of a large store, written to `folder`: as it was built, and
/// after one person was erased, so that an erasure marker comes part way
/// through the second, and twenty others deleted, as many as would be a
/// large loss to a store that held them.
fn large_files(folder: &Path) -> [(PathBuf, Vec<u8>); 2] {
    let mut source = large_store(&folder.join("source.db"), 3_500);
    let write = |name: &str, source: &Store| {
        let bytes = export(source);
        let path = folder.join(name);
        std::fs::write(&path, &bytes).unwrap();
        (path, bytes)
    };
    let built = write("built.kith", &source);
    let people = source.records_of(Kind::Person).unwrap();
    source
        .write(|writer| {
            writer.erase(&people[people.len() / 2].id)?;
            people[..20]
                .iter()
                .try_for_each(|person| writer.delete(&person.id))
        })
        .unwrap();
    [built, write("erased.kith", &source)]
}

/// What `store` holds, and its clock: what an import that gives up must
/// leave exactly as it was.
fn state(store: &Store) -> (Vec<String>, String) {
    let clock = store
        .connection()
        .query_row("SELECT value FROM meta WHERE key = 'clock'", [], |row| {
            row.get(0)
        })
        .unwrap();
    (contents(store), clock)
}

/// A large file into an empty store is written while it is read, and
/// leaves exactly what merging it one record at a time leaves, the records
/// after its erasure marker included. Into a store that holds anything,
/// or for a dry run, it is not streamed.
#[test]
fn a_large_file_is_written_into_an_empty_store_while_it_is_read() {
    let folder = tempfile::tempdir().unwrap();
    let scratch = folder.path().join("one-at-a-time.db");
    let [built, erased] = large_files(folder.path());
    for (name, (path, bytes)) in [("built", &built), ("erased", &erased)] {
        let decoded = sync::decode(bytes, wall_clock_millis()).unwrap();
        let erased_at = decoded.records.iter().position(|record| record.erased);
        match erased_at {
            Some(at) => assert!(at > 1_000 && at + 1_000 < decoded.records.len()),
            None => assert_eq!(name, "built"),
        }
        let mut empty = Store::create(&folder.path().join(format!("{name}.db")), "WCPP").unwrap();
        let mut plain = twin(&empty, &scratch);
        let report = sync::streamed::import_into_empty(&mut empty, path, Mode::default())
            .unwrap()
            .expect("streamed");
        let one_at_a_time = plain
            .write(|writer| {
                let mut summary = Summary::default();
                let mismatch = sync::merge_one_at_a_time(writer, &decoded.records, &mut summary)?;
                assert!(mismatch.is_none());
                Ok(summary)
            })
            .unwrap();
        assert_eq!(report.total, one_at_a_time, "{name}");
        assert_eq!(report.files[0].summary, one_at_a_time, "{name}");
        // An erasure marker and a deleted record too are new here: the
        // store held nothing to lose, so there was nothing to ask about.
        assert_eq!(report.total.new, decoded.records.len() as u64, "{name}");
        if erased_at.is_some() {
            // Applying an erasure stamps it with each store's own clock.
            assert_eq!(contents(&empty), contents(&plain), "{name}");
        } else {
            // The clock, which `contents` leaves out, has moved past
            // every stamp received.
            assert_eq!(state(&empty), state(&plain), "{name}");
        }
        assert_eq!(journal_mode(&empty), "wal", "{name}");
        let entries: i64 = empty
            .connection()
            .query_row("SELECT count(*) FROM search_doc", [], |row| row.get(0))
            .unwrap();
        assert!(entries > 3_000, "{name}: {entries} search entries");
        // As a user runs it: the same store, and the same report.
        let cli = TestStore::new();
        let printed = cli.json(&["import", path.to_str().unwrap()]);
        assert_eq!(printed["total"]["new"], report.total.new, "{name}");
        assert_eq!(cli.dump(), empty.dump().unwrap(), "{name}");
    }
    let (path, _) = &erased;
    let mut empty = Store::open(&folder.path().join("erased.db")).unwrap();

    // Held already, or only previewed: the ordinary way.
    let again = sync::streamed::import_into_empty(&mut empty, path, Mode::default()).unwrap();
    assert!(again.is_none());
    let mut other = Store::create(&folder.path().join("other.db"), "WCPP").unwrap();
    let before = state(&other);
    let dry_run = Mode {
        dry_run: true,
        ..Mode::default()
    };
    assert!(sync::streamed::import_into_empty(&mut other, path, dry_run)
        .unwrap()
        .is_none());
    assert_eq!(state(&other), before);
}

/// A file that turns out to be damaged, or not in the order kith writes,
/// gives up the streamed import with the store exactly as it was; the
/// ordinary import then refuses it, or copes. A disk that fills up undoes
/// the import, unless the file was damaged too, which is then what is
/// reported, as it would be had the file been read first.
#[test]
fn a_streamed_import_that_cannot_finish_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let scratch = folder.path().join("one-at-a-time.db");
    let [_, (_, bytes)] = large_files(folder.path());
    let write = |name: &str, bytes: &[u8]| {
        let path = folder.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    // A letter changed in the last record: found only at the very end.
    let mut damaged = bytes.clone();
    let at = damaged.len() - 20;
    damaged[at] = if damaged[at] == b'a' { b'b' } else { b'a' };
    let damaged = write("damaged.kith", &damaged);
    let truncated = write("truncated.kith", &bytes[..bytes.len() - 1]);
    // A byte that is not UTF-8 half way, in a part of its own.
    let mut not_utf8 = bytes.clone();
    let middle = not_utf8.len() / 2;
    let quote = middle
        + not_utf8[middle..]
            .iter()
            .position(|byte| *byte == b'"')
            .unwrap();
    not_utf8[quote + 1] = 0xFF;
    let not_utf8 = write("not-utf8.kith", &not_utf8);
    let mut records = sync::decode(&bytes, wall_clock_millis()).unwrap().records;
    records.reverse();
    let reversed = file_of(&records);
    let reversed_path = write("reversed.kith", &reversed);

    let mut store = Store::create(&folder.path().join("store.db"), "WCPP").unwrap();
    let before = state(&store);
    let damaged_files = [
        (&damaged, "damaged"),
        (&truncated, "cut short"),
        (&not_utf8, "not UTF-8"),
    ];
    for (path, problem) in damaged_files {
        let streamed = sync::streamed::import_into_empty(&mut store, path, Mode::default());
        assert!(streamed.unwrap().is_none(), "{problem}");
        assert_eq!(state(&store), before, "{problem}");
        let error = sync::import(&mut store, std::slice::from_ref(path), Mode::default())
            .unwrap_err()
            .to_string();
        assert!(error.contains("was not imported"), "{problem}: {error}");
        assert_eq!(state(&store), before, "{problem}");
    }
    let streamed = sync::streamed::import_into_empty(&mut store, &reversed_path, Mode::default());
    assert!(streamed.unwrap().is_none());
    assert_eq!(state(&store), before);
    import_both_ways(&mut store, &[reversed], &scratch);
    // By the binary, the damaged file is refused, naming it.
    let cli = TestStore::new();
    let before = cli.dump();
    let message = cli.fails(1, &["import", damaged.to_str().unwrap()]);
    assert!(message.contains("damaged.kith"), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(cli.dump(), before);

    let good = write("good.kith", &bytes);
    let mut full = Store::create(&folder.path().join("full.db"), "WCPP").unwrap();
    leave_room_for(&full, 100);
    let before = state(&full);
    let error = sync::import(&mut full, &[good], Mode::default()).unwrap_err();
    assert!(error.to_string().contains("is full"), "{error}");
    assert_eq!(state(&full), before);
    let error = sync::import(&mut full, &[damaged], Mode::default()).unwrap_err();
    assert!(error.to_string().contains("was not imported"), "{error}");
    assert_eq!(state(&full), before);
    assert_eq!(journal_mode(&full), "wal");
}
