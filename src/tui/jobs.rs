//! Slow work on the store, each on a thread of its own so that the screen
//! keeps drawing and taking keys: looking for duplicates, which at 100,000
//! people takes seconds, checking a sync file with a dry run of its
//! import, and then importing it.
//!
//! A job on a store file opens a connection of its own, as the search
//! worker's loading does; SQLite keeps it apart from the app's. A store in
//! memory has no file to open again, so its jobs run at once on the app's
//! connection (tests use such stores). Either way the outcome arrives as an
//! [`AppEvent::Job`], numbered so that the app can drop the outcome of a
//! job it no longer waits for.

use super::event::AppEvent;
use super::worker::is_file_store;
use crate::store::Store;
use crate::sync::{self, DuplicateReview, ImportReport, Mode, SyncError, SyncFile};
use std::path::PathBuf;
use std::sync::mpsc::Sender;

/// The number a job is known by, counting up from 1 in each app.
pub type JobId = u64;

/// A sync file read and checked whole, and what importing it would do.
#[derive(Debug)]
pub struct CheckedImport {
    /// The files as read, ready to import without reading them again.
    pub files: Vec<(PathBuf, SyncFile)>,
    /// The dry run's report.
    pub report: ImportReport,
}

/// How a job ended: what it found, or a message saying what went wrong.
#[derive(Debug)]
pub enum JobOutcome {
    /// The pairs to review.
    Duplicates(Result<DuplicateReview, String>),
    /// A file checked, or why it was refused.
    ImportPreview(Result<Box<CheckedImport>, String>),
    /// Files imported, or a message saying why nothing was.
    Imported(Result<ImportReport, String>),
}

/// A job's outcome and which job it was.
#[derive(Debug)]
pub struct JobAnswer {
    /// The job.
    pub job: JobId,
    /// What it gave.
    pub outcome: JobOutcome,
}

/// A store to work on, or why it could not be opened.
type StoreOrProblem<'a> = Result<&'a mut Store, String>;

/// Looks for the pairs to review, less those dismissed.
pub fn find_duplicates(store: &mut Store, job: JobId, events: &Sender<AppEvent>) {
    run(store, job, events, |store: StoreOrProblem<'_>| {
        let review = store
            .and_then(|store| sync::duplicates_to_review(store).map_err(|error| error.to_string()));
        JobOutcome::Duplicates(review)
    });
}

/// Reads and checks `path`, then imports it in a transaction rolled back,
/// for the report of what it would change.
pub fn preview_import(store: &mut Store, path: PathBuf, job: JobId, events: &Sender<AppEvent>) {
    run(store, job, events, move |store: StoreOrProblem<'_>| {
        let checked = store.and_then(|store| check_import(store, path));
        JobOutcome::ImportPreview(checked.map(Box::new))
    });
}

fn check_import(store: &mut Store, path: PathBuf) -> Result<CheckedImport, String> {
    let files = sync::read_files(&[path]).map_err(|error| error.to_string())?;
    // A preview changes nothing, so it shows even a large loss; the app
    // asks about it before applying, as `kith import` does.
    let mode = Mode {
        dry_run: true,
        stop_on_large_loss: false,
    };
    let report = sync::import_checked(store, &files, mode).map_err(|error| error.to_string())?;
    Ok(CheckedImport { files, report })
}

/// Imports files already read and checked, in one transaction on a
/// connection of the job's own. The app's connection catches its clock up
/// with the store's before its next change (see `Store::write`), so edits
/// made after the import are still stamped after everything it brought.
pub fn import(
    store: &mut Store,
    files: Vec<(PathBuf, SyncFile)>,
    mode: Mode,
    job: JobId,
    events: &Sender<AppEvent>,
) {
    run(store, job, events, move |store: StoreOrProblem<'_>| {
        let imported = store.and_then(|store| {
            sync::import_checked(store, &files, mode).map_err(|error| not_imported(&error))
        });
        JobOutcome::Imported(imported)
    });
}

/// Why an import agreed to failed. A large loss can only be refused here
/// if the store changed after the preview, as the loss was asked about.
fn not_imported(error: &SyncError) -> String {
    match error {
        SyncError::LargeLoss {
            deleted,
            erased,
            live,
        } => format!(
            "The store changed after the preview: importing now would delete {deleted} and \
             erase {erased} of its {live} records. Nothing was changed; import the file again \
             for a new preview."
        ),
        other => other.to_string(),
    }
}

/// Runs `work` on a connection of its own for a store file, or at once on
/// `store` for a store in memory, and sends what it gives.
fn run(
    store: &mut Store,
    job: JobId,
    events: &Sender<AppEvent>,
    work: impl FnOnce(StoreOrProblem<'_>) -> JobOutcome + Send + 'static,
) {
    let send = move |events: &Sender<AppEvent>, outcome| {
        // Sending fails only once the screen has closed: no one waits.
        let _ = events.send(AppEvent::Job(JobAnswer { job, outcome }));
    };
    if !is_file_store(store.path()) {
        send(events, work(Ok(store)));
        return;
    }
    let path = store.path().to_path_buf();
    let events = events.clone();
    std::thread::spawn(move || {
        let outcome = match Store::open(&path) {
            Ok(mut own) => work(Ok(&mut own)),
            Err(error) => work(Err(error.to_string())),
        };
        send(&events, outcome);
    });
}
