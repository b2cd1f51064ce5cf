//! Merging sync files: any set of files imported in any order, with repeats
//! and stale copies, leaves every store with the same `kith dump`; merging
//! is commutative, associative and idempotent; an erased person's data
//! survives nowhere; private records never leave.

use kith::model::{wall_clock_millis, Kind};
use kith::store::Store;
use kith::sync::{self, ImportReport, Mode, Selection};
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;

const CENTRES: [&str; 4] = ["EEF", "WCPP", "What Works Scotland", "Ageing Better"];

fn export(store: &Store) -> Vec<u8> {
    sync::export_bytes(store, &Selection::default()).unwrap()
}

fn import(store: &mut Store, bytes: &[u8]) -> ImportReport {
    let file = sync::decode(bytes, wall_clock_millis()).unwrap();
    let files = [(PathBuf::from("test.kith"), file)];
    sync::import_checked(store, &files, Mode::default()).unwrap()
}

/// One thing a user or a sync does, at one store.
#[derive(Clone, Debug)]
enum Op {
    AddPerson {
        store: usize,
    },
    AddOrganisation {
        store: usize,
    },
    Edit {
        store: usize,
        pick: usize,
        field: usize,
    },
    Affiliate {
        store: usize,
        person: usize,
        organisation: usize,
    },
    Know {
        store: usize,
        first: usize,
        second: usize,
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
    Replay {
        to: usize,
        pick: usize,
    },
}

fn op(stores: usize) -> impl Strategy<Value = Op> {
    let store = 0..stores;
    let pick = 0..8usize;
    prop_oneof![
        3 => store.clone().prop_map(|store| Op::AddPerson { store }),
        1 => store.clone().prop_map(|store| Op::AddOrganisation { store }),
        3 => (store.clone(), pick.clone(), 0..3usize)
            .prop_map(|(store, pick, field)| Op::Edit { store, pick, field }),
        2 => (store.clone(), pick.clone(), pick.clone()).prop_map(|(store, person, organisation)| {
            Op::Affiliate { store, person, organisation }
        }),
        1 => (store.clone(), pick.clone(), pick.clone())
            .prop_map(|(store, first, second)| Op::Know { store, first, second }),
        1 => (store.clone(), pick.clone(), pick.clone())
            .prop_map(|(store, first, second)| Op::Log { store, first, second }),
        1 => (store.clone(), pick.clone()).prop_map(|(store, pick)| Op::Delete { store, pick }),
        1 => (store.clone(), pick.clone()).prop_map(|(store, pick)| Op::Erase { store, pick }),
        1 => (store.clone(), pick.clone(), pick.clone())
            .prop_map(|(store, first, second)| Op::Merge { store, first, second }),
        3 => (store.clone(), 0..stores).prop_map(|(from, to)| Op::Send { from, to }),
        1 => (store, 0..64usize).prop_map(|(to, pick)| Op::Replay { to, pick }),
    ]
}

/// The stores, the files they have written, and every token of text
/// written into each record, to look for after erasures.
struct World {
    stores: Vec<Store>,
    files: Vec<Vec<u8>>,
    tokens: BTreeMap<String, Vec<String>>,
    next_token: u32,
}

impl World {
    fn new(count: usize) -> World {
        let stores = CENTRES[..count]
            .iter()
            .map(|centre| Store::in_memory(centre).unwrap());
        World {
            stores: stores.collect(),
            files: Vec::new(),
            tokens: BTreeMap::new(),
            next_token: 0,
        }
    }

    /// A unique piece of text, remembered as written into `id`.
    fn token(&mut self) -> String {
        self.next_token += 1;
        format!("tok{:05}x", self.next_token)
    }

    fn remember(&mut self, id: &str, token: &str) {
        self.tokens
            .entry(id.to_string())
            .or_default()
            .push(token.to_string());
    }

    fn live(&self, store: usize, kinds: &[Kind], pick: usize) -> Option<String> {
        let mut found = Vec::new();
        for kind in kinds {
            found.extend(self.stores[store].records_of(*kind).unwrap());
        }
        (!found.is_empty()).then(|| found[pick % found.len()].id.clone())
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::AddPerson { store } => self.add(store, Kind::Person),
            Op::AddOrganisation { store } => self.add(store, Kind::Organisation),
            Op::Edit { store, pick, field } => self.edit(store, pick, field),
            Op::Affiliate {
                store,
                person,
                organisation,
            } => {
                let source = self.live(store, &[Kind::Person], person);
                let target = self.live(store, &[Kind::Organisation], organisation);
                self.link(store, Kind::Affiliation, source, target, "");
            }
            Op::Know {
                store,
                first,
                second,
            } => {
                let source = self.live(store, &[Kind::Person], first);
                let target = self.live(store, &[Kind::Person], second);
                self.link(store, Kind::Relationship, source, target, "knows");
            }
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
                import(&mut self.stores[to], &file);
                self.files.push(file);
            }
            Op::Replay { to, pick } => {
                if !self.files.is_empty() {
                    let file = self.files[pick % self.files.len()].clone();
                    import(&mut self.stores[to], &file);
                }
            }
        }
    }

    /// Merges two live people, as `kith merge` does.
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

    fn add(&mut self, store: usize, kind: Kind) {
        let (name, email) = (self.token(), self.token());
        let fields = [
            ("name", json!(name)),
            ("emails", json!([format!("{email}@example.org")])),
        ];
        let id = self.stores[store]
            .write(|writer| writer.create(kind, &fields))
            .unwrap();
        self.remember(&id, &name);
        self.remember(&id, &email);
    }

    fn edit(&mut self, store: usize, pick: usize, field: usize) {
        let kinds = [Kind::Person, Kind::Organisation, Kind::Affiliation];
        let Some(id) = self.live(store, &kinds, pick) else {
            return;
        };
        let token = self.token();
        let (name, value) = match field {
            0 => ("note", json!(token)),
            1 => ("role", json!(token)),
            _ => ("note", serde_json::Value::Null),
        };
        self.stores[store]
            .write(|writer| writer.set(&id, name, value))
            .unwrap();
        self.remember(&id, &token);
    }

    fn link(
        &mut self,
        store: usize,
        kind: Kind,
        source: Option<String>,
        target: Option<String>,
        link_type: &str,
    ) {
        let (Some(source), Some(target)) = (source, target) else {
            return;
        };
        if source == target {
            return;
        }
        let role = self.token();
        let fields = [("role", json!(role))];
        let outcome = self.stores[store]
            .write(|writer| writer.link(kind, (&source, &target, link_type), &fields))
            .unwrap();
        self.remember(&outcome.id, &role);
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
            ("parties", json!([first, second])),
        ];
        self.stores[store]
            .write(|writer| writer.create(Kind::Interaction, &fields))
            .unwrap();
    }

    /// Every store writes its file; then every store imports every file
    /// ever written, in an order of its own, some twice.
    fn exchange_everything(&mut self, seed: u64) {
        let finals: Vec<Vec<u8>> = self.stores.iter().map(export).collect();
        self.files.extend(finals);
        let mut random = StdRng::seed_from_u64(seed);
        for store in &mut self.stores {
            let mut order: Vec<usize> = (0..self.files.len()).collect();
            order.shuffle(&mut random);
            order.extend(order.clone().into_iter().take(2));
            for index in order {
                import(store, &self.files[index]);
            }
        }
    }

    /// The tokens written into records that are now erased.
    fn erased_tokens(&self) -> Vec<String> {
        let records = self.stores[0].all_records().unwrap();
        let erased = records.iter().filter(|record| record.erased);
        erased
            .flat_map(|record| self.tokens.get(&record.id).cloned().unwrap_or_default())
            .collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The heart of sync: stores that have seen the same files agree byte
    /// for byte, and nothing of an erased person is left anywhere.
    #[test]
    fn stores_that_saw_the_same_files_print_the_same_dump(
        count in 3..=4usize,
        ops in prop::collection::vec(op(4), 1..40),
        seed in any::<u64>(),
    ) {
        let mut world = World::new(count);
        for op in ops.iter().filter(|op| op_fits(op, count)) {
            world.apply(op);
        }
        world.exchange_everything(seed);
        let dumps: Vec<String> = world.stores.iter().map(|store| store.dump().unwrap()).collect();
        for dump in &dumps[1..] {
            prop_assert_eq!(dump, &dumps[0]);
        }
        for token in world.erased_tokens() {
            prop_assert!(!dumps[0].contains(&token), "erased text {} survived", token);
        }
        // Once converged, another round changes nothing at all.
        let file = export(&world.stores[1]);
        let report = import(&mut world.stores[0], &file);
        prop_assert!(!report.total.changed_anything());
    }

    /// Importing files in any order, each any number of times, gives the
    /// same store: merge is commutative and idempotent.
    #[test]
    fn merge_is_commutative_and_idempotent(
        ops in prop::collection::vec(op(3), 1..30),
        seed in any::<u64>(),
    ) {
        let mut world = World::new(3);
        for op in &ops {
            world.apply(op);
        }
        let files: Vec<Vec<u8>> = world.stores.iter().map(export).collect();
        let mut random = StdRng::seed_from_u64(seed);
        let mut dumps = Vec::new();
        for repeats in [1, 2] {
            let every_file = (0..files.len()).cycle();
            let mut order: Vec<usize> = every_file.take(files.len() * repeats).collect();
            order.shuffle(&mut random);
            let mut fresh = Store::in_memory("Observer").unwrap();
            for index in order {
                import(&mut fresh, &files[index]);
            }
            dumps.push(fresh.dump().unwrap());
        }
        prop_assert_eq!(&dumps[0], &dumps[1]);
    }

    /// (A then B) then C is A then (B then C): a store that relays what it
    /// merged gives the same as importing every file directly.
    #[test]
    fn merge_is_associative(ops in prop::collection::vec(op(3), 1..30)) {
        let mut world = World::new(3);
        for op in &ops {
            world.apply(op);
        }
        let files: Vec<Vec<u8>> = world.stores.iter().map(export).collect();
        let mut relay = Store::in_memory("Relay").unwrap();
        import(&mut relay, &files[1]);
        import(&mut relay, &files[2]);
        let mut grouped = Store::in_memory("Grouped").unwrap();
        import(&mut grouped, &files[0]);
        import(&mut grouped, &export(&relay));
        let mut direct = Store::in_memory("Direct").unwrap();
        for file in &files {
            import(&mut direct, file);
        }
        prop_assert_eq!(grouped.dump().unwrap(), direct.dump().unwrap());
    }
}

fn op_fits(op: &Op, count: usize) -> bool {
    let stores = match *op {
        Op::AddPerson { store }
        | Op::AddOrganisation { store }
        | Op::Edit { store, .. }
        | Op::Affiliate { store, .. }
        | Op::Know { store, .. }
        | Op::Log { store, .. }
        | Op::Delete { store, .. }
        | Op::Erase { store, .. }
        | Op::Merge { store, .. } => vec![store],
        Op::Send { from, to } => vec![from, to],
        Op::Replay { to, .. } => vec![to],
    };
    stores.into_iter().all(|store| store < count)
}

fn person(store: &mut Store, name: &str, private: bool) -> String {
    let fields = [("name", json!(name)), ("private", json!(private))];
    store
        .write(|writer| writer.create(Kind::Person, &fields))
        .unwrap()
}

#[test]
fn private_records_and_what_touches_them_never_leave() {
    let mut store = Store::in_memory("EEF").unwrap();
    let public = person(&mut store, "Public Pat", false);
    let secret = person(&mut store, "Secret Sam", true);
    store
        .write(|writer| {
            writer.link(Kind::Relationship, (&public, &secret, "knows"), &[])?;
            let parties = json!([public, secret]);
            writer.create(
                Kind::Interaction,
                &[("type", json!("call")), ("parties", parties)],
            )
        })
        .unwrap();
    let text = String::from_utf8(export(&store)).unwrap();
    assert!(text.contains("Public Pat"));
    assert!(
        !text.contains(&secret),
        "the private record's id leaked: {text}"
    );
    assert_eq!(
        text.lines().count(),
        2,
        "only the header and the public person: {text}"
    );
}

#[test]
fn a_deletion_is_not_undone_by_an_older_edit_arriving_later() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let id = person(&mut ours, "Ann", false);
    import(&mut theirs, &export(&ours));
    set_role(&mut theirs, &id, "Director");
    let older_edit = export(&theirs);
    ours.write(|writer| writer.delete(&id)).unwrap();
    let report = import(&mut ours, &older_edit);
    assert_eq!(report.total.updated, 1, "the role still merges: {report:?}");
    assert!(ours.get(&id).unwrap().unwrap().is_gone());
    import(&mut theirs, &export(&ours));
    assert_eq!(ours.dump().unwrap(), theirs.dump().unwrap());
}

#[test]
fn an_erasure_removes_the_person_and_their_links_everywhere_for_good() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let ann = person(&mut ours, "Ann Erasable", false);
    let bob = person(&mut ours, "Bob", false);
    import(&mut theirs, &export(&ours));
    // They link Ann to Bob while we erase her: the link must go too.
    theirs
        .write(|writer| {
            writer.link(
                Kind::Relationship,
                (&ann, &bob, "works-with"),
                &[("note", json!("Ann's desk"))],
            )
        })
        .unwrap();
    let stale = export(&theirs);
    ours.write(|writer| writer.erase(&ann)).unwrap();
    let report = import(&mut theirs, &export(&ours));
    // Counts are of the records in the file; the link they made is erased
    // as a consequence and shows in the store, not in the count.
    assert_eq!(report.total.erased, 1, "{report:?}");
    assert!(theirs.links_of(&bob).unwrap().is_empty());
    import(&mut ours, &stale);
    for store in [&ours, &theirs] {
        let dump = store.dump().unwrap();
        assert!(
            !dump.contains("Ann Erasable") && !dump.contains("Ann's desk"),
            "{dump}"
        );
    }
    assert_eq!(ours.dump().unwrap(), theirs.dump().unwrap());
}

/// Sets the person `id`'s role at `store`, as an edit made there.
fn set_role(store: &mut Store, id: &str, role: &str) {
    store
        .write(|writer| writer.set(id, "role", json!(role)))
        .unwrap();
}

#[test]
fn same_field_changed_on_both_sides_is_reported_with_the_winner() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let id = person(&mut ours, "Ann", false);
    import(&mut theirs, &export(&ours));
    set_role(&mut ours, &id, "Ours");
    set_role(&mut theirs, &id, "Theirs");
    let report = import(&mut ours, &export(&theirs));
    let conflicts = &report.total.conflicts;
    assert_eq!(conflicts.len(), 1, "{report:?}");
    assert_eq!(conflicts[0].field, "role");
    assert_eq!(
        conflicts[0].winner,
        sync::Side::Theirs,
        "theirs is the later change"
    );
    assert_eq!(ours.get(&id).unwrap().unwrap().text("role"), Some("Theirs"));
}

#[test]
fn a_change_made_after_seeing_ours_is_an_update_not_a_conflict() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let id = person(&mut ours, "Ann", false);
    set_role(&mut ours, &id, "Analyst");
    let stale = export(&ours);
    import(&mut theirs, &stale);
    set_role(&mut theirs, &id, "Director");
    let report = import(&mut ours, &export(&theirs));
    assert_eq!(report.total.updated, 1, "{report:?}");
    assert!(report.total.conflicts.is_empty(), "{report:?}");
    assert_eq!(
        ours.get(&id).unwrap().unwrap().text("role"),
        Some("Director")
    );
    // Our old file arriving late at theirs is not a conflict either: their
    // value was set knowing ours, and stays.
    let report = import(&mut theirs, &stale);
    assert!(report.total.conflicts.is_empty(), "{report:?}");
    assert_eq!(ours.dump().unwrap(), theirs.dump().unwrap());
}

#[test]
fn two_quick_edits_after_seeing_ours_are_still_an_update() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let id = person(&mut ours, "Ann", false);
    set_role(&mut ours, &id, "Analyst");
    import(&mut theirs, &export(&ours));
    for role in ["Directr", "Director"] {
        set_role(&mut theirs, &id, role);
    }
    let report = import(&mut ours, &export(&theirs));
    assert!(report.total.conflicts.is_empty(), "{report:?}");
    assert_eq!(
        ours.get(&id).unwrap().unwrap().text("role"),
        Some("Director")
    );
    // And once ours holds their value, their next edit is an update too.
    set_role(&mut theirs, &id, "Chief Executive");
    let report = import(&mut ours, &export(&theirs));
    assert!(report.total.conflicts.is_empty(), "{report:?}");
}

#[test]
fn an_edit_made_without_seeing_ours_stays_a_conflict_after_more_edits() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let id = person(&mut ours, "Ann", false);
    import(&mut theirs, &export(&ours));
    set_role(&mut ours, &id, "Ours");
    for role in ["Theirs", "Theirs again"] {
        set_role(&mut theirs, &id, role);
    }
    let ours_before = export(&ours);
    let report = import(&mut ours, &export(&theirs));
    let conflicts = &report.total.conflicts;
    assert_eq!(conflicts.len(), 1, "{report:?}");
    assert_eq!(conflicts[0].ours, json!("Ours"));
    assert_eq!(conflicts[0].theirs, json!("Theirs again"));
    // Each side sees the same conflict from its end.
    let report = import(&mut theirs, &ours_before);
    assert_eq!(report.total.conflicts.len(), 1, "{report:?}");
    assert_eq!(ours.dump().unwrap(), theirs.dump().unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Centres taking turns at a field, each having imported the file of
    /// the one before it (which had done the same), never conflict: not on
    /// those files, not on any older file arriving late, and not when at
    /// last every Centre imports every other's latest file, in any order.
    #[test]
    fn edits_made_in_turn_are_never_conflicts(
        turns in prop::collection::vec(
            (0..3usize, 1..4usize, any::<prop::sample::Index>()),
            1..12,
        ),
        seed in any::<u64>(),
    ) {
        let mut stores = ["EEF", "WCPP", "WWS"].map(|centre| Store::in_memory(centre).unwrap());
        let id = person(&mut stores[0], "Ann", false);
        let mut sent: Vec<Vec<u8>> = vec![export(&stores[0])];
        let mut latest: [Option<Vec<u8>>; 3] = [Some(export(&stores[0])), None, None];
        let (mut previous, mut value) = (0, 0);
        for (editor, edits, stale) in turns {
            if editor != previous {
                let file = latest[previous].clone().expect("the last editor wrote a file");
                let report = import(&mut stores[editor], &file);
                prop_assert!(report.total.conflicts.is_empty(), "{:?}", report);
            }
            for _ in 0..edits {
                value += 1;
                let role = json!(format!("Role {value}"));
                stores[editor].write(|writer| writer.set(&id, "role", role)).unwrap();
            }
            let file = export(&stores[editor]);
            sent.push(file.clone());
            latest[editor] = Some(file);
            previous = editor;
            let old = stale.get(&sent).clone();
            let report = import(&mut stores[editor], &old);
            prop_assert!(report.total.conflicts.is_empty(), "a late file: {:?}", report);
        }
        let mut exchanges: Vec<(usize, usize)> = (0..3)
            .flat_map(|at| (0..3).filter(move |from| *from != at).map(move |from| (at, from)))
            .collect();
        exchanges.shuffle(&mut StdRng::seed_from_u64(seed));
        for (at, from) in exchanges {
            if let Some(file) = latest[from].clone() {
                let report = import(&mut stores[at], &file);
                prop_assert!(report.total.conflicts.is_empty(), "{:?}", report);
            }
        }
        let dump = stores[0].dump().unwrap();
        for store in &stores[1..] {
            prop_assert_eq!(&store.dump().unwrap(), &dump);
        }
    }
}

#[test]
fn what_a_value_was_set_knowing_travels_and_prints_in_the_dump() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let id = person(&mut ours, "Ann", false);
    import(&mut theirs, &export(&ours));
    theirs
        .write(|writer| writer.set(&id, "name", json!("Ann Jones")))
        .unwrap();
    let name_stamp = ours.get(&id).unwrap().unwrap().fields["name"].stamp.clone();
    import(&mut ours, &export(&theirs));
    let name = ours.get(&id).unwrap().unwrap().fields["name"].clone();
    assert_eq!(name.seen, vec![name_stamp.clone()]);
    let dump = ours.dump().unwrap();
    assert!(dump.contains("\"seen\": [") && dump.contains(&format!("\"{name_stamp}\"")));
    assert_eq!(dump, theirs.dump().unwrap());
}

#[test]
fn an_edit_passed_on_through_a_third_centre_is_an_update_in_any_order() {
    let [mut eef, mut wcpp, mut wws] =
        ["EEF", "WCPP", "WWS"].map(|centre| Store::in_memory(centre).unwrap());
    let id = person(&mut eef, "Ann", false);
    set_role(&mut eef, &id, "Analyst");
    import(&mut wcpp, &export(&eef));
    set_role(&mut wcpp, &id, "Director");
    import(&mut wws, &export(&wcpp));
    set_role(&mut wws, &id, "Chief Executive");
    // EEF hears from WWS first, or only: WWS's value was set knowing
    // WCPP's, which was set knowing EEF's.
    let from_wws = export(&wws);
    let report = import(&mut eef, &from_wws);
    assert!(report.total.conflicts.is_empty(), "{report:?}");
    let report = import(&mut eef, &export(&wcpp));
    assert!(report.total.conflicts.is_empty(), "an old copy: {report:?}");
    assert_eq!(
        eef.get(&id).unwrap().unwrap().text("role"),
        Some("Chief Executive")
    );
    // A change EEF makes without hearing from the others is a conflict for
    // each of them, however they hear of it.
    let mut lonely = Store::in_memory("WWN").unwrap();
    import(&mut lonely, &export(&wcpp));
    set_role(&mut lonely, &id, "Trustee");
    let report = import(&mut eef, &export(&lonely));
    assert_eq!(report.total.conflicts.len(), 1, "{report:?}");
}

#[test]
fn a_dry_run_reports_changes_and_leaves_the_store_as_it_was() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    person(&mut theirs, "Ann", false);
    let before = ours.dump().unwrap();
    let file = sync::decode(&export(&theirs), wall_clock_millis()).unwrap();
    let files = [(PathBuf::from("theirs.kith"), file)];
    let mode = Mode {
        dry_run: true,
        ..Mode::default()
    };
    let report = sync::import_checked(&mut ours, &files, mode).unwrap();
    assert_eq!(report.total.new, 1);
    assert_eq!(ours.dump().unwrap(), before);
}

#[test]
fn the_same_relationship_recorded_both_ways_at_two_centres_is_one_link() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let (ann, bob) = (
        person(&mut ours, "Ann", false),
        person(&mut ours, "Bob", false),
    );
    import(&mut theirs, &export(&ours));
    ours.write(|writer| writer.link(Kind::Relationship, (&ann, &bob, "knows"), &[]))
        .unwrap();
    theirs
        .write(|writer| writer.link(Kind::Relationship, (&bob, &ann, "knows"), &[]))
        .unwrap();
    import(&mut ours, &export(&theirs));
    import(&mut theirs, &export(&ours));
    assert_eq!(ours.links_of(&ann).unwrap().len(), 1);
    assert_eq!(ours.dump().unwrap(), theirs.dump().unwrap());
}

#[test]
fn two_centres_merging_the_same_pair_either_way_round_converge() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let first = ours
        .write(|writer| {
            let fields = [
                ("name", json!("Ann Jones")),
                ("emails", json!(["ann@eef.example"])),
            ];
            writer.create(Kind::Person, &fields)
        })
        .unwrap();
    let (second, council) = theirs
        .write(|writer| {
            let fields = [
                ("name", json!("ANN JONES")),
                ("emails", json!(["ann@wcpp.example"])),
            ];
            let ann = writer.create(Kind::Person, &fields)?;
            let council =
                writer.create(Kind::Organisation, &[("name", json!("Cardiff Council"))])?;
            writer.link(
                Kind::Affiliation,
                (&ann, &council, ""),
                &[("role", json!("Officer"))],
            )?;
            Ok((ann, council))
        })
        .unwrap();
    import(&mut ours, &export(&theirs));
    import(&mut theirs, &export(&ours));
    let found = sync::find_duplicates(&ours).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].reason, "same name");
    ours.write(|writer| sync::merge_pair(writer, &first, &second))
        .unwrap();
    theirs
        .write(|writer| sync::merge_pair(writer, &second, &first))
        .unwrap();
    import(&mut ours, &export(&theirs));
    import(&mut theirs, &export(&ours));
    assert_eq!(ours.dump().unwrap(), theirs.dump().unwrap());
    let kept = ours.live(&first.clone().min(second.clone())).unwrap();
    assert_eq!(kept.list("emails").len(), 2, "{kept:?}");
    let links = ours.links_of(&kept.id).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].target.as_deref(), Some(council.as_str()));
    assert!(sync::find_duplicates(&ours).unwrap().is_empty());
}

#[test]
fn erasing_a_merged_person_erases_the_record_folded_into_them_everywhere() {
    let mut ours = Store::in_memory("EEF").unwrap();
    let mut theirs = Store::in_memory("WCPP").unwrap();
    let first = person(&mut ours, "Ann Jones", false);
    let second = person(&mut ours, "Ann Jones-Davies", false);
    import(&mut theirs, &export(&ours));
    // We merge the two while they, not knowing, erase the second.
    ours.write(|writer| sync::merge_pair(writer, &first, &second))
        .unwrap();
    theirs.write(|writer| writer.erase(&second)).unwrap();
    import(&mut ours, &export(&theirs));
    import(&mut theirs, &export(&ours));
    for store in [&ours, &theirs] {
        let dump = store.dump().unwrap();
        assert!(
            !dump.contains("Ann Jones"),
            "the merged person survived: {dump}"
        );
    }
    assert_eq!(ours.dump().unwrap(), theirs.dump().unwrap());
}
