//! Damaged, foreign and future sync files: each is refused with a message
//! that says why, and the store is left exactly as it was; files of a newer
//! minor version are read, their unknown parts kept or passed over.

use kith::model::Kind;
use kith::store::Store;
use kith::sync::format::{sha256_hex, MAX_FILE_BYTES};
use kith::sync::{self, Mode, Selection};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A store with a person, an organisation and an affiliation, and its file.
fn sender() -> (Store, Vec<u8>) {
    let mut store = Store::in_memory("EEF").unwrap();
    store
        .write(|writer| {
            let ann = writer.create(Kind::Person, &[("name", json!("Ann Jones"))])?;
            let org = writer.create(Kind::Organisation, &[("name", json!("Cardiff Council"))])?;
            writer.link(
                Kind::Affiliation,
                (&ann, &org, ""),
                &[("role", json!("Officer"))],
            )?;
            Ok(())
        })
        .unwrap();
    let bytes = sync::export_bytes(&store, &Selection::default()).unwrap();
    (store, bytes)
}

/// A receiving store with a record of its own.
fn receiver() -> Store {
    let mut store = Store::in_memory("WCPP").unwrap();
    store
        .write(|writer| writer.create(Kind::Person, &[("name", json!("Rhys Evans"))]))
        .unwrap();
    store
}

/// Writes `bytes` to a file and imports it, giving the error message if
/// it was refused; the store's dump must be unchanged whenever it was.
fn try_import(store: &mut Store, bytes: &[u8]) -> Result<(), String> {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("incoming.kith");
    std::fs::write(&path, bytes).unwrap();
    import_path(store, &path)
}

fn import_path(store: &mut Store, path: &Path) -> Result<(), String> {
    let before = store.dump().unwrap();
    let result = sync::import(store, &[path.to_path_buf()], Mode::default());
    match result {
        Ok(_) => Ok(()),
        Err(error) => {
            assert_eq!(
                store.dump().unwrap(),
                before,
                "a refused file changed the store"
            );
            Err(error.to_string())
        }
    }
}

/// Replaces the header with `change` applied to it, and the checksum with
/// the body's real one, so that only the intended damage remains.
fn reseal(bytes: &[u8], change: impl FnOnce(&mut Value), body: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let (header, old_body) = text.split_once('\n').unwrap();
    let body = body.unwrap_or(old_body);
    let mut header: Value = serde_json::from_str(header).unwrap();
    header["body_sha256"] = json!(sha256_hex(body.as_bytes()));
    change(&mut header);
    format!("{header}\n{body}").into_bytes()
}

fn refusal(bytes: &[u8]) -> String {
    try_import(&mut receiver(), bytes).expect_err("the file should be refused")
}

#[test]
fn an_intact_file_imports_and_twice_changes_nothing() {
    let (sender, bytes) = sender();
    let mut store = Store::in_memory("WCPP").unwrap();
    try_import(&mut store, &bytes).unwrap();
    try_import(&mut store, &bytes).unwrap();
    assert_eq!(store.dump().unwrap(), sender.dump().unwrap());
}

#[test]
fn a_newer_major_version_is_refused_naming_the_kith_that_reads_it() {
    let (_, bytes) = sender();
    let newer = reseal(
        &bytes,
        |header| {
            header["major"] = json!(2);
            header["minor"] = json!(0);
            header["written_by"] = json!("kith 3.1.0");
        },
        None,
    );
    let message = refusal(&newer);
    assert!(message.contains("sync format 2.0"), "{message}");
    assert!(
        message.contains("upgrade to kith 3.1.0 or later"),
        "{message}"
    );
}

#[test]
fn a_newer_minor_version_is_read_and_its_new_fields_kept() {
    let (_, bytes) = sender();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut lines: Vec<Value> = text
        .lines()
        .skip(1)
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    lines[0]["shiny_new_key"] = json!({"anything": [1, 2]});
    lines[0]["fields"]["pronouns"] = json!({
        "value": "they/them", "centre": "EEF", "stamp": lines[0]["created_at"].clone()
    });
    let body: String = lines.iter().map(|line| format!("{line}\n")).collect();
    let newer = reseal(
        &bytes,
        |header| {
            header["minor"] = json!(7);
            header["signature"] = json!("not yet understood");
        },
        Some(&body),
    );
    let mut store = receiver();
    try_import(&mut store, &newer).unwrap();
    assert!(store.dump().unwrap().contains("they/them"));
    // The new field travels on to the next store.
    let relayed = sync::export_bytes(&store, &Selection::default()).unwrap();
    assert!(String::from_utf8(relayed).unwrap().contains("they/them"));
}

#[test]
fn a_wrong_checksum_is_refused() {
    let (_, bytes) = sender();
    let wrong = reseal(
        &bytes,
        |header| header["body_sha256"] = json!("0".repeat(64)),
        None,
    );
    let message = refusal(&wrong);
    assert!(message.contains("checksum"), "{message}");
    assert!(message.contains("incoming.kith"), "{message}");
}

#[test]
fn invalid_utf8_is_refused_with_its_line() {
    let (_, mut bytes) = sender();
    let second_line = bytes.iter().position(|byte| *byte == b'\n').unwrap() + 5;
    bytes[second_line] = 0xFF;
    let message = refusal(&bytes);
    assert!(message.contains("line 2 is not valid UTF-8"), "{message}");
}

#[test]
fn bad_json_in_a_record_is_refused_with_its_line() {
    let (_, bytes) = sender();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut body: Vec<String> = text.lines().skip(1).map(String::from).collect();
    body[1] = body[1].replacen('{', "{,", 1);
    let body: String = body.iter().map(|line| format!("{line}\n")).collect();
    let message = refusal(&reseal(&bytes, |_| {}, Some(&body)));
    assert!(
        message.contains("line 3 is not a valid record"),
        "{message}"
    );
}

#[test]
fn a_link_with_the_wrong_id_is_refused() {
    let (_, bytes) = sender();
    let message = refusal(&with_records_changed(&bytes, |record| {
        if record["kind"] == "affiliation" {
            record["target"] = json!("someone-else");
        }
    }));
    assert!(
        message.contains("does not have the id its ends determine"),
        "{message}"
    );
}

/// A change to one record line, for the cases of a test.
type RecordChange = Box<dyn Fn(&mut Value)>;

/// The file with `change` applied to every record line, resealed.
fn with_records_changed(bytes: &[u8], change: impl Fn(&mut Value)) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let body: String = text
        .lines()
        .skip(1)
        .map(|line| {
            let mut record: Value = serde_json::from_str(line).unwrap();
            change(&mut record);
            format!("{record}\n")
        })
        .collect();
    reseal(bytes, |_| {}, Some(&body))
}

#[test]
fn a_field_with_a_wrong_shape_no_name_or_a_bad_seen_list_is_refused() {
    let (_, bytes) = sender();
    let stamp_of = |record: &Value| record["created_at"].clone();
    let cases: [(&str, RecordChange, &str); 7] = [
        (
            "a deletion that is not true or false",
            Box::new(move |record| {
                let field = json!({"centre": "EEF", "stamp": stamp_of(record), "value": "yes"});
                record["fields"]["deleted"] = field;
            }),
            "field deleted of",
        ),
        (
            "a list that holds a number",
            Box::new(move |record| {
                if record["kind"] == "person" {
                    let field = json!({"centre": "EEF", "stamp": stamp_of(record), "value": [7]});
                    record["fields"]["emails"] = field;
                }
            }),
            "field emails of person",
        ),
        (
            "a name that is not text",
            Box::new(|record| {
                if record["kind"] == "organisation" {
                    record["fields"]["name"]["value"] = json!({"first": "Cardiff"});
                }
            }),
            "field name of organisation",
        ),
        (
            "a field with no name",
            Box::new(move |record| {
                let field = json!({"centre": "EEF", "stamp": stamp_of(record), "value": "x"});
                record["fields"][""] = field;
            }),
            "has a field with no usable name",
        ),
        (
            "a value seen that was set after it",
            Box::new(|record| {
                if let Some(name) = record["fields"].get_mut("name") {
                    name["seen"] = json!([name["stamp"].clone()]);
                }
            }),
            "lists as seen a value set after it",
        ),
        (
            "two values of one store seen",
            Box::new(|record| {
                if let Some(name) = record["fields"].get_mut("name") {
                    let early = "2026-01-01T00:00:00.000Z/00000000/another-store";
                    let earlier = "2025-01-01T00:00:00.000Z/00000000/another-store";
                    name["seen"] = json!([early, earlier]);
                }
            }),
            "lists two values of one store",
        ),
        (
            "seen that is not a list",
            Box::new(|record| {
                if let Some(name) = record["fields"].get_mut("name") {
                    name["seen"] = json!("2026-01-01T00:00:00.000Z/00000000/another-store");
                }
            }),
            "seen must be a list of stamps",
        ),
    ];
    for (what, change, expected) in cases {
        let message = refusal(&with_records_changed(&bytes, change));
        assert!(message.contains(expected), "{what}: {message}");
    }
    // A field kith does not know, from a newer minor version, may hold
    // anything, and a known one may be cleared.
    let open = with_records_changed(&bytes, |record| {
        let stamp = record["created_at"].clone();
        record["fields"]["shoe_size"] = json!({"centre": "EEF", "stamp": stamp, "value": 42});
        record["fields"]["note"] = json!({"centre": "EEF", "stamp": stamp, "value": null});
    });
    try_import(&mut receiver(), &open).unwrap();
}

#[test]
fn a_clock_more_than_a_day_ahead_is_refused() {
    let (_, bytes) = sender();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let body: String = text
        .lines()
        .skip(1)
        .map(|line| {
            let year = &line[line.find("\"created_at\":\"").unwrap() + 14..][..4];
            format!("{}\n", line.replace(&format!("\"{year}-"), "\"2099-"))
        })
        .collect();
    let message = refusal(&reseal(&bytes, |_| {}, Some(&body)));
    assert!(message.contains("more than a day ahead"), "{message}");
}

#[test]
fn foreign_and_empty_files_are_refused() {
    let vcard = b"BEGIN:VCARD\nVERSION:4.0\nFN:Ann Jones\nEND:VCARD\n";
    assert!(refusal(vcard).contains("not a kith sync file"));
    assert!(refusal(b"").contains("empty"));
    assert!(refusal(b"{\"format\":\"kith-sync\",\"maj").contains("cut short"));
}

#[test]
fn a_file_over_the_cap_is_refused_without_reading_it() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("huge.kith");
    // A sparse file: a gigabyte on paper, nothing on disk.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let message = import_path(&mut receiver(), &path).unwrap_err();
    assert!(message.contains("larger than"), "{message}");
}

#[test]
fn one_bad_file_among_good_ones_changes_nothing() {
    let (_, good) = sender();
    let folder = tempfile::tempdir().unwrap();
    let good_path = folder.path().join("good.kith");
    let bad_path = folder.path().join("bad.kith");
    std::fs::write(&good_path, &good).unwrap();
    std::fs::write(&bad_path, &good[..good.len() - 3]).unwrap();
    let mut store = receiver();
    let before = store.dump().unwrap();
    let paths: Vec<PathBuf> = vec![good_path, bad_path];
    let error = sync::import(&mut store, &paths, Mode::default()).unwrap_err();
    assert!(error.to_string().contains("bad.kith"), "{error}");
    assert_eq!(store.dump().unwrap(), before);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A file cut anywhere is refused, and the store is unchanged.
    #[test]
    fn a_truncated_file_is_refused(cut in 0.0..1.0f64) {
        let (_, bytes) = sender();
        let length = ((bytes.len() as f64) * cut) as usize;
        prop_assert!(try_import(&mut receiver(), &bytes[..length]).is_err());
    }

    /// A single flipped bit is refused, or (in a header field the merge
    /// does not use, such as the Centre's name) changes nothing merged.
    #[test]
    fn a_flipped_bit_is_refused_or_harmless(position in 0.0..1.0f64, bit in 0..8u8) {
        let (_, bytes) = sender();
        let mut damaged = bytes.clone();
        let index = ((bytes.len() as f64) * position) as usize;
        damaged[index] ^= 1 << bit;
        let mut intact_store = Store::in_memory("WCPP").unwrap();
        try_import(&mut intact_store, &bytes).unwrap();
        let mut damaged_store = Store::in_memory("WCPP").unwrap();
        if try_import(&mut damaged_store, &damaged).is_ok() {
            let header_end = bytes.iter().position(|byte| *byte == b'\n').unwrap();
            prop_assert!(index < header_end, "a flip in the records was accepted");
            prop_assert_eq!(damaged_store.dump().unwrap(), intact_store.dump().unwrap());
        }
    }
}
