//! Reading one record line quickly: straight into a [`Record`], without
//! first building the whole line as a `serde_json::Value` and copying every
//! part of it out again.
//!
//! The quick reader accepts only lines in the plain shape kith writes (each
//! key once, every key of the right type). It gives `None` for anything
//! else, and the caller then reads the line the careful way
//! ([`super::format::record_from_json`]), which accepts what the format
//! allows and names what is wrong. So a line the quick reader accepts is
//! always read exactly as the careful reader would read it, and every
//! refusal is worded by the careful reader alone.

use crate::model::{FieldMap, FieldValue, Kind, Record, Stamp};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// Reads a record line in the plain shape, or gives `None` if the line is
/// anything else (damaged, unusual, or merely written another way).
pub fn quick_record(line: &str) -> Option<Record> {
    let plain: PlainRecord = serde_json::from_str(line).ok()?;
    plain.into_record()
}

/// The keys of a record line, as they are read.
#[derive(Default)]
struct PlainRecord {
    id: Option<String>,
    kind: Option<String>,
    created_by: Option<String>,
    created_at: Option<String>,
    erased: Option<bool>,
    source: Option<Option<String>>,
    target: Option<Option<String>>,
    link_type: Option<Option<String>>,
    fields: Option<FieldMap>,
}

impl PlainRecord {
    /// The record, if every key holds what the careful reader would accept;
    /// the checks and their order follow `record_from_json`.
    fn into_record(self) -> Option<Record> {
        let id = non_empty(self.id?)?;
        let kind_text = self.kind?;
        let kind = Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == kind_text)?;
        let erased = self.erased.unwrap_or(false);
        let fields = self.fields.unwrap_or_default();
        if erased && !fields.is_empty() {
            return None;
        }
        let deleted_at = fields
            .get("deleted")
            .filter(|deleted| deleted.value == Value::Bool(true))
            .map(|deleted| deleted.stamp.clone());
        let record = Record {
            created_by: non_empty(self.created_by?)?,
            created_at: self.created_at?.parse().ok()?,
            deleted_at,
            erased,
            source: optional(self.source)?,
            target: optional(self.target)?,
            link_type: optional(self.link_type)?,
            fields,
            id,
            kind,
        };
        super::format::check_ends(&record).ok()?;
        super::format::check_fields(&record).ok()?;
        Some(record)
    }
}

/// Text that must not be empty.
fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// An optional key: absent or `null` is `None`; present, it must not be
/// empty. The outer `None` says the line is not in the plain shape.
fn optional(key: Option<Option<String>>) -> Option<Option<String>> {
    match key {
        None | Some(None) => Some(None),
        Some(Some(text)) => non_empty(text).map(Some),
    }
}

/// The keys a record line may carry, and any other.
enum RecordKey {
    Id,
    Kind,
    CreatedBy,
    CreatedAt,
    Erased,
    Source,
    Target,
    Type,
    Fields,
    Other,
}

impl RecordKey {
    fn of(name: &str) -> RecordKey {
        match name {
            "id" => RecordKey::Id,
            "kind" => RecordKey::Kind,
            "created_by" => RecordKey::CreatedBy,
            "created_at" => RecordKey::CreatedAt,
            "erased" => RecordKey::Erased,
            "source" => RecordKey::Source,
            "target" => RecordKey::Target,
            "type" => RecordKey::Type,
            "fields" => RecordKey::Fields,
            _ => RecordKey::Other,
        }
    }
}

/// A key's name read without copying it where the line allows.
struct KeyName<F>(F);

impl<'de, F: From<String> + for<'a> From<&'a str>> Deserialize<'de> for KeyName<F> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor<F>(std::marker::PhantomData<F>);
        impl<F: From<String> + for<'a> From<&'a str>> Visitor<'_> for KeyVisitor<F> {
            type Value = KeyName<F>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(KeyName(F::from(text)))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(KeyName(F::from(text)))
            }
        }
        deserializer.deserialize_str(KeyVisitor(std::marker::PhantomData))
    }
}

impl From<&str> for RecordKey {
    fn from(name: &str) -> RecordKey {
        RecordKey::of(name)
    }
}

impl From<String> for RecordKey {
    fn from(name: String) -> RecordKey {
        RecordKey::of(&name)
    }
}

/// Fails when a key comes twice: the careful reader keeps the last, and
/// the quick reader leaves such lines to it.
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::custom("a key appears twice"));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Deserialize<'de> for PlainRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = PlainRecord;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PlainRecord, A::Error> {
        let mut plain = PlainRecord::default();
        while let Some(KeyName(key)) = map.next_key::<KeyName<RecordKey>>()? {
            match key {
                RecordKey::Id => once(&mut plain.id, map.next_value()?)?,
                RecordKey::Kind => once(&mut plain.kind, map.next_value()?)?,
                RecordKey::CreatedBy => once(&mut plain.created_by, map.next_value()?)?,
                RecordKey::CreatedAt => once(&mut plain.created_at, map.next_value()?)?,
                RecordKey::Erased => once(&mut plain.erased, map.next_value()?)?,
                RecordKey::Source => once(&mut plain.source, map.next_value()?)?,
                RecordKey::Target => once(&mut plain.target, map.next_value()?)?,
                RecordKey::Type => once(&mut plain.link_type, map.next_value()?)?,
                RecordKey::Fields => {
                    let Fields(fields) = map.next_value()?;
                    once(&mut plain.fields, fields)?
                }
                // Read as a value, not skipped, so that the line is held to
                // exactly what the careful reader accepts.
                RecordKey::Other => drop(map.next_value::<Value>()?),
            }
        }
        Ok(plain)
    }
}

/// The `fields` object, read straight into fields with their provenance.
struct Fields(FieldMap);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("the fields of a record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = FieldMap::new();
        while let Some(KeyName(name)) = map.next_key::<KeyName<String>>()? {
            let PlainField(field) = map.next_value()?;
            if fields.insert(name, field).is_some() {
                return Err(de::Error::custom("a field appears twice"));
            }
        }
        Ok(Fields(fields))
    }
}

/// One field: its value, the Centre that set it and the stamp.
struct PlainField(FieldValue);

impl<'de> Deserialize<'de> for PlainField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldVisitor)
    }
}

/// The keys of one field.
enum FieldKey {
    Value,
    Centre,
    Stamp,
    Seen,
    Other,
}

impl From<&str> for FieldKey {
    fn from(name: &str) -> FieldKey {
        match name {
            "value" => FieldKey::Value,
            "centre" => FieldKey::Centre,
            "stamp" => FieldKey::Stamp,
            "seen" => FieldKey::Seen,
            _ => FieldKey::Other,
        }
    }
}

impl From<String> for FieldKey {
    fn from(name: String) -> FieldKey {
        FieldKey::from(name.as_str())
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = PlainField;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PlainField, A::Error> {
        let (mut value, mut centre) = (None, None);
        let (mut stamp, mut seen) = (None::<String>, None::<Vec<String>>);
        while let Some(KeyName(key)) = map.next_key::<KeyName<FieldKey>>()? {
            match key {
                FieldKey::Value => once(&mut value, map.next_value::<Value>()?)?,
                FieldKey::Centre => once(&mut centre, map.next_value::<String>()?)?,
                FieldKey::Stamp => once(&mut stamp, map.next_value()?)?,
                FieldKey::Seen => once(&mut seen, map.next_value()?)?,
                FieldKey::Other => drop(map.next_value::<Value>()?),
            }
        }
        let missing = || de::Error::custom("a field lacks a part");
        let centre = centre.and_then(non_empty).ok_or_else(missing)?;
        let stamp: Stamp = stamp
            .and_then(|text| text.parse().ok())
            .ok_or_else(missing)?;
        let seen = seen
            .unwrap_or_default()
            .iter()
            .map(|text| text.parse::<Stamp>().map_err(de::Error::custom))
            .collect::<Result<_, _>>()?;
        let field = FieldValue {
            value: value.ok_or_else(missing)?,
            centre,
            stamp,
            seen,
        };
        let field = super::format::check_seen("", field).map_err(de::Error::custom)?;
        Ok(PlainField(field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::record_json;
    use proptest::prelude::*;

    /// What the careful reader makes of a line.
    fn careful(line: &str) -> Result<Record, String> {
        let value: Value = serde_json::from_str(line).map_err(|error| error.to_string())?;
        super::super::format::record_from_json(&value)
    }

    const STAMP: &str = "2026-12-03T16:45:14.123Z/0000002a/01938f4e-6b1c-7c3a-9e55-2f0c4d1a8b7e";
    const ID: &str = "01938f4e-6b1c-7c3a-9e55-2f0c4d1a8b7e";
    const EARLIER: &str = "2026-12-02T09:00:00.000Z/00000001/another-store";

    /// JSON texts a key might hold: right, wrong, odd and damaged.
    fn value_text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(format!("\"{ID}\"")),
            Just(format!("\"{STAMP}\"")),
            Just("\"2026-12-03T16:45:14.123Z/2a/s\"".to_string()),
            Just("\"person\"".to_string()),
            Just("\"affiliation\"".to_string()),
            Just("\"EEF\"".to_string()),
            Just("\"\"".to_string()),
            Just("\"Si\\u00e2n \\\"Jones\\\"\"".to_string()),
            Just("\"\\ud800\"".to_string()),
            Just("null".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
            Just("1e400".to_string()),
            Just("-0.0".to_string()),
            Just("[\"a\", \"b\"]".to_string()),
            Just("{}".to_string()),
            Just(format!(
                "{{\"name\":{{\"centre\":\"EEF\",\"stamp\":\"{STAMP}\",\"value\":\"Ann\"}}}}"
            )),
            Just(format!(
                "{{\"name\":{{\"centre\":\"EEF\",\"stamp\":\"{STAMP}\",\"value\":1e400}}}}"
            )),
            Just(format!(
                "{{\"role\":{{\"centre\":\"EEF\",\"seen\":[\"{EARLIER}\"],\
                 \"stamp\":\"{STAMP}\",\"value\":\"Analyst\"}}}}"
            )),
            Just(format!(
                "{{\"role\":{{\"centre\":\"EEF\",\"seen\":[\"{STAMP}\"],\
                 \"stamp\":\"{EARLIER}\",\"value\":\"Analyst\"}}}}"
            )),
            Just(format!(
                "{{\"role\":{{\"centre\":\"EEF\",\"seen\":[\"soon\"],\
                 \"stamp\":\"{STAMP}\",\"value\":\"Analyst\"}}}}"
            )),
            Just(format!(
                "{{\"a\":{{\"value\":null,\"stamp\":\"{STAMP}\",\"centre\":\"W\",\"x\":[]}}, \
                 \"a\":{{\"value\":2,\"stamp\":\"{STAMP}\",\"centre\":\"E\"}}}}"
            )),
            Just(format!(
                "{{\"n\":{{\"value\":{{\"b\":1,\"a\":[1.50,\"\\u0041\"]}},\"stamp\":\"{STAMP}\",\
                 \"centre\":\"EEF\",\"value\":\"last\"}}}}"
            )),
            Just(format!(
                "{{\"n\":{{\"stamp\":\"{STAMP}\",\"centre\":\"EEF\"}}}}"
            )),
            Just("{\"deleted\":{\"centre\":\"EEF\",\"stamp\":\"bad\",\"value\":true}}".into()),
            Just("[".to_string()),
        ]
    }

    /// Keys a line might carry, known, escaped, unknown.
    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("id"),
            Just("kind"),
            Just("created_by"),
            Just("created_at"),
            Just("erased"),
            Just("source"),
            Just("target"),
            Just("type"),
            Just("fields"),
            Just("\\u0069d"),
            Just("extra"),
        ]
        .prop_map(String::from)
    }

    /// A line of the keys a person needs, and more of any of those keys
    /// and values, in any order, spaced one way or another.
    fn odd_line() -> impl Strategy<Value = String> {
        let needed = [
            ("id", format!("\"{ID}\"")),
            ("kind", "\"person\"".to_string()),
            ("created_by", "\"EEF\"".to_string()),
            ("created_at", format!("\"{STAMP}\"")),
        ]
        .map(|(key, value)| (key.to_string(), value));
        let entry = (key(), value_text());
        let space = prop_oneof![Just(""), Just(" "), Just("\t")];
        (prop::collection::vec(entry, 0..4), space, any::<u64>()).prop_map(
            move |(extra, space, seed)| {
                let mut entries: Vec<(String, String)> = needed.to_vec();
                entries.extend(extra);
                // Shuffled by the seed, so that keys come in any order.
                entries.sort_by_key(|(key, value)| {
                    let mixed = format!("{seed}{key}{value}");
                    mixed
                        .bytes()
                        .fold(seed, |hash, byte| hash.rotate_left(5) ^ u64::from(byte))
                });
                let parts: Vec<String> = entries
                    .into_iter()
                    .map(|(key, value)| format!("{space}\"{key}\"{space}:{space}{value}"))
                    .collect();
                format!("{{{}}}", parts.join(","))
            },
        )
    }

    /// A record line as kith writes it, with one key changed.
    fn plain_line_changed() -> impl Strategy<Value = String> {
        (key(), value_text(), any::<bool>()).prop_map(|(key, value, drop_key)| {
            let record = sample_record();
            let mut object = record_json(&record);
            let map = object.as_object_mut().unwrap();
            if drop_key {
                map.remove(&key);
            } else if let Ok(value) = serde_json::from_str::<Value>(&value) {
                map.insert(key, value);
            }
            object.to_string()
        })
    }

    fn sample_record() -> Record {
        let line = format!(
            "{{\"created_at\":\"{STAMP}\",\"created_by\":\"EEF\",\"fields\":{{\"emails\":\
             {{\"centre\":\"EEF\",\"stamp\":\"{STAMP}\",\"value\":[\"a@b.org\"]}},\"name\":\
             {{\"centre\":\"WCPP\",\"stamp\":\"{STAMP}\",\"value\":\"Siân\"}}}},\"id\":\"{ID}\",\
             \"kind\":\"person\"}}"
        );
        careful(&line).unwrap()
    }

    #[test]
    fn kiths_own_lines_are_read_quickly_and_alike() {
        let record = sample_record();
        let line = record_json(&record).to_string();
        assert_eq!(quick_record(&line), Some(record));
    }

    proptest! {
        /// The quick reader never accepts a line the careful one refuses,
        /// nor reads one differently.
        #[test]
        fn the_quick_reader_agrees_with_the_careful_one(
            line in prop_oneof![odd_line(), plain_line_changed()]
        ) {
            if let Some(quick) = quick_record(&line) {
                prop_assert_eq!(careful(&line), Ok(quick), "{}", line);
            }
        }
    }
}
