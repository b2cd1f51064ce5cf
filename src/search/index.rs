//! The in-memory index behind the screen, answering every keystroke.
//!
//! Records are kept with folded copies of their own fields and masks of
//! them, and refer to shared values by number. A search scores the shared
//! values once, then scans every record on all cores: the masks reject
//! most fields without calling the matcher, and most of what remains is a
//! table look-up. See PERFORMANCE.md in the shared folder for why the
//! fields are never joined into one line.

use std::collections::HashMap;
use std::convert::Infallible;
use std::ops::Range;
use std::thread;

use super::folding::Masks;
use super::score::{DocView, Scorer, LIST_SEPARATOR};
use super::values::{ValueRef, ValueTable};
use super::{
    doc_values, fill_value, hit, scan_with_fallback, split_list, FilterCheck, Filters, Hit, Query,
    SearchDoc, TopK,
};
use crate::model::Kind;
use crate::text::fold;

/// Below this many records a scan stays on one thread: starting threads
/// would cost more than it saves.
const PARALLEL_FROM: usize = 8_192;

/// All records, ready to search.
///
/// What every scan reads of each record sits in one compact array
/// (`scanned`), and what only some reads need (folded names, the shared
/// values) sits in arrays of its own, so a scan walks memory in order
/// instead of chasing a pointer per field: that alone halves its time.
#[derive(Debug, Default)]
pub struct Index {
    /// Records' own fields by slot, as given; removed records leave a hole
    /// that is reused. Shared values (organisations, places, topics...)
    /// are kept once, in `values`, and a record's entry is rebuilt from
    /// both when asked for: a full entry per record cost a kilobyte each.
    own: Vec<Option<Own>>,
    scanned: Vec<Scanned>,
    texts: Vec<Texts>,
    /// The value references of every record, each record's in one run;
    /// replaced runs are left behind until `stale_refs` says to compact.
    refs: Vec<ValueRef>,
    stale_refs: usize,
    vacant: Vec<usize>,
    slots: HashMap<String, usize>,
    values: ValueTable,
}

/// What a scan reads of every record.
#[derive(Clone, Copy, Debug)]
struct Scanned {
    live: bool,
    kind: Kind,
    name_masks: Masks,
    alt_name_masks: Masks,
    emails_masks: Masks,
    refs_start: u32,
    refs_length: u32,
}

/// Folded text of a record, read only when its masks pass.
#[derive(Clone, Debug, Default)]
struct Texts {
    id: Box<str>,
    name: Box<str>,
    alt_name: Box<str>,
    emails: Box<str>,
    networks: Box<str>,
    place_code: Box<str>,
}

/// A record's own fields as given, not folded: enough, with its texts and
/// shared values, to rebuild its [`SearchDoc`].
#[derive(Clone, Debug)]
struct Own {
    name: Box<str>,
    alt_name: Box<str>,
    /// E-mail addresses joined by [`LIST_SEPARATOR`].
    emails: Box<str>,
}

impl Index {
    /// Builds an index of `docs`. A later doc with the id of an earlier one
    /// replaces it.
    pub fn new(docs: Vec<SearchDoc>) -> Index {
        let mut index = Index::default();
        index.own.reserve(docs.len());
        for doc in docs {
            index.upsert(doc);
        }
        index
    }

    /// Adds `doc`, or replaces the record with its id.
    pub fn upsert(&mut self, doc: SearchDoc) {
        let slot = match self.slots.get(&doc.id) {
            Some(&slot) => {
                self.stale_refs += self.scanned[slot].refs_length as usize;
                slot
            }
            None => self.take_slot(&doc.id),
        };
        let (scanned, texts) = self.prepare(&doc);
        self.scanned[slot] = scanned;
        self.texts[slot] = texts;
        let emails = doc.emails.join(&LIST_SEPARATOR.to_string()).into();
        let (name, alt_name) = (doc.name.into(), doc.alt_name.into());
        self.own[slot] = Some(Own {
            name,
            alt_name,
            emails,
        });
        self.compact_if_stale();
    }

    /// Removes the record with id `id`, if there is one.
    pub fn remove(&mut self, id: &str) {
        if let Some(slot) = self.slots.remove(id) {
            self.stale_refs += self.scanned[slot].refs_length as usize;
            self.scanned[slot].live = false;
            self.scanned[slot].refs_length = 0;
            self.texts[slot] = Texts::default();
            self.own[slot] = None;
            self.vacant.push(slot);
        }
    }

    /// How many records the index holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the index holds no records.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The record with id `id`, as last given.
    pub fn get(&self, id: &str) -> Option<SearchDoc> {
        self.rebuild(*self.slots.get(id)?)
    }

    /// The kind of the record with id `id`.
    pub fn kind_of(&self, id: &str) -> Option<Kind> {
        let slot = *self.slots.get(id)?;
        self.own[slot].as_ref().map(|_| self.scanned[slot].kind)
    }

    /// The entry of the record in `slot`, from its own fields and the
    /// shared values it refers to.
    fn rebuild(&self, slot: usize) -> Option<SearchDoc> {
        let own = self.own[slot].as_ref()?;
        let (scanned, texts) = (&self.scanned[slot], &self.texts[slot]);
        let list = |joined: &str| split_list(joined).map(String::from).collect();
        let mut doc = SearchDoc {
            alt_name: own.alt_name.to_string(),
            place_code: texts.place_code.to_string(),
            emails: list(&own.emails),
            networks: list(&texts.networks),
            ..SearchDoc::new(texts.id.to_string(), scanned.kind, own.name.to_string())
        };
        let start = scanned.refs_start as usize;
        for value in &self.refs[start..start + scanned.refs_length as usize] {
            if let Some(stored) = self.values.get(value.id) {
                fill_value(&mut doc, value.slot, &stored.original);
            }
        }
        Some(doc)
    }

    /// The best `limit` records passing `filters` and matching `query`,
    /// best first; an empty query gives them in name order.
    pub fn search(&self, query: &Query, filters: &Filters, limit: usize) -> Vec<Hit> {
        let check = FilterCheck::new(filters, &self.values);
        let scan = |scorer: &Scorer| Ok::<_, Infallible>(self.scan(scorer, &check, limit));
        let (scorer, ranked) = match scan_with_fallback(query, &self.values, scan) {
            Ok(found) => found,
            Err(never) => match never {},
        };
        let docs = ranked.into_iter().filter_map(|ranked| {
            let doc = self.rebuild(ranked.handle)?;
            Some(hit(&scorer, &doc, ranked.score))
        });
        docs.collect()
    }

    /// A free slot for a new record with id `id`.
    fn take_slot(&mut self, id: &str) -> usize {
        let slot = self.vacant.pop().unwrap_or_else(|| {
            self.own.push(None);
            self.texts.push(Texts::default());
            self.scanned.push(Scanned::EMPTY);
            self.own.len() - 1
        });
        self.slots.insert(id.to_string(), slot);
        slot
    }

    fn prepare(&mut self, doc: &SearchDoc) -> (Scanned, Texts) {
        let values = doc_values(doc, |slot, text| self.values.intern(slot, text));
        let refs_start = position(self.refs.len());
        self.refs.extend_from_slice(&values);
        let emails: Vec<String> = doc.emails.iter().map(|email| fold(email)).collect();
        let texts = Texts {
            id: doc.id.as_str().into(),
            name: fold(&doc.name).into(),
            alt_name: fold(&doc.alt_name).into(),
            emails: emails.join(&LIST_SEPARATOR.to_string()).into(),
            networks: doc.networks.join(&LIST_SEPARATOR.to_string()).into(),
            place_code: doc.place_code.as_str().into(),
        };
        let scanned = Scanned {
            live: true,
            kind: doc.kind,
            name_masks: Masks::of(&texts.name),
            alt_name_masks: Masks::of(&texts.alt_name),
            emails_masks: Masks::of(&texts.emails),
            refs_start,
            refs_length: position(values.len()),
        };
        (scanned, texts)
    }

    /// Rewrites the value references without the runs of replaced records
    /// once those are the greater part, so memory stays proportional.
    fn compact_if_stale(&mut self) {
        if self.stale_refs * 2 <= self.refs.len() {
            return;
        }
        let mut refs = Vec::with_capacity(self.refs.len() - self.stale_refs);
        for scanned in self.scanned.iter_mut().filter(|scanned| scanned.live) {
            let run =
                scanned.refs_start as usize..(scanned.refs_start + scanned.refs_length) as usize;
            scanned.refs_start = position(refs.len());
            refs.extend_from_slice(&self.refs[run]);
        }
        self.refs = refs;
        self.stale_refs = 0;
    }

    fn view(&self, slot: usize) -> DocView<'_> {
        let (scanned, texts) = (&self.scanned[slot], &self.texts[slot]);
        let refs_start = scanned.refs_start as usize;
        DocView {
            kind: scanned.kind,
            name: &texts.name,
            name_masks: scanned.name_masks,
            alt_name: &texts.alt_name,
            alt_name_masks: scanned.alt_name_masks,
            emails: &texts.emails,
            emails_masks: scanned.emails_masks,
            values: &self.refs[refs_start..refs_start + scanned.refs_length as usize],
            place_code: &texts.place_code,
            networks: &texts.networks,
        }
    }

    /// Scores every record, split across the cores for large indexes.
    fn scan(&self, scorer: &Scorer, check: &FilterCheck, limit: usize) -> TopK<usize> {
        let threads = thread::available_parallelism().map_or(1, |count| count.get());
        let slots = self.scanned.len();
        if slots < PARALLEL_FROM || threads == 1 {
            return self.scan_part(0..slots, scorer, check, limit);
        }
        let part_size = slots.div_ceil(threads);
        thread::scope(|scope| {
            let running: Vec<_> = (0..slots)
                .step_by(part_size)
                .map(|start| {
                    let part = start..(start + part_size).min(slots);
                    scope.spawn(move || self.scan_part(part, scorer, check, limit))
                })
                .collect();
            let mut best = TopK::new(limit);
            for part in running {
                // A scan never panics unless the matcher does; pass it on.
                best.merge(
                    part.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            best
        })
    }

    /// Scores the records in one range of slots.
    fn scan_part(
        &self,
        part: Range<usize>,
        scorer: &Scorer,
        check: &FilterCheck,
        limit: usize,
    ) -> TopK<usize> {
        let mut best = TopK::new(limit);
        for slot in part {
            if !self.scanned[slot].live {
                continue;
            }
            let view = self.view(slot);
            if !check.passes(&view) {
                continue;
            }
            if let Some(score) = scorer.score(&view) {
                best.good += usize::from(score.good);
                best.offer(score.score, view.name, &self.texts[slot].id, slot);
            }
        }
        best
    }
}

impl Scanned {
    /// A slot not yet holding a record.
    const EMPTY: Scanned = Scanned {
        live: false,
        kind: Kind::Person,
        name_masks: Masks {
            letters: 0,
            initials: 0,
            pairs: 0,
        },
        alt_name_masks: Masks {
            letters: 0,
            initials: 0,
            pairs: 0,
        },
        emails_masks: Masks {
            letters: 0,
            initials: 0,
            pairs: 0,
        },
        refs_start: 0,
        refs_length: 0,
    };
}

/// A count or offset as stored in [`Scanned`]; an index of four billion
/// value references is far beyond any store kith is meant for.
fn position(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}
