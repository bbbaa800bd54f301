//! When the page may redraw a live run without delaying it.
//!
//! Drawing is work on the run's own thread: a redraw that is still going when one of the
//! run's timers falls due makes that timer late, and the measured total with it. So a frame
//! redraws only when the next deadline is further away than a redraw costs, or when the view
//! has gone stale; a run that always has a timer due (a busy grandmaster) is then drawn every
//! two seconds when its redraws are costly and up to four times a second when they are cheap,
//! instead of at every frame. Even a stale view waits a few frames (at most [`MAX_DEFER_MS`])
//! for a better one: while a timer is overdue (after a long block the browser draws a frame or two
//! before the timers it held back, and a redraw there would add its whole cost to the run; a
//! turn of the run may leave another timer overdue, as a sleep of 0 does, or end the run) or
//! falls due within half the redraw, until a frame has more room before the next one (a run
//! of short sleeps then loses part of a redraw to each, not all of it).

/// The view goes stale after this long without a redraw, in ms, or longer when redraws are
/// costly (see [`FORCED_SHARE`]).
pub const MAX_STALE_MS: f64 = 250.0;

/// Redraws forced on a stale view take at most this share of the thread, for a view that costs
/// up to 30 ms to draw (one costlier still is drawn once a [`MAX_STALE_AFTER_MS`]): a view
/// that costs 6 ms goes stale after 400 ms, not 250. It is under the 2% by which a run may
/// miss its prediction ([`crate::fidelity::ALLOWED_SHARE`]): in a run whose timers never leave
/// room for a redraw, every forced redraw is added to the run's total.
pub const FORCED_SHARE: f64 = 0.015;
const _: () = assert!(FORCED_SHARE < crate::fidelity::ALLOWED_SHARE);

/// A view never goes stale later than this, in ms: a later redraw has more to draw at once,
/// costs more, and would wait longer still. At 1000 ms, a view that cost 25-37 ms to draw (a
/// Pokemon run of 200 names, 24 chess boards, on a slow machine) took 2.5-3.7% of such a run's
/// thread, more than the 2% it may miss by.
pub const MAX_STALE_AFTER_MS: f64 = 2000.0;

/// A stale view waits for a better frame at most this long, in ms.
pub const MAX_DEFER_MS: f64 = 50.0;

/// A stale view is drawn at once when the next timer is due at least this share of the
/// redraw's cost away; nearer, it waits for a frame with more room.
const ROOM_SHARE: f64 = 0.5;

/// What a redraw is assumed to cost before one has been measured, in ms: a frame's worth, or
/// more after a costlier rehearsal (see [`RedrawPolicy::rehearsed`]).
pub const FIRST_DRAW_COST_MS: f64 = 16.0;

/// The most a rehearsal's draw counts for, in ms, as the cost of a redraw not yet measured
/// (see [`RedrawPolicy::rehearsed`]): the costliest view whose forced redraws keep to
/// [`FORCED_SHARE`] at [`MAX_STALE_AFTER_MS`].
pub const REHEARSED_COST_MAX_MS: f64 = FORCED_SHARE * MAX_STALE_AFTER_MS;

/// How much of the last estimate is kept after a redraw cheaper than it.
const COST_DECAY: f64 = 0.9;

/// Decides, frame by frame, whether the live view is redrawn.
#[derive(Clone, Debug, PartialEq)]
pub struct RedrawPolicy {
    drawn_at_ms: f64,
    draw_cost_ms: f64,
    /// Whether a redraw's cost has been measured (not only a rehearsal's).
    cost_measured: bool,
    /// Since when a stale view has waited for a better frame, in ms.
    waiting_since_ms: Option<f64>,
    /// What the redraws measured since [`RedrawPolicy::start_tally`] cost in all.
    tally: RedrawTally,
}

/// The live view's redraws during one run and what they cost the thread: the page's own
/// share of a run's measured total, shown with its result.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RedrawTally {
    /// Redraws measured.
    pub redraws: u32,
    /// Their cost in all, in ms (render, style, layout and paint).
    pub spent_ms: f64,
    /// How long they went on past the deadline of the run's next timer, in all, in ms: what
    /// they held the run up. A redraw in a frame with room for it holds up nothing.
    pub held_up_ms: f64,
}

impl Default for RedrawPolicy {
    fn default() -> Self {
        Self {
            drawn_at_ms: f64::NEG_INFINITY,
            draw_cost_ms: FIRST_DRAW_COST_MS,
            cost_measured: false,
            waiting_since_ms: None,
            tally: RedrawTally::default(),
        }
    }
}

impl RedrawPolicy {
    /// Whether to redraw at `now_ms`, given the earliest deadline of the run's timers. When it
    /// says yes, the caller draws and then calls [`RedrawPolicy::drawn`].
    pub fn should_draw(&mut self, now_ms: f64, next_deadline_ms: Option<f64>) -> bool {
        let stale = now_ms - self.drawn_at_ms >= self.stale_after_ms();
        let room_ms = next_deadline_ms.map_or(f64::INFINITY, |deadline_ms| deadline_ms - now_ms);
        let due_soon = room_ms < self.draw_cost_ms;
        if stale && due_soon {
            // An overdue timer (no room at all) runs as soon as this frame is over.
            let since_ms = *self.waiting_since_ms.get_or_insert(now_ms);
            let better_frame_ahead = room_ms < ROOM_SHARE * self.draw_cost_ms;
            if better_frame_ahead && now_ms - since_ms < MAX_DEFER_MS {
                return false;
            }
        }
        stale || !due_soon
    }

    /// Notes that the view was drawn at `now_ms`: a wait for a better frame, if any, is over.
    pub fn drawn(&mut self, now_ms: f64) {
        self.drawn_at_ms = now_ms;
        self.waiting_since_ms = None;
    }

    /// Learns what a whole redraw cost, in ms (render, style, layout and paint): the first one
    /// replaces the guess, and then the estimate follows a costly redraw at once and a cheap
    /// one slowly, with a millisecond to spare.
    pub fn measured(&mut self, cost_ms: f64) {
        if cost_ms.is_finite() {
            let cost_ms = cost_ms.max(0.0);
            let kept_ms = if self.cost_measured { COST_DECAY * self.draw_cost_ms } else { 0.0 };
            self.draw_cost_ms = (cost_ms + 1.0).max(kept_ms);
            self.cost_measured = true;
            self.tally.redraws += 1;
            self.tally.spent_ms += cost_ms;
        }
    }

    /// Learns what a draw of a run's view unseen before the clock (a rehearsal) cost, in ms,
    /// while no redraw has been measured (of several, the dearest counts): a page's first run
    /// would otherwise guess a frame's worth and force a redraw after about a second, which on
    /// a slow machine cost 25-70 ms then. A rehearsal makes the view's elements anew and costs
    /// more than a redraw (17-98 ms against 5-40 on that machine), so it counts for
    /// [`REHEARSED_COST_MAX_MS`] at most.
    pub fn rehearsed(&mut self, cost_ms: f64) {
        if !self.cost_measured && cost_ms.is_finite() {
            let cost_ms = cost_ms.clamp(0.0, REHEARSED_COST_MAX_MS);
            self.draw_cost_ms = self.draw_cost_ms.max(cost_ms + 1.0);
        }
    }

    /// Learns what a redraw from `start_ms` to `end_ms` cost, and how long it held up the run's
    /// next timer, due at `next_deadline_ms` (see [`RedrawTally::held_up_ms`]).
    pub fn measured_redraw(&mut self, start_ms: f64, end_ms: f64, next_deadline_ms: Option<f64>) {
        let cost_ms = end_ms - start_ms;
        if !cost_ms.is_finite() {
            return;
        }
        self.measured(cost_ms);
        let held_from_ms = next_deadline_ms.map_or(end_ms, |deadline_ms| deadline_ms.max(start_ms));
        self.tally.held_up_ms += (end_ms - held_from_ms).max(0.0);
    }

    /// Starts counting the redraws anew, as a run's clock starts; what the view costs to draw
    /// is kept.
    pub fn start_tally(&mut self) {
        self.tally = RedrawTally::default();
    }

    /// The redraws measured since the tally started.
    pub fn tally(&self) -> RedrawTally {
        self.tally
    }

    /// How long the view may go without a redraw, in ms.
    pub fn stale_after_ms(&self) -> f64 {
        (self.draw_cost_ms / FORCED_SHARE).clamp(MAX_STALE_MS, MAX_STALE_AFTER_MS)
    }

    /// The redraw cost it expects, in ms.
    pub fn draw_cost_ms(&self) -> f64 {
        self.draw_cost_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_when_no_timer_is_near_and_skips_when_one_falls_due_during_the_redraw() {
        let mut policy = RedrawPolicy::default();
        policy.drawn(0.0);
        assert!(policy.should_draw(20.0, None), "no timer at all");
        assert!(policy.should_draw(20.0, Some(20.0 + FIRST_DRAW_COST_MS)), "due just after the redraw");
        assert!(!policy.should_draw(20.0, Some(30.0)), "due during the redraw");
        assert!(!policy.should_draw(20.0, Some(10.0)), "already overdue");
    }

    #[test]
    fn a_stale_view_is_drawn_even_with_a_timer_due() {
        let mut policy = RedrawPolicy::default();
        assert!(policy.should_draw(0.0, Some(FIRST_DRAW_COST_MS / 2.0)), "never drawn");
        policy.measured(2.0);
        for _ in 0..100 {
            policy.measured(2.0);
        }
        assert_eq!(policy.stale_after_ms(), MAX_STALE_MS, "a cheap view goes stale after the minimum");
        policy.drawn(100.0);
        let stale_ms = 100.0 + MAX_STALE_MS;
        assert!(!policy.should_draw(stale_ms - 1.0, Some(stale_ms + 1.5)), "not yet stale");
        assert!(
            policy.should_draw(stale_ms, Some(stale_ms + 1.5)),
            "due within the redraw, but after half of it"
        );
    }

    #[test]
    fn a_stale_view_waits_a_few_frames_for_one_with_room_for_half_the_redraw() {
        let mut policy = RedrawPolicy::default();
        policy.measured(10.0);
        let cost_ms = policy.draw_cost_ms();
        policy.drawn(0.0);
        let stale_ms = policy.stale_after_ms();
        // Sleeps of 10 ms back to back: the frames fall at different points of them.
        assert!(!policy.should_draw(stale_ms, Some(stale_ms + 1.0)), "a timer due at once");
        assert!(!policy.should_draw(stale_ms + 17.0, Some(stale_ms + 20.0)), "still too near");
        assert!(
            policy.should_draw(stale_ms + 34.0, Some(stale_ms + 34.0 + cost_ms / 2.0 + 0.01)),
            "room for half"
        );
        policy.drawn(stale_ms + 34.0);
        let stale_ms = stale_ms + 34.0 + policy.stale_after_ms();
        assert!(!policy.should_draw(stale_ms, Some(stale_ms)), "a timer due now waits too");
        assert!(!policy.should_draw(stale_ms + MAX_DEFER_MS - 1.0, Some(stale_ms + MAX_DEFER_MS)));
        assert!(
            policy.should_draw(stale_ms + MAX_DEFER_MS, Some(stale_ms + MAX_DEFER_MS)),
            "but not for long"
        );
    }

    #[test]
    fn a_stale_view_waits_while_a_timer_is_overdue_even_after_the_run_s_turns() {
        let mut policy = RedrawPolicy::default();
        policy.drawn(0.0);
        // A block held the thread until after the view went stale; its end finds a timer
        // overdue, and the browser draws frames before it runs the timer.
        let due_ms = policy.stale_after_ms();
        let end_ms = due_ms + 3.0;
        assert!(!policy.should_draw(end_ms, Some(due_ms)), "the overdue timer runs first");
        assert!(!policy.should_draw(end_ms + 6.0, Some(due_ms)), "still overdue");
        // That timer ran, and the task it woke slept for 0 ms (the ice-cream run's end): a redraw
        // now would hold that up by its whole cost.
        assert!(!policy.should_draw(end_ms + 17.0, Some(end_ms + 7.0)), "overdue again after a turn");
        assert!(policy.should_draw(end_ms + MAX_DEFER_MS, Some(end_ms + 37.0)), "but not for long");
        policy.drawn(end_ms + MAX_DEFER_MS);
        let stale_ms = end_ms + MAX_DEFER_MS + policy.stale_after_ms();
        assert!(!policy.should_draw(stale_ms, Some(stale_ms - 10.0)), "each stale view waits");
        assert!(!policy.should_draw(stale_ms + MAX_DEFER_MS - 1.0, Some(stale_ms - 10.0)));
        assert!(policy.should_draw(stale_ms + MAX_DEFER_MS, Some(stale_ms - 10.0)), "but not for long");
    }

    #[test]
    fn a_frame_with_room_after_an_overdue_timer_is_drawn() {
        let mut policy = RedrawPolicy::default();
        policy.drawn(0.0);
        let stale_ms = policy.stale_after_ms();
        assert!(!policy.should_draw(stale_ms, Some(stale_ms - 3.0)), "overdue");
        assert!(
            policy.should_draw(stale_ms + 17.0, Some(stale_ms + 17.0 + FIRST_DRAW_COST_MS)),
            "the run caught up: room for the whole redraw"
        );
    }

    #[test]
    fn a_costly_view_goes_stale_later_so_forced_redraws_keep_to_their_share() {
        let mut policy = RedrawPolicy::default();
        policy.measured(11.0);
        for _ in 0..100 {
            policy.measured(11.0);
        }
        let stale_ms = 12.0 / FORCED_SHARE;
        assert_eq!(policy.stale_after_ms(), stale_ms);
        assert!(stale_ms > MAX_STALE_MS && stale_ms < MAX_STALE_AFTER_MS, "stale after {stale_ms} ms");
        policy.drawn(0.0);
        assert!(!policy.should_draw(MAX_STALE_MS, Some(MAX_STALE_MS + 6.0)));
        assert!(!policy.should_draw(stale_ms - 1.0, Some(stale_ms + 5.0)), "not yet stale");
        assert!(policy.should_draw(stale_ms, Some(stale_ms + 6.0)));
        // A view that costs 25 ms (24 boards on a slow machine) keeps to the share too.
        let mut policy = RedrawPolicy::default();
        policy.measured(25.0);
        assert_eq!(policy.stale_after_ms(), 26.0 / FORCED_SHARE);
        // However costly, a view is drawn at least this often.
        policy.measured(100.0);
        assert_eq!(policy.stale_after_ms(), MAX_STALE_AFTER_MS);
    }

    #[test]
    fn a_rehearsal_s_cost_counts_up_to_its_limit_until_a_redraw_replaces_it() {
        let mut policy = RedrawPolicy::default();
        policy.rehearsed(5.0);
        assert_eq!(policy.draw_cost_ms(), FIRST_DRAW_COST_MS, "a cheap rehearsal lowers nothing");
        policy.rehearsed(20.0);
        assert_eq!(policy.draw_cost_ms(), 21.0);
        policy.rehearsed(90.0);
        assert_eq!(policy.draw_cost_ms(), REHEARSED_COST_MAX_MS + 1.0);
        assert_eq!(policy.stale_after_ms(), MAX_STALE_AFTER_MS, "no forced redraw for two seconds");
        let mut unmeasurable = RedrawPolicy::default();
        unmeasurable.rehearsed(f64::INFINITY);
        assert_eq!(unmeasurable.draw_cost_ms(), FIRST_DRAW_COST_MS, "no figure, no change");
        // The first redraw measured replaces the guess, and rehearsals then count for nothing.
        policy.measured(4.0);
        assert_eq!(policy.draw_cost_ms(), 5.0);
        policy.rehearsed(25.0);
        assert_eq!(policy.draw_cost_ms(), 5.0);
    }

    #[test]
    fn the_cost_follows_a_costly_redraw_at_once_and_a_cheap_one_slowly() {
        let mut policy = RedrawPolicy::default();
        policy.measured(40.0);
        assert_eq!(policy.draw_cost_ms(), 41.0);
        policy.measured(1.0);
        assert!((policy.draw_cost_ms() - 36.9).abs() < 1e-9);
        for _ in 0..100 {
            policy.measured(1.0);
        }
        assert!((policy.draw_cost_ms() - 2.0).abs() < 1e-9, "settles at the cost plus 1 ms");
        policy.measured(f64::NAN);
        assert!((policy.draw_cost_ms() - 2.0).abs() < 1e-9, "a bad reading changes nothing");
    }

    #[test]
    fn the_tally_sums_the_redraws_of_one_run_and_keeps_the_cost_estimate() {
        let mut policy = RedrawPolicy::default();
        policy.measured(30.0);
        policy.start_tally();
        assert_eq!(policy.tally(), RedrawTally::default(), "a run starts with none");
        for cost_ms in [12.0, 7.5, f64::NAN, -1.0] {
            policy.measured(cost_ms);
        }
        assert_eq!(
            policy.tally(),
            RedrawTally { redraws: 3, spent_ms: 19.5, held_up_ms: 0.0 },
            "a bad reading is not a redraw"
        );
        assert!(policy.draw_cost_ms() > 20.0, "the estimate still remembers the costly one");
        policy.start_tally();
        assert_eq!(policy.tally().redraws, 0);
    }

    #[test]
    fn a_redraw_holds_the_run_up_from_its_next_deadline_to_its_end() {
        let mut policy = RedrawPolicy::default();
        policy.start_tally();
        policy.measured_redraw(100.0, 120.0, None);
        policy.measured_redraw(200.0, 220.0, Some(230.0));
        assert_eq!(policy.tally().held_up_ms, 0.0, "no timer, or one due after the redraw");
        policy.measured_redraw(300.0, 320.0, Some(312.0));
        assert_eq!(policy.tally().held_up_ms, 8.0, "a timer due during the redraw");
        policy.measured_redraw(400.0, 415.0, Some(390.0));
        assert_eq!(policy.tally().held_up_ms, 23.0, "a timer already overdue: all of it");
        policy.measured_redraw(500.0, f64::NAN, Some(500.0));
        assert_eq!(policy.tally(), RedrawTally { redraws: 4, spent_ms: 75.0, held_up_ms: 23.0 });
    }
}
