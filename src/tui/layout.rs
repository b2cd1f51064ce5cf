//! Where each part of the screen goes, as pure functions of the terminal's
//! size, shared by drawing and by mouse handling so that a click lands on
//! what was drawn there.

use ratatui::layout::Rect;

/// The width from which the search shows a detail pane beside the list.
pub const PREVIEW_MIN_WIDTH: u16 = 80;

/// The three bands of every screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The tab bar on the first line.
    pub tabs: Rect,
    /// Everything between.
    pub body: Rect,
    /// The message and hint line at the bottom.
    pub status: Rect,
}

/// Splits the whole terminal into tab bar, body and status line.
pub fn frame(area: Rect) -> Frame {
    let tabs = Rect {
        height: area.height.min(1),
        ..area
    };
    let status_y = area.bottom().saturating_sub(1).max(tabs.bottom());
    let status = Rect {
        y: status_y,
        height: area.height.saturating_sub(1).min(1),
        ..area
    };
    let body_height = area.height.saturating_sub(tabs.height + status.height);
    let body = Rect {
        y: tabs.bottom(),
        height: body_height,
        ..area
    };
    Frame { tabs, body, status }
}

/// The parts of a list tab: search box, filter chips, results, and the
/// detail pane when there is room for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListAreas {
    /// The search box.
    pub input: Rect,
    /// The filter chips.
    pub chips: Rect,
    /// The results.
    pub list: Rect,
    /// The detail of the selected result, on wide screens.
    pub preview: Option<Rect>,
}

/// Splits the body of a list tab.
pub fn list_areas(body: Rect) -> ListAreas {
    let input = Rect {
        height: body.height.min(1),
        ..body
    };
    let chips = Rect {
        y: input.bottom(),
        height: body.height.saturating_sub(1).min(1),
        ..body
    };
    let rest = Rect {
        y: chips.bottom(),
        height: body.height.saturating_sub(input.height + chips.height),
        ..body
    };
    if rest.width < PREVIEW_MIN_WIDTH {
        return ListAreas {
            input,
            chips,
            list: rest,
            preview: None,
        };
    }
    let list_width = (rest.width * 2 / 5).max(30);
    let list = Rect {
        width: list_width,
        ..rest
    };
    let preview = Rect {
        x: rest.x + list_width + 1,
        width: rest.width - list_width - 1,
        ..rest
    };
    ListAreas {
        input,
        chips,
        list,
        preview: Some(preview),
    }
}

/// The parts of the detail screen: breadcrumb and record.
pub fn detail_areas(body: Rect) -> (Rect, Rect) {
    let crumbs = Rect {
        height: body.height.min(1),
        ..body
    };
    let record = Rect {
        y: crumbs.bottom(),
        height: body.height.saturating_sub(1),
        ..body
    };
    (crumbs, record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_the_screen_at_any_size() {
        for (width, height) in [(80, 24), (200, 50), (10, 2), (0, 0), (1, 1)] {
            let parts = frame(Rect::new(0, 0, width, height));
            assert_eq!(
                parts.tabs.height + parts.body.height + parts.status.height,
                height
            );
            let list = list_areas(parts.body);
            assert!(list.list.bottom() <= parts.body.bottom().max(list.list.y));
        }
    }
}
