//! A popup form: labelled one-line fields, moved between with Tab and the
//! arrows, sent with Enter on the last field or Ctrl-S. What the values
//! mean, and whether they are acceptable, is for the caller (`ops`).

use super::input::TextInput;
use super::text::fit;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;

/// One field of a form.
#[derive(Clone, Debug)]
pub struct FormField {
    /// What the caller calls it (a field name of `kith edit --set`).
    pub name: &'static str,
    /// What the user reads.
    pub label: &'static str,
    /// What has been typed.
    pub input: TextInput,
    /// What to type, shown while the field is empty.
    pub hint: &'static str,
}

impl FormField {
    /// A field holding `value`.
    pub fn new(name: &'static str, label: &'static str, value: &str, hint: &'static str) -> Self {
        FormField {
            name,
            label,
            input: TextInput::new(value),
            hint,
        }
    }
}

/// What a key did to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStep {
    /// Still filling in.
    Editing,
    /// Send it.
    Submit,
    /// Give up.
    Cancel,
}

/// A form being filled in.
#[derive(Clone, Debug)]
pub struct Form {
    /// Shown on the border.
    pub title: String,
    /// The fields, in order.
    pub fields: Vec<FormField>,
    /// The field being typed in.
    pub focus: usize,
    /// Why the last attempt to send it was refused.
    pub error: Option<String>,
}

/// The width of the form, borders included, where the terminal allows.
const FORM_WIDTH: u16 = 72;

/// The width of the labels column.
const LABEL_WIDTH: usize = 14;

impl Form {
    /// A form titled `title`.
    pub fn new(title: String, fields: Vec<FormField>) -> Form {
        Form {
            title,
            fields,
            focus: 0,
            error: None,
        }
    }

    /// The text of field `name`, trimmed.
    pub fn value(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|field| field.name == name)
            .map_or("", |field| field.input.text().trim())
    }

    /// Handles a key.
    pub fn handle_key(&mut self, key: &KeyEvent) -> FormStep {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => return FormStep::Cancel,
            KeyCode::Char('s') if control => return FormStep::Submit,
            KeyCode::Enter if self.focus == last => return FormStep::Submit,
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1).min(last)
            }
            KeyCode::BackTab | KeyCode::Up => self.focus = self.focus.saturating_sub(1),
            KeyCode::Backspace => {
                self.focused().pop();
            }
            KeyCode::Char('w') if control => self.focused().pop_word(),
            KeyCode::Char('u') if control => self.focused().clear(),
            KeyCode::Char(c) if !control => self.focused().push(c),
            _ => {}
        }
        FormStep::Editing
    }

    fn focused(&mut self) -> &mut TextInput {
        &mut self.fields[self.focus].input
    }

    /// Draws the form over `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let error_lines = self.error_lines().len() as u16;
        let height = self.fields.len() as u16 + 4 + error_lines.max(1);
        let popup = super::centred(area, FORM_WIDTH, height);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(format!(" {} ", self.title), theme.heading()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        for (index, field) in self.fields.iter().enumerate() {
            let y = inner.y + index as u16;
            if y >= inner.bottom() {
                break;
            }
            self.draw_field(
                frame,
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                index,
                field,
                theme,
            );
        }
        self.draw_footer(frame, inner, theme);
    }

    fn draw_field(
        &self,
        frame: &mut Frame,
        row: Rect,
        index: usize,
        field: &FormField,
        theme: Theme,
    ) {
        let focused = index == self.focus;
        let label = format!(
            "{:<width$}",
            fit(field.label, LABEL_WIDTH - 1),
            width = LABEL_WIDTH
        );
        field.input.draw(frame, row, &label, focused, theme);
        if field.input.text().is_empty() {
            let hint_area = Rect {
                x: row.x + LABEL_WIDTH as u16 + 1,
                width: row.width.saturating_sub(LABEL_WIDTH as u16 + 1),
                ..row
            };
            let hint = fit(field.hint, hint_area.width as usize);
            frame.render_widget(Span::styled(hint, theme.quiet()), hint_area);
        }
    }

    fn draw_footer(&self, frame: &mut Frame, inner: Rect, theme: Theme) {
        let bottom = inner.bottom();
        if bottom < inner.y + 2 {
            return;
        }
        let help = Line::from(vec![
            Span::styled("tab", theme.key()),
            Span::raw(" next  "),
            Span::styled("enter", theme.key()),
            Span::raw(" next/save  "),
            Span::styled("ctrl-s", theme.key()),
            Span::raw(" save  "),
            Span::styled("esc", theme.key()),
            Span::raw(" cancel"),
        ]);
        frame.render_widget(
            help,
            Rect {
                y: bottom - 1,
                height: 1,
                ..inner
            },
        );
        let lines = self.error_lines();
        let first = bottom.saturating_sub(1 + lines.len() as u16).max(inner.y);
        for (offset, text) in lines.into_iter().enumerate() {
            let y = first + offset as u16;
            if y + 1 >= bottom {
                break;
            }
            let line = Line::styled(fit(&text, inner.width as usize), theme.error());
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

    /// Why the form was refused, wrapped to the form's width, at most
    /// three lines: messages name the value and what to do.
    fn error_lines(&self) -> Vec<String> {
        let Some(error) = &self.error else {
            return Vec::new();
        };
        let mut lines = super::text::wrap(error, FORM_WIDTH as usize - 2);
        lines.truncate(3);
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn enter_moves_on_then_submits_on_the_last_field() {
        let fields = vec![
            FormField::new("name", "Name", "", ""),
            FormField::new("role", "Role", "", ""),
        ];
        let mut form = Form::new("Add".into(), fields);
        form.handle_key(&key(KeyCode::Char('A')));
        assert_eq!(form.handle_key(&key(KeyCode::Enter)), FormStep::Editing);
        form.handle_key(&key(KeyCode::Char('B')));
        assert_eq!(form.handle_key(&key(KeyCode::Enter)), FormStep::Submit);
        assert_eq!((form.value("name"), form.value("role")), ("A", "B"));
    }
}
