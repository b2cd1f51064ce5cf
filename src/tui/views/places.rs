//! The places tab: the four nations and every local authority, narrowed by
//! typing. Opening a place shows everyone there on the search tab.

use crate::places::{self, Nation};
use crate::text::fold;
use crate::tui::theme::Theme;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::scroll::{moved, offset_for};
use crate::tui::widgets::text::fit_line;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// A place to filter by: a nation, or a local authority and its nation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceEntry {
    /// The name shown.
    pub name: String,
    /// The Welsh name, or the nation of an authority, shown quietly.
    pub detail: String,
    /// The nation's slug.
    pub nation: String,
    /// The local authority's code, or `None` for a whole nation.
    pub code: Option<String>,
    /// What typing is matched against.
    key: String,
}

/// The places tab's state.
#[derive(Clone, Debug)]
pub struct PlacesList {
    /// What was typed.
    pub filter: TextInput,
    entries: Vec<PlaceEntry>,
    shown: Vec<usize>,
    /// The selected row of those shown.
    pub selected: usize,
    /// The first row shown.
    pub offset: usize,
}

impl Default for PlacesList {
    fn default() -> PlacesList {
        let entries = all_places();
        let shown = (0..entries.len()).collect();
        PlacesList {
            filter: TextInput::default(),
            entries,
            shown,
            selected: 0,
            offset: 0,
        }
    }
}

fn all_places() -> Vec<PlaceEntry> {
    let mut entries: Vec<PlaceEntry> = Nation::ALL
        .iter()
        .map(|nation| PlaceEntry {
            name: nation.name().to_string(),
            detail: "nation".to_string(),
            nation: nation.slug().to_string(),
            code: None,
            key: fold(&format!("{} {}", nation.name(), nation.slug())),
        })
        .collect();
    let mut authorities: Vec<_> = places::authorities().iter().collect();
    authorities.sort_by_key(|authority| authority.name);
    entries.extend(authorities.into_iter().map(|authority| {
        let welsh = authority
            .name_cy
            .map(|name| format!("{name}, "))
            .unwrap_or_default();
        PlaceEntry {
            name: authority.name.to_string(),
            detail: format!("{welsh}{}", authority.nation.name()),
            nation: authority.nation.slug().to_string(),
            code: Some(authority.code.to_string()),
            key: fold(&format!("{} {} {}", authority.name, welsh, authority.code)),
        }
    }));
    entries
}

impl PlacesList {
    /// Narrows the list to what was typed.
    pub fn refilter(&mut self) {
        let wanted = fold(self.filter.text().trim());
        self.shown = (0..self.entries.len())
            .filter(|&index| self.entries[index].key.contains(&wanted))
            .collect();
        self.selected = 0;
        self.offset = 0;
    }

    /// The selected place.
    pub fn selected_place(&self) -> Option<&PlaceEntry> {
        self.shown
            .get(self.selected)
            .map(|&index| &self.entries[index])
    }

    /// Moves the selection by `delta` rows in a list `height` rows high.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.selected = moved(self.selected, delta, self.shown.len());
        self.offset = offset_for(self.selected, self.offset, height);
    }

    /// Selects the row drawn at screen row `row` of `list`.
    pub fn click(&mut self, list: Rect, row: u16) -> bool {
        let index = self.offset + row.saturating_sub(list.y) as usize;
        if row < list.y || index >= self.shown.len() {
            return false;
        }
        self.selected = index;
        true
    }

    /// Draws the filter box in `input` and the places in `list`.
    pub fn draw(&self, frame: &mut Frame, input: Rect, list: Rect, typing: bool, theme: Theme) {
        self.filter
            .draw(frame, input, "Find a place: ", typing, theme);
        let height = list.height as usize;
        let offset = offset_for(self.selected, self.offset, height);
        for (row, &index) in self.shown.iter().enumerate().skip(offset).take(height) {
            let entry = &self.entries[index];
            let spans = vec![
                Span::styled(entry.name.clone(), theme.heading()),
                Span::styled(format!("  {}", entry.detail), theme.quiet()),
            ];
            let mut line = fit_line(Line::from(spans), list.width as usize);
            if row == self.selected {
                line = line.style(theme.selected());
            }
            let y = list.y + (row - offset) as u16;
            frame.render_widget(
                line,
                Rect {
                    y,
                    height: 1,
                    ..list
                },
            );
        }
        if self.shown.is_empty() {
            let line = Line::styled("No place is called that.", theme.quiet());
            frame.render_widget(
                line,
                Rect {
                    height: list.height.min(1),
                    ..list
                },
            );
        }
    }
}
