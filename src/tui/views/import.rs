//! Importing a sync file from the screen, in a popup that goes through
//! stages: choose the file, wait while kith checks it, read what importing
//! would change (what `kith import --dry-run` prints), then import it or
//! not. A file that would delete or erase more than a fifth of the store
//! asks once more, in the words `kith import` uses at a terminal.
//!
//! The popup only says what the user wants; the app checks the file (on a
//! job, see [`crate::tui::jobs`]) and applies it.

use crate::sync::report::large_loss_question;
use crate::sync::ImportReport;
use crate::tui::jobs::{CheckedImport, JobId};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::{self, Answer};
use crate::tui::widgets::file_chooser::{Chosen, FileChooser};
use crate::tui::widgets::text::{fit_line, wrap};
use crate::tui::widgets::{centred, draw_popup};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;
use std::path::{Path, PathBuf};

/// The extensions of the files listed: `kith sync` writes `.kith`, and
/// sync files are JSON Lines.
pub const SYNC_EXTENSIONS: &[&str] = &["kith", "jsonl"];

/// How far Page Up and Page Down scroll the preview.
const PAGE: isize = 10;

/// Where the import has got to.
#[derive(Debug)]
enum Stage {
    /// Choosing the file.
    Choosing(FileChooser),
    /// The file is being checked by job `job`.
    Checking { path: PathBuf, job: JobId },
    /// What importing would change, from line `scroll`.
    Preview {
        checked: Box<CheckedImport>,
        scroll: usize,
    },
    /// Asking whether to go on with a large loss.
    ConfirmLoss { checked: Box<CheckedImport> },
    /// Waiting for the app to import, the loss asked about or not needed.
    Applying {
        checked: Box<CheckedImport>,
        loss_confirmed: bool,
    },
    /// Job `job` is importing what `label` names.
    Importing { label: String, job: JobId },
    /// The file was refused, or importing failed; nothing changed.
    Refused { problem: String },
}

/// What the app should do after a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportStep {
    /// Nothing: keep the popup as it is now.
    Stay,
    /// Check this file, then call [`ImportPopup::checked`].
    Check(PathBuf),
    /// Close the popup; nothing was imported.
    Cancel,
}

/// The import popup.
#[derive(Debug)]
pub struct ImportPopup {
    stage: Stage,
}

impl ImportPopup {
    /// A popup choosing a sync file, starting in `folder`.
    pub fn new(folder: &Path) -> ImportPopup {
        let chooser = FileChooser::new("Import a sync file", folder, SYNC_EXTENSIONS);
        ImportPopup {
            stage: Stage::Choosing(chooser),
        }
    }

    /// Notes that job `job` is checking `path`.
    pub fn checking(&mut self, path: PathBuf, job: JobId) {
        self.stage = Stage::Checking { path, job };
    }

    /// Whether the popup waits for job `job`.
    pub fn waits_for(&self, job: JobId) -> bool {
        match self.stage {
            Stage::Checking { job: waited, .. } | Stage::Importing { job: waited, .. } => {
                waited == job
            }
            _ => false,
        }
    }

    /// Whether a job is importing the files agreed to.
    pub fn is_importing(&self) -> bool {
        matches!(self.stage, Stage::Importing { .. })
    }

    /// Whether a job is checking the file.
    pub fn is_checking(&self) -> bool {
        matches!(self.stage, Stage::Checking { .. })
    }

    /// Shows the outcome of the check: the preview, or why the file was
    /// refused.
    pub fn checked(&mut self, outcome: Result<Box<CheckedImport>, String>) {
        self.stage = match outcome {
            Ok(checked) => Stage::Preview { checked, scroll: 0 },
            Err(problem) => Stage::Refused { problem },
        };
    }

    /// Shows why importing failed.
    pub fn failed(&mut self, problem: String) {
        self.stage = Stage::Refused { problem };
    }

    /// Whether the user has said to import, so the app should now.
    pub fn is_applying(&self) -> bool {
        matches!(self.stage, Stage::Applying { .. })
    }

    /// The files to import and whether a large loss was agreed to, taken
    /// out for job `job` to import; the popup then says so until the job
    /// ends.
    pub fn start_import(&mut self, job: JobId) -> Option<(Box<CheckedImport>, bool)> {
        match std::mem::replace(&mut self.stage, placeholder()) {
            Stage::Applying {
                checked,
                loss_confirmed,
            } => {
                let label = files_label(&checked.report);
                self.stage = Stage::Importing { label, job };
                Some((checked, loss_confirmed))
            }
            other => {
                self.stage = other;
                None
            }
        }
    }

    /// Handles a key.
    pub fn handle_key(&mut self, key: &KeyEvent) -> ImportStep {
        match &mut self.stage {
            Stage::Choosing(chooser) => match chooser.handle_key(key) {
                Chosen::Choosing => ImportStep::Stay,
                Chosen::File(path) => ImportStep::Check(path),
                Chosen::Cancelled => ImportStep::Cancel,
            },
            Stage::Checking { .. } | Stage::Applying { .. } => match key.code {
                // The check goes on, but its outcome is dropped.
                KeyCode::Esc => ImportStep::Cancel,
                _ => ImportStep::Stay,
            },
            Stage::Preview { scroll, .. } => match key.code {
                KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') => self.agree(),
                KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Char('q') => {
                    ImportStep::Cancel
                }
                _ => {
                    *scroll = scroll.saturating_add_signed(scroll_step(key));
                    ImportStep::Stay
                }
            },
            Stage::ConfirmLoss { .. } => match confirm::answer(key) {
                Answer::Waiting => ImportStep::Stay,
                Answer::No => ImportStep::Cancel,
                Answer::Yes => self.apply(true),
            },
            // An import under way cannot be called back: it is one
            // transaction, and its outcome is shown when it ends.
            Stage::Importing { .. } => ImportStep::Stay,
            Stage::Refused { .. } => ImportStep::Cancel,
        }
    }

    /// Scrolls the preview by `delta` lines, for the mouse wheel.
    pub fn scroll_by(&mut self, delta: isize) {
        if let Stage::Preview { scroll, .. } = &mut self.stage {
            *scroll = scroll.saturating_add_signed(delta);
        }
    }

    /// Enter on the preview: import, or first ask about a large loss.
    fn agree(&mut self) -> ImportStep {
        let large = match &self.stage {
            Stage::Preview { checked, .. } => checked.report.is_large_loss(),
            _ => return ImportStep::Stay,
        };
        if !large {
            return self.apply(false);
        }
        let stage = std::mem::replace(&mut self.stage, placeholder());
        if let Stage::Preview { checked, .. } = stage {
            self.stage = Stage::ConfirmLoss { checked };
        }
        ImportStep::Stay
    }

    fn apply(&mut self, loss_confirmed: bool) -> ImportStep {
        let stage = std::mem::replace(&mut self.stage, placeholder());
        self.stage = match stage {
            Stage::Preview { checked, .. } | Stage::ConfirmLoss { checked } => Stage::Applying {
                checked,
                loss_confirmed,
            },
            other => other,
        };
        ImportStep::Stay
    }

    /// Draws the popup over `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        match &self.stage {
            Stage::Choosing(chooser) => chooser.draw(frame, area, theme),
            Stage::Checking { path, .. } => {
                let text = format!("Checking {}…", file_label(path));
                draw_note(frame, area, " Import ", &text, "esc cancel", theme);
            }
            Stage::Applying { checked, .. } => {
                let text = format!("Importing {}…", files_label(&checked.report));
                draw_note(frame, area, " Import ", &text, "", theme);
            }
            Stage::Importing { label, .. } => {
                let text = format!("Importing {label}…");
                draw_note(frame, area, " Import ", &text, "", theme);
            }
            Stage::Preview { checked, scroll } => {
                draw_preview(frame, area, &checked.report, *scroll, theme)
            }
            Stage::ConfirmLoss { checked } => {
                let total = &checked.report.total;
                let live = checked.report.live_before;
                let question = large_loss_question(total.deleted, total.erased, live);
                confirm::draw(frame, area, &question, theme);
            }
            Stage::Refused { problem } => draw_refusal(frame, area, problem, theme),
        }
    }
}

/// A stage that stands in while the real one is moved.
fn placeholder() -> Stage {
    Stage::Refused {
        problem: String::new(),
    }
}

/// The lines a key scrolls the preview by.
fn scroll_step(key: &KeyEvent) -> isize {
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => 1,
        KeyCode::Char('k') | KeyCode::Up => -1,
        KeyCode::PageDown | KeyCode::Char(' ') => PAGE,
        KeyCode::PageUp => -PAGE,
        KeyCode::Home | KeyCode::Char('g') => isize::MIN / 2,
        _ => 0,
    }
}

/// A file's name, or its whole path if it has none.
fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into(),
    )
}

/// The names of the files of a report, for a line.
fn files_label(report: &ImportReport) -> String {
    let names: Vec<String> = report
        .files
        .iter()
        .map(|file| file_label(&file.file))
        .collect();
    names.join(", ")
}

/// The preview's lines at `width`: each file's line and conflicts, as
/// `kith import --dry-run` prints them, then what to know before saying
/// yes.
pub fn preview_lines(report: &ImportReport, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    // Lines that go on are indented a little more than their first, so
    // that each conflict stands out as one.
    let mut add = |text: &str, indent: usize, style: Style| {
        if text.is_empty() {
            lines.push(Line::raw(""));
        }
        for (index, part) in wrap(text, width.saturating_sub(indent + 2))
            .iter()
            .enumerate()
        {
            let indent = if index == 0 { indent } else { indent + 2 };
            lines.push(Line::styled(format!("{}{part}", " ".repeat(indent)), style));
        }
    };
    add(
        "Nothing has changed yet. Importing would give:",
        0,
        theme.quiet(),
    );
    add("", 0, Style::default());
    // The counts and conflicts are `kith import`'s; the file is named
    // without its folder, which the chooser showed, to leave room.
    for file in &report.files {
        let from = format!(
            "{} (from {}, written {}):",
            file_label(&file.file),
            file.centre,
            file.written_at
        );
        add(&from, 0, theme.heading());
        add(&file.counts(), 2, Style::default());
        for conflict in &file.summary.conflicts {
            add(&conflict.describe(), 2, Style::default());
        }
    }
    let total = &report.total;
    if total.new + total.updated + total.deleted + total.erased == 0 {
        add(
            "Nothing would change: this store has it all.",
            0,
            theme.quiet(),
        );
    }
    if report.is_large_loss() {
        let warning = format!(
            "It would delete {} and erase {} of the {} records here, more than a fifth; \
             kith will ask again.",
            total.deleted, total.erased, report.live_before
        );
        add(&warning, 0, theme.error());
    }
    lines
}

fn draw_preview(frame: &mut Frame, area: Rect, report: &ImportReport, scroll: usize, theme: Theme) {
    let width = area.width.min(76).saturating_sub(2) as usize;
    let lines = preview_lines(report, width, theme);
    let popup = centred(area, 76, lines.len() as u16 + 3);
    let inner = draw_popup(frame, popup, " Import preview ", theme.border(), theme);
    if inner.height == 0 {
        return;
    }
    let room = inner.height.saturating_sub(1) as usize;
    let start = scroll.min(lines.len().saturating_sub(room));
    for (offset, line) in lines.into_iter().skip(start).take(room).enumerate() {
        let row = Rect {
            y: inner.y + offset as u16,
            height: 1,
            ..inner
        };
        frame.render_widget(fit_line(line, inner.width as usize), row);
    }
    let footer = "enter/y import · esc/n cancel · j/k scroll";
    draw_footer(frame, inner, footer, theme);
}

fn draw_refusal(frame: &mut Frame, area: Rect, problem: &str, theme: Theme) {
    let width = area.width.min(58).saturating_sub(2) as usize;
    let mut lines: Vec<Line<'static>> = wrap(problem, width)
        .into_iter()
        .map(|part| Line::styled(part, theme.error()))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::raw("The store was not changed."));
    let popup = centred(area, 58, lines.len() as u16 + 3);
    let inner = draw_popup(frame, popup, " Not imported ", theme.error(), theme);
    for (offset, line) in lines.into_iter().take(inner.height as usize).enumerate() {
        let row = Rect {
            y: inner.y + offset as u16,
            height: 1,
            ..inner
        };
        frame.render_widget(fit_line(line, inner.width as usize), row);
    }
    draw_footer(frame, inner, "any key closes", theme);
}

/// A small box saying what is happening.
fn draw_note(frame: &mut Frame, area: Rect, title: &str, text: &str, keys: &str, theme: Theme) {
    let popup = centred(area, 58, 4);
    let inner = draw_popup(frame, popup, title, theme.border(), theme);
    let line = fit_line(Line::raw(text.to_string()), inner.width as usize);
    frame.render_widget(line, Rect { height: 1, ..inner });
    draw_footer(frame, inner, keys, theme);
}

/// The keys, on the last line inside a box.
fn draw_footer(frame: &mut Frame, inner: Rect, keys: &str, theme: Theme) {
    if inner.height < 2 {
        return;
    }
    let row = Rect {
        y: inner.bottom() - 1,
        height: 1,
        ..inner
    };
    let line = fit_line(
        Line::styled(keys.to_string(), theme.quiet()),
        row.width as usize,
    );
    frame.render_widget(line, row);
}
