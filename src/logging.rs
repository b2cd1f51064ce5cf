//! Logging with `tracing` to a file in the data directory, never to the
//! terminal: stdout belongs to command output and to the screen. `KITH_LOG`
//! sets the filter (`info` by default, `debug` for more).

use std::path::Path;
use tracing_subscriber::EnvFilter;

/// Lines waiting for the background writer; more are dropped rather than
/// making kith wait.
const LOG_QUEUE_LINES: usize = 1024;

/// Keeps the background log writer alive; logs are flushed when dropped.
pub struct LogGuard {
    _guard: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// Starts logging into `dir/kith.YYYY-MM-DD.log` (a file a day, a week
/// kept). If the folder cannot be made, kith runs without logs rather than
/// failing: logs are a help, not a need.
pub fn start(dir: Option<&Path>) -> LogGuard {
    let Some(dir) = dir else {
        return LogGuard { _guard: None };
    };
    if crate::store::create_private_dir(dir).is_err() {
        return LogGuard { _guard: None };
    }
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("kith")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir);
    let Ok(appender) = appender else {
        return LogGuard { _guard: None };
    };
    // kith logs a few lines a command; the default queue of 128,000 lines
    // cost a command-line search a tenth of its time just to allocate.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .finish(appender);
    let filter = EnvFilter::try_from_env("KITH_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second start (in tests) finds a subscriber already installed; the
    // first one keeps logging, so the failure is of no consequence.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    LogGuard {
        _guard: Some(guard),
    }
}
