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
//! Run with `cargo bench --bench tui`; `KITH_BENCH_PEOPLE=10000,100000`
//! chooses the store sizes (10,000 by default). Stores are built once into
//! the temporary folder and reused.

use criterion::{criterion_group, Criterion};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use kith::model::Date;
use kith::store::{Store, StoreError};
use kith::tui::app::App;
use kith::tui::config::Config;
use kith::tui::event::AppEvent;
use kith::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// The size of terminal drawn.
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// Queries typed letter by letter for the timings by hand.
const TYPED: [&str; 3] = ["halpern", "wales hous", "edu end"];

fn people_counts() -> Vec<u32> {
    std::env::var("KITH_BENCH_PEOPLE")
        .unwrap_or_else(|_| "10000".into())
        .split(',')
        .filter_map(|count| count.trim().parse().ok())
        .collect()
}

/// A store file with the example data and `people` generated people.
fn store_with(people: u32) -> PathBuf {
    let path = std::env::temp_dir().join(format!("kith-bench-tui-{people}.db"));
    if path.is_file() {
        return path;
    }
    let partial = path.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let mut store = Store::create(&partial, "Bench Centre").expect("the bench store is made");
    store
        .write(|writer| {
            let today = Date::today();
            let organisations = kith::demo::load_example(writer, today)
                .map_err(|error| StoreError::Invalid(error.to_string()))?;
            let mut organisations: Vec<(String, String)> = organisations.into_iter().collect();
            organisations.sort();
            kith::demo::generate_people(writer, people, &organisations, today)?;
            Ok(())
        })
        .expect("the bench store fills");
    drop(store);
    std::fs::rename(&partial, &path).expect("the bench store is kept");
    path
}

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
    let store = Store::open(&store_with(people)).expect("the bench store opens");
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

/// Opens the store three times, one after another: the time to the first
/// frame (the index still loading), then the time until the index is
/// loaded, waited for before the next opening so that loads do not
/// compete. Then the resident memory with one index loaded.
fn report_opening(people: u32) {
    let mut first_frame = Vec::new();
    let mut loaded = Vec::new();
    let before = resident_megabytes();
    for round in 0..3 {
        let started = Instant::now();
        let store = Store::open(&store_with(people)).expect("the bench store opens");
        let (sender, events) = mpsc::channel();
        let mut app = App::new(store, Config::default(), Theme::new(true), sender);
        terminal().draw(|frame| app.draw(frame)).expect("draw");
        first_frame.push(started.elapsed());
        wait_until_loaded(&mut app, &events);
        loaded.push(started.elapsed());
        if round == 0 {
            // Measured on the first load only: later loads reuse freed
            // memory that the allocator keeps, which would blur the figure.
            if let (Some(before), Some(after)) = (before, resident_megabytes()) {
                println!(
                    "tui/{people}: resident memory with the screen open and the index loaded: \
                     {after} MB ({} MB more than before opening)",
                    after.saturating_sub(before)
                );
            }
        }
    }
    print_percentiles(people, "open to first frame", &mut first_frame);
    print_percentiles(people, "open to index loaded", &mut loaded);
}

fn wait_until_loaded(app: &mut App, events: &Receiver<AppEvent>) {
    while app.is_busy() {
        app.handle(events.recv().expect("the worker answers"));
    }
}

fn print_percentiles(people: u32, what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |fraction: f64| times[((times.len() - 1) as f64 * fraction).round() as usize];
    println!(
        "tui/{people}: {what}: median {:.2} ms, p99 {:.2} ms over {} samples",
        at(0.5).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        times.len()
    );
}

/// The process's resident memory, on Linux.
fn resident_megabytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024)
}

criterion_group!(benches, keystroke_to_frame);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
