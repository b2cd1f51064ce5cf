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

use ratatui::layout::Rect;

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
