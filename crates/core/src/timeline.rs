//! The record of a run: one lane per task, segments of activity, and events.

use std::rc::Rc;

use crate::decimal::Dec;
use crate::shared_log::SharedLog;

/// Index of a lane in [`Timeline::lanes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LaneId(pub u32);

/// What a task was doing during a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    /// Computing on the main thread.
    Running,
    /// Awaiting a timer or I/O; the thread is free for others.
    Waiting,
    /// Ready to run (its timer has fired, or it was just created) but waiting for the thread,
    /// which another task holds: the event loop's queue.
    Ready,
    /// Busy-waiting: holding the main thread so nothing else runs.
    Blocked,
    /// Working in a worker thread while the main thread is free.
    OffThread,
}

impl SegmentKind {
    /// Every kind, in the order legends show them.
    pub const ALL: [SegmentKind; 5] = [
        SegmentKind::Running,
        SegmentKind::Waiting,
        SegmentKind::Ready,
        SegmentKind::Blocked,
        SegmentKind::OffThread,
    ];

    /// The short name the page and the tests use (`data-kind`).
    pub fn key(self) -> &'static str {
        match self {
            SegmentKind::Running => "running",
            SegmentKind::Waiting => "waiting",
            SegmentKind::Ready => "ready",
            SegmentKind::Blocked => "blocked",
            SegmentKind::OffThread => "offthread",
        }
    }

    /// What the kind means, as the legends of the page and of exported pictures say it.
    pub fn meaning(self) -> &'static str {
        match self {
            SegmentKind::Running => "running (computing on the main thread)",
            SegmentKind::Waiting => "waiting (awaiting; the thread is free)",
            SegmentKind::Ready => "ready (its wait is over; queued for the busy thread)",
            SegmentKind::Blocked => "blocked (holding the main thread)",
            SegmentKind::OffThread => "off-thread (in a worker)",
        }
    }
}

/// A stretch of one activity on a lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// What the task did.
    pub kind: SegmentKind,
    /// When it began, in ms since the run began.
    pub start_ms: f64,
    /// When it ended; `None` while it goes on.
    pub end_ms: Option<f64>,
}

impl Segment {
    /// How long it has lasted, in ms: zero while it goes on (it is drawn to "now").
    pub fn duration_ms(&self) -> f64 {
        self.end_ms.unwrap_or(self.start_ms) - self.start_ms
    }
}

/// `spans` (start, end in ms) in order of start, joined where they overlap or lie at most
/// `join_ms` apart.
pub fn merge_spans(mut spans: Vec<(f64, f64)>, join_ms: f64) -> Vec<(f64, f64)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::with_capacity(spans.len());
    for (start_ms, end_ms) in spans {
        match merged.last_mut() {
            Some(last) if start_ms <= last.1 + join_ms => last.1 = last.1.max(end_ms),
            _ => merged.push((start_ms, end_ms)),
        }
    }
    merged
}

/// One task's life.
#[derive(Clone, Debug)]
pub struct Lane {
    /// This lane's id.
    pub id: LaneId,
    /// The task's name, as the scenario gave it; shared between copies.
    pub name: Rc<str>,
    /// The lane of the task that started this one.
    pub parent: Option<LaneId>,
    /// When the task was started, in ms.
    pub spawned_ms: f64,
    /// When it finished or was cancelled; `None` while it runs.
    pub ended_ms: Option<f64>,
    /// Its activity, in order: each segment starts when or after the one before it ends.
    /// Shared: a live run's timeline is copied for each redraw, and a copy then costs two
    /// counts, not the lane's history (see [`SharedLog`]).
    pub segments: SharedLog<Segment>,
}

impl PartialEq for Lane {
    /// Equal lanes: two copies that still share their segments are equal at once, whatever
    /// their history.
    fn eq(&self, other: &Self) -> bool {
        (self.id, &self.name, self.parent, self.spawned_ms, self.ended_ms)
            == (other.id, &other.name, other.parent, other.spawned_ms, other.ended_ms)
            && self.segments == other.segments
    }
}

/// Something that happened at an instant.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// A line of output.
    Print {
        /// The printed text, shared: a live run's timeline is copied for each redraw, and a
        /// copy of a line then costs no allocation.
        text: Rc<str>,
    },
    /// The task was cancelled.
    Cancel,
    /// An await with a time limit gave up.
    Timeout {
        /// The limit that expired, in ms.
        limit_ms: f64,
    },
    /// A move in a game of chess, in UCI notation.
    Move {
        /// The move, e.g. `e2e4`.
        uci: String,
        /// Whether the grandmaster played it (else her opponent did).
        by_grandmaster: bool,
    },
    /// A Pokemon's name was fetched, or failed to be.
    Fetched {
        /// The national dex number asked for.
        id: u32,
        /// The name, or what went wrong.
        result: Result<String, String>,
    },
    /// A request was served.
    Served {
        /// From the request being sent to its answer, in ms.
        latency_ms: f64,
    },
    /// The task finished.
    Done {
        /// Its result, described for people.
        result: String,
    },
}

/// An event on a lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The lane it happened on.
    pub lane: LaneId,
    /// When, in ms since the run began.
    pub at_ms: f64,
    /// What happened.
    pub kind: EventKind,
}

/// The whole record of a run; what the page draws and the tests assert on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// One lane per task, in the order they were started.
    pub lanes: Vec<Lane>,
    /// Every event, in the order it was recorded; shared between copies (see [`SharedLog`]).
    /// Changed only through [`Timeline::add_event`] and [`Timeline::edit_events`], which keep
    /// `latest_event_ms` with it.
    events: SharedLog<Event>,
    /// Breaks (start, end in ms) between two stretches of the run's work on the main thread
    /// in which the event loop had no turn: one task handed over to the next through the
    /// microtask queue, so no frame could be drawn in them (see `fidelity::longest_hold_ms`).
    pub held_breaks: SharedLog<(f64, f64)>,
    /// The latest instant of any event, in ms (0 with none), kept by [`Timeline::add_event`]
    /// and [`Timeline::edit_events`]: events from workers may arrive after later ones, and a
    /// live view asks at every frame.
    latest_event_ms: f64,
}

/// A printed line with its time and task, as the output console shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintedLine<'a> {
    /// When it was printed, in ms.
    pub at_ms: f64,
    /// The name of the task that printed it.
    pub task: &'a str,
    /// The text.
    pub text: &'a str,
    /// Its place in [`Timeline::events`]: a key that stays with the line as more are printed.
    pub event: usize,
}

impl Timeline {
    /// Adds a lane for a task started at `at_ms`.
    pub fn add_lane(&mut self, name: &str, parent: Option<LaneId>, at_ms: f64) -> LaneId {
        let id = LaneId(self.lanes.len() as u32);
        self.lanes.push(Lane {
            id,
            name: name.into(),
            parent,
            spawned_ms: at_ms,
            ended_ms: None,
            segments: SharedLog::new(),
        });
        id
    }

    /// The lane with `id`.
    pub fn lane(&self, id: LaneId) -> Option<&Lane> {
        self.lanes.get(id.0 as usize)
    }

    /// The first lane called `name`.
    pub fn lane_named(&self, name: &str) -> Option<&Lane> {
        self.lanes.iter().find(|lane| *lane.name == *name)
    }

    /// Opens a segment of `kind` on `lane` at `at_ms`, closing any segment still open there.
    pub fn open_segment(&mut self, lane: LaneId, kind: SegmentKind, at_ms: f64) {
        self.close_segment(lane, at_ms);
        if let Some(lane) = self.lanes.get_mut(lane.0 as usize) {
            lane.segments.push(Segment { kind, start_ms: at_ms, end_ms: None });
        }
    }

    /// Closes the open segment on `lane`, if there is one.
    pub fn close_segment(&mut self, lane: LaneId, at_ms: f64) {
        let Some(lane) = self.lanes.get_mut(lane.0 as usize) else { return };
        // Only a lane with an open segment is changed (and, if shared, copied).
        if lane.segments.last().is_some_and(|segment| segment.end_ms.is_none()) {
            if let Some(segment) = lane.segments.last_mut() {
                segment.end_ms = Some(at_ms.max(segment.start_ms));
            }
        }
    }

    /// Records a closed segment from `start_ms` to `end_ms`.
    pub fn add_segment(&mut self, lane: LaneId, kind: SegmentKind, start_ms: f64, end_ms: f64) {
        self.close_segment(lane, start_ms);
        if let Some(lane) = self.lanes.get_mut(lane.0 as usize) {
            lane.segments.push(Segment { kind, start_ms, end_ms: Some(end_ms.max(start_ms)) });
        }
    }

    /// Records a break in the run's work in which the event loop had no turn.
    pub fn add_held_break(&mut self, start_ms: f64, end_ms: f64) {
        self.held_breaks.push((start_ms, end_ms.max(start_ms)));
    }

    /// Every event, in the order it was recorded.
    pub fn events(&self) -> &SharedLog<Event> {
        &self.events
    }

    /// Changes the events at once (this costs them all): `change` gets them as a `Vec`.
    pub fn edit_events<R>(&mut self, change: impl FnOnce(&mut Vec<Event>) -> R) -> R {
        let result = self.events.edit(change);
        self.latest_event_ms = self.events.iter().map(|event| event.at_ms).fold(0.0, f64::max);
        result
    }

    /// Records an event.
    pub fn add_event(&mut self, lane: LaneId, at_ms: f64, kind: EventKind) {
        self.latest_event_ms = self.latest_event_ms.max(at_ms);
        self.events.push(Event { lane, at_ms, kind });
    }

    /// Marks `lane` as ended at `at_ms`, closing its open segment.
    pub fn end_lane(&mut self, lane: LaneId, at_ms: f64) {
        self.close_segment(lane, at_ms);
        if let Some(lane) = self.lanes.get_mut(lane.0 as usize) {
            lane.ended_ms.get_or_insert(at_ms);
        }
    }

    /// Whether `lane` has ended.
    pub fn has_ended(&self, lane: LaneId) -> bool {
        self.lane(lane).is_some_and(|lane| lane.ended_ms.is_some())
    }

    /// The printed lines, in order, with the name of the task that printed each.
    pub fn printed(&self) -> Vec<PrintedLine<'_>> {
        self.events.iter().enumerate().filter_map(|(index, event)| self.printed_line(index, event)).collect()
    }

    /// `event`, the `index`th, as a printed line, if it is a print.
    fn printed_line<'a>(&'a self, index: usize, event: &'a Event) -> Option<PrintedLine<'a>> {
        let EventKind::Print { text } = &event.kind else { return None };
        let task = self.lane(event.lane).map_or("?", |lane| &*lane.name);
        Some(PrintedLine { at_ms: event.at_ms, task, text, event: index })
    }

    /// The last `max_lines` printed lines, in order, and whether any came before them. It reads
    /// back from the newest event until it has them and one more (a live view asks at every
    /// frame): where prints are common that is a few events, but a run that printed at most
    /// `max_lines` lines is read back to its start.
    pub fn printed_tail(&self, max_lines: usize) -> (Vec<PrintedLine<'_>>, bool) {
        let mut prints =
            self.events.iter().enumerate().rev().filter_map(|(index, event)| self.printed_line(index, event));
        let mut tail: Vec<PrintedLine<'_>> = prints.by_ref().take(max_lines).collect();
        let more_before = prints.next().is_some();
        tail.reverse();
        (tail, more_before)
    }

    /// The printed texts alone, in order.
    pub fn printed_texts(&self) -> Vec<&str> {
        self.printed().into_iter().map(|line| line.text).collect()
    }

    /// The latest instant anything in the timeline reaches, in ms.
    ///
    /// A lane's segments are in order, so its last one reaches furthest: the cost follows the
    /// lanes, not the segments or the events (a live view asks at every frame).
    pub fn end_ms(&self) -> f64 {
        let lanes = self.lanes.iter().flat_map(|lane| {
            let last = lane.segments.last().map(|segment| segment.end_ms.unwrap_or(segment.start_ms));
            [last, Some(lane.spawned_ms), lane.ended_ms].into_iter().flatten()
        });
        lanes.fold(self.latest_event_ms, f64::max)
    }

    /// Time the run held the main thread, in ms: every lane's computing and busy-waiting (they
    /// never overlap, as there is one main thread).
    pub fn main_thread_ms(&self) -> f64 {
        self.total_time_in(SegmentKind::Running) + self.total_time_in(SegmentKind::Blocked)
    }

    /// Total time of segments of `kind` on every lane, in ms.
    pub fn total_time_in(&self, kind: SegmentKind) -> f64 {
        self.lanes
            .iter()
            .flat_map(|lane| lane.segments.iter())
            .filter(|s| s.kind == kind)
            .map(Segment::duration_ms)
            .sum()
    }

    /// Total time of segments of `kind` on the lane called `name`.
    pub fn time_in(&self, name: &str, kind: SegmentKind) -> f64 {
        self.lane_named(name).map_or(0.0, |lane| {
            lane.segments.iter().filter(|s| s.kind == kind).map(Segment::duration_ms).sum()
        })
    }
}

/// The largest power of ten not above `value`; 1 when `value` is not a positive number. A
/// loop rather than `powf(log10)`, which would ship two math routines for this one use.
fn power_of_ten_at_most(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let mut magnitude = 1.0;
    while magnitude * 10.0 <= value {
        magnitude *= 10.0;
    }
    while magnitude > value {
        magnitude /= 10.0;
    }
    magnitude
}

/// Tick positions for an axis `span_ms` long, in ms: 0, then a round step (1, 2 or 5 times a
/// power of ten), at most nine ticks.
pub fn axis_ticks_ms(span_ms: f64) -> Vec<f64> {
    let raw_step = span_ms / 6.0;
    let magnitude = power_of_ten_at_most(raw_step);
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .find(|step| span_ms / step <= 8.0)
        .unwrap_or(10.0 * magnitude);
    (0..=((span_ms / step).floor() as usize)).map(|i| i as f64 * step).collect()
}

/// A time axis that ends on a round tick, so its far end is labelled, with every label in one
/// unit: seconds from 2 s on, ms below.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeAxis {
    /// The time at the axis's far end, in ms: a whole number of tick steps.
    pub end_ms: f64,
    /// Where the ticks are, in ms, from 0 to `end_ms`.
    pub ticks_ms: Vec<f64>,
    in_seconds: bool,
}

impl TimeAxis {
    /// The shortest such axis that covers `span_ms` (at least 1 ms).
    pub fn covering(span_ms: f64) -> Self {
        let span_ms = if span_ms.is_finite() { span_ms.max(1.0) } else { 1.0 };
        let round_ticks = axis_ticks_ms(span_ms);
        let step_ms = match round_ticks.as_slice() {
            [first, second, ..] => second - first,
            _ => span_ms,
        };
        let n_steps = (span_ms / step_ms - 1e-9).ceil().max(1.0) as usize;
        let ticks_ms: Vec<f64> = (0..=n_steps).map(|i| i as f64 * step_ms).collect();
        let end_ms = n_steps as f64 * step_ms;
        Self { end_ms, ticks_ms, in_seconds: end_ms >= 2000.0 }
    }

    /// Where `ms` falls along the axis, from 0 to 1; times outside it stay at its ends.
    pub fn share(&self, ms: f64) -> f64 {
        if ms.is_finite() {
            (ms / self.end_ms).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// A tick's label, in the axis's one unit.
    pub fn label(&self, tick_ms: f64) -> String {
        if self.in_seconds {
            format!("{} s", Dec(tick_ms / 1000.0))
        } else {
            format!("{} ms", Dec(tick_ms))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_the_latest_event_even_when_a_later_one_arrived_first() {
        let mut timeline = Timeline::default();
        assert_eq!(timeline.end_ms(), 0.0);
        let main = timeline.add_lane("main", None, 0.0);
        timeline.add_segment(main, SegmentKind::Running, 0.0, 5.0);
        // A worker's line may be recorded after the main thread's later ones.
        timeline.add_event(main, 40.0, EventKind::Cancel);
        timeline.add_event(main, 12.0, EventKind::Cancel);
        assert_eq!(timeline.end_ms(), 40.0);
        timeline.add_segment(main, SegmentKind::Waiting, 5.0, 55.0);
        assert_eq!(timeline.end_ms(), 55.0, "a segment past every event");
        assert_eq!(timeline.clone(), timeline, "copies compare equal");
    }

    #[test]
    fn events_cut_back_end_the_timeline_at_the_latest_left() {
        let mut timeline = Timeline::default();
        let main = timeline.add_lane("main", None, 0.0);
        timeline.add_segment(main, SegmentKind::Running, 0.0, 5.0);
        timeline.add_event(main, 40.0, EventKind::Cancel);
        timeline.add_event(main, 12.0, EventKind::Cancel);
        // The cursor's view of the run cuts its events back to a moment.
        timeline.edit_events(|events| events.retain(|event| event.at_ms <= 20.0));
        assert_eq!(timeline.end_ms(), 12.0);
        timeline.edit_events(Vec::clear);
        assert_eq!(timeline.end_ms(), 5.0);
    }
}

#[cfg(test)]
mod axis_tests {
    use super::*;

    #[test]
    fn an_axis_ends_on_a_tick_past_the_span_and_labels_in_one_unit() {
        for span_ms in [0.0, 0.5, 7.0, 90.0, 333.0, 1999.0, 2000.0, 4500.0, 11_100.0, 123_456.0, f64::NAN] {
            let axis = TimeAxis::covering(span_ms);
            let covered = if span_ms.is_finite() { span_ms.max(1.0) } else { 1.0 };
            assert!(axis.end_ms >= covered, "{span_ms}: ends at {}", axis.end_ms);
            assert_eq!(axis.ticks_ms.last(), Some(&axis.end_ms), "{span_ms}: {axis:?}");
            assert!((2..=10).contains(&axis.ticks_ms.len()), "{span_ms}: {axis:?}");
            let units: Vec<bool> =
                axis.ticks_ms.iter().map(|tick_ms| axis.label(*tick_ms).ends_with(" s")).collect();
            assert!(units.iter().all(|unit| *unit == units[0]), "{span_ms}: {units:?}");
        }
        let axis = TimeAxis::covering(11_100.0);
        assert_eq!(axis.label(axis.end_ms), "12 s");
        assert_eq!(axis.label(1000.0), "1 s");
        assert_eq!(TimeAxis::covering(450.0).label(100.0), "100 ms");
        assert_eq!(axis.share(6000.0), 0.5);
        assert_eq!(axis.share(-5.0), 0.0);
        assert_eq!(axis.share(f64::INFINITY), 0.0);
    }

    #[test]
    fn ticks_fall_on_round_steps_and_cover_the_span() {
        assert_eq!(axis_ticks_ms(1000.0), vec![0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]);
        assert_eq!(axis_ticks_ms(2500.0), vec![0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0]);
        assert_eq!(axis_ticks_ms(90.0), vec![0.0, 20.0, 40.0, 60.0, 80.0]);
        for span_ms in [0.5, 7.0, 333.0, 10_000.0, 123_456.0] {
            let ticks = axis_ticks_ms(span_ms);
            assert!((2..=9).contains(&ticks.len()), "{span_ms}: {ticks:?}");
            assert!(
                ticks.last().is_some_and(|&last| last <= span_ms && last > span_ms / 2.0),
                "{span_ms}: {ticks:?}"
            );
        }
        assert_eq!(axis_ticks_ms(0.0), vec![0.0]);
        assert_eq!(power_of_ten_at_most(0.05), 0.01);
        assert_eq!(power_of_ten_at_most(f64::NAN), 1.0);
    }
}
