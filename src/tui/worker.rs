//! The search worker: a thread that owns the search index and answers
//! queries, so that typing never waits for a search. Queries carry a
//! generation; when several are queued only the newest of each list is
//! run, and the app drops any answer older than the query it last sent.
//!
//! The index is loaded in the background too, through a connection of its
//! own, so that the screen appears at once even on a large store. After a
//! write the app sends only the entries that changed.

use super::event::AppEvent;
use crate::model::Kind;
use crate::search::{Filters, Hit, Index, Query, SearchDoc};
use crate::store::{search_index, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

/// How many results a search keeps: more than a screen can show, few
/// enough to sort and send in well under a frame.
pub const RESULT_LIMIT: usize = 200;

/// Which list a query is for: each tab keeps its own results.
pub type ListId = usize;

/// A query for the worker.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    /// The list that asked.
    pub list: ListId,
    /// Counts up with every query of that list; answers echo it.
    pub generation: u64,
    /// What was typed.
    pub text: String,
    /// The filters chosen.
    pub filters: Filters,
}

/// One result: the hit and the record's search entry, for drawing.
#[derive(Debug)]
pub struct ResultRow {
    /// Which record, its score and the letters that matched.
    pub hit: Hit,
    /// What search knows of the record: name, organisations, place.
    pub doc: SearchDoc,
}

/// How many records of each searchable kind the index holds, counted as
/// it loads so that opening the screen never waits for a count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// People.
    pub people: usize,
    /// Organisations.
    pub organisations: usize,
    /// Networks.
    pub networks: usize,
}

impl Tally {
    /// Adds `step` (1 or -1) to the count of `kind`.
    fn count(&mut self, kind: Kind, step: isize) {
        let counter = match kind {
            Kind::Person => &mut self.people,
            Kind::Organisation => &mut self.organisations,
            Kind::Network => &mut self.networks,
            _ => return,
        };
        *counter = counter.saturating_add_signed(step);
    }
}

/// An answer from the worker.
#[derive(Debug)]
pub enum SearchResponse {
    /// The index is loaded (or reloaded) with this many records.
    Loaded {
        /// How many records of each kind the index holds.
        tally: Tally,
        /// How long loading took.
        took: Duration,
    },
    /// Loading the index failed.
    LoadFailed(String),
    /// Entries written since loading are in the index.
    Updated {
        /// How many records of each kind the index now holds.
        tally: Tally,
    },
    /// The results of a query.
    Results {
        /// The list that asked.
        list: ListId,
        /// The generation of the query answered.
        generation: u64,
        /// The best results, best first.
        rows: Vec<ResultRow>,
        /// How long the search took.
        took: Duration,
    },
}

/// A change to one record's entry in the index.
#[derive(Clone, Debug)]
pub enum IndexChange {
    /// The record's entry as the store now has it.
    Upsert(Box<SearchDoc>),
    /// The record, with this id, has no entry any more.
    Remove(String),
}

/// Messages to the worker thread.
enum Command {
    Replace(Box<Index>, Tally, Duration),
    Update(Vec<IndexChange>),
    Search(SearchRequest),
}

/// The app's handle on the worker.
pub struct SearchWorker {
    commands: Sender<Command>,
    events: Sender<AppEvent>,
}

impl SearchWorker {
    /// Starts the worker; answers arrive on `events`.
    pub fn spawn(events: Sender<AppEvent>) -> SearchWorker {
        let (commands, inbox) = mpsc::channel();
        let answers = events.clone();
        std::thread::spawn(move || serve(&inbox, &answers));
        SearchWorker { commands, events }
    }

    /// Sends a query; its answer comes back as [`SearchResponse::Results`].
    pub fn search(&self, request: SearchRequest) {
        // The worker lives as long as this handle; a send can fail only if
        // it panicked, and then the screen shows stale results, no worse.
        let _ = self.commands.send(Command::Search(request));
    }

    /// Applies `changes` to the index; searches sent afterwards see them,
    /// and [`SearchResponse::Updated`] says they are in.
    pub fn update(&self, changes: Vec<IndexChange>) {
        let _ = self.commands.send(Command::Update(changes));
    }

    /// Loads the index from the store: on a thread with its own
    /// connection for a store file, here for a store in memory.
    pub fn load(&self, store: &Store) {
        let path = store.path();
        if is_file_store(path) {
            self.load_in_background(path.to_path_buf());
        } else {
            let started = Instant::now();
            match build_index(store) {
                Ok((index, tally)) => {
                    let _ = self
                        .commands
                        .send(Command::Replace(index, tally, started.elapsed()));
                }
                Err(error) => self.report_failure(error),
            }
        }
    }

    fn load_in_background(&self, path: PathBuf) {
        let commands = self.commands.clone();
        let events = self.events.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let built = Store::open(&path)
                .map_err(|error| error.to_string())
                .and_then(|store| build_index(&store));
            match built {
                Ok((index, tally)) => {
                    let _ = commands.send(Command::Replace(index, tally, started.elapsed()));
                }
                Err(error) => {
                    let _ = events.send(AppEvent::Search(SearchResponse::LoadFailed(error)));
                }
            }
        });
    }

    fn report_failure(&self, error: String) {
        let _ = self
            .events
            .send(AppEvent::Search(SearchResponse::LoadFailed(error)));
    }
}

/// A store in memory has no file another connection could open.
pub fn is_file_store(path: &Path) -> bool {
    path != Path::new(":memory:") && path.is_file()
}

/// Builds the index from the store's search entries, counting kinds as it
/// goes; entries are added one at a time, never all held at once.
fn build_index(store: &Store) -> Result<(Box<Index>, Tally), String> {
    let mut index = Box::new(Index::default());
    let mut tally = Tally::default();
    search_index::for_each_doc(store.connection(), |doc| {
        tally.count(doc.kind, 1);
        index.upsert(doc);
    })
    .map_err(|error| error.to_string())?;
    Ok((index, tally))
}

/// The worker's loop: take everything queued, apply index changes in
/// order, then run only the newest query of each list.
fn serve(inbox: &Receiver<Command>, answers: &Sender<AppEvent>) {
    let mut index = Index::new(Vec::new());
    let mut tally = Tally::default();
    while let Ok(first) = inbox.recv() {
        let mut newest: BTreeMap<ListId, SearchRequest> = BTreeMap::new();
        for command in std::iter::once(first).chain(inbox.try_iter()) {
            let response = match command {
                Command::Replace(loaded, loaded_tally, took) => {
                    index = *loaded;
                    tally = loaded_tally;
                    SearchResponse::Loaded { tally, took }
                }
                Command::Update(changes) => {
                    apply(&mut index, &mut tally, changes);
                    SearchResponse::Updated { tally }
                }
                Command::Search(request) => {
                    newest.insert(request.list, request);
                    continue;
                }
            };
            if answers.send(AppEvent::Search(response)).is_err() {
                return;
            }
        }
        for request in newest.into_values() {
            if answers
                .send(AppEvent::Search(run(&index, request)))
                .is_err()
            {
                return;
            }
        }
    }
}

/// Applies `changes` to `index`, keeping `tally` counting its kinds.
fn apply(index: &mut Index, tally: &mut Tally, changes: Vec<IndexChange>) {
    for change in changes {
        let id = match &change {
            IndexChange::Upsert(doc) => &doc.id,
            IndexChange::Remove(id) => id,
        };
        if let Some(kind) = index.kind_of(id) {
            tally.count(kind, -1);
        }
        match change {
            IndexChange::Upsert(doc) => {
                tally.count(doc.kind, 1);
                index.upsert(*doc);
            }
            IndexChange::Remove(id) => index.remove(&id),
        }
    }
}

/// Runs one query against the index.
pub fn run(index: &Index, request: SearchRequest) -> SearchResponse {
    let started = Instant::now();
    let query = Query::parse(&request.text);
    let rows = index
        .search(&query, &request.filters, RESULT_LIMIT)
        .into_iter()
        .filter_map(|hit| index.get(&hit.id).map(|doc| ResultRow { hit, doc }))
        .collect();
    SearchResponse::Results {
        list: request.list,
        generation: request.generation,
        rows,
        took: started.elapsed(),
    }
}
