//! The parts around every view: the tab bar, the breadcrumb of records
//! opened, and the status line of messages and hints.

use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, fit_line};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// The tabs, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// Search over everything.
    Search,
    /// Organisations, with their people.
    Organisations,
    /// Networks, with their members.
    Networks,
    /// Nations and local authorities.
    Places,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 4] = [Tab::Search, Tab::Organisations, Tab::Networks, Tab::Places];

    /// The tab's name on the bar.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Search => "Search",
            Tab::Organisations => "Organisations",
            Tab::Networks => "Networks",
            Tab::Places => "Places",
        }
    }

    /// The position of the tab.
    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|tab| *tab == self).unwrap_or(0)
    }

    /// The tab `step` places along, wrapping round.
    pub fn step(self, step: isize) -> Tab {
        let count = Tab::ALL.len() as isize;
        Tab::ALL[(self.index() as isize + step).rem_euclid(count) as usize]
    }
}

/// The tab titles' spans, each with the columns it covers, for clicks.
pub fn tab_spans(active: Tab, theme: Theme) -> Vec<(Span<'static>, Tab)> {
    Tab::ALL
        .iter()
        .map(|tab| {
            let text = format!(" {} {} ", tab.index() + 1, tab.title());
            let style = if *tab == active {
                theme.active_tab()
            } else {
                theme.quiet()
            };
            (Span::styled(text, style), *tab)
        })
        .collect()
}

/// Draws the tab bar with `summary` (what the store holds) at its right.
pub fn draw_tabs(frame: &mut Frame, area: Rect, active: Tab, summary: &str, theme: Theme) {
    let mut spans = vec![Span::styled("kith ", theme.heading())];
    spans.extend(tab_spans(active, theme).into_iter().map(|(span, _)| span));
    let used: usize = spans.iter().map(|span| span.width()).sum();
    let room = (area.width as usize).saturating_sub(used + 1);
    if room > 12 {
        let summary = fit(summary, room);
        let padding = room - unicode_width::UnicodeWidthStr::width(summary.as_str());
        spans.push(Span::raw(" ".repeat(padding + 1)));
        spans.push(Span::styled(summary, theme.quiet()));
    }
    frame.render_widget(fit_line(Line::from(spans), area.width as usize), area);
}

/// The tab under column `column` of the tab bar, if any.
pub fn tab_at(column: u16, area: Rect, theme: Theme) -> Option<Tab> {
    let mut x = area.x + "kith ".len() as u16;
    for (span, tab) in tab_spans(Tab::Search, theme) {
        let width = span.width() as u16;
        if column >= x && column < x + width {
            return Some(tab);
        }
        x += width;
    }
    None
}

/// Draws the trail of records opened: `Search › Siân Lloyd › WCPP`.
pub fn draw_breadcrumb(frame: &mut Frame, area: Rect, trail: &[&str], theme: Theme) {
    let mut spans = Vec::new();
    for (index, step) in trail.iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" › ", theme.quiet()));
        }
        let style = if index + 1 == trail.len() {
            theme.heading()
        } else {
            theme.quiet()
        };
        spans.push(Span::styled(step.to_string(), style));
    }
    // The end of the trail matters most: cut from the left when too long.
    let mut line = Line::from(spans);
    while line.width() > area.width as usize && line.spans.len() > 2 {
        line.spans.drain(0..2);
        line.spans.insert(0, Span::styled("… ", theme.quiet()));
    }
    frame.render_widget(fit_line(line, area.width as usize), area);
}

/// A message on the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// Something worked.
    Done(String),
    /// Something failed; what to do about it.
    Problem(String),
    /// Something to know.
    Note(String),
}

/// Draws the message if there is one, else the hints.
pub fn draw_status(
    frame: &mut Frame,
    area: Rect,
    message: Option<&Message>,
    hints: &str,
    theme: Theme,
) {
    let line = match message {
        Some(Message::Done(text)) => Line::styled(text.clone(), theme.success()),
        Some(Message::Problem(text)) => Line::styled(text.clone(), theme.error()),
        Some(Message::Note(text)) => Line::raw(text.clone()),
        None => Line::styled(hints.to_string(), theme.quiet()),
    };
    frame.render_widget(fit_line(line, area.width as usize), area);
}
