//! The screen: search as you type over people, organisations and networks,
//! a record's detail with its links and interactions, lists of
//! organisations, networks and places, and forms that change the store.
//!
//! The parts: [`app`] holds the state and routes events; [`views`] draw
//! the tabs and records; [`widgets`] are the small shared pieces; [`worker`]
//! searches on its own thread so that typing never waits; [`action`],
//! [`keymap`] and [`config`] make keys data; [`terminal`] takes the terminal
//! and always gives it back. The screen reads and writes only through
//! `store`, `ops` and `search`, never SQL.

pub mod action;
pub mod app;
pub mod config;
pub mod editing;
pub mod editor;
pub mod event;
pub mod keymap;
pub mod layout;
pub mod terminal;
pub mod theme;
pub mod views;
pub mod widgets;
pub mod worker;

use crate::store::Store;
use app::App;
use config::Config;
use event::{AppEvent, InputThread};
use ratatui::layout::Rect;
use std::sync::mpsc;
use terminal::TerminalGuard;
use theme::Theme;

/// Why the screen stopped early.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// The terminal could not be used.
    #[error("cannot use the terminal: {0}")]
    Terminal(#[from] std::io::Error),
}

/// Runs the screen on `store` until the user quits.
pub fn run(store: Store) -> Result<(), TuiError> {
    let config = Config::load();
    let (sender, events) = mpsc::channel();
    let mut app = App::new(store, config, Theme::from_env(), sender.clone());
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    app.resize(Rect::new(0, 0, size.width, size.height));
    let mut input = InputThread::spawn(sender.clone());
    while app.is_running() {
        guard.terminal.draw(|frame| app.draw(frame))?;
        // The app holds a sender through its worker, so the channel never
        // closes while the loop runs; a closed channel means it is over.
        let Ok(event) = events.recv() else {
            break;
        };
        app.handle(event);
        // Handle everything already waiting before drawing again, so a
        // burst of keys costs one frame, not one each.
        while let Ok(event) = events.try_recv() {
            app.handle(event);
        }
        if let Some(request) = app.take_text_edit() {
            // The editor needs the keys and the screen: stop reading input
            // and give the terminal back until it is done.
            drop(input);
            guard.suspend();
            let edited = editor::edit(&request.text);
            guard.resume()?;
            input = InputThread::spawn(sender.clone());
            app.finish_text_edit(request, edited);
        }
    }
    Ok(())
}

/// Feeds one event to the app; for headless drivers such as the tests and
/// the benchmark.
pub fn feed(app: &mut App, event: AppEvent) {
    app.handle(event);
}
