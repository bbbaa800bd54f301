//! How a measured run compares with its prediction, and why a run that holds the main thread
//! comes out longer.

use crate::decimal::Dec;

/// A run is on time when it is within this share of its prediction...
pub const ALLOWED_SHARE: f64 = 0.02;

/// ...or within this many ms, whichever is larger.
pub const ALLOWED_MS: f64 = 5.0;

/// A run that holds the main thread for at least this share of its predicted time leaves the
/// page no free time to draw in.
pub const BUSY_SHARE: f64 = 0.8;

/// Whether `measured_ms` is within the allowance of `predicted_ms`.
pub fn on_time(predicted_ms: f64, measured_ms: f64) -> bool {
    (measured_ms - predicted_ms).abs() <= (ALLOWED_SHARE * predicted_ms).max(ALLOWED_MS)
}

/// Explains a run that came out late because it kept the main thread busy, if it did: the
/// browser draws each frame on the same thread, between the run's steps, so when those steps
/// leave no free time every frame lengthens the run. `None` for a run on time, one that left
/// the thread mostly free, or one whose own holding of the thread outlasted the prediction (a
/// synchronous request to a slow server): its lateness has other causes.
pub fn busy_thread_note(predicted_ms: f64, measured_ms: f64, main_thread_ms: f64) -> Option<String> {
    let busy_share = main_thread_ms / predicted_ms;
    let late = |ms: f64| ms > predicted_ms && !on_time(predicted_ms, ms);
    (predicted_ms > 0.0 && late(measured_ms) && !late(main_thread_ms) && busy_share >= BUSY_SHARE).then(
        || {
            format!(
                "The run held the main thread for {:.0}% of its predicted time. Each frame the \
             browser shows (it turns the spinner, draws the live timeline) takes that same \
             thread, between the run's steps: with no free time to draw in, each frame \
             lengthens the run. It took {:.0} ms longer than predicted.",
                Dec(100.0 * busy_share.min(1.0)),
                Dec(measured_ms - predicted_ms),
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowance_is_two_percent_or_five_ms_whichever_is_larger() {
        assert!(on_time(1090.0, 1111.0));
        assert!(!on_time(1090.0, 1112.0));
        assert!(on_time(100.0, 105.0), "5 ms beats 2% of 100 ms");
        assert!(!on_time(100.0, 105.5));
        assert!(!on_time(1000.0, 970.0), "early counts too");
    }

    #[test]
    fn a_late_run_that_filled_the_thread_is_explained_by_the_frames() {
        // The grandmaster at the defaults: her 1000 ms of thinking in a 1090 ms prediction.
        let note = busy_thread_note(1090.0, 1153.0, 1000.0).expect("a note");
        assert!(note.contains("92%"), "{note}");
        assert!(note.contains("63 ms longer"), "{note}");
        assert!(note.contains("main thread"), "{note}");
    }

    #[test]
    fn no_note_for_a_run_on_time_early_or_with_the_thread_mostly_free() {
        assert_eq!(busy_thread_note(1090.0, 1100.0, 1000.0), None, "within the allowance");
        assert_eq!(busy_thread_note(1090.0, 1000.0, 1000.0), None, "early, not late");
        assert_eq!(busy_thread_note(261.0, 275.0, 2.0), None, "awaiting: the thread was free");
        assert_eq!(busy_thread_note(0.0, 10.0, 0.0), None, "nothing predicted");
        // A synchronous request that a slow server answered after 3 s, where 564 ms was predicted.
        assert_eq!(busy_thread_note(564.0, 3030.0, 3025.0), None, "the run's own block was late");
    }
}

/// Longest frame gap that still reads as smooth: two frames at 60 per second, in ms.
pub const SMOOTH_GAP_MS: f64 = 34.0;

/// A frame gap longer than this is a freeze a person feels: clicks and keys wait, in ms.
pub const FREEZE_GAP_MS: f64 = 250.0;

/// A frame gap in a person's words: "smooth", "a hitch" or "the page froze".
pub fn gap_words(gap_ms: f64) -> &'static str {
    if gap_ms <= SMOOTH_GAP_MS {
        "smooth"
    } else if gap_ms <= FREEZE_GAP_MS {
        "a hitch"
    } else {
        "the page froze"
    }
}

/// Whether a frame gap is a freeze a person feels.
pub fn froze(gap_ms: f64) -> bool {
    gap_ms > FREEZE_GAP_MS
}

#[cfg(test)]
mod gap_tests {
    use super::*;

    #[test]
    fn frame_gaps_read_as_smooth_a_hitch_or_a_freeze() {
        assert_eq!(gap_words(16.7), "smooth");
        assert_eq!(gap_words(33.4), "smooth");
        assert_eq!(gap_words(117.0), "a hitch");
        assert_eq!(gap_words(250.0), "a hitch");
        assert_eq!(gap_words(1000.0), "the page froze");
        assert!(!froze(117.0) && froze(251.0));
    }
}

/// Held work less than a clock tick apart counts as one hold of the thread, in ms: a page's
/// clock moves in ticks of 0.1 ms (5 µs where it is cross-origin isolated), and no frame fits
/// in a break that short. A longer break with a turn of the event loop is a break: the browser
/// can draw in it, in well under a millisecond when the frame has nothing new to show. Breaks
/// without a turn are joined whatever their length (`held_breaks`).
pub const HOLD_JOIN_MS: f64 = 0.1;

/// The longest stretch in which the run's own work held the main thread without a break, in
/// ms: its running and blocked segments on every lane, joined across the breaks in which the
/// event loop had no turn ([`crate::Timeline::held_breaks`]) and those shorter than a clock
/// tick ([`HOLD_JOIN_MS`]). No page can draw during it, so an awaited run's longest frame gap
/// is measured against it (chess: the grandmaster's moves on every board, one after another).
pub fn longest_hold_ms(timeline: &crate::Timeline) -> f64 {
    use crate::SegmentKind;
    let spans = timeline
        .lanes
        .iter()
        .flat_map(|lane| lane.segments.iter())
        .filter(|segment| matches!(segment.kind, SegmentKind::Running | SegmentKind::Blocked))
        .filter_map(|segment| segment.end_ms.map(|end_ms| (segment.start_ms, end_ms)))
        .chain(timeline.held_breaks.iter().copied())
        .collect();
    crate::timeline::merge_spans(spans, HOLD_JOIN_MS)
        .into_iter()
        .map(|(start_ms, end_ms)| end_ms - start_ms)
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod hold_tests {
    use super::*;
    use crate::scenarios;
    use crate::virtual_runtime::run_scenario_virtual;
    use crate::ParamValues;

    fn hold_of(id: &str, mode: &'static str, changes: &[(&str, &str)]) -> f64 {
        let scenario = scenarios::find(id).expect("the lesson is built");
        let mut values = ParamValues::defaults(scenario.meta().params);
        for (key, text) in changes {
            values.set_from_text(key, text);
        }
        longest_hold_ms(&run_scenario_virtual(scenario, values, mode).timeline)
    }

    #[test]
    fn the_longest_hold_is_the_work_done_back_to_back() {
        // Chess, awaited, two boards: the grandmaster moves on both in a row (10 ms each),
        // then waits for the opponents (90 ms).
        assert_eq!(hold_of("chess", "async", &[("n", "2")]), 20.0);
        // Ten boards: her round (100 ms) outlasts an opponent's reply, so she never rests.
        assert!(hold_of("chess", "async", &[]) >= 1000.0);
        // Awaited sleeps hold nothing.
        assert_eq!(hold_of("tasks", "gather", &[]), 0.0);
        // A blocking run holds the thread for its whole run.
        assert!(hold_of("tasks", "blocking", &[]) >= 4500.0);
        assert_eq!(longest_hold_ms(&crate::Timeline::default()), 0.0);
    }

    /// A clock that moves `step_ms` at every reading, so that the bookkeeping between two
    /// pieces of work takes time, as it does in a browser; its event loop's turn is set by the
    /// test.
    struct TickingRuntime {
        step_ms: f64,
        now_ms: std::cell::Cell<f64>,
        turn: std::rc::Rc<std::cell::Cell<u64>>,
        spawner: futures::executor::LocalSpawner,
    }

    impl crate::Runtime for TickingRuntime {
        fn now_ms(&self) -> f64 {
            self.now_ms.set(self.now_ms.get() + self.step_ms);
            self.now_ms.get()
        }

        fn turn(&self) -> u64 {
            self.turn.get()
        }

        fn sleep(&self, _duration_ms: f64) -> futures::future::LocalBoxFuture<'static, ()> {
            Box::pin(futures::future::ready(()))
        }

        fn block(&self, duration_ms: f64) {
            self.now_ms.set(self.now_ms.get() + duration_ms);
        }

        fn charge_cpu(&self, virtual_cost_ms: f64) {
            self.block(virtual_cost_ms);
        }

        fn spawn(&self, task: futures::future::LocalBoxFuture<'static, ()>) {
            use futures::task::LocalSpawnExt;
            let _ = self.spawner.spawn_local(task);
        }

        fn run_off_thread(
            &self,
            _job: crate::Job,
        ) -> futures::future::LocalBoxFuture<'static, Result<crate::JobOutput, String>> {
            Box::pin(futures::future::ready(Err("no threads here".to_string())))
        }

        fn fetch_text(
            &self,
            _url: &str,
            _timeout_ms: f64,
        ) -> futures::future::LocalBoxFuture<'static, Result<String, String>> {
            Box::pin(futures::future::ready(Err("no network here".to_string())))
        }

        fn fetch_text_blocking(&self, _url: &str, _timeout_ms: f64) -> Result<String, String> {
            Err("no network here".to_string())
        }
    }

    /// The blocked segments of `timeline`, in order of their start.
    fn blocks_of(timeline: &crate::Timeline) -> Vec<(f64, f64)> {
        let mut blocks: Vec<(f64, f64)> = timeline
            .lanes
            .iter()
            .flat_map(|lane| lane.segments.iter())
            .filter(|segment| segment.kind == crate::SegmentKind::Blocked)
            .filter_map(|segment| Some((segment.start_ms, segment.end_ms?)))
            .collect();
        blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
        blocks
    }

    /// A run on a clock that moves `step_ms` at each reading; `main` is given the turn to set.
    fn ticking_run<Fut: std::future::Future<Output = ()> + 'static>(
        step_ms: f64,
        main: impl FnOnce(crate::Ctx, std::rc::Rc<std::cell::Cell<u64>>) -> Fut + 'static,
    ) -> crate::Timeline {
        let mut pool = futures::executor::LocalPool::new();
        let turn = std::rc::Rc::new(std::cell::Cell::new(0));
        let runtime = TickingRuntime {
            step_ms,
            now_ms: std::cell::Cell::new(0.0),
            turn: turn.clone(),
            spawner: pool.spawner(),
        };
        let run = crate::Run::new(std::rc::Rc::new(runtime));
        let _main = run.start("main", move |ctx| main(ctx, turn));
        pool.run_until_stalled();
        // The copy is taken before `run` goes, which its borrow outlives.
        let timeline: crate::Timeline = run.timeline().clone();
        drop(run);
        timeline
    }

    #[test]
    fn work_in_one_turn_of_the_event_loop_is_one_hold_however_long_its_breaks() {
        let timeline = ticking_run(2.0, |ctx, turn| async move {
            ctx.block(10.0);
            // Another task takes over in the same turn, through the microtask queue.
            let next = ctx.spawn("next", |ctx| async move { ctx.block(10.0) });
            let _ = ctx.wait(next).await;
            // A timer wakes the run: the page had a turn in between.
            turn.set(1);
            ctx.block(5.0);
        });
        let blocks = blocks_of(&timeline);
        let [first, second, third] = blocks[..] else { panic!("three blocks: {blocks:?}") };
        let breaks_ms = [second.0 - first.1, third.0 - second.1];
        assert!(
            breaks_ms.iter().all(|&break_ms| break_ms > HOLD_JOIN_MS),
            "the test needs breaks longer than a join: {blocks:?}"
        );
        // The first two join; the third, after the loop's turn, does not.
        assert_eq!(longest_hold_ms(&timeline), second.1 - first.0, "{blocks:?}");
    }

    #[test]
    fn a_turn_of_the_event_loop_longer_than_a_clock_tick_breaks_a_hold() {
        // The clock moves a quarter of a millisecond per reading: a frame with nothing new to
        // show takes about that long in a browser.
        let timeline = ticking_run(0.25, |ctx, turn| async move {
            ctx.block(10.0);
            turn.set(1);
            ctx.block(10.0);
        });
        let blocks = blocks_of(&timeline);
        let [first, second] = blocks[..] else { panic!("two blocks: {blocks:?}") };
        assert!(second.0 - first.1 < 1.0, "the test needs a break under a millisecond: {blocks:?}");
        assert_eq!(longest_hold_ms(&timeline), first.1 - first.0, "{blocks:?}");
    }
}
