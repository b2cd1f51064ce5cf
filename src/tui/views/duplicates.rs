//! The duplicates: pairs of people or organisations that look entered
//! twice, as a queue shown one pair at a time, the two records side by
//! side (one above the other on a narrow screen) so they can be compared
//! field by field before merging or dismissing them.
//!
//! The pairs are found by a job (see [`crate::tui::jobs`]), and the app
//! merges and dismisses them through `sync` and `store`; this view holds
//! the queue, loads the two records shown and draws them.

use super::detail::Detail;
use crate::model::Date;
use crate::store::Store;
use crate::sync::{Duplicate, DuplicateReview};
use crate::tui::jobs::JobId;
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::moved;
use crate::tui::widgets::text::{fit_line, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// The width from which the two records stand side by side.
const SIDE_BY_SIDE_MIN_WIDTH: u16 = 60;

/// What the view has to show.
#[derive(Debug)]
enum State {
    /// Job `job` is looking for the pairs.
    Looking { job: JobId },
    /// Looking failed, for this reason.
    Failed(String),
    /// The pairs, one of them shown.
    Ready(Queue),
}

/// The pairs left to review, and the one shown.
#[derive(Debug, Default)]
struct Queue {
    pairs: Vec<Duplicate>,
    /// How many pairs found were left out as dismissed.
    dismissed: usize,
    index: usize,
    /// Boxed: two records in full are large beside the other states.
    shown: Option<Box<Shown>>,
}

/// The two records of the pair shown, loaded in full.
#[derive(Debug)]
struct Shown {
    keep: Detail,
    fold: Detail,
}

/// The duplicates view.
#[derive(Debug)]
pub struct DuplicateQueue {
    state: State,
}

impl DuplicateQueue {
    /// A view waiting for job `job` to find the pairs.
    pub fn looking(job: JobId) -> DuplicateQueue {
        DuplicateQueue {
            state: State::Looking { job },
        }
    }

    /// Whether the view waits for job `job`.
    pub fn waits_for(&self, job: JobId) -> bool {
        matches!(self.state, State::Looking { job: waited } if waited == job)
    }

    /// Whether the pairs are still being looked for.
    pub fn is_looking(&self) -> bool {
        matches!(self.state, State::Looking { .. })
    }

    /// Takes the pairs found, or why none could be.
    pub fn found(&mut self, outcome: Result<DuplicateReview, String>) {
        self.state = match outcome {
            Ok(review) => State::Ready(Queue {
                pairs: review.pairs,
                dismissed: review.dismissed.len(),
                ..Queue::default()
            }),
            Err(problem) => State::Failed(problem),
        };
    }

    /// The pair shown.
    pub fn current(&self) -> Option<&Duplicate> {
        match &self.state {
            State::Ready(queue) => queue.pairs.get(queue.index),
            _ => None,
        }
    }

    /// How many pairs are left to review.
    pub fn len(&self) -> usize {
        match &self.state {
            State::Ready(queue) => queue.pairs.len(),
            _ => 0,
        }
    }

    /// Whether no pair is left to review (or none is known yet).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves `delta` pairs along, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        if let State::Ready(queue) = &mut self.state {
            queue.index = moved(queue.index, delta, queue.pairs.len());
        }
    }

    /// Scrolls both records shown by `delta` rows.
    pub fn scroll_by(&mut self, delta: isize) {
        if let State::Ready(Queue {
            shown: Some(shown), ..
        }) = &mut self.state
        {
            shown.keep.scroll_by(delta);
            shown.fold.scroll_by(delta);
        }
    }

    /// Takes the pair shown off the queue after it was dismissed.
    pub fn dismissed_current(&mut self) {
        if let State::Ready(queue) = &mut self.state {
            if queue.index < queue.pairs.len() {
                queue.pairs.remove(queue.index);
                queue.dismissed += 1;
                queue.index = queue.index.min(queue.pairs.len().saturating_sub(1));
                queue.shown = None;
            }
        }
    }

    /// Takes every pair with record `id` off the queue, after that record
    /// was merged into another and so is gone; the pair that followed the
    /// one shown is shown next.
    pub fn forget_record(&mut self, id: &str) {
        let State::Ready(queue) = &mut self.state else {
            return;
        };
        let shown_at = queue.index;
        let mut position = 0;
        let mut kept_before = 0;
        queue.pairs.retain(|pair| {
            let keep = pair.keep.id != id && pair.fold.id != id;
            if keep && position < shown_at {
                kept_before += 1;
            }
            position += 1;
            keep
        });
        queue.index = kept_before.min(queue.pairs.len().saturating_sub(1));
        queue.shown = None;
    }

    /// Loads the records of the pair shown, unless they are loaded; with
    /// `again`, loads them anew (after a merge changed one).
    pub fn load_current(&mut self, store: &Store, theme: Theme, today: Date, again: bool) {
        let State::Ready(queue) = &mut self.state else {
            return;
        };
        let Some(pair) = queue.pairs.get(queue.index) else {
            queue.shown = None;
            return;
        };
        let loaded = queue
            .shown
            .as_ref()
            .is_some_and(|shown| shown.keep.id == pair.keep.id && shown.fold.id == pair.fold.id);
        if loaded && !again {
            return;
        }
        let keep = Detail::load(store, &pair.keep.id, theme, today);
        let fold = Detail::load(store, &pair.fold.id, theme, today);
        queue.shown = match (keep, fold) {
            (Ok(keep), Ok(fold)) => Some(Box::new(Shown { keep, fold })),
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "cannot load a pair of duplicates");
                None
            }
        };
    }

    /// Draws the view into `body`.
    pub fn draw(&self, frame: &mut Frame, body: Rect, theme: Theme) {
        if body.height == 0 {
            return;
        }
        let title = Rect { height: 1, ..body };
        let rest = Rect {
            y: body.y + 1,
            height: body.height - 1,
            ..body
        };
        match &self.state {
            State::Looking { .. } => {
                draw_title(frame, title, vec![], theme);
                let note = "Looking for duplicates…";
                draw_text(frame, rest, note, theme.quiet());
            }
            State::Failed(problem) => {
                draw_title(frame, title, vec![], theme);
                let text = format!("Cannot look for duplicates: {problem}");
                draw_text(frame, rest, &text, theme.error());
            }
            State::Ready(queue) => queue.draw(frame, title, rest, theme),
        }
    }
}

impl Queue {
    fn draw(&self, frame: &mut Frame, title: Rect, rest: Rect, theme: Theme) {
        let mut parts = Vec::new();
        if let Some(pair) = self.pairs.get(self.index) {
            let position = format!("pair {} of {}", self.index + 1, self.pairs.len());
            parts.push(Span::styled(position, theme.heading()));
            parts.push(Span::styled(format!(" · {}", pair.reason), theme.quiet()));
        }
        if self.dismissed > 0 {
            let separator = if parts.is_empty() { "" } else { " · " };
            let left_out = format!("{separator}{} dismissed left out", self.dismissed);
            parts.push(Span::styled(left_out, theme.quiet()));
        }
        draw_title(frame, title, parts, theme);
        match &self.shown {
            Some(shown) => shown.draw(frame, rest, theme),
            None if self.pairs.is_empty() => {
                let text = "No pairs to review: no two people or organisations here look \
                            entered twice, or every pair that does was dismissed.";
                draw_text(frame, rest, text, theme.quiet());
            }
            None => draw_text(
                frame,
                rest,
                "Cannot show this pair; see the log.",
                theme.error(),
            ),
        }
    }
}

impl Shown {
    /// The two records with a heading each: side by side with a rule
    /// between, or one above the other on a narrow screen.
    fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let (keep_area, fold_area) = if area.width >= SIDE_BY_SIDE_MIN_WIDTH {
            let left = (area.width - 1) / 2;
            draw_rule(
                frame,
                Rect::new(area.x + left, area.y, 1, area.height),
                theme,
            );
            let keep = Rect {
                width: left,
                ..area
            };
            let fold = Rect {
                x: area.x + left + 1,
                width: area.width - left - 1,
                ..area
            };
            (keep, fold)
        } else {
            let top = area.height / 2;
            let keep = Rect {
                height: top,
                ..area
            };
            let fold = Rect {
                y: area.y + top,
                height: area.height - top,
                ..area
            };
            (keep, fold)
        };
        draw_record(frame, keep_area, "Kept (entered first)", &self.keep, theme);
        draw_record(frame, fold_area, "Merged into it", &self.fold, theme);
    }
}

/// A heading, then the record below it.
fn draw_record(frame: &mut Frame, area: Rect, heading: &str, detail: &Detail, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let line = Line::styled(heading.to_string(), theme.chip());
    frame.render_widget(
        fit_line(line, area.width as usize),
        Rect { height: 1, ..area },
    );
    let record = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    detail.draw(frame, record, false, theme);
}

fn draw_rule(frame: &mut Frame, area: Rect, theme: Theme) {
    for y in area.y..area.bottom() {
        let cell = Rect::new(area.x, y, 1, 1);
        frame.render_widget(Span::styled("│", theme.border()), cell);
    }
}

/// `Duplicates › ` and what follows it on the first line.
fn draw_title(frame: &mut Frame, area: Rect, parts: Vec<Span<'static>>, theme: Theme) {
    let mut spans = vec![Span::styled("Duplicates", theme.heading())];
    if !parts.is_empty() {
        spans.push(Span::styled(" › ", theme.quiet()));
        spans.extend(parts);
    }
    let line = fit_line(Line::from(spans), area.width as usize);
    frame.render_widget(line, area);
}

/// Text wrapped to the width, from the second line of `area`.
fn draw_text(frame: &mut Frame, area: Rect, text: &str, style: ratatui::style::Style) {
    let lines = wrap(text, area.width as usize);
    let rows = area.height.saturating_sub(1) as usize;
    for (offset, line) in lines.into_iter().take(rows).enumerate() {
        let row = Rect {
            y: area.y + 1 + offset as u16,
            height: 1,
            ..area
        };
        frame.render_widget(Line::styled(line, style), row);
    }
}
