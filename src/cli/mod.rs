//! The command line: one file per command, and the shared parts that open
//! the store, print tables and JSON, and turn errors into exit statuses.

mod args;
mod demo;
mod failure;
mod output;
mod records;
mod search;
mod show;
mod sync;

pub use args::{Cli, Command};
pub use failure::Failure;

use crate::store::Store;
use clap::Parser;
use std::path::{Path, PathBuf};

/// Runs kith with the process's arguments and gives the exit status:
/// 0 success, 1 failure, 2 bad usage.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with status 0, and
            // usage errors to stderr with status 2.
            let _ = error.print();
            return error.exit_code();
        }
    };
    let _logs = crate::logging::start(crate::paths::log_dir().as_deref());
    match run(cli) {
        Ok(()) => 0,
        Err(failure) => failure.report(),
    }
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let json = cli.json;
    let Some(command) = cli.command else {
        let store = open(cli.db.as_deref())?;
        return demo::open_screen(store);
    };
    tracing::info!(command = command_name(&command), "running");
    match command {
        Command::Init { centre } => records::init(&store_path(cli.db.as_deref())?, &centre),
        Command::Demo { people, no_screen } => demo::run(cli.db.as_deref(), people, no_screen),
        Command::Dump => records::dump(&open(cli.db.as_deref())?),
        Command::Add(args) => records::add(&mut open(cli.db.as_deref())?, &args, json),
        Command::Link(args) => records::link(&mut open(cli.db.as_deref())?, &args, json),
        Command::Log(args) => records::log(&mut open(cli.db.as_deref())?, &args, json),
        Command::Search(args) => search::run(&open(cli.db.as_deref())?, &args, json),
        Command::Show { reference } => show::run(&open(cli.db.as_deref())?, &reference, json),
        Command::Edit { reference, changes } => {
            records::edit(&mut open(cli.db.as_deref())?, &reference, &changes, json)
        }
        Command::Rm { reference, yes } => {
            records::remove(&mut open(cli.db.as_deref())?, &reference, yes, json)
        }
        Command::Erase { reference, yes } => {
            records::erase(&mut open(cli.db.as_deref())?, &reference, yes, json)
        }
        Command::Due { within } => show::due(&open(cli.db.as_deref())?, within, json),
        Command::Topics { add } => records::topics(&mut open(cli.db.as_deref())?, add, json),
        Command::Export(args) => sync::export(&open(cli.db.as_deref())?, &args, json),
        Command::Import(args) => sync::import(&mut open(cli.db.as_deref())?, &args, json),
        Command::Sync(args) => sync::sync_folder(&mut open(cli.db.as_deref())?, &args, json),
        Command::Duplicates => sync::duplicates(&open(cli.db.as_deref())?, json),
        Command::Merge { first, second, yes } => {
            let mut store = open(cli.db.as_deref())?;
            sync::merge(&mut store, (&first, &second), yes, json)
        }
    }
}

/// The store's path: `--db`, `KITH_DB`, or the platform's data directory.
pub fn store_path(db: Option<&Path>) -> Result<PathBuf, Failure> {
    match db {
        Some(path) => Ok(path.to_path_buf()),
        None => crate::paths::default_store().ok_or_else(|| {
            Failure::failed("cannot find a home folder for the store; name one with --db PATH")
        }),
    }
}

/// Opens the store named by `--db`, `KITH_DB` or the default.
pub fn open(db: Option<&Path>) -> Result<Store, Failure> {
    Ok(Store::open(&store_path(db)?)?)
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Init { .. } => "init",
        Command::Add(_) => "add",
        Command::Link(_) => "link",
        Command::Log(_) => "log",
        Command::Search(_) => "search",
        Command::Show { .. } => "show",
        Command::Edit { .. } => "edit",
        Command::Rm { .. } => "rm",
        Command::Erase { .. } => "erase",
        Command::Due { .. } => "due",
        Command::Topics { .. } => "topics",
        Command::Dump => "dump",
        Command::Demo { .. } => "demo",
        Command::Export(_) => "export",
        Command::Import(_) => "import",
        Command::Sync(_) => "sync",
        Command::Duplicates => "duplicates",
        Command::Merge { .. } => "merge",
    }
}
