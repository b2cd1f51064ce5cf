//! How fast search answers, on stores made by `kith demo --people N`:
//!
//! - each keystroke of a query typed letter by letter, in memory (the
//!   screen's path): criterion's figures per keystroke, then the median and
//!   99th percentile over all keystrokes;
//! - `kith search QUERY` as a whole process (open the store, search, print
//!   the best 50), beside `fzf --filter QUERY` on a text file of the same
//!   people when fzf is installed; and the first search after a change,
//!   which writes the search snapshot again.
//!
//! Run with `cargo bench --bench search`; `KITH_BENCH_PEOPLE=10000,100000`
//! chooses the store sizes. Results belong in docs/performance.md.

mod support;

use criterion::{criterion_group, Criterion};
use kith::search::{Filters, Index, Query, SearchDoc};
use kith::store::{search_index, Store};
use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{kith_binary, median_and_p99, millis, people_counts, store_with};

/// The queries typed letter by letter, as the issue names them.
const TYPED: [&str; 3] = ["halpern", "wales hous", "edu end"];

/// Whole queries for the process comparison.
const WHOLE: [&str; 5] = ["halpern", "wales hous", "edu end", "cardiff", "eef"];

/// How many results each keystroke keeps, as the screen does.
const KEPT: usize = 200;

fn keystrokes() -> Vec<String> {
    TYPED
        .iter()
        .flat_map(|query| (1..=query.len()).map(move |end| query[..end].to_string()))
        .collect()
}

fn load_index(path: &Path) -> (Index, Vec<SearchDoc>) {
    let store = Store::open(path).expect("the bench store opens");
    let docs = search_index::all_docs(store.connection()).expect("the search index reads");
    (Index::new(docs.clone()), docs)
}

fn per_keystroke(criterion: &mut Criterion) {
    for people in people_counts() {
        let (index, _) = load_index(&store_with(people));
        let mut group = criterion.benchmark_group(format!("keystroke/{people}"));
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(2));
        for typed in keystrokes() {
            let query = Query::parse(&typed);
            group.bench_function(typed.replace(' ', "_"), |bencher| {
                bencher.iter(|| black_box(index.search(&query, &Filters::default(), KEPT)))
            });
        }
        group.finish();
    }
}

/// Every keystroke many times over, for the 99th percentile criterion does
/// not report.
fn keystroke_percentiles(people: u32) -> (Duration, Duration) {
    let (index, _) = load_index(&store_with(people));
    let mut timings = Vec::new();
    for _ in 0..30 {
        for typed in keystrokes() {
            let started = Instant::now();
            let query = Query::parse(&typed);
            black_box(index.search(&query, &Filters::default(), KEPT));
            timings.push(started.elapsed());
        }
    }
    median_and_p99(&mut timings)
}

/// Median and p99 of `kith search QUERY` run as a process. With `stale`,
/// each run first deletes the search snapshot beside the store, as any
/// change to the store does, so that the run pays for writing it again.
fn kith_process(store: &Path, query: &str, runs: usize, stale: bool) -> (Duration, Duration) {
    let mut snapshot = store.as_os_str().to_owned();
    snapshot.push("-search");
    let mut timings = Vec::new();
    for _ in 0..runs {
        if stale {
            let _ = std::fs::remove_file(&snapshot);
        }
        let started = Instant::now();
        let output = Command::new(kith_binary())
            .arg("--db")
            .arg(store)
            .args(["search", query, "--limit", "50"])
            .stdout(Stdio::piped())
            .output()
            .expect("kith runs");
        timings.push(started.elapsed());
        assert!(output.status.success(), "kith search {query} failed");
    }
    median_and_p99(&mut timings)
}

/// One line a person, as a user would feed fzf: name, organisations,
/// role, place, nation, topics.
fn write_lines(docs: &[SearchDoc], path: &Path) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("writable"));
    for doc in docs {
        let fields = [
            doc.name.as_str(),
            &doc.organisations.join(" "),
            &doc.role,
            &doc.place,
            &doc.nation,
            &doc.topics.join(" "),
        ];
        writeln!(file, "{}", fields.join(" ")).expect("writable");
    }
}

/// Median of `fzf --filter QUERY < lines | head -50`, or `None` without fzf.
fn fzf_process(lines: &Path, query: &str, runs: usize) -> Option<Duration> {
    let mut timings = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let output = Command::new("fzf")
            .args(["--filter", query])
            .stdin(std::fs::File::open(lines).ok()?)
            .stdout(Stdio::piped())
            .output()
            .ok()?;
        black_box(output.stdout.split(|byte| *byte == b'\n').take(50).count());
        timings.push(started.elapsed());
    }
    Some(median_and_p99(&mut timings).0)
}

fn report() {
    println!("\n| people | keystroke median | keystroke p99 |");
    println!("|---|---|---|");
    for people in people_counts() {
        let (median, p99) = keystroke_percentiles(people);
        println!("| {people} | {} ms | {} ms |", millis(median), millis(p99));
    }
    println!(
        "\n| people | query | kith search median | p99 | first after a change | \
         fzf --filter median | ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for people in people_counts() {
        let store = store_with(people);
        let (_, docs) = load_index(&store);
        let lines = store.with_extension("txt");
        write_lines(&docs, &lines);
        for query in WHOLE {
            let (after_change, _) = kith_process(&store, query, 5, true);
            let (median, p99) = kith_process(&store, query, 15, false);
            let fzf = fzf_process(&lines, query, 5);
            let (fzf_text, ratio) = match fzf {
                Some(fzf) => (
                    format!("{} ms", millis(fzf)),
                    format!("{:.1}x", fzf.as_secs_f64() / median.as_secs_f64()),
                ),
                None => ("(fzf not installed)".to_string(), String::new()),
            };
            println!(
                "| {people} | {query} | {} ms | {} ms | {} ms | {fzf_text} | {ratio} |",
                millis(median),
                millis(p99),
                millis(after_change)
            );
        }
    }
}

criterion_group!(benches, per_keystroke);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    report();
}
