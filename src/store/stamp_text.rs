//! Stamps as the text the store keeps them in, written and compared many
//! at a time.
//!
//! A stamp's text is its time (`2026-12-03T16:45:14.123Z`), its counter
//! and its store. Working out the calendar date and time of day is most of
//! the cost, and the stamps of a file come in runs that share a
//! millisecond (every change made in one transaction, every field of a
//! record), so the time of the last millisecond is kept and reused. The
//! text is always exactly [`Stamp`]'s own.

use crate::model::Stamp;

/// Writes and compares stamps' texts, remembering the last time written.
#[derive(Default)]
pub(super) struct StampTexts {
    /// The millisecond whose time `time` holds, if any yet.
    millis: Option<u64>,
    time: String,
}

impl StampTexts {
    /// The text of the time of `millis`, exactly as a stamp prints it.
    fn time(&mut self, millis: u64) -> &str {
        if self.millis != Some(millis) {
            let whole = Stamp {
                millis,
                counter: 0,
                store: String::new(),
            }
            .to_string();
            // The time holds no `/`: everything before the first is the time.
            self.time = whole.split('/').next().unwrap_or_default().to_string();
            self.millis = Some(millis);
        }
        &self.time
    }

    /// The stamp's text, as `stamp.to_string()` gives it.
    pub(super) fn text(&mut self, stamp: &Stamp) -> String {
        let time = self.time(stamp.millis);
        let counter = counter_text(stamp.counter);
        let mut text = String::with_capacity(time.len() + counter.len() + stamp.store.len());
        text.push_str(time);
        // Only ASCII digits and slashes: always text.
        text.push_str(std::str::from_utf8(&counter).unwrap_or_default());
        text.push_str(&stamp.store);
        text
    }

    /// Whether `text` is the stamp's text, compared piece by piece without
    /// writing it out.
    pub(super) fn matches(&mut self, stamp: &Stamp, text: &str) -> bool {
        let time = self.time(stamp.millis);
        let Some(rest) = text.strip_prefix(time) else {
            return false;
        };
        let counter = counter_text(stamp.counter);
        rest.as_bytes().strip_prefix(&counter[..]) == Some(stamp.store.as_bytes())
    }
}

/// `/0000002a/`: the counter between its slashes, in eight lowercase hex
/// digits, as [`Stamp`]'s text has it. Written by hand, since formatting
/// machinery costs more than the rest of a stamp's text.
fn counter_text(counter: u32) -> [u8; 10] {
    let mut text = [b'/'; 10];
    for (place, digit) in text[1..9].iter_mut().enumerate() {
        let nibble = (counter >> (28 - 4 * place)) & 0xf;
        *digit = b"0123456789abcdef"[nibble as usize];
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_the_stamps_own_and_compare_like_them() {
        let mut texts = StampTexts::default();
        let stamps = [
            (1_764_780_314_123, 0, "a"),
            (1_764_780_314_123, 0x2a, "01938f4e-6b1c-7c3a/with/slashes"),
            (1_764_780_314_124, u32::MAX, "b"),
            (0, 7, "c"),
            (253_402_300_800_000, 1, "beyond the year 9999"),
            (1_764_780_314_123, 0xdeadbeef, "a"),
        ];
        for (millis, counter, store) in stamps {
            let stamp = Stamp {
                millis,
                counter,
                store: store.to_string(),
            };
            let expected = stamp.to_string();
            assert_eq!(texts.text(&stamp), expected);
            assert!(texts.matches(&stamp, &expected));
            for other in [
                expected.replacen('/', "/0", 1),
                format!("{expected}x"),
                expected[..expected.len() - 1].to_string(),
                expected.to_uppercase(),
                String::new(),
            ] {
                assert!(
                    !texts.matches(&stamp, &other) || other == expected,
                    "{other}"
                );
            }
        }
    }
}
