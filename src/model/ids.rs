//! Record ids. Most records get a fresh UUIDv7, which sorts by creation
//! time; links get an id derived from what they join, so that two Centres
//! recording the same affiliation produce the same record and sync leaves
//! one link, not two.

use super::Kind;
use uuid::Uuid;

/// The namespace for link ids. Fixed forever: changing it would split every
/// link already shared between stores.
const LINK_NAMESPACE: Uuid = Uuid::from_u128(0x6b69_7468_6c69_6e6b_8000_0000_0000_0001);

/// A fresh, time-ordered id for a new record.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The last eight characters of an id: enough to tell records apart and to
/// use as a `REF`. (The first ones are a timestamp, shared by records made
/// together, so they would not tell them apart.)
pub fn short_id(id: &str) -> &str {
    id.get(id.len().saturating_sub(8)..).unwrap_or(id)
}

/// The id of the link of `kind` from `source` to `target` (with a type for
/// relationships). Symmetric relationship types give the same id whichever
/// way round they were recorded.
pub fn link_id(kind: Kind, source: &str, target: &str, link_type: &str) -> String {
    let symmetric = matches!(link_type, "knows" | "works-with");
    let (first, second) = if symmetric && target < source {
        (target, source)
    } else {
        (source, target)
    };
    let key = format!("{}\n{}\n{}\n{}", kind.as_str(), first, second, link_type);
    Uuid::new_v5(&LINK_NAMESPACE, key.as_bytes()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_link_same_id() {
        let one = link_id(Kind::Affiliation, "a", "b", "");
        let two = link_id(Kind::Affiliation, "a", "b", "");
        assert_eq!(one, two);
        assert_ne!(one, link_id(Kind::Affiliation, "b", "a", ""));
    }

    #[test]
    fn symmetric_relationships_ignore_direction() {
        let ab = link_id(Kind::Relationship, "a", "b", "knows");
        let ba = link_id(Kind::Relationship, "b", "a", "knows");
        assert_eq!(ab, ba);
        let reports = link_id(Kind::Relationship, "a", "b", "reports-to");
        assert_ne!(reports, link_id(Kind::Relationship, "b", "a", "reports-to"));
    }
}
