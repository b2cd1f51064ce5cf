//! Pairs of records that someone has said are not duplicates, so that
//! `kith duplicates` and the screen's queue stop suggesting them.
//!
//! A dismissal is a judgement made in this store and stays in it: it is
//! not a field of either record, so it never travels in sync files and
//! `kith dump` leaves it out (see `docs/data-model.md`). Each pair is kept
//! with the smaller id first, so dismissing A and B or B and A is one row.

use super::{Result, Store};
use crate::model::Date;
use std::collections::BTreeMap;

/// A pair's two ids in the order the table keeps them.
fn ordered<'a>(first: &'a str, second: &'a str) -> (&'a str, &'a str) {
    if first <= second {
        (first, second)
    } else {
        (second, first)
    }
}

impl Store {
    /// Records that `first` and `second` are not the same person or
    /// organisation. Gives false if the pair was already dismissed, or if
    /// the two ids are one record, which cannot be a pair.
    pub fn dismiss_pair(&self, first: &str, second: &str) -> Result<bool> {
        if first == second {
            return Ok(false);
        }
        let (first, second) = ordered(first, second);
        let added = self
            .connection
            .prepare_cached(
                "INSERT OR IGNORE INTO dismissed_pair (first, second, dismissed_on) \
                 VALUES (?1, ?2, ?3)",
            )?
            .execute([first, second, &Date::today().to_string()])?;
        Ok(added > 0)
    }

    /// Takes a dismissal back, so the pair is suggested again if it still
    /// looks alike. Gives false if the pair was not dismissed.
    pub fn restore_pair(&self, first: &str, second: &str) -> Result<bool> {
        let (first, second) = ordered(first, second);
        let removed = self
            .connection
            .prepare_cached("DELETE FROM dismissed_pair WHERE first = ?1 AND second = ?2")?
            .execute([first, second])?;
        Ok(removed > 0)
    }

    /// Every dismissed pair, smaller id first, with the day it was
    /// dismissed.
    pub fn dismissed_pairs(&self) -> Result<BTreeMap<(String, String), String>> {
        let mut statement = self
            .connection
            .prepare("SELECT first, second, dismissed_on FROM dismissed_pair")?;
        let rows = statement.query_map([], |row| Ok(((row.get(0)?, row.get(1)?), row.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_one_row_whichever_way_round_and_can_be_restored() {
        let store = Store::in_memory("A").unwrap();
        assert!(store.dismiss_pair("b", "a").unwrap());
        assert!(!store.dismiss_pair("a", "b").unwrap());
        assert!(!store.dismiss_pair("a", "a").unwrap());
        let pairs = store.dismissed_pairs().unwrap();
        let keys: Vec<_> = pairs.keys().cloned().collect();
        assert_eq!(keys, [("a".to_string(), "b".to_string())]);
        assert!(store.restore_pair("b", "a").unwrap());
        assert!(!store.restore_pair("a", "b").unwrap());
        assert!(store.dismissed_pairs().unwrap().is_empty());
    }

    #[test]
    fn a_dismissal_changes_nothing_that_is_shared() {
        let store = Store::in_memory("A").unwrap();
        let before = (store.dump().unwrap(), store.last_change().unwrap());
        store.dismiss_pair("a", "b").unwrap();
        assert_eq!(
            before,
            (store.dump().unwrap(), store.last_change().unwrap())
        );
    }
}
