//! Small drawing parts shared by the views: text cut to width, the search
//! box, popups (pickers, forms, confirmations, choosing a file), and list
//! scrolling.

pub mod confirm;
pub mod file_chooser;
pub mod form;
pub mod input;
pub mod picker;
pub mod scroll;
pub mod text;

use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;

/// Clears `popup`, draws its border in `border` with `title`, and gives
/// the area inside: how every popup starts.
pub fn draw_popup(
    frame: &mut Frame,
    popup: Rect,
    title: &str,
    border: Style,
    theme: Theme,
) -> Rect {
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(title.to_string(), theme.heading()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

/// A rectangle of at most `width` by `height` in the middle of `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
