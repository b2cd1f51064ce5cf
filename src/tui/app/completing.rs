//! Suggestions for the field of a form being typed in. Places and topics
//! are found here at once; organisations and networks are asked of the
//! search worker, like any search, and shown when its answer comes.

use super::{App, COMPLETION_LIST};
use crate::model::Kind;
use crate::search::Filters;
use crate::tui::completion::{self, Source};
use crate::tui::widgets::form::Form;
use crate::tui::worker::{ResultRow, SearchRequest};

/// A question about suggestions sent to the worker and not yet answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct PendingCompletion {
    /// The generation of the question; older answers are dropped.
    generation: u64,
    /// The field of the form it was for, so that an answer arriving after
    /// the user moved on does not show under another field.
    field: usize,
}

impl App {
    /// Offers suggestions for what was just typed in `form`'s field.
    pub(super) fn offer_suggestions(&mut self, form: &mut Form) {
        self.pending_completion = None;
        let Some(field) = form.focused_field() else {
            return;
        };
        let typed = field.typed_item().to_string();
        match field.completion {
            _ if typed.is_empty() => form.suggest(Vec::new()),
            None => form.suggest(Vec::new()),
            Some(Source::Place) => form.suggest(completion::places(&typed)),
            Some(Source::Topic) => form.suggest(self.topic_suggestions(&typed)),
            Some(Source::Organisation) => self.ask_for_records(form, &[Kind::Organisation], typed),
            Some(Source::Network) => self.ask_for_records(form, &[Kind::Network], typed),
            Some(Source::Record) => self.ask_for_records(form, &Kind::SEARCHABLE, typed),
            Some(Source::Parties) => {
                self.ask_for_records(form, &[Kind::Person, Kind::Organisation], typed)
            }
        }
    }

    /// Drops any question still out, when the form moves to another field
    /// or closes.
    pub(super) fn forget_suggestions(&mut self) {
        self.pending_completion = None;
    }

    /// Shipped topics and the store's own that match `typed`.
    fn topic_suggestions(&self, typed: &str) -> Vec<String> {
        // A store that cannot list its topics still has the shipped ones.
        let custom = self.store.custom_topics().unwrap_or_default();
        let shipped = crate::topics::shipped().iter().copied();
        completion::topics(typed, shipped.chain(custom.iter().map(String::as_str)))
    }

    /// Asks the worker for records of `kinds` matching `typed`. What the
    /// form shows stays until the answer replaces it, so the list does not
    /// flicker while typing.
    fn ask_for_records(&mut self, form: &Form, kinds: &[Kind], typed: String) {
        if !self.index_ready {
            return;
        }
        self.completions_sent += 1;
        self.pending_completion = Some(PendingCompletion {
            generation: self.completions_sent,
            field: form.focus,
        });
        self.worker.search(SearchRequest {
            list: COMPLETION_LIST,
            generation: self.completions_sent,
            text: typed,
            filters: Filters {
                kinds: kinds.to_vec(),
                ..Filters::default()
            },
        });
    }

    /// Shows the worker's answer under the field it was for, if that
    /// field is still being typed in and no newer question was sent.
    pub(super) fn on_completions(&mut self, generation: u64, rows: Vec<ResultRow>) {
        let Some(pending) = self.pending_completion else {
            return;
        };
        if pending.generation != generation {
            return;
        }
        self.pending_completion = None;
        if let Some(super::popups::Popup::Form { form, .. }) = &mut self.popup {
            if form.focus == pending.field {
                let names = rows.into_iter().map(|row| row.doc.name);
                form.suggest(completion::first_distinct(names));
            }
        }
    }
}
