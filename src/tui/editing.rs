//! The forms that change the store, and what sending each one does: add a
//! record, edit one, link it, log an interaction. Values are read and
//! checked by `ops`, as on the command line, so a refused form changes
//! nothing and says why.

use super::completion::Source;
use super::widgets::form::{Form, FormField};
use crate::model::{fields_of, FieldType, Kind, Record};
use crate::ops::{self, Change, LinkRequest, NewInteraction, NewRecord};
use crate::places::{self, Nation};
use crate::store::Store;

/// What a form is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormPurpose {
    /// Adding a record of this kind.
    Add(Kind),
    /// Editing the record with this id; the values it started with.
    Edit(String, Vec<(&'static str, String)>),
    /// Linking the record with this id to another.
    Link(String),
    /// Logging an interaction with the record with this id.
    Log(String),
}

/// What a sent form did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The record to show afterwards.
    pub id: String,
    /// What to tell the user.
    pub message: String,
    /// Whether the record is new (and should be opened).
    pub created: bool,
}

/// Which kinds of record an add form field is for.
const PEOPLE: &[Kind] = &[Kind::Person];
const ORGANISATIONS: &[Kind] = &[Kind::Organisation];
const NOT_NETWORKS: &[Kind] = &[Kind::Person, Kind::Organisation];
const NOT_PEOPLE: &[Kind] = &[Kind::Organisation, Kind::Network];
const ALL_KINDS: &[Kind] = &Kind::SEARCHABLE;

/// The fields of the add form: name, label, hint, and the kinds that have
/// it. A network's nations are set by editing it once it is added, since
/// `ops::add` takes a place only for people and organisations.
const ADD_FIELDS: &[(&str, &str, &str, &[Kind])] = &[
    ("name", "Name", "required", ALL_KINDS),
    ("alt_name", "Other name", "such as a Welsh one", ALL_KINDS),
    ("org", "Organisation", "name of an organisation", PEOPLE),
    ("role", "Role", "job title", PEOPLE),
    (
        "type",
        "Type",
        "council, university, charity, ...",
        ORGANISATIONS,
    ),
    ("emails", "Emails", "comma between several", NOT_NETWORKS),
    ("phones", "Phones", "comma between several", NOT_NETWORKS),
    ("place", "Place", "local authority or nation", NOT_NETWORKS),
    ("website", "Website", "https://...", NOT_PEOPLE),
    ("topics", "Topics", "education, housing, ...", ALL_KINDS),
    (
        "networks",
        "Networks",
        "names, comma between several",
        ALL_KINDS,
    ),
    ("note", "Note", "", ALL_KINDS),
];

/// The form for adding a record of `kind`.
pub fn add_form(kind: Kind) -> Form {
    let fields = ADD_FIELDS
        .iter()
        .filter(|(_, _, _, kinds)| kinds.contains(&kind))
        .map(|(name, label, hint, _)| {
            FormField::new(name, label, "", hint).completing(Source::of_field(name))
        })
        .collect();
    Form::new(format!("Add {kind}"), fields)
}

/// The fields of each kind that the edit form offers, in order.
fn editable(kind: Kind) -> Vec<&'static str> {
    fields_of(kind)
        .iter()
        .filter(|spec| {
            !matches!(
                spec.field_type,
                FieldType::Reference | FieldType::References | FieldType::Flag
            ) && spec.name != "legal_basis_date"
        })
        .map(|spec| spec.name)
        .collect()
}

/// The form for editing `record`, filled with its values.
pub fn edit_form(record: &Record) -> (Form, FormPurpose) {
    let mut fields = Vec::new();
    let mut initial = Vec::new();
    for name in editable(record.kind) {
        let value = editable_text(record, name);
        let field = FormField::new(name, label_of(name), &value, hint_of(name));
        fields.push(field.completing(Source::of_field(name)));
        initial.push((name, value));
    }
    let form = Form::new(format!("Edit {}", record.name()), fields);
    (form, FormPurpose::Edit(record.id.clone(), initial))
}

/// A field's value as the form shows it, in words `ops` reads back.
fn editable_text(record: &Record, name: &str) -> String {
    match name {
        "place" => record
            .text("place")
            .and_then(places::by_code)
            .map(|place| place.name.to_string())
            .unwrap_or_default(),
        "nation" => record
            .text("nation")
            .and_then(|slug| Nation::parse(slug).ok())
            .map(|nation| nation.name().to_string())
            .unwrap_or_default(),
        _ => record.list(name).join(", "),
    }
}

fn label_of(name: &str) -> &'static str {
    match name {
        "name" => "Name",
        "alt_name" => "Other name",
        "emails" => "Emails",
        "phones" => "Phones",
        "role" => "Role",
        "note" => "Note",
        "place" => "Place",
        "nation" => "Nation",
        "nations" => "Nations",
        "topics" => "Topics",
        "legal_basis" => "Legal basis",
        "type" => "Type",
        "website" => "Website",
        _ => "Field",
    }
}

fn hint_of(name: &str) -> &'static str {
    match name {
        "emails" | "phones" | "topics" | "nations" => "comma between several",
        "place" => "local authority or nation",
        "legal_basis" => "consent, legitimate interests, ...",
        "type" => "council, university, charity, ...",
        _ => "",
    }
}

/// The form for linking the record `id` (named `name`) to another.
pub fn link_form(id: &str, name: &str) -> (Form, FormPurpose) {
    let fields = completing(vec![
        FormField::new(
            "to",
            "To",
            "",
            "name or id of a person, organisation, network",
        ),
        FormField::new(
            "as",
            "As",
            "",
            "affiliation, member, knows, works-with, ...",
        ),
        FormField::new("role", "Role", "", "for an affiliation"),
        FormField::new("from", "From", "", "2024 or 2024-03"),
        FormField::new("until", "Until", "", "2025 or 2025-06"),
        FormField::new("note", "Note", "", ""),
    ]);
    (
        Form::new(format!("Link {name}"), fields),
        FormPurpose::Link(id.to_string()),
    )
}

/// The form for logging an interaction with the record `id`.
pub fn log_form(id: &str, name: &str) -> (Form, FormPurpose) {
    let fields = completing(vec![
        FormField::new(
            "kind",
            "Kind",
            "meeting",
            "meeting, visit, call, email, event",
        ),
        FormField::new("date", "Date", "today", "YYYY-MM-DD, today, yesterday"),
        FormField::new(
            "with",
            "Also with",
            "",
            "other people or organisations, commas",
        ),
        FormField::new("note", "Note", "", "what happened"),
        FormField::new(
            "follow_up",
            "Follow up",
            "",
            "YYYY-MM-DD, if a follow-up is due",
        ),
    ]);
    (
        Form::new(format!("Log an interaction with {name}"), fields),
        FormPurpose::Log(id.to_string()),
    )
}

/// `fields`, each completing from its source if it has one.
fn completing(fields: Vec<FormField>) -> Vec<FormField> {
    fields
        .into_iter()
        .map(|field| {
            let source = Source::of_field(field.name);
            field.completing(source)
        })
        .collect()
}

/// Sends a form: checks and writes through `ops`.
pub fn submit(store: &mut Store, purpose: &FormPurpose, form: &Form) -> Result<Saved, String> {
    let result = match purpose {
        FormPurpose::Add(kind) => add(store, *kind, form),
        FormPurpose::Edit(id, initial) => edit(store, id, initial, form),
        FormPurpose::Link(id) => link(store, id, form),
        FormPurpose::Log(id) => log(store, id, form),
    };
    result.map_err(|error| error.to_string().replace('\n', " "))
}

fn optional(form: &Form, name: &str) -> Option<String> {
    Some(form.value(name).to_string()).filter(|value| !value.is_empty())
}

fn several(form: &Form, name: &str) -> Vec<String> {
    form.value(name)
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(String::from)
        .collect()
}

fn add(store: &mut Store, kind: Kind, form: &Form) -> ops::Result<Saved> {
    let place = optional(form, "place");
    let (place, nation) = match place.as_deref().map(Nation::parse) {
        Some(Ok(nation)) => (None, Some(nation.slug().to_string())),
        _ => (place, optional(form, "nation")),
    };
    let new = NewRecord {
        kind: Some(kind),
        name: form.value("name").to_string(),
        alt_name: optional(form, "alt_name"),
        organisation: optional(form, "org"),
        role: optional(form, "role"),
        emails: several(form, "emails"),
        phones: several(form, "phones"),
        place,
        nation,
        topics: several(form, "topics"),
        networks: several(form, "networks"),
        note: optional(form, "note"),
        org_type: optional(form, "type"),
        website: optional(form, "website"),
        ..NewRecord::default()
    };
    let outcome = ops::add(store, &new)?;
    Ok(Saved {
        id: outcome.id,
        message: format!("Added {}.", outcome.name),
        created: true,
    })
}

fn edit(
    store: &mut Store,
    id: &str,
    initial: &[(&'static str, String)],
    form: &Form,
) -> ops::Result<Saved> {
    save_changes(store, id, initial, |name| {
        Some(form.value(name).to_string())
    })
}

/// Writes the fields whose new value (from `value_of`; `None` for not
/// given) differs from the value the user started from.
fn save_changes(
    store: &mut Store,
    id: &str,
    initial: &[(&'static str, String)],
    value_of: impl Fn(&str) -> Option<String>,
) -> ops::Result<Saved> {
    let changes: Vec<Change> = initial
        .iter()
        .filter_map(|(name, before)| {
            let after = value_of(name)?;
            let changed = after.trim() != before.trim();
            changed.then(|| Change {
                field: name.to_string(),
                append: false,
                value: after.trim().to_string(),
            })
        })
        .collect();
    if changes.is_empty() {
        return Ok(Saved {
            id: id.to_string(),
            message: "Nothing changed.".into(),
            created: false,
        });
    }
    let record = ops::edit(store, id, &changes)?;
    let count = changes.len();
    let fields = if count == 1 { "field" } else { "fields" };
    let message = format!("Saved {count} {fields} of {}.", record.name());
    Ok(Saved {
        id: record.id,
        message,
        created: false,
    })
}

/// A record being edited as text in the user's editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// The record's id.
    pub id: String,
    /// Its kind, for messages.
    pub kind: Kind,
    /// The fields offered and their values when the edit began.
    pub initial: Vec<(&'static str, String)>,
}

impl TextEdit {
    /// Starts editing `record` as text.
    pub fn of(record: &Record) -> TextEdit {
        let initial = editable(record.kind)
            .into_iter()
            .map(|name| (name, editable_text(record, name)))
            .collect();
        TextEdit {
            id: record.id.clone(),
            kind: record.kind,
            initial,
        }
    }

    /// The text the editor opens: a comment saying how, then one
    /// `field = value` line per field.
    pub fn text(&self, name: &str) -> String {
        let mut text = format!(
            "# Editing {name} ({}). Change what follows \"=\", save and quit.\n\
             # Separate several values with commas; leave a value empty to clear it.\n\
             # Lines starting with # are ignored; quit without saving to change nothing.\n",
            self.kind
        );
        for (field, value) in &self.initial {
            text.push_str(&format!("{field} = {value}\n"));
        }
        text
    }

    /// Reads the edited text back into field values, refusing lines that
    /// are not `field = value` for a field of the record.
    pub fn read(&self, edited: &str) -> Result<Vec<(String, String)>, String> {
        let mut values = Vec::new();
        for (number, line) in edited.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((field, value)) = line.split_once('=') else {
                return Err(format!("line {}: write it as field = value", number + 1));
            };
            let field = field.trim();
            if !self.initial.iter().any(|(name, _)| *name == field) {
                return Err(format!(
                    "line {}: a {} has no field \"{field}\" that can be edited here",
                    number + 1,
                    self.kind
                ));
            }
            values.push((field.to_string(), value.trim().to_string()));
        }
        Ok(values)
    }

    /// Saves what was edited; fields left out of the text are unchanged.
    pub fn save(&self, store: &mut Store, edited: &str) -> Result<Saved, String> {
        let values = self.read(edited)?;
        let value_of = |name: &str| {
            let found = values.iter().find(|(field, _)| field == name);
            found.map(|(_, value)| value.clone())
        };
        save_changes(store, &self.id, &self.initial, value_of)
            .map_err(|error| error.to_string().replace('\n', " "))
    }
}

fn link(store: &mut Store, id: &str, form: &Form) -> ops::Result<Saved> {
    let request = LinkRequest {
        from: id.to_string(),
        to: form.value("to").to_string(),
        link_type: optional(form, "as"),
        role: optional(form, "role"),
        since: optional(form, "from"),
        until: optional(form, "until"),
        note: optional(form, "note"),
    };
    let (outcome, source, target) = ops::link(store, &request)?;
    let verb = if outcome.created {
        "Linked"
    } else {
        "Updated the link of"
    };
    let message = format!("{verb} {} and {}.", source.name(), target.name());
    Ok(Saved {
        id: id.to_string(),
        message,
        created: false,
    })
}

fn log(store: &mut Store, id: &str, form: &Form) -> ops::Result<Saved> {
    let mut parties = vec![id.to_string()];
    parties.extend(several(form, "with"));
    let new = NewInteraction {
        parties,
        kind: form.value("kind").to_string(),
        date: optional(form, "date"),
        note: optional(form, "note"),
        follow_up: optional(form, "follow_up"),
    };
    ops::log(store, &new)?;
    Ok(Saved {
        id: id.to_string(),
        message: "Logged the interaction.".into(),
        created: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(store: &mut Store) -> Record {
        let new = NewRecord {
            kind: Some(Kind::Person),
            name: "Ada Lovelace".into(),
            role: Some("Director".into()),
            ..NewRecord::default()
        };
        let id = ops::add(store, &new).unwrap().id;
        store.live(&id).unwrap()
    }

    #[test]
    fn text_edits_change_only_what_was_changed() {
        let mut store = Store::in_memory("Test").unwrap();
        let record = person(&mut store);
        let edit = TextEdit::of(&record);
        let text = edit.text(record.name());
        assert!(text.contains("role = Director\n"), "{text}");
        let edited = text.replace("role = Director", "role = Engineer");
        let saved = edit.save(&mut store, &edited).unwrap();
        assert_eq!(saved.message, "Saved 1 field of Ada Lovelace.");
        assert_eq!(
            store.live(&record.id).unwrap().text("role"),
            Some("Engineer")
        );
    }

    #[test]
    fn text_edits_refuse_unknown_fields_and_bad_lines() {
        let mut store = Store::in_memory("Test").unwrap();
        let record = person(&mut store);
        let edit = TextEdit::of(&record);
        let problem = edit.read("colour = blue\n").unwrap_err();
        assert!(
            problem.contains("line 1: a person has no field \"colour\""),
            "{problem}"
        );
        assert!(edit
            .read("# fine\n\nrole Director\n")
            .unwrap_err()
            .contains("line 3"));
        let problem = edit
            .save(&mut store, "emails = not-an-email\n")
            .unwrap_err();
        assert!(problem.contains("not an email address"), "{problem}");
        assert_eq!(
            store.live(&record.id).unwrap().text("role"),
            Some("Director")
        );
    }
}
