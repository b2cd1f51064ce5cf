//! A searchable list of records: the search tab (everything) and the
//! organisations and networks tabs (one kind each). It holds what was
//! typed, the filters, and the latest results from the search worker.

use crate::model::Kind;
use crate::places::{self, Nation};
use crate::search::{Field, Filters};
use crate::tui::layout::ListAreas;
use crate::tui::theme::Theme;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::scroll::{moved, offset_for};
use crate::tui::widgets::text::{fit_line, highlighted};
use crate::tui::worker::{ListId, ResultRow, SearchRequest, RESULT_LIMIT};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use std::time::Duration;

/// One searchable list and its results.
#[derive(Debug)]
pub struct Finder {
    /// Which list this is, for the worker's answers.
    pub list: ListId,
    /// The kind this list is fixed to, if any.
    pub fixed_kind: Option<Kind>,
    /// What was typed.
    pub query: TextInput,
    /// The filters chosen.
    pub filters: Filters,
    /// The name of the network filtered on, for its chip.
    pub network_name: Option<String>,
    /// The results of the newest query answered.
    pub rows: Vec<ResultRow>,
    /// The selected result.
    pub selected: usize,
    /// The first result shown.
    pub offset: usize,
    /// The generation of the newest query sent.
    pub sent: u64,
    /// The generation of the results shown.
    pub answered: u64,
    /// How long the search of the results shown took.
    pub took: Option<Duration>,
    /// The text of the newest query sent, and of the results shown: when
    /// they differ, the user typed, and the best match is selected.
    sent_text: String,
    shown_text: String,
}

impl Finder {
    /// An empty list; `fixed_kind` limits it to one kind of record.
    pub fn new(list: ListId, fixed_kind: Option<Kind>) -> Finder {
        let filters = Filters {
            kinds: fixed_kind.into_iter().collect(),
            ..Filters::default()
        };
        Finder {
            list,
            fixed_kind,
            query: TextInput::default(),
            filters,
            network_name: None,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            sent: 0,
            answered: 0,
            took: None,
            sent_text: String::new(),
            shown_text: String::new(),
        }
    }

    /// A new query for the worker, newer than any sent before.
    pub fn request(&mut self) -> SearchRequest {
        self.sent += 1;
        self.sent_text = self.query.text().to_string();
        SearchRequest {
            list: self.list,
            generation: self.sent,
            text: self.query.text().to_string(),
            filters: self.filters.clone(),
        }
    }

    /// Takes the worker's results unless a newer query has been sent since
    /// (a stale answer is dropped). After typing, the best match is
    /// selected, as in fzf; when only the filters or the records changed,
    /// the same record stays selected if it is still in the results. Says
    /// whether the results were taken.
    pub fn accept(&mut self, generation: u64, rows: Vec<ResultRow>, took: Duration) -> bool {
        if generation != self.sent {
            return false;
        }
        let typed = self.sent_text != self.shown_text;
        self.shown_text.clone_from(&self.sent_text);
        let previous = self.selected_id().map(String::from).filter(|_| !typed);
        self.rows = rows;
        self.answered = generation;
        self.took = Some(took);
        self.selected = previous
            .and_then(|id| self.rows.iter().position(|row| row.hit.id == id))
            .unwrap_or(0);
        self.offset = 0;
        true
    }

    /// Whether a query is waiting for its answer.
    pub fn searching(&self) -> bool {
        self.sent != self.answered
    }

    /// The id of the selected record.
    pub fn selected_id(&self) -> Option<&str> {
        self.rows.get(self.selected).map(|row| row.hit.id.as_str())
    }

    /// Moves the selection by `delta` rows in a list `height` rows high.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.selected = moved(self.selected, delta, self.rows.len());
        self.offset = offset_for(self.selected, self.offset, height);
    }

    /// Selects the row drawn at screen row `row` of `list`; gives whether
    /// a result is there.
    pub fn click(&mut self, list: Rect, row: u16) -> bool {
        let index = self.offset + row.saturating_sub(list.y) as usize;
        if row < list.y || index >= self.rows.len() {
            return false;
        }
        self.selected = index;
        true
    }

    /// The next nation filter: none, then each nation, then none again.
    pub fn cycle_nation(&mut self) {
        let current = self.filters.nation.as_deref();
        let position = Nation::ALL
            .iter()
            .position(|nation| Some(nation.slug()) == current);
        self.filters.nation = match position {
            None => Some(Nation::ALL[0].slug().to_string()),
            Some(index) => Nation::ALL
                .get(index + 1)
                .map(|nation| nation.slug().to_string()),
        };
        self.filters.place_code = None;
    }

    /// The next kind filter: all, people, organisations, networks, all.
    pub fn cycle_kind(&mut self) {
        if self.fixed_kind.is_some() {
            return;
        }
        let current = self.filters.kinds.first().copied();
        let position = Kind::SEARCHABLE
            .iter()
            .position(|kind| Some(*kind) == current);
        self.filters.kinds = match position {
            None => vec![Kind::SEARCHABLE[0]],
            Some(index) => Kind::SEARCHABLE
                .get(index + 1)
                .copied()
                .into_iter()
                .collect(),
        };
    }

    /// Removes every filter but the list's own kind.
    pub fn clear_filters(&mut self) {
        self.filters = Filters {
            kinds: self.fixed_kind.into_iter().collect(),
            ..Filters::default()
        };
        self.network_name = None;
    }

    /// The chips of the filters set, as label and value.
    pub fn chips(&self) -> Vec<(&'static str, String)> {
        let mut chips = Vec::new();
        if self.fixed_kind.is_none() {
            if let Some(kind) = self.filters.kinds.first() {
                chips.push(("kind", kind_plural(*kind).to_string()));
            }
        }
        if let Some(nation) = &self.filters.nation {
            let name = Nation::parse(nation).map_or(nation.clone(), |nation| nation.name().into());
            chips.push(("nation", name));
        }
        if let Some(code) = &self.filters.place_code {
            let name = places::by_code(code).map_or(code.clone(), |place| place.name.to_string());
            chips.push(("place", name));
        }
        if let Some(topic) = &self.filters.topic {
            chips.push(("topic", topic.clone()));
        }
        if self.filters.network.is_some() {
            chips.push(("network", self.network_name.clone().unwrap_or_default()));
        }
        chips
    }

    /// Draws the search box, chips and results into `areas`.
    pub fn draw(&self, frame: &mut Frame, areas: &ListAreas, typing: bool, theme: Theme) {
        let label = match self.fixed_kind {
            Some(kind) => format!("Search {}: ", kind_plural(kind)),
            None => "Search: ".to_string(),
        };
        self.query.draw(frame, areas.input, &label, typing, theme);
        self.draw_count(frame, areas.input, theme);
        frame.render_widget(
            self.chips_line(theme, areas.chips.width as usize),
            areas.chips,
        );
        self.draw_rows(frame, areas.list, theme);
    }

    fn draw_count(&self, frame: &mut Frame, input: Rect, theme: Theme) {
        let count = match (self.searching(), self.rows.len()) {
            (true, _) => "searching…".to_string(),
            (false, RESULT_LIMIT) => format!("best {RESULT_LIMIT}"),
            (false, 1) => "1 result".to_string(),
            (false, count) => format!("{count} results"),
        };
        let width = count.chars().count() as u16 + 1;
        if input.width > width + 20 {
            let area = Rect {
                x: input.right() - width,
                width,
                ..input
            };
            frame.render_widget(Span::styled(count, theme.quiet()), area);
        }
    }

    fn chips_line(&self, theme: Theme, width: usize) -> Line<'static> {
        let chips = self.chips();
        if chips.is_empty() {
            let hint = "no filters · tab: nation · f: filters";
            return fit_line(Line::styled(hint, theme.quiet()), width);
        }
        let mut spans = Vec::new();
        for (label, value) in chips {
            spans.push(Span::styled(format!(" {label}: {value} "), theme.chip()));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled("F: clear", theme.quiet()));
        fit_line(Line::from(spans), width)
    }

    fn draw_rows(&self, frame: &mut Frame, list: Rect, theme: Theme) {
        let height = list.height as usize;
        let offset = offset_for(self.selected, self.offset, height);
        if self.rows.is_empty() && !self.searching() {
            let line = Line::styled("Nothing matches.", theme.quiet());
            frame.render_widget(
                line,
                Rect {
                    height: list.height.min(1),
                    ..list
                },
            );
            return;
        }
        for (index, row) in self.rows.iter().enumerate().skip(offset).take(height) {
            let y = list.y + (index - offset) as u16;
            let mut line = result_line(row, theme, list.width as usize);
            if index == self.selected {
                line = line.style(theme.selected());
            }
            frame.render_widget(
                line,
                Rect {
                    y,
                    height: 1,
                    ..list
                },
            );
        }
    }
}

/// One result: a kind badge, the name with matched letters picked out,
/// and where the record belongs (organisation, place) quietly after it.
pub fn result_line(row: &ResultRow, theme: Theme, width: usize) -> Line<'static> {
    let doc = &row.doc;
    let mut spans = vec![
        Span::styled(badge(doc.kind), theme.kind(doc.kind)),
        Span::raw(" "),
    ];
    let name = matched(row, |field| matches!(field, Field::Name));
    spans.extend(highlighted(
        &doc.name,
        &name,
        theme.heading(),
        theme.matched(),
    ));
    let alt_name = matched(row, |field| matches!(field, Field::AltName));
    if !alt_name.is_empty() {
        spans.push(Span::styled(" / ", theme.quiet()));
        spans.extend(highlighted(
            &doc.alt_name,
            &alt_name,
            theme.heading(),
            theme.matched(),
        ));
    }
    let (context, indices) = context_of(row);
    if !context.is_empty() {
        spans.push(Span::styled("  ", theme.quiet()));
        spans.extend(highlighted(
            &context,
            &indices,
            theme.quiet(),
            theme.matched(),
        ));
    }
    fit_line(Line::from(spans), width)
}

/// The matched letters of the fields `wanted` picks out.
fn matched(row: &ResultRow, wanted: impl Fn(&Field) -> bool) -> Vec<usize> {
    row.hit
        .highlights
        .iter()
        .filter(|(field, _)| wanted(field))
        .flat_map(|(_, indices)| indices.iter().copied())
        .collect()
}

/// What to show after the name, with its matched letters: the first other
/// field that matched, so that the match is seen, or else the
/// organisation or place.
fn context_of(row: &ResultRow) -> (String, Vec<usize>) {
    let doc = &row.doc;
    let pick = |items: &[String], index: usize| items.get(index).cloned().unwrap_or_default();
    let matched_context = row.hit.highlights.iter().find_map(|(field, indices)| {
        let text = match field {
            _ if indices.is_empty() => return None,
            Field::Organisation(index) => pick(&doc.organisations, *index),
            Field::Role => doc.role.clone(),
            Field::Place => doc.place.clone(),
            Field::Nation => doc.nation.clone(),
            Field::Topic(index) => pick(&doc.topics, *index),
            Field::Email(index) => pick(&doc.emails, *index),
            Field::Network(index) => pick(&doc.network_names, *index),
            // The name and alternative name are shown already.
            _ => return None,
        };
        Some((text, indices.clone()))
    });
    if let Some(found) = matched_context {
        return found;
    }
    let context = match (doc.organisations.first(), doc.place.is_empty()) {
        (Some(organisation), _) => organisation.clone(),
        (None, false) => doc.place.clone(),
        (None, true) => nation_name(&doc.nation),
    };
    (context, Vec::new())
}

/// The one-letter mark of a kind in lists.
pub fn badge(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "P",
        Kind::Organisation => "O",
        Kind::Network => "N",
        _ => "·",
    }
}

/// How a kind is named in the plural, for labels and chips.
pub fn kind_plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "people",
        Kind::Organisation => "organisations",
        Kind::Network => "networks",
        _ => "records",
    }
}

fn nation_name(slug: &str) -> String {
    Nation::parse(slug)
        .map(|nation| nation.name().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Hit, SearchDoc};

    fn row(id: &str) -> ResultRow {
        let doc = SearchDoc::new(id, Kind::Person, id);
        let hit = Hit {
            id: id.into(),
            kind: Kind::Person,
            score: 0,
            highlights: Vec::new(),
        };
        ResultRow { hit, doc }
    }

    #[test]
    fn an_answer_to_an_older_query_is_dropped() {
        let mut finder = Finder::new(0, None);
        let first = finder.request();
        let second = finder.request();
        assert!(!finder.accept(first.generation, vec![row("old")], Duration::ZERO));
        assert!(finder.rows.is_empty() && finder.searching());
        assert!(finder.accept(second.generation, vec![row("new")], Duration::ZERO));
        assert_eq!(finder.selected_id(), Some("new"));
        assert!(!finder.searching());
    }

    #[test]
    fn typing_selects_the_best_match_again() {
        let mut finder = Finder::new(0, None);
        let request = finder.request();
        finder.accept(request.generation, vec![row("a"), row("b")], Duration::ZERO);
        finder.move_by(1, 10);
        finder.query.push('x');
        let request = finder.request();
        finder.accept(request.generation, vec![row("c"), row("b")], Duration::ZERO);
        assert_eq!(finder.selected_id(), Some("c"));
    }

    #[test]
    fn the_selection_stays_on_the_same_record_when_results_change() {
        let mut finder = Finder::new(0, None);
        let request = finder.request();
        finder.accept(request.generation, vec![row("a"), row("b")], Duration::ZERO);
        finder.move_by(1, 10);
        let request = finder.request();
        finder.accept(request.generation, vec![row("c"), row("b")], Duration::ZERO);
        assert_eq!(finder.selected_id(), Some("b"));
    }

    #[test]
    fn the_matched_field_is_shown_after_the_name() {
        let mut result = row("Ada");
        result.doc.organisations = vec!["Engines".into()];
        result.doc.role = "Director".into();
        result.hit.highlights = vec![(Field::Role, vec![0, 1, 2])];
        let line = result_line(&result, Theme::new(false), 40);
        let text: String = line
            .spans
            .iter()
            .map(|span| span.content.as_ref())
            .collect();
        assert_eq!(text, "P Ada  Director");
        let matched = line.spans.iter().find(|span| span.content == "Dir");
        assert_eq!(
            matched.map(|span| span.style),
            Some(Theme::new(false).matched())
        );
    }

    #[test]
    fn tab_goes_through_the_nations_and_back_to_none() {
        let mut finder = Finder::new(0, None);
        let mut seen = Vec::new();
        for _ in 0..5 {
            finder.cycle_nation();
            seen.push(finder.filters.nation.clone());
        }
        let expected = ["england", "scotland", "wales", "northern-ireland"];
        let expected: Vec<Option<String>> = expected
            .iter()
            .map(|slug| Some(slug.to_string()))
            .chain([None])
            .collect();
        assert_eq!(seen, expected);
    }
}
