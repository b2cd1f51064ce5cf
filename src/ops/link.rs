//! Linking two records: a person's affiliation with an organisation, a
//! membership of a network, or a typed relationship between two people.

use super::reference::resolve;
use super::values::parse_partial_date;
use super::{OpsError, Result};
use crate::model::{Kind, Record, RELATIONSHIP_TYPES};
use crate::store::{LinkOutcome, Store};
use serde_json::Value;

/// What kind of link `--as` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkType {
    /// A person works at or with an organisation.
    Affiliation,
    /// A person or organisation belongs to a network.
    Membership,
    /// A typed relationship between two people (stored word).
    Relationship(&'static str),
}

impl LinkType {
    /// Reads `--as`: affiliation (or works-at, staff), member (membership),
    /// or a relationship type.
    pub fn parse(text: &str) -> Result<LinkType> {
        let word = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        match word.as_str() {
            "affiliation" | "affiliated" | "works-at" | "works-for" | "staff" | "employee"
            | "at" => Ok(LinkType::Affiliation),
            "member" | "membership" | "member-of" | "belongs-to" => Ok(LinkType::Membership),
            _ => RELATIONSHIP_TYPES
                .read(&word)
                .map(LinkType::Relationship)
                .ok_or_else(|| {
                    OpsError::BadValue(format!(
                        "\"{text}\" is not a kind of link; use affiliation, member, {}",
                        RELATIONSHIP_TYPES.words.join(", ")
                    ))
                }),
        }
    }
}

/// A link as typed: two references, the type, and its details.
#[derive(Clone, Debug, Default)]
pub struct LinkRequest {
    /// The record the link starts from.
    pub from: String,
    /// The record it points to.
    pub to: String,
    /// `--as`; guessed from the kinds when not given.
    pub link_type: Option<String>,
    /// The role held.
    pub role: Option<String>,
    /// Since when.
    pub since: Option<String>,
    /// Until when.
    pub until: Option<String>,
    /// A note on the link.
    pub note: Option<String>,
}

/// Records a link, and says whether it is new. Affiliations and
/// memberships given the wrong way round are turned round.
pub fn link(store: &mut Store, request: &LinkRequest) -> Result<(LinkOutcome, Record, Record)> {
    let first = resolve(store, &request.from)?;
    let second = resolve(store, &request.to)?;
    if first.id == second.id {
        return Err(OpsError::BadValue(format!(
            "cannot link {} to itself",
            first.name()
        )));
    }
    let link_type = match &request.link_type {
        Some(text) => LinkType::parse(text)?,
        None => guess(&first, &second)?,
    };
    let (kind, source, target) = arrange(&link_type, first, second)?;
    let fields = link_fields(request)?;
    let relationship = match link_type {
        LinkType::Relationship(word) => word,
        _ => "",
    };
    let outcome =
        store.write(|writer| writer.link(kind, (&source.id, &target.id, relationship), &fields))?;
    Ok((outcome, source, target))
}

fn guess(first: &Record, second: &Record) -> Result<LinkType> {
    match (first.kind, second.kind) {
        (Kind::Person, Kind::Organisation) | (Kind::Organisation, Kind::Person) => {
            Ok(LinkType::Affiliation)
        }
        (_, Kind::Network) | (Kind::Network, _) => Ok(LinkType::Membership),
        _ => Err(OpsError::BadValue(format!(
            "say how {} and {} are linked with --as ({})",
            first.name(),
            second.name(),
            RELATIONSHIP_TYPES.words.join(", ")
        ))),
    }
}

/// The link's kind and its two ends in the stored direction.
fn arrange(link_type: &LinkType, first: Record, second: Record) -> Result<(Kind, Record, Record)> {
    let kinds = (first.kind, second.kind);
    let mismatch = |wanted: &str| {
        OpsError::BadValue(format!(
            "{} is a {} and {} a {}; {wanted}",
            first.name(),
            first.kind,
            second.name(),
            second.kind
        ))
    };
    match link_type {
        LinkType::Affiliation => match kinds {
            (Kind::Person, Kind::Organisation) => Ok((Kind::Affiliation, first, second)),
            (Kind::Organisation, Kind::Person) => Ok((Kind::Affiliation, second, first)),
            _ => Err(mismatch("an affiliation joins a person to an organisation")),
        },
        LinkType::Membership => match kinds {
            (Kind::Person | Kind::Organisation, Kind::Network) => {
                Ok((Kind::Membership, first, second))
            }
            (Kind::Network, Kind::Person | Kind::Organisation) => {
                Ok((Kind::Membership, second, first))
            }
            _ => Err(mismatch(
                "a membership joins a person or organisation to a network",
            )),
        },
        LinkType::Relationship(_) => match kinds {
            (Kind::Person, Kind::Person) => Ok((Kind::Relationship, first, second)),
            _ => Err(mismatch("a relationship joins two people")),
        },
    }
}

fn link_fields(request: &LinkRequest) -> Result<Vec<(&'static str, Value)>> {
    let mut fields = Vec::new();
    if let Some(role) = request
        .role
        .as_deref()
        .map(str::trim)
        .filter(|role| !role.is_empty())
    {
        fields.push(("role", Value::String(role.to_string())));
    }
    if let Some(since) = &request.since {
        fields.push(("from", Value::String(parse_partial_date(since)?)));
    }
    if let Some(until) = &request.until {
        fields.push(("until", Value::String(parse_partial_date(until)?)));
    }
    if let (Some(since), Some(until)) = (&request.since, &request.until) {
        if parse_partial_date(since)? > parse_partial_date(until)? {
            return Err(OpsError::BadValue(format!(
                "--from {since} is after --until {until}"
            )));
        }
    }
    if let Some(note) = request
        .note
        .as_deref()
        .filter(|note| !note.trim().is_empty())
    {
        fields.push(("note", Value::String(note.trim().to_string())));
    }
    Ok(fields)
}
