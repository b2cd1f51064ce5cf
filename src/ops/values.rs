//! Reading the values users type into the values the store keeps: places
//! into GSS codes and nations, topics into canonical names, dates into
//! `YYYY-MM-DD`, vocabulary words into their stored forms.

use super::{OpsError, Result};
use crate::model::{normalise_partial_date, Date, FieldSpec, FieldType, Vocabulary};
use crate::places::{self, Nation, Place};
use crate::topics;
use serde_json::Value;

/// A place as stored: a local authority's code if one was named, and the
/// nation it lies in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceValue {
    /// The GSS code of the local authority, if the place was one.
    pub code: Option<String>,
    /// The nation's slug.
    pub nation: String,
}

/// Reads a place: a local authority by name, Welsh name or code, or a
/// nation.
pub fn parse_place(text: &str) -> Result<PlaceValue> {
    Ok(match places::resolve(text)? {
        Place::Nation(nation) => PlaceValue {
            code: None,
            nation: nation.slug().into(),
        },
        Place::Authority(authority) => PlaceValue {
            code: Some(authority.code.to_string()),
            nation: authority.nation.slug().to_string(),
        },
    })
}

/// Reads a nation in any of its usual forms and gives its slug.
pub fn parse_nation(text: &str) -> Result<String> {
    Ok(Nation::parse(text)?.slug().to_string())
}

/// Reads topics, each matched loosely against the shipped vocabulary and
/// the user's own; commas also separate topics.
pub fn parse_topics(texts: &[String], custom: &[String]) -> Result<Vec<String>> {
    let mut resolved = Vec::new();
    for text in texts.iter().flat_map(|text| text.split(',')) {
        if text.trim().is_empty() {
            continue;
        }
        let topic = topics::resolve(text, custom)?;
        if !resolved.contains(&topic) {
            resolved.push(topic);
        }
    }
    Ok(resolved)
}

/// Checks an email address's shape: one `@`, something before it, and a
/// domain with a dot after it.
pub fn parse_email(text: &str) -> Result<String> {
    let email = text.trim().to_string();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if valid {
        Ok(email)
    } else {
        Err(OpsError::BadValue(format!(
            "\"{text}\" is not an email address; write it as name@example.org"
        )))
    }
}

/// Checks a telephone number: digits with spaces, `+`, `-`, brackets or
/// dots, and at least six digits.
pub fn parse_phone(text: &str) -> Result<String> {
    let phone = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if allowed && digits >= 6 {
        Ok(phone)
    } else {
        Err(OpsError::BadValue(format!(
            "\"{text}\" is not a telephone number; use digits, spaces and + only, \
             such as +44 29 2018 0000"
        )))
    }
}

/// Reads a full date (`YYYY-MM-DD`, or today, yesterday, tomorrow).
pub fn parse_date(text: &str) -> Result<String> {
    text.parse::<Date>()
        .map(|date| date.to_string())
        .map_err(|error| OpsError::BadValue(error.to_string()))
}

/// Reads a year, month or day for the start or end of a link.
pub fn parse_partial_date(text: &str) -> Result<String> {
    normalise_partial_date(text).ok_or_else(|| {
        OpsError::BadValue(format!(
            "\"{text}\" is not a date; write a year, a month or a day, \
             such as 2024, 2024-03 or 2024-03-31"
        ))
    })
}

/// Reads yes or no.
pub fn parse_flag(text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "on" | "1" => Ok(true),
        "no" | "n" | "false" | "off" | "0" => Ok(false),
        _ => Err(OpsError::BadValue(format!(
            "\"{text}\" is neither yes nor no"
        ))),
    }
}

/// Reads one word of a fixed vocabulary, naming the choices if it is not one.
pub fn parse_choice(field: &str, text: &str, vocabulary: &Vocabulary) -> Result<String> {
    vocabulary.read(text).map(String::from).ok_or_else(|| {
        OpsError::BadValue(format!(
            "\"{text}\" is not a valid {field}; choose one of: {}",
            vocabulary.words.join(", ")
        ))
    })
}

/// Reads a field's new value typed after `--set FIELD=`; empty text clears
/// it (JSON null). Places, references and nations are handled by the caller,
/// since they touch other fields or records.
pub fn parse_field_value(spec: &FieldSpec, text: &str, custom: &[String]) -> Result<Value> {
    if text.trim().is_empty() && spec.name != "name" {
        return Ok(Value::Null);
    }
    let list = |items: Vec<String>| Value::Array(items.into_iter().map(Value::String).collect());
    let split = || {
        text.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
    };
    Ok(match spec.field_type {
        FieldType::Text | FieldType::LongText => Value::String(non_empty(spec, text)?),
        FieldType::List if spec.name == "emails" => {
            list(split().map(parse_email).collect::<Result<_>>()?)
        }
        FieldType::List if spec.name == "phones" => {
            list(split().map(parse_phone).collect::<Result<_>>()?)
        }
        FieldType::List => list(split().map(String::from).collect()),
        FieldType::Date => Value::String(parse_date(text)?),
        FieldType::PartialDate => Value::String(parse_partial_date(text)?),
        FieldType::Flag => Value::Bool(parse_flag(text)?),
        FieldType::Nation => Value::String(parse_nation(text)?),
        FieldType::Nations => list(split().map(parse_nation).collect::<Result<_>>()?),
        FieldType::Topics => list(parse_topics(&[text.to_string()], custom)?),
        FieldType::Choice(vocabulary) => Value::String(parse_choice(spec.name, text, vocabulary)?),
        FieldType::Place | FieldType::Reference | FieldType::References => {
            return Err(OpsError::BadValue(format!(
                "{} cannot be set this way; this is a bug in kith",
                spec.name
            )))
        }
    })
}

fn non_empty(spec: &FieldSpec, text: &str) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(OpsError::BadValue(format!(
            "the {} cannot be empty",
            spec.name
        )));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(parse_email("ann@example.org").is_ok());
        for bad in [
            "ann",
            "@example.org",
            "ann@example",
            "ann@.org",
            "a nn@example.org",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones_need_digits() {
        assert_eq!(
            parse_phone(" +44  29 2018 0000 ").unwrap(),
            "+44 29 2018 0000"
        );
        assert!(parse_phone("call me").is_err());
        assert!(parse_phone("123").is_err());
    }

    #[test]
    fn flags_read_yes_and_no() {
        assert!(parse_flag("Yes").unwrap());
        assert!(!parse_flag("off").unwrap());
        assert!(parse_flag("maybe").is_err());
    }
}
