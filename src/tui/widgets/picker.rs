//! A popup list to choose one value from, narrowed by typing: the filter
//! menu's values (nations, places, topics, networks) and the kind of
//! record to add.

use super::input::TextInput;
use super::scroll::{moved, offset_for};
use super::text::fit;
use crate::text::fold;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// One choice: what is shown, what it stands for, and a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// What the user reads.
    pub label: String,
    /// What choosing it gives back.
    pub value: String,
    /// A hint shown beside the label, quietly.
    pub detail: String,
}

impl Choice {
    /// A choice showing `label` and standing for `value`.
    pub fn new(label: &str, value: &str, detail: &str) -> Choice {
        Choice {
            label: label.into(),
            value: value.into(),
            detail: detail.into(),
        }
    }
}

/// What a key did to the picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    /// Still choosing.
    Choosing,
    /// This value was chosen.
    Chosen(String),
    /// The user gave up.
    Cancelled,
}

/// A list of choices with a filter box.
#[derive(Clone, Debug)]
pub struct Picker {
    title: String,
    choices: Vec<Choice>,
    filter: TextInput,
    shown: Vec<usize>,
    selected: usize,
    offset: usize,
}

/// How many rows a picker shows at most.
const PICKER_ROWS: u16 = 14;

impl Picker {
    /// A picker titled `title` over `choices`.
    pub fn new(title: &str, choices: Vec<Choice>) -> Picker {
        let shown = (0..choices.len()).collect();
        Picker {
            title: title.into(),
            choices,
            filter: TextInput::default(),
            shown,
            selected: 0,
            offset: 0,
        }
    }

    /// Handles a key.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Picked {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Picked::Cancelled,
            KeyCode::Enter => return self.chosen(),
            KeyCode::Up => self.move_by(-1),
            KeyCode::Down => self.move_by(1),
            KeyCode::Char('p') if control => self.move_by(-1),
            KeyCode::Char('n') if control => self.move_by(1),
            KeyCode::PageUp => self.move_by(-(PICKER_ROWS as isize)),
            KeyCode::PageDown => self.move_by(PICKER_ROWS as isize),
            KeyCode::Backspace => {
                self.filter.pop();
                self.refilter();
            }
            KeyCode::Char(c) if !control => {
                self.filter.push(c);
                self.refilter();
            }
            _ => {}
        }
        Picked::Choosing
    }

    /// Moves the selection to the row at `row` of the popup drawn in
    /// `area`, for mouse clicks; gives the choice if one was hit.
    pub fn click(&mut self, area: Rect, column: u16, row: u16) -> Picked {
        let popup = self.area(area);
        let first_row = popup.y + 2;
        let inside = column > popup.x && column < popup.right().saturating_sub(1);
        if !inside || row < first_row || row >= popup.bottom().saturating_sub(1) {
            return Picked::Choosing;
        }
        let index = self.offset + (row - first_row) as usize;
        if index < self.shown.len() {
            self.selected = index;
            return self.chosen();
        }
        Picked::Choosing
    }

    fn chosen(&self) -> Picked {
        match self.shown.get(self.selected) {
            Some(&index) => Picked::Chosen(self.choices[index].value.clone()),
            None => Picked::Choosing,
        }
    }

    fn move_by(&mut self, delta: isize) {
        self.selected = moved(self.selected, delta, self.shown.len());
        self.offset = offset_for(self.selected, self.offset, PICKER_ROWS as usize);
    }

    fn refilter(&mut self) {
        let wanted = fold(self.filter.text().trim());
        self.shown = (0..self.choices.len())
            .filter(|&index| {
                let choice = &self.choices[index];
                fold(&choice.label).contains(&wanted) || fold(&choice.detail).contains(&wanted)
            })
            .collect();
        self.selected = 0;
        self.offset = 0;
    }

    fn area(&self, area: Rect) -> Rect {
        let rows = (self.shown.len() as u16).clamp(1, PICKER_ROWS);
        super::centred(area, 60, rows + 3)
    }

    /// Draws the picker over `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = self.area(area);
        let title = format!(" {} ", self.title);
        let inner = super::draw_popup(frame, popup, &title, theme.border(), theme);
        if inner.height == 0 {
            return;
        }
        let filter_area = Rect { height: 1, ..inner };
        self.filter.draw(frame, filter_area, "› ", true, theme);
        self.draw_choices(frame, inner, theme);
        if self.shown.is_empty() && inner.height > 1 {
            let none = Line::styled("nothing matches", theme.quiet());
            frame.render_widget(
                none,
                Rect {
                    y: inner.y + 1,
                    height: 1,
                    ..inner
                },
            );
        }
    }

    fn draw_choices(&self, frame: &mut Frame, inner: Rect, theme: Theme) {
        let width = inner.width as usize;
        // Details line up in a column after the longest label that fits.
        let label_width = self
            .choices
            .iter()
            .map(|choice| unicode_width::UnicodeWidthStr::width(choice.label.as_str()))
            .max()
            .unwrap_or(0)
            .min(width / 2);
        let rows = self.shown.iter().skip(self.offset).enumerate();
        for (row, &index) in rows.take(inner.height.saturating_sub(1) as usize) {
            let choice = &self.choices[index];
            let label = format!("{:<label_width$}", fit(&choice.label, label_width));
            let detail = Span::styled(format!("  {}", choice.detail), theme.quiet());
            let mut line = super::text::fit_line(Line::from(vec![Span::raw(label), detail]), width);
            if self.offset + row == self.selected {
                line = line.style(theme.selected());
            }
            let y = inner.y + 1 + row as u16;
            frame.render_widget(
                line,
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_narrows_and_enter_chooses() {
        let choices = vec![
            Choice::new("England", "england", ""),
            Choice::new("Wales", "wales", "Cymru"),
        ];
        let mut picker = Picker::new("Nation", choices);
        assert_eq!(
            picker.handle_key(&key(KeyCode::Char('c'))),
            Picked::Choosing
        );
        assert_eq!(
            picker.handle_key(&key(KeyCode::Enter)),
            Picked::Chosen("wales".into())
        );
        assert_eq!(picker.handle_key(&key(KeyCode::Esc)), Picked::Cancelled);
    }
}
