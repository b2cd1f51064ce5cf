//! The command line: one file per command, and the shared parts that open
//! the store, print tables and JSON, and turn errors into exit statuses.

mod args;
mod demo;
mod duplicates;
mod failure;
mod output;
mod records;
mod search;
mod show;
mod sync;

pub use args::{Cli, Command};
pub use demo::fill as demo_fill;
pub use failure::Failure;

use crate::store::Store;
use clap::{CommandFactory, FromArgMatches};
use std::path::{Path, PathBuf};

/// Runs kith with the process's arguments and gives the exit status:
/// 0 success, 1 failure, 2 bad usage.
pub fn main() -> i32 {
    let cli = match parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(error) => return report_parse_error(&error),
    };
    let _logs = crate::logging::start(crate::paths::log_dir().as_deref());
    match run(cli) {
        Ok(()) => 0,
        Err(failure) => failure.report(),
    }
}

/// Help and version go to stdout as clap writes them; a mistake becomes
/// one line in kith's own voice, pointing at the help that would fix it.
fn report_parse_error(error: &clap::Error) -> i32 {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) || matches!(
        error.kind(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return error.exit_code();
    }
    Failure::usage(parse_error_sentence(error)).report()
}

/// clap's first line, without its "error:" prefix, with where to look.
pub fn parse_error_sentence(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let mut lines = rendered
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty());
    let first = lines.next().unwrap_or("the command line is not right");
    let mut message = first.trim_start_matches("error:").trim().to_string();
    if message.ends_with(':') {
        // "the following required arguments were not provided:" lists them
        // on the lines below.
        let missing: Vec<&str> = lines
            .take_while(|line| !line.starts_with("Usage"))
            .collect();
        message = format!("{} {}", message, missing.join(", "));
    }
    let usage = rendered
        .lines()
        .find_map(|line| line.strip_prefix("Usage: "));
    let command: Vec<&str> = usage
        .map(|usage| {
            usage
                .split_whitespace()
                .take_while(|word| !word.starts_with(['[', '<', '-']))
                .collect()
        })
        .unwrap_or_default();
    let help = match command.as_slice() {
        [] => "kith --help".to_string(),
        words => format!("{} --help", words.join(" ")),
    };
    format!("{message}; see `{help}`")
}

/// Parses arguments, noting where the store's path came from.
pub fn parse<I, T>(arguments: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = Cli::command().try_get_matches_from(arguments)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    cli.db_from_environment =
        matches.value_source("db") == Some(clap::parser::ValueSource::EnvVariable);
    Ok(cli)
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
        Command::Demo { people } => {
            let db = cli.db.as_deref().filter(|_| !cli.db_from_environment);
            demo::run(db, people)
        }
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
        Command::Duplicates(args) => duplicates::run(&open(cli.db.as_deref())?, &args, json),
        Command::Merge { first, second, yes } => {
            let mut store = open(cli.db.as_deref())?;
            duplicates::merge(&mut store, (&first, &second), yes, json)
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
        Command::Duplicates(_) => "duplicates",
        Command::Merge { .. } => "merge",
    }
}
