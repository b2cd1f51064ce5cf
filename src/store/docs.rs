//! Builds the search entry of a person, organisation or network from the
//! record and what is linked to it: the names of a person's organisations,
//! the networks a record belongs to, the names of its place.

use super::read;
use super::Result;
use crate::model::{Kind, Record};
use crate::places;
use crate::search::SearchDoc;
use rusqlite::Connection;

/// The search entry of record `id`, or `None` if it is not a live,
/// searchable record.
pub fn search_doc(connection: &Connection, id: &str) -> Result<Option<SearchDoc>> {
    let Some(record) = read::record(connection, id)? else {
        return Ok(None);
    };
    if record.is_gone() || !Kind::SEARCHABLE.contains(&record.kind) {
        return Ok(None);
    }
    let links = read::query(
        connection,
        "r.source_id = ?1 AND r.kind IN ('affiliation', 'membership') AND r.deleted = 0 \
         AND r.erased_at IS NULL",
        &[&id],
    )?;
    let mut doc = base_doc(&record);
    for link in links {
        add_link(connection, &mut doc, &link)?;
    }
    Ok(Some(doc))
}

/// The parts of the entry that come from the record alone.
fn base_doc(record: &Record) -> SearchDoc {
    let owned = |items: Vec<&str>| items.into_iter().map(String::from).collect::<Vec<_>>();
    let authority = record.text("place").and_then(places::by_code);
    let nation = match (authority, record.text("nation")) {
        (Some(authority), _) => authority.nation.slug().to_string(),
        (None, Some(nation)) => nation.to_string(),
        (None, None) => String::new(),
    };
    SearchDoc {
        id: record.id.clone(),
        kind: record.kind,
        name: record.name().to_string(),
        alt_name: record.text("alt_name").unwrap_or_default().to_string(),
        organisations: Vec::new(),
        role: record.text("role").unwrap_or_default().to_string(),
        place: authority
            .map(|authority| authority.name.to_string())
            .unwrap_or_default(),
        place_alt: authority
            .and_then(|authority| authority.name_cy)
            .unwrap_or_default()
            .into(),
        place_code: authority
            .map(|authority| authority.code.to_string())
            .unwrap_or_default(),
        nation,
        topics: owned(record.list("topics")),
        emails: owned(record.list("emails")),
        networks: Vec::new(),
        network_names: Vec::new(),
    }
}

/// Adds what a link from the record contributes: the organisation of an
/// affiliation that has not ended, or the network of a membership.
fn add_link(connection: &Connection, doc: &mut SearchDoc, link: &Record) -> Result<()> {
    let Some(target) = link.target.as_deref() else {
        return Ok(());
    };
    let Some(name) = read::live_name(connection, target)? else {
        return Ok(());
    };
    match link.kind {
        Kind::Affiliation if link.text("until").is_none() => {
            doc.organisations.push(name);
        }
        Kind::Membership => {
            doc.networks.push(target.to_string());
            doc.network_names.push(name);
        }
        _ => {}
    }
    Ok(())
}
