//! The kinds of record: the three that users search for, the three kinds of
//! link between them, interactions, and user-added topics.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a record is. Links are records too, so that they carry provenance
/// and converge under sync exactly as people do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person the network knows.
    Person,
    /// An organisation: a Centre, a department, a council, a charity...
    Organisation,
    /// A named group that people and organisations belong to.
    Network,
    /// A person's role at an organisation, with dates.
    Affiliation,
    /// A person or organisation belonging to a network.
    Membership,
    /// A typed relationship between two people.
    Relationship,
    /// A dated engagement with people and organisations.
    Interaction,
    /// A policy area a user added to the shipped vocabulary.
    Topic,
}

impl Kind {
    /// Every kind, in the order `kith dump` lists them.
    pub const ALL: [Kind; 8] = [
        Kind::Person,
        Kind::Organisation,
        Kind::Network,
        Kind::Affiliation,
        Kind::Membership,
        Kind::Relationship,
        Kind::Interaction,
        Kind::Topic,
    ];

    /// The kinds a user finds by searching.
    pub const SEARCHABLE: [Kind; 3] = [Kind::Person, Kind::Organisation, Kind::Network];

    /// The name used in the store, in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::Network => "network",
            Kind::Affiliation => "affiliation",
            Kind::Membership => "membership",
            Kind::Relationship => "relationship",
            Kind::Interaction => "interaction",
            Kind::Topic => "topic",
        }
    }

    /// Whether records of this kind join two other records.
    pub fn is_link(self) -> bool {
        matches!(
            self,
            Kind::Affiliation | Kind::Membership | Kind::Relationship
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// The error for a kind name that kith does not know.
#[derive(Debug, thiserror::Error)]
#[error("\"{0}\" is not a kind of record; use person, org or network")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    /// Accepts the full names and the short forms users type (`org`, `people`).
    fn from_str(text: &str) -> Result<Kind, UnknownKind> {
        let kind = match text.trim().to_ascii_lowercase().as_str() {
            "person" | "people" | "p" => Kind::Person,
            "organisation" | "organization" | "org" | "orgs" | "organisations" | "o" => {
                Kind::Organisation
            }
            "network" | "networks" | "net" | "n" => Kind::Network,
            "affiliation" => Kind::Affiliation,
            "membership" => Kind::Membership,
            "relationship" => Kind::Relationship,
            "interaction" => Kind::Interaction,
            "topic" => Kind::Topic,
            _ => return Err(UnknownKind(text.to_string())),
        };
        Ok(kind)
    }
}
