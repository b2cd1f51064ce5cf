//! A popup form: labelled one-line fields, moved between with Tab and the
//! arrows, sent with Enter on the last field or Ctrl-S. What the values
//! mean, and whether they are acceptable, is for the caller (`ops`).
//!
//! A field may complete: the caller finds suggestions for what is typed
//! (see [`crate::tui::completion`]) and hands them to the form, which
//! shows them under the field; while they show, the arrows move among
//! them, Tab or Enter takes one, and Esc hides them.

use super::input::TextInput;
use super::text::fit;
use crate::tui::completion::{self, Source};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
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
    /// Where suggestions for it come from, if it completes.
    pub completion: Option<Source>,
}

impl FormField {
    /// A field holding `value`.
    pub fn new(name: &'static str, label: &'static str, value: &str, hint: &'static str) -> Self {
        FormField {
            name,
            label,
            input: TextInput::new(value),
            hint,
            completion: None,
        }
    }

    /// The same field, completing from `source`.
    pub fn completing(mut self, source: Option<Source>) -> Self {
        self.completion = source;
        self
    }

    /// The part of the text that suggestions are for.
    pub fn typed_item(&self) -> &str {
        let list = self.completion.is_some_and(Source::is_list);
        completion::typed_item(self.input.text(), list)
    }
}

/// What a key did to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStep {
    /// Still filling in.
    Editing,
    /// The text of the focused field changed: the caller may offer
    /// suggestions for it.
    Typed,
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
    /// Suggestions for the focused field; empty when none show.
    suggestions: Vec<String>,
    /// The suggestion Tab or Enter would take.
    highlighted: usize,
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
            suggestions: Vec::new(),
            highlighted: 0,
        }
    }

    /// The field being typed in.
    pub fn focused_field(&self) -> Option<&FormField> {
        self.fields.get(self.focus)
    }

    /// Shows `suggestions` under the focused field, the first highlighted.
    pub fn suggest(&mut self, suggestions: Vec<String>) {
        self.suggestions = suggestions;
        self.highlighted = 0;
    }

    /// The suggestions showing.
    pub fn suggestions(&self) -> &[String] {
        &self.suggestions
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
        if !self.suggestions.is_empty() {
            if let Some(step) = self.handle_suggestion_key(key) {
                return step;
            }
        }
        if let Some(movement) = TextInput::movement(key) {
            movement(self.focused());
            return FormStep::Editing;
        }
        let before = self.focus;
        let step = self.handle_field_key(key);
        // Suggestions belong to the field they were found for.
        if self.focus != before {
            self.suggest(Vec::new());
        }
        step
    }

    /// Keys that move between fields, send, cancel or edit the text.
    fn handle_field_key(&mut self, key: &KeyEvent) -> FormStep {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => FormStep::Cancel,
            KeyCode::Char('s') if control => FormStep::Submit,
            KeyCode::Enter if self.focus == last => FormStep::Submit,
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1).min(last);
                FormStep::Editing
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = self.focus.saturating_sub(1);
                FormStep::Editing
            }
            KeyCode::Backspace => self.edit(|input| {
                input.pop();
            }),
            KeyCode::Char('w') if control => self.edit(TextInput::pop_word),
            KeyCode::Char('u') if control => self.edit(TextInput::clear),
            KeyCode::Char(c) if !control => self.edit(|input| input.push(c)),
            _ => FormStep::Editing,
        }
    }

    /// Keys that act on the suggestions showing; `None` for keys that go
    /// on to the field.
    fn handle_suggestion_key(&mut self, key: &KeyEvent) -> Option<FormStep> {
        let count = self.suggestions.len();
        match key.code {
            KeyCode::Tab | KeyCode::Enter => self.accept_suggestion(),
            KeyCode::Down => self.highlighted = (self.highlighted + 1) % count,
            KeyCode::Up => self.highlighted = (self.highlighted + count - 1) % count,
            KeyCode::Esc => self.suggest(Vec::new()),
            _ => return None,
        }
        Some(FormStep::Editing)
    }

    /// Puts the highlighted suggestion in place of what was being typed.
    fn accept_suggestion(&mut self) {
        let suggestions = std::mem::take(&mut self.suggestions);
        let Some(chosen) = suggestions.get(self.highlighted) else {
            return;
        };
        let field = &mut self.fields[self.focus];
        let list = field.completion.is_some_and(Source::is_list);
        let text = completion::with_item_replaced(field.input.text(), list, chosen);
        field.input = TextInput::new(&text);
    }

    /// Changes the focused field's text.
    fn edit(&mut self, change: impl FnOnce(&mut TextInput)) -> FormStep {
        change(self.focused());
        FormStep::Typed
    }

    fn focused(&mut self) -> &mut TextInput {
        &mut self.fields[self.focus].input
    }

    /// Draws the form over `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let error_lines = self.error_lines().len() as u16;
        let height = self.fields.len() as u16 + 4 + error_lines.max(1);
        let popup = super::centred(area, FORM_WIDTH, height);
        let title = format!(" {} ", self.title);
        let inner = super::draw_popup(frame, popup, &title, theme.border(), theme);
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
        self.draw_suggestions(frame, area, inner, theme);
    }

    /// Draws the suggestions under the focused field, over the rows below
    /// it (labels too, so that no label seems to own a suggestion), as far
    /// down as `area` allows. They line up with the field's text.
    fn draw_suggestions(&self, frame: &mut Frame, area: Rect, inner: Rect, theme: Theme) {
        let indent = LABEL_WIDTH as u16 - 1;
        let room = inner.width.saturating_sub(indent + 1) as usize;
        let first_row = inner.y + self.focus as u16 + 1;
        for (index, suggestion) in self.suggestions.iter().enumerate() {
            let y = first_row + index as u16;
            if y >= area.bottom() {
                break;
            }
            // A marker as well as reverse video, so that the highlighted
            // one shows without colour too.
            let (marker, style) = match index == self.highlighted {
                true => ("›", theme.selected()),
                false => (" ", Style::new()),
            };
            let line = Line::from(vec![
                Span::raw(" ".repeat(indent as usize)),
                Span::styled(format!("{marker}{:<room$}", fit(suggestion, room)), style),
            ]);
            let row = Rect::new(inner.x, y, inner.width, 1);
            frame.render_widget(Clear, row);
            frame.render_widget(line, row);
        }
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
        let help = match self.suggestions.is_empty() {
            true => Self::help_line(theme),
            false => Self::suggestion_help_line(theme),
        };
        frame.render_widget(
            help,
            Rect {
                y: bottom - 1,
                height: 1,
                ..inner
            },
        );
        self.draw_errors(frame, inner, theme);
    }

    /// The keys of the form.
    fn help_line(theme: Theme) -> Line<'static> {
        Line::from(vec![
            Span::styled("tab", theme.key()),
            Span::raw(" next  "),
            Span::styled("enter", theme.key()),
            Span::raw(" next/save  "),
            Span::styled("ctrl-s", theme.key()),
            Span::raw(" save  "),
            Span::styled("esc", theme.key()),
            Span::raw(" cancel"),
        ])
    }

    /// The keys of the suggestions, while they show.
    fn suggestion_help_line(theme: Theme) -> Line<'static> {
        Line::from(vec![
            Span::styled("tab", theme.key()),
            Span::raw("/"),
            Span::styled("enter", theme.key()),
            Span::raw(" take suggestion  "),
            Span::styled("↑↓", theme.key()),
            Span::raw(" choose  "),
            Span::styled("esc", theme.key()),
            Span::raw(" hide"),
        ])
    }

    fn draw_errors(&self, frame: &mut Frame, inner: Rect, theme: Theme) {
        let bottom = inner.bottom();
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
