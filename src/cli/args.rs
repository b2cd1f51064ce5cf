//! The command line's grammar, as clap reads it. Values are checked later,
//! by `ops`, so that the command line and the screen accept the same text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// kith: the people, organisations and networks the What Works Centres know.
#[derive(Debug, Parser)]
#[command(name = "kith", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// The store to use (default: the platform's data directory).
    #[arg(long, global = true, env = "KITH_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Whether the store was named by `KITH_DB` rather than `--db`: `kith
    /// demo` must never write into the user's own store.
    #[arg(skip)]
    pub db_from_environment: bool,

    /// Print records as JSON for scripts.
    #[arg(long, global = true)]
    pub json: bool,

    /// What to do; with none, open the screen.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the store for a Centre.
    Init {
        /// The Centre's name, such as "Wales Centre for Public Policy".
        #[arg(long)]
        centre: String,
    },
    /// Add a person, organisation or network.
    Add(Box<AddArgs>),
    /// Link two records: affiliation, membership or relationship.
    Link(LinkArgs),
    /// Record an interaction with people or organisations.
    Log(LogArgs),
    /// Search, best match first.
    Search(SearchArgs),
    /// Show one record with its links and interactions.
    Show {
        /// An id, or a name or query that matches one record.
        reference: String,
    },
    /// Change fields of a record.
    Edit {
        /// An id, or a name or query that matches one record.
        reference: String,
        /// FIELD=VALUE to replace, FIELD+=VALUE to add to a list, FIELD= to clear.
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
        changes: Vec<String>,
    },
    /// Delete a record (the deletion travels to other Centres).
    Rm {
        /// An id, or a name or query that matches one record.
        reference: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Erase a person at their request: every field, everywhere, for good.
    Erase {
        /// An id, or a name or query that matches one person.
        reference: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Follow-ups that are due.
    Due {
        /// Also list those due within this many days.
        #[arg(long, default_value_t = 0, value_name = "DAYS")]
        within: u32,
    },
    /// The policy areas: shipped ones and your own.
    Topics {
        /// Add a topic of your own.
        #[arg(long, value_name = "NAME")]
        add: Option<String>,
    },
    /// Print the whole store as canonical JSON.
    Dump,
    /// Write a sync file of the records this store shares with other Centres.
    Export(ExportArgs),
    /// Import sync files: every file is checked whole before anything changes.
    Import(ImportArgs),
    /// Exchange sync files through a shared folder: import the others', write ours.
    Sync(SyncArgs),
    /// People and organisations that look entered twice, less those dismissed.
    Duplicates(DuplicatesArgs),
    /// Merge two records entered twice; the one entered first is kept.
    Merge {
        /// One of the two records.
        first: String,
        /// The other.
        second: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Open the screen on example data in a temporary store (with --db,
    /// write the example store there and exit).
    Demo {
        /// Add this many generated people, for trying kith at scale.
        #[arg(long, value_name = "N", default_value_t = 0)]
        people: u32,
    },
}

/// `kith add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// person, org or network.
    pub kind: String,
    /// The name.
    pub name: String,
    /// Another form of the name, such as a Welsh one.
    #[arg(long, value_name = "NAME")]
    pub alt_name: Option<String>,
    /// The organisation a person works for (created if new).
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// A person's role.
    #[arg(long)]
    pub role: Option<String>,
    /// An email address (repeat for more).
    #[arg(long)]
    pub email: Vec<String>,
    /// A telephone number (repeat for more).
    #[arg(long)]
    pub phone: Vec<String>,
    /// A local authority by name, Welsh name or code, or a nation.
    #[arg(long)]
    pub place: Option<String>,
    /// england, scotland, wales or northern-ireland (or NI, Cymru, Alba...).
    #[arg(long)]
    pub nation: Option<String>,
    /// A policy area (repeat, or separate with commas).
    #[arg(long)]
    pub topic: Vec<String>,
    /// A network the record belongs to (repeat for more).
    #[arg(long)]
    pub network: Vec<String>,
    /// A note.
    #[arg(long)]
    pub note: Option<String>,
    /// Keep the record in this store only: it never leaves.
    #[arg(long)]
    pub private: bool,
    /// An organisation's type: local-authority, charity, university...
    #[arg(long = "type", value_name = "TYPE")]
    pub org_type: Option<String>,
    /// A web address.
    #[arg(long)]
    pub website: Option<String>,
    /// A network's convenor (a person or organisation).
    #[arg(long)]
    pub convenor: Option<String>,
    /// The lawful basis for holding a person's details (legitimate-interests, consent...).
    #[arg(long)]
    pub legal_basis: Option<String>,
}

/// `kith link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The first record.
    pub first: String,
    /// The second record.
    pub second: String,
    /// affiliation, member, knows, introduced-by, works-with or reports-to.
    #[arg(long = "as", value_name = "TYPE")]
    pub link_type: Option<String>,
    /// The role held.
    #[arg(long)]
    pub role: Option<String>,
    /// Since when (2024, 2024-03 or 2024-03-31).
    #[arg(long = "from", value_name = "DATE")]
    pub since: Option<String>,
    /// Until when.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// A note on the link.
    #[arg(long)]
    pub note: Option<String>,
}

/// `kith log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Who it was with: people and organisations.
    #[arg(required = true)]
    pub parties: Vec<String>,
    /// meeting, visit, call, email or event.
    #[arg(long)]
    pub kind: String,
    /// When (YYYY-MM-DD; default today).
    #[arg(long)]
    pub date: Option<String>,
    /// What happened.
    #[arg(long)]
    pub note: Option<String>,
    /// When to follow up (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub follow_up: Option<String>,
}

/// `kith search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for; empty lists everything that passes the filters.
    pub query: String,
    /// person, org or network.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only records in this nation.
    #[arg(long)]
    pub nation: Option<String>,
    /// Only records in this local authority.
    #[arg(long)]
    pub place: Option<String>,
    /// Only records with this topic.
    #[arg(long)]
    pub topic: Option<String>,
    /// Only members of this network.
    #[arg(long)]
    pub network: Option<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// `kith export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The sync file to write (replaced if it exists).
    pub file: PathBuf,
    /// The Centre the file is meant for (recorded in the file).
    #[arg(long = "for", value_name = "CENTRE")]
    pub for_centre: Option<String>,
    /// Only records in this nation.
    #[arg(long)]
    pub nation: Option<String>,
    /// Only this network and its members.
    #[arg(long)]
    pub network: Option<String>,
    /// Only records with this topic.
    #[arg(long)]
    pub topic: Option<String>,
    /// Only what changed (here or received) since the last file for the --for Centre.
    #[arg(long, requires = "for_centre")]
    pub since_last: bool,
}

/// `kith import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The sync files to import, all in one go.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Say what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before deleting or erasing more than a fifth of the store.
    #[arg(long, short)]
    pub yes: bool,
}

/// `kith duplicates`.
#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// Say that two records are not the same, so they are not suggested again (this store only).
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with_all = ["restore", "all"])]
    pub dismiss: Option<Vec<String>>,
    /// Take back a dismissal, so the two are suggested again while they look alike.
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with = "all")]
    pub restore: Option<Vec<String>>,
    /// List the dismissed pairs too.
    #[arg(long)]
    pub all: bool,
}

/// `kith sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The shared folder: ours is written as <store id>.kith, every other .kith is imported.
    pub dir: PathBuf,
    /// Say what importing would change; change nothing and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before deleting or erasing more than a fifth of the store.
    #[arg(long, short)]
    pub yes: bool,
}
