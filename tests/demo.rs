//! The shipped example data: it loads, and it is as rich as the screens
//! and commands need (the counts the foundation issue asks for).

use kith::model::{Date, Kind};
use kith::store::Store;
use std::collections::BTreeSet;

fn demo_store(people: u32) -> Store {
    let mut store = Store::in_memory("Example").unwrap();
    kith::cli::demo_fill(&mut store, people).unwrap();
    store
}

#[test]
fn example_data_meets_the_promised_counts() {
    let store = demo_store(0);
    let counts = store.counts().unwrap();
    assert!(counts.people >= 150, "{counts:?}");
    assert!(counts.organisations >= 40, "{counts:?}");
    assert!(counts.networks >= 10, "{counts:?}");
    assert!(counts.links >= 300, "{counts:?}");
    assert!(counts.interactions >= 100, "{counts:?}");
    assert!(counts.follow_ups_due > 0, "{counts:?}");
}

#[test]
fn example_people_span_four_nations_and_a_dozen_topics() {
    let store = demo_store(0);
    let people = store.records_of(Kind::Person).unwrap();
    let nations: BTreeSet<&str> = people.iter().filter_map(|p| p.text("nation")).collect();
    assert_eq!(nations.len(), 4, "{nations:?}");
    let topics: BTreeSet<&str> = people.iter().flat_map(|p| p.list("topics")).collect();
    assert!(topics.len() >= 12, "{topics:?}");
    let emails: Vec<&str> = people.iter().flat_map(|p| p.list("emails")).collect();
    assert!(
        emails.iter().all(|email| email.ends_with(".example.org")),
        "{emails:?}"
    );
}

#[test]
fn example_follow_ups_are_due_whenever_the_demo_runs() {
    let store = demo_store(0);
    let due = store.follow_ups_due(Date::today()).unwrap();
    assert!(!due.is_empty());
    let today = Date::today().to_string();
    assert!(due
        .iter()
        .all(|interaction| interaction.text("follow_up").unwrap() <= &today[..]));
}

#[test]
fn generated_people_come_with_links_and_interactions() {
    let base = demo_store(0).counts().unwrap();
    let grown = demo_store(500).counts().unwrap();
    assert_eq!(grown.people, base.people + 500);
    assert!(grown.links >= base.links + 1_000, "{grown:?}");
    assert!(grown.interactions >= base.interactions + 200, "{grown:?}");
}

#[test]
fn generation_is_repeatable() {
    let names = |store: &Store| -> Vec<String> {
        let people = store.records_of(Kind::Person).unwrap();
        let mut names: Vec<String> = people.iter().map(|p| p.name().to_string()).collect();
        names.sort();
        names
    };
    assert_eq!(names(&demo_store(50)), names(&demo_store(50)));
}
