//! `kith dump`: the whole store as canonical JSON. Records are ordered by
//! id, object keys sorted, numbers and strings printed one way only, so two
//! stores holding the same content print the same bytes. The store's own
//! identity and clock are left out: they differ between stores that agree.

use super::{Result, Store};
use crate::model::Record;
use serde_json::{json, Map, Value};

/// The name and version of the dump format.
pub const DUMP_FORMAT: &str = "kith-dump/1";

impl Store {
    /// The canonical JSON of every record, tombstones and erasures included.
    pub fn dump(&self) -> Result<String> {
        let records: Vec<Value> = self.all_records()?.iter().map(record_json).collect();
        let document = json!({ "format": DUMP_FORMAT, "records": records });
        // serde_json's maps are sorted by key, which makes this canonical.
        let mut text = serde_json::to_string_pretty(&document)
            .map_err(|error| super::StoreError::Invalid(error.to_string()))?;
        text.push('\n');
        Ok(text)
    }
}

/// One record as canonical JSON.
pub fn record_json(record: &Record) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), json!(record.id));
    object.insert("kind".into(), json!(record.kind.as_str()));
    object.insert("created_by".into(), json!(record.created_by));
    object.insert("created_at".into(), json!(record.created_at.to_string()));
    if record.erased {
        object.insert("erased".into(), json!(true));
    }
    for (key, value) in [
        ("source", &record.source),
        ("target", &record.target),
        ("type", &record.link_type),
    ] {
        if let Some(value) = value {
            object.insert(key.into(), json!(value));
        }
    }
    let fields: Map<String, Value> = record
        .fields
        .iter()
        .map(|(name, field)| {
            let mut provenance = json!({
                "value": field.value,
                "centre": field.centre,
                "stamp": field.stamp.to_string(),
            });
            if !field.seen.is_empty() {
                let seen: Vec<String> = field.seen.iter().map(ToString::to_string).collect();
                provenance["seen"] = json!(seen);
            }
            (name.clone(), provenance)
        })
        .collect();
    object.insert("fields".into(), Value::Object(fields));
    Value::Object(object)
}
