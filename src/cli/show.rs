//! `kith show` and `kith due`: one record with everything around it, and
//! the follow-ups waiting to be done.

use super::output::{print_json, short_id, Table};
use super::{Failure, Store};
use crate::model::{fields_of, Date, FieldType, Kind, Record};
use crate::ops::{self, InteractionView, LinkView, RecordView};
use crate::places;
use serde_json::{json, Map, Value};
use std::io::{self, Write};

/// `kith show REF`.
pub fn run(store: &Store, reference: &str, json: bool) -> Result<(), Failure> {
    let record = ops::resolve_among(store, reference, &Kind::ALL)?;
    if json {
        return Ok(print_json(&record_json(store, record)?)?);
    }
    let view = ops::view(store, record)?;
    let mut out = io::stdout().lock();
    print_view(&mut out, &view)?;
    Ok(())
}

/// A record as JSON for scripts: its fields as plain values, where each
/// came from, its links and its interactions. The field names are
/// documented in docs/json.md.
pub fn record_json(store: &Store, record: Record) -> Result<Value, Failure> {
    let view = ops::view(store, record)?;
    let record = &view.record;
    let mut fields = Map::new();
    let mut provenance = Map::new();
    for (name, field) in &record.fields {
        if name == "deleted" {
            continue;
        }
        fields.insert(name.clone(), field.value.clone());
        let origin = json!({ "centre": field.centre, "stamp": field.stamp.to_string() });
        provenance.insert(name.clone(), origin);
    }
    Ok(json!({
        "id": record.id,
        "kind": record.kind,
        "name": record.name(),
        "created_by": record.created_by,
        "created_at": record.created_at.to_string(),
        "place_name": record.text("place").and_then(places::by_code).map(|place| place.name),
        "fields": fields,
        "provenance": provenance,
        "links": view.links,
        "interactions": view.interactions,
    }))
}

fn print_view(out: &mut impl Write, view: &RecordView) -> io::Result<()> {
    let record = &view.record;
    writeln!(out, "{}  ({}, {})", record.name(), record.kind, record.id)?;
    for spec in fields_of(record.kind) {
        let Some(field) = record.fields.get(spec.name) else {
            continue;
        };
        let shown = shown_value(record, spec.name, spec.field_type);
        if shown.is_empty() {
            continue;
        }
        let when = field.stamp.to_string();
        let day = when.get(..10).unwrap_or_default();
        writeln!(
            out,
            "  {:<14} {}   [{} {}]",
            label(spec.name),
            shown,
            field.centre,
            day
        )?;
    }
    writeln!(
        out,
        "  {:<14} {} on {}",
        "created by",
        record.created_by,
        &record.created_at.to_string()[..10]
    )?;
    print_links(out, &view.links)?;
    print_interactions(out, &view.interactions)
}

fn label(field: &str) -> String {
    field.replace('_', " ")
}

/// A field's value as a person reads it: places by name, lists joined.
fn shown_value(record: &Record, field: &str, field_type: FieldType) -> String {
    match field_type {
        FieldType::Place => record
            .text(field)
            .and_then(places::by_code)
            .map(|place| match place.name_cy {
                Some(welsh) => format!("{} ({})", place.name, welsh),
                None => place.name.to_string(),
            })
            .unwrap_or_default(),
        FieldType::Flag => {
            if record.flag(field) {
                "yes".into()
            } else {
                String::new()
            }
        }
        FieldType::Nation => record
            .text(field)
            .and_then(|slug| places::Nation::parse(slug).ok())
            .map(|nation| nation.name().to_string())
            .unwrap_or_default(),
        _ => record.list(field).join(", "),
    }
}

fn print_links(out: &mut impl Write, links: &[LinkView]) -> io::Result<()> {
    let sections = [
        (Kind::Affiliation, "Affiliations"),
        (Kind::Membership, "Memberships"),
        (Kind::Relationship, "Relationships"),
    ];
    for (kind, title) in sections {
        let of_kind: Vec<&LinkView> = links.iter().filter(|link| link.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}")?;
        for link in of_kind {
            writeln!(out, "  {}", describe_link(link))?;
        }
    }
    Ok(())
}

/// One line for a link, read from the viewed record's side.
pub fn describe_link(link: &LinkView) -> String {
    let mut text = match (&link.link_type, link.outgoing) {
        (Some(kind), true) => format!("{} {}", kind.replace('-', " "), link.other_name),
        (Some(kind), false) => format!("{} (by) {}", kind.replace('-', " "), link.other_name),
        (None, _) => link.other_name.clone(),
    };
    if let Some(role) = &link.role {
        text = format!("{text}: {role}");
    }
    match (&link.from, &link.until) {
        (Some(from), Some(until)) => text.push_str(&format!(" ({from} to {until})")),
        (Some(from), None) => text.push_str(&format!(" (since {from})")),
        (None, Some(until)) => text.push_str(&format!(" (until {until})")),
        (None, None) => {}
    }
    format!("{text}  [{}]", short_id(&link.other_id))
}

fn print_interactions(out: &mut impl Write, interactions: &[InteractionView]) -> io::Result<()> {
    if interactions.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nInteractions")?;
    for interaction in interactions {
        let with: Vec<&str> = interaction
            .parties
            .iter()
            .map(|(_, name)| name.as_str())
            .collect();
        writeln!(
            out,
            "  {} {} with {}",
            interaction.date,
            interaction.kind,
            with.join(", ")
        )?;
        if let Some(note) = &interaction.note {
            writeln!(out, "    {note}")?;
        }
        if let (Some(follow_up), false) = (&interaction.follow_up, interaction.follow_up_done) {
            writeln!(out, "    follow up by {follow_up}")?;
        }
    }
    Ok(())
}

/// `kith due`: follow-ups due today or earlier (or within `within` days).
pub fn due(store: &Store, within: u32, json: bool) -> Result<(), Failure> {
    let until = Date::today().add_days(i64::from(within));
    let due = store.follow_ups_due(until)?;
    let views = due
        .iter()
        .map(|interaction| ops::interaction_view(store, interaction))
        .collect::<Result<Vec<_>, _>>()?;
    if json {
        return Ok(print_json(&views)?);
    }
    if views.is_empty() {
        println!("No follow-ups are due.");
        return Ok(());
    }
    let mut table = Table::new(vec!["DUE", "KIND", "WITH", "NOTE", "ID"]);
    for view in views {
        let with: Vec<&str> = view.parties.iter().map(|(_, name)| name.as_str()).collect();
        table.row(vec![
            view.follow_up.unwrap_or_default(),
            view.kind,
            with.join(", "),
            view.note.unwrap_or_default(),
            short_id(&view.id).to_string(),
        ]);
    }
    Ok(table.print(&mut io::stdout().lock())?)
}
