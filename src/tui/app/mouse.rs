//! The mouse: the wheel moves the selection, a click selects, and a click
//! on what is already selected opens it. Positions are matched against
//! the same layout that drawing uses.

use super::popups::Popup;
use super::App;
use crate::tui::layout;
use crate::tui::views::chrome;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

impl App {
    pub(super) fn on_mouse(&mut self, mouse: MouseEvent) {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.scroll_by(1),
            MouseEventKind::ScrollUp => self.scroll_by(-1),
            MouseEventKind::Down(MouseButton::Left) => self.click(mouse.column, mouse.row),
            _ => {}
        }
    }

    fn scroll_by(&mut self, delta: isize) {
        match &mut self.popup {
            Some(Popup::Help { scroll, .. }) => {
                *scroll = scroll.saturating_add_signed(delta);
            }
            Some(Popup::Import(popup)) => popup.scroll_by(delta),
            Some(_) => {}
            None => match &mut self.duplicates {
                Some(queue) => queue.scroll_by(delta),
                None => self.move_by(delta),
            },
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        if let Some(popup) = self.popup.take() {
            self.click_popup(popup, column, row);
            return;
        }
        let parts = layout::frame(self.area);
        if row == parts.tabs.y {
            if let Some(tab) = chrome::tab_at(column, parts.tabs, self.theme) {
                self.show_tab(tab);
            }
            return;
        }
        if self.duplicates.is_some() {
            // The records compared lead nowhere: merging or dismissing
            // them is done with keys, after looking.
            return;
        }
        if let Some(detail) = self.history.last_mut() {
            let record = layout::detail_areas(parts.body).1;
            let before = detail.selected;
            if detail.click(record, row) && detail.selected == before {
                self.open_selection();
            }
            return;
        }
        self.click_list(column, row);
    }

    fn click_list(&mut self, column: u16, row: u16) {
        let areas = layout::list_areas(layout::frame(self.area).body);
        let list = areas.list;
        if column >= list.right() || row < list.y || row >= list.bottom() {
            return;
        }
        let already = |selected: usize, offset: usize| offset + (row - list.y) as usize == selected;
        let hit = match self.current_list() {
            Some(index) => {
                let finder = &mut self.finders[index];
                let again = already(finder.selected, finder.offset);
                finder.click(list, row) && again
            }
            None => {
                let again = already(self.places.selected, self.places.offset);
                self.places.click(list, row) && again
            }
        };
        if hit {
            self.open_selection();
        } else {
            self.refresh_preview();
        }
    }

    fn click_popup(&mut self, popup: Popup, column: u16, row: u16) {
        match popup {
            Popup::Pick {
                mut picker,
                purpose,
            } => {
                let picked = picker.click(self.area, column, row);
                self.on_picked(picked, picker, purpose);
            }
            // Clicking outside the help closes it, as any key does.
            Popup::Help { .. } => {}
            other => self.popup = Some(other),
        }
    }
}
