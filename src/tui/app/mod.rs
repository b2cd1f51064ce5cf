//! The app: the state of the whole screen and the one place events arrive.
//! Views and widgets each handle what concerns them and draw themselves;
//! the app routes events to them, runs what they ask of the store through
//! `ops`, and sends queries to the search worker.
//!
//! Split by concern: `actions` (what each [`Action`] does), `popups` (help,
//! pickers, forms, confirmations), `completing` (suggestions in forms),
//! `refresh` (the index and records after a write), `importing` (a sync
//! file, previewed then applied), `duplicates` (the queue of pairs to merge
//! or dismiss), `mouse`, and `draw`.

mod actions;
mod completing;
mod draw;
mod duplicates;
mod importing;
mod mouse;
mod popups;
mod refresh;
mod text_edit;

pub use text_edit::TextEditRequest;

use super::action::Action;
use super::config::Config;
use super::event::AppEvent;
use super::jobs::JobId;
use super::keymap::Keymap;
use super::layout;
use super::theme::Theme;
use super::views::chrome::{Message, Tab};
use super::views::detail::Detail;
use super::views::duplicates::DuplicateQueue;
use super::views::finder::Finder;
use super::views::places::PlacesList;
use super::worker::{SearchResponse, SearchWorker, Tally};
use crate::model::{Date, Kind};
use crate::store::Store;
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use popups::Popup;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::sync::mpsc::Sender;

/// Which finder serves each list tab.
const SEARCH_LIST: usize = 0;
const ORGANISATIONS_LIST: usize = 1;
const NETWORKS_LIST: usize = 2;
/// Not a tab: the worker's answers about suggestions for a form field.
const COMPLETION_LIST: usize = 3;

/// The whole screen's state.
pub struct App {
    store: Store,
    worker: SearchWorker,
    keymap: Keymap,
    theme: Theme,
    today: Date,
    area: Rect,
    tab: Tab,
    finders: Vec<Finder>,
    places: PlacesList,
    /// Records opened, oldest first; the last is shown. Empty: the tab.
    history: Vec<Detail>,
    preview: Option<Detail>,
    popup: Option<Popup>,
    message: Option<Message>,
    typing: bool,
    running: bool,
    /// Whether the first load of the index has finished.
    index_ready: bool,
    /// Whether a load of the index is under way.
    loading: bool,
    summary: String,
    /// A text edit for the run loop to open in the user's editor.
    text_edit: Option<TextEditRequest>,
    /// Whether the detail pane shows another record than the selected one.
    preview_stale: bool,
    /// Questions about suggestions sent to the worker so far.
    completions_sent: u64,
    /// The question about suggestions not yet answered, if any.
    pending_completion: Option<completing::PendingCompletion>,
    /// How many times the whole index was loaded, for tests that check a
    /// write updates it instead.
    index_loads: usize,
    /// Where jobs send their outcomes: the channel the app is fed from.
    events: Sender<AppEvent>,
    /// The number of the last job started.
    last_job: JobId,
    /// The duplicates view, when it is open over the tabs.
    duplicates: Option<DuplicateQueue>,
    /// The folder the next import starts in: the last one a file was
    /// chosen from, at first the folder kith was started in.
    import_folder: PathBuf,
}

impl App {
    /// A screen on `store`. The index starts loading at once; answers from
    /// the worker arrive on `events` and must be passed to [`App::handle`].
    pub fn new(store: Store, config: Config, theme: Theme, events: Sender<AppEvent>) -> App {
        let worker = SearchWorker::spawn(events.clone());
        worker.load(&store);
        let message = (!config.problems.is_empty())
            .then(|| Message::Problem(config.problems.join(" ").replace('\n', " ")));
        App {
            store,
            worker,
            keymap: config.keymap,
            theme,
            today: Date::today(),
            area: Rect::new(0, 0, 80, 24),
            tab: Tab::Search,
            finders: vec![
                Finder::new(SEARCH_LIST, None),
                Finder::new(ORGANISATIONS_LIST, Some(Kind::Organisation)),
                Finder::new(NETWORKS_LIST, Some(Kind::Network)),
            ],
            places: PlacesList::default(),
            history: Vec::new(),
            preview: None,
            popup: None,
            message,
            typing: true,
            running: true,
            index_ready: false,
            loading: true,
            summary: "loading…".to_string(),
            text_edit: None,
            preview_stale: false,
            completions_sent: 0,
            pending_completion: None,
            index_loads: 1,
            events,
            last_job: 0,
            duplicates: None,
            import_folder: std::env::current_dir().unwrap_or_default(),
        }
    }

    /// Handles one event: a key, the mouse, a resize, or the worker.
    pub fn handle(&mut self, event: AppEvent) {
        match event {
            AppEvent::Input(Event::Key(key)) => self.on_key(key),
            AppEvent::Input(Event::Mouse(mouse)) => self.on_mouse(mouse),
            AppEvent::Input(Event::Resize(width, height)) => {
                self.resize(Rect::new(0, 0, width, height))
            }
            AppEvent::Input(_) => {}
            AppEvent::Search(response) => self.on_search(response),
            AppEvent::Job(answer) => self.on_job(answer),
        }
    }

    /// Tells the app the size of the terminal.
    pub fn resize(&mut self, area: Rect) {
        self.area = area;
        self.refresh_preview();
    }

    /// Whether the user has not quit.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Whether the index is loading, a search (or a question about
    /// suggestions) is waiting for its answer, or a job the screen shows
    /// is running.
    pub fn is_busy(&self) -> bool {
        self.loading
            || self.finders.iter().any(Finder::searching)
            || self.pending_completion.is_some()
            || self.waits_for_job()
    }

    /// Whether the duplicates view is open.
    pub fn shows_duplicates(&self) -> bool {
        self.duplicates.is_some()
    }

    /// The store, for tests and for the caller after the screen closes.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The id of the record shown in full, if one is open.
    pub fn open_record(&self) -> Option<&str> {
        self.history.last().map(|detail| detail.id.as_str())
    }

    /// The id of the selected result of the current list tab.
    pub fn selected_result(&self) -> Option<&str> {
        self.current_finder().and_then(Finder::selected_id)
    }

    /// The breadcrumb: the tab, then each record opened.
    pub fn trail(&self) -> Vec<&str> {
        let mut trail = vec![self.tab.title()];
        trail.extend(self.history.iter().map(|detail| detail.name.as_str()));
        trail
    }

    /// The message on the status line, if any.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    fn on_key(&mut self, key: KeyEvent) {
        // Some terminals also report releases; acting on them would double
        // every key.
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.message = None;
        if self.popup.is_some() {
            self.on_popup_key(&key);
            return;
        }
        if self.typing && self.on_typing_key(&key) {
            return;
        }
        if let Some(action) = self.keymap.action(&key) {
            self.perform(action);
        }
    }

    fn on_search(&mut self, response: SearchResponse) {
        match response {
            SearchResponse::Loaded { tally, took } => {
                tracing::info!(?tally, ?took, "search index loaded");
                self.summary = summary(tally);
                self.loading = false;
                self.index_ready = true;
                for list in 0..self.finders.len() {
                    self.search(list);
                }
            }
            SearchResponse::Updated { tally } => self.summary = summary(tally),
            SearchResponse::LoadFailed(error) => {
                self.loading = false;
                self.message = Some(Message::Problem(format!(
                    "cannot load the search index: {error}; try ctrl-r, or see the log"
                )));
            }
            SearchResponse::Results {
                list,
                generation,
                rows,
                took,
            } if list == COMPLETION_LIST => {
                tracing::debug!(generation, ?took, "suggestions answered");
                self.on_completions(generation, rows);
            }
            SearchResponse::Results {
                list,
                generation,
                rows,
                took,
            } => {
                tracing::debug!(list, generation, ?took, "search answered");
                let accepted = self.finders[list].accept(generation, rows, took);
                if accepted && self.current_list() == Some(list) {
                    self.refresh_preview();
                }
            }
        }
    }

    /// Sends the query of list `list` to the worker, once the index is
    /// there to answer it.
    fn search(&mut self, list: usize) {
        if !self.index_ready {
            return;
        }
        let request = self.finders[list].request();
        self.worker.search(request);
    }

    /// The list tab shown, if the tab is one and no record is open.
    fn current_list(&self) -> Option<usize> {
        if !self.history.is_empty() {
            return None;
        }
        match self.tab {
            Tab::Search => Some(SEARCH_LIST),
            Tab::Organisations => Some(ORGANISATIONS_LIST),
            Tab::Networks => Some(NETWORKS_LIST),
            Tab::Places => None,
        }
    }

    fn current_finder(&self) -> Option<&Finder> {
        self.current_list().map(|list| &self.finders[list])
    }

    /// Loads the detail pane for the selected result when it shows.
    ///
    /// Loading a record with hundreds of links takes longer than a frame,
    /// so it is left for when no keys are waiting ([`App::idle`]): moving
    /// through a list never waits for the pane.
    fn refresh_preview(&mut self) {
        self.preview_stale = self.wanted_preview() != self.preview.as_ref().map(|d| d.id.clone());
        if self.preview_stale && self.wanted_preview().is_none() {
            self.preview = None;
            self.preview_stale = false;
        }
    }

    /// The record the detail pane should show.
    fn wanted_preview(&self) -> Option<String> {
        let areas = layout::list_areas(layout::frame(self.area).body);
        match (areas.preview, self.current_finder()) {
            (Some(_), Some(finder)) => finder.selected_id().map(String::from),
            _ => None,
        }
    }

    /// Whether there is work for when no event is waiting.
    pub fn has_idle_work(&self) -> bool {
        self.preview_stale || self.import_agreed()
    }

    /// Does the work left for when no event is waiting: an import the user
    /// has agreed to, and the detail pane of the selected result.
    pub fn idle(&mut self) {
        if self.import_agreed() {
            self.apply_import();
        }
        if !self.preview_stale {
            return;
        }
        self.preview_stale = false;
        let wanted = self.wanted_preview();
        self.preview =
            wanted.and_then(|id| Detail::load(&self.store, &id, self.theme, self.today).ok());
    }

    /// The first key bound to `action` that works while typing (letters
    /// go into the box then), for hints.
    fn typing_key_of(&self, action: Action) -> String {
        let keys = self.keymap.keys_of(action);
        let usable = keys.iter().find(|key| !key.is_plain_character());
        usable.map_or("?".to_string(), ToString::to_string)
    }

    /// The first key bound to `action`, for hints.
    fn key_of(&self, action: Action) -> String {
        self.keymap
            .keys_of(action)
            .first()
            .map_or("?".to_string(), ToString::to_string)
    }
}

/// The counts shown beside the tabs.
fn summary(tally: Tally) -> String {
    format!(
        "{} people · {} organisations · {} networks",
        tally.people, tally.organisations, tally.networks
    )
}
