//! Scoring one record against a query: the code both the in-memory index
//! and the SQL path run, so the screen and the command line agree.
//!
//! Each field is matched on its own and the best field per term counts,
//! weighted by the field (see [`Slot::weight`]). Matching one long joined
//! line instead would let a term's letters be found scattered across
//! unrelated fields, and would cost more.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use super::folding::{byte_bit, initials, is_small_word, words, Masks};
use super::query::{Operator, Query, Term};
use super::typo::{allowed_edits, distance_within};
use super::values::{Slot, ValueRef, ValueTable, ValueText};
use crate::model::Kind;

/// What fuzzy-matcher gives each matched character; other scores are
/// scaled from it so they compare with fuzzy ones.
const PER_CHARACTER: i64 = 16;
/// Per character, the least a good match scores (see `good_score`).
const GOOD_PER_CHARACTER: i64 = 19;
/// Extra for an exact match that starts a word, like the matcher's.
const WORD_START_BONUS: i64 = 16;
/// Extra per character after the first in an exact match, like the
/// matcher's bonus for consecutive characters.
const CONSECUTIVE_BONUS: i64 = 4;
/// Extra for a fuzzy term found unbroken at the start of a word.
const WORD_RUN_BONUS: i64 = 32;
/// Per character for typing an organisation's initials: above a scattered
/// fuzzy match of the same letters, as it is surely what was meant.
const INITIALS_PER_CHARACTER: i64 = 40;
/// Per character for a word reached only by forgiving typos, and what each
/// edit costs: below real matches, so typos never outrank them.
const TYPO_PER_CHARACTER: i64 = 12;
const TYPO_EDIT_COST: i64 = 8;

/// A term made ready for matching many fields.
#[derive(Clone, Debug)]
struct PreparedTerm {
    term: Term,
    characters: Vec<char>,
    masks: Masks,
    letters: u64,
    /// Set for terms of one or two characters, which match only where a
    /// word starts with their first character: "e" should find Emma, not
    /// every name with an e in it.
    first_initial: Option<u64>,
    /// Edits forgiven in a word, when typos are being tolerated.
    typo_limit: Option<usize>,
}

impl PreparedTerm {
    fn new(term: &Term, tolerate_typos: bool) -> PreparedTerm {
        let characters: Vec<char> = term.text.chars().collect();
        let fuzzy = term.operator == Operator::Fuzzy && !term.negated;
        let short = characters.len() <= 2 && fuzzy;
        let masks = Masks::of(&term.text);
        PreparedTerm {
            masks,
            letters: masks.letters,
            first_initial: short.then(|| byte_bit(term.text.as_bytes()[0])),
            typo_limit: allowed_edits(characters.len()).filter(|_| tolerate_typos && fuzzy),
            characters,
            term: term.clone(),
        }
    }

    /// The raw score below which a match of this term is not a good one.
    /// fuzzy-matcher gives a run of letters or a word's start about 20 a
    /// character and letters scattered across a long field (like
    /// "halpren" in "Health Improvement Officer") 14 to 17, so a good match
    /// needs a little over the bare 16.
    fn good_score(&self) -> i64 {
        GOOD_PER_CHARACTER * self.characters.len() as i64
    }
}

/// A match of a term in one field: its raw score and, when asked for, the
/// folded-text character positions that matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// The score before the field's weight.
    pub score: i64,
    /// Matched character positions in the folded text.
    pub positions: Vec<usize>,
}

/// A term's best match in a field, weighted, packed into one number so
/// that the per-record loop compares integers: twice the weighted score,
/// plus one if the match was good. [`NO_MATCH`] when there is none.
type Packed = i64;

/// The packed score of a field the term does not match.
const NO_MATCH: Packed = i64::MIN;

/// Packs a raw score in a field of `slot` for `term`.
fn pack(term: &PreparedTerm, found: &Found, slot: Slot) -> Packed {
    let good = found.score >= term.good_score();
    found.score * slot.weight() / 100 * 2 + Packed::from(good)
}

/// Whether a field with `masks` holds enough of the term's letters to be
/// worth matching. Each forgiven edit can lose at most one of them, so a
/// field missing more than that holds no near word either.
fn letters_allow(term: &PreparedTerm, masks: Masks) -> bool {
    let missing = (term.letters & !masks.letters).count_ones() as usize;
    missing <= term.typo_limit.unwrap_or(0)
}

/// A record's score, and whether every term found a good match, which
/// decides whether typo tolerance is worth a second pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocScore {
    /// Higher is better.
    pub score: i64,
    /// Whether no term needed a poor match to be found.
    pub good: bool,
}

/// What scoring sees of one record: folded text borrowed from wherever the
/// record lives (the in-memory index or a row being read from SQLite).
#[derive(Clone, Copy, Debug)]
pub struct DocView<'a> {
    /// The record's kind.
    pub kind: Kind,
    /// Folded name.
    pub name: &'a str,
    /// Masks of the folded name.
    pub name_masks: Masks,
    /// Folded alternative name.
    pub alt_name: &'a str,
    /// Masks of the folded alternative name.
    pub alt_name_masks: Masks,
    /// Folded e-mail addresses joined by [`LIST_SEPARATOR`].
    pub emails: &'a str,
    /// Masks of all the addresses together.
    pub emails_masks: Masks,
    /// The record's shared values.
    pub values: &'a [ValueRef],
    /// The GSS code of its place, for filtering.
    pub place_code: &'a str,
    /// Ids of its networks joined by [`LIST_SEPARATOR`], for filtering.
    pub networks: &'a str,
}

/// Joins the items of a list field where one string is stored; it cannot
/// occur in the text of a field.
pub const LIST_SEPARATOR: char = '\u{1f}';

/// A query made ready to score records, with every shared value already
/// scored for each term.
pub struct Scorer {
    terms: Vec<PreparedTerm>,
    matcher: SkimMatcherV2,
    /// Per term, per value number: the value's packed score (for a negated
    /// term: 0 when the value contains the term).
    value_scores: Vec<Vec<Packed>>,
}

impl Scorer {
    /// Prepares `query`, tolerating typos if asked, and scores every value
    /// in `values` for each term.
    pub fn new(query: &Query, values: &ValueTable, tolerate_typos: bool) -> Scorer {
        let terms = query
            .terms
            .iter()
            .map(|term| PreparedTerm::new(term, tolerate_typos));
        let mut scorer = Scorer {
            terms: terms.collect(),
            matcher: SkimMatcherV2::default().ignore_case(),
            value_scores: Vec::new(),
        };
        scorer.value_scores = scorer
            .terms
            .iter()
            .map(|term| scorer.score_values(term, values))
            .collect();
        scorer
    }

    /// Whether a second pass tolerating typos could find anything more.
    pub fn could_tolerate_typos(query: &Query) -> bool {
        let terms = query.terms.iter().map(|term| PreparedTerm::new(term, true));
        terms.clone().any(|term| term.typo_limit.is_some())
    }

    /// Whether the query has no terms, so every record matches equally.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    fn score_values(&self, term: &PreparedTerm, values: &ValueTable) -> Vec<Packed> {
        let mut scores = vec![NO_MATCH; values.capacity()];
        for (id, value) in values.iter() {
            scores[id as usize] = self.score_value(term, value);
        }
        scores
    }

    fn score_value(&self, term: &PreparedTerm, value: &ValueText) -> Packed {
        let (text, slot) = (value.folded.as_str(), value.slot);
        if term.term.negated {
            return if self.contains(term, text, value.masks, slot) {
                0
            } else {
                NO_MATCH
            };
        }
        let found = self.find(
            term,
            text,
            value.masks,
            slot,
            value.initials.as_ref(),
            false,
        );
        found.map_or(NO_MATCH, |found| pack(term, &found, slot))
    }

    /// Scores one record, or returns `None` if it does not match.
    pub fn score(&self, doc: &DocView) -> Option<DocScore> {
        let mut total = DocScore {
            score: 0,
            good: true,
        };
        for (index, term) in self.terms.iter().enumerate() {
            if term.term.negated {
                if self.doc_contains(index, term, doc) {
                    return None;
                }
                continue;
            }
            let best = self.best_in_doc(index, term, doc);
            if best == NO_MATCH {
                return None;
            }
            total.score += best >> 1;
            total.good &= best & 1 == 1;
        }
        Some(total)
    }

    /// Whether a record of `kind` whose own fields have `masks` (name,
    /// alternative name, addresses) and whose shared values are `values`
    /// could match at all: `false` only where [`Scorer::score`] would give
    /// `None`, decided without the record's texts. The command line asks
    /// this first, to skip reading the texts of most records.
    pub fn might_match(&self, kind: Kind, masks: &[Masks; 3], values: &[ValueRef]) -> bool {
        let positive = self.terms.iter().enumerate();
        let mut positive = positive.filter(|(_, term)| !term.term.negated);
        positive.all(|(index, term)| {
            let scores = &self.value_scores[index];
            // Organisations' and networks' names are also matched by their
            // initials, which masks say nothing about.
            kind != Kind::Person
                || values
                    .iter()
                    .any(|value| scores[value.id as usize] != NO_MATCH)
                || masks.iter().any(|masks| letters_allow(term, *masks))
        })
    }

    fn doc_contains(&self, index: usize, term: &PreparedTerm, doc: &DocView) -> bool {
        let values = &self.value_scores[index];
        self.contains(term, doc.name, doc.name_masks, Slot::Name)
            || self.contains(term, doc.alt_name, doc.alt_name_masks, Slot::AltName)
            || self.contains(term, doc.emails, doc.emails_masks, Slot::Email)
            || doc
                .values
                .iter()
                .any(|value| values[value.id as usize] != NO_MATCH)
    }

    /// The term's best packed score among the record's fields.
    fn best_in_doc(&self, index: usize, term: &PreparedTerm, doc: &DocView) -> Packed {
        let values = &self.value_scores[index];
        let mut best = NO_MATCH;
        for value in doc.values {
            best = best.max(values[value.id as usize]);
        }
        let name_initials = (doc.kind != Kind::Person).then(|| initials(doc.name));
        let name = self.own_field(
            term,
            doc.name,
            doc.name_masks,
            name_initials.as_ref(),
            Slot::Name,
        );
        let alt_name = self.own_field(term, doc.alt_name, doc.alt_name_masks, None, Slot::AltName);
        let email = self.own_field(term, doc.emails, doc.emails_masks, None, Slot::Email);
        best.max(name).max(alt_name).max(email)
    }

    /// The term's packed score in one of the record's own fields.
    fn own_field(
        &self,
        term: &PreparedTerm,
        text: &str,
        masks: Masks,
        initials: Option<&(String, String)>,
        slot: Slot,
    ) -> Packed {
        // Most fields fail the mask; decide those before any other work.
        if initials.is_none() && !letters_allow(term, masks) {
            return NO_MATCH;
        }
        let found = self.find(term, text, masks, slot, initials, false);
        found.map_or(NO_MATCH, |found| pack(term, &found, slot))
    }

    /// Finds `term` in one folded field of `slot`: directly, by initials,
    /// or as a typo of one of its words, whichever scores best.
    fn find(
        &self,
        term: &PreparedTerm,
        text: &str,
        masks: Masks,
        slot: Slot,
        initials: Option<&(String, String)>,
        with_positions: bool,
    ) -> Option<Found> {
        let mut best = self.find_directly(term, text, masks, slot, with_positions);
        if term.typo_limit.is_some() {
            // The forgiving pass runs because good matches were few; beside
            // a word one typo away, letters scattered across a field are
            // noise that would bury it.
            best = best.filter(|found| found.score >= term.good_score());
        }
        if let Some(initials) = initials {
            best = better(best, find_initials(term, text, initials));
        }
        // Addresses repeat the name and organisation, which are searched
        // for typos already.
        if let Some(limit) = term.typo_limit.filter(|_| slot != Slot::Email) {
            best = better(best, find_typo(term, text, limit));
        }
        best
    }

    fn find_directly(
        &self,
        term: &PreparedTerm,
        text: &str,
        masks: Masks,
        slot: Slot,
        with_positions: bool,
    ) -> Option<Found> {
        if !masks.contains_all(term.letters) {
            return None;
        }
        if term
            .first_initial
            .is_some_and(|bit| masks.initials & bit == 0)
        {
            return None;
        }
        match term.term.operator {
            // One or two letters say nothing useful about an address.
            _ if slot == Slot::Email && term.first_initial.is_some() => None,
            Operator::Fuzzy if slot != Slot::Email => {
                self.find_fuzzy(&term.term.text, text, with_positions)
            }
            _ if !masks.may_contain(term.masks) => None,
            operator => find_exact_in(slot, operator, &term.term.text, text, with_positions),
        }
    }

    fn find_fuzzy(&self, pattern: &str, text: &str, with_positions: bool) -> Option<Found> {
        if !is_subsequence(pattern.as_bytes(), text.as_bytes()) {
            return None;
        }
        if with_positions {
            let (score, positions) = self.matcher.fuzzy_indices(text, pattern)?;
            return Some(reward_word_run(pattern, text, Found { score, positions }));
        }
        let score = self.matcher.fuzzy_match(text, pattern)?;
        Some(reward_word_run(
            pattern,
            text,
            Found {
                score,
                positions: Vec::new(),
            },
        ))
    }

    /// Whether a negated term's text occurs in a field as its operator says.
    fn contains(&self, term: &PreparedTerm, text: &str, masks: Masks, slot: Slot) -> bool {
        masks.may_contain(term.masks)
            && find_exact_in(slot, term.term.operator, &term.term.text, text, false).is_some()
    }
}

/// Adds [`WORD_RUN_BONUS`] to a fuzzy match when the term also occurs
/// unbroken from the start of a word, marking that run instead.
///
/// The matcher rewards word starts, so on its own it ranks "Harriet Alpern"
/// above "David Halpern" for "halpern" (two word starts against one); a
/// surname typed whole should win.
fn reward_word_run(pattern: &str, text: &str, found: Found) -> Found {
    let Some(start) = best_occurrence(pattern, text).filter(|&start| starts_word(text, start))
    else {
        return found;
    };
    let positions = if found.positions.is_empty() {
        found.positions
    } else {
        let first = text[..start].chars().count();
        (first..first + pattern.chars().count()).collect()
    };
    Found {
        score: found.score + WORD_RUN_BONUS,
        positions,
    }
}

/// Finds `pattern` in a field of `slot` as `operator` asks.
///
/// Addresses are typed as fragments ("bristow@"), so even a fuzzy term
/// must occur in one contiguously: letters scattered through a long address
/// would match almost anyone, and cost the most to score. They are stored
/// joined, which a fragment never spans, but a prefix or suffix must be
/// looked for in each address.
fn find_exact_in(
    slot: Slot,
    operator: Operator,
    pattern: &str,
    text: &str,
    with_positions: bool,
) -> Option<Found> {
    if slot != Slot::Email || matches!(operator, Operator::Fuzzy | Operator::Exact) {
        return find_exact(operator, pattern, text, with_positions);
    }
    let mut offset = 0;
    let mut best: Option<Found> = None;
    for email in text.split(LIST_SEPARATOR) {
        if let Some(mut found) = find_exact(operator, pattern, email, with_positions) {
            found
                .positions
                .iter_mut()
                .for_each(|position| *position += offset);
            best = best
                .filter(|best| best.score >= found.score)
                .or(Some(found));
        }
        offset += email.chars().count() + 1;
    }
    best
}

/// Finds `pattern` contiguously in `text` as `operator` asks, preferring an
/// occurrence at the start of a word.
fn find_exact(
    operator: Operator,
    pattern: &str,
    text: &str,
    with_positions: bool,
) -> Option<Found> {
    let start = match operator {
        Operator::Prefix => text.starts_with(pattern).then_some(0)?,
        Operator::Suffix => text
            .ends_with(pattern)
            .then(|| text.len() - pattern.len())?,
        Operator::Whole => (text == pattern).then_some(0)?,
        Operator::Exact | Operator::Fuzzy => best_occurrence(pattern, text)?,
    };
    let length = pattern.chars().count();
    let bonus = if starts_word(text, start) {
        WORD_START_BONUS
    } else {
        0
    };
    let score = PER_CHARACTER * length as i64 + CONSECUTIVE_BONUS * (length as i64 - 1) + bonus;
    let first = text[..start].chars().count();
    let positions = if with_positions {
        (first..first + length).collect()
    } else {
        Vec::new()
    };
    Some(Found { score, positions })
}

/// The byte offset of `pattern` in `text`, at a word start if it occurs at
/// one, else the first occurrence.
///
/// Searching bytes directly beats `str::find` here: its searcher is built
/// afresh for every call, which costs more than scanning a short field.
fn best_occurrence(pattern: &str, text: &str) -> Option<usize> {
    let (pattern, bytes) = (pattern.as_bytes(), text.as_bytes());
    // A match of valid UTF-8 starts with a leading byte, so on a boundary.
    let mut offsets = bytes
        .windows(pattern.len())
        .enumerate()
        .filter(|(_, window)| window[0] == pattern[0] && *window == pattern)
        .map(|(offset, _)| offset);
    let first = offsets.next()?;
    if starts_word(text, first) {
        return Some(first);
    }
    Some(
        offsets
            .find(|&offset| starts_word(text, offset))
            .unwrap_or(first),
    )
}

/// Whether byte offset `offset` of `text` starts a word.
fn starts_word(text: &str, offset: usize) -> bool {
    text[..offset]
        .chars()
        .next_back()
        .is_none_or(|before| !before.is_alphanumeric())
}

/// Whether `pattern`'s bytes occur in `text` in order: needed for a fuzzy
/// match, and a tenth of the cost of asking the matcher.
fn is_subsequence(pattern: &[u8], text: &[u8]) -> bool {
    let mut remaining = text.iter();
    pattern
        .iter()
        .all(|wanted| remaining.any(|byte| byte == wanted))
}

/// The higher-scoring of two matches, the first on a tie.
fn better(first: Option<Found>, second: Option<Found>) -> Option<Found> {
    match (first, second) {
        (Some(first), Some(second)) if second.score > first.score => Some(second),
        (None, second) => second,
        (first, _) => first,
    }
}

/// Matches a term typed as the initials of an organisation's name.
fn find_initials(term: &PreparedTerm, text: &str, initials: &(String, String)) -> Option<Found> {
    if term.term.operator != Operator::Fuzzy || term.characters.len() < 2 {
        return None;
    }
    let with_small = term.term.text == initials.0;
    if !with_small && term.term.text != initials.1 {
        return None;
    }
    let positions = words(text)
        .filter(|(_, word)| with_small || !is_small_word(word))
        .map(|(start, _)| start)
        .collect();
    let score = INITIALS_PER_CHARACTER * term.characters.len() as i64;
    Some(Found { score, positions })
}

/// Matches a term to the nearest word of `text` within `limit` edits.
fn find_typo(term: &PreparedTerm, text: &str, limit: usize) -> Option<Found> {
    let (distance, start, length) = words(text)
        .filter_map(|(start, word)| {
            let distance = distance_within(&term.characters, term.letters, word, limit)?;
            Some((distance, start, word.chars().count()))
        })
        .min()?;
    let score =
        TYPO_PER_CHARACTER * term.characters.len() as i64 - TYPO_EDIT_COST * distance as i64;
    Some(Found {
        score,
        positions: (start..start + length).collect(),
    })
}

/// The items of a list field joined by [`LIST_SEPARATOR`].
pub fn split_list(joined: &str) -> impl Iterator<Item = &str> {
    joined.split(LIST_SEPARATOR).filter(|item| !item.is_empty())
}

/// One field of a record, folded, as highlighting looks at it.
#[derive(Clone, Debug)]
pub struct FieldText {
    /// The field's kind, for its weight.
    pub slot: Slot,
    /// The folded text.
    pub folded: String,
    /// Initials with and without small words, where scoring uses them.
    pub initials: Option<(String, String)>,
}

impl Scorer {
    /// For each positive term, the index in `fields` of the field where it
    /// scores best (weighted, the first on a tie), with the positions it
    /// matched in that field's folded text.
    pub fn best_positions(&self, fields: &[FieldText]) -> Vec<(usize, Vec<usize>)> {
        let positive = self.terms.iter().filter(|term| !term.term.negated);
        positive
            .filter_map(|term| self.best_field(term, fields))
            .collect()
    }

    fn best_field(&self, term: &PreparedTerm, fields: &[FieldText]) -> Option<(usize, Vec<usize>)> {
        let mut best: Option<(i64, usize, Vec<usize>)> = None;
        for (number, field) in fields.iter().enumerate() {
            let (folded, initials) = (&field.folded, field.initials.as_ref());
            let masks = Masks::of(folded);
            let Some(found) = self.find(term, folded, masks, field.slot, initials, true) else {
                continue;
            };
            let weighted = found.score * field.slot.weight() / 100;
            if best.as_ref().is_none_or(|(score, _, _)| weighted > *score) {
                best = Some((weighted, number, found.positions));
            }
        }
        best.map(|(_, number, positions)| (number, positions))
    }
}
