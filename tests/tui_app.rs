//! The app driven headless by key and mouse events, as a user would drive
//! it: searching, following links and coming back, filtering, and changing
//! the store through forms. Assertions name records, not scores, so that
//! they hold whichever search engine ranks the results.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEventKind};
use kith::model::Kind;
use kith::tui::config::Config;
use kith::tui::views::chrome::Message;
use std::path::Path;
use tui_support::*;

fn example() -> Harness {
    Harness::new(example_store(), 100, 30)
}

/// Searches for `query` and opens the best result.
fn open(harness: &mut Harness, query: &str) {
    harness.press_with(KeyCode::Char('x'), KeyModifiers::CONTROL);
    harness.type_text(query);
    harness.press(KeyCode::Enter);
}

#[test]
fn typing_a_name_selects_that_record() {
    let mut harness = example();
    harness.type_text("sian lloyd");
    assert_eq!(harness.selected_name().as_deref(), Some("Siân Lloyd"));
    harness.press(KeyCode::Backspace);
    harness.press_with(KeyCode::Char('w'), KeyModifiers::CONTROL);
    harness.press_with(KeyCode::Char('w'), KeyModifiers::CONTROL);
    harness.type_text("wales centre");
    assert_eq!(
        harness.selected_name().as_deref(),
        Some("Wales Centre for Public Policy")
    );
}

#[test]
fn following_a_link_and_coming_back_walks_the_breadcrumb() {
    let mut harness = example();
    open(&mut harness, "sian lloyd");
    assert_eq!(harness.open_name().as_deref(), Some("Siân Lloyd"));
    harness.press(KeyCode::Enter);
    assert_eq!(
        harness.open_name().as_deref(),
        Some("Wales Centre for Public Policy")
    );
    assert_eq!(
        harness.app.trail(),
        ["Search", "Siân Lloyd", "Wales Centre for Public Policy"]
    );
    assert_row(
        &harness,
        1,
        "Search › Siân Lloyd › Wales Centre for Public Policy",
    );
    harness.press(KeyCode::Backspace);
    assert_eq!(harness.open_name().as_deref(), Some("Siân Lloyd"));
    harness.press(KeyCode::Esc);
    assert_eq!(harness.app.open_record(), None);
    assert_eq!(harness.selected_name().as_deref(), Some("Siân Lloyd"));
}

#[test]
fn vim_keys_move_through_links() {
    let mut harness = example();
    open(&mut harness, "sian lloyd");
    harness.press(KeyCode::Char('j'));
    harness.press(KeyCode::Char('k'));
    harness.press(KeyCode::Char('G'));
    harness.press(KeyCode::Enter);
    let last = harness.open_name();
    assert_ne!(last.as_deref(), Some("Siân Lloyd"));
    harness.press(KeyCode::Backspace);
    harness.press(KeyCode::Char('g'));
    harness.press(KeyCode::Enter);
    assert_eq!(
        harness.open_name().as_deref(),
        Some("Wales Centre for Public Policy")
    );
}

#[test]
fn tab_cycles_the_nation_and_shows_a_chip() {
    let mut harness = example();
    harness.press(KeyCode::Tab);
    assert_row(&harness, 2, " nation: England ");
    harness.press(KeyCode::Tab);
    assert_row(&harness, 2, " nation: Scotland ");
    for _ in 0..3 {
        harness.press(KeyCode::Tab);
    }
    assert_row(&harness, 2, "no filters");
    harness.press(KeyCode::BackTab);
    assert_row(&harness, 2, " kind: people ");
    assert!(harness.screen()[3..29]
        .iter()
        .all(|row| row.is_empty() || row.starts_with("P ")));
}

#[test]
fn the_filter_menu_sets_a_place() {
    let mut harness = example();
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('f'));
    harness.type_text("place");
    harness.press(KeyCode::Enter);
    harness.type_text("cardiff");
    harness.press(KeyCode::Enter);
    assert_row(&harness, 2, " place: Cardiff ");
    harness.press(KeyCode::Char('/'));
    harness.type_text("sian");
    assert_eq!(harness.selected_name().as_deref(), Some("Siân Lloyd"));
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('F'));
    assert_row(&harness, 2, "no filters");
}

#[test]
fn opening_a_place_lists_everyone_there() {
    let mut harness = example();
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('4'));
    harness.press(KeyCode::Char('/'));
    harness.type_text("monmouth");
    harness.press(KeyCode::Enter);
    assert_row(&harness, 2, " place: Monmouthshire ");
    assert_shows(&harness, "Hywel Price");
}

#[test]
fn the_organisations_tab_lists_only_organisations() {
    let mut harness = example();
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('2'));
    assert_row(&harness, 1, "Search organisations:");
    let screen = harness.screen();
    assert!(
        screen[3..29]
            .iter()
            .all(|row| row.is_empty() || row.starts_with("O ")),
        "{screen:#?}"
    );
    harness.press(KeyCode::Char('3'));
    assert_row(&harness, 3, "N ");
}

#[test]
fn editing_in_a_form_changes_the_store() {
    let mut harness = Harness::new(small_store(), 100, 30);
    open(&mut harness, "ada");
    harness.press(KeyCode::Char('e'));
    assert_shows(&harness, "Edit Ada Lovelace");
    // Name, other name, emails, phones, then role.
    for _ in 0..4 {
        harness.press(KeyCode::Down);
    }
    harness.press_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    harness.type_text("Chief Engineer");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let id = harness.app.open_record().expect("Ada is open").to_string();
    let record = harness.app.store().live(&id).expect("Ada is live");
    assert_eq!(record.text("role"), Some("Chief Engineer"));
    assert_eq!(
        harness.app.message(),
        Some(&Message::Done("Saved 1 field of Ada Lovelace.".into()))
    );
    assert_shows(&harness, "Role         Chief Engineer");
}

#[test]
fn a_refused_form_says_why_and_changes_nothing() {
    let mut harness = Harness::new(small_store(), 100, 30);
    open(&mut harness, "ada");
    harness.press(KeyCode::Char('e'));
    for _ in 0..2 {
        harness.press(KeyCode::Down);
    }
    harness.type_text(", not-an-email");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_shows(&harness, "is not an email address");
    harness.press(KeyCode::Esc);
    let id = harness.app.open_record().expect("Ada is open").to_string();
    let record = harness.app.store().live(&id).expect("Ada is live");
    assert_eq!(record.list("emails"), ["ada@engines.example.org"]);
}

#[test]
fn adding_a_person_opens_them() {
    let mut harness = Harness::new(small_store(), 100, 30);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('a'));
    harness.press(KeyCode::Enter);
    harness.type_text("Grace Hopper");
    harness.press(KeyCode::Down);
    harness.press(KeyCode::Down);
    harness.type_text("Analytical Engines");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(harness.open_name().as_deref(), Some("Grace Hopper"));
    assert_shows(&harness, "› O Analytical Engines");
    assert_eq!(harness.app.store().counts().unwrap().people, 3);
    harness.press_with(KeyCode::Char('x'), KeyModifiers::CONTROL);
    harness.type_text("grace");
    assert_eq!(harness.selected_name().as_deref(), Some("Grace Hopper"));
}

#[test]
fn linking_and_logging_from_a_record() {
    let mut harness = Harness::new(small_store(), 100, 40);
    open(&mut harness, "charles");
    harness.press(KeyCode::Char('l'));
    harness.type_text("Welsh Evidence Forum");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_shows(&harness, "Networks (1)");
    harness.press(KeyCode::Char('i'));
    harness.press(KeyCode::Down);
    harness.press(KeyCode::Down);
    harness.press(KeyCode::Down);
    harness.type_text("Called about the review.");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_shows(&harness, "Interactions (2)");
    let id = harness.app.open_record().unwrap().to_string();
    assert_eq!(harness.app.store().interactions_of(&id).unwrap().len(), 2);
}

#[test]
fn deleting_asks_first() {
    let mut harness = Harness::new(small_store(), 100, 30);
    open(&mut harness, "charles");
    let id = harness.app.open_record().unwrap().to_string();
    harness.press(KeyCode::Char('d'));
    assert_shows(&harness, "Delete Charles Babbage?");
    harness.press(KeyCode::Char('n'));
    assert!(harness.app.store().live(&id).is_ok());
    harness.press(KeyCode::Char('d'));
    harness.press(KeyCode::Char('y'));
    assert!(harness.app.store().live(&id).is_err());
    assert_eq!(harness.app.open_record(), None);
    assert_eq!(
        harness.app.message(),
        Some(&Message::Done("Deleted Charles Babbage.".into()))
    );
    assert_eq!(harness.app.store().counts().unwrap().people, 1);
}

#[test]
fn the_mouse_selects_then_opens_and_scrolls() {
    let mut harness = Harness::new(small_store(), 100, 30);
    harness.press(KeyCode::Esc);
    let first = harness.selected_name();
    harness.mouse(MouseEventKind::Down(MouseButton::Left), 2, 4);
    let second = harness.selected_name();
    assert_ne!(first, second);
    harness.mouse(MouseEventKind::Down(MouseButton::Left), 2, 4);
    assert_eq!(harness.open_name(), second);
    harness.press(KeyCode::Esc);
    harness.mouse(MouseEventKind::ScrollDown, 2, 4);
    assert_ne!(harness.selected_name(), second);
    harness.mouse(MouseEventKind::Down(MouseButton::Left), 48, 0);
    assert_row(&harness, 1, "Find a place:");
}

#[test]
fn keys_from_the_config_replace_the_defaults() {
    let config = Config::from_text("[keys]\nquit = \"x\"\n", Path::new("config.toml"));
    let mut harness = Harness::with_config(small_store(), config, 80, 24);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('q'));
    assert!(harness.app.is_running());
    harness.press(KeyCode::Char('x'));
    assert!(!harness.app.is_running());
}

#[test]
fn config_mistakes_show_on_the_screen() {
    let config = Config::from_text("[keys]\nfly = \"x\"\n", Path::new("config.toml"));
    let harness = Harness::with_config(small_store(), config, 100, 24);
    assert_row(&harness, 23, "config.toml: \"fly\" is not an action");
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let mut harness = Harness::new(small_store(), 80, 24);
    harness.type_text("q");
    assert!(harness.app.is_running());
    harness.press_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(!harness.app.is_running());
}

#[test]
fn kinds_are_marked_in_results() {
    let mut harness = example();
    harness.type_text("wales");
    let screen = harness.screen();
    let badges: Vec<char> = screen[3..]
        .iter()
        .filter_map(|row| row.chars().next())
        .collect();
    assert!(badges.contains(&'O'), "{screen:#?}");
    let _ = Kind::Person;
}

#[test]
fn editing_as_text_saves_what_the_editor_gave_back() {
    let mut harness = Harness::new(small_store(), 100, 30);
    open(&mut harness, "ada");
    harness.press(KeyCode::Char('E'));
    let request = harness
        .app
        .take_text_edit()
        .expect("the app asks for an editor");
    assert!(request.text.contains("role = Director"));
    let edited = request.text.replace("role = Director", "role = Analyst");
    harness.app.finish_text_edit(request, Ok(edited));
    harness.settle();
    assert_shows(&harness, "Role         Analyst");
    let message = harness.app.message().cloned();
    assert_eq!(
        message,
        Some(Message::Done("Saved 1 field of Ada Lovelace.".into()))
    );
}

#[test]
fn an_editor_that_cannot_run_is_a_message() {
    let mut harness = Harness::new(small_store(), 100, 30);
    open(&mut harness, "ada");
    harness.press(KeyCode::Char('E'));
    let request = harness
        .app
        .take_text_edit()
        .expect("the app asks for an editor");
    harness
        .app
        .finish_text_edit(request, Err("cannot run nano".into()));
    assert_row(&harness, 29, "cannot run nano");
}

#[test]
fn a_locked_store_is_a_message_in_the_form_not_a_crash() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let store = small_store_file(folder.path());
    let path = store.path().to_path_buf();
    let mut harness = Harness::new(store, 100, 30);
    open(&mut harness, "ada");
    let other = kith::store::Store::open(&path).expect("a second connection");
    other
        .connection()
        .execute_batch("BEGIN IMMEDIATE")
        .expect("the lock is taken");
    harness.press(KeyCode::Char('e'));
    harness.type_text(" the Countess");
    // The write waits for the store's busy timeout, then gives up.
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_shows(&harness, "is busy: another kith is writing");
    other
        .connection()
        .execute_batch("ROLLBACK")
        .expect("the lock is released");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(
        harness.open_name().as_deref(),
        Some("Ada Lovelace the Countess")
    );
}

/// Opens the form for adding a person and moves to its field `field`
/// (counted from the name, 0).
fn add_person_at_field(harness: &mut Harness, field: usize) {
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('a'));
    harness.press(KeyCode::Enter);
    harness.type_text("Grace Hopper");
    for _ in 0..field {
        harness.press(KeyCode::Down);
    }
}

#[test]
fn the_place_field_completes_from_the_gazetteer() {
    let mut harness = Harness::new(small_store(), 100, 30);
    // Name, other name, organisation, role, emails, phones, then place.
    add_person_at_field(&mut harness, 6);
    harness.type_text("caerd");
    assert_shows(&harness, "›Cardiff");
    harness.press(KeyCode::Tab);
    assert_shows(&harness, "Place         Cardiff");
    assert_hides(&harness, "›Cardiff");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let id = harness
        .app
        .open_record()
        .expect("Grace is open")
        .to_string();
    let record = harness.app.store().live(&id).expect("Grace is live");
    assert_eq!(record.text("place"), Some("W06000015"));
}

#[test]
fn the_organisation_field_completes_from_the_index() {
    let mut harness = Harness::new(small_store(), 100, 30);
    add_person_at_field(&mut harness, 2);
    harness.type_text("analyt");
    assert_shows(&harness, "›Analytical Engines");
    harness.press(KeyCode::Enter);
    assert_shows(&harness, "Organisation  Analytical Engines");
    // Enter took the suggestion; the next Enter moves to the next field.
    harness.press(KeyCode::Enter);
    harness.type_text("Rear Admiral");
    assert_shows(&harness, "Role          Rear Admiral");
}

#[test]
fn arrows_move_among_suggestions_and_esc_hides_them() {
    let mut harness = Harness::new(small_store(), 100, 30);
    add_person_at_field(&mut harness, 6);
    harness.type_text("wal");
    assert_shows(&harness, "›Wales");
    harness.press(KeyCode::Down);
    assert_hides(&harness, "›Wales");
    harness.press(KeyCode::Up);
    assert_shows(&harness, "›Wales");
    harness.press(KeyCode::Esc);
    assert_hides(&harness, "›Wales");
    assert_shows(&harness, "Add person");
    // Topics are a list: only the item after the last comma completes.
    harness.press(KeyCode::Down);
    harness.type_text("Health, hous");
    harness.press(KeyCode::Tab);
    assert_shows(&harness, "Topics        Health, housing");
}

#[test]
fn a_rename_is_found_at_once_without_reloading_the_index() {
    let mut harness = Harness::new(small_store(), 100, 30);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('2'));
    harness.press(KeyCode::Enter);
    harness.press(KeyCode::Char('e'));
    assert_shows(&harness, "Edit Analytical Engines");
    harness.press_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    harness.type_text("Difference Engines");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('1'));
    harness.press_with(KeyCode::Char('x'), KeyModifiers::CONTROL);
    harness.type_text("difference engines");
    assert_shows(&harness, "O Difference Engines");
    assert_hides(&harness, "Analytical");
    // Ada's entry shows her organisation, so it was read again too.
    harness.press_with(KeyCode::Char('x'), KeyModifiers::CONTROL);
    harness.type_text("ada difference");
    assert_eq!(harness.selected_name().as_deref(), Some("Ada Lovelace"));
    assert_eq!(harness.app.index_loads(), 1);
}

#[test]
fn a_deletion_leaves_the_index_without_reloading_it() {
    let mut harness = Harness::new(small_store(), 100, 30);
    assert_shows(&harness, "2 people · 1 organisations");
    open(&mut harness, "charles");
    harness.press(KeyCode::Char('d'));
    harness.press(KeyCode::Char('y'));
    assert_shows(&harness, "1 people · 1 organisations");
    harness.press_with(KeyCode::Char('x'), KeyModifiers::CONTROL);
    harness.type_text("charles babbage");
    assert_eq!(harness.selected_name(), None);
    assert_eq!(harness.app.index_loads(), 1);
}

#[test]
fn the_search_box_edits_at_its_cursor() {
    let mut harness = example();
    harness.type_text("lloyd");
    harness.press(KeyCode::Home);
    harness.type_text("sian ");
    assert_row(&harness, 1, "Search: sian lloyd");
    assert_eq!(harness.selected_name().as_deref(), Some("Siân Lloyd"));
    // Ctrl-E to the end, left past "lloyd", and delete the word before.
    harness.press_with(KeyCode::Char('e'), KeyModifiers::CONTROL);
    for _ in 0.."lloyd".len() {
        harness.press(KeyCode::Left);
    }
    harness.press_with(KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_row(&harness, 1, "Search: lloyd");
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Backspace);
    harness.press(KeyCode::End);
    harness.type_text("!");
    assert_row(&harness, 1, "Search: loyd!");
    harness.press_with(KeyCode::Char('a'), KeyModifiers::CONTROL);
    harness.press(KeyCode::Char('x'));
    assert_row(&harness, 1, "Search: xloyd!");
    harness.press_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_row(&harness, 1, "Search:");
    assert_hides(&harness, "xloyd");
}

#[test]
fn the_other_end_of_a_link_completes_from_the_index() {
    let mut harness = Harness::new(small_store(), 100, 40);
    open(&mut harness, "charles");
    harness.press(KeyCode::Char('l'));
    harness.type_text("welsh ev");
    assert_shows(&harness, "›Welsh Evidence Forum");
    harness.press(KeyCode::Tab);
    assert_shows(&harness, "To            Welsh Evidence Forum");
    harness.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_shows(&harness, "Networks (1)");
}
