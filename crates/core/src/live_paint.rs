//! What a live run's canvas draws next.
//!
//! A live timeline is drawn on a canvas that keeps its pixels from frame to frame. For each
//! new snapshot of the run, [`LivePainter::paint`] finds the part of each row that changed
//! since the one before and says what to draw there, clipped to it: a row's history is drawn
//! once, and a frame costs what changed, not what the run has done so far. Within a region the
//! shapes come in the order a whole drawing would give them, so the canvas always looks as if
//! the whole timeline had been drawn again (the tests hold it to that).

use crate::lane_groups::{LaneGroup, MergedRow, Row};
use crate::timeline::{Event, EventKind, Lane, Segment, Timeline};
use crate::timeline_layout::{on_thread, Scale};

/// How far a mark reaches either side of its moment, in px: a changed region starts this far
/// before its first change, so a mark there is drawn again whole.
pub const MARK_REACH_PX: f64 = 8.0;

/// A mark on a lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MarkKind {
    /// A printed line: a small dot at the lane's top.
    Print,
    /// The task finished: a dot on the lane.
    Done,
    /// The task was cancelled: "×".
    Cancel,
    /// An await gave up: "◆".
    Timeout,
    /// A request failed: "!".
    Failed,
}

impl MarkKind {
    /// The mark an event gets in a lane's row, if any.
    pub fn of_lane_event(kind: &EventKind) -> Option<Self> {
        match kind {
            EventKind::Print { .. } => Some(Self::Print),
            EventKind::Done { .. } => Some(Self::Done),
            _ => Self::of_group_event(kind),
        }
    }

    /// The mark an event gets in a folded group's row: only what matters for one task alone.
    pub fn of_group_event(kind: &EventKind) -> Option<Self> {
        match kind {
            EventKind::Cancel => Some(Self::Cancel),
            EventKind::Timeout { .. } => Some(Self::Timeout),
            EventKind::Fetched { result: Err(_), .. } => Some(Self::Failed),
            _ => None,
        }
    }

    /// Where the mark sits, for a lane whose top is `lane_y`: its centre (dots) or the
    /// baseline of its glyph, which is centred on `x`.
    pub fn anchor_y(self, lane_y: f64, lane_height: f64) -> f64 {
        let cy = lane_y + lane_height / 2.0;
        match self {
            Self::Print => lane_y + 3.0,
            Self::Done => cy,
            Self::Cancel | Self::Timeout | Self::Failed => cy + 5.0,
        }
    }
}

/// Something to draw, in the picture's units.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A task's life, a dashed line from its start.
    Life { x_from: f64, x_to: f64, y: f64 },
    /// A segment.
    Bar { kind: crate::timeline::SegmentKind, x: f64, y: f64, width: f64, height: f64 },
    /// A mark at `x`, `y` ([`MarkKind::anchor_y`]).
    Mark { kind: MarkKind, x: f64, y: f64 },
}

/// A part of the canvas to clear and draw again: everything drawn there is in `shapes`, in
/// order, and is to be clipped to the region.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
}

/// One frame's drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paint {
    /// Whether the whole canvas is cleared first: the layout changed, or the run is another.
    pub clear_all: bool,
    pub regions: Vec<Region>,
}

/// A row's place in the layout: a new layout is drawn again whole.
#[derive(Clone, Debug, PartialEq)]
enum RowKey {
    Lane(usize),
    Group { key: String, expanded: bool },
}

impl RowKey {
    fn of(row: &Row) -> Self {
        match row {
            Row::Lane(index) => Self::Lane(*index),
            Row::Group(group) => Self::Group { key: group.key.clone(), expanded: group.expanded },
        }
    }
}

/// What was drawn of a row.
#[derive(Debug)]
enum Drawn {
    Lane {
        /// Its closed segments drawn, all of them final.
        n_closed: usize,
        /// Its open segment's start, and the moment it was drawn up to.
        open: Option<(f64, f64)>,
        /// The moment its life line was drawn up to.
        life_to_ms: f64,
    },
    Group {
        merged: Box<MergedRow>,
        /// The indices of its lanes' events that it marks, in order.
        marks: Vec<usize>,
        /// The stretches drawn, and the moment open ones were drawn up to.
        stretches: Vec<Segment>,
        drawn_to_ms: f64,
    },
}

/// A live run's canvas, kept from frame to frame: what it shows and what changed since.
#[derive(Debug, Default)]
pub struct LivePainter {
    /// The layout drawn: its scale and rows.
    layout: Option<(Scale, Vec<RowKey>)>,
    /// For each row of the layout, what was drawn; `None` until it is drawn.
    rows: Vec<Option<Drawn>>,
    /// Events taken in so far.
    events_seen: usize,
    /// The first event new in this frame.
    first_new_event: usize,
    /// Each lane's events, by index, in the order they happened (a lane's events come in
    /// order, as its segments do).
    lane_events: Vec<Vec<usize>>,
    /// The earliest new event of each lane since the last frame, in ms.
    new_event_ms: Vec<f64>,
}

impl LivePainter {
    /// Forgets what was drawn: the next frame draws everything.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// What to draw to show `timeline` at `now_ms` in `rows`, given what the frames before
    /// drew. Open segments and the lives of tasks still running reach `now_ms`.
    pub fn paint(&mut self, timeline: &Timeline, rows: &[Row], scale: &Scale, now_ms: f64) -> Paint {
        let keys: Vec<RowKey> = rows.iter().map(RowKey::of).collect();
        let mut clear_all = match &self.layout {
            Some((drawn_scale, drawn_keys)) => {
                drawn_scale != scale
                    || drawn_keys.len() > keys.len()
                    || drawn_keys[..] != keys[..drawn_keys.len()]
            }
            None => true,
        };
        // Another run: fewer events or segments than were drawn.
        clear_all |=
            self.events_seen > timeline.events().len() || self.lane_events.len() > timeline.lanes.len();
        if !clear_all {
            clear_all = self.rows.iter().zip(rows).any(|(drawn, row)| match (drawn, row) {
                (Some(Drawn::Lane { n_closed, .. }), Row::Lane(index)) => {
                    timeline.lanes.get(*index).is_none_or(|lane| lane.segments.len() < *n_closed)
                }
                _ => false,
            });
        }
        if clear_all {
            self.reset();
        }
        self.layout = Some((*scale, keys));
        self.rows.resize_with(rows.len(), || None);
        self.take_in_events(timeline);
        let mut regions = Vec::new();
        for (place, row) in rows.iter().enumerate() {
            let lane_y = scale.bar_y(scale.row_y(place));
            let region = match row {
                Row::Lane(index) => timeline
                    .lanes
                    .get(*index)
                    .and_then(|lane| self.paint_lane(timeline, lane, place, lane_y, scale, now_ms)),
                Row::Group(group) => self.paint_group(timeline, group, place, lane_y, scale, now_ms),
            };
            regions.extend(region);
        }
        self.new_event_ms.iter_mut().for_each(|ms| *ms = f64::INFINITY);
        Paint { clear_all, regions }
    }

    /// Takes in the events since the last frame.
    fn take_in_events(&mut self, timeline: &Timeline) {
        self.first_new_event = self.events_seen;
        self.lane_events.resize_with(timeline.lanes.len(), Vec::new);
        self.new_event_ms.resize(timeline.lanes.len(), f64::INFINITY);
        for (event, index) in timeline.events().iter_from(self.events_seen).zip(self.events_seen..) {
            let lane = event.lane.0 as usize;
            if let (Some(events), Some(new_ms)) =
                (self.lane_events.get_mut(lane), self.new_event_ms.get_mut(lane))
            {
                events.push(index);
                *new_ms = new_ms.min(event.at_ms);
            }
        }
        self.events_seen = timeline.events().len();
    }

    /// A lane's row: what changed since its last drawing, and what to draw there.
    fn paint_lane(
        &mut self,
        timeline: &Timeline,
        lane: &Lane,
        place: usize,
        lane_y: f64,
        scale: &Scale,
        now_ms: f64,
    ) -> Option<Region> {
        let index = lane.id.0 as usize;
        let segments = &lane.segments;
        let life_end_ms = lane.ended_ms.unwrap_or(now_ms);
        let changed_ms = match &self.rows[place] {
            None => f64::NEG_INFINITY,
            Some(Drawn::Lane { n_closed, open, life_to_ms }) => {
                let mut from_ms = self.new_event_ms.get(index).copied().unwrap_or(f64::INFINITY);
                if *life_to_ms != life_end_ms {
                    from_ms = from_ms.min(life_to_ms.min(life_end_ms));
                }
                match (open, segments.get(*n_closed)) {
                    // The open segment drawn: it grew, or it closed, maybe before where it was
                    // drawn to (a Python trace arrives late).
                    (Some((start_ms, drawn_to_ms)), Some(next)) if next.start_ms == *start_ms => {
                        let end_ms = next.end_ms.unwrap_or(now_ms);
                        if end_ms != *drawn_to_ms || segments.len() > n_closed + 1 {
                            from_ms = from_ms.min(drawn_to_ms.min(end_ms));
                        }
                    }
                    (Some((start_ms, _)), next) => {
                        from_ms = from_ms.min(next.map_or(*start_ms, |next| next.start_ms.min(*start_ms)))
                    }
                    (None, Some(next)) => from_ms = from_ms.min(next.start_ms),
                    (None, None) => {}
                }
                from_ms
            }
            Some(Drawn::Group { .. }) => f64::NEG_INFINITY,
        };
        // Only a lane's last segment may still be open.
        let n_closed =
            segments.len() - usize::from(segments.last().is_some_and(|last| last.end_ms.is_none()));
        let open = segments.get(n_closed).map(|segment| (segment.start_ms, now_ms));
        self.rows[place] = Some(Drawn::Lane { n_closed, open, life_to_ms: life_end_ms });
        if changed_ms == f64::INFINITY {
            return None;
        }
        let mut region = region_from(changed_ms, lane_y, scale);
        let open_end_x = scale.x(now_ms);
        let cy = lane_y + scale.lane_height / 2.0;
        region.shapes.push(Shape::Life {
            x_from: scale.x(lane.spawned_ms),
            x_to: scale.x(life_end_ms),
            y: cy,
        });
        // Bars reach at most 2 px past their end.
        let first = segments
            .partition_point(|segment| segment.end_ms.is_some_and(|end_ms| scale.x(end_ms) + 2.0 < region.x));
        for thread in [false, true] {
            for segment in segments.iter_from(first).filter(|segment| on_thread(segment.kind) == thread) {
                region.shapes.push(bar(segment, lane_y, open_end_x, scale));
            }
        }
        let events = self.lane_events.get(index).map_or(&[][..], |events| &events[..]);
        // Marks that end before the region are left out without a look at each.
        let first = events.partition_point(|&event| {
            timeline.events().get(event).is_some_and(|event| scale.x(event.at_ms) + MARK_REACH_PX < region.x)
        });
        let events = &events[first..];
        push_marks(&mut region, timeline, events, MarkKind::of_lane_event, lane_y, scale);
        Some(region)
    }

    /// A folded group's row: what changed since its last drawing, and what to draw there.
    fn paint_group(
        &mut self,
        timeline: &Timeline,
        group: &LaneGroup,
        place: usize,
        lane_y: f64,
        scale: &Scale,
        now_ms: f64,
    ) -> Option<Region> {
        let (mut merged, mut marks, drawn) = match self.rows[place].take() {
            Some(Drawn::Group { merged, marks, stretches, drawn_to_ms }) => {
                (merged, marks, Some((stretches, drawn_to_ms)))
            }
            _ => (Box::default(), Vec::new(), None),
        };
        // The group's lanes are in order, so a lane is found by halves.
        let first_new = if drawn.is_some() { self.first_new_event } else { 0 };
        let n_marked = marks.len();
        marks.extend(timeline.events().iter_from(first_new).zip(first_new..).filter_map(|(event, index)| {
            (MarkKind::of_group_event(&event.kind).is_some()
                && group.lanes.binary_search(&(event.lane.0 as usize)).is_ok())
            .then_some(index)
        }));
        let new_marks_ms = marks[n_marked..]
            .iter()
            .filter_map(|&index| timeline.events().get(index))
            .map(|event| event.at_ms)
            .fold(f64::INFINITY, f64::min);
        let stretches = merged.segments(timeline, &group.lanes, scale.ms_per_unit());
        let changed_ms = match &drawn {
            Some((before, drawn_to_ms)) => {
                first_change_ms(before, *drawn_to_ms, &stretches, now_ms).min(new_marks_ms)
            }
            None => f64::NEG_INFINITY,
        };
        let region = (changed_ms != f64::INFINITY).then(|| {
            let mut region = region_from(changed_ms, lane_y, scale);
            let open_end_x = scale.x(now_ms);
            for stretch in &stretches {
                let right_x = stretch.end_ms.map_or(open_end_x, |end_ms| scale.x(end_ms)) + 2.0;
                if right_x >= region.x {
                    region.shapes.push(bar(stretch, lane_y, open_end_x, scale));
                }
            }
            push_marks(&mut region, timeline, &marks, MarkKind::of_group_event, lane_y, scale);
            region
        });
        self.rows[place] = Some(Drawn::Group { merged, marks, stretches, drawn_to_ms: now_ms });
        region
    }
}

/// The region of a lane whose top is `lane_y`, from `from_ms` to the picture's right edge.
fn region_from(from_ms: f64, lane_y: f64, scale: &Scale) -> Region {
    let x = if from_ms.is_finite() { (scale.x(from_ms) - MARK_REACH_PX).max(0.0) } else { 0.0 };
    Region { x, y: lane_y, width: scale.view_width - x, height: scale.lane_height, shapes: Vec::new() }
}

fn bar(segment: &Segment, lane_y: f64, open_end_x: f64, scale: &Scale) -> Shape {
    let (x, y, width, height) = scale.bar(segment, lane_y, open_end_x);
    Shape::Bar { kind: segment.kind, x, y, width, height }
}

/// Adds the marks of `events` (indices into the timeline's events) that reach the region.
fn push_marks(
    region: &mut Region,
    timeline: &Timeline,
    events: &[usize],
    mark_of: fn(&EventKind) -> Option<MarkKind>,
    lane_y: f64,
    scale: &Scale,
) {
    let reaches = |event: &Event| scale.x(event.at_ms) + MARK_REACH_PX >= region.x;
    for event in
        events.iter().filter_map(|&index| timeline.events().get(index)).filter(|event| reaches(event))
    {
        if let Some(kind) = mark_of(&event.kind) {
            region.shapes.push(Shape::Mark {
                kind,
                x: scale.x(event.at_ms),
                y: kind.anchor_y(lane_y, scale.lane_height),
            });
        }
    }
}

/// The earliest moment where the stretches `after` (open ones reaching `now_ms`) differ from
/// `before` (open ones drawn up to `drawn_to_ms`), kind by kind; infinity when they do not.
fn first_change_ms(before: &[Segment], drawn_to_ms: f64, after: &[Segment], now_ms: f64) -> f64 {
    let mut from_ms = f64::INFINITY;
    let kinds = before.iter().chain(after).map(|segment| segment.kind);
    let mut seen = Vec::new();
    for kind in kinds {
        if seen.contains(&kind) {
            continue;
        }
        seen.push(kind);
        let mut old = before.iter().filter(|segment| segment.kind == kind);
        let mut new = after.iter().filter(|segment| segment.kind == kind);
        loop {
            match (old.next(), new.next()) {
                (Some(a), Some(b)) if a.start_ms == b.start_ms => {
                    let (a_end_ms, b_end_ms) = (a.end_ms.unwrap_or(drawn_to_ms), b.end_ms.unwrap_or(now_ms));
                    if a_end_ms == b_end_ms {
                        continue;
                    }
                    // Later stretches start after both ends: the change starts here.
                    from_ms = from_ms.min(a_end_ms.min(b_end_ms));
                }
                (Some(a), Some(b)) => from_ms = from_ms.min(a.start_ms.min(b.start_ms)),
                (Some(a), None) | (None, Some(a)) => from_ms = from_ms.min(a.start_ms),
                (None, None) => {}
            }
            break;
        }
    }
    from_ms
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::lane_groups::rows;
    use crate::rng::SeededRng;
    use crate::timeline::SegmentKind;

    /// A canvas of 1 px cells: each holds what was drawn there last (0 for nothing).
    struct Raster {
        width: usize,
        cells: Vec<u32>,
    }

    impl Raster {
        fn new(scale: &Scale, n_rows: usize) -> Self {
            let width = scale.view_width as usize;
            let height = (scale.row_y(n_rows) + 2.0) as usize;
            Self { width, cells: vec![0; width * height] }
        }

        /// Cells whose centres lie in the box, within `clip`.
        fn fill(&mut self, (x0, y0, x1, y1): (f64, f64, f64, f64), clip: &Region, value: u32) {
            let height = self.cells.len() / self.width;
            let (x0, x1) = (x0.max(clip.x), x1.min(clip.x + clip.width));
            let (y0, y1) = (y0.max(clip.y), y1.min(clip.y + clip.height));
            // The cells whose centre c + 0.5 lies in [a, b).
            let cells = |a: f64, b: f64, n: usize| {
                let first = (a - 0.5).ceil().max(0.0) as usize;
                let end = ((b - 0.5).ceil().max(0.0) as usize).min(n);
                first..end.max(first)
            };
            for row in cells(y0, y1, height) {
                for column in cells(x0, x1, self.width) {
                    self.cells[row * self.width + column] = value;
                }
            }
        }

        fn apply(&mut self, paint: &Paint) {
            if paint.clear_all {
                self.cells.iter_mut().for_each(|cell| *cell = 0);
            }
            for region in &paint.regions {
                self.fill((region.x, region.y, region.x + region.width, region.y + region.height), region, 0);
                for shape in &region.shapes {
                    match shape {
                        Shape::Life { x_from, x_to, y } => {
                            self.fill((*x_from, y.floor(), *x_to, y.floor() + 1.0), region, 1)
                        }
                        Shape::Bar { kind, x, y, width, height } => {
                            self.fill((*x, *y, x + width, y + height), region, 10 + *kind as u32)
                        }
                        Shape::Mark { kind, x, y } => {
                            let reach = MARK_REACH_PX - 2.0;
                            self.fill((x - reach, y - reach, x + reach, y + reach), region, 20 + *kind as u32)
                        }
                    }
                }
            }
        }
    }

    /// The run as a live view saw it at `at_ms`: lanes started by then, segments and lives
    /// still going open, events up to then.
    fn live_at(timeline: &Timeline, at_ms: f64) -> Timeline {
        let mut live = timeline.clone();
        live.lanes.retain(|lane| lane.spawned_ms <= at_ms);
        live.edit_events(|events| events.retain(|event| event.at_ms <= at_ms));
        for lane in &mut live.lanes {
            lane.segments.retain(|segment| segment.start_ms <= at_ms);
            if let Some(last) =
                lane.segments.last_mut().filter(|last| last.end_ms.is_none_or(|end_ms| end_ms > at_ms))
            {
                last.end_ms = None;
            }
            lane.ended_ms = lane.ended_ms.filter(|&ended_ms| ended_ms <= at_ms);
        }
        live
    }

    /// `n_tasks` tasks that wait, run, print, and end in every way, over about a second.
    fn busy_run(n_tasks: usize, seed: u64) -> Timeline {
        let mut rng = SeededRng::new(seed);
        let mut timeline = Timeline::default();
        let main = timeline.add_lane("main", None, 0.0);
        timeline.add_segment(main, SegmentKind::Running, 0.0, 3.0);
        timeline.open_segment(main, SegmentKind::Waiting, 3.0);
        for index in 0..n_tasks {
            let spawned_ms = 3.0 + index as f64 * 0.1;
            let lane = timeline.add_lane(&format!("task {}", index + 1), Some(main), spawned_ms);
            let mut at_ms = spawned_ms;
            let kinds = [
                SegmentKind::Ready,
                SegmentKind::Running,
                SegmentKind::Waiting,
                SegmentKind::OffThread,
                SegmentKind::Blocked,
            ];
            for _ in 0..rng.below(12) + 1 {
                let kind = kinds[rng.below(kinds.len())];
                let length_ms = rng.below(90) as f64 + 0.3;
                timeline.add_segment(lane, kind, at_ms, at_ms + length_ms);
                if rng.below(3) == 0 {
                    timeline.add_event(
                        lane,
                        at_ms + length_ms / 2.0,
                        EventKind::Print { text: Rc::from("line") },
                    );
                }
                // Some steps follow at once, some after a gap.
                at_ms += length_ms + if rng.below(2) == 0 { 0.0 } else { rng.below(20) as f64 };
            }
            let kind = match rng.below(4) {
                0 => EventKind::Cancel,
                1 => EventKind::Timeout { limit_ms: 100.0 },
                2 => EventKind::Fetched { id: 1, result: Err("no network".to_string()) },
                _ => EventKind::Done { result: "1".to_string() },
            };
            timeline.add_event(lane, at_ms, kind);
            timeline.end_lane(lane, at_ms);
        }
        timeline.close_segment(main, 1200.0);
        timeline.add_event(main, 1200.0, EventKind::Done { result: "done".to_string() });
        timeline.end_lane(main, 1200.0);
        // A live run records its events as they happen.
        timeline.edit_events(|events| events.sort_by(|a, b| a.at_ms.total_cmp(&b.at_ms)));
        timeline
    }

    fn scale_for(n_rows: usize) -> Scale {
        Scale {
            span_ms: 1300.0,
            lane_height: if n_rows <= 20 { 24.0 } else { 16.0 },
            view_width: 420.0,
            label_width: 90.0,
            label_line: 0.0,
            titles: false,
        }
    }

    /// Draws `run` frame by frame, as a live view would, and checks after each frame that the
    /// canvas shows what drawing that snapshot whole shows. Returns the shapes each frame drew
    /// (0 for one that drew everything again).
    fn check_frames(run: &Timeline, frames_ms: impl Iterator<Item = f64>, expanded: &[String]) -> Vec<usize> {
        let full_rows = rows(run, expanded);
        let scale = scale_for(full_rows.len());
        let mut painter = LivePainter::default();
        let mut canvas = Raster::new(&scale, full_rows.len());
        let mut shapes = Vec::new();
        for now_ms in frames_ms {
            let snapshot = live_at(run, now_ms);
            let rows_now = rows(&snapshot, expanded);
            let paint = painter.paint(&snapshot, &rows_now, &scale, now_ms);
            canvas.apply(&paint);
            let n_shapes = paint.regions.iter().map(|region| region.shapes.len()).sum();
            shapes.push(if paint.clear_all { 0 } else { n_shapes });
            let mut whole = Raster::new(&scale, full_rows.len());
            whole.apply(&LivePainter::default().paint(&snapshot, &rows_now, &scale, now_ms));
            assert!(canvas.cells == whole.cells, "at {now_ms} ms the canvas differs from a whole drawing");
        }
        shapes
    }

    #[test]
    fn frame_by_frame_the_canvas_shows_what_a_whole_drawing_shows() {
        let run = busy_run(12, 3);
        let frames = (0..90).map(|frame| frame as f64 * 13.7).chain([1200.0, 1200.0, 1250.0]);
        check_frames(&run, frames, &[]);
    }

    #[test]
    fn folded_and_opened_groups_draw_as_a_whole_drawing_does() {
        let run = busy_run(40, 5);
        let frames = || (0..70).map(|frame| frame as f64 * 17.3).chain([1200.0]);
        check_frames(&run, frames(), &[]);
        check_frames(&run, frames(), &["task #".to_string()]);
    }

    #[test]
    fn a_segment_that_closes_before_where_it_was_drawn_is_drawn_back() {
        // A Python trace arrives late: a segment drawn open up to the page's clock (100 ms)
        // turns out to have ended at 60 ms, and a wait follows it.
        let mut before = Timeline::default();
        let lane = before.add_lane("main", None, 0.0);
        before.open_segment(lane, SegmentKind::Running, 0.0);
        let mut after = before.clone();
        after.close_segment(lane, 60.0);
        after.add_event(lane, 50.0, EventKind::Print { text: Rc::from("late") });
        after.open_segment(lane, SegmentKind::Waiting, 80.0);
        let scale = scale_for(1);
        let row = rows(&after, &[]);
        let mut painter = LivePainter::default();
        let mut canvas = Raster::new(&scale, 1);
        canvas.apply(&painter.paint(&before, &row, &scale, 100.0));
        canvas.apply(&painter.paint(&after, &row, &scale, 120.0));
        let mut whole = Raster::new(&scale, 1);
        whole.apply(&LivePainter::default().paint(&after, &row, &scale, 120.0));
        assert!(canvas.cells == whole.cells);
    }

    #[test]
    fn a_frame_draws_what_changed_not_the_history() {
        // A long run of many short steps: after the first frames, each frame draws a few
        // shapes per row, however much history the rows hold.
        let mut run = Timeline::default();
        let lanes: Vec<_> = (0..5).map(|index| run.add_lane(&format!("worker {index}"), None, 0.0)).collect();
        for step in 0..400 {
            for &lane in &lanes {
                let at_ms = step as f64 * 3.0;
                run.add_segment(lane, SegmentKind::Running, at_ms, at_ms + 1.0);
                run.add_segment(lane, SegmentKind::Waiting, at_ms + 1.0, at_ms + 3.0);
                run.add_event(lane, at_ms + 1.0, EventKind::Print { text: Rc::from("step") });
            }
        }
        let shapes = check_frames(&run, (0..75).map(|frame| frame as f64 * 16.0), &[]);
        // Each row's changed region spans a frame and a mark's reach, whenever it is.
        let early = shapes[5..25].iter().max().copied().unwrap_or(0);
        let late = shapes[55..].iter().max().copied().unwrap_or(0);
        assert!(
            early > 0 && late <= early + early / 5,
            "a frame drew up to {early} shapes early, {late} late"
        );
        let total: usize = run.lanes.iter().map(|lane| lane.segments.len()).sum();
        assert!(late * 10 < total, "a late frame drew {late} of {total} segments");
    }

    #[test]
    fn a_new_layout_or_another_run_is_drawn_again_whole() {
        let run = busy_run(6, 9);
        let snapshot = live_at(&run, 400.0);
        let row_list = rows(&snapshot, &[]);
        let scale = scale_for(row_list.len());
        let mut painter = LivePainter::default();
        assert!(painter.paint(&snapshot, &row_list, &scale, 400.0).clear_all);
        assert!(!painter.paint(&snapshot, &row_list, &scale, 400.0).clear_all);
        // The same snapshot at the same moment draws nothing.
        assert!(painter.paint(&snapshot, &row_list, &scale, 400.0).regions.is_empty());
        let wider = Scale { view_width: 500.0, ..scale };
        assert!(painter.paint(&snapshot, &row_list, &wider, 400.0).clear_all);
        let earlier = live_at(&run, 100.0);
        assert!(painter.paint(&earlier, &rows(&earlier, &[]), &wider, 100.0).clear_all);
    }
}
