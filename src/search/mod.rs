//! Interim search: the shape of the real engine's API with a naive
//! implementation (substring of the folded name), so that the screen can
//! be built against it until the real engine lands. Dropped at merge.

use crate::model::Kind;
use crate::text::fold;

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
#[derive(Clone, Debug)]
pub struct Query(pub String);

impl Query {
    pub fn parse(text: &str) -> Query {
        Query(text.to_string())
    }
}

/// Interim.
#[derive(Debug)]
pub enum Field {
    Name,
    AltName,
    Organisation(usize),
    Role,
    Place,
    Nation,
    Topic(usize),
    Email(usize),
    Network(usize),
}

/// Interim.
#[derive(Debug)]
pub struct Hit {
    pub id: String,
    pub kind: Kind,
    pub score: i64,
    pub highlights: Vec<(Field, Vec<usize>)>,
}

/// Interim.
#[derive(Clone, Debug, Default)]
pub struct Index {
    docs: Vec<SearchDoc>,
}

impl Index {
    pub fn new(docs: Vec<SearchDoc>) -> Index {
        Index { docs }
    }

    pub fn upsert(&mut self, doc: SearchDoc) {
        self.remove(&doc.id);
        self.docs.push(doc);
    }

    pub fn remove(&mut self, id: &str) {
        self.docs.retain(|doc| doc.id != id);
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&SearchDoc> {
        self.docs.iter().find(|doc| doc.id == id)
    }

    pub fn search(&self, query: &Query, filters: &Filters, limit: usize) -> Vec<Hit> {
        let wanted = fold(query.0.trim());
        let mut hits: Vec<(i64, &SearchDoc, Vec<usize>)> = self
            .docs
            .iter()
            .filter(|doc| passes(doc, filters))
            .filter_map(|doc| {
                let name = fold(&doc.name);
                let start = name.find(&wanted)?;
                let first = name[..start].chars().count();
                let indices = (first..first + wanted.chars().count()).collect();
                Some((-(start as i64), doc, indices))
            })
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
        hits.into_iter()
            .take(limit)
            .map(|(score, doc, indices)| Hit {
                id: doc.id.clone(),
                kind: doc.kind,
                score,
                highlights: if wanted.is_empty() {
                    vec![]
                } else {
                    vec![(Field::Name, indices)]
                },
            })
            .collect()
    }
}

fn passes(doc: &SearchDoc, filters: &Filters) -> bool {
    (filters.kinds.is_empty() || filters.kinds.contains(&doc.kind))
        && filters
            .nation
            .as_ref()
            .is_none_or(|nation| &doc.nation == nation)
        && filters
            .place_code
            .as_ref()
            .is_none_or(|code| &doc.place_code == code)
        && filters
            .topic
            .as_ref()
            .is_none_or(|topic| doc.topics.contains(topic))
        && filters
            .network
            .as_ref()
            .is_none_or(|network| doc.networks.contains(network))
}
