//! Adding people, organisations and networks, with what comes with them:
//! `--org` makes an affiliation (and the organisation, if it is new),
//! `--network` a membership, `--place` the local authority and its nation.

use super::edit::{flag_name, with_article};
use super::reference::resolve_among;
use super::values::{parse_choice, parse_email, parse_nation, parse_phone, parse_place};
use super::values::{parse_date, parse_topics};
use super::{OpsError, Result};
use crate::model::{field_spec, Kind, LEGAL_BASES, ORG_KINDS};
use crate::store::{Store, Writer};
use serde::Serialize;
use serde_json::Value;

/// A new person, organisation or network, as typed by a user.
#[derive(Clone, Debug, Default)]
pub struct NewRecord {
    /// Person, organisation or network.
    pub kind: Option<Kind>,
    /// The name.
    pub name: String,
    /// Another form of the name, such as a Welsh one.
    pub alt_name: Option<String>,
    /// For a person: the organisation they work for, by name.
    pub organisation: Option<String>,
    /// For a person: their role there.
    pub role: Option<String>,
    /// Email addresses.
    pub emails: Vec<String>,
    /// Telephone numbers.
    pub phones: Vec<String>,
    /// A local authority or nation.
    pub place: Option<String>,
    /// A nation, when no place is given.
    pub nation: Option<String>,
    /// Policy areas.
    pub topics: Vec<String>,
    /// Networks the record belongs to.
    pub networks: Vec<String>,
    /// Notes.
    pub note: Option<String>,
    /// Whether the record must never leave this store.
    pub private: bool,
    /// For an organisation: its type.
    pub org_type: Option<String>,
    /// For an organisation or network: its web address.
    pub website: Option<String>,
    /// For a network: the person or organisation that convenes it.
    pub convenor: Option<String>,
    /// For a person: the lawful basis for holding their details.
    pub legal_basis: Option<String>,
}

/// What `add` made.
#[derive(Clone, Debug, Serialize)]
pub struct AddOutcome {
    /// The new record's id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its name.
    pub name: String,
    /// Organisations created along the way, by name, with their ids.
    pub created_organisations: Vec<(String, String)>,
}

/// A new record checked and read into stored values, ready to write.
struct Checked {
    kind: Kind,
    fields: Vec<(&'static str, Value)>,
    organisation: Option<OrganisationChoice>,
    role: Option<String>,
    networks: Vec<String>,
}

/// The organisation a new person works for: one the store has, or a new
/// one to create.
enum OrganisationChoice {
    Existing(String),
    New(String),
}

/// Adds a record and its links in one transaction.
pub fn add(store: &mut Store, new: &NewRecord) -> Result<AddOutcome> {
    let checked = check(store, new)?;
    let name = new.name.trim().to_string();
    store
        .write(|writer| {
            let id = writer.create(checked.kind, &checked.fields)?;
            let mut created_organisations = Vec::new();
            if let Some(choice) = &checked.organisation {
                let organisation = match choice {
                    OrganisationChoice::Existing(id) => id.clone(),
                    OrganisationChoice::New(name) => {
                        let fields = [("name", Value::String(name.clone()))];
                        let new_id = writer.create(Kind::Organisation, &fields)?;
                        created_organisations.push((name.clone(), new_id.clone()));
                        new_id
                    }
                };
                affiliate(writer, &id, &organisation, checked.role.as_deref())?;
            }
            for network in &checked.networks {
                writer.link(Kind::Membership, (&id, network, ""), &[])?;
            }
            Ok(AddOutcome {
                id,
                kind: checked.kind,
                name,
                created_organisations,
            })
        })
        .map_err(OpsError::from)
}

fn affiliate(
    writer: &mut Writer<'_>,
    person: &str,
    organisation: &str,
    role: Option<&str>,
) -> crate::store::Result<()> {
    let fields: Vec<(&str, Value)> = role
        .map(|role| vec![("role", Value::String(role.to_string()))])
        .unwrap_or_default();
    writer.link(Kind::Affiliation, (person, organisation, ""), &fields)?;
    Ok(())
}

/// Reads and checks everything typed, touching nothing.
fn check(store: &Store, new: &NewRecord) -> Result<Checked> {
    let kind = new.kind.unwrap_or(Kind::Person);
    let name = new.name.trim();
    if name.is_empty() {
        return Err(OpsError::BadValue(format!(
            "{} needs a name",
            with_article(kind)
        )));
    }
    refuse_misplaced_flags(kind, new)?;
    let mut fields: Vec<(&'static str, Value)> = vec![("name", text(name))];
    push_optional(&mut fields, "alt_name", &new.alt_name);
    push_list(
        &mut fields,
        "emails",
        new.emails
            .iter()
            .map(|e| parse_email(e))
            .collect::<Result<_>>()?,
    );
    push_list(
        &mut fields,
        "phones",
        new.phones
            .iter()
            .map(|p| parse_phone(p))
            .collect::<Result<_>>()?,
    );
    push_place(&mut fields, kind, new)?;
    let custom = store.custom_topics()?;
    push_list(&mut fields, "topics", parse_topics(&new.topics, &custom)?);
    push_optional(&mut fields, "note", &new.note);
    push_optional(&mut fields, "website", &new.website);
    if kind == Kind::Person {
        push_optional(&mut fields, "role", &new.role);
        push_person_basis(&mut fields, new)?;
    }
    if let Some(org_type) = &new.org_type {
        fields.push((
            "type",
            text(&parse_choice("organisation type", org_type, &ORG_KINDS)?),
        ));
    }
    if let Some(convenor) = &new.convenor {
        let convenor = resolve_among(store, convenor, &[Kind::Person, Kind::Organisation])?;
        fields.push(("convenor", text(&convenor.id)));
    }
    if new.private {
        fields.push(("private", Value::Bool(true)));
    }
    if let Some((name, _)) = fields
        .iter()
        .find(|(name, _)| field_spec(kind, name).is_none())
    {
        let flag = format!("--{}", flag_name(name));
        return Err(OpsError::BadValue(format!(
            "{flag} does not apply to {}",
            with_article(kind)
        )));
    }
    let organisation = new
        .organisation
        .as_deref()
        .map(|name| choose_organisation(store, name))
        .transpose()?;
    let networks = new
        .networks
        .iter()
        .map(|network| resolve_among(store, network, &[Kind::Network]).map(|record| record.id))
        .collect::<Result<_>>()?;
    Ok(Checked {
        kind,
        fields,
        organisation,
        role: new.role.clone(),
        networks,
    })
}

/// Flags that belong to another kind of record are a mistake worth saying.
fn refuse_misplaced_flags(kind: Kind, new: &NewRecord) -> Result<()> {
    let misplaced = match kind {
        Kind::Person => [
            ("--type", new.org_type.is_some()),
            ("--convenor", new.convenor.is_some()),
        ],
        _ => [
            ("--org", new.organisation.is_some()),
            ("--legal-basis", new.legal_basis.is_some()),
        ],
    };
    match misplaced.iter().find(|(_, given)| *given) {
        Some((flag, _)) => Err(OpsError::BadValue(format!(
            "{flag} does not apply to {}",
            with_article(kind)
        ))),
        None => Ok(()),
    }
}

fn push_person_basis(fields: &mut Vec<(&'static str, Value)>, new: &NewRecord) -> Result<()> {
    if let Some(basis) = &new.legal_basis {
        fields.push((
            "legal_basis",
            text(&parse_choice("legal basis", basis, &LEGAL_BASES)?),
        ));
        fields.push(("legal_basis_date", text(&parse_date("today")?)));
    }
    Ok(())
}

/// `--place` sets the local authority and its nation; `--nation` alone
/// sets the nation; both must agree.
fn push_place(fields: &mut Vec<(&'static str, Value)>, kind: Kind, new: &NewRecord) -> Result<()> {
    let place = new.place.as_deref().map(parse_place).transpose()?;
    let nation = new.nation.as_deref().map(parse_nation).transpose()?;
    if let (Some(place), Some(nation)) = (&place, &nation) {
        if place.nation != *nation {
            return Err(OpsError::BadValue(format!(
                "{} is in {}, not {}; drop --nation or correct --place",
                new.place.as_deref().unwrap_or_default(),
                place.nation,
                nation
            )));
        }
    }
    if let Some(code) = place.as_ref().and_then(|place| place.code.clone()) {
        fields.push(("place", Value::String(code)));
    }
    if let Some(nation) = place.map(|place| place.nation).or(nation) {
        fields.push(("nation", Value::String(nation)));
    }
    if kind == Kind::Network {
        // A network covers nations rather than sitting in one place.
        for (name, value) in fields.iter_mut().filter(|(name, _)| *name == "nation") {
            *name = "nations";
            *value = Value::Array(vec![value.take()]);
        }
    }
    Ok(())
}

/// An organisation the store already has by that name, or a new one.
fn choose_organisation(store: &Store, name: &str) -> Result<OrganisationChoice> {
    let name = name.trim();
    if name.is_empty() {
        return Err(OpsError::BadValue(
            "--org needs the organisation's name".into(),
        ));
    }
    match resolve_among(store, name, &[Kind::Organisation]) {
        Ok(organisation) if names_match(&organisation, name) => {
            Ok(OrganisationChoice::Existing(organisation.id))
        }
        Ok(_) | Err(OpsError::NotFound { .. }) | Err(OpsError::Ambiguous { .. }) => {
            Ok(OrganisationChoice::New(name.to_string()))
        }
        Err(other) => Err(other),
    }
}

/// For `kith edit --set org=NAME`: the id of the organisation the store
/// has by that name, or the name of one to create.
pub(super) fn choose_organisation_id(store: &Store, name: &str) -> Result<Result<String, String>> {
    Ok(match choose_organisation(store, name)? {
        OrganisationChoice::Existing(id) => Ok(id),
        OrganisationChoice::New(name) => Err(name),
    })
}

/// Only an exact name (ignoring case and accents), alternative name or id
/// counts as the same organisation: a loose match might attach the person
/// to the wrong body.
fn names_match(organisation: &crate::model::Record, typed: &str) -> bool {
    let typed = crate::text::fold(typed);
    let same = |name: Option<&str>| name.map(crate::text::fold).as_deref() == Some(typed.as_str());
    same(organisation.text("name"))
        || same(organisation.text("alt_name"))
        || organisation.id.ends_with(&typed)
}

fn text(value: &str) -> Value {
    Value::String(value.to_string())
}

fn push_optional(
    fields: &mut Vec<(&'static str, Value)>,
    name: &'static str,
    value: &Option<String>,
) {
    if let Some(value) = value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
    {
        fields.push((name, text(value)));
    }
}

fn push_list(fields: &mut Vec<(&'static str, Value)>, name: &'static str, items: Vec<String>) {
    if !items.is_empty() {
        fields.push((
            name,
            Value::Array(items.into_iter().map(Value::String).collect()),
        ));
    }
}
