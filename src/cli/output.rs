//! Printing: aligned tables for people to read, JSON for scripts.

use serde::Serialize;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Widest a table column may grow before its text is cut.
const MAX_COLUMN: usize = 40;

/// A table with a header row, printed with columns aligned.
pub struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headings.
    pub fn new(header: Vec<&'static str>) -> Table {
        Table {
            header,
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells print empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the table; the last column is never padded or cut.
    pub fn print(&self, out: &mut impl Write) -> io::Result<()> {
        let widths = self.widths();
        let header: Vec<String> = self.header.iter().map(|cell| cell.to_string()).collect();
        write_row(out, &header, &widths)?;
        for row in &self.rows {
            write_row(out, row, &widths)?;
        }
        Ok(())
    }

    fn widths(&self) -> Vec<usize> {
        (0..self.header.len())
            .map(|column| {
                let cells = self.rows.iter().filter_map(|row| row.get(column));
                let widest = cells.map(|cell| cell.width()).max().unwrap_or(0);
                widest.max(self.header[column].width()).min(MAX_COLUMN)
            })
            .collect()
    }
}

fn write_row(out: &mut impl Write, cells: &[String], widths: &[usize]) -> io::Result<()> {
    let mut line = String::new();
    for (column, width) in widths.iter().enumerate() {
        let cell = cells.get(column).map(String::as_str).unwrap_or("");
        if column + 1 == widths.len() {
            line.push_str(cell);
        } else {
            let cut = cut_to_width(cell, *width);
            let padding = width.saturating_sub(cut.width());
            line.push_str(&cut);
            line.push_str(&" ".repeat(padding + 2));
        }
    }
    writeln!(out, "{}", line.trim_end())
}

/// Cuts text to at most `width` columns, marking the cut with an ellipsis.
pub fn cut_to_width(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut cut = String::new();
    for character in text.chars() {
        let next = format!("{cut}{character}");
        if next.width() + 1 > width {
            break;
        }
        cut = next;
    }
    cut.push('…');
    cut
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    let mut out = io::stdout().lock();
    writeln!(out, "{text}")
}

pub use crate::model::short_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_long_cells_are_cut() {
        let mut table = Table::new(vec!["NAME", "ID"]);
        table.row(vec!["Siân".into(), "1".into()]);
        table.row(vec!["x".repeat(50), "2".into()]);
        let mut out = Vec::new();
        table.print(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], format!("Siân{}1", " ".repeat(MAX_COLUMN - 4 + 2)));
        assert!(lines[2].contains('…'));
        assert_eq!(lines[2].width(), MAX_COLUMN + 2 + 1);
    }
}
