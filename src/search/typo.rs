//! Typo tolerance: how far a typed word is from a word of a field.
//!
//! Fuzzy matching forgives missing letters but not swapped or wrong ones:
//! "halpren" is not a subsequence of "halpern". When the fuzzy pass finds
//! few good hits, search tries again, also accepting words within a small
//! Damerau–Levenshtein distance (the "optimal string alignment" variant:
//! insertions, deletions, substitutions and swaps of neighbours).

use super::folding::Masks;

/// The most edits forgiven in a term of `length` characters, or `None` when
/// the term is too short for a typo to be told apart from another word (and
/// while a word is still being typed, forgiving its first letters would
/// make every keystroke scan twice for little gain).
pub fn allowed_edits(length: usize) -> Option<usize> {
    match length {
        0..=4 => None,
        5..=7 => Some(1),
        _ => Some(2),
    }
}

/// The distance between `typed` and `word` if it is at most `limit`.
///
/// Cheap tests come first: lengths too far apart, or letters too different
/// (each edit changes at most two letters of the set), rule most words out
/// before any table is filled.
pub fn distance_within(
    typed: &[char],
    typed_letters: u64,
    word: &str,
    limit: usize,
) -> Option<usize> {
    if typed.len().abs_diff(word.chars().count()) > limit {
        return None;
    }
    let differing = (typed_letters ^ Masks::of(word).letters).count_ones() as usize;
    if differing > 2 * limit {
        return None;
    }
    let word: Vec<char> = word.chars().collect();
    let distance = alignment_distance(typed, &word);
    (distance <= limit).then_some(distance)
}

/// The optimal string alignment distance, with three rolling rows.
fn alignment_distance(left: &[char], right: &[char]) -> usize {
    let width = right.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current = vec![0; width];
    for row in 1..=left.len() {
        current[0] = row;
        for column in 1..width {
            let cost = usize::from(left[row - 1] != right[column - 1]);
            let mut best = (previous[column] + 1)
                .min(current[column - 1] + 1)
                .min(previous[column - 1] + cost);
            if is_swap(left, right, row, column) {
                best = best.min(before[column - 2] + 1);
            }
            current[column] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

/// Whether the two characters before `row` and `column` are swapped.
fn is_swap(left: &[char], right: &[char], row: usize, column: usize) -> bool {
    row > 1
        && column > 1
        && left[row - 1] == right[column - 2]
        && left[row - 2] == right[column - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(typed: &str, word: &str, limit: usize) -> Option<usize> {
        let chars: Vec<char> = typed.chars().collect();
        distance_within(&chars, Masks::of(typed).letters, word, limit)
    }

    #[test]
    fn swaps_cost_one_edit() {
        assert_eq!(distance("halpren", "halpern", 2), Some(1));
        assert_eq!(distance("bristwo", "bristow", 2), Some(1));
    }

    #[test]
    fn other_edits_are_counted() {
        assert_eq!(distance("halpern", "halpern", 2), Some(0));
        assert_eq!(distance("halpen", "halpern", 2), Some(1));
        assert_eq!(distance("hilpern", "halpern", 2), Some(1));
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
    }

    #[test]
    fn distant_words_are_rejected() {
        assert_eq!(distance("halpern", "bristow", 2), None);
        assert_eq!(distance("halpern", "hal", 2), None);
    }

    #[test]
    fn short_terms_get_no_typos() {
        assert_eq!(allowed_edits(3), None);
        assert_eq!(allowed_edits(5), Some(1));
        assert_eq!(allowed_edits(9), Some(2));
    }
}
