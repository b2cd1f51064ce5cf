//! The screen's settings from `config.toml` in kith's config folder: for
//! now, the keys of each [`Action`]. A config with mistakes does not stop
//! kith: the mistakes become a message on the screen and the rest applies.

use super::action::Action;
use super::keymap::{Key, Keymap};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The commented default config, shipped so users can copy it.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

/// The screen's settings, and what was wrong with the config file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Keys to actions.
    pub keymap: Keymap,
    /// Mistakes found in the config file, one sentence each.
    pub problems: Vec<String>,
}

/// The config file as written: `[keys]` maps action names to a key or a
/// list of keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    keys: BTreeMap<String, OneOrMany>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(key) => vec![key.as_str()],
            OneOrMany::Many(keys) => keys.iter().map(String::as_str).collect(),
        }
    }
}

/// Where the config file is: `<config dir>/kith/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    crate::paths::config_dir().map(|dir| dir.join("config.toml"))
}

impl Config {
    /// Reads the user's config; with no file, the defaults.
    pub fn load() -> Config {
        match config_path() {
            Some(path) if path.is_file() => Config::from_file(&path),
            _ => Config::default(),
        }
    }

    /// Reads a config file.
    pub fn from_file(path: &Path) -> Config {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::from_text(&text, path),
            Err(error) => Config {
                problems: vec![format!("cannot read {}: {error}", path.display())],
                ..Config::default()
            },
        }
    }

    /// Reads config text; `path` names the file in messages.
    pub fn from_text(text: &str, path: &Path) -> Config {
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(error) => {
                let problem = format!(
                    "{} is not valid ({}); kith is using its default keys",
                    path.display(),
                    error.message()
                );
                return Config {
                    problems: vec![problem],
                    ..Config::default()
                };
            }
        };
        let mut config = Config::default();
        for (name, keys) in &raw.keys {
            config.apply(path, name, keys);
        }
        config
    }

    fn apply(&mut self, path: &Path, name: &str, keys: &OneOrMany) {
        let Some(action) = Action::from_name(name) else {
            self.problems.push(format!(
                "{}: \"{name}\" is not an action; see the list in the default config.toml",
                path.display()
            ));
            return;
        };
        let mut parsed = Vec::new();
        for text in keys.items() {
            match Key::parse(text) {
                Ok(key) => parsed.push(key),
                Err(problem) => self.problems.push(format!(
                    "{}: {problem} (for {name}); write keys like \"q\", \"ctrl-d\", \"enter\"",
                    path.display()
                )),
            }
        }
        self.keymap.rebind(action, &parsed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_shipped_config_is_valid_and_names_every_action() {
        let config = Config::from_text(DEFAULT_CONFIG, Path::new("config.toml"));
        assert!(config.problems.is_empty(), "{:?}", config.problems);
        for action in Action::ALL {
            assert!(
                DEFAULT_CONFIG.contains(&format!("# {} = ", action.name())),
                "{action:?}"
            );
        }
    }

    #[test]
    fn a_binding_replaces_the_default_keys_of_its_action() {
        let config = Config::from_text("[keys]\nquit = \"x\"\n", Path::new("c.toml"));
        assert_eq!(config.keymap.action(&key('x')), Some(Action::Quit));
        assert_eq!(config.keymap.action(&key('q')), None);
    }

    #[test]
    fn mistakes_are_reported_and_the_rest_still_applies() {
        let text = "[keys]\nfly = \"x\"\ndown = [\"hyper-j\", \"n\"]\n";
        let config = Config::from_text(text, Path::new("c.toml"));
        assert_eq!(config.problems.len(), 2, "{:?}", config.problems);
        assert!(config
            .problems
            .iter()
            .any(|problem| problem.contains("\"fly\" is not an action")));
        assert_eq!(config.keymap.action(&key('n')), Some(Action::Down));
    }

    #[test]
    fn a_broken_file_falls_back_to_the_defaults() {
        let config = Config::from_text("[keys\n", Path::new("c.toml"));
        assert!(config.problems[0].contains("c.toml is not valid"));
        assert_eq!(config.keymap.action(&key('q')), Some(Action::Quit));
    }
}
