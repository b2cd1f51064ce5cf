//! Where kith keeps things by default: the store and the logs in the
//! platform's data directory, the config in its config directory.

use std::path::PathBuf;

/// The folder for kith's data: `<data dir>/kith` (on Linux
/// `~/.local/share/kith`, on Windows `%APPDATA%\kith`).
pub fn data_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.data_dir().join("kith"))
}

/// The store used when neither `--db` nor `KITH_DB` names one.
pub fn default_store() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("kith.db"))
}

/// The folder for log files.
pub fn log_dir() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("logs"))
}

/// The folder for the config file (`config.toml`).
pub fn config_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.config_dir().join("kith"))
}
