//! The screen: search as you type over people, organisations and networks,
//! a record's detail with its links and interactions, lists of
//! organisations, networks and places, and forms that change the store.
//!
//! The parts: [`app`] holds the state and routes events; [`views`] draw
//! the tabs and records; [`widgets`] are the small shared pieces; [`worker`]
//! searches on its own thread so that typing never waits, and [`jobs`]
//! run the slow reads (duplicates, import previews) likewise; [`action`],
//! [`keymap`] and [`config`] make keys data; [`editing`] turns forms into
//! `ops` calls, [`completion`] suggests values for their fields, and
//! [`editor`] runs `$EDITOR`; [`terminal`] takes the terminal and always
//! gives it back. The screen reads and writes only through `store`, `ops`,
//! `search` and `sync`, never SQL.
//!
//! Keys are configured in `config.toml` in kith's config folder; the
//! commented default, listing every action, is `assets/config.toml`.

pub mod action;
pub mod app;
pub mod completion;
pub mod config;
pub mod editing;
pub mod editor;
pub mod event;
pub mod jobs;
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
use event::InputThread;
use ratatui::layout::Rect;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;
use terminal::TerminalGuard;
use theme::Theme;

/// How long no event must arrive before work left for idle time is done:
/// long enough to cover the gap between keys of someone holding `j`.
const IDLE_AFTER: Duration = Duration::from_millis(25);

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
        let event = match app.has_idle_work() {
            true => events.recv_timeout(IDLE_AFTER),
            false => events.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match event {
            Ok(event) => app.handle(event),
            Err(RecvTimeoutError::Timeout) => app.idle(),
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // Handle everything already waiting before drawing again, so a
        // burst of keys costs one frame, not one each.
        while let Ok(event) = events.try_recv() {
            app.handle(event);
        }
        if let Some(request) = app.take_text_edit() {
            drop(input);
            let edited = lend_terminal(&mut guard, || editor::edit(&request.text))?;
            input = InputThread::spawn(sender.clone());
            app.finish_text_edit(request, edited);
        }
    }
    Ok(())
}

/// Gives the terminal to `program` (the user's editor) and takes it back.
/// The input thread must be stopped first: the editor needs the keys.
fn lend_terminal<T>(guard: &mut TerminalGuard, program: impl FnOnce() -> T) -> Result<T, TuiError> {
    guard.suspend();
    let outcome = program();
    guard.resume()?;
    Ok(outcome)
}
