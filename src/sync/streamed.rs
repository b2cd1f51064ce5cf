//! Importing one large file into an empty store while the file is still
//! being read. A helper thread reads the file 2 MiB at a time, checking
//! each part's record lines as [`format::decode`] checks a whole file, and
//! this thread writes each part as it arrives. A first import of 100,000
//! people spent about half a second reading before it could write, and
//! held the whole 160 MB file in memory; now the reading is hidden behind
//! the writing, and only a part is held at a time.
//!
//! The outcome is exactly that of reading the whole file and then merging
//! it, or nothing at all. If the file has any problem, or is not in the
//! order kith writes (record ids rising), the transaction is rolled back
//! and the import starts again the ordinary way, which finds the problem
//! and words it as it always has. Records that need more than an insert
//! (an erasure, and every record after it) end the stream, and are merged
//! the ordinary way within the same transaction.

use super::error::Result;
use super::format::{self, Header, MAX_FILE_BYTES};
use super::import::{self, ImportReport, Mode};
use super::merge::{merge_records, Summary};
use crate::model::{wall_clock_millis, Record};
use crate::store::{self, PartTexts, Store, StoreError, Stream, Writer};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};

/// Bytes of record lines read at a time: about 5,000 records, so that
/// writing starts at once and handing a part over costs nothing next to
/// writing it.
const PART_BYTES: usize = 2 << 20;

/// A header line longer than this is not one kith wrote.
const HEADER_BYTES: u64 = 64 << 10;

/// What the reading thread hands over.
enum Part {
    /// The next records, in file order, and the texts they are written
    /// with.
    Records(Vec<Record>, PartTexts),
    /// Every line is read; the file is whole and matches its header.
    Whole,
    /// The file has a problem, or is not as kith writes it: the ordinary
    /// import will say what, or cope.
    Unusual,
}

/// Imports the file at `path` into `store` as [`import::import`] would,
/// writing while reading, when that can be done: the store holds no
/// records, the file is large, and this is no dry run. `None`, with the
/// store unchanged, when it cannot, or when the file turns out to have a
/// problem; the caller then imports the ordinary way.
///
/// Of `mode`, only a dry run matters: every record is new to a store that
/// held nothing, so no file can lose it anything, and there is no large
/// loss to ask about.
pub fn import_into_empty(
    store: &mut Store,
    path: &Path,
    mode: Mode,
) -> Result<Option<ImportReport>> {
    if mode.dry_run {
        return Ok(None);
    }
    // Any problem reading is found again, and worded, the ordinary way.
    let Some((header, body)) = open(path) else {
        return Ok(None);
    };
    if header.records < import::MANY_RECORDS || !store.is_empty()? {
        return Ok(None);
    }
    let now_millis = wall_clock_millis();
    let mut unusual = false;
    let outcome = std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        let header = &header;
        scope.spawn(move || read_in_parts(header, body, now_millis, &sender));
        let written = store.write_in_bulk(|writer| {
            let (summary, streamed) = write_parts(writer, &receiver, &mut unusual)?;
            // Freeing the records takes a tenth of a second at 100,000
            // people, which the commit need not wait for.
            scope.spawn(move || drop(streamed));
            Ok(summary)
        });
        match written {
            Ok(summary) => Ok(Some(summary)),
            Err(_) if unusual => Ok(None),
            // A problem in the file comes before one in the store, as it
            // would had the file been read first.
            Err(_) if ends_unusual(&receiver) => Ok(None),
            Err(error) => Err(error),
        }
        // The reader stops at its next part once the receiver is gone.
    });
    let Some(summary) = outcome? else {
        return Ok(None);
    };
    Ok(Some(ImportReport {
        dry_run: false,
        files: vec![import::file_report(path, &header, summary.clone())],
        total: summary,
        live_before: 0,
    }))
}

/// Whether the reading thread, read to its end, found the file unusual.
fn ends_unusual(receiver: &Receiver<Part>) -> bool {
    receiver.iter().any(|part| matches!(part, Part::Unusual))
}

/// Writes the parts as they arrive, and whatever follows the first record
/// that needs more than an insert, giving back what changed and the
/// records streamed. Sets `unusual`, and fails so that the transaction
/// rolls back, if the ordinary import must take over.
fn write_parts(
    writer: &mut Writer<'_>,
    receiver: &Receiver<Part>,
    unusual: &mut bool,
) -> store::Result<(Summary, Vec<Vec<Record>>)> {
    let Some(stream) = writer.start_stream()? else {
        return give_up(unusual);
    };
    let mut streamed: Vec<Vec<Record>> = Vec::new();
    // From the first record that is not a plain insert on.
    let mut rest: Option<Vec<Record>> = None;
    loop {
        match receiver.recv() {
            Ok(Part::Records(records, texts)) => match rest.as_mut() {
                Some(rest) => rest.extend(records),
                None => rest = stream_plain(writer, &stream, records, &texts, &mut streamed)?,
            },
            Ok(Part::Whole) => break,
            Ok(Part::Unusual) | Err(_) => return give_up(unusual),
        }
    }
    let records: Vec<&Record> = streamed.iter().flatten().collect();
    let mut summary = Summary {
        new: records.len() as u64,
        ..Summary::default()
    };
    writer.finish_stream(stream, &records)?;
    if let Some(rest) = rest {
        // A record that contradicts the store is reported the ordinary way.
        if merge_records(writer, &rest, &mut summary)?.is_some() {
            return give_up(unusual);
        }
    }
    drop(records);
    Ok((summary, streamed))
}

/// Streams the records of a part up to the first that is not a plain
/// insert, keeping them in `streamed`, and gives back the rest, if any.
/// In a store that held nothing and has been given no erasure, only an
/// erasure marker is more than an insert: no record can be bound to an
/// erased one.
fn stream_plain(
    writer: &mut Writer<'_>,
    stream: &Stream,
    mut records: Vec<Record>,
    texts: &PartTexts,
    streamed: &mut Vec<Vec<Record>>,
) -> store::Result<Option<Vec<Record>>> {
    let Some(first) = records.iter().position(|record| record.erased) else {
        let plain: Vec<&Record> = records.iter().collect();
        writer.stream_part(stream, &plain, texts)?;
        streamed.push(records);
        return Ok(None);
    };
    // Rare: the texts of the records before it are worked out again.
    let rest = records.split_off(first);
    let plain: Vec<&Record> = records.iter().collect();
    writer.stream_part(stream, &plain, &PartTexts::of(&records))?;
    streamed.push(records);
    Ok(Some(rest))
}

/// Marks the import as one for the ordinary way, and fails so that the
/// transaction is rolled back.
fn give_up<T>(unusual: &mut bool) -> store::Result<T> {
    *unusual = true;
    Err(StoreError::Invalid(
        "the file is imported the ordinary way".into(),
    ))
}

/// The file's header, read and checked, and the rest of the file, unread;
/// `None` if it cannot be opened, is too large, or has no valid header.
fn open(path: &Path) -> Option<(Header, BufReader<File>)> {
    let file = File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_FILE_BYTES {
        return None;
    }
    let mut reader = BufReader::with_capacity(PART_BYTES, file);
    let mut line = Vec::new();
    (&mut reader)
        .take(HEADER_BYTES)
        .read_until(b'\n', &mut line)
        .ok()?;
    let line = std::str::from_utf8(line.strip_suffix(b"\n")?).ok()?;
    Some((format::read_header(line).ok()?, reader))
}

/// Reads the record lines after the header part by part, sending each,
/// then whether the file was whole and as kith writes it.
fn read_in_parts(header: &Header, body: impl Read, now_millis: u64, sender: &Sender<Part>) {
    let end = if read_checked(header, body, now_millis, sender) {
        Part::Whole
    } else {
        Part::Unusual
    };
    // If no one is listening any more, the import has ended anyway.
    let _ = sender.send(end);
}

/// Sends the records of `body` part by part, checking each as
/// [`format::decode`] does. False if the file is not whole, does not
/// match its header, is too large, or is not in rising id order, or if
/// the writer stopped listening.
fn read_checked(
    header: &Header,
    mut body: impl Read,
    now_millis: u64,
    sender: &Sender<Part>,
) -> bool {
    let mut checksum = Sha256::new();
    let mut lines = 0;
    let mut last_id: Option<String> = None;
    // Read but not yet parsed: always less than one line once a part is cut.
    let mut buffer: Vec<u8> = Vec::with_capacity(2 * PART_BYTES);
    let mut total = 0_u64;
    let mut ends_with_line_end = true;
    loop {
        let Ok(read) = (&mut body).take(PART_BYTES as u64).read_to_end(&mut buffer) else {
            return false;
        };
        total += read as u64;
        if total > MAX_FILE_BYTES {
            return false;
        }
        let at_end = read == 0;
        // Whole lines only, but for the last: a line cut short is read,
        // and refused below, as the ordinary import would.
        let cut = match buffer.iter().rposition(|byte| *byte == b'\n') {
            _ if at_end => buffer.len(),
            Some(line_end) => line_end + 1,
            None => continue,
        };
        if cut > 0 {
            ends_with_line_end = buffer[cut - 1] == b'\n';
            checksum.update(&buffer[..cut]);
            let Ok(text) = std::str::from_utf8(&buffer[..cut]) else {
                return false;
            };
            let Ok(records) = format::read_lines(text, lines, now_millis) else {
                return false;
            };
            if !rises_after(last_id.as_deref(), &records) {
                return false;
            }
            lines += records.len();
            last_id = records.last().map(|record| record.id.clone());
            let texts = PartTexts::of(&records);
            if sender.send(Part::Records(records, texts)).is_err() {
                return false;
            }
            buffer.drain(..cut);
        }
        if at_end {
            break;
        }
    }
    ends_with_line_end
        && lines as u64 == header.records
        && format::is_body_sum(header, &format::hex(&checksum.finalize()))
}

/// Whether the ids of `records` rise, from above `last` if given.
fn rises_after(last: Option<&str>, records: &[Record]) -> bool {
    let first_rises = match (last, records.first()) {
        (Some(last), Some(first)) => last < first.id.as_str(),
        _ => true,
    };
    first_rises && records.windows(2).all(|pair| pair[0].id < pair[1].id)
}
