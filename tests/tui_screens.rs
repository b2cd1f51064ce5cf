//! The screen drawn into ratatui's `TestBackend`: each view at 80x24 and at
//! a larger size, compared whole where the content does not depend on how
//! the search engine ranks, and by key lines where it does.

mod tui_support;

use crossterm::event::KeyCode;
use tui_support::*;

#[test]
fn search_tab_at_80x24_shows_box_chips_results_and_preview() {
    let mut harness = Harness::new(small_store(), 80, 24);
    harness.type_text("ada");
    assert_row(
        &harness,
        0,
        "kith  1 Search  2 Organisations  3 Networks  4 Places",
    );
    assert_row(&harness, 1, "Search: ada");
    assert_row(&harness, 2, "no filters · tab: nation · f: filters");
    assert_row(&harness, 3, "P Ada Lovelace  Analytical Engi…│");
    assert_shows(&harness, "│P Ada Lovelace  person");
    assert_row(&harness, 23, "type to search");
}

#[test]
fn detail_at_80x24_compares_whole() {
    let mut harness = Harness::new(small_store(), 80, 24);
    harness.type_text("ada");
    harness.press(KeyCode::Enter);
    assert_screen(
        &harness,
        &[
            "kith  1 Search  2 Organisations  3 Networks  4 Places  2 people · 1 organisatio…",
            "Search › Ada Lovelace",
            "P Ada Lovelace  person",
            "added by Test Centre on TODAY · id ID…",
            "",
            "Emails       ada@engines.example.org  · Test Centre, TODAY",
            "Role         Director  · Test Centre, TODAY",
            "Place        Cardiff  · Test Centre, TODAY",
            "Nation       Wales  · Test Centre, TODAY",
            "Name         set by Test Centre, TODAY",
            "",
            "Follow-ups due",
            "  TODAY after the meeting of TODAY",
            "    Planned the difference engine review.",
            "",
            "Organisations (1)",
            "  › O Analytical Engines  Director",
            "",
            "Networks (1)",
            "  › N Welsh Evidence Forum",
            "",
            "Relationships (1)",
            "  › works with P Charles Babbage",
            "enter open link · backspace back · e edit · l link · i log · d delete · ? help",
        ],
    );
}

#[test]
fn detail_at_120x40_shows_interactions_below_the_links() {
    let mut harness = Harness::new(small_store(), 120, 40);
    harness.type_text("ada");
    harness.press(KeyCode::Enter);
    assert_row(&harness, 1, "Search › Ada Lovelace");
    assert_shows(&harness, "Interactions (1)");
    assert_shows(&harness, "  TODAY  meeting  follow up by TODAY: due");
    assert_shows(&harness, "    Planned the difference engine review.");
    assert_shows(&harness, "    with › Charles Babbage");
}

#[test]
fn places_tab_compares_whole_at_80x24() {
    let mut harness = Harness::new(small_store(), 80, 24);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('4'));
    harness.press(KeyCode::Char('/'));
    harness.type_text("cardiff");
    assert_screen(
        &harness,
        &[
            "kith  1 Search  2 Organisations  3 Networks  4 Places  2 people · 1 organisatio…",
            "Find a place: cardiff",
            "",
            "Cardiff  Caerdydd, Wales",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "type to search · down move · enter open · esc stop typing · tab nation",
        ],
    );
}

#[test]
fn help_lists_every_key_of_the_list_view() {
    let mut harness = Harness::new(small_store(), 100, 40);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('?'));
    assert_shows(&harness, "Keys: j/k scroll, any other key closes");
    for expected in [
        "/ ",
        "enter",
        "q ctrl-c",
        "tab",
        "shift-tab",
        "f ctrl-f",
        "pagedown ctrl-d",
    ] {
        assert_shows(&harness, expected);
    }
    harness.press(KeyCode::Char('x'));
    assert_hides(&harness, "Keys: j/k scroll");
}

#[test]
fn help_fits_80x24_and_scrolls() {
    let mut harness = Harness::new(small_store(), 80, 24);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('?'));
    assert_shows(&harness, "type a search");
    for _ in 0..12 {
        harness.press(KeyCode::Char('j'));
    }
    assert_shows(&harness, "quit kith");
}

#[test]
fn a_form_draws_over_the_screen() {
    let mut harness = Harness::new(small_store(), 80, 24);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('a'));
    assert_shows(&harness, "Add a");
    harness.press(KeyCode::Enter);
    assert_shows(&harness, "Add person");
    assert_shows(&harness, "Name           required");
    assert_shows(&harness, "ctrl-s save");
}

#[test]
fn long_names_are_cut_with_an_ellipsis_at_any_size() {
    let mut harness = Harness::new(example_store(), 80, 24);
    harness.type_text("Centre for Transforming");
    assert_row(&harness, 3, "O Centre for Transforming Acces…│");
    for (width, height) in [(40, 10), (20, 5), (120, 50), (1, 1)] {
        harness.resize(width, height);
        let screen = harness.screen();
        assert_eq!(screen.len(), height as usize);
        assert!(screen
            .iter()
            .all(|line| line.chars().count() <= width as usize));
    }
}

#[test]
fn no_colour_still_marks_the_selection_in_reverse() {
    let mut harness = Harness::new(small_store(), 80, 24);
    harness.type_text("ada");
    let buffer = harness.buffer();
    let cell = &buffer[(0, 3)];
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED));
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
}

#[test]
fn suggestions_show_under_the_place_field_at_80x24() {
    let mut harness = Harness::new(small_store(), 80, 24);
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('a'));
    harness.press(KeyCode::Enter);
    for _ in 0..6 {
        harness.press(KeyCode::Down);
    }
    harness.type_text("caerd");
    // The form only: what shows beside it depends on today's date.
    let form: Vec<String> = harness.screen()[5..19]
        .iter()
        .map(|row| row.chars().skip(4).take(72).collect())
        .collect();
    let expected = [
        "│Name           required                                               │",
        "│Other name     such as a Welsh one                                    │",
        "│Organisation   name of an organisation                                │",
        "│Role           job title                                              │",
        "│Emails         comma between several                                  │",
        "│Phones         comma between several                                  │",
        "│Place         caerd                                                   │",
        "│             ›Cardiff                                                 │",
        "│Networks       names, comma between several                           │",
        "│Note                                                                  │",
        "│                                                                      │",
        "│                                                                      │",
        "│tab/enter take suggestion  ↑↓ choose  esc hide                        │",
        "└──────────────────────────────────────────────────────────────────────┘",
    ];
    assert_eq!(form, expected);
}
