//! The duplicates view from the app's side: opening it starts a job that
//! finds the pairs; keys move through them, merge a pair (after asking) as
//! `kith merge` does, or dismiss it for good in this store.

use super::popups::{Confirmation, Popup};
use super::App;
use crate::sync;
use crate::tui::action::Action;
use crate::tui::jobs;
use crate::tui::layout;
use crate::tui::views::chrome::Message;
use crate::tui::views::duplicates::DuplicateQueue;

impl App {
    /// Opens the duplicates view, or looks again if it is open, and starts
    /// the job that finds the pairs.
    pub(super) fn open_duplicates(&mut self) {
        self.typing = false;
        let job = self.next_job();
        self.duplicates = Some(DuplicateQueue::looking(job));
        jobs::find_duplicates(&mut self.store, job, &self.events);
    }

    /// Does `action` in the duplicates view. Gives false for the actions
    /// the view leaves to the rest of the app; those that go to another
    /// view close it first.
    pub(super) fn perform_in_duplicates(&mut self, action: Action) -> bool {
        let half_page = (layout::frame(self.area).body.height as isize / 2).max(1);
        match action {
            Action::Down => self.move_pair(1),
            Action::Up => self.move_pair(-1),
            Action::Top => self.move_pair(isize::MIN / 2),
            Action::Bottom => self.move_pair(isize::MAX / 2),
            Action::HalfPageDown => self.scroll_pair(half_page),
            Action::HalfPageUp => self.scroll_pair(-half_page),
            Action::MergePair => self.ask_to_merge(),
            Action::DismissPair => self.dismiss_current(),
            Action::Back => self.duplicates = None,
            Action::Refresh | Action::Duplicates => self.open_duplicates(),
            Action::Help | Action::Quit | Action::Import => return false,
            Action::Search
            | Action::NextTab
            | Action::PreviousTab
            | Action::ShowSearch
            | Action::ShowOrganisations
            | Action::ShowNetworks
            | Action::ShowPlaces => {
                self.duplicates = None;
                return false;
            }
            _ => {
                let close = self.key_of(Action::Back);
                let text = format!("Not in the duplicates: {close} closes them first.");
                self.message = Some(Message::Note(text));
            }
        }
        true
    }

    fn move_pair(&mut self, delta: isize) {
        if let Some(queue) = &mut self.duplicates {
            queue.move_by(delta);
        }
        self.show_pair(false);
    }

    fn scroll_pair(&mut self, delta: isize) {
        if let Some(queue) = &mut self.duplicates {
            queue.scroll_by(delta);
        }
    }

    /// Loads the records of the pair shown; `again` after they changed.
    pub(super) fn show_pair(&mut self, again: bool) {
        if let Some(queue) = &mut self.duplicates {
            queue.load_current(&self.store, self.theme, self.today, again);
        }
    }

    fn ask_to_merge(&mut self) {
        let Some(pair) = self.duplicates.as_ref().and_then(DuplicateQueue::current) else {
            self.message = Some(Message::Note("There is no pair to merge.".into()));
            return;
        };
        let (keep, fold) = (pair.keep.name(), pair.fold.name());
        let question = format!(
            "Merge {fold} into {keep}? {keep} was entered first and is kept; other Centres \
             will merge them too when you sync."
        );
        let purpose = Confirmation::Merge {
            keep: pair.keep.id.clone(),
            fold: pair.fold.id.clone(),
        };
        self.popup = Some(Popup::Confirm { question, purpose });
    }

    /// Merges `fold` into `keep` as `kith merge` does, then shows the next
    /// pair.
    pub(super) fn merge_pair(&mut self, keep: &str, fold: &str) {
        let mut affected = self.affected_by(keep);
        affected.extend(self.affected_by(fold));
        affected.sort();
        affected.dedup();
        let fold_name = self.name_of(fold);
        match self
            .store
            .write(|writer| sync::merge_pair(writer, keep, fold))
        {
            Ok(outcome) => {
                tracing::info!(kept = %outcome.kept, folded = %outcome.folded, "merged a pair");
                self.message = Some(Message::Done(format!(
                    "Merged {fold_name} into {}: {} fields taken, {} links and {} \
                     interactions moved.",
                    self.name_of(&outcome.kept),
                    outcome.fields_taken.len(),
                    outcome.links_moved,
                    outcome.interactions_moved
                )));
                self.close_record(&outcome.folded);
                self.after_write(&affected);
                if let Some(queue) = &mut self.duplicates {
                    queue.forget_record(&outcome.folded);
                }
                self.show_pair(true);
            }
            Err(error) => {
                let problem = error.to_string().replace('\n', " ");
                self.message = Some(Message::Problem(format!("Not merged: {problem}")));
            }
        }
    }

    /// Dismisses the pair shown, in this store, and shows the next.
    fn dismiss_current(&mut self) {
        let Some(pair) = self.duplicates.as_ref().and_then(DuplicateQueue::current) else {
            self.message = Some(Message::Note("There is no pair to dismiss.".into()));
            return;
        };
        let (keep, fold) = (pair.keep.id.clone(), pair.fold.id.clone());
        let names = format!("{} and {}", pair.keep.name(), pair.fold.name());
        match self.store.dismiss_pair(&keep, &fold) {
            Ok(_) => {
                tracing::info!(%keep, %fold, "dismissed a pair");
                self.message = Some(Message::Done(format!(
                    "{names} will not be suggested again (in this store)."
                )));
                if let Some(queue) = &mut self.duplicates {
                    queue.dismissed_current();
                }
                self.show_pair(false);
            }
            Err(error) => {
                self.message = Some(Message::Problem(format!("Not dismissed: {error}")));
            }
        }
    }

    /// The name of record `id`, or words that stand for it.
    fn name_of(&self, id: &str) -> String {
        match self.store.get(id) {
            Ok(Some(record)) => record.name().to_string(),
            _ => "the record".to_string(),
        }
    }

    /// Closes record `id` and those opened from it, once it is gone.
    pub(super) fn close_record(&mut self, id: &str) {
        if let Some(position) = self.history.iter().position(|detail| detail.id == id) {
            self.history.truncate(position);
        }
    }
}
