//! A yes-or-no question in a popup, asked before anything is deleted or
//! merged, or before an import that loses much of the store.

use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// The answer so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Not answered yet.
    Waiting,
    /// Yes.
    Yes,
    /// No, or Esc.
    No,
}

/// Reads a key as an answer: `y` is yes; `n`, Esc and `q` are no. Other
/// keys are ignored so that a stray key never deletes anything.
pub fn answer(key: &KeyEvent) -> Answer {
    match key.code {
        KeyCode::Char('y') | KeyCode::Char('Y') => Answer::Yes,
        KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Char('q') | KeyCode::Esc => Answer::No,
        _ => Answer::Waiting,
    }
}

/// Draws `question` with the keys that answer it.
pub fn draw(frame: &mut Frame, area: Rect, question: &str, theme: Theme) {
    // The question's lines, a blank line, the keys and the border; never
    // less than the seven rows a short question has always had.
    let question_lines = super::text::wrap(question, 54).len() as u16;
    let popup = super::centred(area, 56, (question_lines + 4).max(7));
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.error())
        .title(Span::styled(" Are you sure? ", theme.heading()));
    let text = vec![
        Line::raw(question.to_string()),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(" yes   "),
            Span::styled("n", theme.key()),
            Span::raw("/"),
            Span::styled("esc", theme.key()),
            Span::raw(" no"),
        ]),
    ];
    let paragraph = Paragraph::new(text).block(block).wrap(Wrap { trim: true });
    frame.render_widget(paragraph, popup);
}
