//! A one-line text box: what the user has typed, and a cursor that moves
//! within it, so that a long query can be fixed without retyping its end.

use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Text typed into a box, with a cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Where typing goes, as a byte offset that is always on a character
    /// boundary of `text` (every change below keeps it so).
    cursor: usize,
}

impl TextInput {
    /// A box holding `text`, the cursor at its end.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    /// What is typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many characters come before the cursor.
    pub fn cursor(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    /// Puts a character at the cursor.
    pub fn push(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Removes the character before the cursor; false if there was none.
    pub fn pop(&mut self) -> bool {
        let Some(previous) = self.text[..self.cursor].chars().next_back() else {
            return false;
        };
        self.cursor -= previous.len_utf8();
        self.text.remove(self.cursor);
        true
    }

    /// Removes the word before the cursor and the spaces after that word.
    pub fn pop_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        let start = trimmed
            .rfind(char::is_whitespace)
            .map_or(0, |index| index + 1);
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Empties the box.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Moves the cursor one character left.
    pub fn move_left(&mut self) {
        if let Some(previous) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= previous.len_utf8();
        }
    }

    /// Moves the cursor one character right.
    pub fn move_right(&mut self) {
        if let Some(next) = self.text[self.cursor..].chars().next() {
            self.cursor += next.len_utf8();
        }
    }

    /// Moves the cursor before the first character.
    pub fn move_home(&mut self) {
        self.cursor = 0;
    }

    /// Moves the cursor after the last character.
    pub fn move_end(&mut self) {
        self.cursor = self.text.len();
    }

    /// The cursor movement `key` asks for, if any: the arrows, Home and
    /// End, and Ctrl-A and Ctrl-E as in a shell.
    pub fn movement(key: &KeyEvent) -> Option<fn(&mut TextInput)> {
        let only_control = key.modifiers == KeyModifiers::CONTROL;
        match key.code {
            KeyCode::Left => Some(TextInput::move_left),
            KeyCode::Right => Some(TextInput::move_right),
            KeyCode::Home => Some(TextInput::move_home),
            KeyCode::End => Some(TextInput::move_end),
            KeyCode::Char('a') if only_control => Some(TextInput::move_home),
            KeyCode::Char('e') if only_control => Some(TextInput::move_end),
            _ => None,
        }
    }

    /// Draws `label` and the text on one line; with `focused`, puts the
    /// terminal's cursor at the box's cursor. Text too long to fit is
    /// scrolled so that the cursor shows.
    pub fn draw(&self, frame: &mut Frame, area: Rect, label: &str, focused: bool, theme: Theme) {
        let room = (area.width as usize).saturating_sub(label.width() + 1);
        let start = scroll_start(&self.text, self.cursor, room);
        let shown = head_fitting(&self.text[start..], room);
        let label_style = if focused { theme.key() } else { theme.quiet() };
        let line = Line::from(vec![
            Span::styled(label.to_string(), label_style),
            Span::raw(shown.to_string()),
        ]);
        frame.render_widget(line, area);
        if focused {
            let before_cursor = label.width() + self.text[start..self.cursor].width();
            let x = area.x + before_cursor.min(area.width as usize - 1) as u16;
            frame.set_cursor_position(Position { x, y: area.y });
        }
    }
}

/// Where to start showing `text` in `width` columns so that the cursor
/// (at byte `cursor`) has a column: as early as possible.
fn scroll_start(text: &str, cursor: usize, width: usize) -> usize {
    let mut start = 0;
    while start < cursor && text[start..cursor].width() >= width.max(1) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    start
}

/// The start of `text` that fits in `width` columns.
fn head_fitting(text: &str, width: usize) -> &str {
    let mut end = text.len();
    while text[..end].width() > width {
        end -= text[..end].chars().next_back().map_or(1, char::len_utf8);
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_off_before_the_cursor() {
        let mut input = TextInput::new("Siân Lloyd  ");
        input.pop_word();
        assert_eq!(input.text(), "Siân ");
        input.pop_word();
        assert_eq!(input.text(), "");
        let mut input = TextInput::new("Siân Lloyd Cardiff");
        (0..7).for_each(|_| input.move_left());
        input.pop_word();
        assert_eq!((input.text(), input.cursor()), ("Siân Cardiff", 5));
    }

    #[test]
    fn typing_and_deleting_happen_at_the_cursor() {
        let mut input = TextInput::new("Sin");
        input.move_left();
        input.push('â');
        assert_eq!((input.text(), input.cursor()), ("Siân", 3));
        input.move_home();
        assert!(!input.pop());
        input.move_right();
        assert!(input.pop());
        assert_eq!((input.text(), input.cursor()), ("iân", 0));
        input.move_end();
        input.move_right();
        input.push('!');
        assert_eq!(input.text(), "iân!");
        input.clear();
        assert_eq!((input.text(), input.cursor()), ("", 0));
    }

    #[test]
    fn long_text_scrolls_to_show_the_cursor() {
        assert_eq!(scroll_start("abcdef", 6, 3), 4);
        assert_eq!(scroll_start("abcdef", 1, 3), 0);
        assert_eq!(head_fitting("abcdef", 3), "abc");
    }
}
