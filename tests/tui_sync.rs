//! The screen's share of sync, driven headless: importing a sync file
//! through its preview (cancelled, applied, refused, and a large loss
//! asked about), and the queue of duplicates (listed, dismissed for good,
//! merged as `kith merge` merges). Stores are files where it matters, so
//! that the jobs run on their own threads as they do for users.

mod tui_support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use kith::model::Date;
use kith::ops::{self, NewRecord};
use kith::store::{Store, StoreError};
use kith::sync::{self, Mode, Selection};
use kith::tui::event::AppEvent;
use kith::tui::views::chrome::Message;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tui_support::*;

/// Adds a person to `store`, giving their id.
fn add_person(store: &mut Store, name: &str, email: &str) -> String {
    let new = NewRecord {
        kind: Some(kith::model::Kind::Person),
        name: name.into(),
        emails: vec![email.into()],
        ..NewRecord::default()
    };
    ops::add(store, &new).expect("add").id
}

/// Another Centre's store with `count` people, and the file it exported
/// into `folder` as `name`.
fn exported_file(folder: &Path, name: &str, count: usize) -> (Store, PathBuf) {
    let mut sender = Store::in_memory("EEF").unwrap();
    for index in 0..count {
        let name = format!("Person {index} of EEF");
        add_person(&mut sender, &name, &format!("p{index}@eef.example"));
    }
    let path = folder.join(name);
    sync::export(&sender, &Selection::default(), &path).unwrap();
    (sender, path)
}

/// Presses a plain key without waiting for anything the app started.
fn press_only(harness: &mut Harness, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    harness.app.handle(AppEvent::Input(Event::Key(key)));
}

/// Opens the import popup and chooses `path` by typing it.
fn choose(harness: &mut Harness, path: &Path) {
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('I'));
    harness.press_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    harness.type_text(&path.display().to_string());
    harness.press(KeyCode::Enter);
}

/// The text inside the popup drawn over the screen, its rows joined with
/// spaces, so that wrapped sentences can be looked for whole.
fn popup_text(harness: &Harness) -> String {
    let mut parts = Vec::new();
    for row in harness.screen() {
        let (Some(start), Some(end)) = (row.find('│'), row.rfind('│')) else {
            continue;
        };
        if start < end {
            parts.push(row[start + '│'.len_utf8()..end].trim().to_string());
        }
    }
    parts.join(" ")
}

fn dump(harness: &Harness) -> String {
    harness.app.store().dump().unwrap()
}

/// The screen masked as [`Harness::screen`] masks it, and beyond: when a
/// sync file was written (`2026-12-03T19:29:18.568Z`, in UTC, which may
/// not be today here), and dates cut short at the edge of a column
/// (`2026-1…`), which the whole-date mask cannot recognise.
fn masked_screen(harness: &Harness) -> Vec<String> {
    let buffer = harness.buffer();
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let row: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
            mask_cut_dates(&mask(&mask_written_at(row.trim_end())))
        })
        .collect()
}

fn mask_written_at(line: &str) -> String {
    let shape = "0000-00-00T00:00:00.000Z";
    let chars: Vec<char> = line.chars().collect();
    let mut masked = String::new();
    let mut index = 0;
    while index < chars.len() {
        let candidate: String = chars[index..].iter().take(shape.len()).collect();
        let fits = candidate.chars().count() == shape.len()
            && candidate.chars().zip(shape.chars()).all(|(c, s)| match s {
                '0' => c.is_ascii_digit(),
                other => c == other,
            });
        if fits {
            masked.push_str("WRITTEN-AT");
            index += shape.len();
        } else {
            masked.push(chars[index]);
            index += 1;
        }
    }
    masked
}

fn mask_cut_dates(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut masked = String::new();
    let mut index = 0;
    while index < chars.len() {
        let year = chars.len() >= index + 5
            && chars[index..index + 4].iter().all(char::is_ascii_digit)
            && chars[index + 4] == '-';
        if year {
            let date = |c: &char| c.is_ascii_digit() || *c == '-' || *c == '…';
            index += chars[index..].iter().take_while(|c| date(c)).count();
            masked.push_str("DATE");
        } else {
            masked.push(chars[index]);
            index += 1;
        }
    }
    masked
}

/// Compares the masked screen with `expected`, row by row.
#[track_caller]
fn assert_masked_screen(harness: &Harness, expected: &[&str]) {
    let screen = masked_screen(harness);
    if screen != expected {
        let shown: Vec<String> = screen.iter().map(|row| format!("    {row:?},")).collect();
        panic!("the screen differs; it shows:\n{}\n", shown.join("\n"));
    }
}

#[test]
fn the_preview_gives_a_real_files_counts_at_80x24_and_cancelling_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let (_, file) = exported_file(folder.path(), "from-eef.kith", 3);
    let mut harness = Harness::new(small_store_file(folder.path()), 80, 24);
    let before = dump(&harness);
    // The places tab: a background that does not depend on search ranking.
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('4'));
    choose(&mut harness, &file);
    assert_masked_screen(
        &harness,
        &[
            "kith  1 Search  2 Organisations  3 Networks  4 Places  2 people · 1 organisatio…",
            "Find a place:",
            "",
            "England  nation",
            "Scotland  nation",
            "Wales  nation",
            "Northern Ireland  nation",
            "Aberdeen City  Scotland",
            "Ab┌ Import preview ──────────────────────────────────────────────────────────┐",
            "Ad│Nothing has changed yet. Importing would give:                            │",
            "Am│                                                                          │",
            "An│from-eef.kith (from EEF, written WRITTEN-AT):               │",
            "An│  3 new, 0 updated, 0 deleted, 0 erased, 0 unchanged, 0 conflicts         │",
            "Ar│enter/y import · esc/n cancel · j/k scroll                                │",
            "Ar└──────────────────────────────────────────────────────────────────────────┘",
            "Armagh City, Banbridge and Craigavon  Northern Ireland",
            "Arun  England",
            "Ashfield  England",
            "Ashford  England",
            "Babergh  England",
            "Barking and Dagenham  England",
            "Barnet  England",
            "Barnsley  England",
            "/ find · enter everyone there · ? help · q quit",
        ],
    );
    harness.press(KeyCode::Esc);
    let cancelled = "Nothing was imported; the store is as it was.";
    assert_eq!(
        harness.app.message(),
        Some(&Message::Note(cancelled.into()))
    );
    assert_eq!(dump(&harness), before);
}

#[test]
fn applying_the_preview_imports_the_file_and_the_list_shows_its_people() {
    let folder = tempfile::tempdir().unwrap();
    let (sender, file) = exported_file(folder.path(), "from-eef.kith", 3);
    let mut harness = Harness::new(small_store_file(folder.path()), 80, 24);
    let before = dump(&harness);
    choose(&mut harness, &file);
    assert!(popup_text(&harness).contains("3 new, 0 updated"));
    press_only(&mut harness, KeyCode::Enter);
    // The app starts the import as a job when idle; until its outcome is
    // handled the popup says so, and Esc cannot call the import back.
    harness.app.idle();
    let shown = popup_text(&harness);
    assert!(shown.contains("Importing from-eef.kith…"), "{shown}");
    press_only(&mut harness, KeyCode::Esc);
    assert!(popup_text(&harness).contains("Importing from-eef.kith…"));
    harness.settle();
    let done = "Imported from-eef.kith: 3 new, 0 updated, 0 deleted, 0 erased.";
    assert_eq!(harness.app.message(), Some(&Message::Done(done.into())));
    assert_ne!(dump(&harness), before);
    // Every record the file carried is now here, field for field.
    for record in sender.all_records().unwrap() {
        let imported = harness.app.store().get(&record.id).unwrap();
        assert_eq!(imported.map(|record| record.fields), Some(record.fields));
    }
    harness.press(KeyCode::Char('/'));
    harness.type_text("person 2 of eef");
    assert_eq!(harness.selected_name().as_deref(), Some("Person 2 of EEF"));
}

#[test]
fn a_damaged_file_shows_why_it_was_refused_and_the_store_is_unchanged() {
    let folder = tempfile::tempdir().unwrap();
    let (_, file) = exported_file(folder.path(), "from-eef.kith", 3);
    let damaged = folder.path().join("damaged.kith");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&damaged, text.replace("Person 1", "Person 7")).unwrap();
    let not_sync = folder.path().join("notes.txt");
    std::fs::write(&not_sync, "a shopping list\n").unwrap();
    let mut harness = Harness::new(small_store_file(folder.path()), 80, 24);
    let before = dump(&harness);
    for (path, why) in [
        (&damaged, "do not match the checksum"),
        (&not_sync, "it is not a kith sync file"),
    ] {
        choose(&mut harness, path);
        assert_shows(&harness, "┌ Not imported ");
        let shown = popup_text(&harness);
        assert!(shown.contains(why), "{shown}");
        assert!(shown.contains("The store was not changed."), "{shown}");
        harness.press(KeyCode::Char('x'));
        assert_hides(&harness, "Not imported");
        assert_eq!(dump(&harness), before);
    }
}

#[test]
fn a_file_that_deletes_much_of_the_store_asks_as_kith_import_does() {
    let folder = tempfile::tempdir().unwrap();
    let (mut sender, first) = exported_file(folder.path(), "first.kith", 12);
    let mut receiver = small_store_file(folder.path());
    sync::import(&mut receiver, &[first], Mode::default()).unwrap();
    for record in sender.all_records().unwrap().iter().take(10) {
        ops::remove(&mut sender, &record.id).unwrap();
    }
    let second = folder.path().join("second.kith");
    sync::export(&sender, &Selection::default(), &second).unwrap();
    let mut harness = Harness::new(receiver, 80, 24);
    let before = dump(&harness);
    let live = harness.app.store().counts().unwrap();
    let live = live.people + live.organisations + live.networks + live.links + live.interactions;

    choose(&mut harness, &second);
    assert!(popup_text(&harness).contains("It would delete 10 and erase 0"));
    harness.press(KeyCode::Enter);
    let question = format!("The files would delete 10 and erase 0 of {live} records. Go on?");
    assert!(
        popup_text(&harness).contains(&question),
        "{}",
        popup_text(&harness)
    );
    harness.press(KeyCode::Char('n'));
    assert_eq!(dump(&harness), before);

    choose(&mut harness, &second);
    harness.press(KeyCode::Enter);
    harness.press(KeyCode::Char('y'));
    harness.settle();
    let done = "Imported second.kith: 0 new, 0 updated, 10 deleted, 0 erased.";
    assert_eq!(harness.app.message(), Some(&Message::Done(done.into())));
}

/// The names on the records row of the duplicates view: the kept one and
/// the one that would be merged into it.
fn pair_on_screen(harness: &Harness) -> (String, String) {
    let row = harness.screen()[3].clone();
    let (left, right) = row.split_once('│').expect("two records side by side");
    let name = |side: &str| {
        let side = side.trim().trim_start_matches("P ");
        side.split("  ").next().unwrap_or_default().to_string()
    };
    (name(left), name(right))
}

/// Every pair the view lists, going through them with `j`.
fn pairs_listed(harness: &mut Harness, count: usize) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for _ in 0..count {
        pairs.push(pair_on_screen(harness));
        harness.press(KeyCode::Char('j'));
    }
    harness.press(KeyCode::Char('g'));
    pairs
}

fn pair(first: &str, second: &str) -> (String, String) {
    (first.to_string(), second.to_string())
}

#[test]
fn the_duplicates_list_the_demos_planted_pairs_after_looking() {
    let mut harness = Harness::new(example_store(), 100, 30);
    harness.press(KeyCode::Esc);
    press_only(&mut harness, KeyCode::Char('D'));
    assert_shows(&harness, "Looking for duplicates…");
    harness.settle();
    assert_row(&harness, 1, "Duplicates › pair 1 of 4 · same ");
    assert_row(&harness, 2, "Kept (entered first)");
    let mut listed = pairs_listed(&mut harness, 4);
    listed.sort();
    let mut planted = vec![
        pair("Catherine O'Neill", "Cathy O'Neill"),
        pair("Gareth Pritchard", "Gareth Prichard"),
        pair("Mhairi MacLeod", "Mhairi McLeod"),
        pair("Samuel Adeyemi", "Sam Adeyemi"),
    ];
    planted.sort();
    assert_eq!(listed, planted);
    assert_shows(&harness, "m merge · x not the same · j next · k previous");
    harness.press(KeyCode::Esc);
    assert!(!harness.app.shows_duplicates());
    assert_row(&harness, 1, "Search:");
}

/// A store file in `folder` holding the example data.
fn example_store_file(folder: &Path) -> PathBuf {
    let path = folder.join("example.db");
    let mut store = Store::create(&path, CENTRE).unwrap();
    store
        .write(|writer| {
            kith::demo::load_example(writer, Date::today())
                .map_err(|error| StoreError::Invalid(error.to_string()))?;
            Ok(())
        })
        .unwrap();
    path
}

/// The binary run on the store at `path`, giving its stdout.
fn kith(path: &Path, arguments: &[&str]) -> String {
    let home = path.parent().unwrap();
    let output = assert_cmd::Command::cargo_bin("kith")
        .unwrap()
        .env("HOME", home)
        .env_remove("KITH_DB")
        .arg("--db")
        .arg(path)
        .args(arguments)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_dismissed_pair_stays_dismissed_after_reopening_and_on_the_command_line() {
    let folder = tempfile::tempdir().unwrap();
    let path = example_store_file(folder.path());
    let mut harness = Harness::new(Store::open(&path).unwrap(), 100, 30);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('D'));
    let dismissed = pair_on_screen(&harness);
    harness.press(KeyCode::Char('x'));
    let done = format!(
        "{} and {} will not be suggested again (in this store).",
        dismissed.0, dismissed.1
    );
    assert_eq!(harness.app.message(), Some(&Message::Done(done)));
    assert_row(&harness, 1, "Duplicates › pair 1 of 3 · ");
    drop(harness);

    let mut harness = Harness::new(Store::open(&path).unwrap(), 100, 30);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('D'));
    assert_shows(&harness, "1 dismissed left out");
    assert!(!pairs_listed(&mut harness, 3).contains(&dismissed));
    drop(harness);

    let listed = kith(&path, &["duplicates"]);
    let described = format!("{} (", dismissed.0);
    assert!(!listed.contains(&described), "{listed}");
    assert!(listed.contains("Left out 1 pair dismissed as not duplicates"));
    assert_eq!(listed.lines().count(), 4, "{listed}");
}

/// A dump with the stamps and creation times taken out: two stores that
/// made the same changes at different moments then print the same.
fn without_stamps(dump: &str) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("stamp");
                map.remove("created_at");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value: Value = serde_json::from_str(dump).unwrap();
    strip(&mut value);
    value
}

#[test]
fn merging_from_the_queue_gives_the_dump_kith_merge_gives() {
    let folder = tempfile::tempdir().unwrap();
    let screen_copy = example_store_file(folder.path());
    let command_line_copy = folder.path().join("copy.db");
    std::fs::copy(&screen_copy, &command_line_copy).unwrap();
    assert_eq!(
        Store::open(&screen_copy).unwrap().dump().unwrap(),
        Store::open(&command_line_copy).unwrap().dump().unwrap()
    );

    let mut harness = Harness::new(Store::open(&screen_copy).unwrap(), 100, 30);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('D'));
    let merged = pair_on_screen(&harness);
    harness.press(KeyCode::Char('m'));
    let question = format!("Merge {} into {}?", merged.1, merged.0);
    assert!(popup_text(&harness).contains(&question));
    harness.press(KeyCode::Char('y'));
    assert_row(&harness, 1, "Duplicates › pair 1 of 3 · ");
    assert!(
        matches!(harness.app.message(), Some(Message::Done(text)) if text.starts_with("Merged"))
    );
    drop(harness);

    let pairs: Value =
        serde_json::from_str(&kith(&command_line_copy, &["--json", "duplicates"])).unwrap();
    let keep = pairs[0]["keep"]["id"].as_str().unwrap();
    let fold = pairs[0]["fold"]["id"].as_str().unwrap();
    kith(&command_line_copy, &["merge", keep, fold, "--yes"]);

    let by_screen = Store::open(&screen_copy).unwrap().dump().unwrap();
    let by_command = Store::open(&command_line_copy).unwrap().dump().unwrap();
    assert_eq!(without_stamps(&by_screen), without_stamps(&by_command));
}

#[test]
fn the_duplicates_view_compares_two_records_whole_at_80x24() {
    let mut store = Store::in_memory(CENTRE).unwrap();
    add_person(&mut store, "Ann Jones", "ann@example.org");
    add_person(&mut store, "Annie Jones", "ann@example.org");
    let mut harness = Harness::new(store, 80, 24);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('D'));
    let mut expected = vec![
        "kith  1 Search  2 Organisations  3 Networks  4 Places  2 people · 0 organisatio…",
        "Duplicates › pair 1 of 1 · same email",
        "Kept (entered first)                   │Merged into it",
        "P Ann Jones  person                    │P Annie Jones  person",
        "added by Test Centre on TODAY · i…│added by Test Centre on TODAY · id…",
        "                                       │",
        "Emails       ann@example.org  · Test C…│Emails       ann@example.org  · Test Ce…",
        "Name         set by Test Centre, DATE│Name         set by Test Centre, DATE",
    ];
    expected.extend(["                                       │"; 15]);
    expected.push("m merge · x not the same · j next · k previous · backspace close · ? help");
    assert_masked_screen(&harness, &expected);
    harness.press(KeyCode::Char('x'));
    assert_row(&harness, 1, "Duplicates › 1 dismissed left out");
    assert_shows(&harness, "No pairs to review");
}

#[test]
fn help_lists_import_and_duplicates_and_the_queue_has_its_own_keys() {
    let mut harness = Harness::new(small_store(), 100, 50);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('?'));
    assert_shows(&harness, "import a sync file, with a preview");
    assert_shows(&harness, "records entered twice");
    assert_hides(&harness, "merge the pair");
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('D'));
    harness.press(KeyCode::Char('?'));
    assert_shows(&harness, "merge the pair, after asking");
    assert_shows(&harness, "not the same: never suggest them again");
    assert_shows(&harness, "The record entered first is kept");
}
