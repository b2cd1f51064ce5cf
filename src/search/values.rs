//! Field values shared by many records, kept once.
//!
//! A hundred thousand people share about three hundred organisations, 361
//! places, a few dozen topics and roles and four nations. Scoring each
//! distinct value once per query, then looking the score up per record,
//! makes those fields almost free; only names and e-mail addresses are
//! matched record by record. The in-memory index and the SQL tables both
//! number their values and describe records by [`ValueRef`]s.

use std::collections::HashMap;

use super::folding::{initials, Masks};
use crate::text::fold;

/// Which field a piece of text belongs to, for weighting and highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    /// The record's name.
    Name,
    /// Its alternative (often Welsh) name.
    AltName,
    /// One of a person's organisations.
    Organisation,
    /// A person's role.
    Role,
    /// The local authority.
    Place,
    /// The local authority's Welsh name.
    PlaceAlt,
    /// The nation.
    Nation,
    /// One of the record's topics.
    Topic,
    /// One of the record's e-mail addresses.
    Email,
    /// The name of one of the record's networks.
    NetworkName,
}

/// Slots in the order of their stored numbers.
const SLOTS: [Slot; 10] = [
    Slot::Name,
    Slot::AltName,
    Slot::Organisation,
    Slot::Role,
    Slot::Place,
    Slot::PlaceAlt,
    Slot::Nation,
    Slot::Topic,
    Slot::Email,
    Slot::NetworkName,
];

impl Slot {
    /// The number that stands for the slot in stored references.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The slot a stored number stands for, if any.
    pub fn from_number(number: u8) -> Option<Slot> {
        SLOTS.get(usize::from(number)).copied()
    }

    /// How much a match in this field counts, in percent: names above
    /// organisations above everything else, so "hal" puts Halpern above
    /// Halton Council. The steps are small so that a match at word starts
    /// in an organisation still beats letters scattered through a name.
    pub fn weight(self) -> i64 {
        match self {
            Slot::Name | Slot::AltName => 130,
            Slot::Organisation => 115,
            _ => 100,
        }
    }

    /// Whether a value in this slot is an organisation or network name that
    /// people may type by its initials ("eef", "wcpp").
    pub fn has_initials(self) -> bool {
        matches!(self, Slot::Organisation | Slot::NetworkName)
    }
}

/// A record's use of a shared value: which field, which position in a list
/// field, and which value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueRef {
    /// The field the value fills.
    pub slot: Slot,
    /// Its position within a list field; 0 for single fields.
    pub position: u16,
    /// The value's number in the table.
    pub id: u32,
}

/// One distinct value with what matching needs of it, prepared once.
#[derive(Clone, Debug)]
pub struct ValueText {
    /// The field it belongs to.
    pub slot: Slot,
    /// The text as given.
    pub original: String,
    /// The text folded for matching.
    pub folded: String,
    /// Masks of the folded text.
    pub masks: Masks,
    /// Initials with and without small words, for organisation names.
    pub initials: Option<(String, String)>,
}

impl ValueText {
    /// Prepares `original` as a value of `slot`.
    pub fn new(slot: Slot, original: &str) -> ValueText {
        let folded = fold(original);
        let masks = Masks::of(&folded);
        let initials = slot.has_initials().then(|| initials(&folded));
        ValueText {
            slot,
            original: original.to_string(),
            folded,
            masks,
            initials,
        }
    }
}

/// The distinct values, numbered. Numbers are never reused, so references
/// stay valid; values no record uses any more simply go unmatched.
#[derive(Clone, Debug, Default)]
pub struct ValueTable {
    texts: Vec<Option<ValueText>>,
    numbers: HashMap<(Slot, String), u32>,
}

impl ValueTable {
    /// The number of `original` in `slot`, adding it if it is new.
    pub fn intern(&mut self, slot: Slot, original: &str) -> u32 {
        if let Some(&id) = self.numbers.get(&(slot, original.to_string())) {
            return id;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.insert(id, slot, original);
        id
    }

    /// Records that value `id` is `original` in `slot`, as read from storage.
    pub fn insert(&mut self, id: u32, slot: Slot, original: &str) {
        let index = id as usize;
        if self.texts.len() <= index {
            self.texts.resize(index + 1, None);
        }
        self.texts[index] = Some(ValueText::new(slot, original));
        self.numbers.insert((slot, original.to_string()), id);
    }

    /// The value numbered `id`, if there is one.
    pub fn get(&self, id: u32) -> Option<&ValueText> {
        self.texts.get(id as usize).and_then(Option::as_ref)
    }

    /// One past the highest number in use, for tables indexed by number.
    pub fn capacity(&self) -> usize {
        self.texts.len()
    }

    /// Every value with its number.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &ValueText)> {
        let numbered = self.texts.iter().enumerate();
        numbered.filter_map(|(index, text)| Some((index as u32, text.as_ref()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_one_number_per_slot_and_text() {
        let mut table = ValueTable::default();
        let cardiff = table.intern(Slot::Place, "Cardiff");
        assert_eq!(table.intern(Slot::Place, "Cardiff"), cardiff);
        assert_ne!(table.intern(Slot::Organisation, "Cardiff"), cardiff);
        assert_eq!(
            table.get(cardiff).map(|value| value.folded.as_str()),
            Some("cardiff")
        );
    }

    #[test]
    fn slot_numbers_round_trip() {
        for slot in SLOTS {
            assert_eq!(Slot::from_number(slot.number()), Some(slot));
        }
        assert_eq!(Slot::from_number(200), None);
    }
}
