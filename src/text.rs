//! Folding text for matching: lower case, accents removed, punctuation
//! simplified, so that "Siân" matches "sian" and "Ynys Môn" matches
//! "ynys mon". Used by the gazetteer, the topic vocabulary and search.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds `text` for matching: Unicode decomposition with combining marks
/// dropped, lower case, curly quotes made straight, and runs of white space
/// collapsed to one space. Pure ASCII input takes a fast path with no
/// allocation beyond the result.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut last_was_space = true;
    let mut push = |c: char, folded: &mut String| {
        if c.is_whitespace() {
            if !last_was_space {
                folded.push(' ');
            }
            last_was_space = true;
        } else {
            folded.push(c);
            last_was_space = false;
        }
    };
    if text.is_ascii() {
        for c in text.chars() {
            push(c.to_ascii_lowercase(), &mut folded);
        }
    } else {
        for c in text.nfd() {
            if is_combining_mark(c) {
                continue;
            }
            let c = match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                '\u{2013}' | '\u{2014}' => '-',
                other => other,
            };
            for lower in c.to_lowercase() {
                push(lower, &mut folded);
            }
        }
    }
    if folded.ends_with(' ') {
        folded.pop();
    }
    folded
}

/// Folds `text` and keeps only letters and digits, so that "St. Helens",
/// "St Helens" and "st-helens" all give "sthelens". Useful for comparing
/// names whose punctuation varies between sources.
pub fn squash(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Similarity of two strings in 0..=1: the better of edit-distance
/// similarity (good for typos) and trigram overlap (good for words missing or
/// reordered). Used for "did you mean" and for spotting duplicates.
pub fn similarity(left: &str, right: &str) -> f64 {
    let longest = left.chars().count().max(right.chars().count());
    if longest == 0 {
        return 1.0;
    }
    let by_edits = 1.0 - edit_distance(left, right) as f64 / longest as f64;
    by_edits.max(trigram_similarity(left, right))
}

/// Levenshtein distance in characters (insertions, deletions, substitutions).
pub fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    let mut current = vec![0; right.len() + 1];
    for (i, left_char) in left.chars().enumerate() {
        current[0] = i + 1;
        for (j, right_char) in right.iter().enumerate() {
            let substitution = previous[j] + usize::from(left_char != *right_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

/// Dice coefficient of the two strings' character trigrams, padded with a
/// space each side so that short words and word starts count.
fn trigram_similarity(left: &str, right: &str) -> f64 {
    let left = trigrams(left);
    let right = trigrams(right);
    if left.is_empty() || right.is_empty() {
        return 0.0;
    }
    let shared = count_shared(&left, &right);
    2.0 * shared as f64 / (left.len() + right.len()) as f64
}

/// The sorted trigrams of ` text `.
fn trigrams(text: &str) -> Vec<[char; 3]> {
    let padded: Vec<char> = format!(" {text} ").chars().collect();
    let mut grams: Vec<[char; 3]> = padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    grams.sort_unstable();
    grams
}

/// How many items two sorted lists share, counting repeats.
fn count_shared(left: &[[char; 3]], right: &[[char; 3]]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        match left[i].cmp(&right[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_space() {
        assert_eq!(fold("  Siân  Lloyd "), "sian lloyd");
        assert_eq!(fold("Ynys Môn"), "ynys mon");
        assert_eq!(fold("Children’s Social Care"), "children's social care");
    }

    #[test]
    fn similarity_measures() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert!(similarity("pritchard", "prichard") > 0.8);
        assert!(similarity("cardiff", "glasgow") < 0.3);
    }

    #[test]
    fn squash_ignores_punctuation() {
        assert_eq!(squash("St. Helens"), "sthelens");
        assert_eq!(squash("st-helens"), "sthelens");
    }
}
