//! Keeping the screen true to the store after a write: the index learns
//! only the entries that changed, instead of loading every record again,
//! and the records on screen are read again.

use super::App;
use crate::store::search_index;
use crate::tui::views::detail::Detail;
use crate::tui::worker::IndexChange;
use std::collections::BTreeSet;

impl App {
    /// The records whose search entries a write to `id` may change: the
    /// record itself and the other end of each of its links, since a
    /// person's entry shows their organisations and networks. Read before
    /// a deletion, which takes the links with it.
    pub(super) fn affected_by(&self, id: &str) -> Vec<String> {
        let mut affected = BTreeSet::from([id.to_string()]);
        match self.store.links_of(id) {
            Ok(links) => {
                let ends = links
                    .into_iter()
                    .flat_map(|link| [link.source, link.target]);
                affected.extend(ends.flatten());
            }
            // The linked entries stay as they were until the next reload
            // (ctrl-r): stale names in a few rows, not a lost write.
            Err(error) => tracing::warn!(%error, id, "cannot read the links of a record"),
        }
        affected.into_iter().collect()
    }

    /// After a write to the records `affected`: updates their entries in
    /// the index, searches again, and reads the records shown again.
    pub(super) fn after_write(&mut self, affected: &[String]) {
        // A load under way may have read the store before this write, and
        // would replace the index without it: load again instead.
        if self.loading {
            self.reload_index();
        } else {
            match self.index_changes(affected) {
                Ok(changes) => {
                    self.worker.update(changes);
                    for list in 0..self.finders.len() {
                        self.search(list);
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot read changed search entries; reloading");
                    self.reload_index();
                }
            }
        }
        self.reload_details();
    }

    /// After an import, which may change any record: loads the whole
    /// index again, closes the records it deleted or erased, reads the
    /// others again, and looks for duplicates again if they are shown.
    pub(super) fn after_import(&mut self) {
        self.reload_index();
        let gone = self
            .history
            .iter()
            .position(|detail| self.store.live(&detail.id).is_err());
        if let Some(position) = gone {
            self.history.truncate(position);
        }
        self.reload_details();
        if self.duplicates.is_some() {
            self.open_duplicates();
        }
    }

    /// Loads the whole index again from the store.
    pub(super) fn reload_index(&mut self) {
        self.loading = true;
        self.index_loads += 1;
        self.worker.load(&self.store);
    }

    /// How many times the whole index has been loaded, the first included.
    pub fn index_loads(&self) -> usize {
        self.index_loads
    }

    /// The entries of `ids` as the store now has them.
    fn index_changes(&self, ids: &[String]) -> rusqlite::Result<Vec<IndexChange>> {
        let connection = self.store.connection();
        ids.iter()
            .map(|id| {
                Ok(match search_index::doc(connection, id)? {
                    Some(doc) => IndexChange::Upsert(Box::new(doc)),
                    None => IndexChange::Remove(id.clone()),
                })
            })
            .collect()
    }

    /// Reads the records open, and the detail pane, again.
    fn reload_details(&mut self) {
        for detail in &mut self.history {
            if let Ok(mut fresh) = Detail::load(&self.store, &detail.id, self.theme, self.today) {
                fresh.selected = detail
                    .selected
                    .min(fresh.target_ids().len().saturating_sub(1));
                fresh.scroll = detail.scroll;
                *detail = fresh;
            }
        }
        self.preview = None;
        self.refresh_preview();
    }
}
