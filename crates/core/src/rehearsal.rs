//! A made-up run that the page draws once, hidden, before its first real clock starts.
//!
//! The browser compiles the page's WebAssembly one function at a time, the first time each is
//! called. A cold page's first live frames would pay for compiling the live view's code, on the
//! run's clock; drawing this run first pays for it before the clock starts. It holds every kind
//! of segment and mark, open and closed, and a family large enough to fold into a group row.

use std::rc::Rc;

use crate::lane_groups::GROUP_ABOVE_LANES;
use crate::timeline::{EventKind, SegmentKind, Timeline};

/// Lanes of the made-up run's one family: enough to fold.
const N_TASKS: usize = GROUP_ABOVE_LANES + 6;

/// The made-up run, as it stands at 100 ms of its clock.
pub fn rehearsal_timeline() -> Timeline {
    let mut timeline = Timeline::default();
    let main = timeline.add_lane("main", None, 0.0);
    timeline.open_segment(main, SegmentKind::Waiting, 0.0);
    let kinds = [SegmentKind::Running, SegmentKind::Ready, SegmentKind::Blocked, SegmentKind::OffThread];
    for index in 0..N_TASKS {
        let start_ms = index as f64;
        let lane = timeline.add_lane(&format!("task {}", index + 1), Some(main), start_ms);
        timeline.open_segment(lane, SegmentKind::Waiting, start_ms);
        timeline.add_segment(lane, kinds[index % kinds.len()], start_ms + 10.0, start_ms + 20.0);
        timeline.add_event(
            lane,
            start_ms + 20.0,
            EventKind::Print { text: Rc::from(format!("task {index}: 1")) },
        );
        match index % 4 {
            0 => {
                timeline.add_event(lane, 60.0, EventKind::Done { result: "1".to_string() });
                timeline.end_lane(lane, 60.0);
            }
            1 => {
                timeline.add_event(lane, 70.0, EventKind::Cancel);
                timeline.end_lane(lane, 70.0);
            }
            2 => {
                timeline.add_event(lane, 80.0, EventKind::Timeout { limit_ms: 50.0 });
                timeline.end_lane(lane, 80.0);
            }
            _ => timeline.open_segment(lane, SegmentKind::Waiting, start_ms + 20.0),
        }
    }
    timeline
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lane_groups::{rows, Row};

    #[test]
    fn the_rehearsal_holds_every_kind_of_segment_and_mark_and_a_folded_group() {
        let timeline = rehearsal_timeline();
        let segments: Vec<_> = timeline.lanes.iter().flat_map(|lane| lane.segments.iter()).collect();
        for kind in [
            SegmentKind::Waiting,
            SegmentKind::Running,
            SegmentKind::Ready,
            SegmentKind::Blocked,
            SegmentKind::OffThread,
        ] {
            assert!(segments.iter().any(|segment| segment.kind == kind), "no {kind:?} segment");
        }
        assert!(segments.iter().any(|segment| segment.end_ms.is_none()), "an open segment");
        for mark in ["print", "done", "cancel", "timeout"] {
            let found = timeline.events().iter().any(|event| {
                matches!(
                    (&event.kind, mark),
                    (EventKind::Print { .. }, "print")
                        | (EventKind::Done { .. }, "done")
                        | (EventKind::Cancel, "cancel")
                        | (EventKind::Timeout { .. }, "timeout")
                )
            });
            assert!(found, "no {mark} mark");
        }
        assert!(rows(&timeline, &[]).iter().any(|row| matches!(row, Row::Group(_))), "a folded family");
        assert!(timeline.end_ms() <= 100.0);
    }
}
