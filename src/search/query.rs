//! Parsing what the user typed into terms, with fzf's operators, so that
//! people who know fzf can narrow a search the way they already do.
//!
//! Terms are separated by spaces and must all match (AND). A plain term is
//! fuzzy; `'term` is an exact substring, `^term` a prefix of a field,
//! `term$` a suffix, `^term$` the whole field, and `!` in front of any of the
//! exact forms excludes records that match it (a bare `!term` is the
//! inverse of an exact substring, as in fzf).

use crate::text::fold;

/// How a term is compared with the text of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    /// The term's characters in order, gaps allowed (`term`).
    Fuzzy,
    /// The term as a contiguous substring (`'term`).
    Exact,
    /// The field starts with the term (`^term`).
    Prefix,
    /// The field ends with the term (`term$`).
    Suffix,
    /// The field is the term (`^term$`).
    Whole,
}

/// One space-separated piece of a query, folded for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The term's text, folded like the fields it is matched against.
    pub text: String,
    /// How the term is compared.
    pub operator: Operator,
    /// Whether records matching the term are excluded rather than wanted.
    pub negated: bool,
}

/// A parsed query: every positive term must match, no negated term may.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms in the order they were typed.
    pub terms: Vec<Term>,
}

impl Query {
    /// Parses `input` into terms. Operators with nothing after them (a lone
    /// `!` or `^`) are ignored, so a query typed letter by letter never
    /// fails to parse.
    pub fn parse(input: &str) -> Query {
        let terms = input.split_whitespace().filter_map(parse_term).collect();
        Query { terms }
    }

    /// Whether the query has no terms and so matches everything.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Parses one whitespace-free token, or returns `None` when only operator
/// characters remain.
fn parse_term(token: &str) -> Option<Term> {
    let (negated, rest) = strip(token, '!');
    let (prefix, rest) = strip(rest, '^');
    let (exact, rest) = if prefix {
        (false, rest)
    } else {
        strip(rest, '\'')
    };
    let (suffix, rest) = match rest.strip_suffix('$') {
        Some(inner) if !inner.is_empty() => (true, inner),
        _ => (false, rest),
    };
    let operator = match (prefix, suffix) {
        (true, true) => Operator::Whole,
        (true, false) => Operator::Prefix,
        (false, true) => Operator::Suffix,
        // fzf reads `!term` as "does not contain term", never as fuzzy.
        _ if exact || negated => Operator::Exact,
        _ => Operator::Fuzzy,
    };
    let text = fold(rest);
    (!text.is_empty()).then_some(Term {
        text,
        operator,
        negated,
    })
}

/// Splits a leading `marker` off `token`, saying whether it was there.
fn strip(token: &str, marker: char) -> (bool, &str) {
    match token.strip_prefix(marker) {
        Some(rest) => (true, rest),
        None => (false, token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_term(input: &str) -> Term {
        let query = Query::parse(input);
        assert_eq!(query.terms.len(), 1, "{input:?} should give one term");
        query.terms.into_iter().next().unwrap()
    }

    fn term(text: &str, operator: Operator, negated: bool) -> Term {
        Term {
            text: text.to_string(),
            operator,
            negated,
        }
    }

    #[test]
    fn plain_terms_are_fuzzy_folded_and_anded() {
        let query = Query::parse("  Siân   WALES ");
        assert_eq!(
            query.terms,
            vec![
                term("sian", Operator::Fuzzy, false),
                term("wales", Operator::Fuzzy, false)
            ]
        );
    }

    #[test]
    fn each_operator_parses() {
        assert_eq!(only_term("'hal"), term("hal", Operator::Exact, false));
        assert_eq!(only_term("^hal"), term("hal", Operator::Prefix, false));
        assert_eq!(only_term("pern$"), term("pern", Operator::Suffix, false));
        assert_eq!(
            only_term("^cardiff$"),
            term("cardiff", Operator::Whole, false)
        );
    }

    #[test]
    fn negations_are_exact_forms() {
        assert_eq!(only_term("!hal"), term("hal", Operator::Exact, true));
        assert_eq!(only_term("!'hal"), term("hal", Operator::Exact, true));
        assert_eq!(only_term("!^hal"), term("hal", Operator::Prefix, true));
        assert_eq!(only_term("!pern$"), term("pern", Operator::Suffix, true));
    }

    #[test]
    fn bare_operators_are_ignored_while_typing() {
        assert!(Query::parse("! ^ ' !^").is_empty());
        assert!(Query::parse("").is_empty());
        assert_eq!(only_term("$"), term("$", Operator::Fuzzy, false));
    }
}
