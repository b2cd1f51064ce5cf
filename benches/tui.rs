//! What the screen itself costs, on stores made as `kith demo --people N`
//! makes them:
//!
//! - keystroke to frame: a key handled and the whole screen drawn into a
//!   `TestBackend` (the search runs on the worker meanwhile, so this is
//!   what a user waits for before the key shows);
//! - keystroke to results: the same, waiting for the worker's answer and
//!   drawing it; this includes the search engine's time; then to the
//!   detail pane of the best result, loaded when the app is idle;
//! - opening: a store opened and the first frame drawn, the index still
//!   loading in the background; then how long the index took to load and
//!   the process's resident memory once it has.
//!
//! Memory is the peak resident size (`VmHWM` in `/proc/self/status`), so
//! it is reported on Linux only.
//!
//! Run with `cargo bench --bench tui`; `KITH_BENCH_PEOPLE=10000,100000`
//! chooses the store sizes (100,000 by default). Stores are made once by
//! `kith demo` (see `support`) and reused.

mod support;

use criterion::{criterion_group, Criterion};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use kith::store::Store;
use kith::tui::app::App;
use kith::tui::config::Config;
use kith::tui::event::AppEvent;
use kith::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use support::{median_and_p99, millis, people_counts, store_with};

/// The size of terminal drawn.
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// Queries typed letter by letter for the timings by hand.
const TYPED: [&str; 3] = ["halpern", "wales hous", "edu end"];

fn key(c: char) -> AppEvent {
    AppEvent::Input(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn backspace() -> AppEvent {
    AppEvent::Input(Event::Key(KeyEvent::new(
        KeyCode::Backspace,
        KeyModifiers::NONE,
    )))
}

/// An app on `people` people, with its index loaded.
fn loaded_app(people: u32) -> (App, Receiver<AppEvent>) {
    loaded_app_on(&store_with(people))
}

/// An app on the store at `path`, with its index loaded.
fn loaded_app_on(path: &Path) -> (App, Receiver<AppEvent>) {
    let store = Store::open(path).expect("the bench store opens");
    let (sender, events) = mpsc::channel();
    let mut app = App::new(store, Config::default(), Theme::new(true), sender);
    app.resize(Rect::new(0, 0, WIDTH, HEIGHT));
    wait_until_loaded(&mut app, &events);
    (app, events)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

fn keystroke_to_frame(criterion: &mut Criterion) {
    for people in people_counts() {
        // Opening first, while nothing else runs in this process.
        report_opening(people);
        let (mut app, events) = loaded_app(people);
        let mut terminal = terminal();
        let mut group = criterion.benchmark_group(format!("tui/{people}"));
        group
            .sample_size(50)
            .measurement_time(Duration::from_secs(3));
        group.bench_function("keystroke_to_frame", |bencher| {
            let mut typed = false;
            bencher.iter(|| {
                app.handle(if typed { backspace() } else { key('a') });
                typed = !typed;
                terminal.draw(|frame| app.draw(frame)).expect("draw");
                // Answers are taken without waiting, as the screen's loop
                // does, so that the channel does not grow.
                while let Ok(event) = events.try_recv() {
                    app.handle(event);
                }
            })
        });
        group.finish();
        report_by_hand(people, &mut app, &events);
        report_rename(people);
    }
}

/// Times every keystroke of the typed queries to the frame that shows it
/// and to the frame that shows its results; prints median and 99th
/// percentile. Then opening, loading and memory.
fn report_by_hand(people: u32, app: &mut App, events: &Receiver<AppEvent>) {
    let mut terminal = terminal();
    let mut to_frame = Vec::new();
    let mut to_results = Vec::new();
    let mut to_preview = Vec::new();
    for _round in 0..5 {
        for query in TYPED {
            app.perform(kith::tui::action::Action::ClearQuery);
            for c in query.chars() {
                let started = Instant::now();
                app.handle(key(c));
                terminal.draw(|frame| app.draw(frame)).expect("draw");
                to_frame.push(started.elapsed());
                while app.is_busy() {
                    app.handle(events.recv().expect("the worker answers"));
                }
                terminal.draw(|frame| app.draw(frame)).expect("draw");
                to_results.push(started.elapsed());
                app.idle();
                terminal.draw(|frame| app.draw(frame)).expect("draw");
                to_preview.push(started.elapsed());
            }
        }
    }
    print_percentiles(people, "keystroke to frame", &mut to_frame);
    print_percentiles(people, "keystroke to results drawn", &mut to_results);
    print_percentiles(people, "keystroke to detail pane drawn", &mut to_preview);
}

/// Renames an organisation through the edit form, five times, on a copy
/// of the store (the writes would change it for later runs), and times
/// the key that saves to the frame showing the results: the index learns
/// the organisation's entry and those of everyone linked to it instead of
/// loading every record again.
fn report_rename(people: u32) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let copy = folder.path().join("rename.db");
    std::fs::copy(store_with(people), &copy).expect("the bench store copies");
    let (mut app, events) = loaded_app_on(&copy);
    let mut terminal = terminal();
    let press = |app: &mut App, code: KeyCode, modifiers: KeyModifiers| {
        app.handle(AppEvent::Input(Event::Key(KeyEvent::new(code, modifiers))));
        wait_until_loaded(app, &events);
    };
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('2'), KeyModifiers::NONE);
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let mut times = Vec::new();
    for round in 0..5 {
        press(&mut app, KeyCode::Char('e'), KeyModifiers::NONE);
        press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        for c in format!("Renamed Organisation {round}").chars() {
            press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
        }
        let started = Instant::now();
        press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        terminal.draw(|frame| app.draw(frame)).expect("draw");
        times.push(started.elapsed());
    }
    assert_eq!(app.index_loads(), 1, "a write reloaded the whole index");
    print_percentiles(
        people,
        "save an organisation's new name to results drawn",
        &mut times,
    );
}

/// Opens the store three times, one after another: the time to the first
/// frame (the index still loading), then the time until the index is
/// loaded, waited for before the next opening so that loads do not
/// compete. Then the peak resident memory, which the first opening sets:
/// later ones reuse memory the allocator kept.
fn report_opening(people: u32) {
    let mut first_frame = Vec::new();
    let mut loaded = Vec::new();
    // Made (once) before the clock starts.
    let path = store_with(people);
    let before = peak_resident_megabytes();
    for _round in 0..3 {
        let started = Instant::now();
        let store = Store::open(&path).expect("the bench store opens");
        let (sender, events) = mpsc::channel();
        let mut app = App::new(store, Config::default(), Theme::new(true), sender);
        terminal().draw(|frame| app.draw(frame)).expect("draw");
        first_frame.push(started.elapsed());
        wait_until_loaded(&mut app, &events);
        loaded.push(started.elapsed());
    }
    print_percentiles(people, "open to first frame", &mut first_frame);
    print_percentiles(people, "open to index loaded", &mut loaded);
    match (before, peak_resident_megabytes()) {
        (Some(before), Some(after)) => println!(
            "tui/{people}: peak resident memory with the screen open and the index loaded: \
             {after} MB (the process peaked at {before} MB before opening)"
        ),
        _ => println!("tui/{people}: peak resident memory is measured on Linux only"),
    }
}

fn wait_until_loaded(app: &mut App, events: &Receiver<AppEvent>) {
    while app.is_busy() {
        app.handle(events.recv().expect("the worker answers"));
    }
}

fn print_percentiles(people: u32, what: &str, times: &mut [Duration]) {
    let (median, p99) = median_and_p99(times);
    println!(
        "tui/{people}: {what}: median {} ms, p99 {} ms over {} samples",
        millis(median),
        millis(p99),
        times.len()
    );
}

/// The process's peak resident memory (`VmHWM`), on Linux.
fn peak_resident_megabytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024)
}

criterion_group!(benches, keystroke_to_frame);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
