//! The gazetteer: the four UK nations and the 361 local authority districts and
//! council areas, compiled into the binary, with loose lookup by name, Welsh
//! name, informal name or ONS code, and "did you mean" suggestions.
//!
//! The data is `assets/places/uk_local_authorities.csv` (ONS, Open Government
//! Licence; see `assets/places/ATTRIBUTION.md`). It is parsed once, on first
//! use, into a static table so that every [`LocalAuthority`] can be handed out
//! as a `&'static` reference.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::{fold, similarity, squash};

/// The shipped table of local authorities, one row per district or council
/// area: `code,name,name_cy,nation,region,lat,lon`.
const AUTHORITIES_CSV: &str = include_str!("../assets/places/uk_local_authorities.csv");

/// The header the parser expects, so that a reordered file fails loudly.
const CSV_HEADER: &str = "code,name,name_cy,nation,region,lat,lon";

/// The nine English regions (ONS E12 codes) and their names.
pub const ENGLISH_REGIONS: [(&str, &str); 9] = [
    ("E12000001", "North East"),
    ("E12000002", "North West"),
    ("E12000003", "Yorkshire and The Humber"),
    ("E12000004", "East Midlands"),
    ("E12000005", "West Midlands"),
    ("E12000006", "East of England"),
    ("E12000007", "London"),
    ("E12000008", "South East"),
    ("E12000009", "South West"),
];

/// Informal names that no amount of stripping reaches, mapped to the code of
/// the authority people mean by them. Keys are in normalised form (see
/// [`normalise`]). Only unambiguous, well-known forms belong here: a name that
/// could mean two authorities (such as "Newcastle") is left to the ambiguity
/// error instead.
const ALIASES: [(&str, &str); 12] = [
    ("hull", "E06000010"),
    ("durham", "E06000047"),
    ("bcp", "E06000058"),
    ("poole", "E06000058"),
    ("christchurch", "E06000058"),
    ("derry", "N09000005"),
    ("londonderry", "N09000005"),
    ("anglesey", "W06000001"),
    ("rct", "W06000016"),
    ("rhondda cynon taff", "W06000016"),
    ("western isles", "S12000013"),
    ("borders", "S12000026"),
];

/// How many names an ambiguity message lists before saying "and N others".
const AMBIGUITY_LISTED: usize = 6;

/// How many suggestions an unknown-place error carries.
const SUGGESTIONS_IN_ERROR: usize = 3;

/// The lowest [`similarity`] a name needs to be offered as a suggestion.
const SUGGESTION_THRESHOLD: f64 = 0.55;

/// One of the four nations of the United Kingdom.
///
/// Serialised as its slug ("england", "scotland", "wales",
/// "northern-ireland").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    /// England (E92000001).
    England,
    /// Scotland, Alba (S92000003).
    Scotland,
    /// Wales, Cymru (W92000004).
    Wales,
    /// Northern Ireland (N92000002).
    NorthernIreland,
}

impl Nation {
    /// All four nations, in the ONS order.
    pub const ALL: [Nation; 4] = [
        Nation::England,
        Nation::Scotland,
        Nation::Wales,
        Nation::NorthernIreland,
    ];

    /// The lower-case slug used in files and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Nation::England => "england",
            Nation::Scotland => "scotland",
            Nation::Wales => "wales",
            Nation::NorthernIreland => "northern-ireland",
        }
    }

    /// The English name, for display.
    pub fn name(self) -> &'static str {
        match self {
            Nation::England => "England",
            Nation::Scotland => "Scotland",
            Nation::Wales => "Wales",
            Nation::NorthernIreland => "Northern Ireland",
        }
    }

    /// The ONS country code.
    pub fn code(self) -> &'static str {
        match self {
            Nation::England => "E92000001",
            Nation::Scotland => "S92000003",
            Nation::Wales => "W92000004",
            Nation::NorthernIreland => "N92000002",
        }
    }

    /// The nation with ONS country code `code` (any case), if any.
    pub fn from_code(code: &str) -> Option<Nation> {
        let code = code.trim();
        Nation::ALL
            .into_iter()
            .find(|nation| nation.code().eq_ignore_ascii_case(code))
    }

    /// Reads a nation from its name, slug, code or a usual short or native
    /// form ("NI", "Cymru", "Alba", "Eng"), in any case and punctuation.
    /// "UK" is refused: it is not a nation.
    pub fn parse(text: &str) -> Result<Nation, PlaceError> {
        // Squashing drops spaces and punctuation, so "N. Ireland",
        // "northern-ireland" and "Northern Ireland" all compare equal.
        let squashed = squash(text);
        Nation::ALL
            .into_iter()
            .find(|nation| nation.forms().contains(&squashed.as_str()))
            .or_else(|| Nation::from_code(text))
            .ok_or_else(|| PlaceError::UnknownNation {
                text: text.trim().to_string(),
            })
    }

    /// The accepted written forms, squashed (see [`squash`]).
    fn forms(self) -> &'static [&'static str] {
        match self {
            Nation::England => &["england", "eng", "en", "lloegr"],
            Nation::Scotland => &["scotland", "scot", "sco", "alba", "yralban"],
            Nation::Wales => &["wales", "cymru", "wal", "cy"],
            Nation::NorthernIreland => &[
                "northernireland",
                "ni",
                "nireland",
                "tuaiscearteireann",
                "gogleddiwerddon",
            ],
        }
    }
}

impl FromStr for Nation {
    type Err = PlaceError;

    fn from_str(text: &str) -> Result<Nation, PlaceError> {
        Nation::parse(text)
    }
}

impl fmt::Display for Nation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// A local authority district (England, Northern Ireland), council area
/// (Scotland) or principal area (Wales), as in the shipped ONS table.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalAuthority {
    /// The ONS/GSS code, such as "W06000015".
    pub code: &'static str,
    /// The official English name, such as "Bristol, City of".
    pub name: &'static str,
    /// The Welsh name, for the 22 Welsh authorities only.
    pub name_cy: Option<&'static str>,
    /// The nation the authority is in.
    pub nation: Nation,
    /// The English region's E12 code; `None` outside England.
    pub region: Option<&'static str>,
    /// Latitude of the district's centroid (WGS84).
    pub lat: f64,
    /// Longitude of the district's centroid (WGS84).
    pub lon: f64,
}

impl LocalAuthority {
    /// The name of the English region the authority is in, if in England.
    pub fn region_name(&self) -> Option<&'static str> {
        self.region.and_then(region_name)
    }
}

/// A place a contact or organisation can be tied to: a whole nation or one
/// local authority.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Place {
    /// A whole nation.
    Nation(Nation),
    /// One local authority.
    Authority(&'static LocalAuthority),
}

impl Place {
    /// The nation the place is, or is in.
    pub fn nation(&self) -> Nation {
        match self {
            Place::Nation(nation) => *nation,
            Place::Authority(authority) => authority.nation,
        }
    }

    /// The official English name.
    pub fn name(&self) -> &'static str {
        match self {
            Place::Nation(nation) => nation.name(),
            Place::Authority(authority) => authority.name,
        }
    }

    /// The ONS code (country code for a nation).
    pub fn code(&self) -> &'static str {
        match self {
            Place::Nation(nation) => nation.code(),
            Place::Authority(authority) => authority.code,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// Why a place or nation could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PlaceError {
    /// Nothing matched; `suggestions` holds the nearest names, best first.
    #[error(
        "no UK local authority or nation is called {text:?}; {}",
        unknown_advice(.suggestions)
    )]
    Unknown {
        /// The text as given (trimmed).
        text: String,
        /// Nearest official names, best first; may be empty.
        suggestions: Vec<String>,
    },
    /// The text is the start of several names.
    #[error(
        "{text:?} could be {}; give more of the name or its code (such as {})",
        list_some(.matches),
        example_code(.matches)
    )]
    Ambiguous {
        /// The text as given (trimmed).
        text: String,
        /// The official names it could mean, in table order.
        matches: Vec<String>,
    },
    /// The text is not one of the four nations.
    #[error(
        "{text:?} is not a UK nation; use england, scotland, wales or northern-ireland \
         (or NI, Cymru, Alba)"
    )]
    UnknownNation {
        /// The text as given (trimmed).
        text: String,
    },
}

/// The tail of an unknown-place message: the suggestions, or what to try.
fn unknown_advice(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "check the spelling or give its ONS code (such as W06000015)".to_string()
    } else {
        format!("did you mean {}?", join_or(suggestions))
    }
}

/// Lists the first few names and counts the rest, for ambiguity messages.
fn list_some(names: &[String]) -> String {
    if names.len() <= AMBIGUITY_LISTED {
        return join_or(names);
    }
    let shown = names[..AMBIGUITY_LISTED].join(", ");
    format!("{shown} or {} others", names.len() - AMBIGUITY_LISTED)
}

/// The code of the first authority among the ambiguous matches, as an
/// example of what to type.
fn example_code(names: &[String]) -> &'static str {
    names
        .iter()
        .find_map(|name| authorities().iter().find(|a| a.name == name))
        .map_or("W06000015", |authority| authority.code)
}

/// Joins names as "A", "A or B", "A, B or C".
pub(crate) fn join_or(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The parsed table plus the lookup keys, built once.
struct Gazetteer {
    /// Every authority, in file order.
    authorities: Vec<LocalAuthority>,
    /// Normalised lookup keys with the index of their authority, sorted by
    /// key so that exact and prefix lookups are binary searches.
    keys: Vec<(String, usize)>,
}

/// The gazetteer, built on first use.
fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        // The CSV is compiled in and every row is checked by this module's
        // tests, so a failure here is a defect in the shipped file.
        let authorities = parse_authorities(AUTHORITIES_CSV)
            .expect("the shipped local authority table is well formed");
        let keys = build_keys(&authorities);
        Gazetteer { authorities, keys }
    })
}

/// Every local authority in the UK (361), in ONS code order within nation.
pub fn authorities() -> &'static [LocalAuthority] {
    &gazetteer().authorities
}

/// The authorities in one nation.
pub fn authorities_in(nation: Nation) -> impl Iterator<Item = &'static LocalAuthority> {
    authorities()
        .iter()
        .filter(move |authority| authority.nation == nation)
}

/// The authority with ONS code `code`, ignoring case and surrounding space.
pub fn by_code(code: &str) -> Option<&'static LocalAuthority> {
    let code = code.trim();
    authorities()
        .iter()
        .find(|authority| authority.code.eq_ignore_ascii_case(code))
}

/// The name of the English region with E12 code `code` (any case).
pub fn region_name(code: &str) -> Option<&'static str> {
    let code = code.trim();
    ENGLISH_REGIONS
        .iter()
        .find(|(region_code, _)| region_code.eq_ignore_ascii_case(code))
        .map(|(_, name)| *name)
}

/// Finds the place `text` names: an ONS code, a nation, or an authority by
/// its official, Welsh or informal name.
///
/// In order: a code; a nation form; an exact match on the normalised name
/// (case, accents, punctuation, "&" and "Saint" ignored); the same with
/// council words stripped ("City of", ", County of", "Council", "Borough"
/// and so on); a name that starts with the text, if only one does.
pub fn resolve(text: &str) -> Result<Place, PlaceError> {
    let trimmed = text.trim();
    if looks_like_code(trimmed) {
        return resolve_code(trimmed);
    }
    if let Ok(nation) = Nation::parse(trimmed) {
        return Ok(Place::Nation(nation));
    }
    let normalised = normalise(trimmed);
    let stripped = strip_council_words(&normalised);
    let found = [&normalised, &stripped]
        .into_iter()
        .map(|key| exact_matches(key))
        .chain(
            [&normalised, &stripped]
                .into_iter()
                .map(|key| prefix_matches(key)),
        )
        .find(|matches| !matches.is_empty())
        .unwrap_or_default();
    match found.as_slice() {
        [] => Err(unknown(trimmed)),
        [only] => Ok(*only),
        several => Err(PlaceError::Ambiguous {
            text: trimmed.to_string(),
            matches: several
                .iter()
                .map(|place| place.name().to_string())
                .collect(),
        }),
    }
}

/// The nearest official names to `text`, best first, at most `limit`, for
/// "did you mean". Nations are included. Names that are not close are left
/// out, so the result may be empty.
pub fn suggest(text: &str, limit: usize) -> Vec<&'static str> {
    let wanted = normalise(text);
    if wanted.is_empty() {
        return Vec::new();
    }
    let nations = Nation::ALL.map(|nation| (nation.name(), vec![normalise(nation.name())]));
    let authorities = authorities().iter().map(|authority| {
        let mut forms = vec![normalise(authority.name)];
        forms.extend(authority.name_cy.map(normalise));
        (authority.name, forms)
    });
    let mut scored: Vec<(f64, &'static str)> = nations
        .into_iter()
        .chain(authorities)
        .map(|(name, forms)| (best_similarity(&wanted, &forms), name))
        .filter(|(score, _)| *score >= SUGGESTION_THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, name)| name)
        .collect()
}

/// The best similarity of `wanted` to any of `forms` or their stripped forms.
fn best_similarity(wanted: &str, forms: &[String]) -> f64 {
    forms
        .iter()
        .flat_map(|form| {
            [
                similarity(wanted, form),
                similarity(wanted, &strip_council_words(form)),
            ]
        })
        .fold(0.0, f64::max)
}

/// An unknown-place error carrying suggestions.
fn unknown(text: &str) -> PlaceError {
    PlaceError::Unknown {
        text: text.to_string(),
        suggestions: suggest(text, SUGGESTIONS_IN_ERROR)
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// Whether `text` has the shape of an ONS code: a letter then eight digits.
fn looks_like_code(text: &str) -> bool {
    let mut chars = text.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    starts_with_letter && text.len() == 9 && chars.all(|c| c.is_ascii_digit())
}

/// Resolves an ONS code to a nation or authority.
fn resolve_code(code: &str) -> Result<Place, PlaceError> {
    Nation::from_code(code)
        .map(Place::Nation)
        .or_else(|| by_code(code).map(Place::Authority))
        .ok_or_else(|| PlaceError::Unknown {
            text: code.to_string(),
            suggestions: Vec::new(),
        })
}

/// Authorities whose key or alias is exactly `key`.
fn exact_matches(key: &str) -> Vec<Place> {
    if key.is_empty() {
        return Vec::new();
    }
    let aliased = ALIASES
        .iter()
        .filter(|(alias, _)| *alias == key)
        .filter_map(|(_, code)| by_code(code).map(Place::Authority));
    let keys = &gazetteer().keys;
    let start = keys.partition_point(|(candidate, _)| candidate.as_str() < key);
    let indices = keys[start..]
        .iter()
        .take_while(|(candidate, _)| candidate == key)
        .map(|(_, index)| *index);
    aliased.chain(places_for(indices)).collect()
}

/// Nations and authorities with a key starting with `prefix`.
fn prefix_matches(prefix: &str) -> Vec<Place> {
    if prefix.is_empty() {
        return Vec::new();
    }
    let keys = &gazetteer().keys;
    let start = keys.partition_point(|(candidate, _)| candidate.as_str() < prefix);
    let indices = keys[start..]
        .iter()
        .take_while(|(candidate, _)| candidate.starts_with(prefix))
        .map(|(_, index)| *index);
    let nations = Nation::ALL
        .into_iter()
        .filter(|nation| normalise(nation.name()).starts_with(prefix))
        .map(Place::Nation);
    nations.chain(places_for(indices)).collect()
}

/// The distinct authorities at `indices`, in table order.
fn places_for(indices: impl Iterator<Item = usize>) -> Vec<Place> {
    let mut indices: Vec<usize> = indices.collect();
    indices.sort_unstable();
    indices.dedup();
    let authorities = authorities();
    indices
        .into_iter()
        .map(|index| Place::Authority(&authorities[index]))
        .collect()
}

/// Builds the sorted lookup keys: each authority's English and Welsh names,
/// normalised and with council words stripped. Aliases are kept out, because
/// they are matched only whole ("London" must not be read as a prefix of
/// "Londonderry").
fn build_keys(authorities: &[LocalAuthority]) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (index, authority) in authorities.iter().enumerate() {
        for name in std::iter::once(authority.name).chain(authority.name_cy) {
            let normalised = normalise(name);
            keys.push((strip_council_words(&normalised), index));
            keys.push((normalised, index));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Normalises a place name for comparison: folded (lower case, no accents),
/// "&" read as "and", apostrophes dropped ("King's" is "kings"), other
/// punctuation read as a space, "saint" shortened to "st", spaces collapsed.
pub(crate) fn normalise(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    for c in fold(text).chars() {
        match c {
            '&' => spaced.push_str(" and "),
            '\'' => {}
            c if c.is_alphanumeric() => spaced.push(c),
            _ => spaced.push(' '),
        }
    }
    let words: Vec<&str> = spaced
        .split_whitespace()
        .map(|word| if word == "saint" { "st" } else { word })
        .collect();
    words.join(" ")
}

/// Words that open a council's formal title and can be dropped.
const LEADING_WORDS: [&[&str]; 8] = [
    &["the"],
    &["london", "borough", "of"],
    &["royal", "borough", "of"],
    &["metropolitan", "borough", "of"],
    &["borough", "of"],
    &["city", "and", "county", "of"],
    &["city", "of"],
    &["county", "of"],
];

/// Single words that close a council's formal title and can be dropped
/// ("Cardiff County Council", "Aberdeen City", "Kirklees Metropolitan
/// Borough Council").
const TRAILING_WORDS: [&str; 7] = [
    "council",
    "county",
    "borough",
    "city",
    "district",
    "metropolitan",
    "corporation",
];

/// Strips council words from a normalised name so that "City of Edinburgh",
/// "Bristol, City of" and "Cardiff County Council" reduce to the place name.
/// At least one word is always kept. "City of London" keeps its "City of",
/// because "London" alone means the region, not the City.
pub(crate) fn strip_council_words(normalised: &str) -> String {
    let mut words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
    while let Some(phrase) = leading_phrase(&words) {
        words.drain(..phrase.len());
    }
    // ", City of" and ", County of" come last in the ONS names.
    if words.len() > 2 && matches!(words[words.len() - 2..], ["city" | "county", "of"]) {
        words.truncate(words.len() - 2);
    }
    while words.len() > 1 && words.last().is_some_and(|w| TRAILING_WORDS.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

/// The strippable phrase `words` opens with, if any and if words remain.
fn leading_phrase(words: &[&str]) -> Option<&'static [&'static str]> {
    LEADING_WORDS.into_iter().find(|phrase| {
        let rest = words.get(phrase.len()..).unwrap_or_default();
        let keeps_the_city = *phrase == ["city", "of"] && rest.first() == Some(&"london");
        words.starts_with(phrase) && !rest.is_empty() && !keeps_the_city
    })
}

/// Parses the shipped CSV into authorities, borrowing its text.
fn parse_authorities(csv: &'static str) -> Result<Vec<LocalAuthority>, String> {
    let mut lines = csv.lines().enumerate();
    match lines.next() {
        Some((_, header)) if header.trim() == CSV_HEADER => {}
        _ => return Err(format!("the header is not {CSV_HEADER:?}")),
    }
    lines
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| parse_row(line).map_err(|why| format!("line {}: {why}", number + 1)))
        .collect()
}

/// Parses one data row.
fn parse_row(line: &'static str) -> Result<LocalAuthority, String> {
    let fields = split_record(line)?;
    let [code, name, name_cy, nation, region, lat, lon] = fields[..] else {
        return Err(format!("expected 7 fields, found {}", fields.len()));
    };
    let coordinate = |field: &str| {
        field
            .parse::<f64>()
            .map_err(|_| format!("{field:?} is not a number"))
    };
    Ok(LocalAuthority {
        code,
        name,
        name_cy: Some(name_cy).filter(|text| !text.is_empty()),
        nation: Nation::parse(nation).map_err(|error| error.to_string())?,
        region: Some(region).filter(|text| !text.is_empty()),
        lat: coordinate(lat)?,
        lon: coordinate(lon)?,
    })
}

/// Splits a CSV record into fields, honouring double-quoted fields (which in
/// the shipped file hold commas, as in "Bristol, City of"). Doubled quotes
/// inside a field are refused rather than unescaped, because that would
/// need an owned string and the shipped file has none.
fn split_record(line: &'static str) -> Result<Vec<&'static str>, String> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        let (field, after) = match rest.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"').ok_or("a quoted field is not closed")?;
                let after = &quoted[end + 1..];
                if !(after.is_empty() || after.starts_with(',')) {
                    return Err("unexpected text after a closing quote".to_string());
                }
                (&quoted[..end], after)
            }
            None => rest.split_at(rest.find(',').unwrap_or(rest.len())),
        };
        fields.push(field);
        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None => return Ok(fields),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::edit_distance;
    use proptest::prelude::*;

    /// Resolves `text`, failing the test with the error message if it does not.
    fn place(text: &str) -> Place {
        match resolve(text) {
            Ok(place) => place,
            Err(error) => panic!("{text:?} did not resolve: {error}"),
        }
    }

    fn code_of(text: &str) -> &'static str {
        place(text).code()
    }

    #[test]
    fn table_has_every_authority() {
        assert_eq!(authorities().len(), 361);
        let count = |nation| authorities_in(nation).count();
        assert_eq!(count(Nation::England), 296);
        assert_eq!(count(Nation::Scotland), 32);
        assert_eq!(count(Nation::Wales), 22);
        assert_eq!(count(Nation::NorthernIreland), 11);
    }

    #[test]
    fn table_rows_are_consistent() {
        let mut codes: Vec<&str> = authorities().iter().map(|a| a.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 361, "codes are unique");
        for authority in authorities() {
            let prefix = &authority.code[..1];
            assert_eq!(prefix, &authority.nation.code()[..1], "{}", authority.code);
            assert_eq!(
                authority.name_cy.is_some(),
                authority.nation == Nation::Wales
            );
            let in_england = authority.nation == Nation::England;
            assert_eq!(
                authority.region_name().is_some(),
                in_england,
                "{}",
                authority.code
            );
            assert!((49.0..61.0).contains(&authority.lat), "{}", authority.code);
            assert!((-9.0..2.0).contains(&authority.lon), "{}", authority.code);
            assert!(!authority.name.contains('"'));
        }
    }

    #[test]
    fn quoted_names_keep_their_commas() {
        assert_eq!(
            by_code("E06000023").map(|a| a.name),
            Some("Bristol, City of")
        );
        let armagh = by_code("N09000002").map(|a| a.name);
        assert_eq!(armagh, Some("Armagh City, Banbridge and Craigavon"));
    }

    #[test]
    fn every_authority_resolves_by_code_and_name() {
        for authority in authorities() {
            assert_eq!(code_of(authority.code), authority.code);
            assert_eq!(code_of(&authority.code.to_lowercase()), authority.code);
            assert_eq!(
                code_of(authority.name),
                authority.code,
                "{}",
                authority.name
            );
        }
    }

    #[test]
    fn every_welsh_authority_resolves_by_welsh_name() {
        for authority in authorities_in(Nation::Wales) {
            let welsh = authority.name_cy.unwrap_or_default();
            assert_eq!(code_of(welsh), authority.code, "{welsh}");
        }
    }

    #[test]
    fn informal_forms_resolve() {
        let cases = [
            ("cardiff", "W06000015"),
            ("Caerdydd", "W06000015"),
            ("W06000015", "W06000015"),
            ("CARDIFF", "W06000015"),
            ("  cardiff ", "W06000015"),
            ("Cardiff Council", "W06000015"),
            ("Cardiff County Council", "W06000015"),
            ("Ynys Mon", "W06000001"),
            ("Ynys Môn", "W06000001"),
            ("Anglesey", "W06000001"),
            ("Isle of Anglesey County Council", "W06000001"),
            ("St Helens", "E08000013"),
            ("St. Helens", "E08000013"),
            ("Saint Helens", "E08000013"),
            ("Bristol", "E06000023"),
            ("Bristol City Council", "E06000023"),
            ("City of Bristol", "E06000023"),
            ("Edinburgh", "S12000036"),
            ("Edinburgh City Council", "S12000036"),
            ("Kingston upon Hull", "E06000010"),
            ("Hull", "E06000010"),
            ("Herefordshire", "E06000019"),
            ("Herefordshire Council", "E06000019"),
            ("Rhondda Cynon Taf", "W06000016"),
            ("Rhondda Cynon Taff", "W06000016"),
            ("Derry", "N09000005"),
            ("Londonderry", "N09000005"),
            ("Derry City & Strabane", "N09000005"),
            ("Brighton & Hove", "E06000043"),
            ("Brighton", "E06000043"),
            ("Telford & Wrekin", "E06000020"),
            ("Kings Lynn", "E07000146"),
            ("King’s Lynn and West Norfolk", "E07000146"),
            ("London Borough of Camden", "E09000007"),
            ("Royal Borough of Greenwich", "E09000011"),
            ("Kirklees Metropolitan Borough Council", "E08000034"),
            ("Glasgow", "S12000049"),
            ("Aberdeen", "S12000033"),
            ("Aberdeenshire", "S12000034"),
            ("Durham", "E06000047"),
            ("City of London", "E09000001"),
            ("Stockton on Tees", "E06000004"),
            ("Western Isles", "S12000013"),
            ("Poole", "E06000058"),
        ];
        for (text, code) in cases {
            assert_eq!(code_of(text), code, "{text}");
        }
    }

    #[test]
    fn unique_prefix_resolves() {
        // A unique prefix wins over a suggestion, so a dropped last letter
        // still finds the place.
        assert_eq!(code_of("Cardif"), "W06000015");
        assert_eq!(code_of("Monmouth"), "W06000021");
        assert_eq!(code_of("stoke"), "E06000021");
        assert_eq!(code_of("Newry"), "N09000010");
    }

    #[test]
    fn nations_resolve_in_every_usual_form() {
        let cases = [
            (
                Nation::England,
                ["england", "ENG", "en", "Lloegr", "E92000001"],
            ),
            (
                Nation::Scotland,
                ["Scotland", "scot", "sco", "Alba", "s92000003"],
            ),
            (Nation::Wales, ["wales", "Cymru", "wal", "CY", "W92000004"]),
            (
                Nation::NorthernIreland,
                [
                    "Northern Ireland",
                    "northern-ireland",
                    "NI",
                    "N. Ireland",
                    "Tuaisceart Éireann",
                ],
            ),
        ];
        for (nation, forms) in cases {
            for form in forms {
                assert_eq!(Nation::parse(form).ok(), Some(nation), "{form}");
                assert_eq!(form.parse::<Nation>().ok(), Some(nation), "{form}");
                assert_eq!(resolve(form).ok(), Some(Place::Nation(nation)), "{form}");
            }
        }
    }

    #[test]
    fn nation_names_slugs_codes_and_serde_agree() {
        for nation in Nation::ALL {
            assert_eq!(Nation::parse(nation.slug()).ok(), Some(nation));
            assert_eq!(Nation::parse(nation.name()).ok(), Some(nation));
            assert_eq!(Nation::from_code(nation.code()), Some(nation));
            assert_eq!(nation.to_string(), nation.name());
            let json = serde_json::to_string(&nation).unwrap();
            assert_eq!(json, format!("\"{}\"", nation.slug()));
            assert_eq!(serde_json::from_str::<Nation>(&json).unwrap(), nation);
        }
    }

    #[test]
    fn uk_and_others_are_not_nations() {
        for text in ["uk", "United Kingdom", "Brittany", "", "Ireland"] {
            assert!(matches!(
                Nation::parse(text),
                Err(PlaceError::UnknownNation { .. })
            ));
        }
        let message = Nation::parse("Brittany").unwrap_err().to_string();
        assert_eq!(
            message,
            "\"Brittany\" is not a UK nation; use england, scotland, wales or \
             northern-ireland (or NI, Cymru, Alba)"
        );
    }

    #[test]
    fn place_accessors() {
        let cardiff = place("Cardiff");
        assert_eq!(cardiff.nation(), Nation::Wales);
        assert_eq!(cardiff.name(), "Cardiff");
        assert_eq!(cardiff.to_string(), "Cardiff");
        let scotland = place("Alba");
        assert_eq!(
            (scotland.name(), scotland.code()),
            ("Scotland", "S92000003")
        );
        assert_eq!(scotland.nation(), Nation::Scotland);
    }

    #[test]
    fn regions_have_names() {
        assert_eq!(region_name("E12000003"), Some("Yorkshire and The Humber"));
        assert_eq!(region_name("e12000007"), Some("London"));
        assert_eq!(region_name("E12000010"), None);
        let leeds = by_code("E08000035").and_then(LocalAuthority::region_name);
        assert_eq!(leeds, Some("Yorkshire and The Humber"));
        assert_eq!(by_code(" w06000015 ").map(|a| a.name), Some("Cardiff"));
        assert!(by_code("X").is_none());
    }

    #[test]
    fn typos_suggest_the_right_name() {
        let cases = [
            ("Carduff", "Cardiff"),
            ("Monmothshire", "Monmouthshire"),
            ("Edinbrugh", "City of Edinburgh"),
            ("Scotlnd", "Scotland"),
            ("Kaerdydd", "Cardiff"),
        ];
        for (typo, expected) in cases {
            let Err(PlaceError::Unknown { suggestions, .. }) = resolve(typo) else {
                panic!("{typo:?} should be unknown");
            };
            assert_eq!(
                suggestions.first().map(String::as_str),
                Some(expected),
                "{typo}"
            );
        }
        assert_eq!(suggest("Cardif", 1), ["Cardiff"]);
        assert!(suggest("zzzzqqq", 5).is_empty());
        assert!(suggest("", 5).is_empty());
    }

    #[test]
    fn unknown_message_names_the_suggestion() {
        let message = resolve("Carduff").unwrap_err().to_string();
        assert!(
            message.starts_with(
                "no UK local authority or nation is called \"Carduff\"; did you mean Cardiff"
            ),
            "{message}"
        );
        let message = resolve("Qqqqxx").unwrap_err().to_string();
        assert!(message.contains("check the spelling"), "{message}");
        assert!(matches!(
            resolve("X99999999"),
            Err(PlaceError::Unknown { .. })
        ));
        assert!(matches!(resolve("   "), Err(PlaceError::Unknown { .. })));
        assert!(matches!(resolve("uk"), Err(PlaceError::Unknown { .. })));
    }

    #[test]
    fn london_alone_is_not_the_city() {
        assert!(resolve("London").is_err());
    }

    #[test]
    fn shared_prefixes_are_ambiguous() {
        let Err(PlaceError::Ambiguous { matches, .. }) = resolve("north") else {
            panic!("north should be ambiguous");
        };
        assert!(matches.iter().any(|name| name == "North Ayrshire"));
        assert!(matches.iter().any(|name| name == "Northern Ireland"));
        let Err(error @ PlaceError::Ambiguous { .. }) = resolve("Newcastle") else {
            panic!("Newcastle should be ambiguous");
        };
        assert_eq!(
            error.to_string(),
            "\"Newcastle\" could be Newcastle-under-Lyme or Newcastle upon Tyne; give more of \
             the name or its code (such as E07000195)"
        );
        let message = resolve("north").unwrap_err().to_string();
        assert!(
            message.contains(" others; give more of the name"),
            "{message}"
        );
        // Northern Ireland comes first, but the example is an authority's code.
        assert!(message.ends_with("(such as E06000012)"), "{message}");
    }

    #[test]
    fn aliases_point_at_real_authorities() {
        for (alias, code) in ALIASES {
            assert!(by_code(code).is_some(), "{alias} -> {code}");
            assert_eq!(normalise(alias), alias, "aliases are stored normalised");
            assert_eq!(code_of(alias), code, "{alias}");
        }
    }

    #[test]
    fn normalising_and_stripping() {
        assert_eq!(normalise("  St. Helens "), "st helens");
        assert_eq!(normalise("Brighton&Hove"), "brighton and hove");
        assert_eq!(normalise("King's Lynn"), "kings lynn");
        assert_eq!(strip_council_words("bristol city of"), "bristol");
        assert_eq!(strip_council_words("city of london"), "city of london");
        assert_eq!(
            strip_council_words("city of london corporation"),
            "city of london"
        );
        assert_eq!(strip_council_words("council"), "council");
        assert_eq!(
            strip_council_words("the city of edinburgh council"),
            "edinburgh"
        );
    }

    #[test]
    fn csv_records_split_with_quotes() {
        assert_eq!(
            split_record("a,\"b, c\",,d").unwrap(),
            ["a", "b, c", "", "d"]
        );
        assert_eq!(split_record("a,").unwrap(), ["a", ""]);
        assert_eq!(split_record("\"x\"").unwrap(), ["x"]);
        assert!(split_record("\"open").is_err());
        assert!(split_record("\"a\"\"b\"").is_err());
        assert!(parse_authorities("wrong,header\n").is_err());
        assert!(parse_row("E1,Name,,England,,x,1").is_err());
        assert!(parse_row("E1,Name").is_err());
    }

    #[test]
    fn similarity_measures() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("môn", "mon"), 1);
        assert!((similarity("abc", "abc") - 1.0).abs() < f64::EPSILON);
        assert!(similarity("london", "city of london") > SUGGESTION_THRESHOLD);
        assert!(similarity("abc", "xyz") < 0.1);
    }

    /// Re-spells `name` with a chosen case per character and extra spaces
    /// between words and around the whole.
    fn respell(name: &str, upper: &[bool], spaces: &[usize]) -> String {
        let cased: String = name
            .chars()
            .zip(upper.iter().cycle())
            .map(|(c, up)| {
                if *up {
                    c.to_uppercase().to_string()
                } else {
                    c.to_lowercase().to_string()
                }
            })
            .collect();
        let gap = |i: usize| " ".repeat(1 + spaces[i % spaces.len()]);
        let words: Vec<&str> = cased.split(' ').collect();
        let mut respelt = gap(0);
        for (i, word) in words.iter().enumerate() {
            respelt.push_str(word);
            respelt.push_str(&gap(i + 1));
        }
        respelt
    }

    proptest! {
        #[test]
        fn names_resolve_whatever_the_case_and_spacing(
            index in 0..361usize,
            upper in proptest::collection::vec(any::<bool>(), 1..8),
            spaces in proptest::collection::vec(0..3usize, 1..5),
        ) {
            let authority = &authorities()[index];
            let text = respell(authority.name, &upper, &spaces);
            prop_assert_eq!(resolve(&text).map(|p| p.code()).ok(), Some(authority.code));
        }
    }
}
