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
    fn squash_ignores_punctuation() {
        assert_eq!(squash("St. Helens"), "sthelens");
        assert_eq!(squash("st-helens"), "sthelens");
    }
}
