//! Merging received records into a store, field by field.
//!
//! The rule is the store's: a field takes a received value only if its
//! stamp is later (last writer wins on the hybrid logical clock, ties
//! broken by store id), and an erased record takes nothing, ever. What this
//! module adds is erasure's reach (a link to an erased record is erased on
//! arrival; an erased id is dropped from interactions' parties) and an
//! account of what changed, for the preview and the summary.

use crate::model::{FieldValue, Kind, Record};
use crate::store::{Holding, Result, Writer, MERGED_FROM_PREFIX, MERGED_INTO};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

/// What merging one file changed, counted by record.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Records this store did not have.
    pub new: u64,
    /// Records that took at least one field and were not deleted or erased.
    pub updated: u64,
    /// Records that became deleted.
    pub deleted: u64,
    /// Records that became erased.
    pub erased: u64,
    /// Records the file had nothing new for.
    pub unchanged: u64,
    /// Fields on which this store and the file disagreed.
    pub conflicts: Vec<Conflict>,
}

/// A field that this store and a file set to different values, each by a
/// different store that had not seen the other's value: both sides
/// changed it. A value set knowing the other side's (see
/// [`FieldValue::knew_of`]) is an update or an old copy, not a conflict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// The record's id.
    pub id: String,
    /// The record's kind.
    pub kind: Kind,
    /// The record's name as this store knew it.
    pub name: String,
    /// The field.
    pub field: String,
    /// `ours` or `theirs`: whose value every store keeps.
    pub winner: Side,
    /// Our value before the merge.
    pub ours: Value,
    /// The file's value.
    pub theirs: Value,
}

/// One side of a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The value this store held.
    Ours,
    /// The value in the file.
    Theirs,
}

/// What became of one received record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    New,
    Updated,
    Deleted,
    Erased,
    Unchanged,
}

impl Summary {
    fn count(&mut self, outcome: Outcome) {
        let counter = match outcome {
            Outcome::New => &mut self.new,
            Outcome::Updated => &mut self.updated,
            Outcome::Deleted => &mut self.deleted,
            Outcome::Erased => &mut self.erased,
            Outcome::Unchanged => &mut self.unchanged,
        };
        *counter += 1;
    }

    /// Adds another summary's counts and conflicts to this one.
    pub fn add(&mut self, other: &Summary) {
        self.new += other.new;
        self.updated += other.updated;
        self.deleted += other.deleted;
        self.erased += other.erased;
        self.unchanged += other.unchanged;
        self.conflicts.extend(other.conflicts.iter().cloned());
    }

    /// Whether the merge changed anything.
    pub fn changed_anything(&self) -> bool {
        self.new + self.updated + self.deleted + self.erased > 0
    }
}

/// A received record that contradicts the one the store holds: a
/// different kind, or a link between different records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The record's id.
    pub id: String,
    /// What the store holds.
    pub ours: String,
    /// What was received.
    pub theirs: String,
}

/// Merges received records into the store through `writer`, adding what
/// changed to `summary`. Gives a [`Mismatch`] instead, having changed
/// nothing it need keep, if a record contradicts the store; the caller
/// then rolls the transaction back.
///
/// The result is exactly that of [`merge_one_at_a_time`], but asked of
/// many records at once: whether the store holds them is read for all of
/// them together, and the new records that are bound to nothing erased
/// are written together, between the records that need more care.
pub fn merge_records(
    writer: &mut Writer<'_>,
    records: &[Record],
    summary: &mut Summary,
) -> Result<Option<Mismatch>> {
    if !ids_are_unique(records) {
        // A record seen twice must see its own first merge; only files
        // kith refuses hold such pairs.
        return merge_one_at_a_time(writer, records, summary);
    }
    let held_before = writer.holdings(records)?;
    let erasures_before = writer.erasures();
    let mut new_records: Vec<&Record> = Vec::new();
    for (record, held) in records.iter().zip(held_before) {
        // An erasure reaches records other than the one erased (links,
        // merged records, interactions), so after one what was read
        // before is asked again.
        let held = if writer.erasures() == erasures_before {
            held
        } else {
            writer.holding(record)?
        };
        match held {
            Holding::Exactly => {
                summary.count(Outcome::Unchanged);
                continue;
            }
            Holding::Nothing if is_plain_new(writer, record)? => {
                new_records.push(record);
                summary.count(Outcome::New);
                continue;
            }
            _ => {}
        }
        // This record may read or change others: what waits is written
        // first, so that it finds the store as one at a time would.
        writer.insert_received(&new_records)?;
        new_records.clear();
        if let Some(mismatch) = merge_one(writer, held, record, summary)? {
            return Ok(Some(mismatch));
        }
    }
    writer.insert_received(&new_records)?;
    Ok(None)
}

/// Merges received records one at a time, as [`merge_records`] does all
/// together: the plain statement of the rules, which the tests hold the
/// faster way to.
pub fn merge_one_at_a_time(
    writer: &mut Writer<'_>,
    records: &[Record],
    summary: &mut Summary,
) -> Result<Option<Mismatch>> {
    for record in records {
        let held = writer.holding(record)?;
        if let Some(mismatch) = merge_one(writer, held, record, summary)? {
            return Ok(Some(mismatch));
        }
    }
    Ok(None)
}

/// Merges one record, given whether the store holds it.
fn merge_one(
    writer: &mut Writer<'_>,
    held: Holding,
    record: &Record,
    summary: &mut Summary,
) -> Result<Option<Mismatch>> {
    let before = match held {
        Holding::Nothing => None,
        // Already held exactly: nothing to write, which keeps a repeated
        // import quick and leaves the search index alone.
        Holding::Exactly => {
            summary.count(Outcome::Unchanged);
            return Ok(None);
        }
        Holding::Otherwise => writer.record(&record.id)?,
    };
    if let Some(mismatch) = before.as_ref().and_then(|ours| mismatch(ours, record)) {
        return Ok(Some(mismatch));
    }
    merge_record(writer, before.as_ref(), record, summary)?;
    Ok(None)
}

/// Whether no id appears twice among `records`. kith writes files in id
/// order, where a rising id cannot repeat; otherwise they are counted.
fn ids_are_unique(records: &[Record]) -> bool {
    if records.windows(2).all(|pair| pair[0].id < pair[1].id) {
        return true;
    }
    let mut seen = std::collections::HashSet::with_capacity(records.len());
    records.iter().all(|record| seen.insert(record.id.as_str()))
}

/// Whether a record the store does not hold can be written as it came:
/// it is no erasure marker and is bound to no erased record, so merging
/// it only inserts it.
fn is_plain_new(writer: &mut Writer<'_>, record: &Record) -> Result<bool> {
    if record.erased || touches_erased(writer, record)? {
        return Ok(false);
    }
    let parties = match (record.kind, record.fields.get("parties")) {
        (Kind::Interaction, Some(field)) => field.value.as_array(),
        _ => None,
    };
    for party in parties.into_iter().flatten().filter_map(Value::as_str) {
        if writer.is_erased(party)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn merge_record(
    writer: &mut Writer<'_>,
    before: Option<&Record>,
    received: &Record,
    summary: &mut Summary,
) -> Result<()> {
    let earlier_creation = before.is_some_and(|ours| received.created_at < ours.created_at);
    if before.is_none() || earlier_creation {
        writer.ensure_row(received)?;
    }
    let was_erased = before.is_some_and(|ours| ours.erased);
    let outcome = if received.erased || touches_erased(writer, received)? {
        writer.apply_erasure(&received.id)?;
        if was_erased {
            Outcome::Unchanged
        } else {
            Outcome::Erased
        }
    } else if was_erased {
        Outcome::Unchanged
    } else {
        merge_fields(writer, before, received, summary)?
    };
    let outcome = match (before, outcome) {
        (None, _) => Outcome::New,
        (Some(_), Outcome::Unchanged) if earlier_creation => Outcome::Updated,
        (Some(_), outcome) => outcome,
    };
    summary.count(outcome);
    Ok(())
}

/// Offers every received field to the store, which keeps the later one,
/// and says what that did to the record.
fn merge_fields(
    writer: &mut Writer<'_>,
    before: Option<&Record>,
    received: &Record,
    summary: &mut Summary,
) -> Result<Outcome> {
    let mut outcome = Outcome::Unchanged;
    let was_deleted = before.is_some_and(|ours| ours.deleted_at.is_some());
    let mut offered = Vec::with_capacity(received.fields.len());
    for (name, field) in &received.fields {
        note_conflict(before, received, name, field, summary);
        offered.push((
            name.as_str(),
            without_erased_parties(writer, received.kind, name, field)?,
        ));
    }
    let taken = writer.put_fields(&received.id, &offered)?;
    for ((name, field), _) in offered.iter().zip(taken).filter(|(_, taken)| *taken) {
        let deletes = *name == "deleted" && field.value == Value::Bool(true) && !was_deleted;
        if deletes {
            outcome = Outcome::Deleted;
        } else if outcome == Outcome::Unchanged {
            outcome = Outcome::Updated;
        }
    }
    Ok(outcome)
}

/// Whether a received record is bound to one this store knows to be
/// erased: a link to it, or a record merged with it (judged the same
/// person). Such a record is erased on arrival, as it would have been had
/// it arrived before the erasure.
fn touches_erased(writer: &mut Writer<'_>, record: &Record) -> Result<bool> {
    let ends = [&record.source, &record.target].into_iter().flatten();
    let folded_into = record
        .fields
        .get(MERGED_INTO)
        .and_then(|field| field.value.as_str());
    let folded_from = record
        .fields
        .keys()
        .filter_map(|name| name.strip_prefix(MERGED_FROM_PREFIX));
    let bound = ends
        .map(String::as_str)
        .chain(folded_into)
        .chain(folded_from);
    for id in bound {
        if writer.is_erased(id)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A received `parties` list less the records erased here. The stamp is
/// kept, exactly as erasing does to lists already held, so that stores
/// agree whichever they saw first: the interaction or the erasure.
fn without_erased_parties<'a>(
    writer: &mut Writer<'_>,
    kind: Kind,
    name: &str,
    field: &'a FieldValue,
) -> Result<Cow<'a, FieldValue>> {
    let (Kind::Interaction, "parties", Value::Array(parties)) = (kind, name, &field.value) else {
        return Ok(Cow::Borrowed(field));
    };
    let mut kept = Vec::with_capacity(parties.len());
    for party in parties {
        let erased = match party.as_str() {
            Some(id) => writer.is_erased(id)?,
            None => false,
        };
        if !erased {
            kept.push(party.clone());
        }
    }
    let mut field = field.clone();
    field.value = Value::Array(kept);
    Ok(Cow::Owned(field))
}

/// Records a conflict when both sides hold different values for a field,
/// set by different stores, neither over the other's value.
fn note_conflict(
    before: Option<&Record>,
    received: &Record,
    name: &str,
    theirs: &FieldValue,
    summary: &mut Summary,
) {
    let Some(before) = before else { return };
    let Some(ours) = before.fields.get(name) else {
        return;
    };
    if ours.value == theirs.value
        || ours.stamp.store == theirs.stamp.store
        || theirs.knew_of(ours)
        || ours.knew_of(theirs)
    {
        return;
    }
    let winner = if theirs.stamp > ours.stamp {
        Side::Theirs
    } else {
        Side::Ours
    };
    summary.conflicts.push(Conflict {
        id: received.id.clone(),
        kind: received.kind,
        name: before.name().to_string(),
        field: name.to_string(),
        winner,
        ours: ours.value.clone(),
        theirs: theirs.value.clone(),
    });
}

/// How a received record contradicts ours, if it does.
fn mismatch(ours: &Record, theirs: &Record) -> Option<Mismatch> {
    let describe = |record: &Record| match (&record.source, &record.target) {
        (Some(source), Some(target)) => format!("{} from {source} to {target}", record.kind),
        _ => record.kind.to_string(),
    };
    let same = ours.kind == theirs.kind
        && ours.source == theirs.source
        && ours.target == theirs.target
        && ours.link_type == theirs.link_type;
    (!same).then(|| Mismatch {
        id: ours.id.clone(),
        ours: describe(ours),
        theirs: describe(theirs),
    })
}
