//! Interim search: the shape the store writes to, until the real engine
//! lands.

use crate::model::Kind;

/// What search sees of one record.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchDoc {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    pub alt_name: String,
    pub organisations: Vec<String>,
    pub role: String,
    pub place: String,
    pub place_alt: String,
    pub place_code: String,
    pub nation: String,
    pub topics: Vec<String>,
    pub emails: Vec<String>,
    pub networks: Vec<String>,
    pub network_names: Vec<String>,
}

/// Interim.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub kinds: Vec<Kind>,
    pub nation: Option<String>,
    pub place_code: Option<String>,
    pub topic: Option<String>,
    pub network: Option<String>,
}
/// Interim.
pub struct Query(pub String);
impl Query {
    pub fn parse(text: &str) -> Query {
        Query(text.to_string())
    }
}
/// Interim.
pub struct Hit {
    pub id: String,
    pub kind: Kind,
    pub score: i64,
}
