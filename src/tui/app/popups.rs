//! The popups over the screen and the keys they take: help, pickers,
//! forms, the import of a sync file, and the question before a deletion
//! or a merge.

use super::App;
use crate::model::Kind;
use crate::ops;
use crate::places::{self, Nation};
use crate::tui::editing::{self, FormPurpose};
use crate::tui::views::chrome::Message;
use crate::tui::views::help::HelpTopic;
use crate::tui::views::import::ImportPopup;
use crate::tui::widgets::confirm::{self, Answer};
use crate::tui::widgets::form::{Form, FormStep};
use crate::tui::widgets::picker::{Choice, Picked, Picker};
use crossterm::event::{KeyCode, KeyEvent};

/// A popup and what it is for.
#[derive(Debug)]
pub enum Popup {
    /// The keys of a view.
    Help {
        /// The view the help is about.
        topic: HelpTopic,
        /// The first line shown.
        scroll: usize,
    },
    /// A choice from a list.
    Pick {
        /// The list.
        picker: Picker,
        /// What the choice is for.
        purpose: PickPurpose,
    },
    /// A form that changes the store.
    Form {
        /// The form.
        form: Form,
        /// What sending it does.
        purpose: FormPurpose,
    },
    /// A yes-or-no question before something that cannot be undone.
    Confirm {
        /// The question.
        question: String,
        /// What a yes does.
        purpose: Confirmation,
    },
    /// Choosing a sync file, its preview, and importing it.
    Import(Box<ImportPopup>),
}

/// What a yes to a [`Popup::Confirm`] does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirmation {
    /// Deletes the record with this id.
    Delete(String),
    /// Merges a pair of duplicates, as `kith merge` does.
    Merge {
        /// The id of the record kept.
        keep: String,
        /// The id of the record folded into it.
        fold: String,
    },
}

/// What a picker's choice is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickPurpose {
    /// Which filter to set.
    FilterMenu,
    /// The value of one filter.
    Filter(FilterKind),
    /// The kind of record to add.
    AddKind,
}

/// The filters a list can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// People, organisations or networks.
    Kind,
    /// A nation.
    Nation,
    /// A local authority.
    Place,
    /// A policy area.
    Topic,
    /// Members of a network.
    Network,
}

impl FilterKind {
    /// The filter named `name` in the filter menu.
    fn from_name(name: &str) -> Option<FilterKind> {
        match name {
            "kind" => Some(FilterKind::Kind),
            "nation" => Some(FilterKind::Nation),
            "place" => Some(FilterKind::Place),
            "topic" => Some(FilterKind::Topic),
            "network" => Some(FilterKind::Network),
            _ => None,
        }
    }

    /// The title of its picker.
    pub fn title(self) -> &'static str {
        match self {
            FilterKind::Kind => "Show only",
            FilterKind::Nation => "Nation",
            FilterKind::Place => "Place",
            FilterKind::Topic => "Topic",
            FilterKind::Network => "Network",
        }
    }
}

impl App {
    pub(super) fn on_popup_key(&mut self, key: &KeyEvent) {
        let Some(popup) = self.popup.take() else {
            return;
        };
        match popup {
            Popup::Help { topic, scroll } => self.on_help_key(key, topic, scroll),
            Popup::Pick {
                mut picker,
                purpose,
            } => {
                let picked = picker.handle_key(key);
                self.on_picked(picked, picker, purpose);
            }
            Popup::Form { form, purpose } => self.on_form_key(key, form, purpose),
            Popup::Confirm { question, purpose } => match confirm::answer(key) {
                Answer::Waiting => self.popup = Some(Popup::Confirm { question, purpose }),
                Answer::No => {}
                Answer::Yes => self.confirmed(purpose),
            },
            Popup::Import(popup) => self.on_import_key(key, popup),
        }
    }

    fn confirmed(&mut self, purpose: Confirmation) {
        match purpose {
            Confirmation::Delete(id) => self.delete(&id),
            Confirmation::Merge { keep, fold } => self.merge_pair(&keep, &fold),
        }
    }

    fn on_form_key(&mut self, key: &KeyEvent, mut form: Form, purpose: FormPurpose) {
        let focus = form.focus;
        let step = form.handle_key(key);
        if form.focus != focus || step != FormStep::Typed {
            self.forget_suggestions();
        }
        match step {
            FormStep::Typed => {
                self.offer_suggestions(&mut form);
                self.popup = Some(Popup::Form { form, purpose });
            }
            FormStep::Editing => self.popup = Some(Popup::Form { form, purpose }),
            FormStep::Cancel => {}
            FormStep::Submit => self.submit_form(form, purpose),
        }
    }

    fn on_help_key(&mut self, key: &KeyEvent, topic: HelpTopic, scroll: usize) {
        let scroll = match key.code {
            KeyCode::Char('j') | KeyCode::Down => scroll + 1,
            KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
            _ => return,
        };
        self.popup = Some(Popup::Help { topic, scroll });
    }

    /// Acts on a picker's answer; `picker` goes back up while choosing.
    pub(super) fn on_picked(&mut self, picked: Picked, picker: Picker, purpose: PickPurpose) {
        match picked {
            Picked::Choosing => self.popup = Some(Popup::Pick { picker, purpose }),
            Picked::Cancelled => {}
            Picked::Chosen(value) => match purpose {
                PickPurpose::FilterMenu => {
                    if let Some(filter) = FilterKind::from_name(&value) {
                        self.open_filter_values(filter);
                    }
                }
                PickPurpose::Filter(filter) => self.apply_filter(filter, value),
                PickPurpose::AddKind => {
                    if let Ok(kind) = value.parse::<Kind>() {
                        let form = editing::add_form(kind);
                        self.popup = Some(Popup::Form {
                            form,
                            purpose: FormPurpose::Add(kind),
                        });
                    }
                }
            },
        }
    }

    /// The values a filter can take, "any" first.
    pub(super) fn filter_choices(&self, filter: FilterKind) -> Result<Vec<Choice>, String> {
        let mut choices = vec![Choice::new("(any)", "", "remove this filter")];
        choices.extend(match filter {
            FilterKind::Kind => Kind::SEARCHABLE
                .iter()
                .map(|kind| Choice::new(kind.as_str(), kind.as_str(), ""))
                .collect(),
            FilterKind::Nation => Nation::ALL
                .iter()
                .map(|nation| Choice::new(nation.name(), nation.slug(), ""))
                .collect(),
            FilterKind::Place => place_choices(),
            FilterKind::Topic => self.topic_choices()?,
            FilterKind::Network => self.network_choices()?,
        });
        Ok(choices)
    }

    fn topic_choices(&self) -> Result<Vec<Choice>, String> {
        let custom = self
            .store
            .custom_topics()
            .map_err(|error| error.to_string())?;
        let shipped = crate::topics::shipped()
            .iter()
            .map(|topic| topic.to_string());
        Ok(shipped
            .chain(custom)
            .map(|topic| Choice::new(&topic, &topic, ""))
            .collect())
    }

    fn network_choices(&self) -> Result<Vec<Choice>, String> {
        let mut networks = self
            .store
            .records_of(Kind::Network)
            .map_err(|error| error.to_string())?;
        networks.sort_by(|a, b| a.name().cmp(b.name()));
        Ok(networks
            .iter()
            .map(|network| Choice::new(network.name(), &network.id, ""))
            .collect())
    }

    fn submit_form(&mut self, mut form: Form, purpose: FormPurpose) {
        match editing::submit(&mut self.store, &purpose, &form) {
            Ok(saved) => {
                tracing::info!(id = %saved.id, "saved from the screen");
                self.message = Some(Message::Done(saved.message));
                let affected = match purpose {
                    // No search entry shows interactions.
                    FormPurpose::Log(_) => Vec::new(),
                    _ => self.affected_by(&saved.id),
                };
                self.after_write(&affected);
                if saved.created {
                    self.open_record_by_id(&saved.id);
                }
            }
            Err(problem) => {
                form.error = Some(problem);
                self.popup = Some(Popup::Form { form, purpose });
            }
        }
    }

    fn delete(&mut self, id: &str) {
        let affected = self.affected_by(id);
        match ops::remove(&mut self.store, id) {
            Ok(record) => {
                if let Some(position) = self.history.iter().position(|detail| detail.id == id) {
                    self.history.truncate(position);
                }
                self.message = Some(Message::Done(format!("Deleted {}.", record.name())));
                self.after_write(&affected);
            }
            Err(error) => {
                let problem = error.to_string().replace('\n', " ");
                self.message = Some(Message::Problem(format!("Not deleted: {problem}")));
            }
        }
    }
}

/// Every local authority, by name, with its nation beside it.
fn place_choices() -> Vec<Choice> {
    let mut authorities: Vec<_> = places::authorities().iter().collect();
    authorities.sort_by_key(|authority| authority.name);
    authorities
        .into_iter()
        .map(|authority| Choice::new(authority.name, authority.code, authority.nation.name()))
        .collect()
}
