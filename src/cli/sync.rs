//! The sync commands: `kith export`, `kith import` and `kith sync`, which
//! print what was written or what changed, as a table or as JSON.

use super::args::{ExportArgs, ImportArgs, SyncArgs};
use super::output::print_json;
use super::records::confirm;
use super::{Failure, Store};
use crate::model::Kind;
use crate::ops;
use crate::sync::folder::{self, SYNC_EXTENSION};
use crate::sync::{self, FileReport, ImportReport, Mode, Selection};
use crate::sync::{SyncError, SyncFile};
use serde_json::json;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Conflicts listed per file; the rest are counted, and `--json` has all.
const MAX_CONFLICTS_SHOWN: usize = 20;

/// `kith export FILE [--for CENTRE [--since-last]] [--nation N] [--network NET]
/// [--topic T]`.
pub fn export(store: &Store, args: &ExportArgs, json: bool) -> Result<(), Failure> {
    let selection = selection(store, args)?;
    let summary = sync::export(store, &selection, &args.file).map_err(failure)?;
    if json {
        return Ok(print_json(&summary)?);
    }
    println!(
        "Wrote {} ({} deleted or erased) to {}",
        records(summary.records),
        summary.gone,
        summary.file.display()
    );
    Ok(())
}

/// Reads the export filters as a user typed them.
fn selection(store: &Store, args: &ExportArgs) -> Result<Selection, Failure> {
    let nation = match &args.nation {
        Some(text) => Some(
            crate::places::Nation::parse(text)
                .map_err(|error| Failure::usage(error.to_string()))?
                .slug()
                .to_string(),
        ),
        None => None,
    };
    let network = match &args.network {
        Some(reference) => Some(ops::resolve_among(store, reference, &[Kind::Network])?.id),
        None => None,
    };
    let topic = match &args.topic {
        Some(text) => Some(
            crate::topics::resolve(text, &store.custom_topics()?)
                .map_err(|error| Failure::usage(error.to_string()))?,
        ),
        None => None,
    };
    Ok(Selection {
        for_centre: args.for_centre.clone(),
        nation,
        network,
        topic,
        since_last: args.since_last,
    })
}

/// `kith import FILE... [--dry-run] [--yes]`.
pub fn import(store: &mut Store, args: &ImportArgs, json: bool) -> Result<(), Failure> {
    if let [path] = args.files.as_slice() {
        // A large loss is asked about the ordinary way, below.
        let careful = careful_mode(args.dry_run, args.yes);
        if let Some(report) =
            sync::streamed::import_into_empty(store, path, careful).map_err(failure)?
        {
            return print_report(&report, json);
        }
    }
    let files = sync::read_files(&args.files).map_err(failure)?;
    let report = import_confirmed(store, &files, args.dry_run, args.yes)?;
    print_report(&report, json)
}

/// Imports, asking first at a terminal if the files would delete or erase
/// much of the store.
fn import_confirmed(
    store: &mut Store,
    files: &[(PathBuf, SyncFile)],
    dry_run: bool,
    yes: bool,
) -> Result<ImportReport, Failure> {
    match sync::import_checked(store, files, careful_mode(dry_run, yes)) {
        Err(loss @ SyncError::LargeLoss { .. }) => {
            confirm_loss(&loss)?;
            let mode = Mode {
                dry_run,
                stop_on_large_loss: false,
            };
            sync::import_checked(store, files, mode).map_err(failure)
        }
        other => other.map_err(failure),
    }
}

/// How to import at first: stopping before a large loss unless `--yes`
/// said to go ahead. A dry run changes nothing, so it shows even a large
/// loss unasked.
fn careful_mode(dry_run: bool, yes: bool) -> Mode {
    Mode {
        dry_run,
        stop_on_large_loss: !yes && !dry_run,
    }
}

/// Asks whether to go ahead with a large loss; without a terminal there is
/// no one to ask, so the refusal stands and `--yes` must say it.
fn confirm_loss(loss: &SyncError) -> Result<(), Failure> {
    if !io::stdin().is_terminal() {
        return Err(failure(loss));
    }
    let SyncError::LargeLoss {
        deleted,
        erased,
        live,
    } = loss
    else {
        return Err(failure(loss));
    };
    confirm(
        &sync::report::large_loss_question(*deleted, *erased, *live),
        false,
    )
}

/// `kith sync DIR`: import every other store's file there that has changed
/// since this store last imported it, then write ours as
/// `DIR/<store id>.kith`, so that ours carries what we just learnt. A file
/// that cannot be read or is refused is skipped with a message, and the
/// command fails after the others are imported and ours is written: one
/// damaged file should not hold up every Centre's news.
pub fn sync_folder(store: &mut Store, args: &SyncArgs, json: bool) -> Result<(), Failure> {
    let folder = &args.dir;
    if !folder.is_dir() {
        return Err(Failure::usage(format!(
            "{} is not a folder; name the shared folder that Centres sync through",
            folder.display()
        )));
    }
    let ours = folder.join(format!("{}.{SYNC_EXTENSION}", store.identity().store_id));
    let theirs = folder::other_sync_files(folder, &ours).map_err(|error| {
        Failure::failed(format!("could not read {}: {error}", folder.display()))
    })?;
    let mut unchanged = Vec::new();
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in theirs {
        if folder::already_imported(store, &path)? {
            unchanged.push(path);
            continue;
        }
        match sync::read_file(&path) {
            Ok(file) => files.push((path, file)),
            Err(error) => skipped.push(error.to_string()),
        }
    }
    let report = import_confirmed(store, &files, args.dry_run, args.yes)?;
    let written = if args.dry_run {
        None
    } else {
        for (_, file) in &files {
            folder::remember_imported(store, &file.header)?;
        }
        Some(sync::export(store, &Selection::default(), &ours).map_err(failure)?)
    };
    if json {
        let unchanged: Vec<_> = unchanged
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        print_json(&json!({
            "import": report,
            "unchanged": unchanged,
            "skipped": skipped,
            "export": written,
        }))?;
    } else {
        print_sync(&report, &unchanged, written.as_ref())?;
    }
    skipped_failure(&skipped, folder)
}

/// Prints what `kith sync` did: the import, the files already imported,
/// and the file written.
fn print_sync(
    report: &ImportReport,
    unchanged: &[PathBuf],
    written: Option<&sync::ExportSummary>,
) -> Result<(), Failure> {
    if !report.files.is_empty() || unchanged.is_empty() {
        print_report(report, false)?;
    }
    if !unchanged.is_empty() {
        println!(
            "{} unchanged since this store last imported {}",
            plural(unchanged.len(), "file"),
            if unchanged.len() == 1 { "it" } else { "them" }
        );
    }
    if let Some(written) = written {
        println!(
            "Wrote {} records to {}",
            written.records,
            written.file.display()
        );
    }
    Ok(())
}

/// The failure of a sync that skipped files, after saying why each was.
fn skipped_failure(skipped: &[String], folder: &Path) -> Result<(), Failure> {
    if skipped.is_empty() {
        return Ok(());
    }
    for reason in skipped {
        let _ = writeln!(io::stderr(), "kith: skipped: {reason}");
    }
    Err(Failure::failed(format!(
        "{} in {} could not be imported (see above); the others were imported",
        plural(skipped.len(), "sync file"),
        folder.display()
    )))
}

/// "1 file", "2 files".
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Prints what an import changed: one line per file, then conflicts.
fn print_report(report: &ImportReport, json: bool) -> Result<(), Failure> {
    if json {
        return Ok(print_json(report)?);
    }
    let mut out = io::stdout().lock();
    if report.dry_run {
        writeln!(out, "Dry run: nothing was changed. Importing would give:")?;
    }
    for file in &report.files {
        print_file(&mut out, file)?;
    }
    if report.files.is_empty() {
        writeln!(out, "No sync files to import")?;
    }
    Ok(())
}

fn print_file(out: &mut impl Write, file: &FileReport) -> io::Result<()> {
    writeln!(out, "{}", file.headline())?;
    let conflicts = &file.summary.conflicts;
    for conflict in conflicts.iter().take(MAX_CONFLICTS_SHOWN) {
        writeln!(out, "  {}", conflict.describe())?;
    }
    let hidden = conflicts.len().saturating_sub(MAX_CONFLICTS_SHOWN);
    if hidden > 0 {
        writeln!(out, "  and {hidden} more conflicts (--json lists them all)")?;
    }
    Ok(())
}

/// "1 record", "2 records".
fn records(count: u64) -> String {
    if count == 1 {
        "1 record".to_string()
    } else {
        format!("{count} records")
    }
}

fn failure(error: impl std::borrow::Borrow<SyncError>) -> Failure {
    Failure::failed(error.borrow().to_string())
}
