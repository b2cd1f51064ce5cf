//! Taking over the terminal and always giving it back: a guard that
//! restores it when dropped (on quit and on error), and a panic hook that
//! restores it before the panic message, which says where the log is.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::ExecutableCommand;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout};

/// The terminal the screen draws on.
pub type Screen = Terminal<CrosstermBackend<Stdout>>;

/// Holds the terminal in raw mode on the alternate screen; dropping it
/// gives the terminal back as it was.
pub struct TerminalGuard {
    /// The terminal to draw on.
    pub terminal: Screen,
}

impl TerminalGuard {
    /// Enters raw mode, the alternate screen and mouse capture.
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let mut stdout = io::stdout();
        // If entering fails half way, what was done is undone by `restore`.
        if let Err(error) = stdout
            .execute(EnterAlternateScreen)
            .and_then(|stdout| stdout.execute(EnableMouseCapture))
        {
            restore();
            return Err(error);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())?;
        Ok(TerminalGuard { terminal })
    }
}

impl TerminalGuard {
    /// Gives the terminal back for a while, to run the user's editor.
    pub fn suspend(&mut self) {
        restore();
        let _ = self.terminal.show_cursor();
    }

    /// Takes the terminal again after [`TerminalGuard::suspend`], and
    /// clears it so the next frame is drawn whole.
    pub fn resume(&mut self) -> io::Result<()> {
        terminal::enable_raw_mode()?;
        io::stdout()
            .execute(EnterAlternateScreen)?
            .execute(EnableMouseCapture)?;
        self.terminal.clear()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        let _ = self.terminal.show_cursor();
    }
}

/// Gives the terminal back. Each step is tried even if an earlier one
/// failed, because a half-restored terminal is still better than none.
pub fn restore() {
    let mut stdout = io::stdout();
    let _ = stdout.execute(DisableMouseCapture);
    let _ = stdout.execute(LeaveAlternateScreen);
    let _ = terminal::disable_raw_mode();
}

/// Restores the terminal before Rust prints a panic, and says where the
/// log is, so that a crash leaves a usable shell and a trail to follow.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!(%info, "the screen panicked");
        previous(info);
        eprintln!("{}", crash_note());
    }));
}

/// What to tell the user after a crash.
pub fn crash_note() -> String {
    match crate::paths::log_dir() {
        Some(dir) => format!(
            "kith stopped because of a bug. The log is in {}; please send the newest \
             kith log file with a note of what you were doing.",
            dir.display()
        ),
        None => "kith stopped because of a bug; no log folder could be found.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crash_note_says_where_the_log_is() {
        let note = crash_note();
        match crate::paths::log_dir() {
            Some(dir) => assert!(note.contains(&dir.display().to_string()), "{note}"),
            None => assert!(note.contains("no log folder"), "{note}"),
        }
    }
}
