//! Shared by the screen's tests: an app driven headless on a store in
//! memory, keys fed as terminal events, and screens drawn into ratatui's
//! `TestBackend` and compared line by line.

#![allow(dead_code)]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use kith::model::{Date, Kind};
use kith::ops::{self, LinkRequest, NewInteraction, NewRecord};
use kith::store::{Store, StoreError};
use kith::tui::app::App;
use kith::tui::config::Config;
use kith::tui::event::AppEvent;
use kith::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// The Centre the test stores belong to.
pub const CENTRE: &str = "Test Centre";

/// An app on a store, and the channel its worker answers on.
pub struct Harness {
    pub app: App,
    events: Receiver<AppEvent>,
    size: (u16, u16),
}

impl Harness {
    /// An app on `store`, without colour, at `width` x `height`, with the
    /// index loaded and the first searches answered.
    pub fn new(store: Store, width: u16, height: u16) -> Harness {
        Harness::with_config(store, Config::default(), width, height)
    }

    /// The same with a config of its own.
    pub fn with_config(store: Store, config: Config, width: u16, height: u16) -> Harness {
        let (sender, events) = mpsc::channel();
        let mut app = App::new(store, config, Theme::new(false), sender);
        app.resize(Rect::new(0, 0, width, height));
        let mut harness = Harness {
            app,
            events,
            size: (width, height),
        };
        harness.settle();
        harness
    }

    /// Handles worker answers until nothing is pending, then does the
    /// idle work (the detail pane), as the screen's loop would.
    pub fn settle(&mut self) {
        while self.app.is_busy() {
            let event = self
                .events
                .recv_timeout(Duration::from_secs(20))
                .expect("the search worker answers within 20 s");
            self.app.handle(event);
        }
        while let Ok(event) = self.events.try_recv() {
            self.app.handle(event);
        }
        self.app.idle();
    }

    /// Presses a key, then lets searches finish.
    pub fn press(&mut self, code: KeyCode) {
        self.press_with(code, KeyModifiers::NONE);
    }

    /// Presses a key with modifiers, then lets searches finish.
    pub fn press_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let event = KeyEvent::new(code, modifiers);
        self.app.handle(AppEvent::Input(Event::Key(event)));
        self.settle();
    }

    /// Types `text` a character at a time, as a user would, without
    /// waiting between keys; then lets the searches finish.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            self.app.handle(AppEvent::Input(Event::Key(event)));
        }
        self.settle();
    }

    /// Sends a mouse event at a cell.
    pub fn mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) {
        let event = MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        };
        self.app.handle(AppEvent::Input(Event::Mouse(event)));
        self.settle();
    }

    /// Resizes the terminal.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.app
            .handle(AppEvent::Input(Event::Resize(width, height)));
        self.settle();
    }

    /// Draws the screen at the current size.
    pub fn buffer(&self) -> Buffer {
        let (width, height) = self.size;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        terminal.draw(|frame| self.app.draw(frame)).expect("draw");
        terminal.backend().buffer().clone()
    }

    /// The screen as text, one string per row, trailing spaces removed,
    /// ids and today's date masked so that screens can be compared.
    pub fn screen(&self) -> Vec<String> {
        lines_of(&self.buffer())
    }

    /// The name of the record selected in the current list.
    pub fn selected_name(&self) -> Option<String> {
        let id = self.app.selected_result()?;
        self.app
            .store()
            .get(id)
            .ok()
            .flatten()
            .map(|record| record.name().to_string())
    }

    /// The name of the record open in full.
    pub fn open_name(&self) -> Option<String> {
        let id = self.app.open_record()?;
        self.app
            .store()
            .get(id)
            .ok()
            .flatten()
            .map(|record| record.name().to_string())
    }
}

/// A buffer's rows as text, masked (see [`mask`]).
pub fn lines_of(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let mut row = String::new();
            for x in 0..area.width {
                row.push_str(buffer[(x, y)].symbol());
            }
            mask(row.trim_end())
        })
        .collect()
}

/// Replaces what changes from run to run: today's date becomes `TODAY`
/// and runs of hex digits with dashes that look like ids become `ID…`.
pub fn mask(text: &str) -> String {
    let today = Date::today().to_string();
    let text = text.replace(&today, "TODAY");
    let mut masked = String::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() || c == '-' || c == '…' {
            word.push(c);
            continue;
        }
        let looks_like_id = word.len() >= 12 && word.matches('-').count() >= 2;
        masked.push_str(if looks_like_id { "ID…" } else { &word });
        word.clear();
        masked.push(c);
    }
    masked.pop();
    masked
}

/// Compares a whole screen with `expected`, row by row.
#[track_caller]
pub fn assert_screen(harness: &Harness, expected: &[&str]) {
    let actual = harness.screen();
    let expected: Vec<String> = expected
        .iter()
        .map(|line| line.trim_end().to_string())
        .collect();
    if actual != expected {
        let shown: Vec<String> = actual.iter().map(|line| format!("    {line:?},")).collect();
        panic!("the screen differs; it shows:\n{}\n", shown.join("\n"));
    }
}

/// Asserts that row `row` of the screen starts with `start`.
#[track_caller]
pub fn assert_row(harness: &Harness, row: usize, start: &str) {
    let screen = harness.screen();
    let line = screen.get(row).cloned().unwrap_or_default();
    assert!(
        line.starts_with(start),
        "row {row} is {line:?}, expected it to start with {start:?}; screen:\n{}",
        screen.join("\n")
    );
}

/// Asserts that some row of the screen contains `text`.
#[track_caller]
pub fn assert_shows(harness: &Harness, text: &str) {
    let screen = harness.screen();
    assert!(
        screen.iter().any(|line| line.contains(text)),
        "expected {text:?} on the screen:\n{}",
        screen.join("\n")
    );
}

/// Asserts that no row of the screen contains `text`.
#[track_caller]
pub fn assert_hides(harness: &Harness, text: &str) {
    let screen = harness.screen();
    assert!(
        !screen.iter().any(|line| line.contains(text)),
        "did not expect {text:?} on the screen:\n{}",
        screen.join("\n")
    );
}

/// A store in memory with the shipped example data.
pub fn example_store() -> Store {
    let mut store = Store::in_memory(CENTRE).expect("store in memory");
    store
        .write(|writer| {
            kith::demo::load_example(writer, Date::today())
                .map_err(|error| StoreError::Invalid(error.to_string()))?;
            Ok(())
        })
        .expect("example data loads");
    store
}

/// A small store whose screens can be compared whole: one organisation,
/// two people, a network, links, and an interaction with a follow-up due.
pub fn small_store() -> Store {
    let mut store = Store::in_memory(CENTRE).expect("store in memory");
    fill_small(&mut store);
    store
}

/// The small store in a file in `folder`, for what needs a real file.
pub fn small_store_file(folder: &std::path::Path) -> Store {
    let mut store = Store::create(&folder.join("small.db"), CENTRE).expect("store file");
    fill_small(&mut store);
    store
}

fn fill_small(store: &mut Store) {
    let add = |store: &mut Store, new: NewRecord| ops::add(store, &new).expect("add").id;
    add(
        store,
        NewRecord {
            kind: Some(Kind::Network),
            name: "Welsh Evidence Forum".into(),
            ..NewRecord::default()
        },
    );
    let ada = add(
        store,
        NewRecord {
            kind: Some(Kind::Person),
            name: "Ada Lovelace".into(),
            organisation: Some("Analytical Engines".into()),
            role: Some("Director".into()),
            emails: vec!["ada@engines.example.org".into()],
            place: Some("Cardiff".into()),
            networks: vec!["Welsh Evidence Forum".into()],
            ..NewRecord::default()
        },
    );
    add(
        store,
        NewRecord {
            kind: Some(Kind::Person),
            name: "Charles Babbage".into(),
            place: Some("Swansea".into()),
            ..NewRecord::default()
        },
    );
    let link = LinkRequest {
        from: ada.clone(),
        to: "Charles Babbage".into(),
        link_type: Some("works-with".into()),
        ..LinkRequest::default()
    };
    ops::link(store, &link).expect("link");
    let meeting = NewInteraction {
        parties: vec![ada, "Charles Babbage".into()],
        kind: "meeting".into(),
        date: Some("today".into()),
        note: Some("Planned the difference engine review.".into()),
        follow_up: Some("today".into()),
    };
    ops::log(store, &meeting).expect("log");
}
