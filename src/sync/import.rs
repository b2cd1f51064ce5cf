//! Importing sync files: read and check every file whole, then merge them
//! all in one transaction, or in a transaction rolled back for a preview.

use super::error::{FileProblem, Result, SyncError};
use super::format::{self, Header, SyncFile, MAX_FILE_BYTES};
use super::merge::{merge_records, Mismatch, Summary};
use super::streamed;
use crate::model::wall_clock_millis;
use crate::store::{Store, StoreError, Writer};
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What importing one file did, or would do.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    /// The file.
    pub file: PathBuf,
    /// The Centre that wrote it.
    pub centre: String,
    /// The store that wrote it.
    pub store: String,
    /// When it was written.
    pub written_at: String,
    /// How many records it holds.
    pub records: u64,
    /// What merging it changed.
    #[serde(flatten)]
    pub summary: Summary,
}

/// What an import did, or with `dry_run` would do.
#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    /// Whether the store was left unchanged on purpose.
    pub dry_run: bool,
    /// One report per file, in the order they were merged.
    pub files: Vec<FileReport>,
    /// Everything the files changed together.
    pub total: Summary,
    /// Live people, organisations, networks, links and interactions the
    /// store held before; the yardstick for "deletes a lot".
    pub live_before: u64,
}

impl ImportReport {
    /// Whether the files delete or erase more than a fifth of the store:
    /// what [`Mode::stop_on_large_loss`] refuses, and so what to ask about
    /// before applying a preview.
    pub fn is_large_loss(&self) -> bool {
        is_large_loss(&self.total, self.live_before)
    }
}

/// Reads and checks one sync file from disk.
pub fn read_file(path: &Path) -> Result<SyncFile> {
    let bytes = read_bytes(path)?;
    format::decode(&bytes, wall_clock_millis()).map_err(|problem| refused(path, problem))
}

/// The bytes of a sync file, refusing one too large to be ours before
/// reading it all.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let io_error = |source| SyncError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let length = file.metadata().map_err(io_error)?.len();
    if length > MAX_FILE_BYTES {
        return Err(refused(
            path,
            FileProblem::TooLarge {
                cap: MAX_FILE_BYTES,
            },
        ));
    }
    // Room for the whole file at once: growing the buffer as it fills
    // would copy a large file several times over.
    let mut bytes = Vec::with_capacity(length as usize + 1);
    // Read one byte past the cap, so a bigger file is seen to be bigger
    // without reading all of it into memory.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    Ok(bytes)
}

fn refused(path: &Path, problem: FileProblem) -> SyncError {
    SyncError::Refused {
        path: path.to_path_buf(),
        problem,
    }
}

/// A share of the store above which an import counts as a large loss:
/// more than a fifth of its live records deleted or erased at once.
const LARGE_LOSS_DIVISOR: u64 = 5;
/// Losses smaller than this never count as large, so that a small store
/// losing two records does not ask every time.
const LARGE_LOSS_FLOOR: u64 = 10;

/// From this many records an import widens the store's page cache, unless
/// the store is empty, and into a store holding fewer than half as many
/// writes in bulk.
pub(super) const MANY_RECORDS: u64 = 10_000;

/// How to import.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mode {
    /// Roll back, only saying what would change.
    pub dry_run: bool,
    /// Refuse, changing nothing, if the files would delete or erase more
    /// than a fifth of the store ([`SyncError::LargeLoss`]).
    pub stop_on_large_loss: bool,
}

/// Reads and checks every file in `paths`, in order, before any is merged.
pub fn read_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, SyncFile)>> {
    paths
        .iter()
        .map(|path| read_file(path).map(|file| (path.clone(), file)))
        .collect()
}

/// Imports `paths` into `store`: every file is read and checked before
/// anything changes, then all are merged in one transaction. With a dry
/// run the transaction is rolled back and the report says what would have
/// changed. One large file into an empty store is written while it is
/// read ([`streamed`]), with the same outcome.
pub fn import(store: &mut Store, paths: &[PathBuf], mode: Mode) -> Result<ImportReport> {
    if let [path] = paths {
        if let Some(report) = streamed::import_into_empty(store, path, mode)? {
            return Ok(report);
        }
    }
    import_checked(store, &read_files(paths)?, mode)
}

/// Merges files already read and checked, as [`import`] does.
pub fn import_checked(
    store: &mut Store,
    files: &[(PathBuf, SyncFile)],
    mode: Mode,
) -> Result<ImportReport> {
    let live_before = store.live_count()?;
    let incoming: u64 = files.iter().map(|(_, file)| file.header.records).sum();
    // Mostly new records: most pages the import writes are new, and are
    // best written once, through a rollback journal (`write_in_bulk`).
    let many = incoming >= MANY_RECORDS;
    let held = if many { store.row_count()? } else { 0 };
    let bulk = many && !mode.dry_run && held < incoming / 2;
    // Into an empty store every page is filled in order, so SQLite's
    // small default page cache serves as well as a wide one, and the
    // process takes about 220 MB less memory at 100,000 people. Records
    // held already are read and changed at random places, which a wide
    // cache is for.
    if many && !(bulk && held == 0) {
        store.widen_cache()?;
    }
    let mut mismatch = None;
    let mut loss = None;
    let merge = |writer: &mut Writer<'_>| {
        let reports = merge_all(writer, files, &mut mismatch)?;
        let total = total_of(&reports);
        if mode.stop_on_large_loss && is_large_loss(&total, live_before) {
            loss = Some(SyncError::LargeLoss {
                deleted: total.deleted,
                erased: total.erased,
                live: live_before,
            });
            return Err(StoreError::Invalid("the import would lose too much".into()));
        }
        Ok(reports)
    };
    let outcome = if mode.dry_run {
        store.preview(merge)
    } else if bulk {
        store.write_in_bulk(merge)
    } else {
        store.write(merge)
    };
    if let Some(loss) = loss {
        return Err(loss);
    }
    if let Some((path, mismatch)) = mismatch {
        return Err(SyncError::Mismatch {
            path,
            id: mismatch.id,
            ours: mismatch.ours,
            theirs: mismatch.theirs,
        });
    }
    let reports = outcome?;
    let total = total_of(&reports);
    Ok(ImportReport {
        dry_run: mode.dry_run,
        files: reports,
        total,
        live_before,
    })
}

fn total_of(reports: &[FileReport]) -> Summary {
    let mut total = Summary::default();
    for report in reports {
        total.add(&report.summary);
    }
    total
}

fn is_large_loss(total: &Summary, live_before: u64) -> bool {
    let lost = total.deleted + total.erased;
    lost >= LARGE_LOSS_FLOOR && lost * LARGE_LOSS_DIVISOR > live_before
}

/// Merges every file in turn. A mismatch is handed out through `found`
/// and the transaction is abandoned by returning an error.
fn merge_all(
    writer: &mut Writer<'_>,
    files: &[(PathBuf, SyncFile)],
    found: &mut Option<(PathBuf, Mismatch)>,
) -> crate::store::Result<Vec<FileReport>> {
    let mut reports = Vec::new();
    for (path, file) in files {
        let mut summary = Summary::default();
        if let Some(mismatch) = merge_records(writer, &file.records, &mut summary)? {
            *found = Some((path.clone(), mismatch));
            return Err(StoreError::Invalid("a record contradicts the store".into()));
        }
        reports.push(file_report(path, &file.header, summary));
    }
    Ok(reports)
}

pub(super) fn file_report(path: &Path, header: &Header, summary: Summary) -> FileReport {
    FileReport {
        file: path.to_path_buf(),
        centre: header.centre.clone(),
        store: header.store.clone(),
        written_at: header.written_at.clone(),
        records: header.records,
        summary,
    }
}
