//! A record with everything around it, for `kith show` and the screen's
//! detail pane: its links with the names at their other ends, and the
//! interactions it took part in with their parties.

use super::Result;
use crate::model::{Kind, Record};
use crate::store::Store;
use serde::Serialize;

/// One link seen from a record: the link and who is at the other end.
#[derive(Clone, Debug, Serialize)]
pub struct LinkView {
    /// The link record (affiliation, membership or relationship).
    #[serde(skip)]
    pub link: Record,
    /// The link's id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// For relationships, the type; seen from the target, `introduced-by`
    /// reads the other way, so `outgoing` says which way it points.
    pub link_type: Option<String>,
    /// Whether the viewed record is the link's source.
    pub outgoing: bool,
    /// The record at the other end.
    pub other_id: String,
    /// Its kind.
    pub other_kind: Kind,
    /// Its name.
    pub other_name: String,
    /// The role held, if any.
    pub role: Option<String>,
    /// Since when.
    pub from: Option<String>,
    /// Until when.
    pub until: Option<String>,
}

/// An interaction with the names of those who took part.
#[derive(Clone, Debug, Serialize)]
pub struct InteractionView {
    /// The interaction's id.
    pub id: String,
    /// Meeting, visit, call, email or event.
    pub kind: String,
    /// When.
    pub date: String,
    /// What happened.
    pub note: Option<String>,
    /// When to follow up, if a follow-up is wanted.
    pub follow_up: Option<String>,
    /// Whether the follow-up is done.
    pub follow_up_done: bool,
    /// Who took part: (id, name).
    pub parties: Vec<(String, String)>,
}

/// A record and its surroundings.
#[derive(Clone, Debug)]
pub struct RecordView {
    /// The record itself.
    pub record: Record,
    /// Its links, organisations first, then networks, then people.
    pub links: Vec<LinkView>,
    /// Its interactions, newest first.
    pub interactions: Vec<InteractionView>,
}

/// The view of a live record.
pub fn view(store: &Store, record: Record) -> Result<RecordView> {
    let mut links = Vec::new();
    for link in store.links_of(&record.id)? {
        if let Some(view) = link_view(store, &record.id, link)? {
            links.push(view);
        }
    }
    links.sort_by(|a, b| {
        (a.kind, a.until.is_some(), &a.other_name).cmp(&(b.kind, b.until.is_some(), &b.other_name))
    });
    let interactions = store
        .interactions_of(&record.id)?
        .into_iter()
        .map(|interaction| interaction_view(store, &interaction))
        .collect::<Result<_>>()?;
    Ok(RecordView {
        record,
        links,
        interactions,
    })
}

fn link_view(store: &Store, viewed: &str, link: Record) -> Result<Option<LinkView>> {
    let outgoing = link.source.as_deref() == Some(viewed);
    let other_id = if outgoing {
        link.target.clone()
    } else {
        link.source.clone()
    };
    let Some(other) = other_id.map(|id| store.get(&id)).transpose()?.flatten() else {
        return Ok(None);
    };
    if other.is_gone() {
        return Ok(None);
    }
    let text = |field: &str| link.text(field).map(String::from);
    Ok(Some(LinkView {
        id: link.id.clone(),
        kind: link.kind,
        link_type: link.link_type.clone(),
        outgoing,
        other_id: other.id.clone(),
        other_kind: other.kind,
        other_name: other.name().to_string(),
        role: text("role"),
        from: text("from"),
        until: text("until"),
        link,
    }))
}

/// An interaction with its parties' names.
pub fn interaction_view(store: &Store, interaction: &Record) -> Result<InteractionView> {
    let mut parties = Vec::new();
    for id in interaction.list("parties") {
        if let Some(party) = store.get(id)?.filter(|party| !party.is_gone()) {
            parties.push((party.id.clone(), party.name().to_string()));
        }
    }
    let text = |field: &str| interaction.text(field).map(String::from);
    Ok(InteractionView {
        id: interaction.id.clone(),
        kind: text("type").unwrap_or_default(),
        date: text("date").unwrap_or_default(),
        note: text("note"),
        follow_up: text("follow_up"),
        follow_up_done: interaction.flag("follow_up_done"),
        parties,
    })
}
