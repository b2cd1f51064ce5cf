//! `kith demo`: a store filled with the shipped example data (and, with
//! `--people N`, N generated people), in a temporary folder or at `--db`.
//! Also the way into the screen.

use super::Failure;
use crate::demo;
use crate::model::Date;
use crate::store::Store;
use std::path::Path;

/// The Centre a demo store belongs to.
pub const DEMO_CENTRE: &str = "What Works Network (example)";

/// `kith demo`: with `--db`, writes the store there and exits; without,
/// makes a temporary store and opens the screen on it.
pub fn run(db: Option<&Path>, people: u32) -> Result<(), Failure> {
    match db {
        Some(path) => {
            let store = build(path, people)?;
            print_summary(&store)
        }
        None => {
            let folder = tempfile::Builder::new()
                .prefix("kith-demo-")
                .tempdir()
                .map_err(|error| {
                    Failure::failed(format!("cannot make a temporary folder: {error}"))
                })?;
            let store = build(&folder.path().join("demo.db"), people)?;
            open_screen(store)
        }
    }
}

/// Creates a store at `path` and fills it.
pub fn build(path: &Path, people: u32) -> Result<Store, Failure> {
    let mut store = Store::create(path, DEMO_CENTRE)?;
    fill(&mut store, people)?;
    Ok(store)
}

/// From this many generated people, filling a store widens its page cache.
const MANY_PEOPLE: u32 = 10_000;

/// Fills a store with the example data and `people` generated people.
pub fn fill(store: &mut Store, people: u32) -> Result<(), Failure> {
    let today = Date::today();
    if people >= MANY_PEOPLE {
        store.widen_cache()?;
    }
    store
        .write(|writer| {
            let organisations = demo::load_example(writer, today)
                .map_err(|error| crate::store::StoreError::Invalid(error.to_string()))?;
            let mut organisations: Vec<(String, String)> = organisations.into_iter().collect();
            organisations.sort();
            demo::generate_people(writer, people, &organisations, today)?;
            Ok(())
        })
        .map_err(Failure::from)
}

fn print_summary(store: &Store) -> Result<(), Failure> {
    let counts = store.counts()?;
    println!(
        "The example store is at {}: {} people, {} organisations, {} networks, {} links, \
         {} interactions ({} follow-ups due).",
        store.path().display(),
        counts.people,
        counts.organisations,
        counts.networks,
        counts.links,
        counts.interactions,
        counts.follow_ups_due
    );
    Ok(())
}

/// Opens the screen on a store and runs it until the user quits.
pub fn open_screen(store: Store) -> Result<(), Failure> {
    crate::tui::run(store).map_err(|error| {
        Failure::failed(format!(
            "{error}; the screen needs an interactive terminal (for scripts, use `kith search`)"
        ))
    })
}
