//! The sync file format, version 1.0: JSON Lines, a header then one record
//! per line. `docs/sync-format.md` describes it for readers in any
//! language; this module writes it and reads it back, refusing anything
//! damaged before a single record reaches the store.

use super::error::FileProblem;
use super::record_line;
use crate::model::{field_spec, link_id, FieldMap, FieldType, FieldValue, Kind, Record, Stamp};
use crate::store::{record_json, MERGED_FROM_PREFIX, MERGED_INTO};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The `format` value every sync file's header carries.
pub const FORMAT_NAME: &str = "kith-sync";
/// The major version: a reader refuses files of a newer major version.
pub const MAJOR: u64 = 1;
/// The minor version: newer minors only add what older readers may ignore.
pub const MINOR: u64 = 1;
/// Which kith writes this format, named in headers and in refusals.
pub const WRITTEN_BY: &str = concat!("kith ", env!("CARGO_PKG_VERSION"));
/// The largest file kith reads: 1 GiB, about three times a file of 100,000
/// people with 300,000 links. A bigger file is far more likely a mistake
/// (or an attack on memory) than a real exchange.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// How far ahead of our wall clock a stamp may be: one day. A stamp further
/// ahead would drag every store's hybrid clock into the future with it.
pub const MAX_CLOCK_LEAD_MILLIS: u64 = 24 * 60 * 60 * 1000;

/// The first line of a sync file. Fields are written in this order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// The format's major version.
    pub major: u64,
    /// The format's minor version.
    pub minor: u64,
    /// The Centre whose store wrote the file.
    pub centre: String,
    /// The id of the store that wrote it.
    pub store: String,
    /// When, as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub written_at: String,
    /// The kith that wrote it, such as `kith 0.1.0`.
    #[serde(default)]
    pub written_by: String,
    /// The filters the export was made with; empty for everything.
    #[serde(default)]
    pub covers: Covers,
    /// How many record lines follow.
    pub records: u64,
    /// The SHA-256 of every byte after the header line, in lower-case hex.
    pub body_sha256: String,
}

/// What an export was limited to, as recorded in its header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covers {
    /// The Centre the file is meant for.
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    pub for_centre: Option<String>,
    /// Only records in this nation (its slug).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nation: Option<String>,
    /// Only members of this network (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Only records with this topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

/// A sync file read and checked: its header and its records.
#[derive(Clone, Debug)]
pub struct SyncFile {
    /// The header.
    pub header: Header,
    /// The records, in file order.
    pub records: Vec<Record>,
}

/// Who is writing a file and when, for its header.
#[derive(Clone, Debug)]
pub struct Writer<'a> {
    /// The writing store's Centre.
    pub centre: &'a str,
    /// The writing store's id.
    pub store: &'a str,
    /// Now, in milliseconds since the Unix epoch.
    pub now_millis: u64,
    /// The filters the records were chosen by.
    pub covers: Covers,
}

/// Writes `records` as a complete sync file.
pub fn encode(writer: &Writer<'_>, records: &[Record]) -> Vec<u8> {
    let mut body = String::new();
    for record in records {
        // A serde_json Value prints without newlines, keys sorted.
        body.push_str(&record_json(record).to_string());
        body.push('\n');
    }
    let mut bytes = header_line(writer, body.as_bytes(), records.len() as u64).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

/// The header line, newline included, of a file whose record lines are
/// `body`, `records` of them.
pub fn header_line(writer: &Writer<'_>, body: &[u8], records: u64) -> String {
    let header = Header {
        format: FORMAT_NAME.to_string(),
        major: MAJOR,
        minor: MINOR,
        centre: writer.centre.to_string(),
        store: writer.store.to_string(),
        written_at: time_text(writer.now_millis),
        written_by: WRITTEN_BY.to_string(),
        covers: writer.covers.clone(),
        records,
        body_sha256: sha256_hex(body),
    };
    // Serialising a struct of strings, numbers and options cannot fail.
    let mut text = serde_json::to_string(&header).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads and checks a whole sync file. `now_millis` is this computer's
/// clock, against which stamps from the future are refused.
pub fn decode(bytes: &[u8], now_millis: u64) -> Result<SyncFile, FileProblem> {
    let (header, body) = open(bytes)?;
    check_body(&header, body)?;
    let records = read_records(body, now_millis)?;
    Ok(SyncFile { header, records })
}

/// The header of a sync file, read and checked, and its body, not yet
/// checked: the first steps of [`decode`].
fn open(bytes: &[u8]) -> Result<(Header, &str), FileProblem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge {
            cap: MAX_FILE_BYTES,
        });
    }
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|error| FileProblem::NotUtf8 {
        line: 1 + bytes[..error.valid_up_to()]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count(),
    })?;
    let Some((header_line, body)) = text.split_once('\n') else {
        return Err(truncated_header(text));
    };
    Ok((read_header(header_line)?, body))
}

/// A file with no newline at all: a header cut short, or not ours.
fn truncated_header(text: &str) -> FileProblem {
    if text.starts_with("{\"format\":\"kith-sync\"") {
        FileProblem::Truncated {
            expected: 0,
            found: 0,
        }
    } else {
        FileProblem::NotSyncFile
    }
}

/// Reads the header, refusing other formats and newer major versions.
/// Unknown keys, which a newer minor version may add, are ignored.
pub(super) fn read_header(line: &str) -> Result<Header, FileProblem> {
    let value: Value = serde_json::from_str(line).map_err(|_| FileProblem::NotSyncFile)?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT_NAME) {
        return Err(FileProblem::NotSyncFile);
    }
    let version = |key| value.get(key).and_then(Value::as_u64);
    let (Some(major), Some(minor)) = (version("major"), version("minor")) else {
        return Err(FileProblem::BadHeader(
            "major and minor must be whole numbers".into(),
        ));
    };
    if major > MAJOR {
        let written_by = value.get("written_by").and_then(Value::as_str);
        let written_by = written_by.unwrap_or("a newer kith").to_string();
        return Err(FileProblem::NewerMajor {
            major,
            minor,
            written_by,
        });
    }
    if major < MAJOR {
        return Err(FileProblem::UnknownMajor { major });
    }
    serde_json::from_value(value).map_err(|error| FileProblem::BadHeader(error.to_string()))
}

/// Checks that the body is whole and matches its checksum.
fn check_body(header: &Header, body: &str) -> Result<(), FileProblem> {
    let whole_lines = body.matches('\n').count() as u64;
    let cut_short = !body.is_empty() && !body.ends_with('\n');
    if whole_lines < header.records || cut_short {
        return Err(FileProblem::Truncated {
            expected: header.records,
            found: whole_lines,
        });
    }
    if !is_body_sum(header, &sha256_hex(body.as_bytes())) {
        return Err(FileProblem::Checksum);
    }
    if whole_lines > header.records {
        return Err(FileProblem::TooManyRecords {
            expected: header.records,
            found: whole_lines,
        });
    }
    Ok(())
}

/// Whether `sha256_hex` is the body's checksum the header gives.
pub(super) fn is_body_sum(header: &Header, sha256_hex: &str) -> bool {
    sha256_hex == header.body_sha256.to_ascii_lowercase()
}

/// Bodies smaller than this are read on one thread.
const PARALLEL_BYTES: usize = 1 << 20;

/// Reads every record line, numbering lines from the header's 1. A large
/// body is read in two halves on two threads: parsing is most of what a
/// repeated import costs, and lines parse independently.
fn read_records(body: &str, now_millis: u64) -> Result<Vec<Record>, FileProblem> {
    let Some((first, second)) = halves(body) else {
        return read_lines(body, 0, now_millis);
    };
    let skipped = first.matches('\n').count();
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| read_lines(second, skipped, now_millis));
        (read_lines(first, 0, now_millis), second.join())
    });
    match (first, second) {
        (Ok(mut records), Ok(Ok(rest))) if !share_an_id(&records, &rest) => {
            records.extend(rest);
            Ok(records)
        }
        // Read again in one pass, so that the problem reported is the
        // first in the file, exactly as a single pass finds it.
        _ => read_lines(body, 0, now_millis),
    }
}

/// A large body cut in two at the line end nearest its middle.
fn halves(body: &str) -> Option<(&str, &str)> {
    if body.len() < PARALLEL_BYTES {
        return None;
    }
    let cut = body[body.len() / 2..].find('\n')? + body.len() / 2 + 1;
    Some(body.split_at(cut))
}

/// Whether a record id appears in both halves of a file. When each half
/// rises in id order, as kith writes them, comparing where they meet is
/// enough.
fn share_an_id(first: &[Record], second: &[Record]) -> bool {
    let rising = |records: &[Record]| records.windows(2).all(|pair| pair[0].id < pair[1].id);
    if let (Some(last), Some(next)) = (first.last(), second.first()) {
        if last.id < next.id && rising(first) && rising(second) {
            return false;
        }
    }
    let ids: HashSet<&str> = first.iter().map(|record| record.id.as_str()).collect();
    second.iter().any(|record| ids.contains(record.id.as_str()))
}

/// Reads the record lines of `text`, which follows `skipped` record lines.
pub(super) fn read_lines(
    text: &str,
    skipped: usize,
    now_millis: u64,
) -> Result<Vec<Record>, FileProblem> {
    let latest_allowed = now_millis.saturating_add(MAX_CLOCK_LEAD_MILLIS);
    let mut seen = SeenIds::default();
    let mut records = Vec::new();
    for (index, line_text) in text.split_terminator('\n').enumerate() {
        let line = skipped + index + 2;
        let bad = |reason: String| FileProblem::BadRecord { line, reason };
        let record = read_line(line_text).map_err(bad)?;
        if let Some(stamp) = latest_stamp(&record).filter(|stamp| stamp.millis > latest_allowed) {
            return Err(FileProblem::ClockAhead {
                line,
                stamp: stamp.to_string(),
            });
        }
        if !seen.first_time(&records, &record.id) {
            return Err(bad(format!(
                "record {} appears twice in the file",
                record.id
            )));
        }
        records.push(record);
    }
    Ok(records)
}

/// Reads one record line: quickly if it is in the plain shape kith
/// writes, otherwise carefully, which also words what is wrong with it.
fn read_line(line_text: &str) -> Result<Record, String> {
    if let Some(record) = record_line::quick_record(line_text) {
        return Ok(record);
    }
    let value: Value = serde_json::from_str(line_text).map_err(|error| error.to_string())?;
    record_from_json(&value)
}

/// The ids read so far, to find one that appears twice. kith writes
/// records in id order, and while ids keep rising none can repeat, so the
/// ids are only gathered into a set once one fails to rise.
#[derive(Default)]
struct SeenIds {
    unordered: Option<HashSet<String>>,
}

impl SeenIds {
    /// Whether `id` is new, given the records before it.
    fn first_time(&mut self, before: &[Record], id: &str) -> bool {
        if let Some(ids) = self.unordered.as_mut() {
            return ids.insert(id.to_string());
        }
        match before.last() {
            Some(last) if last.id.as_str() >= id => {
                let mut ids: HashSet<String> =
                    before.iter().map(|record| record.id.clone()).collect();
                let new = ids.insert(id.to_string());
                self.unordered = Some(ids);
                new
            }
            _ => true,
        }
    }
}

/// The latest stamp a record carries.
fn latest_stamp(record: &Record) -> Option<&Stamp> {
    let field_stamps = record.fields.values().map(|field| &field.stamp);
    field_stamps
        .chain(std::iter::once(&record.created_at))
        .max()
}

/// Reads one record from its JSON, in the shape `kith dump` prints.
/// Unknown keys are ignored; unknown field names are kept, since a newer
/// minor version may add fields and the store treats every field alike.
pub fn record_from_json(value: &Value) -> Result<Record, String> {
    let object = value.as_object().ok_or("a record must be a JSON object")?;
    let id = required_text(object, "id")?;
    let kind_text = required_text(object, "kind")?;
    let kind = Kind::ALL
        .into_iter()
        .find(|kind| kind.as_str() == kind_text)
        .ok_or_else(|| format!("\"{kind_text}\" is not a kind of record"))?;
    let erased = match object.get("erased") {
        None => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => return Err("erased must be true or false".into()),
    };
    let fields = read_fields(object.get("fields"))?;
    if erased && !fields.is_empty() {
        return Err(format!("record {id} is erased but still carries fields"));
    }
    let record = Record {
        created_by: required_text(object, "created_by")?,
        created_at: read_stamp(object.get("created_at"), "created_at")?,
        deleted_at: deletion_of(&fields),
        erased,
        source: optional_text(object, "source")?,
        target: optional_text(object, "target")?,
        link_type: optional_text(object, "type")?,
        fields,
        id,
        kind,
    };
    check_ends(&record)?;
    check_fields(&record)?;
    Ok(record)
}

/// Checks that every field has a name, and that each field kith knows
/// holds the shape of value it holds when kith sets it: text, a list of
/// text, or a flag, or `null` for a cleared one. Fields kith does not know
/// (a newer version's) are kept whatever they hold.
pub(super) fn check_fields(record: &Record) -> Result<(), String> {
    for (name, field) in &record.fields {
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(format!(
                "record {} has a field with no usable name",
                record.id
            ));
        }
        if !fits(record.kind, name, &field.value) {
            return Err(format!(
                "field {name} of {} {} holds {}, which a {name} cannot be",
                record.kind, record.id, field.value
            ));
        }
    }
    Ok(())
}

/// Whether `value` is a shape the field `name` of `kind` can hold.
fn fits(kind: Kind, name: &str, value: &Value) -> bool {
    let is_text_list = |items: &Vec<Value>| items.iter().all(Value::is_string);
    let shape = match name {
        "deleted" => Some(FieldType::Flag),
        MERGED_INTO => Some(FieldType::Reference),
        _ if name.starts_with(MERGED_FROM_PREFIX) => Some(FieldType::Flag),
        _ => field_spec(kind, name).map(|spec| spec.field_type),
    };
    match (shape, value) {
        (None, _) | (_, Value::Null) => true,
        (Some(FieldType::Flag), value) => value.is_boolean(),
        (
            Some(FieldType::List | FieldType::Nations | FieldType::Topics | FieldType::References),
            value,
        ) => value.is_string() || value.as_array().is_some_and(is_text_list),
        (Some(_), value) => value.is_string(),
    }
}

/// Checks a link's ends and that its id is the one they determine, so that
/// every store files the same link under the same id.
pub(super) fn check_ends(record: &Record) -> Result<(), String> {
    if !record.kind.is_link() {
        if record.source.is_some() || record.target.is_some() || record.link_type.is_some() {
            return Err(format!(
                "a {} cannot have source, target or type",
                record.kind
            ));
        }
        return Ok(());
    }
    let (Some(source), Some(target)) = (&record.source, &record.target) else {
        return Err(format!("a {} needs a source and a target", record.kind));
    };
    let link_type = record.link_type.as_deref().unwrap_or("");
    if record.id != link_id(record.kind, source, target, link_type) {
        return Err(format!(
            "link {} does not have the id its ends determine",
            record.id
        ));
    }
    // Only a link whose ends are out of order can break the rule, so the
    // second id is worked out for those alone.
    if target < source && record.id == link_id(record.kind, target, source, link_type) {
        return Err(format!("link {} must list its ends in order", record.id));
    }
    Ok(())
}

fn read_fields(value: Option<&Value>) -> Result<FieldMap, String> {
    let Some(value) = value else {
        return Ok(FieldMap::new());
    };
    let object = value.as_object().ok_or("fields must be a JSON object")?;
    let mut fields = FieldMap::new();
    for (name, field) in object {
        let field = field
            .as_object()
            .ok_or_else(|| format!("field {name} must be an object"))?;
        let value = field
            .get("value")
            .cloned()
            .ok_or_else(|| format!("field {name} has no value"))?;
        let centre = required_text(field, "centre").map_err(|error| format!("{name}: {error}"))?;
        let stamp = read_stamp(field.get("stamp"), name)?;
        let seen = match field.get("seen") {
            None => Vec::new(),
            Some(Value::Array(stamps)) => stamps
                .iter()
                .map(|stamp| read_stamp(Some(stamp), name))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(format!("field {name}: seen must be a list of stamps")),
        };
        let field = FieldValue {
            value,
            centre,
            stamp,
            seen,
        };
        let field = check_seen(name, field)?;
        fields.insert(name.clone(), field);
    }
    Ok(fields)
}

fn required_text(object: &Map<String, Value>, key: &str) -> Result<String, String> {
    match object.get(key) {
        Some(Value::String(text)) if !text.is_empty() => Ok(text.clone()),
        _ => Err(format!("{key} must be a non-empty string")),
    }
}

fn optional_text(object: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if !text.is_empty() => Ok(Some(text.clone())),
        _ => Err(format!("{key} must be a non-empty string")),
    }
}

fn read_stamp(value: Option<&Value>, what: &str) -> Result<Stamp, String> {
    let text = value
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{what} has no stamp"))?;
    text.parse().map_err(|error| format!("{what}: {error}"))
}

/// Checks what a field's setter had seen: stamps earlier than the field's
/// own, one a store. Gives the field with them in store order, the order
/// every store keeps them in, whatever order the line had.
pub(super) fn check_seen(name: &str, mut field: FieldValue) -> Result<FieldValue, String> {
    if let Some(late) = field.seen.iter().find(|seen| **seen >= field.stamp) {
        return Err(format!(
            "field {name} lists as seen a value set after it ({late})"
        ));
    }
    field
        .seen
        .sort_by(|first, second| first.store.cmp(&second.store));
    if field
        .seen
        .windows(2)
        .any(|pair| pair[0].store == pair[1].store)
    {
        return Err(format!(
            "field {name} lists two values of one store as seen"
        ));
    }
    Ok(field)
}

/// A record is deleted when its `deleted` field is true, as in the store.
fn deletion_of(fields: &FieldMap) -> Option<Stamp> {
    let deleted = fields.get("deleted")?;
    (deleted.value == Value::Bool(true)).then(|| deleted.stamp.clone())
}

/// The time part of a stamp's text: `2026-12-03T16:45:14.123Z`.
fn time_text(millis: u64) -> String {
    let stamp = Stamp {
        millis,
        counter: 0,
        store: String::new(),
    };
    let text = stamp.to_string();
    text.split('/').next().unwrap_or_default().to_string()
}

/// Lower-case hex of the SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes in lower-case hexadecimal, as checksums are written.
pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
