//! Keeping the best few matches of a scan, in a deterministic order.
//!
//! Best means highest score, then name (folded, so case and accents do not
//! reorder people), then id, so equal scores always come out the same way
//! on the screen and on the command line.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One kept match, with `handle` telling its owner where the record is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked<Handle> {
    /// The record's score.
    pub score: i64,
    /// Its folded name, the first tie-breaker.
    pub name: String,
    /// Its id, the last tie-breaker.
    pub id: String,
    /// Where the record is: a slot in memory or a row in SQLite.
    pub handle: Handle,
}

/// Orders by how good a match is: `Less` means `left` ranks first.
fn rank_order(left: (i64, &str, &str), right: (i64, &str, &str)) -> Ordering {
    right
        .0
        .cmp(&left.0)
        .then_with(|| left.1.cmp(right.1))
        .then_with(|| left.2.cmp(right.2))
}

impl<Handle: Eq> Ord for Ranked<Handle> {
    fn cmp(&self, other: &Self) -> Ordering {
        rank_order(self.key(), other.key())
    }
}

impl<Handle: Eq> PartialOrd for Ranked<Handle> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<Handle> Ranked<Handle> {
    fn key(&self) -> (i64, &str, &str) {
        (self.score, &self.name, &self.id)
    }
}

/// The best `limit` matches seen so far, and how many good ones were seen.
#[derive(Debug)]
pub struct TopK<Handle> {
    limit: usize,
    /// A max-heap in rank order, so its top is the worst match kept.
    heap: BinaryHeap<Ranked<Handle>>,
    /// Matches where every term matched well, kept or not.
    pub good: usize,
}

impl<Handle: Eq> TopK<Handle> {
    /// An empty collection keeping at most `limit` matches.
    pub fn new(limit: usize) -> TopK<Handle> {
        TopK {
            limit,
            heap: BinaryHeap::with_capacity(limit + 1),
            good: 0,
        }
    }

    /// Offers a match; strings are copied only if it is kept.
    pub fn offer(&mut self, score: i64, name: &str, id: &str, handle: Handle) {
        if self.limit == 0 {
            return;
        }
        if self.heap.len() == self.limit {
            let worst = self.heap.peek().map(Ranked::key);
            if worst.is_some_and(|worst| rank_order((score, name, id), worst).is_ge()) {
                return;
            }
            self.heap.pop();
        }
        let (name, id) = (name.to_string(), id.to_string());
        self.heap.push(Ranked {
            score,
            name,
            id,
            handle,
        });
    }

    /// Takes in everything another collection kept, as when merging the
    /// results of scans run on separate threads.
    pub fn merge(&mut self, other: TopK<Handle>) {
        self.good += other.good;
        for ranked in other.heap {
            self.offer(ranked.score, &ranked.name, &ranked.id, ranked.handle);
        }
    }

    /// The kept matches, best first.
    pub fn into_sorted(self) -> Vec<Ranked<Handle>> {
        self.heap.into_sorted_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_best_and_breaks_ties_by_name_then_id() {
        let mut top = TopK::new(3);
        top.offer(10, "zoe", "1", 1);
        top.offer(30, "amy", "2", 2);
        top.offer(10, "bob", "4", 3);
        top.offer(10, "bob", "3", 4);
        top.offer(5, "aaa", "5", 5);
        let handles: Vec<i32> = top
            .into_sorted()
            .iter()
            .map(|ranked| ranked.handle)
            .collect();
        assert_eq!(handles, vec![2, 4, 3]);
    }

    #[test]
    fn merging_keeps_the_overall_best() {
        let mut left = TopK::new(2);
        left.offer(1, "a", "1", 1);
        left.offer(9, "b", "2", 2);
        let mut right = TopK::new(2);
        right.offer(5, "c", "3", 3);
        right.good = 1;
        left.merge(right);
        assert_eq!(left.good, 1);
        let handles: Vec<i32> = left
            .into_sorted()
            .iter()
            .map(|ranked| ranked.handle)
            .collect();
        assert_eq!(handles, vec![2, 3]);
    }
}
