//! Arbitrary text where kith expects a place, a date, an email, a topic or
//! a reference: whatever is typed, kith either takes it or refuses it
//! plainly, and never crashes or half-writes. Few cases, since each one
//! runs the binary three times.

mod common;

use common::{assert_no_panic, assert_plain_error, TestStore};
use proptest::prelude::*;

/// A fresh store for each case, so that a case that was accepted cannot
/// change what the next one sees.
fn fixture() -> TestStore {
    let store = TestStore::new();
    store.add("person", "Rhodri Vaughan", &["--org", "Cardiff Council"]);
    store
}

/// Runs `args` and checks the outcome: success, or exit 1 or 2 with a
/// plain message and the store unchanged.
fn check(args: &[&str]) -> Result<(), TestCaseError> {
    let store = fixture();
    let before = store.dump();
    let run = store.run(args);
    assert_no_panic(&run);
    if run.code != 0 {
        prop_assert!(run.code == 1 || run.code == 2, "kith {args:?}: {run:#?}");
        assert_plain_error(&run.stderr, args);
        prop_assert!(
            before == store.dump(),
            "kith {args:?} failed but changed the store"
        );
    }
    Ok(())
}

/// Text a user might type, including Welsh letters, punctuation and
/// spaces, but no leading dash (which the parser takes for a flag).
fn typed() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9ŵŷâêîôûáéíóú@.,'() /+-]{0,24}"
        .prop_filter("not a flag", |text| !text.starts_with('-'))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_place_is_taken_or_refused_plainly(place in typed()) {
        check(&["add", "person", "Ceri Lloyd", "--place", &place])?;
    }

    #[test]
    fn any_date_is_taken_or_refused_plainly(date in typed()) {
        check(&["log", "Rhodri Vaughan", "--kind", "call", "--date", &date])?;
    }

    #[test]
    fn any_email_and_topic_are_taken_or_refused_plainly(email in typed(), topic in typed()) {
        check(&["add", "person", "Ceri Lloyd", "--email", &email, "--topic", &topic])?;
    }

    #[test]
    fn any_reference_and_change_are_taken_or_refused_plainly(
        reference in typed(),
        change in typed(),
    ) {
        check(&["edit", &reference, "--set", &change])?;
    }
}
