//! Rows of a drawn timeline: many lanes of one family (fifty ice-cream clients, a thousand
//! gathered tasks) are folded into one row, so a run reads at a glance and its picture does
//! not grow with its size.
//!
//! A family is the lanes whose names differ only in their numbers ("client 11", "client 12").
//! In a run of more than [`GROUP_ABOVE_LANES`] lanes, a family shows its first
//! [`SHOWN_PER_FAMILY`] lanes and one row for the rest ("client 11–50 (40)"), which the person
//! may expand. The rule depends only on names and order, so a live run's rows do not jump
//! about as its tasks change state.

use std::collections::BTreeMap;

use crate::timeline::{merge_spans, Segment, SegmentKind, Timeline};

/// A run with more lanes than this folds its large families.
pub const GROUP_ABOVE_LANES: usize = 24;
/// A folded family still shows this many of its lanes, one per row.
pub const SHOWN_PER_FAMILY: usize = 10;

/// A row of the drawn timeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// One lane, by its index in [`Timeline::lanes`].
    Lane(usize),
    /// The folded part of a family.
    Group(LaneGroup),
}

/// The folded part of a family: the lanes after its first [`SHOWN_PER_FAMILY`].
#[derive(Clone, Debug, PartialEq)]
pub struct LaneGroup {
    /// The family's key ([`family_key`]), which names the group while the run grows.
    pub key: String,
    /// Its lanes' indices, in order.
    pub lanes: Vec<usize>,
    /// What its row says, such as "client 11–50 (40)".
    pub label: String,
    /// Whether the person expanded it: its lanes follow its row, one per row.
    pub expanded: bool,
}

/// A lane's family: its name with every run of digits replaced by `#`.
pub fn family_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut in_number = false;
    for c in name.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                key.push('#');
            }
            in_number = true;
        } else {
            key.push(c);
            in_number = false;
        }
    }
    key
}

/// The rows of `timeline`, with the groups whose keys are in `expanded` opened.
pub fn rows(timeline: &Timeline, expanded: &[String]) -> Vec<Row> {
    let n_lanes = timeline.lanes.len();
    if n_lanes <= GROUP_ABOVE_LANES {
        return (0..n_lanes).map(Row::Lane).collect();
    }
    let keys: Vec<String> = timeline.lanes.iter().map(|lane| family_key(&lane.name)).collect();
    let mut families: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, key) in keys.iter().enumerate() {
        families.entry(key.as_str()).or_default().push(index);
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rows = Vec::new();
    for (index, key) in keys.iter().enumerate() {
        let members = families.get(key.as_str()).map_or(&[][..], Vec::as_slice);
        let rank = seen.entry(key.as_str()).or_default();
        let this_rank = *rank;
        *rank += 1;
        let rank = this_rank;
        // A family folds only when that saves at least two rows.
        if members.len() < SHOWN_PER_FAMILY + 2 || rank < SHOWN_PER_FAMILY {
            rows.push(Row::Lane(index));
        } else if rank == SHOWN_PER_FAMILY {
            let lanes = members[SHOWN_PER_FAMILY..].to_vec();
            let names: Vec<&str> =
                lanes.iter().filter_map(|&lane| timeline.lanes.get(lane)).map(|lane| &*lane.name).collect();
            let is_expanded = expanded.iter().any(|open| open == key);
            rows.push(Row::Group(LaneGroup {
                key: key.clone(),
                label: group_label(&names),
                expanded: is_expanded,
                lanes: lanes.clone(),
            }));
            if is_expanded {
                rows.extend(lanes.into_iter().map(Row::Lane));
            }
        }
    }
    rows
}

/// What a row's name column says: a lane's name, or a group's toggle ([`toggle_text`]).
pub fn row_label(timeline: &Timeline, row: &Row) -> String {
    match row {
        Row::Lane(index) => timeline.lanes.get(*index).map(|lane| lane.name.to_string()).unwrap_or_default(),
        Row::Group(group) => toggle_text(group),
    }
}

/// A group's toggle: whether it is open, and its label.
pub fn toggle_text(group: &LaneGroup) -> String {
    format!("{} {}", if group.expanded { "▾" } else { "▸" }, group.label)
}

/// The room a live drawing of a run needs at its largest, as its lanes start one by one with
/// no family expanded.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RowRoom {
    /// The most rows it has at any moment.
    pub rows: usize,
    /// The longest row label it shows at any moment, in chars.
    pub label_chars: usize,
}

/// The room for `timeline`'s rows at their largest while its lanes start in order: a live
/// drawing that keeps this room from its first frame neither grows nor changes its names'
/// column as the run goes on.
///
/// Up to [`GROUP_ABOVE_LANES`] lanes every lane is a row; past that each family takes at most
/// [`SHOWN_PER_FAMILY`] rows and its group's, which never fall as lanes join, so the most rows
/// are the first lanes' or the finished run's. Every lane ever drawn as a row of its own is
/// among the first [`GROUP_ABOVE_LANES`] or the first [`SHOWN_PER_FAMILY`] + 1 of its family.
pub fn room(timeline: &Timeline) -> RowRoom {
    let final_rows = rows(timeline, &[]);
    // Keyed by `&str`, as `rows` keys its families: a map of another key type is more code.
    let keys: Vec<String> = timeline.lanes.iter().map(|lane| family_key(&lane.name)).collect();
    let mut ranks: BTreeMap<&str, usize> = BTreeMap::new();
    let shown_names = timeline.lanes.iter().zip(&keys).enumerate().filter_map(|(index, (lane, key))| {
        let rank = ranks.entry(key.as_str()).or_default();
        *rank += 1;
        (index < GROUP_ABOVE_LANES || *rank <= SHOWN_PER_FAMILY + 1).then(|| lane.name.chars().count())
    });
    let label_chars = final_rows
        .iter()
        .map(|row| row_label(timeline, row).chars().count())
        .chain(shown_names)
        .max()
        .unwrap_or(0);
    RowRoom { rows: final_rows.len().max(timeline.lanes.len().min(GROUP_ABOVE_LANES)), label_chars }
}

/// A name split into its texts and its numbers.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Text(&'a str),
    Number(u64),
}

fn tokens(name: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let bytes = name.as_bytes();
    while start < bytes.len() {
        let digit = bytes[start].is_ascii_digit();
        let end = (start..bytes.len()).find(|&at| bytes[at].is_ascii_digit() != digit).unwrap_or(bytes.len());
        let part = &name[start..end];
        // A number too long for u64 stays text, so it still shows as written.
        match (digit, part.parse::<u64>()) {
            (true, Ok(number)) => tokens.push(Token::Number(number)),
            _ => tokens.push(Token::Text(part)),
        }
        start = end;
    }
    tokens
}

/// What a group's row says: the names' common shape, the first number that differs given as
/// its range, any later one as "…", and the count: "client 11–50 (40)".
pub fn group_label(names: &[&str]) -> String {
    let count = names.len();
    let Some(first) = names.first() else { return "(none)".to_string() };
    let split: Vec<Vec<Token>> = names.iter().map(|name| tokens(name)).collect();
    let same_shape = split.iter().all(|parts| {
        parts.len() == split[0].len()
            && parts.iter().zip(&split[0]).all(|pair| match pair {
                (Token::Text(a), Token::Text(b)) => a == b,
                (Token::Number(_), Token::Number(_)) => true,
                _ => false,
            })
    });
    if !same_shape {
        return format!("{first} … ({count})");
    }
    let mut label = String::new();
    let mut ranged = false;
    for (position, part) in split[0].iter().enumerate() {
        match part {
            Token::Text(text) => label.push_str(text),
            Token::Number(number) => {
                let numbers = split.iter().filter_map(|parts| match parts.get(position) {
                    Some(Token::Number(number)) => Some(*number),
                    _ => None,
                });
                let (low, high) = numbers.fold((u64::MAX, 0), |(low, high), n| (low.min(n), high.max(n)));
                if low == high {
                    label.push_str(&number.to_string());
                } else if ranged {
                    label.push('…');
                } else {
                    label.push_str(&format!("{low}–{high}"));
                    ranged = true;
                }
            }
        }
    }
    format!("{label} ({count})")
}

/// The order in which a group's kinds are drawn: the thread's own work last, over the rest.
const DRAW_ORDER: [SegmentKind; 5] = [
    SegmentKind::Waiting,
    SegmentKind::Ready,
    SegmentKind::OffThread,
    SegmentKind::Running,
    SegmentKind::Blocked,
];

/// What a group's row draws, the tests' reference for [`MergedRow`]: for each kind, the
/// stretches when at least one of its lanes was in that state, merged, in [`DRAW_ORDER`]. A
/// stretch still open has no end. Stretches at most `join_ms` apart are joined: with a pixel's
/// worth of time, a row draws no more stretches than it has pixels, however long the run's
/// history.
#[cfg(test)]
fn merged_segments(timeline: &Timeline, lanes: &[usize], join_ms: f64) -> Vec<Segment> {
    let mut merged = Vec::new();
    for kind in DRAW_ORDER {
        let spans = lanes
            .iter()
            .filter_map(|&lane| timeline.lanes.get(lane))
            .flat_map(|lane| lane.segments.iter())
            .filter(|segment| segment.kind == kind)
            .map(|segment| (segment.start_ms, segment.end_ms.unwrap_or(f64::INFINITY)))
            .collect();
        merged.extend(merge_spans(spans, join_ms).into_iter().map(|(start_ms, end_ms)| Segment {
            kind,
            start_ms,
            end_ms: end_ms.is_finite().then_some(end_ms),
        }));
    }
    merged
}

/// A group's row kept from one redraw of a live run to the next, so a redraw's cost follows
/// what changed, not the run's history.
///
/// A lane only grows at its end, and only its last segment may still be open, so the closed
/// segments of the group's lanes are taken in once, into an exact union per kind; a redraw adds
/// what closed since the one before, then joins the union at that redraw's `join_ms`. Drawn
/// from another timeline (a new run), it starts again.
#[derive(Clone, Debug, Default)]
pub struct MergedRow {
    /// The group's lanes in order, with what was taken in from each.
    lanes: Vec<TakenLane>,
    /// For each kind in [`DRAW_ORDER`], the union of the closed segments taken in: in order and
    /// apart.
    spans: [Vec<(f64, f64)>; DRAW_ORDER.len()],
    /// For each kind, its union joined at `join_ms`: stretches in order, each with the index in
    /// the union just past its last span, so a change to the union's end joins that end alone.
    joined: [Vec<(f64, f64, usize)>; DRAW_ORDER.len()],
    /// The join `joined` was made with.
    join_ms: f64,
    /// How many spans the last redraw joined (what its cost follows).
    n_joined: usize,
}

impl MergedRow {
    /// What a group's row draws for `lanes` of `timeline`: for each kind in [`DRAW_ORDER`], the
    /// stretches when at least one of its lanes was in that state, merged and joined where at
    /// most `join_ms` apart. A stretch still open has no end.
    pub fn segments(&mut self, timeline: &Timeline, lanes: &[usize], join_ms: f64) -> Vec<Segment> {
        if !self.continues(timeline, lanes) {
            *self = Self::default();
        }
        let mut taken: [Vec<(f64, f64)>; DRAW_ORDER.len()] = Default::default();
        let mut open_from_ms = [f64::INFINITY; DRAW_ORDER.len()];
        for (position, &index) in lanes.iter().enumerate() {
            if position == self.lanes.len() {
                self.lanes.push(TakenLane { index, n_taken: 0, first: None, last: None });
            }
            let Some(lane) = timeline.lanes.get(index) else { continue };
            let entry = &mut self.lanes[position];
            let open = lane.segments.last().filter(|segment| segment.end_ms.is_none());
            let n_closed = lane.segments.len() - usize::from(open.is_some());
            for segment in lane.segments.iter_from(entry.n_taken).take(n_closed.saturating_sub(entry.n_taken))
            {
                if let (Some(kind), Some(end_ms)) = (kind_index(segment.kind), segment.end_ms) {
                    taken[kind].push((segment.start_ms, end_ms));
                }
            }
            if n_closed > entry.n_taken {
                entry.n_taken = n_closed;
                entry.first = lane.segments.first().cloned();
                entry.last = lane.segments.get(n_closed - 1).cloned();
            }
            if let Some((kind, open)) = open.and_then(|open| Some((kind_index(open.kind)?, open))) {
                open_from_ms[kind] = open_from_ms[kind].min(open.start_ms);
            }
        }
        self.n_joined = 0;
        if join_ms != self.join_ms {
            self.joined = Default::default();
            self.join_ms = join_ms;
        }
        let mut drawn = Vec::new();
        for (kind, (((spans, joined), taken), open_from_ms)) in DRAW_ORDER
            .into_iter()
            .zip(self.spans.iter_mut().zip(self.joined.iter_mut()).zip(taken).zip(open_from_ms))
        {
            if let Some(changed_from) = take_in(spans, taken) {
                cut_at(joined, spans, changed_from);
            }
            self.n_joined += join_more(joined, spans, join_ms);
            let open_from_ms = open_from_ms.is_finite().then_some(open_from_ms);
            drawn.extend(with_open(joined, open_from_ms, join_ms).into_iter().map(|(start_ms, end_ms)| {
                Segment { kind, start_ms, end_ms: end_ms.is_finite().then_some(end_ms) }
            }));
        }
        drawn
    }

    /// Whether `lanes` of `timeline` carry on from what was taken in: the same lanes, each
    /// with at least as many segments, the first and the last taken in unchanged.
    fn continues(&self, timeline: &Timeline, lanes: &[usize]) -> bool {
        self.lanes.len() <= lanes.len()
            && self.lanes.iter().zip(lanes).all(|(taken, &index)| {
                taken.index == index
                    && timeline.lanes.get(index).is_some_and(|lane| {
                        lane.segments.len() >= taken.n_taken
                            && (taken.n_taken == 0
                                || (lane.segments.first() == taken.first.as_ref()
                                    && lane.segments.get(taken.n_taken - 1) == taken.last.as_ref()))
                    })
            })
    }
}

/// What a [`MergedRow`] took in from one lane.
#[derive(Clone, Debug)]
struct TakenLane {
    /// The lane's index in [`Timeline::lanes`].
    index: usize,
    /// How many of its segments were taken in.
    n_taken: usize,
    /// Its first segment and the last one taken in, to notice another timeline.
    first: Option<Segment>,
    last: Option<Segment>,
}

/// The place of `kind` in [`DRAW_ORDER`].
fn kind_index(kind: SegmentKind) -> Option<usize> {
    DRAW_ORDER.iter().position(|drawn| *drawn == kind)
}

/// Adds `taken` to the union `spans`. New segments mostly lie at the end, so only the part of
/// the union they reach is merged again.
/// Returns the index in the union from which it changed, if it did.
fn take_in(spans: &mut Vec<(f64, f64)>, taken: Vec<(f64, f64)>) -> Option<usize> {
    let earliest_ms = taken.iter().map(|span| span.0).min_by(f64::total_cmp)?;
    let reached = spans.partition_point(|span| span.1 < earliest_ms);
    let mut tail = spans.split_off(reached);
    tail.extend(taken);
    spans.extend(merge_spans(tail, 0.0));
    Some(reached)
}

/// Cuts the joined stretches back to the spans of the union before `from`, the first that
/// changed. A stretch that reaches past it keeps its spans before it: those are unchanged, so
/// it ends where the last of them ends, however long it was.
fn cut_at(joined: &mut Vec<(f64, f64, usize)>, spans: &[(f64, f64)], from: usize) {
    let kept = joined.partition_point(|stretch| stretch.2 <= from);
    let first_span = kept.checked_sub(1).and_then(|before| joined.get(before)).map_or(0, |stretch| stretch.2);
    let cut = joined.get(kept).map(|stretch| stretch.0);
    joined.truncate(kept);
    let last_kept = from.checked_sub(1).filter(|&last| last >= first_span).and_then(|last| spans.get(last));
    if let (Some(start_ms), Some(&(_, end_ms))) = (cut, last_kept) {
        joined.push((start_ms, end_ms, from));
    }
}

/// Joins the spans of the union not yet in `joined` (those after its last stretch) onto it,
/// where at most `join_ms` apart. Returns how many it joined.
fn join_more(joined: &mut Vec<(f64, f64, usize)>, spans: &[(f64, f64)], join_ms: f64) -> usize {
    let from = joined.last().map_or(0, |stretch| stretch.2);
    for (index, &(start_ms, end_ms)) in spans.iter().enumerate().skip(from) {
        match joined.last_mut() {
            Some(last) if start_ms <= last.1 + join_ms => *last = (last.0, last.1.max(end_ms), index + 1),
            _ => joined.push((start_ms, end_ms, index + 1)),
        }
    }
    spans.len().saturating_sub(from)
}

/// The joined stretches with a stretch from `open_from_ms` on that has no end yet. An open
/// stretch covers every later one, and takes in the one before it where at most `join_ms` apart.
fn with_open(joined: &[(f64, f64, usize)], open_from_ms: Option<f64>, join_ms: f64) -> Vec<(f64, f64)> {
    let before_open =
        open_from_ms.map_or(joined.len(), |from_ms| joined.partition_point(|stretch| stretch.0 < from_ms));
    let mut out: Vec<(f64, f64)> =
        joined[..before_open].iter().map(|&(start_ms, end_ms, _)| (start_ms, end_ms)).collect();
    if let Some(from_ms) = open_from_ms {
        match out.last_mut() {
            Some(last) if from_ms <= last.1 + join_ms => last.1 = f64::INFINITY,
            _ => out.push((from_ms, f64::INFINITY)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::LaneId;

    /// A run whose lanes are `names`, started in order.
    fn run_of(names: &[String]) -> Timeline {
        let mut timeline = Timeline::default();
        for (index, name) in names.iter().enumerate() {
            timeline.add_lane(name, None, index as f64);
        }
        timeline
    }

    /// The room at its largest, found the long way: the rows of every moment as lanes start.
    fn room_by_moments(names: &[String]) -> RowRoom {
        (1..=names.len()).fold(RowRoom::default(), |most, n| {
            let timeline = run_of(&names[..n]);
            let rows = rows(&timeline, &[]);
            let label_chars =
                rows.iter().map(|row| row_label(&timeline, row).chars().count()).max().unwrap_or(0);
            RowRoom { rows: most.rows.max(rows.len()), label_chars: most.label_chars.max(label_chars) }
        })
    }

    #[test]
    fn the_room_is_the_most_rows_and_the_longest_label_of_any_moment_of_the_run() {
        let numbered = |prefix: &str, n: usize| (1..=n).map(|i| format!("{prefix} {i}")).collect::<Vec<_>>();
        let runs: Vec<Vec<String>> = vec![
            vec![],
            ["main".to_string(), "counter".to_string()].into_iter().chain(numbered("request", 12)).collect(),
            // Grows to 24 rows, then folds to 13 as its 25th lane starts.
            ["main".to_string(), "counter".to_string()].into_iter().chain(numbered("request", 30)).collect(),
            ["main".to_string()]
                .into_iter()
                .chain(numbered("client", 200))
                .chain(numbered("worker", 8))
                .collect(),
            // Families that interleave, one of them small, and a long name late in the run.
            (1..=40)
                .map(|i| match i % 3 {
                    0 => format!("fetch {i}"),
                    1 => format!("parse {i}"),
                    _ if i == 38 => "a task with a much longer name than the rest".to_string(),
                    _ => format!("log {i}"),
                })
                .collect(),
        ];
        for names in runs {
            assert_eq!(room(&run_of(&names)), room_by_moments(&names), "{} lanes", names.len());
        }
        // The growing run's room is its 24 rows, not the 13 it ends with.
        let names: Vec<String> =
            ["main".to_string(), "counter".to_string()].into_iter().chain(numbered("request", 30)).collect();
        assert_eq!(rows(&run_of(&names), &[]).len(), 13);
        assert_eq!(room(&run_of(&names)).rows, 24);
    }

    fn timeline_of(names: &[&str]) -> Timeline {
        let mut timeline = Timeline::default();
        for name in names {
            timeline.add_lane(name, None, 0.0);
        }
        timeline
    }

    fn clients(n: usize) -> Vec<String> {
        std::iter::once("main".to_string()).chain((1..=n).map(|i| format!("client {i}"))).collect()
    }

    #[test]
    fn a_small_run_keeps_a_row_per_lane() {
        let names = clients(GROUP_ABOVE_LANES - 1);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let rows = rows(&timeline_of(&names), &[]);
        assert_eq!(rows, (0..GROUP_ABOVE_LANES).map(Row::Lane).collect::<Vec<_>>());
    }

    #[test]
    fn fifty_clients_show_ten_and_fold_the_rest() {
        let names = clients(50);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let timeline = timeline_of(&names);
        let folded = rows(&timeline, &[]);
        assert_eq!(folded.len(), 1 + SHOWN_PER_FAMILY + 1);
        let Some(Row::Group(group)) = folded.last() else { panic!("no group: {folded:?}") };
        assert_eq!(group.label, "client 11–50 (40)");
        assert_eq!(group.lanes, (11..=50).collect::<Vec<_>>());
        assert!(!group.expanded);
        let opened = rows(&timeline, std::slice::from_ref(&group.key));
        assert_eq!(opened.len(), folded.len() + 40);
        assert!(matches!(&opened[11], Row::Group(group) if group.expanded));
        assert_eq!(opened[12], Row::Lane(11));
    }

    #[test]
    fn interleaved_families_fold_each_at_its_own_place() {
        // Pokemon's to_thread: each request starts a thread.
        let mut names = vec!["main".to_string(), "counter".to_string()];
        for i in 1..=20 {
            names.push(format!("request {i}: #{}", 100 + 7 * i));
            names.push(format!("thread: blocking call of {} ms", 50 + i));
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let rows = rows(&timeline_of(&names), &[]);
        let groups: Vec<&LaneGroup> = rows
            .iter()
            .filter_map(|row| if let Row::Group(group) = row { Some(group) } else { None })
            .collect();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].label, "request 11–20: #… (10)");
        assert_eq!(groups[1].label, "thread: blocking call of 61–70 ms (10)");
        // Main, counter, ten of each family, and two groups.
        assert_eq!(rows.len(), 2 + 20 + 2);
        // The groups come where their first lanes were, the requests' first.
        assert!(matches!(rows[22], Row::Group(ref group) if group.key == "request #: ##"));
    }

    #[test]
    fn a_family_one_lane_too_big_is_not_folded() {
        let mut names = clients(SHOWN_PER_FAMILY + 1);
        names.extend((1..=20).map(|i| format!("worker {i}-{i}")));
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let rows = rows(&timeline_of(&names), &[]);
        // Eleven clients are all shown; twenty workers fold their last ten.
        assert_eq!(rows.len(), 1 + 11 + 10 + 1);
        assert!(matches!(rows.last(), Some(Row::Group(group)) if group.label == "worker 11–20-… (10)"));
    }

    #[test]
    fn labels_of_names_that_differ_otherwise_say_so() {
        assert_eq!(group_label(&["Task-3", "Task-9", "Task-4"]), "Task-3–9 (3)");
        assert_eq!(group_label(&["fetch", "fetch"]), "fetch (2)");
        assert_eq!(group_label(&["a 1", "b 2"]), "a 1 … (2)");
        assert_eq!(group_label(&["x 1", "x 1 y"]), "x 1 … (2)");
        assert_eq!(group_label(&[]), "(none)");
        // A number too long to read stays as written.
        assert_eq!(family_key("n 123456789012345678901234567890"), "n #");
        assert_eq!(
            group_label(&["n 123456789012345678901234567890", "n 123456789012345678901234567890"]),
            "n 123456789012345678901234567890 (2)"
        );
    }

    #[test]
    fn a_group_draws_the_union_of_its_lanes_states() {
        let mut timeline = timeline_of(&["a 1", "a 2", "a 3"]);
        let spans = [
            (0, SegmentKind::Ready, 0.0, Some(10.0)),
            (0, SegmentKind::Blocked, 10.0, Some(20.0)),
            (1, SegmentKind::Ready, 5.0, Some(20.0)),
            (1, SegmentKind::Blocked, 20.0, Some(30.0)),
            (2, SegmentKind::Ready, 40.0, None),
        ];
        for (lane, kind, start_ms, end_ms) in spans {
            timeline.lanes[lane].segments.push(Segment { kind, start_ms, end_ms });
        }
        let merged = merged_segments(&timeline, &[0, 1, 2], 0.0);
        let seen: Vec<(SegmentKind, f64, Option<f64>)> =
            merged.iter().map(|segment| (segment.kind, segment.start_ms, segment.end_ms)).collect();
        assert_eq!(
            seen,
            vec![
                (SegmentKind::Ready, 0.0, Some(20.0)),
                (SegmentKind::Ready, 40.0, None),
                (SegmentKind::Blocked, 10.0, Some(30.0)),
            ]
        );
        assert!(merged_segments(&timeline, &[], 0.0).is_empty());
    }

    #[test]
    fn stretches_closer_than_the_join_become_one_so_a_row_draws_at_most_one_per_pixel() {
        let n_lanes = 100;
        let names: Vec<String> = (0..n_lanes).map(|index| format!("task {index}")).collect();
        let mut timeline = timeline_of(&names.iter().map(String::as_str).collect::<Vec<_>>());
        // Each lane runs for 0.1 ms every 10 ms over a second, at a phase of its own.
        for (index, lane) in timeline.lanes.iter_mut().enumerate() {
            for step in 0..100 {
                let start_ms = f64::from(step) * 10.0 + index as f64 * 0.1;
                lane.segments.push(Segment {
                    kind: SegmentKind::Running,
                    start_ms,
                    end_ms: Some(start_ms + 0.05),
                });
            }
        }
        let exact = merged_segments(&timeline, &(0..n_lanes).collect::<Vec<_>>(), 0.0);
        assert_eq!(exact.len(), 10_000, "no two runs touch");
        // A 500 px row over the second: 2 ms a pixel.
        let drawn = merged_segments(&timeline, &(0..n_lanes).collect::<Vec<_>>(), 2.0);
        assert!(drawn.len() <= 500, "{} stretches for 500 pixels", drawn.len());
        assert_eq!(drawn.first().map(|segment| segment.start_ms), Some(0.0));
        assert!(drawn.last().and_then(|segment| segment.end_ms).is_some_and(|end_ms| end_ms > 999.0));
    }
    /// A timeline of `n_lanes` tasks that grows step by step, as a live run's does.
    fn grow(timeline: &mut Timeline, step: u32) {
        let kinds = [SegmentKind::Waiting, SegmentKind::Running, SegmentKind::Ready, SegmentKind::OffThread];
        let at_ms = f64::from(step) * 1.5;
        for (index, lane) in timeline.lanes.iter_mut().enumerate() {
            let phase = (step as usize + index * 7) % 11;
            if phase == 0 {
                if let Some(open) = lane.segments.last_mut().filter(|segment| segment.end_ms.is_none()) {
                    open.end_ms = Some(at_ms);
                }
            } else if phase == 3 {
                lane.segments.push(Segment {
                    kind: kinds[index % kinds.len()],
                    start_ms: at_ms,
                    end_ms: None,
                });
            } else if phase == 5 && lane.segments.last().is_none_or(|segment| segment.end_ms.is_some()) {
                let kind = kinds[(index + step as usize) % kinds.len()];
                lane.segments.push(Segment {
                    kind,
                    start_ms: at_ms,
                    end_ms: Some(at_ms + 0.4 * index as f64),
                });
            }
        }
    }

    #[test]
    fn a_row_kept_from_redraw_to_redraw_draws_what_a_fresh_merge_draws() {
        let names: Vec<String> = (0..30).map(|index| format!("task {index}")).collect();
        let mut timeline = timeline_of(&names.iter().map(String::as_str).collect::<Vec<_>>());
        let mut row = MergedRow::default();
        for step in 0..400 {
            grow(&mut timeline, step);
            // The group gains lanes as the run starts tasks, and the scale changes now and then
            // (the row keeps its joined stretches while it stays).
            let lanes: Vec<usize> = (0..(10 + step as usize / 20).min(30)).collect();
            let join_ms = [0.0, 0.7, 3.0][step as usize / 30 % 3];
            assert_eq!(
                row.segments(&timeline, &lanes, join_ms),
                merged_segments(&timeline, &lanes, join_ms),
                "step {step}"
            );
        }
        let n_taken: usize = row.lanes.iter().map(|taken| taken.n_taken).sum();
        assert!(n_taken > 500, "the row took in {n_taken} segments");
    }

    #[test]
    fn a_redraw_joins_what_changed_not_the_history_of_one_long_stretch() {
        // 50 lanes are ready for 0.01 ms in turn, 0.1 ms apart: at a join of 2 ms their union
        // of 10,000 spans is one stretch. Half the spans are closed (seen by a redraw) five
        // steps late, so a redraw's new spans land before the union's last ones, not after
        // (merely truncating the stretch they reach fails this at step 11).
        let names: Vec<String> = (0..50).map(|index| format!("task {index}")).collect();
        let mut timeline = timeline_of(&names.iter().map(String::as_str).collect::<Vec<_>>());
        let lanes: Vec<usize> = (0..50).collect();
        let mut row = MergedRow::default();
        let mut closing: Vec<(u32, LaneId, f64)> = Vec::new();
        for step in 0..10_000_u32 {
            let start_ms = f64::from(step) * 0.1;
            let lane = LaneId(step % 50);
            timeline.open_segment(lane, SegmentKind::Ready, start_ms);
            closing.push((step + if step % 2 == 0 { 1 } else { 6 }, lane, start_ms + 0.01));
            for &(_, lane, end_ms) in closing.iter().filter(|(due, _, _)| *due == step) {
                timeline.close_segment(lane, end_ms);
            }
            closing.retain(|(due, _, _)| *due > step);
            if step % 4 == 3 {
                let drawn = row.segments(&timeline, &lanes, 2.0);
                assert_eq!(drawn.len(), 1, "step {step}");
                assert!(row.n_joined <= 8, "step {step}: the redraw joined {} spans", row.n_joined);
            }
        }
        assert_eq!(row.segments(&timeline, &lanes, 2.0), merged_segments(&timeline, &lanes, 2.0));
    }

    #[test]
    fn a_row_drawn_from_another_timeline_starts_again() {
        let names: Vec<String> = (0..5).map(|index| format!("task {index}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let (mut first, mut second) = (timeline_of(&names), timeline_of(&names));
        for step in 0..100 {
            grow(&mut first, step);
            grow(&mut second, step + 1);
        }
        let lanes: Vec<usize> = (0..5).collect();
        let mut row = MergedRow::default();
        assert_eq!(row.segments(&first, &lanes, 0.0), merged_segments(&first, &lanes, 0.0));
        assert_ne!(merged_segments(&first, &lanes, 0.0), merged_segments(&second, &lanes, 0.0));
        assert_eq!(row.segments(&second, &lanes, 0.0), merged_segments(&second, &lanes, 0.0));
        // Fewer lanes, as when a group's row is reused for a smaller run.
        assert_eq!(row.segments(&second, &lanes[..2], 0.0), merged_segments(&second, &lanes[..2], 0.0));
    }
}
