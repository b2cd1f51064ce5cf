//! Shared by the benchmarks: a store of generated people made once with
//! `kith demo --db PATH --people N` and kept under `target/bench-stores`,
//! percentile arithmetic, and the binary's allocator.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The allocator the `kith` binary uses, so that what the benchmarks time
/// in-process is what a user's command costs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The people counts the benchmarks use, from `KITH_BENCH_PEOPLE` (a
/// comma-separated list) or 100,000 by default.
pub fn people_counts() -> Vec<u32> {
    std::env::var("KITH_BENCH_PEOPLE")
        .ok()
        .map(|text| {
            text.split(',')
                .filter_map(|count| count.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![100_000])
}

/// The release binary the benchmarks run, built by `cargo bench` itself.
pub fn kith_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target
        .join("release")
        .join(if cfg!(windows) { "kith.exe" } else { "kith" })
}

/// A store with the example data and `people` generated people, made with
/// the real binary the first time and reused afterwards.
pub fn store_with(people: u32) -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-stores");
    std::fs::create_dir_all(&folder).expect("the target folder is writable");
    let path = folder.join(format!("people-{people}.db"));
    if !path.exists() {
        eprintln!(
            "making a store of {people} people at {} (once)",
            path.display()
        );
        // Made under another name and renamed when complete, so that an
        // interrupted run never leaves a store that later runs would take
        // as whole.
        let partial = folder.join(format!("people-{people}.partial.db"));
        let _ = std::fs::remove_file(&partial);
        let status = Command::new(kith_binary())
            .arg("--db")
            .arg(&partial)
            .args(["demo", "--people", &people.to_string()])
            .status()
            .expect("cargo bench builds the kith binary first");
        assert!(status.success(), "kith demo failed");
        std::fs::rename(&partial, &path).expect("the bench store is kept");
    }
    path
}

/// The median and 99th percentile of some timings.
pub fn median_and_p99(timings: &mut [Duration]) -> (Duration, Duration) {
    timings.sort();
    let at = |fraction: f64| {
        let index = ((timings.len() as f64 - 1.0) * fraction).round() as usize;
        timings[index]
    };
    (at(0.5), at(0.99))
}

/// Milliseconds with two decimals, for tables.
pub fn millis(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1_000.0)
}
