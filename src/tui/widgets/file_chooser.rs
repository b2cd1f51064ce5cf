//! A popup to choose a file by its path: the path is typed in a box, and
//! below it the folder the path is in is listed, narrowed to the names
//! that start with what follows the last separator. Only folders and the
//! files worth choosing (sync files, by their extension) are listed; any
//! other file can still be chosen by typing its whole path.
//!
//! Paths are handled with `std::path`, so that `\` separates folders on
//! Windows and names compare without regard to case, as its file system
//! does.

use super::input::TextInput;
use super::scroll::{moved, offset_for};
use super::text::{fit, fit_line};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;
use std::path::{is_separator, Path, PathBuf, MAIN_SEPARATOR};

/// How many entries the popup shows at once.
const ROWS: u16 = 12;

/// How many entries of one folder are read at most: enough to find a
/// file by typing its first letters, few enough to read at every key.
const MAX_ENTRIES: usize = 2_000;

/// One name in the folder listed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    name: String,
    is_folder: bool,
}

/// What a key did to the chooser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// Still choosing.
    Choosing,
    /// This file was chosen.
    File(PathBuf),
    /// The user gave up.
    Cancelled,
}

/// A path being typed, and the folder it is in, listed.
#[derive(Clone, Debug)]
pub struct FileChooser {
    title: String,
    extensions: &'static [&'static str],
    path: TextInput,
    entries: Vec<Entry>,
    selected: usize,
    offset: usize,
    problem: Option<String>,
}

impl FileChooser {
    /// A chooser titled `title` starting in `folder`, listing folders and
    /// the files whose extension is one of `extensions`.
    pub fn new(title: &str, folder: &Path, extensions: &'static [&'static str]) -> FileChooser {
        let mut start = folder.display().to_string();
        if !start.ends_with(is_separator) {
            start.push(MAIN_SEPARATOR);
        }
        let mut chooser = FileChooser {
            title: title.to_string(),
            extensions,
            path: TextInput::new(&start),
            entries: Vec::new(),
            selected: 0,
            offset: 0,
            problem: None,
        };
        chooser.relist();
        chooser
    }

    /// What is typed.
    pub fn text(&self) -> &str {
        self.path.text()
    }

    /// Handles a key.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Chosen {
        if let Some(movement) = TextInput::movement(key) {
            movement(&mut self.path);
            return Chosen::Choosing;
        }
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Chosen::Cancelled,
            KeyCode::Enter => return self.choose(),
            KeyCode::Tab => self.complete(),
            KeyCode::Up => self.move_by(-1),
            KeyCode::Down => self.move_by(1),
            KeyCode::Char('p') if control => self.move_by(-1),
            KeyCode::Char('n') if control => self.move_by(1),
            KeyCode::PageUp => self.move_by(-(ROWS as isize)),
            KeyCode::PageDown => self.move_by(ROWS as isize),
            KeyCode::Char('u') if control => self.edit(TextInput::clear),
            KeyCode::Char('w') if control => self.edit(pop_path_part),
            KeyCode::Backspace => self.edit(|path| {
                path.pop();
            }),
            KeyCode::Char(c) if !control => self.edit(|path| path.push(c)),
            _ => {}
        }
        Chosen::Choosing
    }

    fn edit(&mut self, change: impl FnOnce(&mut TextInput)) {
        change(&mut self.path);
        self.relist();
    }

    /// Enter: a file typed in full, else the selected entry, is chosen; a
    /// selected folder is opened.
    fn choose(&mut self) -> Chosen {
        let typed = PathBuf::from(self.path.text());
        if typed.is_file() {
            return Chosen::File(typed);
        }
        match self.entries.get(self.selected).cloned() {
            Some(entry) if entry.is_folder => {
                self.open_folder(&entry.name);
                Chosen::Choosing
            }
            Some(entry) => Chosen::File(PathBuf::from(self.with_name(&entry.name))),
            None => {
                self.problem = Some(format!(
                    "There is no file at {}; type its path, or choose one from the list.",
                    self.path.text()
                ));
                Chosen::Choosing
            }
        }
    }

    /// Tab: the selected entry's name replaces what is typed after the
    /// last separator; a folder is opened.
    fn complete(&mut self) {
        let Some(entry) = self.entries.get(self.selected).cloned() else {
            return;
        };
        if entry.is_folder {
            self.open_folder(&entry.name);
        } else {
            self.path = TextInput::new(&self.with_name(&entry.name));
            self.relist();
        }
    }

    fn open_folder(&mut self, name: &str) {
        let mut folder = if name == ".." {
            let current = PathBuf::from(self.folder_text());
            let parent = current.parent().map(Path::to_path_buf);
            parent.unwrap_or(current).display().to_string()
        } else {
            self.with_name(name)
        };
        if !folder.ends_with(is_separator) {
            folder.push(MAIN_SEPARATOR);
        }
        self.path = TextInput::new(&folder);
        self.relist();
    }

    /// The typed folder, separator included; empty for the current one.
    fn folder_text(&self) -> &str {
        let text = self.path.text();
        match text.rfind(is_separator) {
            Some(index) => &text[..=index],
            None => "",
        }
    }

    /// What is typed after the last separator.
    fn name_typed(&self) -> &str {
        &self.path.text()[self.folder_text().len()..]
    }

    fn with_name(&self, name: &str) -> String {
        format!("{}{name}", self.folder_text())
    }

    fn move_by(&mut self, delta: isize) {
        self.selected = moved(self.selected, delta, self.entries.len());
        self.offset = offset_for(self.selected, self.offset, ROWS as usize);
    }

    /// Reads the typed folder again and keeps the entries that match,
    /// selecting the first file, the likeliest choice, if there is one.
    fn relist(&mut self) {
        self.problem = None;
        self.entries = self.matching_entries();
        let first_file = self.entries.iter().position(|entry| !entry.is_folder);
        self.selected = first_file.unwrap_or(0);
        self.offset = offset_for(self.selected, 0, ROWS as usize);
    }

    /// The entries of the typed folder that begin with the name typed.
    fn matching_entries(&self) -> Vec<Entry> {
        let folder = match self.folder_text() {
            "" => PathBuf::from("."),
            text => PathBuf::from(text),
        };
        let start = self.name_typed().to_lowercase();
        match std::fs::read_dir(&folder) {
            Ok(listing) => {
                let names = listing
                    .take(MAX_ENTRIES)
                    .filter_map(|entry| entry.ok())
                    .filter_map(|entry| self.entry(&entry.path()));
                let mut entries: Vec<Entry> =
                    names.filter(|entry| shown_for(entry, &start)).collect();
                entries.sort_by_key(|entry| (!entry.is_folder, entry.name.to_lowercase()));
                if start.is_empty() && folder.parent().is_some() {
                    entries.insert(0, Entry::folder(".."));
                }
                entries
            }
            Err(_) => Vec::new(),
        }
    }

    /// The entry for `path`, if it is a folder or a file worth choosing.
    fn entry(&self, path: &Path) -> Option<Entry> {
        let name = path.file_name()?.to_string_lossy().into_owned();
        if path.is_dir() {
            return Some(Entry::folder(&name));
        }
        let extension = path.extension()?.to_string_lossy().to_lowercase();
        self.extensions
            .contains(&extension.as_str())
            .then_some(Entry {
                name,
                is_folder: false,
            })
    }

    fn area(&self, area: Rect) -> Rect {
        let rows = (self.entries.len() as u16).clamp(1, ROWS);
        super::centred(area, 76, rows + 4)
    }

    /// Draws the chooser over `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = self.area(area);
        let title = format!(" {} ", self.title);
        let inner = super::draw_popup(frame, popup, &title, theme.border(), theme);
        if inner.height < 2 {
            return;
        }
        let row = |offset: u16| Rect {
            y: inner.y + offset,
            height: 1,
            ..inner
        };
        self.path.draw(frame, row(0), "› ", true, theme);
        self.draw_entries(frame, inner, theme);
        let last = row(inner.height - 1);
        let footer = match &self.problem {
            Some(problem) => Line::styled(problem.clone(), theme.error()),
            None => Line::styled(
                "enter choose · tab complete · ↑↓ move · esc cancel",
                theme.quiet(),
            ),
        };
        frame.render_widget(fit_line(footer, last.width as usize), last);
    }

    fn draw_entries(&self, frame: &mut Frame, inner: Rect, theme: Theme) {
        let room = inner.height.saturating_sub(2) as usize;
        if self.entries.is_empty() && room > 0 {
            let none = Line::styled("no sync files or folders here", theme.quiet());
            let area = Rect {
                y: inner.y + 1,
                height: 1,
                ..inner
            };
            frame.render_widget(none, area);
        }
        let shown = self.entries.iter().enumerate().skip(self.offset).take(room);
        for (row, (index, entry)) in shown.enumerate() {
            let mut text = entry.name.clone();
            if entry.is_folder {
                text.push(MAIN_SEPARATOR);
            }
            let style = match (index == self.selected, entry.is_folder) {
                (true, _) => theme.selected(),
                (false, true) => theme.quiet(),
                (false, false) => ratatui::style::Style::default(),
            };
            let line = Line::styled(fit(&text, inner.width as usize), style);
            let area = Rect {
                y: inner.y + 1 + row as u16,
                height: 1,
                ..inner
            };
            frame.render_widget(line, area);
        }
    }
}

impl Entry {
    fn folder(name: &str) -> Entry {
        Entry {
            name: name.to_string(),
            is_folder: true,
        }
    }
}

/// Whether `entry` shows when `start` (lower case) is typed: names that
/// begin with it, and hidden ones only when a dot is typed.
fn shown_for(entry: &Entry, start: &str) -> bool {
    let name = entry.name.to_lowercase();
    let hidden = name.starts_with('.') && !start.starts_with('.');
    name.starts_with(start) && !hidden
}

/// Ctrl-W: removes the last folder or name typed, back to the separator
/// before it.
fn pop_path_part(path: &mut TextInput) {
    // A separator just typed goes with the name before it.
    while path.text().ends_with(is_separator) && path.pop() {}
    while !path.text().is_empty() && !path.text().ends_with(is_separator) {
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_text(chooser: &mut FileChooser, text: &str) {
        for c in text.chars() {
            chooser.handle_key(&key(KeyCode::Char(c)));
        }
    }

    fn names(chooser: &FileChooser) -> Vec<&str> {
        chooser
            .entries
            .iter()
            .map(|entry| entry.name.as_str())
            .collect()
    }

    fn folder_with_files() -> tempfile::TempDir {
        let folder = tempfile::tempdir().unwrap();
        for name in [
            "from-eef.kith",
            "From-wcpp.jsonl",
            "notes.txt",
            ".hidden.kith",
        ] {
            std::fs::write(folder.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(folder.path().join("older")).unwrap();
        std::fs::write(folder.path().join("older").join("old.kith"), "x").unwrap();
        folder
    }

    #[test]
    fn lists_folders_first_then_sync_files_narrowed_by_typing() {
        let folder = folder_with_files();
        let mut chooser = FileChooser::new("Import", folder.path(), &["kith", "jsonl"]);
        assert_eq!(
            names(&chooser),
            ["..", "older", "from-eef.kith", "From-wcpp.jsonl"]
        );
        type_text(&mut chooser, "fr");
        assert_eq!(names(&chooser), ["from-eef.kith", "From-wcpp.jsonl"]);
        chooser.handle_key(&key(KeyCode::Down));
        let chosen = chooser.handle_key(&key(KeyCode::Enter));
        assert_eq!(chosen, Chosen::File(folder.path().join("From-wcpp.jsonl")));
    }

    #[test]
    fn tab_and_enter_open_folders_and_ctrl_w_goes_back_up() {
        let folder = folder_with_files();
        let mut chooser = FileChooser::new("Import", folder.path(), &["kith"]);
        type_text(&mut chooser, "ol");
        chooser.handle_key(&key(KeyCode::Tab));
        assert_eq!(names(&chooser), ["..", "old.kith"]);
        chooser.handle_key(&key(KeyCode::Down));
        let chosen = chooser.handle_key(&key(KeyCode::Enter));
        assert_eq!(
            chosen,
            Chosen::File(folder.path().join("older").join("old.kith"))
        );
        let control_w = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL);
        chooser.handle_key(&control_w);
        assert_eq!(names(&chooser)[1], "older");
    }

    #[test]
    fn a_file_typed_in_full_is_chosen_whatever_its_extension() {
        let folder = folder_with_files();
        let mut chooser = FileChooser::new("Import", folder.path(), &["kith"]);
        type_text(&mut chooser, "notes.txt");
        assert!(names(&chooser).is_empty());
        let chosen = chooser.handle_key(&key(KeyCode::Enter));
        assert_eq!(chosen, Chosen::File(folder.path().join("notes.txt")));
        chooser.handle_key(&key(KeyCode::Char('x')));
        assert_eq!(chooser.handle_key(&key(KeyCode::Enter)), Chosen::Choosing);
        assert!(chooser.problem.is_some());
    }
}
