//! Filters made ready to test records quickly, before anything is scored.
//!
//! Nations and topics are shared values, so they are compared once per
//! search against the value table, and records are then tested by value
//! number alone.

use super::score::{split_list, DocView};
use super::values::{Slot, ValueTable};
use super::Filters;
use crate::model::Kind;
use crate::text::fold;

/// [`Filters`] resolved against a value table.
#[derive(Clone, Debug)]
pub struct FilterCheck {
    kinds: Vec<Kind>,
    /// Per value number, whether it is the wanted nation.
    nations: Option<Vec<bool>>,
    /// Per value number, whether it is the wanted topic.
    topics: Option<Vec<bool>>,
    place_code: Option<String>,
    network: Option<String>,
}

impl FilterCheck {
    /// Resolves `filters` against the values records refer to.
    pub fn new(filters: &Filters, values: &ValueTable) -> FilterCheck {
        let wanted = |slot: Slot, text: &Option<String>| {
            text.as_ref()
                .map(|text| matching_values(values, slot, &fold(text)))
        };
        FilterCheck {
            kinds: filters.kinds.clone(),
            nations: wanted(Slot::Nation, &filters.nation),
            topics: wanted(Slot::Topic, &filters.topic),
            place_code: filters.place_code.clone(),
            network: filters.network.clone(),
        }
    }

    /// Whether the record passes every filter.
    pub fn passes(&self, doc: &DocView) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&doc.kind))
            && self.has_value(&self.nations, Slot::Nation, doc)
            && self.has_value(&self.topics, Slot::Topic, doc)
            && self
                .place_code
                .as_deref()
                .is_none_or(|code| code.eq_ignore_ascii_case(doc.place_code))
            && self
                .network
                .as_deref()
                .is_none_or(|id| split_list(doc.networks).any(|item| item == id))
    }

    fn has_value(&self, wanted: &Option<Vec<bool>>, slot: Slot, doc: &DocView) -> bool {
        let Some(wanted) = wanted else {
            return true;
        };
        let mut in_slot = doc.values.iter().filter(|value| value.slot == slot);
        in_slot.any(|value| wanted.get(value.id as usize).copied().unwrap_or(false))
    }
}

/// Marks the values of `slot` whose folded text is `folded`.
fn matching_values(values: &ValueTable, slot: Slot, folded: &str) -> Vec<bool> {
    let mut wanted = vec![false; values.capacity()];
    for (id, value) in values.iter() {
        wanted[id as usize] = value.slot == slot && value.folded == folded;
    }
    wanted
}
