//! Importing a sync file from the screen: the popup's choices become a
//! job that checks the file with a dry run, and, once the user agrees, a
//! job that imports it. Jobs' outcomes arrive here too.

use super::popups::Popup;
use super::App;
use crate::sync::{ImportReport, Mode};
use crate::tui::jobs::{self, JobAnswer, JobId, JobOutcome};
use crate::tui::views::chrome::Message;
use crate::tui::views::import::{ImportPopup, ImportStep};
use crossterm::event::KeyEvent;

impl App {
    /// Opens the popup that chooses a sync file.
    pub(super) fn open_import(&mut self) {
        let popup = ImportPopup::new(&self.import_folder);
        self.popup = Some(Popup::Import(Box::new(popup)));
    }

    /// A key for the import popup: keeps it, closes it, or starts checking
    /// the file chosen.
    pub(super) fn on_import_key(&mut self, key: &KeyEvent, mut popup: Box<ImportPopup>) {
        match popup.handle_key(key) {
            ImportStep::Stay => self.popup = Some(Popup::Import(popup)),
            ImportStep::Cancel => {
                let text = "Nothing was imported; the store is as it was.";
                self.message = Some(Message::Note(text.into()));
            }
            ImportStep::Check(path) => {
                if let Some(folder) = path.parent().filter(|folder| folder.is_dir()) {
                    self.import_folder = folder.to_path_buf();
                }
                let job = self.next_job();
                jobs::preview_import(&mut self.store, path.clone(), job, &self.events);
                popup.checking(path, job);
                self.popup = Some(Popup::Import(popup));
            }
        }
    }

    /// Whether the user has agreed to an import not yet applied.
    pub(super) fn import_agreed(&self) -> bool {
        matches!(&self.popup, Some(Popup::Import(popup)) if popup.is_applying())
    }

    /// Starts the job that imports the files agreed to; the popup says
    /// "Importing…" until it ends, and the screen keeps drawing meanwhile
    /// (at 100,000 people an import takes seconds). The app calls this
    /// when idle, after the key that agreed has been drawn.
    pub(super) fn apply_import(&mut self) {
        let job = self.next_job();
        let Some(Popup::Import(popup)) = &mut self.popup else {
            return;
        };
        let Some((checked, loss_confirmed)) = popup.start_import(job) else {
            return;
        };
        let mode = Mode {
            dry_run: false,
            stop_on_large_loss: !loss_confirmed,
        };
        jobs::import(&mut self.store, checked.files, mode, job, &self.events);
    }

    /// Shows how the import ended: the counts, or why nothing changed.
    fn imported(&mut self, outcome: Result<ImportReport, String>) {
        match outcome {
            Ok(report) => {
                tracing::info!(files = report.files.len(), "imported from the screen");
                self.popup = None;
                self.message = Some(Message::Done(imported(&report)));
                self.after_import();
            }
            Err(problem) => {
                tracing::warn!(%problem, "import from the screen failed");
                match &mut self.popup {
                    Some(Popup::Import(popup)) => popup.failed(problem),
                    _ => self.message = Some(Message::Problem(problem)),
                }
            }
        }
    }

    /// A number for a new job.
    pub(super) fn next_job(&mut self) -> JobId {
        self.last_job += 1;
        self.last_job
    }

    /// Whether a job whose outcome the screen waits to show is running.
    pub(super) fn waits_for_job(&self) -> bool {
        let checking = matches!(
            &self.popup,
            Some(Popup::Import(popup)) if popup.is_checking() || popup.is_importing()
        );
        let looking = self
            .duplicates
            .as_ref()
            .is_some_and(|queue| queue.is_looking());
        checking || looking
    }

    /// Hands a job's outcome to the view waiting for it; an outcome no
    /// view waits for any more (it was closed) is dropped.
    pub(super) fn on_job(&mut self, answer: JobAnswer) {
        let job = answer.job;
        match answer.outcome {
            JobOutcome::ImportPreview(outcome) => match &mut self.popup {
                Some(Popup::Import(popup)) if popup.waits_for(job) => popup.checked(outcome),
                _ => tracing::debug!(job, "an import preview no one waits for"),
            },
            // An import cannot be called back, so its outcome is always
            // shown, whether or not the popup is still there.
            JobOutcome::Imported(outcome) => self.imported(outcome),
            JobOutcome::Duplicates(outcome) => match &mut self.duplicates {
                Some(queue) if queue.waits_for(job) => {
                    queue.found(outcome);
                    self.show_pair(false);
                }
                _ => tracing::debug!(job, "duplicates no one waits for"),
            },
        }
    }
}

/// `Imported from-wcpp.kith: 3 new, 1 updated, 0 deleted, 0 erased.`
fn imported(report: &ImportReport) -> String {
    let names: Vec<String> = report
        .files
        .iter()
        .map(|file| {
            let name = file.file.file_name().unwrap_or(file.file.as_os_str());
            name.to_string_lossy().into_owned()
        })
        .collect();
    let total = &report.total;
    format!(
        "Imported {}: {} new, {} updated, {} deleted, {} erased.",
        names.join(", "),
        total.new,
        total.updated,
        total.deleted,
        total.erased
    )
}
