//! Behaviour of search as users meet it: each test names what someone
//! types and what they expect to find.

use super::*;

/// A record with only the fields a test cares about.
pub(crate) fn doc(id: &str, kind: Kind, name: &str) -> SearchDoc {
    SearchDoc::new(id, kind, name)
}

/// A person at `organisation` in `place`.
fn person(id: &str, name: &str, organisation: &str, place: (&str, &str, &str, &str)) -> SearchDoc {
    let mut person = doc(id, Kind::Person, name);
    person.organisations = vec![organisation.to_string()];
    (person.place, person.place_alt, person.place_code) = (
        place.0.to_string(),
        place.1.to_string(),
        place.2.to_string(),
    );
    person.nation = place.3.to_string();
    person
}

const CARDIFF: (&str, &str, &str, &str) = ("Cardiff", "Caerdydd", "W06000015", "wales");
const LEEDS: (&str, &str, &str, &str) = ("Leeds", "", "E08000035", "england");
const LONDON: (&str, &str, &str, &str) = ("Westminster", "", "E09000033", "england");

/// A small directory with the people and organisations the brief names,
/// and neighbours chosen to be confused with them.
pub(crate) fn directory() -> Vec<SearchDoc> {
    let wcpp = "Wales Centre for Public Policy";
    let mut dan = person("p-dan", "Dan Bristow", wcpp, CARDIFF);
    dan.role = "Director".to_string();
    dan.emails = vec!["dan.bristow@wcpp.org.uk".to_string()];
    dan.topics = vec!["public services".to_string()];
    let mut david = person(
        "p-david",
        "David Halpern",
        "Behavioural Insights Team",
        LONDON,
    );
    david.topics = vec!["behavioural science".to_string()];
    david.networks = vec!["n-www".to_string()];
    david.network_names = vec!["What Works Network".to_string()];
    let mut sian = person("p-sian", "Siân Lloyd", "Cardiff Council", CARDIFF);
    sian.topics = vec![
        "homelessness".to_string(),
        "children's social care".to_string(),
    ];
    let mut eef = doc(
        "o-eef",
        Kind::Organisation,
        "Education Endowment Foundation",
    );
    eef.place = "Westminster".to_string();
    let mut wcpp_doc = doc("o-wcpp", Kind::Organisation, wcpp);
    wcpp_doc.alt_name = "Canolfan Polisi Cyhoeddus Cymru".to_string();
    vec![
        dan,
        david,
        sian,
        person("p-dana", "Dana Walsh", "Leeds City Council", LEEDS),
        person(
            "p-daniel",
            "Daniel Edwards",
            "Education Endowment Foundation",
            LEEDS,
        ),
        person(
            "p-hal",
            "Hal Perry",
            "Centre for Homelessness Impact",
            LEEDS,
        ),
        person(
            "p-harriet",
            "Harriet Alpern",
            "Youth Endowment Fund",
            LONDON,
        ),
        person(
            "p-brian",
            "Brian Stow",
            "Wales Council for Voluntary Action",
            CARDIFF,
        ),
        eef,
        wcpp_doc,
        doc(
            "o-chi",
            Kind::Organisation,
            "Centre for Homelessness Impact",
        ),
        doc("n-www", Kind::Network, "What Works Network"),
    ]
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|hit| hit.id.as_str()).collect()
}

fn search(query: &str) -> Vec<Hit> {
    search_filtered(query, &Filters::default())
}

fn search_filtered(query: &str, filters: &Filters) -> Vec<Hit> {
    Index::new(directory()).search(&Query::parse(query), filters, 20)
}

#[track_caller]
fn assert_first(query: &str, expected: &str) {
    let hits = search(query);
    assert_eq!(
        ids(&hits).first(),
        Some(&expected),
        "{query:?} gave {:?}",
        ids(&hits)
    );
}

#[test]
fn a_surname_alone_finds_the_person() {
    assert_first("halpern", "p-david");
    assert_first("bristow", "p-dan");
}

#[test]
fn typos_that_are_not_subsequences_still_find_people() {
    assert_first("halpren", "p-david");
    assert_first("bristwo", "p-dan");
    assert_first("dan bristwo", "p-dan");
}

/// Regression: with three or more people whose long roles held the
/// letters of "halpren" scattered in order ("Health Improvement Officer"),
/// the typo pass never ran and Halpern was not found at all.
#[test]
fn scattered_letters_in_long_fields_do_not_hide_a_typo_of_a_name() {
    let mut docs = directory();
    for number in 0..5 {
        let mut officer = doc(
            &format!("p-officer-{number}"),
            Kind::Person,
            "Emma Crawford",
        );
        officer.role = "Health Improvement Officer".to_string();
        docs.push(officer);
    }
    let hits = Index::new(docs).search(&Query::parse("halpren"), &Filters::default(), 20);
    assert_eq!(ids(&hits).first(), Some(&"p-david"), "{:?}", ids(&hits));
}

#[test]
fn terms_may_match_different_fields() {
    assert_first("dan wales", "p-dan");
    assert_first("sian cardiff", "p-sian");
}

#[test]
fn organisations_are_found_by_initials() {
    assert_first("eef", "o-eef");
    assert_first("wcpp", "o-wcpp");
    assert_first("wcfpp", "o-wcpp");
}

#[test]
fn organisations_are_found_by_a_shortened_name() {
    assert_first("wales centre", "o-wcpp");
    assert_first("edu end", "o-eef");
}

#[test]
fn accents_and_welsh_place_names_are_folded() {
    assert_first("sian", "p-sian");
    let in_cardiff = search("caerdydd");
    let mut found = ids(&in_cardiff);
    found.sort_unstable();
    assert_eq!(found, vec!["p-brian", "p-dan", "p-sian"]);
}

#[test]
fn names_outrank_organisations_outrank_other_fields() {
    let hits = search("edwards");
    assert_eq!(ids(&hits), vec!["p-daniel"]);
    let hits = search("homelessness");
    assert_eq!(ids(&hits)[..2], ["o-chi", "p-hal"]);
    assert_eq!(
        ids(&hits)[2],
        "p-sian",
        "a topic match ranks below an organisation"
    );
}

#[test]
fn a_match_at_word_starts_beats_a_scattered_one() {
    let hits = search("hal");
    assert_eq!(ids(&hits)[0], "p-hal");
}

#[test]
fn an_empty_query_lists_everything_by_name() {
    let hits = search("");
    assert_eq!(hits.len(), directory().len());
    assert_eq!(ids(&hits)[..3], ["p-brian", "o-chi", "p-dan"]);
}

#[test]
fn filters_apply_before_scoring() {
    let organisations = Filters {
        kinds: vec![Kind::Organisation],
        ..Filters::default()
    };
    assert_eq!(
        ids(&search_filtered("wales", &organisations)),
        vec!["o-wcpp"]
    );
    let welsh = Filters {
        nation: Some("Wales".to_string()),
        ..Filters::default()
    };
    assert_eq!(search_filtered("", &welsh).len(), 3);
    let leeds = Filters {
        place_code: Some("E08000035".to_string()),
        ..Filters::default()
    };
    assert_eq!(
        ids(&search_filtered("dan", &leeds)),
        vec!["p-dana", "p-daniel"]
    );
    let topic = Filters {
        topic: Some("Homelessness".to_string()),
        ..Filters::default()
    };
    assert_eq!(ids(&search_filtered("", &topic)), vec!["p-sian"]);
    let network = Filters {
        network: Some("n-www".to_string()),
        ..Filters::default()
    };
    assert_eq!(ids(&search_filtered("", &network)), vec!["p-david"]);
}

#[test]
fn exact_prefix_and_suffix_operators() {
    assert_eq!(ids(&search("'alpern")), vec!["p-harriet", "p-david"]);
    assert_eq!(ids(&search("^dan")), vec!["p-dan", "p-dana", "p-daniel"]);
    assert_eq!(ids(&search("^dan$")), Vec::<&str>::new());
    assert_eq!(ids(&search("bristow$")), vec!["p-dan"]);
}

#[test]
fn negated_terms_exclude() {
    assert_eq!(ids(&search("^dan !walsh")), vec!["p-dan", "p-daniel"]);
    assert_eq!(ids(&search("^dan !^daniel")), vec!["p-dan", "p-dana"]);
    assert_eq!(ids(&search("^dan !bristow$ !edwards$")), vec!["p-dana"]);
}

#[test]
fn email_fragments_find_people() {
    assert_first("bristow@wcpp", "p-dan");
}

#[test]
fn highlights_point_at_original_characters() {
    let hits = search("sian");
    assert_eq!(hits[0].highlights, vec![(Field::Name, vec![0, 1, 2, 3])]);
    let hits = search("dan wales");
    assert_eq!(
        hits[0].highlights,
        vec![
            (Field::Name, vec![0, 1, 2]),
            (Field::Organisation(0), vec![0, 1, 2, 3, 4])
        ]
    );
}

#[test]
fn highlights_survive_decomposed_accents() {
    let index = Index::new(vec![doc("x", Kind::Person, "Sia\u{0302}n Lloyd")]);
    let hits = index.search(&Query::parse("sian ll"), &Filters::default(), 5);
    assert_eq!(
        hits[0].highlights,
        vec![(Field::Name, vec![0, 1, 2, 4, 6, 7])]
    );
}

#[test]
fn typo_highlights_mark_the_word() {
    let hits = search("halpren");
    assert_eq!(
        hits[0].highlights,
        vec![(Field::Name, vec![6, 7, 8, 9, 10, 11, 12])]
    );
}

#[test]
fn upsert_and_remove_keep_the_index_current() {
    let mut index = Index::new(directory());
    let count = index.len();
    let mut renamed = doc("p-david", Kind::Person, "David Hallsworth");
    renamed.organisations = vec!["Behavioural Insights Team".to_string()];
    index.upsert(renamed.clone());
    assert_eq!(index.len(), count);
    assert_eq!(index.get("p-david"), Some(renamed));
    let query = Query::parse("halpern");
    let filters = Filters::default();
    let hits = index.search(&query, &filters, 5);
    assert!(!ids(&hits).contains(&"p-david"), "{hits:?}");
    index.remove("p-dan");
    assert_eq!(index.len(), count - 1);
    assert!(index.get("p-dan").is_none());
    let hits = index.search(&Query::parse("bristow"), &filters, 5);
    assert_eq!(
        ids(&hits),
        vec!["p-brian"],
        "only the scattered match is left"
    );
    index.upsert(doc("p-new", Kind::Person, "Nia Bristow"));
    let hits = index.search(&Query::parse("bristow"), &filters, 5);
    assert_eq!(ids(&hits), vec!["p-new", "p-brian"]);
}

#[test]
fn many_replacements_keep_answers_right() {
    let mut index = Index::new(directory());
    for round in 0..50 {
        index.upsert(doc("p-churn", Kind::Person, &format!("Churn {round}")));
    }
    let hits = index.search(&Query::parse("churn"), &Filters::default(), 5);
    assert_eq!(ids(&hits), vec!["p-churn"]);
    assert_eq!(
        index.get("p-churn").map(|doc| doc.name),
        Some("Churn 49".to_string())
    );
    assert_first("bristow", "p-dan");
}

#[test]
fn limits_are_respected_and_order_is_stable() {
    let index = Index::new(directory());
    let all = index.search(&Query::parse("w"), &Filters::default(), 100);
    let few = index.search(&Query::parse("w"), &Filters::default(), 3);
    assert!(all.len() > 3);
    assert_eq!(few, all[..3].to_vec());
}

/// The index keeps shared values once and rebuilds entries from them; an
/// entry must come back exactly as it was given.
#[test]
fn entries_come_back_as_they_were_given() {
    let docs = directory();
    let index = Index::new(docs.clone());
    for doc in docs {
        assert_eq!(index.get(&doc.id), Some(doc.clone()), "{}", doc.id);
        assert_eq!(index.kind_of(&doc.id), Some(doc.kind));
    }
    assert_eq!(index.get("no-such-id"), None);
}
