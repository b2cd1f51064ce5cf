//! Folded copies of field text and the cheap summaries kept beside them.
//!
//! Matching runs on folded text (see `crate::text::fold`), but the screen
//! bolds characters of the original, so folding here can also report which
//! original character each folded one came from. Letter masks let a scan
//! reject a field in a nanosecond before the matcher spends a microsecond.

use crate::text::fold;

/// Bit set in a mask for any ASCII character that is not a letter or digit.
const PUNCTUATION_BIT: u64 = 1 << 62;
/// Bit set in a mask for any non-ASCII byte.
const NON_ASCII_BIT: u64 = 1 << 63;

/// Which characters a field holds, and which of them start its words.
///
/// A term can only match a field whose `letters` include all of the term's,
/// since every matcher here needs each of the term's characters in the field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Masks {
    /// One bit per character class present anywhere in the text.
    pub letters: u64,
    /// One bit per character class present at the start of a word.
    pub initials: u64,
    /// A one-hash Bloom filter of adjacent byte pairs: text containing a
    /// term as a substring contains each of its pairs, so a missing bit
    /// rules a substring match out without searching.
    pub pairs: u128,
}

impl Masks {
    /// Summarises already folded `text`.
    pub fn of(text: &str) -> Masks {
        let mut masks = Masks::default();
        let mut at_word_start = true;
        let mut previous = None;
        for byte in text.bytes() {
            if let Some(previous) = previous {
                masks.pairs |= pair_bit(previous, byte);
            }
            previous = Some(byte);
            let bit = byte_bit(byte);
            masks.letters |= bit;
            if at_word_start {
                masks.initials |= bit;
            }
            at_word_start = !byte.is_ascii_alphanumeric() && byte < 0x80;
        }
        masks
    }

    /// Whether every character class of `term` also occurs here.
    pub fn contains_all(self, term: u64) -> bool {
        term & !self.letters == 0
    }

    /// Whether the text may contain a substring whose masks are `term`.
    pub fn may_contain(self, term: Masks) -> bool {
        self.contains_all(term.letters) && term.pairs & !self.pairs == 0
    }
}

/// The bit of one pair of adjacent bytes in [`Masks::pairs`].
fn pair_bit(first: u8, second: u8) -> u128 {
    let pair = (u32::from(first) << 8 | u32::from(second)).wrapping_mul(0x9E37_79B1);
    1 << (pair >> 25)
}

/// The mask bit of one byte of folded text.
pub fn byte_bit(byte: u8) -> u64 {
    match byte {
        b'a'..=b'z' => 1 << (byte - b'a'),
        b'0'..=b'9' => 1 << (26 + byte - b'0'),
        0x80.. => NON_ASCII_BIT,
        _ => PUNCTUATION_BIT,
    }
}

/// Folds `original` exactly as `crate::text::fold` does and also returns,
/// for each character of the result, the index of the original character
/// it came from, so highlights found in folded text land on the original.
pub fn fold_with_map(original: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(original.len());
    let mut origins = Vec::with_capacity(original.len());
    let mut last_was_space = true;
    for (index, character) in original.chars().enumerate() {
        if character.is_whitespace() {
            if !last_was_space {
                folded.push(' ');
                origins.push(index);
            }
            last_was_space = true;
            continue;
        }
        let before = folded.len();
        push_folded(character, &mut folded);
        let added = folded[before..].chars().count();
        origins.extend(std::iter::repeat_n(index, added));
        last_was_space = last_was_space && added == 0;
    }
    if folded.ends_with(' ') {
        folded.pop();
        origins.pop();
    }
    (folded, origins)
}

/// Appends the folded form of one non-space character.
fn push_folded(character: char, folded: &mut String) {
    if character.is_ascii() {
        folded.push(character.to_ascii_lowercase());
    } else {
        let mut buffer = [0; 4];
        folded.push_str(&fold(character.encode_utf8(&mut buffer)));
    }
}

/// Splits folded text into words: runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = (usize, &str)> {
    folded
        .split(|character: char| !character.is_alphanumeric())
        .scan(0, |offset, word| {
            let start = *offset;
            *offset += word.chars().count() + 1;
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
}

/// Small words left out of the short form of a name ("Wales Centre for
/// Public Policy" is known as WCPP).
const SMALL_WORDS: [&str; 7] = ["for", "of", "the", "and", "in", "on", "a"];

/// Whether a folded word is one left out of a name's short form.
pub fn is_small_word(word: &str) -> bool {
    SMALL_WORDS.contains(&word)
}

/// The initials of a folded name with every word, and without small words:
/// "wcfpp" and "wcpp". The second is empty when no word was small.
pub fn initials(folded: &str) -> (String, String) {
    let mut every = String::new();
    let mut significant = String::new();
    for (_, word) in words(folded) {
        let first = word.chars().next().unwrap_or(' ');
        every.push(first);
        if !is_small_word(word) {
            significant.push(first);
        }
    }
    if significant == every {
        significant.clear();
    }
    (every, significant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn map_points_at_original_characters() {
        let (folded, origins) = fold_with_map("  Siân  Lloyd ");
        assert_eq!(folded, "sian lloyd");
        assert_eq!(origins, vec![2, 3, 4, 5, 6, 8, 9, 10, 11, 12]);
    }

    #[test]
    fn combining_marks_vanish_from_the_map() {
        let (folded, origins) = fold_with_map("Sia\u{0302}n");
        assert_eq!(folded, "sian");
        assert_eq!(origins, vec![0, 1, 2, 4]);
    }

    #[test]
    fn masks_see_letters_and_word_starts() {
        let masks = Masks::of("dan bristow");
        assert!(masks.contains_all(byte_bit(b'w') | byte_bit(b'd')));
        assert!(!masks.contains_all(byte_bit(b'z')));
        assert_eq!(masks.initials, byte_bit(b'd') | byte_bit(b'b'));
    }

    #[test]
    fn pair_masks_rule_out_missing_substrings() {
        let email = Masks::of("dan.bristow@wcpp.org.uk");
        assert!(email.may_contain(Masks::of("bristow@")));
        assert!(!email.may_contain(Masks::of("wrist")));
    }

    #[test]
    fn initials_with_and_without_small_words() {
        let (every, significant) = initials("wales centre for public policy");
        assert_eq!((every.as_str(), significant.as_str()), ("wcfpp", "wcpp"));
        assert_eq!(initials("education endowment foundation").1, "");
    }

    #[test]
    fn words_report_char_offsets() {
        let found: Vec<_> = words("dan.bristow@wcpp").collect();
        assert_eq!(found, vec![(0, "dan"), (4, "bristow"), (12, "wcpp")]);
    }

    /// Text with Welsh accents, combining marks and curly quotes.
    const WELSH_ISH: &str = "[ a-zA-Zâêîôûŵŷ\u{0301}.'’-]{0,24}";

    proptest! {
        #[test]
        fn folding_with_a_map_agrees_with_fold(text in WELSH_ISH) {
            let (folded, origins) = fold_with_map(&text);
            prop_assert_eq!(&folded, &fold(&text));
            prop_assert_eq!(origins.len(), folded.chars().count());
        }
    }
}
