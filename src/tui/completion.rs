//! What form fields complete from: places from the gazetteer, topics from
//! the shipped list and the store's own, records (organisations, networks,
//! the other end of a link) from the search index. This module finds the suggestions that need no index;
//! the app asks the search worker for the rest, so typing never waits.

use crate::places::{self, Nation};
use crate::text::fold;

/// How many suggestions a field offers at most: enough to find the one
/// meant, few enough to fit under a field of a form at 80x24.
pub const SUGGESTION_LIMIT: usize = 5;

/// Where a field's suggestions come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Nations and local authorities, from the gazetteer.
    Place,
    /// Organisations in the store.
    Organisation,
    /// Networks in the store.
    Network,
    /// Topics: the shipped vocabulary and those the store added.
    Topic,
    /// One person, organisation or network, such as the other end of a
    /// link.
    Record,
    /// People and organisations, several, such as those also at a meeting.
    Parties,
}

impl Source {
    /// The source of the form field named `name`, if it completes.
    pub fn of_field(name: &str) -> Option<Source> {
        match name {
            "place" => Some(Source::Place),
            "org" => Some(Source::Organisation),
            "networks" => Some(Source::Network),
            "topics" => Some(Source::Topic),
            "to" => Some(Source::Record),
            "with" => Some(Source::Parties),
            _ => None,
        }
    }

    /// Whether the field holds several values separated by commas, so
    /// that only the last one is completed.
    pub fn is_list(self) -> bool {
        matches!(self, Source::Network | Source::Topic | Source::Parties)
    }
}

/// The part of `text` being typed: all of it, or after the last comma
/// when the field is a list.
pub fn typed_item(text: &str, list: bool) -> &str {
    let start = match list {
        true => text.rfind(',').map_or(0, |comma| comma + 1),
        false => 0,
    };
    text[start..].trim()
}

/// `text` with the item being typed replaced by `chosen`.
pub fn with_item_replaced(text: &str, list: bool, chosen: &str) -> String {
    match (list, text.rfind(',')) {
        (true, Some(comma)) => format!("{}, {chosen}", text[..comma].trim_end()),
        _ => chosen.to_string(),
    }
}

/// Nations and local authorities for `typed`: names, Welsh names and codes
/// that start with it first, then those containing it, then the
/// gazetteer's nearest names for a misspelling.
pub fn places(typed: &str) -> Vec<String> {
    let wanted = fold(typed.trim());
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut starting = Vec::new();
    let mut containing = Vec::new();
    for (name, forms) in place_forms() {
        let folded: Vec<String> = forms.iter().map(|form| fold(form)).collect();
        if folded.iter().any(|form| form.starts_with(&wanted)) {
            starting.push(name);
        } else if folded.iter().any(|form| form.contains(&wanted)) {
            containing.push(name);
        }
    }
    let near_misses = places::suggest(typed, SUGGESTION_LIMIT);
    let found = starting.into_iter().chain(containing).chain(near_misses);
    first_distinct(found.map(String::from))
}

/// Each place's official name and the forms that find it: the name, the
/// Welsh name and the code.
fn place_forms() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    let nations = Nation::ALL
        .into_iter()
        .map(|nation| (nation.name(), vec![nation.name(), nation.code()]));
    let authorities = places::authorities().iter().map(|authority| {
        let mut forms = vec![authority.name, authority.code];
        forms.extend(authority.name_cy);
        (authority.name, forms)
    });
    nations.chain(authorities)
}

/// Topics for `typed` from `topics`: those starting with it, then those
/// containing it.
pub fn topics<'a>(typed: &str, topics: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = fold(typed.trim());
    if wanted.is_empty() {
        return Vec::new();
    }
    let (starting, containing): (Vec<_>, Vec<_>) = topics
        .filter(|topic| fold(topic).contains(&wanted))
        .partition(|topic| fold(topic).starts_with(&wanted));
    first_distinct(starting.into_iter().chain(containing).map(String::from))
}

/// The first [`SUGGESTION_LIMIT`] of `names`, each once.
pub fn first_distinct(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        if kept.len() == SUGGESTION_LIMIT {
            break;
        }
        if !kept.contains(&name) {
            kept.push(name);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_complete_from_welsh_names_codes_and_misspellings() {
        assert_eq!(places("caerd"), ["Cardiff"]);
        assert_eq!(places("W06000015"), ["Cardiff"]);
        assert_eq!(places("wal")[0], "Wales");
        assert!(places("manchestr").contains(&"Manchester".to_string()));
        assert!(places("  ").is_empty());
    }

    #[test]
    fn lists_complete_their_last_item() {
        assert_eq!(typed_item("health, hou", true), "hou");
        assert_eq!(typed_item("health, hou", false), "health, hou");
        assert_eq!(
            with_item_replaced("health,  hou", true, "Housing"),
            "health, Housing"
        );
        assert_eq!(with_item_replaced("hou", true, "Housing"), "Housing");
        let shipped = ["Health", "Housing", "Mental health"];
        assert_eq!(
            topics("health", shipped.into_iter()),
            ["Health", "Mental health"]
        );
    }
}
