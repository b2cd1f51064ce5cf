//! Everything a user can ask of the screen, as one enum. The names of its
//! variants in snake case are what users write in the `[keys]` table of
//! `config.toml`, so renaming a variant breaks their configs.

use serde::Deserialize;

/// One thing a user can do on the screen, whatever key they press for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave kith.
    Quit,
    /// Show or hide the keys of the current view.
    Help,
    /// Move the selection up one line.
    Up,
    /// Move the selection down one line.
    Down,
    /// Move the selection up half a page.
    HalfPageUp,
    /// Move the selection down half a page.
    HalfPageDown,
    /// Go to the first line.
    Top,
    /// Go to the last line.
    Bottom,
    /// Open the selected record, link or place.
    Open,
    /// Go back to the previous screen, or stop typing.
    Back,
    /// Start typing a search.
    Search,
    /// Empty the search box and start typing a new search.
    ClearQuery,
    /// Show only one nation, then the next, then all again.
    CycleNation,
    /// Show only people, then organisations, then networks, then all.
    CycleKind,
    /// Open the menu of filters: kind, nation, place, topic, network.
    Filters,
    /// Remove every filter.
    ClearFilters,
    /// Add a person, organisation or network.
    Add,
    /// Edit the selected record.
    Edit,
    /// Edit the selected record as text in `$VISUAL` or `$EDITOR`.
    EditAsText,
    /// Link the selected record to another one.
    Link,
    /// Log an interaction (meeting, visit, call, email, event).
    LogInteraction,
    /// Delete the selected record, after asking.
    Delete,
    /// Show the next tab.
    NextTab,
    /// Show the previous tab.
    PreviousTab,
    /// Show the search over everything.
    ShowSearch,
    /// Show the list of organisations.
    ShowOrganisations,
    /// Show the list of networks.
    ShowNetworks,
    /// Show the list of places.
    ShowPlaces,
    /// Read the search index again from the store.
    Refresh,
    /// Choose a sync file, see what importing it would change, then
    /// import it or not.
    Import,
    /// Show the pairs of records that look entered twice, one at a time.
    Duplicates,
    /// In the duplicates, merge the pair shown, after asking.
    MergePair,
    /// In the duplicates, say the pair shown is not one record entered
    /// twice, so that it is not suggested again.
    DismissPair,
}

impl Action {
    /// Every action, in the order the help lists them.
    pub const ALL: [Action; 33] = [
        Action::Search,
        Action::Open,
        Action::Back,
        Action::Up,
        Action::Down,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::Top,
        Action::Bottom,
        Action::ClearQuery,
        Action::CycleNation,
        Action::CycleKind,
        Action::Filters,
        Action::ClearFilters,
        Action::Add,
        Action::Edit,
        Action::EditAsText,
        Action::Link,
        Action::LogInteraction,
        Action::Delete,
        Action::Import,
        Action::Duplicates,
        Action::MergePair,
        Action::DismissPair,
        Action::NextTab,
        Action::PreviousTab,
        Action::ShowSearch,
        Action::ShowOrganisations,
        Action::ShowNetworks,
        Action::ShowPlaces,
        Action::Refresh,
        Action::Help,
        Action::Quit,
    ];

    /// The name users write in `config.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Up => "up",
            Action::Down => "down",
            Action::HalfPageUp => "half_page_up",
            Action::HalfPageDown => "half_page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::Back => "back",
            Action::Search => "search",
            Action::ClearQuery => "clear_query",
            Action::CycleNation => "cycle_nation",
            Action::CycleKind => "cycle_kind",
            Action::Filters => "filters",
            Action::ClearFilters => "clear_filters",
            Action::Add => "add",
            Action::Edit => "edit",
            Action::EditAsText => "edit_as_text",
            Action::Link => "link",
            Action::LogInteraction => "log_interaction",
            Action::Delete => "delete",
            Action::NextTab => "next_tab",
            Action::PreviousTab => "previous_tab",
            Action::ShowSearch => "show_search",
            Action::ShowOrganisations => "show_organisations",
            Action::ShowNetworks => "show_networks",
            Action::ShowPlaces => "show_places",
            Action::Refresh => "refresh",
            Action::Import => "import",
            Action::Duplicates => "duplicates",
            Action::MergePair => "merge_pair",
            Action::DismissPair => "dismiss_pair",
        }
    }

    /// What it does, in a few words, for the help overlay.
    pub fn about(self) -> &'static str {
        match self {
            Action::Quit => "quit kith",
            Action::Help => "show the keys of this view",
            Action::Up => "up",
            Action::Down => "down",
            Action::HalfPageUp => "half a page up",
            Action::HalfPageDown => "half a page down",
            Action::Top => "first",
            Action::Bottom => "last",
            Action::Open => "open the selection",
            Action::Back => "back / stop typing",
            Action::Search => "type a search",
            Action::ClearQuery => "empty the search",
            Action::CycleNation => "next nation filter",
            Action::CycleKind => "next kind filter",
            Action::Filters => "filter menu",
            Action::ClearFilters => "remove all filters",
            Action::Add => "add a record",
            Action::Edit => "edit the record",
            Action::EditAsText => "edit the record in $EDITOR",
            Action::Link => "link to another record",
            Action::LogInteraction => "log an interaction",
            Action::Delete => "delete the record",
            Action::NextTab => "next tab",
            Action::PreviousTab => "previous tab",
            Action::ShowSearch => "search tab",
            Action::ShowOrganisations => "organisations tab",
            Action::ShowNetworks => "networks tab",
            Action::ShowPlaces => "places tab",
            Action::Refresh => "reload the index",
            Action::Import => "import a sync file, with a preview",
            Action::Duplicates => "records entered twice",
            Action::MergePair => "merge the pair (duplicates)",
            Action::DismissPair => "not the same (duplicates)",
        }
    }

    /// Whether the action does something only in the duplicates view.
    pub fn only_in_duplicates(self) -> bool {
        matches!(self, Action::MergePair | Action::DismissPair)
    }

    /// The action a config name stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
            let parsed: Action = serde_json::from_value(action.name().into()).unwrap();
            assert_eq!(parsed, action);
        }
    }
}
