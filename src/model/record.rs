//! One record as the store holds it: identity, provenance, and a map of
//! fields, each with the Centre that last set it and the stamp of that
//! change. Sync merges records field by field on exactly this shape.

use super::{FieldMap, Kind, Stamp};
use serde_json::Value;

/// A field's current value and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldValue {
    /// The value: a string, a list of strings, or a flag.
    pub value: Value,
    /// The Centre whose store last set it.
    pub centre: String,
    /// When, on the hybrid logical clock.
    pub stamp: Stamp,
    /// What its setter had seen of this field: for each store that had set
    /// it before, the latest of that store's values the setter knew of,
    /// ordered by store id (see [`seen_over`]). It tells an
    /// edit made knowing the other side's value from one made without it,
    /// which is what makes a disagreement a conflict; it decides nothing
    /// in a merge.
    pub seen: Vec<Stamp>,
}

impl FieldValue {
    /// Whether this value was set knowing `earlier`: its setter had seen
    /// `earlier`, or a later value of the same store (a store's values of
    /// one field only move forward, so knowing the later means the earlier
    /// was passed).
    pub fn knew_of(&self, earlier: &FieldValue) -> bool {
        self.seen
            .iter()
            .any(|known| known.store == earlier.stamp.store && *known >= earlier.stamp)
    }
}

/// What a value set over one stamped `stamp`, whose setter had seen
/// `seen`, has seen: all that, with `stamp` in place of any older stamp of
/// its store (a value's `seen` is always earlier than its stamp), ordered
/// by store id.
pub fn seen_over(stamp: &Stamp, seen: &[Stamp]) -> Vec<Stamp> {
    let mut after: Vec<Stamp> = seen
        .iter()
        .filter(|known| known.store != stamp.store)
        .cloned()
        .collect();
    after.push(stamp.clone());
    after.sort_by(|first, second| first.store.cmp(&second.store));
    after
}

/// A person, organisation, network, link, interaction or topic.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Stable id: a UUIDv7, or for links one derived from what they join.
    pub id: String,
    /// What the record is.
    pub kind: Kind,
    /// The Centre whose store created it.
    pub created_by: String,
    /// When it was created.
    pub created_at: Stamp,
    /// When it was deleted, for a tombstone.
    pub deleted_at: Option<Stamp>,
    /// Whether it was erased at the person's request: every field gone.
    pub erased: bool,
    /// For links, the record the link starts from (the person, member).
    pub source: Option<String>,
    /// For links, the record it points to (organisation, network, person).
    pub target: Option<String>,
    /// For relationships, the type (`knows`, `reports-to`, ...).
    pub link_type: Option<String>,
    /// Current fields by name.
    pub fields: FieldMap,
}

impl Record {
    /// The text of a field, if it is set to a non-empty string.
    pub fn text(&self, field: &str) -> Option<&str> {
        text_of(self.fields.get(field).map(|field| &field.value))
    }

    /// The strings of a list field; empty if unset.
    pub fn list(&self, field: &str) -> Vec<&str> {
        list_of(self.fields.get(field).map(|field| &field.value))
    }

    /// Whether a flag field is set.
    pub fn flag(&self, field: &str) -> bool {
        flag_of(self.fields.get(field).map(|field| &field.value))
    }

    /// The record's name, or a stand-in saying why it has none.
    pub fn name(&self) -> &str {
        if self.erased {
            return "(erased)";
        }
        self.text("name").unwrap_or("(no name)")
    }

    /// Whether the record is deleted or erased.
    pub fn is_gone(&self) -> bool {
        self.deleted_at.is_some() || self.erased
    }

    /// Whether it must never leave this store.
    pub fn is_private(&self) -> bool {
        self.flag("private")
    }
}

/// A field's value as text, if it is a non-empty string: what
/// [`Record::text`] gives, for code holding values without provenance.
pub fn text_of(value: Option<&Value>) -> Option<&str> {
    match value {
        Some(Value::String(text)) if !text.is_empty() => Some(text),
        _ => None,
    }
}

/// A field's value as a list of strings, as [`Record::list`] gives it.
pub fn list_of(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(text)) if !text.is_empty() => vec![text.as_str()],
        _ => Vec::new(),
    }
}

/// Whether a field's value is `true`, as [`Record::flag`] says.
pub fn flag_of(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Bool(true)))
}
