//! Which fields each kind of record has, what type each holds, and the
//! small vocabularies (organisation types, interaction kinds, relationship
//! types, legal bases) that some of them draw from.
//!
//! The table here is the one place that says what `kith edit --set`
//! accepts; the store and sync treat every field alike, as a value with a
//! Centre and a stamp.

use super::Kind;

/// What a field holds, which decides how text typed by a user is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// Free text on one line.
    Text,
    /// Free text that may span lines.
    LongText,
    /// Several strings (emails, phones).
    List,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A year, a month or a day (`2024`, `2024-03`, `2024-03-01`).
    PartialDate,
    /// Yes or no.
    Flag,
    /// A local authority's GSS code.
    Place,
    /// A nation's slug.
    Nation,
    /// Several nations' slugs.
    Nations,
    /// Canonical topic names.
    Topics,
    /// The id of another record.
    Reference,
    /// The ids of other records.
    References,
    /// One word from a fixed vocabulary.
    Choice(&'static Vocabulary),
}

/// One field of one kind of record.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// The name in the store, in JSON and after `--set`.
    pub name: &'static str,
    /// What it holds.
    pub field_type: FieldType,
    /// What it means, for help texts.
    pub about: &'static str,
}

const fn spec(name: &'static str, field_type: FieldType, about: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        field_type,
        about,
    }
}

/// A fixed set of words a field may hold, with the other ways users say them.
#[derive(Debug, PartialEq, Eq)]
pub struct Vocabulary {
    /// The stored words.
    pub words: &'static [&'static str],
    /// Other ways of saying them: (what users type, stored word).
    pub synonyms: &'static [(&'static str, &'static str)],
}

impl Vocabulary {
    /// The stored word for `text`: any case, spaces or underscores for
    /// hyphens, or a synonym.
    pub fn read(&self, text: &str) -> Option<&'static str> {
        let wanted = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        let synonym = self
            .synonyms
            .iter()
            .find(|(said, _)| said.replace(' ', "-") == wanted);
        let wanted = synonym.map(|(_, word)| *word).unwrap_or(&wanted);
        self.words.iter().copied().find(|word| *word == wanted)
    }
}

/// Types of organisation.
pub const ORG_KINDS: Vocabulary = Vocabulary {
    words: &[
        "what-works-centre",
        "uk-government",
        "devolved-government",
        "local-authority",
        "health-body",
        "university",
        "charity",
        "public-body",
        "police",
        "think-tank",
        "other",
    ],
    synonyms: &[
        ("wwc", "what-works-centre"),
        ("what works", "what-works-centre"),
        ("centre", "what-works-centre"),
        ("council", "local-authority"),
        ("la", "local-authority"),
        ("local government", "local-authority"),
        ("department", "uk-government"),
        ("whitehall", "uk-government"),
        ("devolved", "devolved-government"),
        ("government", "devolved-government"),
        ("nhs", "health-body"),
        ("health", "health-body"),
        ("uni", "university"),
    ],
};

/// Kinds of interaction.
pub const INTERACTION_KINDS: Vocabulary = Vocabulary {
    words: &["meeting", "visit", "call", "email", "event"],
    synonyms: &[
        ("phone", "call"),
        ("phone call", "call"),
        ("telephone", "call"),
        ("mail", "email"),
        ("e-mail", "email"),
        ("meet", "meeting"),
        ("video call", "meeting"),
        ("conference", "event"),
        ("workshop", "event"),
        ("roundtable", "event"),
    ],
};

/// Types of relationship between people.
pub const RELATIONSHIP_TYPES: Vocabulary = Vocabulary {
    words: &["knows", "introduced-by", "works-with", "reports-to"],
    synonyms: &[
        ("acquaintance", "knows"),
        ("introduced", "introduced-by"),
        ("colleague", "works-with"),
        ("manager", "reports-to"),
    ],
};

/// Lawful bases for holding a person's details under UK GDPR.
pub const LEGAL_BASES: Vocabulary = Vocabulary {
    words: &[
        "legitimate-interests",
        "consent",
        "public-task",
        "contract",
        "legal-obligation",
        "vital-interests",
    ],
    synonyms: &[
        ("legitimate interest", "legitimate-interests"),
        ("li", "legitimate-interests"),
    ],
};

const PERSON: &[FieldSpec] = &[
    spec("name", FieldType::Text, "full name"),
    spec(
        "alt_name",
        FieldType::Text,
        "another form of the name, such as a Welsh one",
    ),
    spec("emails", FieldType::List, "email addresses"),
    spec("phones", FieldType::List, "telephone numbers"),
    spec("role", FieldType::Text, "job title"),
    spec("note", FieldType::LongText, "notes"),
    spec("place", FieldType::Place, "local authority"),
    spec("nation", FieldType::Nation, "nation of the UK"),
    spec("topics", FieldType::Topics, "policy areas"),
    spec(
        "legal_basis",
        FieldType::Choice(&LEGAL_BASES),
        "lawful basis for holding their details",
    ),
    spec(
        "legal_basis_date",
        FieldType::Date,
        "when the lawful basis was recorded",
    ),
    spec("private", FieldType::Flag, "never leaves this store"),
];

const ORGANISATION: &[FieldSpec] = &[
    spec("name", FieldType::Text, "name"),
    spec(
        "alt_name",
        FieldType::Text,
        "another form of the name, such as a Welsh one",
    ),
    spec(
        "type",
        FieldType::Choice(&ORG_KINDS),
        "kind of organisation",
    ),
    spec("place", FieldType::Place, "local authority"),
    spec("nation", FieldType::Nation, "nation of the UK"),
    spec("website", FieldType::Text, "web address"),
    spec("emails", FieldType::List, "email addresses"),
    spec("phones", FieldType::List, "telephone numbers"),
    spec("topics", FieldType::Topics, "policy areas"),
    spec("note", FieldType::LongText, "notes"),
    spec("private", FieldType::Flag, "never leaves this store"),
];

const NETWORK: &[FieldSpec] = &[
    spec("name", FieldType::Text, "name"),
    spec("alt_name", FieldType::Text, "another form of the name"),
    spec(
        "convenor",
        FieldType::Reference,
        "the person or organisation that convenes it",
    ),
    spec("nations", FieldType::Nations, "nations it covers"),
    spec("topics", FieldType::Topics, "policy areas"),
    spec("website", FieldType::Text, "web address"),
    spec("note", FieldType::LongText, "what it is"),
    spec("private", FieldType::Flag, "never leaves this store"),
];

const LINK: &[FieldSpec] = &[
    spec("role", FieldType::Text, "role held"),
    spec("from", FieldType::PartialDate, "since when"),
    spec("until", FieldType::PartialDate, "until when"),
    spec("note", FieldType::LongText, "notes"),
];

const INTERACTION: &[FieldSpec] = &[
    spec(
        "type",
        FieldType::Choice(&INTERACTION_KINDS),
        "meeting, visit, call, email or event",
    ),
    spec("date", FieldType::Date, "when it happened"),
    spec("note", FieldType::LongText, "what happened"),
    spec("follow_up", FieldType::Date, "when to follow up"),
    spec(
        "follow_up_done",
        FieldType::Flag,
        "the follow-up has been done",
    ),
    spec(
        "parties",
        FieldType::References,
        "people and organisations involved",
    ),
];

const TOPIC: &[FieldSpec] = &[spec("name", FieldType::Text, "name of the policy area")];

/// The fields a kind of record has, in the order they are shown.
pub fn fields_of(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::Person => PERSON,
        Kind::Organisation => ORGANISATION,
        Kind::Network => NETWORK,
        Kind::Affiliation | Kind::Membership | Kind::Relationship => LINK,
        Kind::Interaction => INTERACTION,
        Kind::Topic => TOPIC,
    }
}

/// The field `name` of `kind`, if it has one.
pub fn field_spec(kind: Kind, name: &str) -> Option<&'static FieldSpec> {
    fields_of(kind).iter().find(|field| field.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_distinct_field_names() {
        for kind in Kind::ALL {
            let mut names: Vec<_> = fields_of(kind).iter().map(|field| field.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), fields_of(kind).len(), "{kind}");
        }
    }

    #[test]
    fn vocabularies_read_loosely() {
        assert_eq!(ORG_KINDS.read("Local Authority"), Some("local-authority"));
        assert_eq!(ORG_KINDS.read("council"), Some("local-authority"));
        assert_eq!(INTERACTION_KINDS.read("Phone call"), Some("call"));
        assert_eq!(
            RELATIONSHIP_TYPES.read("introduced_by"),
            Some("introduced-by")
        );
        assert_eq!(LEGAL_BASES.read("consent"), Some("consent"));
        assert_eq!(ORG_KINDS.read("spaceship"), None);
    }
}
