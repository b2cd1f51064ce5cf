//! The topic vocabulary: the policy areas kith ships with (the fields the
//! What Works Centres cover), their common aliases, and loose matching of
//! what a user types against them and against the user's own topics.
//!
//! Matching is tried in stages, stopping at the first stage that finds
//! anything, so that a precise answer is never overruled by a loose one:
//! exact name or alias; a name or alias starting with the text (or the text
//! starting with one as a whole word); every word of the text starting a
//! word of the name; a close spelling. A stage that finds several topics is
//! an ambiguity, reported with the candidates rather than guessed.

use std::sync::OnceLock;

use crate::places::join_or;
use crate::text::{edit_distance, fold, similarity};

/// The shipped topics, canonical name first, then aliases. Names and aliases
/// are written in normalised form (see [`normalise`]): lower case, no
/// apostrophes, no hyphens. An alias must not be another topic's name or
/// alias; the tests check this.
const VOCABULARY: [(&str, &[&str]); 25] = [
    (
        "education",
        &["schools", "school", "teaching", "attainment"],
    ),
    (
        "early years",
        &["early childhood", "eyfs", "preschool", "pre school"],
    ),
    ("early intervention", &["early help", "prevention"]),
    (
        "wellbeing",
        &["well being", "happiness", "life satisfaction"],
    ),
    ("mental health", &["mental illness", "psychological health"]),
    (
        "ageing",
        &[
            "aging",
            "older people",
            "elderly",
            "later life",
            "healthy ageing",
        ],
    ),
    ("loneliness", &["lonely", "social isolation", "isolation"]),
    (
        "homelessness",
        &["homeless", "rough sleeping", "rough sleepers"],
    ),
    (
        "housing",
        &["homes", "affordable housing", "housing supply"],
    ),
    (
        "childrens social care",
        &[
            "csc",
            "child protection",
            "children in care",
            "looked after children",
        ],
    ),
    ("adult social care", &["asc", "adults social care"]),
    (
        "crime reduction",
        &["crime", "crime prevention", "reducing crime"],
    ),
    ("policing", &["police"]),
    ("youth justice", &["youth offending", "young offenders"]),
    (
        "local economic growth",
        &[
            "growth",
            "economic growth",
            "leg",
            "local growth",
            "economic development",
        ],
    ),
    (
        "employment",
        &["jobs", "work", "unemployment", "labour market"],
    ),
    (
        "skills",
        &[
            "training",
            "adult skills",
            "further education",
            "apprenticeships",
        ],
    ),
    ("poverty", &["deprivation", "low income", "child poverty"]),
    ("social mobility", &["mobility"]),
    (
        "health and care",
        &[
            "health",
            "nhs",
            "healthcare",
            "health care",
            "integrated care",
        ],
    ),
    (
        "public health",
        &["population health", "health improvement"],
    ),
    (
        "community",
        &["communities", "civil society", "volunteering", "cohesion"],
    ),
    (
        "climate and net zero",
        &[
            "climate",
            "net zero",
            "climate change",
            "decarbonisation",
            "environment",
        ],
    ),
    (
        "digital inclusion",
        &["digital", "digital exclusion", "digital skills"],
    ),
    (
        "evidence use",
        &["evidence", "using evidence", "research use", "what works"],
    ),
];

/// Canonical names as shown to users; they differ from the normalised
/// vocabulary keys only where an apostrophe belongs.
const DISPLAY_NAMES: [(&str, &str); 1] = [("childrens social care", "children's social care")];

/// How many suggestions an unknown-topic error carries.
const SUGGESTIONS_IN_ERROR: usize = 3;

/// The lowest [`similarity`] a topic needs to be offered as a suggestion.
const SUGGESTION_THRESHOLD: f64 = 0.55;

/// The shortest text that is matched by spelling distance; shorter words
/// are too easily one edit from something else.
const FUZZY_MIN_CHARS: usize = 5;

/// The largest edit distance accepted as a misspelling.
const FUZZY_MAX_EDITS: usize = 2;

/// The shortest and longest custom topic name, in characters.
const NEW_TOPIC_CHARS: std::ops::RangeInclusive<usize> = 2..=60;

/// Why a topic could not be read or added.
#[derive(Debug, thiserror::Error)]
pub enum TopicError {
    /// Nothing matched; `suggestions` holds the nearest topics, best first.
    #[error("{}", unknown_message(.text, .suggestions))]
    Unknown {
        /// The text as given (trimmed).
        text: String,
        /// Nearest canonical topics, best first; may be empty.
        suggestions: Vec<String>,
    },
    /// The text matched several topics equally well.
    #[error("{text:?} could be {}; give more of the name", join_or(.matches))]
    Ambiguous {
        /// The text as given (trimmed).
        text: String,
        /// The canonical topics it could mean.
        matches: Vec<String>,
    },
    /// A new topic name is unusable (too short, too long, no letters).
    #[error("{text:?} cannot be a topic: {reason}")]
    Invalid {
        /// The text as given.
        text: String,
        /// What is wrong with it and what would do.
        reason: &'static str,
    },
    /// A new topic name is already a shipped topic or one of its aliases.
    #[error("{text:?} is already the shipped topic {topic}; use that rather than adding it")]
    Shipped {
        /// The text as given (trimmed).
        text: String,
        /// The shipped topic it names.
        topic: String,
    },
}

/// The message for an unknown topic, with suggestions when there are any.
fn unknown_message(text: &str, suggestions: &[String]) -> String {
    if text.is_empty() {
        return "no topic was given; name a shipped topic or one of your own".to_string();
    }
    let add = format!("kith topics --add {text:?}");
    if suggestions.is_empty() {
        format!("no topic is called {text:?}; to add a topic of your own, run: {add}")
    } else {
        let guesses = join_or(suggestions);
        format!(
            "no topic is called {text:?}; did you mean {guesses}? \
             To add a topic of your own, run: {add}"
        )
    }
}

/// One matchable form: a name or alias, normalised, and the canonical topic
/// it stands for.
struct Entry {
    /// The normalised name or alias.
    form: String,
    /// The canonical topic, as it should be stored and shown.
    canonical: String,
}

/// The canonical names of the shipped topics, in vocabulary order.
pub fn shipped() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        VOCABULARY
            .iter()
            .map(|(key, _)| display_name(key))
            .collect()
    })
}

/// The display name of a vocabulary key.
fn display_name(key: &'static str) -> &'static str {
    DISPLAY_NAMES
        .iter()
        .find(|(normalised, _)| *normalised == key)
        .map_or(key, |(_, display)| display)
}

/// Finds the topic `text` means among the shipped topics and the user's
/// `custom` ones, matching case- and accent-insensitively and loosely (see
/// the module documentation). Returns the canonical name: a shipped name, or
/// the custom topic exactly as stored in `custom`.
pub fn resolve(text: &str, custom: &[String]) -> Result<String, TopicError> {
    let trimmed = text.trim();
    let wanted = normalise(trimmed);
    let entries = entries(custom);
    if !wanted.is_empty() {
        for stage in STAGES {
            match stage(&wanted, &entries).as_slice() {
                [] => continue,
                [only] => return Ok(only.clone()),
                several => {
                    return Err(TopicError::Ambiguous {
                        text: trimmed.to_string(),
                        matches: several.to_vec(),
                    })
                }
            }
        }
    }
    Err(TopicError::Unknown {
        text: trimmed.to_string(),
        suggestions: suggest(trimmed, custom, SUGGESTIONS_IN_ERROR),
    })
}

/// The nearest topics to `text`, best first, at most `limit`, for "did you
/// mean". Topics that are not close are left out, so the result may be
/// empty.
pub fn suggest(text: &str, custom: &[String], limit: usize) -> Vec<String> {
    let wanted = normalise(text);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, String)> = Vec::new();
    for entry in entries(custom) {
        let score = similarity(&wanted, &entry.form);
        match scored
            .iter_mut()
            .find(|(_, topic)| *topic == entry.canonical)
        {
            Some((best, _)) => *best = best.max(score),
            None => scored.push((score, entry.canonical)),
        }
    }
    scored.retain(|(score, _)| *score >= SUGGESTION_THRESHOLD);
    // A stable sort keeps vocabulary order among equal scores.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, topic)| topic)
        .collect()
}

/// Checks and tidies the name of a new custom topic: trimmed, inner spaces
/// collapsed, lower case, 2 to 60 characters with at least one letter or
/// digit, and not already a shipped topic or alias.
pub fn normalise_new(text: &str) -> Result<String, TopicError> {
    let name = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let invalid = |reason| TopicError::Invalid {
        text: text.to_string(),
        reason,
    };
    let length = name.chars().count();
    if length < *NEW_TOPIC_CHARS.start() {
        return Err(invalid("it is too short; use 2 to 60 characters"));
    }
    if length > *NEW_TOPIC_CHARS.end() {
        return Err(invalid("it is too long; use 2 to 60 characters"));
    }
    if !name.chars().any(char::is_alphanumeric) {
        return Err(invalid("it has no letters or digits"));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid("it contains a control character"));
    }
    match exact(&normalise(&name), &entries(&[])).first() {
        Some(topic) => Err(TopicError::Shipped {
            text: name,
            topic: topic.clone(),
        }),
        None => Ok(name),
    }
}

/// A matching stage: the distinct canonical topics it finds, in order.
type Stage = fn(&str, &[Entry]) -> Vec<String>;

/// The matching stages, most precise first.
const STAGES: [Stage; 4] = [exact, starts, word_prefixes, close_spelling];

/// Stage 1: the text is exactly a name or alias.
fn exact(wanted: &str, entries: &[Entry]) -> Vec<String> {
    topics_where(entries, |form| form == wanted)
}

/// Stage 2: a name or alias starts with the text ("homeless" finds
/// homelessness), or the text starts with a name or alias followed by more
/// words ("housing policy" finds housing).
fn starts(wanted: &str, entries: &[Entry]) -> Vec<String> {
    topics_where(entries, |form| {
        form.starts_with(wanted)
            || wanted
                .strip_prefix(form)
                .is_some_and(|rest| rest.starts_with(' '))
    })
}

/// Stage 3: every word of the text starts some word of a name or alias
/// ("econ growth" finds local economic growth).
fn word_prefixes(wanted: &str, entries: &[Entry]) -> Vec<String> {
    topics_where(entries, |form| {
        wanted
            .split(' ')
            .all(|word| form.split(' ').any(|form_word| form_word.starts_with(word)))
    })
}

/// Stage 4: a name or alias within two edits of the text, for texts of five
/// characters or more; only the closest topics are kept.
fn close_spelling(wanted: &str, entries: &[Entry]) -> Vec<String> {
    if wanted.chars().count() < FUZZY_MIN_CHARS {
        return Vec::new();
    }
    let distance = |form: &str| edit_distance(wanted, form);
    let closest = entries.iter().map(|entry| distance(&entry.form)).min();
    match closest {
        Some(best) if best <= FUZZY_MAX_EDITS => {
            topics_where(entries, |form| distance(form) == best)
        }
        _ => Vec::new(),
    }
}

/// The distinct canonical topics of the entries whose form passes `test`.
fn topics_where(entries: &[Entry], test: impl Fn(&str) -> bool) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    for entry in entries.iter().filter(|entry| test(&entry.form)) {
        if !topics.contains(&entry.canonical) {
            topics.push(entry.canonical.clone());
        }
    }
    topics
}

/// Every matchable form: shipped names and aliases, then the custom topics.
/// A custom topic whose name is already a shipped name or alias adds
/// nothing, so the shipped topic wins rather than causing an ambiguity.
fn entries(custom: &[String]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = VOCABULARY
        .iter()
        .flat_map(|(key, aliases)| {
            std::iter::once(key)
                .chain(aliases.iter())
                .map(|form| Entry {
                    form: form.to_string(),
                    canonical: display_name(key).to_string(),
                })
        })
        .collect();
    for topic in custom {
        let form = normalise(topic);
        if !form.is_empty() && !entries.iter().any(|entry| entry.form == form) {
            let canonical = topic.trim().to_string();
            entries.push(Entry { form, canonical });
        }
    }
    entries
}

/// Normalises a topic for comparison: folded (lower case, no accents),
/// apostrophes dropped ("children's" is "childrens"), "&" read as "and",
/// other punctuation read as a space ("net-zero" is "net zero"), spaces
/// collapsed.
fn normalise(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    for c in fold(text).chars() {
        match c {
            '\'' => {}
            '&' => spaced.push_str(" and "),
            c if c.is_alphanumeric() => spaced.push(c),
            _ => spaced.push(' '),
        }
    }
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(text: &str) -> String {
        match resolve(text, &[]) {
            Ok(topic) => topic,
            Err(error) => panic!("{text:?} did not resolve: {error}"),
        }
    }

    fn ambiguity(text: &str, custom: &[String]) -> Vec<String> {
        match resolve(text, custom) {
            Err(TopicError::Ambiguous { matches, .. }) => matches,
            other => panic!("{text:?} should be ambiguous, got {other:?}"),
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn shipped_names_are_the_agreed_list() {
        let expected = "education; early years; early intervention; wellbeing; mental health; \
            ageing; loneliness; homelessness; housing; children's social care; adult social \
            care; crime reduction; policing; youth justice; local economic growth; employment; \
            skills; poverty; social mobility; health and care; public health; community; \
            climate and net zero; digital inclusion; evidence use";
        let expected: Vec<&str> = expected.split("; ").collect();
        assert_eq!(shipped(), expected.as_slice());
    }

    #[test]
    fn every_name_and_alias_resolves_to_its_topic() {
        for ((key, aliases), name) in VOCABULARY.iter().zip(shipped()) {
            assert_eq!(topic(name), *name);
            assert_eq!(topic(&name.to_uppercase()), *name);
            for form in std::iter::once(key).chain(aliases.iter()) {
                assert_eq!(normalise(form), *form, "vocabulary is stored normalised");
                assert_eq!(topic(form), *name, "{form}");
            }
        }
    }

    #[test]
    fn no_form_belongs_to_two_topics() {
        let entries = entries(&[]);
        for (i, entry) in entries.iter().enumerate() {
            for other in &entries[i + 1..] {
                assert_ne!(entry.form, other.form, "{} is listed twice", entry.form);
            }
        }
    }

    #[test]
    fn loose_forms_resolve() {
        let cases = [
            ("homeless", "homelessness"),
            ("Homelessn", "homelessness"),
            ("rough sleeping", "homelessness"),
            ("housing", "housing"),
            ("Housing policy", "housing"),
            ("CSC", "children's social care"),
            ("childrens social care", "children's social care"),
            ("Children’s Social Care", "children's social care"),
            ("child protection", "children's social care"),
            ("growth", "local economic growth"),
            ("economic growth", "local economic growth"),
            ("LEG", "local economic growth"),
            ("econ growth", "local economic growth"),
            ("crime", "crime reduction"),
            ("aging", "ageing"),
            ("older people", "ageing"),
            ("health", "health and care"),
            ("NHS", "health and care"),
            ("well-being", "wellbeing"),
            ("well being", "wellbeing"),
            ("wellbeeing", "wellbeing"),
            ("Mental", "mental health"),
            ("mentl health", "mental health"),
            ("net-zero", "climate and net zero"),
            ("Climate & Net Zero", "climate and net zero"),
            ("social mob", "social mobility"),
            ("  public   health ", "public health"),
            ("povrety", "poverty"),
        ];
        for (text, expected) in cases {
            assert_eq!(topic(text), expected, "{text}");
        }
    }

    #[test]
    fn unclear_texts_are_ambiguous() {
        let social_care = strings(&["children's social care", "adult social care"]);
        assert_eq!(ambiguity("social care", &[]), social_care);
        assert_eq!(
            ambiguity("early", &[]),
            strings(&["early years", "early intervention"])
        );
        assert_eq!(
            ambiguity("home", &[]),
            strings(&["homelessness", "housing"])
        );
        let message = resolve("early", &[]).unwrap_err().to_string();
        assert_eq!(
            message,
            "\"early\" could be early years or early intervention; give more of the name"
        );
    }

    #[test]
    fn custom_topics_match_and_keep_their_spelling() {
        let custom = strings(&["arts and culture", "Café society"]);
        assert_eq!(resolve("Arts", &custom).unwrap(), "arts and culture");
        assert_eq!(resolve("cafe society", &custom).unwrap(), "Café society");
        assert_eq!(resolve("CAFÉ", &custom).unwrap(), "Café society");
        assert_eq!(resolve("housing", &custom).unwrap(), "housing");
    }

    #[test]
    fn custom_duplicates_of_shipped_forms_are_ignored() {
        let custom = strings(&["Crime", "Housing"]);
        assert_eq!(resolve("crime", &custom).unwrap(), "crime reduction");
        assert_eq!(resolve("housing", &custom).unwrap(), "housing");
    }

    #[test]
    fn custom_topics_can_be_ambiguous_with_shipped_ones() {
        let custom = strings(&["early modern history"]);
        let matches = ambiguity("early", &custom);
        assert!(matches.contains(&"early modern history".to_string()));
    }

    #[test]
    fn unknown_topics_suggest_and_explain() {
        let Err(TopicError::Unknown { suggestions, .. }) = resolve("emploiment law", &[]) else {
            panic!("should be unknown");
        };
        assert_eq!(suggestions.first().map(String::as_str), Some("employment"));
        let message = resolve("decarbonise", &[]).unwrap_err().to_string();
        assert_eq!(
            message,
            "no topic is called \"decarbonise\"; did you mean climate and net zero? \
             To add a topic of your own, run: kith topics --add \"decarbonise\""
        );
        let message = resolve("qqqq", &[]).unwrap_err().to_string();
        assert_eq!(
            message,
            "no topic is called \"qqqq\"; to add a topic of your own, run: kith topics --add \"qqqq\""
        );
        let message = resolve("  ", &[]).unwrap_err().to_string();
        assert!(message.starts_with("no topic was given"), "{message}");
    }

    #[test]
    fn short_texts_are_not_fuzzy_matched() {
        assert!(matches!(
            resolve("crme", &[]),
            Err(TopicError::Unknown { .. })
        ));
        assert_eq!(suggest("crme", &[], 1), ["crime reduction"]);
    }

    #[test]
    fn suggestions_are_ranked_and_limited() {
        let found = suggest("skils", &[], 2);
        assert_eq!(found.first().map(String::as_str), Some("skills"));
        assert!(found.len() <= 2);
        assert!(suggest("", &[], 3).is_empty());
        assert!(suggest("zzzzzz", &[], 3).is_empty());
        let custom = strings(&["arts and culture"]);
        assert_eq!(suggest("arts & cultur", &custom, 1), ["arts and culture"]);
    }

    #[test]
    fn new_topics_are_tidied() {
        assert_eq!(
            normalise_new("  Arts   and\tCulture ").unwrap(),
            "arts and culture"
        );
        assert_eq!(normalise_new("AI").unwrap(), "ai");
        assert_eq!(normalise_new(&"x".repeat(60)).unwrap().len(), 60);
    }

    #[test]
    fn unusable_new_topics_are_refused() {
        for text in ["", " a ", "--", "a\u{7}b"] {
            assert!(
                matches!(normalise_new(text), Err(TopicError::Invalid { .. })),
                "{text:?}"
            );
        }
        let too_long = "y".repeat(61);
        assert!(matches!(
            normalise_new(&too_long),
            Err(TopicError::Invalid { .. })
        ));
        let message = normalise_new("a").unwrap_err().to_string();
        assert_eq!(
            message,
            "\"a\" cannot be a topic: it is too short; use 2 to 60 characters"
        );
    }

    #[test]
    fn shipped_topics_cannot_be_added_again() {
        let Err(TopicError::Shipped { topic, .. }) = normalise_new("Crime") else {
            panic!("crime is shipped");
        };
        assert_eq!(topic, "crime reduction");
        let message = normalise_new("Children's Social Care")
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "\"children's social care\" is already the shipped topic children's social care; \
             use that rather than adding it"
        );
        // Only an exact match is refused: a loose one is a new topic.
        assert_eq!(normalise_new("housing law").unwrap(), "housing law");
    }
}
