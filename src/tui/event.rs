//! What the screen reacts to, on one channel: terminal input (read on its
//! own thread, so drawing never waits for a key), answers from the search
//! worker, and the outcomes of slow jobs.

use super::jobs::JobAnswer;
use super::worker::SearchResponse;
use crossterm::event::Event;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Something that happened, for the app to handle.
#[derive(Debug)]
pub enum AppEvent {
    /// A key, mouse or resize event from the terminal.
    Input(Event),
    /// The search worker answered.
    Search(SearchResponse),
    /// A job on a thread of its own finished.
    Job(JobAnswer),
}

/// How often the input thread checks whether it should stop.
const INPUT_POLL: Duration = Duration::from_millis(50);

/// The thread that reads terminal input and forwards it.
pub struct InputThread {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl InputThread {
    /// Starts reading input into `events`.
    pub fn spawn(events: Sender<AppEvent>) -> InputThread {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let handle = std::thread::spawn(move || read_input(&events, &stopping));
        InputThread {
            stop,
            handle: Some(handle),
        }
    }
}

impl Drop for InputThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// Polls with a timeout rather than blocking, so the thread notices when
/// it is asked to stop and never holds the terminal after the screen ends.
fn read_input(events: &Sender<AppEvent>, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        match crossterm::event::poll(INPUT_POLL) {
            Ok(true) => match crossterm::event::read() {
                Ok(event) => {
                    if events.send(AppEvent::Input(event)).is_err() {
                        return;
                    }
                }
                Err(error) => {
                    tracing::error!(%error, "cannot read the terminal");
                    return;
                }
            },
            Ok(false) => {}
            Err(error) => {
                tracing::error!(%error, "cannot poll the terminal");
                return;
            }
        }
    }
}
