//! Which key does which [`Action`]: the defaults, the text form of keys
//! users write in `config.toml` (`ctrl-d`, `shift-tab`, `G`), and the
//! lookup the screen does for every key press.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// One key with its modifiers, normalised so that `G` and `shift-g` are the
/// same key (terminals differ in whether they report shift with capitals).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    code: KeyCodeOrd,
    modifiers: u8,
}

/// `KeyCode` has no order; this wrapper keeps the keymap sortable so that
/// the help lists keys in a stable order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct KeyCodeOrd(KeyCode);

impl PartialOrd for KeyCodeOrd {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KeyCodeOrd {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        format!("{:?}", self.0).cmp(&format!("{:?}", other.0))
    }
}

impl Key {
    /// The key a terminal event stands for.
    pub fn from_event(event: &KeyEvent) -> Key {
        // Shift is dropped: it is already in the character (`G`), and some
        // terminals report shift-tab as BackTab with shift, others without.
        let modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Key {
            code: KeyCodeOrd(code),
            modifiers: modifiers.bits(),
        }
    }

    /// Whether the key types a character into a text box.
    pub fn is_plain_character(&self) -> bool {
        self.modifiers == 0 && matches!(self.code.0, KeyCode::Char(_))
    }

    /// Reads a key as written in the config: `q`, `G`, `ctrl-d`, `alt-x`,
    /// `enter`, `esc`, `tab`, `shift-tab`, `up`, `pagedown`, `f1`, `space`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(after) = lower.strip_prefix("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - after.len()..];
            } else if let Some(after) = lower.strip_prefix("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = &rest[rest.len() - after.len()..];
            } else {
                break;
            }
        }
        let code = named_code(rest).ok_or_else(|| format!("\"{text}\" is not a key"))?;
        let event = KeyEvent::new(code, modifiers);
        Ok(Key::from_event(&event))
    }
}

/// The code of a key name, or of a single character.
fn named_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(only), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(only));
    }
    let code = match name.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "backspace" => KeyCode::Backspace,
        "tab" => KeyCode::Tab,
        "shift-tab" | "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "delete" | "del" => KeyCode::Delete,
        "space" => KeyCode::Char(' '),
        function => KeyCode::F(function.strip_prefix('f')?.parse().ok()?),
    };
    Some(code)
}

impl fmt::Display for Key {
    /// Writes the key as the config would, so the help shows what to type.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let modifiers = KeyModifiers::from_bits_truncate(self.modifiers);
        if modifiers.contains(KeyModifiers::CONTROL) {
            formatter.write_str("ctrl-")?;
        }
        if modifiers.contains(KeyModifiers::ALT) {
            formatter.write_str("alt-")?;
        }
        match self.code.0 {
            KeyCode::Char(' ') => formatter.write_str("space"),
            KeyCode::Char(c) => write!(formatter, "{c}"),
            KeyCode::Enter => formatter.write_str("enter"),
            KeyCode::Esc => formatter.write_str("esc"),
            KeyCode::Backspace => formatter.write_str("backspace"),
            KeyCode::Tab => formatter.write_str("tab"),
            KeyCode::BackTab => formatter.write_str("shift-tab"),
            KeyCode::Up => formatter.write_str("up"),
            KeyCode::Down => formatter.write_str("down"),
            KeyCode::Left => formatter.write_str("left"),
            KeyCode::Right => formatter.write_str("right"),
            KeyCode::Home => formatter.write_str("home"),
            KeyCode::End => formatter.write_str("end"),
            KeyCode::PageUp => formatter.write_str("pageup"),
            KeyCode::PageDown => formatter.write_str("pagedown"),
            KeyCode::Delete => formatter.write_str("delete"),
            KeyCode::F(number) => write!(formatter, "f{number}"),
            other => write!(formatter, "{other:?}"),
        }
    }
}

/// The keys kith starts with, before `config.toml` changes any.
const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::Quit, &["q", "ctrl-c"]),
    (Action::Help, &["?", "f1"]),
    (Action::Up, &["k", "up", "ctrl-p"]),
    (Action::Down, &["j", "down", "ctrl-n"]),
    (Action::HalfPageUp, &["ctrl-u", "pageup"]),
    (Action::HalfPageDown, &["ctrl-d", "pagedown"]),
    (Action::Top, &["g", "home"]),
    (Action::Bottom, &["G", "end"]),
    (Action::Open, &["enter"]),
    (Action::Back, &["esc", "backspace"]),
    (Action::Search, &["/"]),
    (Action::ClearQuery, &["ctrl-x"]),
    (Action::CycleNation, &["tab"]),
    (Action::CycleKind, &["shift-tab"]),
    (Action::Filters, &["f", "ctrl-f"]),
    (Action::ClearFilters, &["F"]),
    (Action::Add, &["a"]),
    (Action::Edit, &["e"]),
    (Action::EditAsText, &["E"]),
    (Action::Link, &["l"]),
    (Action::LogInteraction, &["i"]),
    (Action::Delete, &["d"]),
    (Action::Import, &["I"]),
    (Action::Duplicates, &["D"]),
    (Action::MergePair, &["m"]),
    (Action::DismissPair, &["x"]),
    (Action::NextTab, &["]"]),
    (Action::PreviousTab, &["["]),
    (Action::ShowSearch, &["1"]),
    (Action::ShowOrganisations, &["2"]),
    (Action::ShowNetworks, &["3"]),
    (Action::ShowPlaces, &["4"]),
    (Action::Refresh, &["ctrl-r"]),
];

/// Keys to actions. Each key does one action; an action may have several.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: BTreeMap<Key, Action>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let mut keymap = Keymap {
            bindings: BTreeMap::new(),
        };
        for (action, keys) in DEFAULTS {
            for key in *keys {
                // The defaults are written above and checked by a test.
                if let Ok(key) = Key::parse(key) {
                    keymap.bindings.insert(key, *action);
                }
            }
        }
        keymap
    }
}

impl Keymap {
    /// The action a key press stands for, if any.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.bindings.get(&Key::from_event(event)).copied()
    }

    /// Gives `action` exactly `keys`, taking them from any other action.
    pub fn rebind(&mut self, action: Action, keys: &[Key]) {
        self.bindings.retain(|_, bound| *bound != action);
        for key in keys {
            self.bindings.insert(*key, action);
        }
    }

    /// The keys of an action, as the help shows them.
    /// Plain characters come first: they are what the hints show.
    pub fn keys_of(&self, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|(_, bound)| **bound == action)
            .map(|(key, _)| *key)
            .collect();
        keys.sort_by_key(|key| (key.modifiers != 0, !matches!(key.code.0, KeyCode::Char(_))));
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses() {
        for (_, keys) in DEFAULTS {
            for key in *keys {
                assert!(Key::parse(key).is_ok(), "{key}");
            }
        }
    }

    #[test]
    fn capitals_and_control_keys_match_terminal_events() {
        let keymap = Keymap::default();
        let capital_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action(&capital_g), Some(Action::Bottom));
        let control_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(&control_d), Some(Action::HalfPageDown));
        let shift_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(keymap.action(&shift_tab), Some(Action::CycleKind));
    }

    #[test]
    fn keys_print_as_they_are_written() {
        for text in ["ctrl-d", "G", "shift-tab", "enter", "f1", "space", "alt-x"] {
            assert_eq!(Key::parse(text).unwrap().to_string(), text);
        }
        assert!(Key::parse("ctrl-").is_err());
        assert!(Key::parse("hyper-q").is_err());
    }

    #[test]
    fn rebinding_takes_the_key_from_its_old_action() {
        let mut keymap = Keymap::default();
        keymap.rebind(Action::Quit, &[Key::parse("d").unwrap()]);
        let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(keymap.action(&d), Some(Action::Quit));
        assert!(keymap.keys_of(Action::Delete).is_empty());
        assert_eq!(keymap.keys_of(Action::Quit).len(), 1);
    }
}
