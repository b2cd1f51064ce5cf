//! The fields of one record, by name: a short list kept in name order.
//!
//! A record has a handful of fields. A `BTreeMap` gives each record a node
//! with room for eleven, about 1.6 KB however few it holds, and a sync file
//! of 400,000 records then asks the system for 600 MB of fresh memory that
//! it must zero first: a second of a large import. A sorted list holds
//! what is there and no more, finds a name by binary search, and iterates
//! in the same order as the map did, which `kith dump` and the merge rely
//! on.

use super::FieldValue;
use std::borrow::Borrow;

/// Each name with its field, in name order: what [`FieldMap::iter`] gives.
pub type FieldIter<'map> = std::iter::Map<
    std::slice::Iter<'map, (String, FieldValue)>,
    fn(&'map (String, FieldValue)) -> (&'map String, &'map FieldValue),
>;

/// A record's fields by name, iterated in name order (byte order, as
/// SQLite orders the names too).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldMap {
    /// Sorted by name, each name once.
    entries: Vec<(String, FieldValue)>,
}

impl FieldMap {
    /// No fields.
    pub fn new() -> FieldMap {
        FieldMap::default()
    }

    /// Where `name` is, or where it would go.
    fn position(&self, name: &str) -> Result<usize, usize> {
        // Nearly every record is read with its names in order, so the last
        // place is tried before searching.
        match self.entries.last() {
            Some((last, _)) if last.as_str() < name => Err(self.entries.len()),
            _ => self
                .entries
                .binary_search_by(|(held, _)| held.as_str().cmp(name)),
        }
    }

    /// The field called `name`, if set.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        let index = self.position(name).ok()?;
        Some(&self.entries[index].1)
    }

    /// The field called `name`, to change in place.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut FieldValue> {
        let index = self.position(name).ok()?;
        Some(&mut self.entries[index].1)
    }

    /// Whether a field called `name` is set.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets the field called `name`, giving back what it held before.
    pub fn insert(&mut self, name: String, field: FieldValue) -> Option<FieldValue> {
        match self.position(&name) {
            Ok(index) => Some(std::mem::replace(&mut self.entries[index].1, field)),
            Err(index) => {
                self.entries.insert(index, (name, field));
                None
            }
        }
    }

    /// Takes the field called `name` out.
    pub fn remove<Name: Borrow<str> + ?Sized>(&mut self, name: &Name) -> Option<FieldValue> {
        let index = self.position(name.borrow()).ok()?;
        Some(self.entries.remove(index).1)
    }

    /// How many fields are set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Each name with its field, in name order.
    pub fn iter(&self) -> FieldIter<'_> {
        self.entries.iter().map(|(name, field)| (name, field))
    }

    /// The names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(name, _)| name)
    }

    /// The fields, in name order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &FieldValue> + ExactSizeIterator {
        self.entries.iter().map(|(_, field)| field)
    }
}

impl std::ops::Index<&str> for FieldMap {
    type Output = FieldValue;

    /// The field called `name`; asking for one not set is a bug, as it is
    /// for a map.
    fn index(&self, name: &str) -> &FieldValue {
        self.get(name)
            .unwrap_or_else(|| panic!("no field called {name:?}"))
    }
}

impl FromIterator<(String, FieldValue)> for FieldMap {
    /// As a map collects: in name order, and the last of a repeated name
    /// wins.
    fn from_iter<Items: IntoIterator<Item = (String, FieldValue)>>(items: Items) -> FieldMap {
        let mut fields = FieldMap::new();
        fields.extend(items);
        fields
    }
}

impl Extend<(String, FieldValue)> for FieldMap {
    fn extend<Items: IntoIterator<Item = (String, FieldValue)>>(&mut self, items: Items) {
        for (name, field) in items {
            self.insert(name, field);
        }
    }
}

impl IntoIterator for FieldMap {
    type Item = (String, FieldValue);
    type IntoIter = std::vec::IntoIter<(String, FieldValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'map> IntoIterator for &'map FieldMap {
    type Item = (&'map String, &'map FieldValue);
    type IntoIter = FieldIter<'map>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stamp;
    use proptest::prelude::*;
    use serde_json::Value;
    use std::collections::BTreeMap;

    fn field(number: u64) -> FieldValue {
        FieldValue {
            value: Value::from(number),
            centre: "EEF".into(),
            stamp: Stamp {
                millis: number,
                counter: 0,
                store: "s".into(),
            },
            seen: Vec::new(),
        }
    }

    /// A change to a map of fields.
    #[derive(Clone, Debug)]
    enum Change {
        Insert(String, u64),
        Remove(String),
        Edit(String, u64),
    }

    fn change() -> impl Strategy<Value = Change> {
        // Few names, so that changes meet the same names often.
        let name = "[a-e]{0,2}";
        prop_oneof![
            (name, any::<u64>()).prop_map(|(name, number)| Change::Insert(name, number)),
            name.prop_map(Change::Remove),
            (name, any::<u64>()).prop_map(|(name, number)| Change::Edit(name, number)),
        ]
    }

    proptest! {
        /// Whatever is done to it, the list answers exactly as a
        /// `BTreeMap` would, and iterates in the same order.
        #[test]
        fn behaves_as_a_map(changes in prop::collection::vec(change(), 0..40)) {
            let mut list = FieldMap::new();
            let mut map = BTreeMap::new();
            for change in changes {
                match change {
                    Change::Insert(name, number) => prop_assert_eq!(
                        list.insert(name.clone(), field(number)),
                        map.insert(name, field(number))
                    ),
                    Change::Remove(name) => {
                        prop_assert_eq!(list.remove(&name), map.remove(&name))
                    }
                    Change::Edit(name, number) => {
                        if let Some(field) = list.get_mut(&name) {
                            field.value = Value::from(number);
                        }
                        if let Some(field) = map.get_mut(&name) {
                            field.value = Value::from(number);
                        }
                    }
                }
                prop_assert_eq!(list.len(), map.len());
                prop_assert!(list.iter().eq(map.iter()));
            }
            for name in ["", "a", "ab", "e", "z"] {
                prop_assert_eq!(list.get(name), map.get(name));
                prop_assert_eq!(list.contains_key(name), map.contains_key(name));
            }
        }

        /// Collecting keeps the last of a repeated name, as a map does.
        #[test]
        fn collects_as_a_map(items in prop::collection::vec(("[a-c]", any::<u64>()), 0..12)) {
            let pairs = || items.iter().map(|(name, number)| (name.clone(), field(*number)));
            let list: FieldMap = pairs().collect();
            let map: BTreeMap<String, FieldValue> = pairs().collect();
            prop_assert!(list.into_iter().eq(map));
        }
    }
}
