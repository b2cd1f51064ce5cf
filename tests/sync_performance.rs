//! How long sync takes at the scale of a large Centre: 100,000 people with
//! 300,000 links, exported, imported into an empty store, and imported
//! again into a store that already has it all (which must write nothing).
//!
//! A benchmark, not a timed test: it is ignored by default. Run it with
//! `cargo test --release --test sync_performance -- --ignored --nocapture`,
//! and set `KITH_SYNC_BENCH_PEOPLE` for another size.

use kith::model::Kind;
use kith::store::Store;
use kith::sync::{self, Mode, Selection};
use serde_json::json;
use std::time::Instant;

fn people() -> usize {
    std::env::var("KITH_SYNC_BENCH_PEOPLE")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(100_000)
}

/// A store of `count` people in `count / 100` organisations, each person
/// with an affiliation and two relationships: three links a person.
fn large_store(folder: &std::path::Path, count: usize) -> Store {
    let mut store = Store::create(&folder.join("large.db"), "EEF").unwrap();
    store
        .write(|writer| {
            let organisations: Vec<String> = (0..count.div_ceil(100))
                .map(|number| {
                    let name = json!(format!("Organisation {number}"));
                    writer.create(Kind::Organisation, &[("name", name)])
                })
                .collect::<Result<_, _>>()?;
            let mut people = Vec::with_capacity(count);
            for number in 0..count {
                let fields = [
                    ("name", json!(format!("Person {number}"))),
                    ("emails", json!([format!("person{number}@example.org")])),
                    ("nation", json!("wales")),
                ];
                people.push(writer.create(Kind::Person, &fields)?);
            }
            for (number, person) in people.iter().enumerate() {
                let organisation = &organisations[number / 100];
                let role = [("role", json!("Officer"))];
                writer.link(Kind::Affiliation, (person, organisation, ""), &role)?;
                for step in [1, 7] {
                    let other = &people[(number + step) % count];
                    writer.link(Kind::Relationship, (person, other, "reports-to"), &[])?;
                }
            }
            Ok(())
        })
        .unwrap();
    store
}

#[test]
#[ignore = "a benchmark: run with --release -- --ignored"]
fn export_and_import_a_large_store() {
    let folder = tempfile::tempdir().unwrap();
    let count = people();
    let started = Instant::now();
    let source = large_store(folder.path(), count);
    println!("built {count} people with links in {:?}", started.elapsed());

    let file = folder.path().join("large.kith");
    let started = Instant::now();
    let written = sync::export(&source, &Selection::default(), &file).unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    println!(
        "export: {} records, {size} bytes, {:?}",
        written.records,
        started.elapsed()
    );

    let mut target = Store::create(&folder.path().join("target.db"), "WCPP").unwrap();
    let started = Instant::now();
    let dry_run = Mode {
        dry_run: true,
        ..Mode::default()
    };
    sync::import(&mut target, std::slice::from_ref(&file), dry_run).unwrap();
    println!("dry run into an empty store: {:?}", started.elapsed());
    let started = Instant::now();
    let report = sync::import(&mut target, std::slice::from_ref(&file), Mode::default()).unwrap();
    println!("import into an empty store: {:?}", started.elapsed());
    assert_eq!(report.total.new, written.records);

    let started = Instant::now();
    let report = sync::import(&mut target, &[file], Mode::default()).unwrap();
    println!("import again: {:?}", started.elapsed());
    assert!(!report.total.changed_anything());
    assert_eq!(target.dump().unwrap(), source.dump().unwrap());
}
