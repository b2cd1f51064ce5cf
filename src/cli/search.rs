//! `kith search QUERY`: fuzzy search over people, organisations and
//! networks, best first, through the store's search index.

use super::args::SearchArgs;
use super::output::{print_json, short_id, Table};
use super::{Failure, Store};
use crate::model::Kind;
use crate::ops::{self, OpsError};
use crate::search::{Filters, Query, SearchDoc};
use crate::store::search_index;
use serde_json::json;
use std::io;

/// `kith search`.
pub fn run(store: &Store, args: &SearchArgs, json: bool) -> Result<(), Failure> {
    let filters = filters(store, args)?;
    let query = Query::parse(&args.query);
    let hits = search_index::search(store.connection(), &query, &filters, args.limit)
        .map_err(|error| Failure::failed(format!("the search failed: {error}")))?;
    if json {
        let rows: Vec<_> = hits
            .iter()
            .map(|(hit, doc)| doc_json(doc, hit.score))
            .collect();
        return Ok(print_json(&rows)?);
    }
    if hits.is_empty() {
        println!("Nothing matches.");
        return Ok(());
    }
    let mut table = Table::new(vec!["KIND", "NAME", "ORGANISATION", "ROLE", "PLACE", "ID"]);
    for (_, doc) in &hits {
        table.row(vec![
            short_kind(doc.kind).to_string(),
            doc.name.clone(),
            doc.organisations.join("; "),
            doc.role.clone(),
            place_of(doc),
            short_id(&doc.id).to_string(),
        ]);
    }
    Ok(table.print(&mut io::stdout().lock())?)
}

/// The filters, each read as the same flag of `kith add` is.
pub fn filters(store: &Store, args: &SearchArgs) -> Result<Filters, Failure> {
    let mut filters = Filters::default();
    if let Some(kind) = &args.kind {
        let kind: Kind = kind
            .parse()
            .map_err(|error| Failure::usage(format!("{error}")))?;
        filters.kinds = vec![kind];
    }
    if let Some(nation) = &args.nation {
        filters.nation = Some(
            crate::places::Nation::parse(nation)
                .map_err(OpsError::from)?
                .slug()
                .into(),
        );
    }
    if let Some(place) = &args.place {
        let place = ops::parse_place(place)?;
        match place.code {
            Some(code) => filters.place_code = Some(code),
            None => filters.nation = Some(place.nation),
        }
    }
    if let Some(topic) = &args.topic {
        let custom = store.custom_topics()?;
        filters.topic = Some(crate::topics::resolve(topic, &custom).map_err(OpsError::from)?);
    }
    if let Some(network) = &args.network {
        filters.network = Some(ops::resolve_among(store, network, &[Kind::Network])?.id);
    }
    Ok(filters)
}

fn short_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Organisation => "org",
        other => other.as_str(),
    }
}

fn place_of(doc: &SearchDoc) -> String {
    match (doc.place.is_empty(), doc.nation.is_empty()) {
        (false, _) => doc.place.clone(),
        (true, false) => crate::places::Nation::parse(&doc.nation)
            .map(|nation| nation.name().to_string())
            .unwrap_or_default(),
        (true, true) => String::new(),
    }
}

fn doc_json(doc: &SearchDoc, score: i64) -> serde_json::Value {
    json!({
        "id": doc.id,
        "kind": doc.kind,
        "name": doc.name,
        "alt_name": doc.alt_name,
        "organisations": doc.organisations,
        "role": doc.role,
        "place": doc.place,
        "place_code": doc.place_code,
        "nation": doc.nation,
        "topics": doc.topics,
        "emails": doc.emails,
        "networks": doc.network_names,
        "score": score,
    })
}
