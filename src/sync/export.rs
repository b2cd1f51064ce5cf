//! Choosing what a store shares and writing it as a sync file.
//!
//! Private records never leave, nor do links or interactions that touch
//! one. Tombstones travel, so deletions reach everyone; erasure markers
//! always travel, whatever the filters, since an erasure must reach every
//! store that may hold the person. Filters (nation, network, topic) narrow
//! the people, organisations and networks; links and interactions go only
//! where everything they join goes too.

use super::error::{Result, SyncError};
use super::format::{self, Covers};
use crate::model::{wall_clock_millis, Kind};
use crate::store::{LineCount, Outline, Store};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to export. Values are already checked: a nation's slug, a
/// network's id, a canonical topic name.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// The Centre the file is for; recorded in the header, not a filter.
    pub for_centre: Option<String>,
    /// Only records in this nation.
    pub nation: Option<String>,
    /// Only this network and its members.
    pub network: Option<String>,
    /// Only records with this topic.
    pub topic: Option<String>,
    /// Only what changed here (or was received) since the last file
    /// exported for `for_centre`; everything if there was none. Without
    /// `for_centre` there is no last file, and everything goes.
    pub since_last: bool,
}

impl Selection {
    fn is_filtered(&self) -> bool {
        self.nation.is_some() || self.network.is_some() || self.topic.is_some()
    }

    fn covers(&self) -> Covers {
        Covers {
            for_centre: self.for_centre.clone(),
            nation: self.nation.clone(),
            network: self.network.clone(),
            topic: self.topic.clone(),
        }
    }
}

/// What an export wrote.
#[derive(Clone, Debug, Serialize)]
pub struct ExportSummary {
    /// The file written.
    pub file: PathBuf,
    /// Records written, tombstones and erasure markers included.
    pub records: u64,
    /// Of those, records deleted or erased.
    pub gone: u64,
}

/// The fields that decide whether a record is shared: the only ones read
/// to choose, before the chosen records are written out whole.
const DECIDING_FIELDS: [&str; 5] = ["private", "nation", "nations", "topics", "parties"];

/// The ids of the records of `store` that `selection` shares.
pub fn shareable(store: &Store, selection: &Selection) -> crate::store::Result<BTreeSet<String>> {
    let all = store.outlines(&DECIDING_FIELDS)?;
    let shared = shared_among(store, &all, selection)?;
    Ok(shared.into_iter().map(String::from).collect())
}

/// The ids among `all` (outlines of every record of `store`, holding at
/// least [`DECIDING_FIELDS`]) that `selection` shares.
fn shared_among<'a>(
    store: &Store,
    all: &'a [Outline],
    selection: &Selection,
) -> crate::store::Result<HashSet<&'a str>> {
    let mut shared = shared_ids(all, selection);
    if let Some(changed) = changed_since_mark(store, selection)? {
        // A link or an interaction also goes when a record it joins
        // changed: it may have been held back before because that record
        // was private or outside the filters.
        let joins_changed = |record: &Outline| {
            let parties = record.list("parties");
            ends(record)
                .into_iter()
                .chain(parties)
                .any(|id| changed.contains(id))
        };
        let by_id: HashMap<&str, &Outline> = all
            .iter()
            .map(|record| (record.id.as_str(), record))
            .collect();
        shared.retain(|id| {
            changed.contains(*id) || by_id.get(id).is_some_and(|record| joins_changed(record))
        });
    }
    Ok(shared)
}

/// With `since_last`, the records changed since the last file for the
/// selection's Centre, or `None` if everything goes.
fn changed_since_mark(
    store: &Store,
    selection: &Selection,
) -> crate::store::Result<Option<HashSet<String>>> {
    let Some(centre) = selection
        .for_centre
        .as_deref()
        .filter(|_| selection.since_last)
    else {
        return Ok(None);
    };
    match store.export_mark(centre)? {
        Some(mark) => store.changed_since(mark).map(Some),
        None => Ok(None),
    }
}

/// The ids among `all` (outlines holding at least [`DECIDING_FIELDS`])
/// that `selection` shares.
fn shared_ids<'a>(all: &'a [Outline], selection: &Selection) -> HashSet<&'a str> {
    let by_id: HashSet<&str> = all.iter().map(|record| record.id.as_str()).collect();
    let private: HashSet<&str> = all
        .iter()
        .filter(|record| record.is_private())
        .map(|record| record.id.as_str())
        .collect();
    let members = selection
        .network
        .as_deref()
        .map(|network| members_of(all, network));
    let chosen: HashSet<&str> = all
        .iter()
        .filter(|record| is_principal(record.kind) && !private.contains(record.id.as_str()))
        .filter(|record| record.erased || matches(record, selection, members.as_ref()))
        .map(|record| record.id.as_str())
        .collect();
    let joins_allowed = |id: &str| {
        !private.contains(id)
            && (chosen.contains(id) || (!selection.is_filtered() && !by_id.contains(id)))
    };
    let shared = all.iter().filter(|record| match record.kind {
        kind if is_principal(kind) => chosen.contains(record.id.as_str()),
        Kind::Interaction => record.list("parties").into_iter().all(joins_allowed),
        _ => ends(record).into_iter().all(joins_allowed),
    });
    shared.map(|record| record.id.as_str()).collect()
}

/// People, organisations, networks and topics: what links join.
fn is_principal(kind: Kind) -> bool {
    !kind.is_link() && kind != Kind::Interaction
}

fn ends(record: &Outline) -> Vec<&str> {
    [&record.source, &record.target]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect()
}

/// The network and everyone with a membership of it, deleted or not, so
/// that a deleted membership's tombstone still travels.
fn members_of<'a>(all: &'a [Outline], network: &'a str) -> HashSet<&'a str> {
    let mut members: HashSet<&str> = all
        .iter()
        .filter(|record| record.kind == Kind::Membership)
        .filter(|record| record.target.as_deref() == Some(network))
        .filter_map(|record| record.source.as_deref())
        .collect();
    members.insert(network);
    members
}

/// Whether a principal record passes the filters. Topics (the user's own
/// policy areas) are vocabulary and always pass.
fn matches(record: &Outline, selection: &Selection, members: Option<&HashSet<&str>>) -> bool {
    if record.kind == Kind::Topic {
        return true;
    }
    let in_nation = selection.nation.as_deref().is_none_or(|nation| {
        record.text("nation") == Some(nation) || record.list("nations").contains(&nation)
    });
    let in_network = members.is_none_or(|members| members.contains(record.id.as_str()));
    let on_topic = selection
        .topic
        .as_deref()
        .is_none_or(|topic| record.list("topics").contains(&topic));
    in_nation && in_network && on_topic
}

/// Writes the sync file of what `selection` shares to `path`, readable by
/// its owner only, replacing the file whole or not at all. A file for a
/// Centre (`for_centre`) records how far it reached, for the next
/// `since_last` export for that Centre.
pub fn export(store: &Store, selection: &Selection, path: &Path) -> Result<ExportSummary> {
    // Read first: every change committed after this has a larger number,
    // so the next file for the same Centre will carry it even if this
    // file already did.
    let carried = store.last_change()?;
    let (header, body, count) = encode_for(store, selection)?;
    write_private_file(path, &[header.as_bytes(), &body])?;
    if let Some(centre) = selection.for_centre.as_deref() {
        store.set_export_mark(centre, carried)?;
    }
    Ok(ExportSummary {
        file: path.to_path_buf(),
        records: count.records,
        gone: count.gone,
    })
}

/// The sync file of what `selection` shares, as bytes: what [`export`]
/// writes, for callers that send it elsewhere (and for tests). It records
/// no mark for `--since-last`: only a file written by [`export`] does.
pub fn export_bytes(store: &Store, selection: &Selection) -> Result<Vec<u8>> {
    let (header, body, _) = encode_for(store, selection)?;
    let mut bytes = header.into_bytes();
    bytes.extend_from_slice(&body);
    Ok(bytes)
}

/// The header line and the record lines of the file for `selection`. The
/// store is read once: every record's line is written with its outline,
/// the outlines decide, and the lines of the records shared are kept.
fn encode_for(store: &Store, selection: &Selection) -> Result<(String, Vec<u8>, LineCount)> {
    let lines = store.record_lines(&DECIDING_FIELDS)?;
    let shared = shared_among(store, &lines.outlines, selection)?;
    let kept = lines
        .outlines
        .iter()
        .map(|outline| shared.contains(outline.id.as_str()))
        .collect();
    let (body, count) = lines.keep(kept);
    let identity = store.identity();
    let writer = format::Writer {
        centre: &identity.centre,
        store: &identity.store_id,
        now_millis: wall_clock_millis(),
        covers: selection.covers(),
    };
    let header = format::header_line(&writer, &body, count.records);
    Ok((header, body, count))
}

/// Writes `bytes` to a new owner-only file beside `path`, then renames it
/// over `path`, so a reader never sees half a file.
fn write_private_file(path: &Path, parts: &[&[u8]]) -> Result<()> {
    let io_error = |source| SyncError::Io {
        path: path.to_path_buf(),
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // tempfile creates its files with mode 0600 on unix.
    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(io_error)?;
    for part in parts {
        file.write_all(part).map_err(io_error)?;
    }
    file.as_file().sync_all().map_err(io_error)?;
    file.persist(path).map_err(|error| io_error(error.error))?;
    Ok(())
}
