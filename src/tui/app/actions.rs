//! What each [`Action`] does, and how keys are read while typing.

use super::popups::{Confirmation, FilterKind, PickPurpose, Popup};
use super::{App, SEARCH_LIST};
use crate::tui::action::Action;
use crate::tui::editing;
use crate::tui::layout;
use crate::tui::views::chrome::{Message, Tab};
use crate::tui::views::detail::Detail;
use crate::tui::views::help::HelpTopic;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::picker::{Choice, Picker};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    /// Keys that edit the text box while typing; gives whether the key was
    /// used. Other keys go on to the keymap.
    pub(super) fn on_typing_key(&mut self, key: &KeyEvent) -> bool {
        if let Some(movement) = TextInput::movement(key) {
            self.move_cursor(movement);
            return true;
        }
        let control = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let only_control = key.modifiers == KeyModifiers::CONTROL;
        match key.code {
            KeyCode::Char(c) if !control => self.edit_input(|input| input.push(c)),
            KeyCode::Char('w') if only_control => self.edit_input(TextInput::pop_word),
            KeyCode::Char('u') if only_control => self.edit_input(TextInput::clear),
            KeyCode::Backspace => self.edit_input(|input| {
                input.pop();
            }),
            KeyCode::Esc => self.typing = false,
            KeyCode::Enter => {
                self.typing = false;
                self.perform(Action::Open);
            }
            _ => return false,
        }
        true
    }

    /// Moves the cursor of the current tab's text box; the text is the
    /// same, so there is nothing to search again.
    fn move_cursor(&mut self, movement: fn(&mut TextInput)) {
        if !self.history.is_empty() {
            return;
        }
        match self.current_list() {
            Some(list) => movement(&mut self.finders[list].query),
            None => movement(&mut self.places.filter),
        }
    }

    /// Changes the text box of the current tab and searches again.
    fn edit_input(&mut self, change: impl FnOnce(&mut TextInput)) {
        if !self.history.is_empty() {
            return;
        }
        match self.current_list() {
            Some(list) => {
                change(&mut self.finders[list].query);
                self.search(list);
            }
            None => {
                change(&mut self.places.filter);
                self.places.refilter();
            }
        }
    }

    /// Does what `action` asks.
    pub fn perform(&mut self, action: Action) {
        if self.duplicates.is_some() && self.perform_in_duplicates(action) {
            return;
        }
        match action {
            Action::Quit => self.running = false,
            Action::Help => {
                self.popup = Some(Popup::Help {
                    topic: self.help_topic(),
                    scroll: 0,
                })
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::HalfPageUp => self.move_by(-(self.page_height() as isize / 2).max(1)),
            Action::HalfPageDown => self.move_by((self.page_height() as isize / 2).max(1)),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => self.open_selection(),
            Action::Back => self.back(),
            Action::Search => self.start_typing(),
            Action::ClearQuery => {
                self.start_typing();
                self.edit_input(TextInput::clear);
            }
            Action::CycleNation => self.change_filters(|finder| finder.cycle_nation()),
            Action::CycleKind => self.change_filters(|finder| finder.cycle_kind()),
            Action::ClearFilters => self.change_filters(|finder| finder.clear_filters()),
            Action::Filters => self.open_filter_menu(),
            Action::Add => self.open_add_menu(),
            Action::Edit => self.open_edit_form(),
            Action::EditAsText => self.ask_for_text_edit(),
            Action::Link => self.with_focused(editing::link_form),
            Action::LogInteraction => self.with_focused(editing::log_form),
            Action::Delete => self.ask_to_delete(),
            Action::NextTab => self.show_tab(self.tab.step(1)),
            Action::PreviousTab => self.show_tab(self.tab.step(-1)),
            Action::ShowSearch => self.show_tab(Tab::Search),
            Action::ShowOrganisations => self.show_tab(Tab::Organisations),
            Action::ShowNetworks => self.show_tab(Tab::Networks),
            Action::ShowPlaces => self.show_tab(Tab::Places),
            Action::Refresh => self.reload_index(),
            Action::Import => self.open_import(),
            Action::Duplicates => self.open_duplicates(),
            Action::MergePair | Action::DismissPair => {
                let open = self.key_of(Action::Duplicates);
                let text = format!("Open the duplicates ({open}) to merge or dismiss a pair.");
                self.message = Some(Message::Note(text));
            }
        }
    }

    fn help_topic(&self) -> HelpTopic {
        if self.duplicates.is_some() {
            return HelpTopic::Duplicates;
        }
        match (self.history.is_empty(), self.tab) {
            (false, _) => HelpTopic::Detail,
            (true, Tab::Places) => HelpTopic::Places,
            (true, _) => HelpTopic::List,
        }
    }

    /// The rows the current list or record shows.
    pub(super) fn page_height(&self) -> usize {
        let body = layout::frame(self.area).body;
        if self.history.is_empty() {
            layout::list_areas(body).list.height as usize
        } else {
            layout::detail_areas(body).1.height as usize
        }
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        let height = self.page_height();
        if let Some(detail) = self.history.last_mut() {
            detail.move_by(delta, height);
            return;
        }
        match self.current_list() {
            Some(list) => self.finders[list].move_by(delta, height),
            None => self.places.move_by(delta, height),
        }
        self.refresh_preview();
    }

    pub(super) fn open_selection(&mut self) {
        if let Some(detail) = self.history.last() {
            if let Some(id) = detail.selected_target().map(String::from) {
                self.open_record_by_id(&id);
            }
            return;
        }
        match self
            .current_finder()
            .and_then(|finder| finder.selected_id())
            .map(String::from)
        {
            Some(id) => self.open_record_by_id(&id),
            None if self.tab == Tab::Places => self.show_selected_place(),
            None => {}
        }
    }

    /// Opens record `id` in full, after those already open.
    pub(super) fn open_record_by_id(&mut self, id: &str) {
        match Detail::load(&self.store, id, self.theme, self.today) {
            Ok(detail) => {
                self.history.push(detail);
                self.typing = false;
            }
            Err(error) => self.message = Some(Message::Problem(error)),
        }
    }

    /// Shows everyone in the selected place on the search tab.
    fn show_selected_place(&mut self) {
        let Some(place) = self.places.selected_place().cloned() else {
            return;
        };
        let finder = &mut self.finders[SEARCH_LIST];
        finder.clear_filters();
        finder.query.clear();
        finder.filters.nation = Some(place.nation.clone());
        finder.filters.place_code = place.code.clone();
        if place.code.is_some() {
            // The place implies its nation; the chip for the place says it.
            finder.filters.nation = None;
        }
        self.show_tab(Tab::Search);
        self.typing = false;
        self.search(SEARCH_LIST);
    }

    fn back(&mut self) {
        if self.history.pop().is_some() {
            self.refresh_preview();
            return;
        }
        if let Some(list) = self.current_list() {
            if !self.finders[list].query.text().is_empty() {
                self.finders[list].query.clear();
                self.search(list);
            }
        }
    }

    fn start_typing(&mut self) {
        self.duplicates = None;
        self.history.clear();
        self.typing = true;
        self.refresh_preview();
    }

    pub(super) fn show_tab(&mut self, tab: Tab) {
        self.duplicates = None;
        self.history.clear();
        self.tab = tab;
        self.typing = false;
        self.refresh_preview();
    }

    /// Changes the filters of the current list tab (going back to it from
    /// a record) and searches again.
    fn change_filters(&mut self, change: impl FnOnce(&mut crate::tui::views::finder::Finder)) {
        self.history.clear();
        let Some(list) = self.current_list() else {
            return;
        };
        change(&mut self.finders[list]);
        self.search(list);
    }

    fn open_filter_menu(&mut self) {
        self.history.clear();
        let Some(list) = self.current_list() else {
            return;
        };
        let mut choices = Vec::new();
        if self.finders[list].fixed_kind.is_none() {
            choices.push(Choice::new(
                "Kind",
                "kind",
                "people, organisations or networks",
            ));
        }
        choices.push(Choice::new(
            "Nation",
            "nation",
            "England, Scotland, Wales, NI",
        ));
        choices.push(Choice::new("Place", "place", "a local authority"));
        choices.push(Choice::new("Topic", "topic", "a policy area"));
        choices.push(Choice::new("Network", "network", "members of a network"));
        let picker = Picker::new("Filter by", choices);
        self.popup = Some(Popup::Pick {
            picker,
            purpose: PickPurpose::FilterMenu,
        });
    }

    /// Opens the list of values for one filter.
    pub(super) fn open_filter_values(&mut self, filter: FilterKind) {
        match self.filter_choices(filter) {
            Ok(choices) => {
                let picker = Picker::new(filter.title(), choices);
                self.popup = Some(Popup::Pick {
                    picker,
                    purpose: PickPurpose::Filter(filter),
                });
            }
            Err(error) => self.message = Some(Message::Problem(error)),
        }
    }

    /// Sets one filter of the current list tab to `value` ("" for any).
    pub(super) fn apply_filter(&mut self, filter: FilterKind, value: String) {
        let Some(list) = self.current_list() else {
            return;
        };
        let chosen = Some(value.clone()).filter(|value| !value.is_empty());
        let network_name = self.network_name(chosen.as_deref());
        let finder = &mut self.finders[list];
        match filter {
            FilterKind::Kind => finder.filters.kinds = value.parse().ok().into_iter().collect(),
            FilterKind::Nation => finder.filters.nation = chosen,
            FilterKind::Place => finder.filters.place_code = chosen,
            FilterKind::Topic => finder.filters.topic = chosen,
            FilterKind::Network => {
                finder.filters.network = chosen;
                finder.network_name = network_name;
            }
        }
        self.search(list);
    }

    fn network_name(&self, id: Option<&str>) -> Option<String> {
        let record = self.store.get(id?).ok().flatten()?;
        Some(record.name().to_string())
    }

    fn open_add_menu(&mut self) {
        let choices = vec![
            Choice::new("Person", "person", ""),
            Choice::new("Organisation", "organisation", ""),
            Choice::new("Network", "network", ""),
        ];
        let picker = Picker::new("Add a", choices);
        self.popup = Some(Popup::Pick {
            picker,
            purpose: PickPurpose::AddKind,
        });
    }

    /// The record an edit, link, log or delete applies to: the one open,
    /// or else the selected result.
    pub(super) fn focused_record(&self) -> Option<String> {
        match self.history.last() {
            Some(detail) => Some(detail.id.clone()),
            None => self
                .current_finder()
                .and_then(|finder| finder.selected_id())
                .map(String::from),
        }
    }

    fn open_edit_form(&mut self) {
        let Some(id) = self.focused_record() else {
            return self.nothing_selected();
        };
        match self.store.live(&id) {
            Ok(record) => {
                let (form, purpose) = editing::edit_form(&record);
                self.popup = Some(Popup::Form { form, purpose });
            }
            Err(error) => self.message = Some(Message::Problem(error.to_string())),
        }
    }

    fn with_focused(
        &mut self,
        make: fn(&str, &str) -> (crate::tui::widgets::form::Form, editing::FormPurpose),
    ) {
        let Some(id) = self.focused_record() else {
            return self.nothing_selected();
        };
        let name = self
            .store
            .get(&id)
            .ok()
            .flatten()
            .map(|record| record.name().to_string());
        let (form, purpose) = make(&id, name.as_deref().unwrap_or("this record"));
        self.popup = Some(Popup::Form { form, purpose });
    }

    fn ask_to_delete(&mut self) {
        let Some(id) = self.focused_record() else {
            return self.nothing_selected();
        };
        let name = self
            .store
            .get(&id)
            .ok()
            .flatten()
            .map(|record| record.name().to_string());
        let question = format!(
            "Delete {}? The deletion is shared with other Centres when you sync.",
            name.as_deref().unwrap_or("this record")
        );
        self.popup = Some(Popup::Confirm {
            question,
            purpose: Confirmation::Delete(id),
        });
    }

    fn nothing_selected(&mut self) {
        self.message = Some(Message::Note("Select a record first.".into()));
    }
}
