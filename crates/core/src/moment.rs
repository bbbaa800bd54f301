//! A moment of a finished run: what each task was doing at a time the person points at (the
//! timeline's cursor), the run as it stood then (for views replayed from events, such as the
//! chess boards), and the words the page shows for it.

use crate::decimal::format_duration_ms;
use crate::timeline::{Lane, SegmentKind, Timeline};

/// What a task was doing at a moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LaneState {
    /// Not started yet.
    NotStarted,
    /// In a recorded segment of this kind.
    In(SegmentKind),
    /// Started, between recorded segments: a short step on the thread.
    Stepping,
    /// Finished or cancelled.
    Ended,
}

impl LaneState {
    /// The state in a word or two, as the page shows it.
    pub fn words(self) -> &'static str {
        match self {
            LaneState::NotStarted => "not started",
            LaneState::In(SegmentKind::Running) => "running",
            LaneState::In(SegmentKind::Waiting) => "waiting",
            LaneState::In(SegmentKind::Ready) => "ready",
            LaneState::In(SegmentKind::Blocked) => "blocked",
            LaneState::In(SegmentKind::OffThread) => "off-thread",
            LaneState::Stepping => "stepping",
            LaneState::Ended => "done",
        }
    }
}

/// What `lane` was doing at `at_ms`. A segment holds from its start up to, not including, its
/// end; an open one holds to the end of the record.
pub fn lane_state_at(lane: &Lane, at_ms: f64) -> LaneState {
    if at_ms < lane.spawned_ms {
        return LaneState::NotStarted;
    }
    if lane.ended_ms.is_some_and(|ended_ms| at_ms >= ended_ms) {
        return LaneState::Ended;
    }
    lane.segments
        .iter()
        .find(|segment| segment.start_ms <= at_ms && segment.end_ms.is_none_or(|end_ms| at_ms < end_ms))
        .map_or(LaneState::Stepping, |segment| LaneState::In(segment.kind))
}

/// The run as it stood at `at_ms`: its events up to then, lanes started by then with their
/// segments cut there. Views replayed from events (the chess boards) draw it as they would
/// have live.
pub fn timeline_until(timeline: &Timeline, at_ms: f64) -> Timeline {
    let mut until = timeline.clone();
    until.edit_events(|events| events.retain(|event| event.at_ms <= at_ms));
    for lane in &mut until.lanes {
        lane.segments.edit(|segments| {
            segments.retain(|segment| segment.start_ms <= at_ms);
            for segment in segments {
                if segment.end_ms.is_none_or(|end_ms| end_ms > at_ms) {
                    segment.end_ms = Some(at_ms);
                }
            }
        });
        if lane.ended_ms.is_some_and(|ended_ms| ended_ms > at_ms) {
            lane.ended_ms = None;
        }
    }
    until
}

/// Most task names a summary spells out for one state.
const MAX_NAMES_PER_STATE: usize = 3;

/// "At 1.20 s: A running; B, C waiting; 47 ready (client 4, client 5, client 6, …)": every
/// started task's state at `at_ms`, grouped by state in the legend's order.
pub fn moment_summary(timeline: &Timeline, at_ms: f64) -> String {
    let order = [
        LaneState::In(SegmentKind::Running),
        LaneState::In(SegmentKind::Blocked),
        LaneState::Stepping,
        LaneState::In(SegmentKind::Ready),
        LaneState::In(SegmentKind::Waiting),
        LaneState::In(SegmentKind::OffThread),
        LaneState::Ended,
    ];
    let states: Vec<(&str, LaneState)> =
        timeline.lanes.iter().map(|lane| (&*lane.name, lane_state_at(lane, at_ms))).collect();
    let groups: Vec<String> = order
        .iter()
        .filter_map(|state| {
            let names: Vec<&str> = states.iter().filter(|(_, s)| s == state).map(|(name, _)| *name).collect();
            match names.len() {
                0 => None,
                n if n <= MAX_NAMES_PER_STATE => Some(format!("{} {}", names.join(", "), state.words())),
                n => Some(format!("{n} {} ({}, …)", state.words(), names[..MAX_NAMES_PER_STATE].join(", "))),
            }
        })
        .collect();
    let when = format_duration_ms(at_ms);
    if groups.is_empty() {
        format!("At {when}: nothing had started.")
    } else {
        format!("At {when}: {}.", groups.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::EventKind;

    fn two_tasks() -> Timeline {
        let mut timeline = Timeline::default();
        let a = timeline.add_lane("A", None, 0.0);
        let b = timeline.add_lane("B", None, 0.0);
        timeline.add_segment(a, SegmentKind::Blocked, 0.0, 300.0);
        timeline.add_segment(b, SegmentKind::Ready, 0.0, 300.0);
        timeline.add_segment(b, SegmentKind::Waiting, 300.0, 500.0);
        timeline.add_event(a, 100.0, EventKind::Print { text: "a".into() });
        timeline.add_event(b, 400.0, EventKind::Print { text: "b".into() });
        timeline.end_lane(a, 300.0);
        timeline.end_lane(b, 500.0);
        timeline
    }

    #[test]
    fn a_lane_is_in_the_segment_that_holds_the_moment() {
        let timeline = two_tasks();
        let (a, b) = (&timeline.lanes[0], &timeline.lanes[1]);
        assert_eq!(lane_state_at(a, 0.0), LaneState::In(SegmentKind::Blocked));
        assert_eq!(lane_state_at(a, 300.0), LaneState::Ended);
        assert_eq!(lane_state_at(b, 299.9), LaneState::In(SegmentKind::Ready));
        assert_eq!(lane_state_at(b, 300.0), LaneState::In(SegmentKind::Waiting));
        assert_eq!(lane_state_at(b, -1.0), LaneState::NotStarted);
    }

    #[test]
    fn the_run_until_a_moment_keeps_what_had_happened() {
        let until = timeline_until(&two_tasks(), 350.0);
        assert_eq!(until.printed_texts(), ["a"]);
        assert_eq!(until.lanes[0].ended_ms, Some(300.0));
        assert_eq!(until.lanes[1].ended_ms, None);
        assert_eq!(until.lanes[1].segments.last().and_then(|segment| segment.end_ms), Some(350.0));
    }

    #[test]
    fn a_summary_groups_tasks_by_state() {
        let timeline = two_tasks();
        assert_eq!(moment_summary(&timeline, 100.0), "At 100 ms: A blocked; B ready.");
        assert_eq!(moment_summary(&timeline, 400.0), "At 400 ms: B waiting; A done.");
        let mut many = Timeline::default();
        for i in 0..50 {
            let lane = many.add_lane(&format!("client {i}"), None, 0.0);
            many.add_segment(lane, SegmentKind::Ready, 0.0, 1000.0);
        }
        assert_eq!(moment_summary(&many, 10.0), "At 10 ms: 50 ready (client 0, client 1, client 2, …).");
        assert_eq!(moment_summary(&Timeline::default(), 0.0), "At 0 ms: nothing had started.");
    }
}
