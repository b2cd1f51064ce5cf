//! Changing records: `kith edit REF --set FIELD=VALUE`, removing them with a
//! tombstone, and erasing a person at their request.

use super::add::choose_organisation_id;
use super::reference::resolve_among;
use super::values::{parse_field_value, parse_place};
use super::{OpsError, Result};
use crate::model::{field_spec, fields_of, Kind, Record};
use crate::store::Store;
use serde_json::Value;

/// One `--set`: a field, whether to add to a list rather than replace it,
/// and the text of the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The field, as named by `kith add`'s flags (`email`, `alt-name`...).
    pub field: String,
    /// `FIELD+=VALUE`: add to a list instead of replacing it.
    pub append: bool,
    /// The new value; empty clears the field.
    pub value: String,
}

impl Change {
    /// Reads `FIELD=VALUE` or `FIELD+=VALUE`.
    pub fn parse(text: &str) -> Result<Change> {
        let (field, value) = text.split_once('=').ok_or_else(|| {
            OpsError::BadValue(format!(
                "\"{text}\" should be FIELD=VALUE, such as role=Director"
            ))
        })?;
        let (field, append) = match field.strip_suffix('+') {
            Some(field) => (field, true),
            None => (field, false),
        };
        Ok(Change {
            field: field.trim().to_string(),
            append,
            value: value.to_string(),
        })
    }
}

/// Applies every change to the record `reference` means, in one
/// transaction, and gives the record as it now is.
pub fn edit(store: &mut Store, reference: &str, changes: &[Change]) -> Result<Record> {
    let record = resolve_among(store, reference, &Kind::ALL)?;
    let custom = store.custom_topics()?;
    let mut writes: Vec<(String, Value)> = Vec::new();
    let mut organisations = Vec::new();
    for change in changes {
        let stored = stored_name(&change.field);
        if stored == "org" && record.kind == Kind::Person {
            organisations.push(choose_organisation_id(store, &change.value)?);
            continue;
        }
        writes.extend(values_for(&record, &stored, change, &custom)?);
    }
    store.write(|writer| {
        for (field, value) in &writes {
            writer.set(&record.id, field, value.clone())?;
        }
        for organisation in &organisations {
            let organisation = match organisation {
                Ok(id) => id.clone(),
                Err(name) => {
                    writer.create(Kind::Organisation, &[("name", Value::String(name.clone()))])?
                }
            };
            writer.link(Kind::Affiliation, (&record.id, &organisation, ""), &[])?;
        }
        Ok(())
    })?;
    Ok(store.live(&record.id)?)
}

/// The name of the `kith add` flag (without dashes) for a stored field.
pub fn flag_name(stored: &str) -> String {
    let singular = match stored {
        "emails" => "email",
        "phones" => "phone",
        "topics" => "topic",
        other => other,
    };
    singular.replace('_', "-")
}

/// "a person", "an organisation".
pub fn with_article(kind: Kind) -> String {
    let vowel = kind.as_str().starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {}", if vowel { "an" } else { "a" }, kind)
}

/// The stored name of a field given as a flag name.
fn stored_name(field: &str) -> String {
    let field = field.trim().to_ascii_lowercase().replace('-', "_");
    match field.as_str() {
        "email" => "emails".into(),
        "phone" => "phones".into(),
        "topic" => "topics".into(),
        "organisation" | "organization" => "org".into(),
        "notes" => "note".into(),
        "done" => "follow_up_done".into(),
        "kind" => "type".into(),
        _ => field,
    }
}

/// The stored field values one change makes.
fn values_for(
    record: &Record,
    field: &str,
    change: &Change,
    custom: &[String],
) -> Result<Vec<(String, Value)>> {
    let spec = field_spec(record.kind, field).ok_or_else(|| unknown_field(record, field))?;
    if field == "place" {
        return place_values(&change.value);
    }
    let mut value = parse_field_value(spec, &change.value, custom)?;
    if change.append {
        value = appended(record, field, value)?;
    }
    Ok(vec![(field.to_string(), value)])
}

fn place_values(text: &str) -> Result<Vec<(String, Value)>> {
    if text.trim().is_empty() {
        return Ok(vec![("place".into(), Value::Null)]);
    }
    let place = parse_place(text)?;
    let code = place.code.map(Value::String).unwrap_or(Value::Null);
    Ok(vec![
        ("place".into(), code),
        ("nation".into(), Value::String(place.nation)),
    ])
}

/// The list `field` with `value`'s items added to what it holds.
fn appended(record: &Record, field: &str, value: Value) -> Result<Value> {
    let Value::Array(new_items) = value else {
        return Err(OpsError::BadValue(format!(
            "{field} holds one value; use {field}=VALUE"
        )));
    };
    let mut items: Vec<Value> = record
        .list(field)
        .into_iter()
        .map(|item| Value::String(item.into()))
        .collect();
    for item in new_items {
        if !items.contains(&item) {
            items.push(item);
        }
    }
    Ok(Value::Array(items))
}

fn unknown_field(record: &Record, field: &str) -> OpsError {
    let known: Vec<String> = fields_of(record.kind)
        .iter()
        .filter(|spec| !matches!(spec.name, "parties" | "convenor"))
        .map(|spec| flag_name(spec.name))
        .collect();
    OpsError::BadValue(format!(
        "{} has no field \"{field}\"; it has {}",
        with_article(record.kind),
        known.join(", ")
    ))
}

/// Deletes the record `reference` means and gives what it was.
pub fn remove(store: &mut Store, reference: &str) -> Result<Record> {
    let record = resolve_among(store, reference, &Kind::ALL)?;
    store.write(|writer| writer.delete(&record.id))?;
    Ok(record)
}

/// Erases the person `reference` means and gives what they were.
pub fn erase(store: &mut Store, reference: &str) -> Result<Record> {
    let record = resolve_among(store, reference, &[Kind::Person])?;
    store.write(|writer| writer.erase(&record.id))?;
    Ok(record)
}
