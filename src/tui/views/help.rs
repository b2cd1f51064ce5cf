//! The help overlay: every key of the current view, read from the keymap
//! so that it shows the user's own bindings.

use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit_line;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Which view the help is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpTopic {
    /// A searchable list (search, organisations, networks).
    List,
    /// A record's detail.
    Detail,
    /// The places tab.
    Places,
    /// The queue of pairs that look entered twice.
    Duplicates,
}

const DETAIL_ACTIONS: &[Action] = &[
    Action::Open,
    Action::Back,
    Action::Up,
    Action::Down,
    Action::HalfPageUp,
    Action::HalfPageDown,
    Action::Top,
    Action::Bottom,
    Action::Search,
    Action::Add,
    Action::Edit,
    Action::EditAsText,
    Action::Link,
    Action::LogInteraction,
    Action::Delete,
    Action::Import,
    Action::Duplicates,
    Action::ShowSearch,
    Action::ShowOrganisations,
    Action::ShowNetworks,
    Action::ShowPlaces,
    Action::Help,
    Action::Quit,
];

const PLACES_ACTIONS: &[Action] = &[
    Action::Search,
    Action::Open,
    Action::Back,
    Action::Up,
    Action::Down,
    Action::HalfPageUp,
    Action::HalfPageDown,
    Action::Top,
    Action::Bottom,
    Action::Add,
    Action::Import,
    Action::Duplicates,
    Action::NextTab,
    Action::PreviousTab,
    Action::ShowSearch,
    Action::ShowOrganisations,
    Action::ShowNetworks,
    Action::ShowPlaces,
    Action::Help,
    Action::Quit,
];

const DUPLICATES_ACTIONS: &[Action] = &[
    Action::MergePair,
    Action::DismissPair,
    Action::Down,
    Action::Up,
    Action::Top,
    Action::Bottom,
    Action::HalfPageDown,
    Action::HalfPageUp,
    Action::Refresh,
    Action::Back,
    Action::Import,
    Action::ShowSearch,
    Action::ShowOrganisations,
    Action::ShowNetworks,
    Action::ShowPlaces,
    Action::Help,
    Action::Quit,
];

/// The actions that do something in a view.
pub fn actions_of(topic: HelpTopic) -> Vec<Action> {
    match topic {
        // Every action but those of the duplicates does something in a
        // list, in the order the help lists them.
        HelpTopic::List => Action::ALL
            .into_iter()
            .filter(|action| !action.only_in_duplicates())
            .collect(),
        HelpTopic::Detail => DETAIL_ACTIONS.to_vec(),
        HelpTopic::Places => PLACES_ACTIONS.to_vec(),
        HelpTopic::Duplicates => DUPLICATES_ACTIONS.to_vec(),
    }
}

/// What an action does in the duplicates view, where moving goes from
/// pair to pair and the half pages scroll the two records.
fn about_in_duplicates(action: Action) -> &'static str {
    match action {
        Action::Down => "next pair (skip this one)",
        Action::Up => "previous pair",
        Action::Top => "first pair",
        Action::Bottom => "last pair",
        Action::HalfPageDown => "scroll the two records down",
        Action::HalfPageUp => "scroll the two records up",
        Action::Refresh => "look for duplicates again",
        Action::Back => "close the duplicates",
        Action::MergePair => "merge the pair, after asking",
        Action::DismissPair => "not the same: never suggest them again",
        other => other.about(),
    }
}

/// The help's lines: one per action, then how typing works.
pub fn lines(topic: HelpTopic, keymap: &Keymap, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for action in actions_of(topic) {
        let keys: Vec<String> = keymap
            .keys_of(action)
            .iter()
            .map(ToString::to_string)
            .collect();
        let keys = if keys.is_empty() {
            "(none)".to_string()
        } else {
            keys.join(" ")
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:<22}"), theme.key()),
            Span::raw(about(topic, action).to_string()),
        ]));
    }
    if topic == HelpTopic::Duplicates {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "The record entered first is kept: every Centre merging the pair keeps the same one.",
            theme.quiet(),
        ));
        lines.push(Line::styled(
            "Dismissals stay in this store; they are not sent in sync files.",
            theme.quiet(),
        ));
    }
    if matches!(topic, HelpTopic::List | HelpTopic::Places) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "While typing, letters go into the box; backspace and ctrl-w delete.",
            theme.quiet(),
        ));
        lines.push(Line::styled(
            "Left, right, home, end, ctrl-a, ctrl-e move in it; ctrl-u empties it.",
            theme.quiet(),
        ));
        lines.push(Line::styled(
            "Search: 'exact ^prefix suffix$ !not; P person, O organisation, N network.",
            theme.quiet(),
        ));
    }
    lines.push(Line::styled(
        "Mouse: scroll, click to select, click again to open.",
        theme.quiet(),
    ));
    lines
}

fn about(topic: HelpTopic, action: Action) -> &'static str {
    match topic {
        HelpTopic::Duplicates => about_in_duplicates(action),
        _ => action.about(),
    }
}

/// Draws the help over `area`, starting at line `scroll`.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    topic: HelpTopic,
    keymap: &Keymap,
    scroll: usize,
    theme: Theme,
) {
    let all = lines(topic, keymap, theme);
    let popup = crate::tui::widgets::centred(area, 76, all.len() as u16 + 2);
    let title = " Keys: j/k scroll, any other key closes ";
    let inner = crate::tui::widgets::draw_popup(frame, popup, title, theme.border(), theme);
    let start = scroll.min(all.len().saturating_sub(inner.height as usize));
    for (offset, line) in all
        .into_iter()
        .skip(start)
        .take(inner.height as usize)
        .enumerate()
    {
        let row = Rect {
            y: inner.y + offset as u16,
            height: 1,
            ..inner
        };
        frame.render_widget(fit_line(line, inner.width as usize), row);
    }
}
