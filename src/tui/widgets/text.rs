//! Text cut cleanly to a width (by display columns, with an ellipsis),
//! matched letters picked out, and notes wrapped at word boundaries.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The ellipsis that marks text cut short.
const ELLIPSIS: char = '…';

/// `text` cut to at most `width` columns, ending in `…` if it was cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut fitted = String::new();
    let mut used = 0;
    for c in text.chars() {
        let columns = c.width().unwrap_or(0);
        if used + columns > width - 1 {
            break;
        }
        fitted.push(c);
        used += columns;
    }
    fitted.push(ELLIPSIS);
    fitted
}

/// A line cut to at most `width` columns across its spans, keeping their
/// styles, ending in `…` if it was cut.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut spans = Vec::new();
    let mut left = width;
    for span in line.spans {
        let span_width = span.content.width();
        if span_width < left {
            left -= span_width;
            spans.push(span);
            continue;
        }
        spans.push(Span::styled(fit(&span.content, left), span.style));
        break;
    }
    Line::from(spans).style(line.style)
}

/// `text` as spans, the characters at `indices` (char positions) in
/// `matched` style and the rest in `base`.
pub fn highlighted(
    text: &str,
    indices: &[usize],
    base: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    if indices.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (position, c) in text.chars().enumerate() {
        let is_matched = indices.contains(&position);
        if is_matched != run_matched && !run.is_empty() {
            let style = if run_matched { matched } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_matched = is_matched;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_matched { matched } else { base }));
    }
    spans
}

/// `text` wrapped into lines of at most `width` columns, breaking between
/// words, and inside a word only when the word alone is too long.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let needed = if line.is_empty() {
                word.width()
            } else {
                line.width() + 1 + word.width()
            };
            if needed > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            while line.width() > width {
                let (head, tail) = split_at_width(&line, width);
                lines.push(head);
                line = tail;
            }
        }
        lines.push(line);
    }
    lines
}

fn split_at_width(text: &str, width: usize) -> (String, String) {
    let mut used = 0;
    for (index, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            return (text[..index].to_string(), text[index..].to_string());
        }
    }
    (text.to_string(), String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_cuts_by_columns_and_marks_the_cut() {
        assert_eq!(fit("Siân Lloyd", 20), "Siân Lloyd");
        assert_eq!(fit("Wales Centre for Public Policy", 10), "Wales Cen…");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn highlighting_splits_runs() {
        let spans = highlighted("Siân", &[0, 1], Style::new(), Style::new().bold());
        let texts: Vec<&str> = spans.iter().map(|span| span.content.as_ref()).collect();
        assert_eq!(texts, ["Si", "ân"]);
    }

    #[test]
    fn wrapping_breaks_between_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }
}
