//! How long sync takes at the scale of a large Centre (issue 4): a store of
//! N people (100,000 by default) with three links each, exported; the file
//! checked and merged without writing (a dry run), imported into an empty
//! store (in this process, and by the `kith` binary as a user runs it),
//! and imported again into a store that holds it all, which must write
//! nothing. Also `kith demo --people N`'s filling of a store, which
//! makes the stores the other benchmarks use.
//!
//! Run with `cargo bench --bench sync`. `KITH_BENCH_PEOPLE` sets N (one
//! number, or the first of a list), `KITH_BENCH_RUNS` the runs per phase
//! (3). Each phase prints its median, fastest and slowest run as a
//! markdown table for docs/performance.md; criterion then times a repeated
//! import of 10,000 people, small enough to run often.

// Shared with the search benchmark, which uses the rest of it.
#[allow(dead_code)]
mod support;

use criterion::{criterion_group, Criterion};
use kith::model::Kind;
use kith::store::Store;
use kith::sync::{self, Mode, Selection};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{kith_binary, people_counts};

/// Runs per phase, from `KITH_BENCH_RUNS`.
fn runs() -> usize {
    std::env::var("KITH_BENCH_RUNS")
        .ok()
        .and_then(|text| text.parse().ok())
        .filter(|runs| *runs > 0)
        .unwrap_or(3)
}

/// A store of `count` people in `count / 100` organisations, each person
/// with an affiliation and two relationships: three links a person.
fn large_store(path: &Path, count: usize) -> Store {
    let mut store = Store::create(path, "EEF").expect("a new store");
    store.widen_cache().expect("the cache widens");
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
        .expect("the large store is written");
    store
}

/// One run of a phase: wall-clock time, and the CPU time this process
/// used, which other work on a shared machine disturbs far less.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Timing {
    wall: Duration,
    cpu: Duration,
}

/// The CPU time (user and system) this process and the children it has
/// waited for have used so far, read from /proc on Linux; zero elsewhere.
fn cpu_used() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis; utime, stime, cutime
    // and cstime are the 12th to 15th of them, in ticks of (almost always)
    // 1/100 s.
    let after = stat.rsplit(')').next().unwrap_or_default();
    let ticks: u64 = after
        .split_whitespace()
        .skip(11)
        .take(4)
        .filter_map(|field| field.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Times `phase` `runs` times, each after a fresh `setup` (not timed).
fn time<S>(runs: usize, mut setup: impl FnMut() -> S, mut phase: impl FnMut(S)) -> Vec<Timing> {
    (0..runs)
        .map(|_| {
            let state = setup();
            let (started, cpu) = (Instant::now(), cpu_used());
            phase(state);
            Timing {
                wall: started.elapsed(),
                cpu: cpu_used().saturating_sub(cpu),
            }
        })
        .collect()
}

/// One row of the table: the median, fastest and slowest wall-clock
/// times, and the median CPU time.
fn row(people: usize, phase: &str, mut timings: Vec<Timing>) {
    timings.sort();
    let median = timings[timings.len() / 2].wall;
    let (fastest, slowest) = (timings[0].wall, timings[timings.len() - 1].wall);
    let mut cpu: Vec<Duration> = timings.iter().map(|timing| timing.cpu).collect();
    cpu.sort();
    println!(
        "| {people} | {phase} | {} | {} s | {} s | {} s | {} s |",
        timings.len(),
        seconds(median),
        seconds(fastest),
        seconds(slowest),
        seconds(cpu[cpu.len() / 2])
    );
}

fn seconds(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64())
}

/// An empty store at a fresh path in `folder`.
fn empty_store(folder: &Path, name: &str) -> Store {
    let path = folder.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Store::create(&path, "WCPP").expect("a new store")
}

fn report(people: usize) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let runs = runs();
    println!("\n| people | phase | runs | median | fastest | slowest | median CPU |");
    println!("|---|---|---|---|---|---|---|");
    let mut source = None;
    let build = time(
        1,
        || (),
        |()| {
            source = Some(large_store(&folder.path().join("source.db"), people));
        },
    );
    row(people, "build the store (one transaction)", build);
    let source = source.expect("the store was built");

    let file = folder.path().join("large.kith");
    let export = || {
        sync::export(&source, &Selection::default(), &file).expect("export");
    };
    row(people, "export", time(runs, || (), |()| export()));
    let files = || vec![file.clone()];

    let dry_run = Mode {
        dry_run: true,
        ..Mode::default()
    };
    let mut target = empty_store(folder.path(), "dry");
    let dry = time(runs, files, |files| {
        sync::import(&mut target, &files, dry_run).expect("dry run");
    });
    row(people, "dry run into an empty store", dry);

    let empty = || (empty_store(folder.path(), "target"), files());
    let import = time(runs, empty, |(mut store, files)| {
        sync::import(&mut store, &files, Mode::default()).expect("import");
    });
    row(people, "import into an empty store", import);

    // As a user runs it: the binary, started afresh, into a store just
    // made by `kith init`.
    let binary = kith_binary();
    let new_store = || {
        let store = empty_store(folder.path(), "process");
        store.path().to_path_buf()
    };
    let process = time(runs, new_store, |path| {
        let status = Command::new(&binary)
            .arg("--db")
            .arg(&path)
            .args(["import", "--yes"])
            .arg(&file)
            .stdout(Stdio::null())
            .status()
            .expect("kith runs");
        assert!(status.success(), "kith import failed");
    });
    row(
        people,
        "`kith import` (the binary) into an empty store",
        process,
    );

    let mut full = Store::open(&folder.path().join("target.db")).expect("the imported store");
    let again = time(runs, files, |files| {
        let report = sync::import(&mut full, &files, Mode::default()).expect("import again");
        assert!(
            !report.total.changed_anything(),
            "a repeat changed the store"
        );
    });
    row(people, "import into a store that holds it", again);

    let demo = time(
        1,
        || empty_store(folder.path(), "demo"),
        |mut store| {
            kith::cli::demo_fill(&mut store, people as u32).expect("the demo store fills");
        },
    );
    row(people, "kith demo --people N (fill a store)", demo);
}

/// A file of 10,000 people imported again into a store that holds it.
fn repeated_import(criterion: &mut Criterion) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let source = large_store(&folder.path().join("source.db"), 10_000);
    let file: PathBuf = folder.path().join("small.kith");
    sync::export(&source, &Selection::default(), &file).expect("export");
    let mut target = empty_store(folder.path(), "target");
    let files = vec![file];
    sync::import(&mut target, &files, Mode::default()).expect("import");
    let mut group = criterion.benchmark_group("sync/10000");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("import_again", |bencher| {
        bencher.iter(|| sync::import(&mut target, &files, Mode::default()).expect("import"))
    });
    group.bench_function("export", |bencher| {
        bencher.iter(|| sync::export_bytes(&source, &Selection::default()).expect("export"))
    });
    group.finish();
}

criterion_group!(benches, repeated_import);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let people = people_counts().first().copied().unwrap_or(100_000);
    report(people as usize);
}
