//! The commands that change records: init, add, link, log, edit, rm,
//! erase, topics; and dump, which prints them all.

use super::args::{AddArgs, LinkArgs, LogArgs};
use super::output::{print_json, short_id};
use super::{Failure, Store};
use crate::model::Kind;
use crate::ops::{self, Change, LinkRequest, NewInteraction, NewRecord};
use serde_json::json;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

/// `kith init --centre NAME`.
pub fn init(path: &Path, centre: &str) -> Result<(), Failure> {
    let centre = centre.trim();
    if centre.is_empty() {
        return Err(Failure::usage("--centre needs the Centre's name"));
    }
    let store = Store::create(path, centre)?;
    println!(
        "Created the store for {} at {}",
        centre,
        store.path().display()
    );
    Ok(())
}

/// `kith add person|org|network NAME ...`.
pub fn add(store: &mut Store, args: &AddArgs, json: bool) -> Result<(), Failure> {
    let kind: Kind = args
        .kind
        .parse()
        .map_err(|error| Failure::usage(format!("{error}")))?;
    if !Kind::SEARCHABLE.contains(&kind) {
        return Err(Failure::usage(format!(
            "cannot add a {kind}; add a person, org or network"
        )));
    }
    let new = NewRecord {
        kind: Some(kind),
        name: args.name.clone(),
        alt_name: args.alt_name.clone(),
        organisation: args.org.clone(),
        role: args.role.clone(),
        emails: args.email.clone(),
        phones: args.phone.clone(),
        place: args.place.clone(),
        nation: args.nation.clone(),
        topics: args.topic.clone(),
        networks: args.network.clone(),
        note: args.note.clone(),
        private: args.private,
        org_type: args.org_type.clone(),
        website: args.website.clone(),
        convenor: args.convenor.clone(),
        legal_basis: args.legal_basis.clone(),
    };
    let outcome = ops::add(store, &new)?;
    if json {
        return Ok(print_json(&outcome)?);
    }
    for (name, id) in &outcome.created_organisations {
        println!("Created organisation {} ({})", name, short_id(id));
    }
    println!(
        "Added {} {} ({})",
        outcome.kind,
        outcome.name,
        short_id(&outcome.id)
    );
    Ok(())
}

/// `kith link A B --as TYPE ...`.
pub fn link(store: &mut Store, args: &LinkArgs, json: bool) -> Result<(), Failure> {
    let request = LinkRequest {
        from: args.first.clone(),
        to: args.second.clone(),
        link_type: args.link_type.clone(),
        role: args.role.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        note: args.note.clone(),
    };
    let (outcome, source, target) = ops::link(store, &request)?;
    if json {
        let value = json!({
            "id": outcome.id, "created": outcome.created,
            "source": source.id, "target": target.id,
        });
        return Ok(print_json(&value)?);
    }
    let verb = if outcome.created {
        "Linked"
    } else {
        "Updated the link between"
    };
    println!(
        "{} {} and {} ({})",
        verb,
        source.name(),
        target.name(),
        short_id(&outcome.id)
    );
    Ok(())
}

/// `kith log REF... --kind KIND ...`.
pub fn log(store: &mut Store, args: &LogArgs, json: bool) -> Result<(), Failure> {
    let new = NewInteraction {
        parties: args.parties.clone(),
        kind: args.kind.clone(),
        date: args.date.clone(),
        note: args.note.clone(),
        follow_up: args.follow_up.clone(),
    };
    let id = ops::log(store, &new)?;
    if json {
        return Ok(print_json(&json!({ "id": id }))?);
    }
    println!(
        "Logged the {} ({})",
        new.kind.trim().to_lowercase(),
        short_id(&id)
    );
    Ok(())
}

/// `kith edit REF --set FIELD=VALUE...`.
pub fn edit(
    store: &mut Store,
    reference: &str,
    changes: &[String],
    json: bool,
) -> Result<(), Failure> {
    let changes = changes
        .iter()
        .map(|text| Change::parse(text))
        .collect::<Result<Vec<_>, _>>()?;
    let record = ops::edit(store, reference, &changes)?;
    if json {
        return Ok(print_json(&super::show::record_json(store, record)?)?);
    }
    println!(
        "Updated {} {} ({})",
        record.kind,
        record.name(),
        short_id(&record.id)
    );
    Ok(())
}

/// `kith rm REF`.
pub fn remove(store: &mut Store, reference: &str, yes: bool, json: bool) -> Result<(), Failure> {
    let record = ops::resolve_among(store, reference, &Kind::ALL)?;
    let question = format!(
        "Delete {} {}? Other Centres will delete it too.",
        record.kind,
        record.name()
    );
    confirm(&question, yes)?;
    let removed = ops::remove(store, &record.id)?;
    if json {
        return Ok(print_json(&json!({ "id": removed.id, "deleted": true }))?);
    }
    println!(
        "Deleted {} {} ({})",
        removed.kind,
        removed.name(),
        short_id(&removed.id)
    );
    Ok(())
}

/// `kith erase REF`.
pub fn erase(store: &mut Store, reference: &str, yes: bool, json: bool) -> Result<(), Failure> {
    let record = ops::resolve_among(store, reference, &[Kind::Person])?;
    let question = format!(
        "Erase {} for good? Every detail goes, here and at every Centre this reaches.",
        record.name()
    );
    confirm(&question, yes)?;
    let erased = ops::erase(store, &record.id)?;
    if json {
        return Ok(print_json(&json!({ "id": erased.id, "erased": true }))?);
    }
    println!("Erased {} ({})", erased.name(), short_id(&erased.id));
    Ok(())
}

/// Asks a yes-or-no question at a terminal. Without a terminal there is no
/// one to ask, so `--yes` must say it.
pub(super) fn confirm(question: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(Failure::usage(format!(
            "{question} Not a terminal, so nothing was done; add --yes to confirm"
        )));
    }
    eprint!("{question} [y/N] ");
    io::stderr().flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(Failure::failed("nothing was changed"))
    }
}

/// `kith dump`.
pub fn dump(store: &Store) -> Result<(), Failure> {
    let text = store.dump()?;
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

/// `kith topics [--add NAME]`.
pub fn topics(store: &mut Store, add: Option<String>, json: bool) -> Result<(), Failure> {
    if let Some(name) = add {
        let name = crate::topics::normalise_new(&name).map_err(ops::OpsError::from)?;
        if store.custom_topics()?.contains(&name) {
            return Err(Failure::usage(format!(
                "the topic \"{name}\" already exists"
            )));
        }
        store.write(|writer| writer.create(Kind::Topic, &[("name", json!(name))]))?;
        println!("Added the topic \"{name}\"");
        return Ok(());
    }
    let custom = store.custom_topics()?;
    if json {
        let value = json!({ "shipped": crate::topics::shipped(), "custom": custom });
        return Ok(print_json(&value)?);
    }
    for topic in crate::topics::shipped() {
        println!("{topic}");
    }
    for topic in custom {
        println!("{topic}  (added)");
    }
    Ok(())
}
