//! Logging interactions: a dated meeting, visit, call, email or event with
//! people and organisations, a note, and perhaps a follow-up date.

use super::reference::resolve_among;
use super::values::{parse_choice, parse_date};
use super::{OpsError, Result};
use crate::model::{Kind, INTERACTION_KINDS};
use crate::store::Store;
use serde_json::Value;

/// An interaction as typed.
#[derive(Clone, Debug, Default)]
pub struct NewInteraction {
    /// The people and organisations involved, as references.
    pub parties: Vec<String>,
    /// Meeting, visit, call, email or event.
    pub kind: String,
    /// When; today if not given.
    pub date: Option<String>,
    /// What happened.
    pub note: Option<String>,
    /// When to follow up.
    pub follow_up: Option<String>,
}

/// Records an interaction and gives its id.
pub fn log(store: &mut Store, new: &NewInteraction) -> Result<String> {
    if new.parties.is_empty() {
        return Err(OpsError::BadValue(
            "say who the interaction was with".into(),
        ));
    }
    let kind = parse_choice("kind of interaction", &new.kind, &INTERACTION_KINDS)?;
    let date = parse_date(new.date.as_deref().unwrap_or("today"))?;
    let mut parties = Vec::new();
    for reference in &new.parties {
        let party = resolve_among(store, reference, &[Kind::Person, Kind::Organisation])?;
        if !parties.contains(&Value::String(party.id.clone())) {
            parties.push(Value::String(party.id));
        }
    }
    let mut fields = vec![
        ("type", Value::String(kind)),
        ("date", Value::String(date.clone())),
        ("parties", Value::Array(parties)),
    ];
    if let Some(note) = new
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty())
    {
        fields.push(("note", Value::String(note.to_string())));
    }
    if let Some(follow_up) = &new.follow_up {
        let follow_up = parse_date(follow_up)?;
        if follow_up < date {
            return Err(OpsError::BadValue(format!(
                "the follow-up date {follow_up} is before the interaction on {date}"
            )));
        }
        fields.push(("follow_up", Value::String(follow_up)));
    }
    Ok(store.write(|writer| writer.create(Kind::Interaction, &fields))?)
}
