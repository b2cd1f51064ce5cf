//! Drawing the whole screen: a pure function of the app's state.

use super::popups::Popup;
use super::App;
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::views::chrome::{self, Tab};
use crate::tui::views::help;
use crate::tui::widgets::confirm;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::Frame;

impl App {
    /// Draws everything on `frame`.
    pub fn draw(&self, frame: &mut Frame) {
        let area = frame.area();
        let parts = layout::frame(area);
        chrome::draw_tabs(frame, parts.tabs, self.tab, &self.summary, self.theme);
        if let Some(queue) = &self.duplicates {
            queue.draw(frame, parts.body, self.theme);
        }
        match (self.history.last(), self.current_list()) {
            _ if self.duplicates.is_some() => {}
            (Some(detail), _) => {
                let (crumbs, record) = layout::detail_areas(parts.body);
                chrome::draw_breadcrumb(frame, crumbs, &self.trail(), self.theme);
                detail.draw(frame, record, true, self.theme);
            }
            (None, Some(list)) => self.draw_list(frame, parts.body, list),
            (None, None) => {
                let areas = layout::list_areas(parts.body);
                let list = Rect {
                    width: parts.body.width,
                    ..areas.list
                };
                self.places
                    .draw(frame, areas.input, list, self.typing, self.theme);
            }
        }
        let hints = self.hints();
        chrome::draw_status(
            frame,
            parts.status,
            self.message.as_ref(),
            &hints,
            self.theme,
        );
        self.draw_popup(frame, area);
    }

    fn draw_list(&self, frame: &mut Frame, body: Rect, list: usize) {
        let areas = layout::list_areas(body);
        let finder = &self.finders[list];
        finder.draw(frame, &areas, self.typing, self.theme);
        if !self.index_ready {
            let note = Span::styled("Loading the search index…", self.theme.quiet());
            frame.render_widget(
                note,
                Rect {
                    height: areas.list.height.min(1),
                    ..areas.list
                },
            );
        }
        let Some(preview) = areas.preview else {
            return;
        };
        let separator = Rect {
            x: preview.x - 1,
            width: 1,
            ..preview
        };
        for y in separator.y..separator.bottom() {
            let cell = Rect {
                y,
                height: 1,
                ..separator
            };
            frame.render_widget(Span::styled("│", self.theme.border()), cell);
        }
        if let Some(detail) = &self.preview {
            detail.draw(frame, preview, false, self.theme);
        }
    }

    fn draw_popup(&self, frame: &mut Frame, area: Rect) {
        match &self.popup {
            None => {}
            Some(Popup::Help { topic, scroll }) => {
                help::draw(frame, area, *topic, &self.keymap, *scroll, self.theme)
            }
            Some(Popup::Pick { picker, .. }) => picker.draw(frame, area, self.theme),
            Some(Popup::Form { form, .. }) => form.draw(frame, area, self.theme),
            Some(Popup::Confirm { question, .. }) => {
                confirm::draw(frame, area, question, self.theme)
            }
            Some(Popup::Import(popup)) => popup.draw(frame, area, self.theme),
        }
    }

    /// The keys worth knowing in the current view, from the keymap.
    fn hints(&self) -> String {
        let hint = |action: Action, words: &str| format!("{} {words}", self.key_of(action));
        let parts = if self.duplicates.is_some() {
            vec![
                hint(Action::MergePair, "merge"),
                hint(Action::DismissPair, "not the same"),
                hint(Action::Down, "next"),
                hint(Action::Up, "previous"),
                hint(Action::Back, "close"),
                hint(Action::Help, "help"),
            ]
        } else if !self.history.is_empty() {
            vec![
                hint(Action::Open, "open link"),
                hint(Action::Back, "back"),
                hint(Action::Edit, "edit"),
                hint(Action::Link, "link"),
                hint(Action::LogInteraction, "log"),
                hint(Action::Delete, "delete"),
                hint(Action::Help, "help"),
            ]
        } else if self.typing {
            let typed_hint =
                |action: Action, words: &str| format!("{} {words}", self.typing_key_of(action));
            vec![
                "type to search".to_string(),
                typed_hint(Action::Down, "move"),
                typed_hint(Action::Open, "open"),
                "esc stop typing".to_string(),
                typed_hint(Action::CycleNation, "nation"),
            ]
        } else if self.tab == Tab::Places {
            vec![
                hint(Action::Search, "find"),
                hint(Action::Open, "everyone there"),
                hint(Action::Help, "help"),
                hint(Action::Quit, "quit"),
            ]
        } else {
            vec![
                hint(Action::Search, "search"),
                hint(Action::Open, "open"),
                hint(Action::Add, "add"),
                hint(Action::Edit, "edit"),
                hint(Action::Filters, "filters"),
                hint(Action::Help, "help"),
                hint(Action::Quit, "quit"),
            ]
        };
        parts.join(" · ")
    }
}
