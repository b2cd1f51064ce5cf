//! A record in full: every field with the Centre that set it and when, then
//! its organisations, networks, people and interactions, and the
//! follow-ups that are due. Linked records can be selected and opened.
//!
//! The content is built once, when the record is opened, as rows; drawing
//! only wraps and cuts them to the width at hand.

use super::finder::badge;
use crate::model::{fields_of, Date, FieldSpec, FieldType, FieldValue, Kind, Record};
use crate::ops::{self, InteractionView, LinkView, RecordView};
use crate::places::{self, Nation};
use crate::store::Store;
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::moved;
use crate::tui::widgets::text::{fit_line, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use std::collections::BTreeMap;

/// How many interactions the detail lists; older ones are counted only.
const RECENT_INTERACTIONS: usize = 12;

/// The width of the field names column.
const LABEL_WIDTH: usize = 13;

/// One row of the detail: a line, or text to wrap; either may lead to a
/// linked record.
#[derive(Clone, Debug)]
enum Row {
    /// A line shown as it is, cut to the width.
    Line(Line<'static>, Option<String>),
    /// Text wrapped to the width, each line indented.
    Text { indent: usize, text: String },
}

/// A record opened in full.
#[derive(Clone, Debug)]
pub struct Detail {
    /// The record's id.
    pub id: String,
    /// The record's name, for the breadcrumb.
    pub name: String,
    /// The record's kind.
    pub kind: Kind,
    rows: Vec<Row>,
    /// The rows that lead to another record.
    targets: Vec<usize>,
    /// Which of `targets` is selected.
    pub selected: usize,
    /// The first row shown.
    pub scroll: usize,
}

impl Detail {
    /// Loads record `id` and everything around it.
    pub fn load(store: &Store, id: &str, theme: Theme, today: Date) -> Result<Detail, String> {
        let record = store.live(id).map_err(|error| error.to_string())?;
        let view = ops::view(store, record).map_err(|error| error.to_string())?;
        let names = referenced_names(store, &view.record);
        let rows = build_rows(&view, &names, theme, today);
        let targets = rows
            .iter()
            .enumerate()
            .filter(|(_, row)| matches!(row, Row::Line(_, Some(_))))
            .map(|(index, _)| index)
            .collect();
        Ok(Detail {
            id: view.record.id.clone(),
            name: view.record.name().to_string(),
            kind: view.record.kind,
            rows,
            targets,
            selected: 0,
            scroll: 0,
        })
    }

    /// The id of the selected linked record.
    pub fn selected_target(&self) -> Option<&str> {
        let row = self.targets.get(self.selected)?;
        match &self.rows[*row] {
            Row::Line(_, target) => target.as_deref(),
            Row::Text { .. } => None,
        }
    }

    /// The ids of every linked record shown, in order.
    pub fn target_ids(&self) -> Vec<&str> {
        (0..self.targets.len())
            .filter_map(|index| match &self.rows[self.targets[index]] {
                Row::Line(_, target) => target.as_deref(),
                Row::Text { .. } => None,
            })
            .collect()
    }

    /// Moves to the next or previous linked record, or scrolls when there
    /// are none; `height` is the rows visible.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        if self.targets.is_empty() {
            self.scroll = moved(self.scroll, delta, self.rows.len());
            return;
        }
        self.selected = moved(self.selected, delta, self.targets.len());
        let row = self.targets[self.selected];
        if row < self.scroll {
            self.scroll = row;
        } else if row >= self.scroll + height.max(1) {
            self.scroll = row + 1 - height.max(1);
        }
        if self.selected == 0 {
            // Back at the first link: show the record's top again.
            self.scroll = 0;
        }
    }

    /// Scrolls by `delta` rows, leaving the selection alone: for a record
    /// shown beside another, where nothing is selected.
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = moved(self.scroll, delta, self.rows.len());
    }

    /// Selects the linked record drawn at screen row `row` of `area`, if
    /// there is one; gives whether one was hit.
    pub fn click(&mut self, area: Rect, row: u16) -> bool {
        let lines = self.lines(area.width as usize, false, Theme::new(false));
        let start = self.first_line(&lines, area.height as usize);
        let Some((_, row_index)) = lines.get(start + row.saturating_sub(area.y) as usize) else {
            return false;
        };
        match self.targets.iter().position(|target| target == row_index) {
            Some(position) => {
                self.selected = position;
                true
            }
            None => false,
        }
    }

    /// Draws the record into `area`, marking the selected link when
    /// `show_selection`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, show_selection: bool, theme: Theme) {
        let lines = self.lines(area.width as usize, show_selection, theme);
        let start = match show_selection {
            true => self.first_line(&lines, area.height as usize),
            false => lines
                .iter()
                .position(|(_, row)| *row >= self.scroll)
                .unwrap_or(0),
        };
        for (offset, (line, _)) in lines
            .into_iter()
            .skip(start)
            .take(area.height as usize)
            .enumerate()
        {
            let row = Rect {
                y: area.y + offset as u16,
                height: 1,
                ..area
            };
            frame.render_widget(line, row);
        }
    }

    /// The rows as lines of `width`, each with the index of its row.
    fn lines(
        &self,
        width: usize,
        show_selection: bool,
        theme: Theme,
    ) -> Vec<(Line<'static>, usize)> {
        let selected_row = self.targets.get(self.selected).copied();
        let mut lines = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            match row {
                Row::Line(line, _) => {
                    let mut line = fit_line(line.clone(), width);
                    if show_selection && Some(index) == selected_row {
                        line = line.style(theme.selected());
                    }
                    lines.push((line, index));
                }
                Row::Text { indent, text } => {
                    for part in wrap(text, width.saturating_sub(*indent)) {
                        lines.push((Line::raw(format!("{}{part}", " ".repeat(*indent))), index));
                    }
                }
            }
        }
        lines
    }

    /// The first line to show: the scroll position, moved if needed so the
    /// selected link is visible.
    fn first_line(&self, lines: &[(Line<'static>, usize)], height: usize) -> usize {
        let start = lines
            .iter()
            .position(|(_, row)| *row >= self.scroll)
            .unwrap_or(0);
        let Some(&selected_row) = self.targets.get(self.selected) else {
            return start.min(lines.len().saturating_sub(1));
        };
        let selected_line = lines
            .iter()
            .position(|(_, row)| *row == selected_row)
            .unwrap_or(0);
        if selected_line < start {
            selected_line
        } else if selected_line >= start + height.max(1) {
            selected_line + 1 - height.max(1)
        } else {
            start
        }
    }
}

/// The names of the records a record's fields refer to (a convenor).
fn referenced_names(store: &Store, record: &Record) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for spec in fields_of(record.kind) {
        if spec.field_type == FieldType::Reference {
            if let Some(id) = record.text(spec.name) {
                if let Ok(Some(other)) = store.get(id) {
                    names.insert(id.to_string(), other.name().to_string());
                }
            }
        }
    }
    names
}

fn build_rows(
    view: &RecordView,
    names: &BTreeMap<String, String>,
    theme: Theme,
    today: Date,
) -> Vec<Row> {
    let mut rows = header_rows(&view.record, theme);
    rows.extend(field_rows(&view.record, names, theme));
    rows.extend(due_rows(view, theme, today));
    rows.extend(link_rows(view, theme));
    rows.extend(interaction_rows(view, theme, today));
    rows
}

fn header_rows(record: &Record, theme: Theme) -> Vec<Row> {
    let mut title = vec![
        Span::styled(format!("{} ", badge(record.kind)), theme.kind(record.kind)),
        Span::styled(record.name().to_string(), theme.heading()),
        Span::styled(format!("  {}", record.kind), theme.quiet()),
    ];
    if record.is_private() {
        title.push(Span::styled("  private", theme.due()));
    }
    let created = format!(
        "added by {} on {} · id {}",
        record.created_by,
        day_of(record.created_at.millis),
        record.id
    );
    vec![
        Row::Line(Line::from(title), None),
        Row::Line(Line::styled(created, theme.quiet()), None),
    ]
}

fn field_rows(record: &Record, names: &BTreeMap<String, String>, theme: Theme) -> Vec<Row> {
    let mut rows = vec![blank()];
    for spec in fields_of(record.kind) {
        if matches!(spec.name, "name" | "private" | "parties") {
            continue;
        }
        let Some(field) = record.fields.get(spec.name) else {
            continue;
        };
        let value = shown_value(spec, field, names);
        if value.is_empty() {
            continue;
        }
        rows.extend(field_row(spec, field, value, theme));
    }
    if let Some(name) = record.fields.get("name") {
        rows.push(provenance_row("name", name, theme));
    }
    rows
}

/// A field's line: its name, value and where it came from; long text goes
/// on wrapped lines of its own below.
fn field_row(spec: &FieldSpec, field: &FieldValue, value: String, theme: Theme) -> Vec<Row> {
    let label = Span::styled(
        format!("{:<LABEL_WIDTH$}", label_of(spec.name)),
        theme.quiet(),
    );
    let source = Span::styled(format!("  · {}", provenance(field)), theme.quiet());
    let target = match spec.field_type {
        FieldType::Reference => field.value.as_str().map(String::from),
        _ => None,
    };
    if spec.field_type == FieldType::LongText {
        let line = Line::from(vec![label, source]);
        return vec![
            Row::Line(line, None),
            Row::Text {
                indent: 2,
                text: value,
            },
        ];
    }
    let value = match target {
        Some(_) => Span::styled(format!("› {value}"), theme.heading()),
        None => Span::raw(value),
    };
    vec![Row::Line(Line::from(vec![label, value, source]), target)]
}

fn provenance_row(name: &str, field: &FieldValue, theme: Theme) -> Row {
    let text = format!(
        "{:<LABEL_WIDTH$}set by {}",
        label_of(name),
        provenance(field)
    );
    Row::Line(Line::styled(text, theme.quiet()), None)
}

/// Which Centre set a field and on which day.
fn provenance(field: &FieldValue) -> String {
    format!("{}, {}", field.centre, day_of(field.stamp.millis))
}

/// The day of a clock stamp's milliseconds.
fn day_of(millis: u64) -> Date {
    let epoch = Date::from_parts(1970, 1, 1);
    // 1970-01-01 exists, so `from_parts` gives a date; the fallback is
    // never taken but keeps this free of panics.
    epoch
        .unwrap_or_else(Date::today)
        .add_days((millis / 86_400_000) as i64)
}

fn label_of(name: &str) -> String {
    let mut label = name.replace('_', " ");
    if let Some(first) = label.get(0..1) {
        label.replace_range(0..1, &first.to_uppercase());
    }
    label
}

/// A field's value as people read it: place and nation names, not codes.
fn shown_value(spec: &FieldSpec, field: &FieldValue, names: &BTreeMap<String, String>) -> String {
    let strings: Vec<&str> = match &field.value {
        serde_json::Value::String(text) => vec![text.as_str()],
        serde_json::Value::Array(items) => items.iter().filter_map(|item| item.as_str()).collect(),
        serde_json::Value::Bool(true) => vec!["yes"],
        _ => Vec::new(),
    };
    let shown: Vec<String> = strings
        .into_iter()
        .map(|text| match spec.field_type {
            FieldType::Place => {
                places::by_code(text).map_or(text.to_string(), |place| place.name.to_string())
            }
            FieldType::Nation | FieldType::Nations => {
                Nation::parse(text).map_or(text.to_string(), |nation| nation.name().to_string())
            }
            FieldType::Reference => names.get(text).cloned().unwrap_or_else(|| text.to_string()),
            _ => text.to_string(),
        })
        .collect();
    shown.join(", ")
}

fn blank() -> Row {
    Row::Line(Line::raw(""), None)
}

fn heading(text: String, theme: Theme) -> Row {
    Row::Line(Line::styled(text, theme.heading()), None)
}

fn is_due(interaction: &InteractionView, today: Date) -> bool {
    let due = interaction
        .follow_up
        .as_deref()
        .and_then(|date| date.parse::<Date>().ok());
    !interaction.follow_up_done && due.is_some_and(|due| due <= today)
}

fn due_rows(view: &RecordView, theme: Theme, today: Date) -> Vec<Row> {
    let due: Vec<&InteractionView> = view
        .interactions
        .iter()
        .filter(|interaction| is_due(interaction, today))
        .collect();
    if due.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![
        blank(),
        Row::Line(Line::styled("Follow-ups due", theme.due()), None),
    ];
    for interaction in due {
        let text = format!(
            "  {} after the {} of {}",
            interaction.follow_up.as_deref().unwrap_or_default(),
            interaction.kind,
            interaction.date,
        );
        rows.push(Row::Line(Line::styled(text, theme.due()), None));
        let note = interaction.note.as_deref().unwrap_or("(no note)");
        rows.push(Row::Text {
            indent: 4,
            text: note.to_string(),
        });
    }
    rows
}

/// The heading a group of links goes under, seen from the viewed record.
fn group_of(link: &LinkView, viewed: Kind) -> &'static str {
    match (link.kind, viewed) {
        (Kind::Affiliation, Kind::Person) => "Organisations",
        (Kind::Affiliation, _) => "People",
        (Kind::Membership, Kind::Network) => "Members",
        (Kind::Membership, _) => "Networks",
        _ => "Relationships",
    }
}

fn link_rows(view: &RecordView, theme: Theme) -> Vec<Row> {
    let mut groups: Vec<(&'static str, Vec<&LinkView>)> = Vec::new();
    for link in &view.links {
        let group = group_of(link, view.record.kind);
        match groups.iter_mut().find(|(name, _)| *name == group) {
            Some((_, links)) => links.push(link),
            None => groups.push((group, vec![link])),
        }
    }
    let mut rows = Vec::new();
    for (group, links) in groups {
        rows.push(blank());
        rows.push(heading(format!("{group} ({})", links.len()), theme));
        rows.extend(links.into_iter().map(|link| link_row(link, theme)));
    }
    rows
}

fn link_row(link: &LinkView, theme: Theme) -> Row {
    let mut spans = vec![Span::raw("  › ")];
    if let (Some(kind), true) = (&link.link_type, link.outgoing) {
        spans.push(Span::styled(
            format!("{} ", kind.replace('-', " ")),
            theme.quiet(),
        ));
    }
    spans.push(Span::styled(
        format!("{} ", badge(link.other_kind)),
        theme.kind(link.other_kind),
    ));
    spans.push(Span::raw(link.other_name.clone()));
    if let (Some(kind), false) = (&link.link_type, link.outgoing) {
        spans.push(Span::styled(
            format!(" ({} them)", kind.replace('-', " ")),
            theme.quiet(),
        ));
    }
    let mut details = Vec::new();
    details.extend(link.role.clone());
    match (&link.from, &link.until) {
        (Some(from), Some(until)) => details.push(format!("{from} to {until}")),
        (Some(from), None) => details.push(format!("since {from}")),
        (None, Some(until)) => details.push(format!("until {until}")),
        (None, None) => {}
    }
    if !details.is_empty() {
        spans.push(Span::styled(
            format!("  {}", details.join(", ")),
            theme.quiet(),
        ));
    }
    Row::Line(Line::from(spans), Some(link.other_id.clone()))
}

fn interaction_rows(view: &RecordView, theme: Theme, today: Date) -> Vec<Row> {
    if view.interactions.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![
        blank(),
        heading(format!("Interactions ({})", view.interactions.len()), theme),
    ];
    for interaction in view.interactions.iter().take(RECENT_INTERACTIONS) {
        rows.extend(one_interaction(interaction, &view.record.id, theme, today));
    }
    let older = view.interactions.len().saturating_sub(RECENT_INTERACTIONS);
    if older > 0 {
        rows.push(Row::Line(
            Line::styled(format!("  and {older} older"), theme.quiet()),
            None,
        ));
    }
    rows
}

fn one_interaction(
    interaction: &InteractionView,
    viewed: &str,
    theme: Theme,
    today: Date,
) -> Vec<Row> {
    let mut spans = vec![
        Span::raw(format!("  {}  ", interaction.date)),
        Span::styled(interaction.kind.clone(), theme.heading()),
    ];
    if let Some(follow_up) = &interaction.follow_up {
        let (text, style) = match (interaction.follow_up_done, is_due(interaction, today)) {
            (true, _) => (format!("  followed up ({follow_up})"), theme.quiet()),
            (false, true) => (format!("  follow up by {follow_up}: due"), theme.due()),
            (false, false) => (format!("  follow up by {follow_up}"), theme.quiet()),
        };
        spans.push(Span::styled(text, style));
    }
    let mut rows = vec![Row::Line(Line::from(spans), None)];
    if let Some(note) = &interaction.note {
        rows.push(Row::Text {
            indent: 4,
            text: note.clone(),
        });
    }
    for (id, name) in interaction.parties.iter().filter(|(id, _)| id != viewed) {
        let line = Line::from(vec![
            Span::styled("    with ", theme.quiet()),
            Span::raw(format!("› {name}")),
        ]);
        rows.push(Row::Line(line, Some(id.clone())));
    }
    rows
}
