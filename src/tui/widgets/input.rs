//! A one-line text box: what the user has typed, edited at its end.

use crate::tui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Text typed into a box. The cursor stays at the end: searches and form
/// fields are short, and typing at the end is what search-as-you-type
/// needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
}

impl TextInput {
    /// A box holding `text`.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
        }
    }

    /// What is typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Adds a character at the end.
    pub fn push(&mut self, c: char) {
        self.text.push(c);
    }

    /// Removes the last character; false if there was none.
    pub fn pop(&mut self) -> bool {
        self.text.pop().is_some()
    }

    /// Removes the last word and the spaces after it.
    pub fn pop_word(&mut self) {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        let start = self
            .text
            .rfind(char::is_whitespace)
            .map_or(0, |index| index + 1);
        self.text.truncate(start);
    }

    /// Empties the box.
    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// Draws `label` and the text on one line; with `focused`, puts the
    /// terminal's cursor after the text. Long text shows its end, where the
    /// typing happens.
    pub fn draw(&self, frame: &mut Frame, area: Rect, label: &str, focused: bool, theme: Theme) {
        let room = (area.width as usize).saturating_sub(label.width() + 1);
        let shown = tail_fitting(&self.text, room);
        let label_style = if focused { theme.key() } else { theme.quiet() };
        let line = Line::from(vec![
            Span::styled(label.to_string(), label_style),
            Span::raw(shown.clone()),
        ]);
        frame.render_widget(line, area);
        if focused {
            let x = area.x + (label.width() + shown.width()).min(area.width as usize - 1) as u16;
            frame.set_cursor_position(Position { x, y: area.y });
        }
    }
}

/// The end of `text` that fits in `width` columns.
fn tail_fitting(text: &str, width: usize) -> String {
    let mut start = 0;
    while text[start..].width() > width {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    text[start..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_off_the_end() {
        let mut input = TextInput::new("Siân Lloyd  ");
        input.pop_word();
        assert_eq!(input.text(), "Siân ");
        input.pop_word();
        assert_eq!(input.text(), "");
        assert_eq!(tail_fitting("abcdef", 3), "def");
    }
}
