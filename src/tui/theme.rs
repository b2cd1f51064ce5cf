//! The styles of the screen, in colour or, when `NO_COLOR` is set, in bold,
//! underline and reverse video only, so that nothing depends on colour.

use crate::model::Kind;
use ratatui::style::{Color, Modifier, Style};

/// Every style the screen uses, chosen once at start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all.
    pub colour: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` environment variable is set and not
    /// empty (see no-color.org).
    pub fn from_env() -> Theme {
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Theme { colour: !no_colour }
    }

    /// A theme with or without colour.
    pub fn new(colour: bool) -> Theme {
        Theme { colour }
    }

    fn pick(self, coloured: Style, plain: Style) -> Style {
        if self.colour {
            coloured
        } else {
            plain
        }
    }

    /// The selected line: reverse video works with and without colour.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Letters that matched the search.
    pub fn matched(self) -> Style {
        let plain = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            plain,
        )
    }

    /// Headings and the names of records.
    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: organisations, places, provenance.
    pub fn quiet(self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    /// A record's kind badge.
    pub fn kind(self, kind: Kind) -> Style {
        let colour = match kind {
            Kind::Person => Color::Cyan,
            Kind::Organisation => Color::Green,
            Kind::Network => Color::Magenta,
            _ => Color::Blue,
        };
        self.pick(
            Style::new().fg(colour).add_modifier(Modifier::BOLD),
            self.heading(),
        )
    }

    /// A filter chip.
    pub fn chip(self) -> Style {
        let plain = Style::new().add_modifier(Modifier::REVERSED);
        self.pick(Style::new().fg(Color::Black).bg(Color::Cyan), plain)
    }

    /// Keys in help and hints.
    pub fn key(self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            self.heading(),
        )
    }

    /// Errors and warnings.
    pub fn error(self) -> Style {
        let plain = Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED);
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            plain,
        )
    }

    /// Good news: a record saved.
    pub fn success(self) -> Style {
        self.pick(
            Style::new().fg(Color::Green),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Follow-ups that are due.
    pub fn due(self) -> Style {
        self.pick(
            Style::new().fg(Color::Red),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The active tab.
    pub fn active_tab(self) -> Style {
        self.heading().add_modifier(Modifier::REVERSED)
    }

    /// Borders and separators.
    pub fn border(self) -> Style {
        self.quiet()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_no_style_sets_a_colour() {
        let theme = Theme::new(false);
        let styles = [
            theme.selected(),
            theme.matched(),
            theme.heading(),
            theme.quiet(),
            theme.kind(Kind::Person),
            theme.chip(),
            theme.key(),
            theme.error(),
            theme.success(),
            theme.due(),
            theme.active_tab(),
            theme.border(),
        ];
        for style in styles {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        // What colour showed must still stand out: matches and errors.
        assert!(!theme.matched().add_modifier.is_empty());
        assert!(!theme.error().add_modifier.is_empty());
    }
}
