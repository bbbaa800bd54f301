//! Frame-gap accounting for the freeze meter.

/// Nominal frame period of a 60 Hz display, in milliseconds.
pub const FRAME_PERIOD_MS: f64 = 1000.0 / 60.0;

/// Counts animation-frame gaps: the longest gap and the frames dropped since the last reset.
///
/// The page feeds it the timestamp of every `requestAnimationFrame` callback. A busy-wait on
/// the main thread stops those callbacks, so the next one arrives after a long gap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrameMeter {
    last_frame_ms: Option<f64>,
    /// When the measurement window began, in ms: no gap counts time before it.
    window_start_ms: f64,
    max_gap_ms: f64,
    dropped_frames: u64,
    n_frames: u64,
    /// Longest gap since the readings were last shown, in ms.
    unshown_gap_ms: f64,
}

impl FrameMeter {
    /// Returns a meter that has seen no frame.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a frame drawn at `timestamp_ms` and returns the gap since the previous one.
    pub fn on_frame(&mut self, timestamp_ms: f64) -> f64 {
        let gap_ms = match self.last_frame_ms {
            Some(last_ms) => (timestamp_ms - last_ms.max(self.window_start_ms)).max(0.0),
            None => 0.0,
        };
        self.last_frame_ms = Some(timestamp_ms);
        self.n_frames += 1;
        if gap_ms > self.max_gap_ms {
            self.max_gap_ms = gap_ms;
        }
        self.unshown_gap_ms = self.unshown_gap_ms.max(gap_ms);
        self.dropped_frames += dropped_in_gap(gap_ms);
        gap_ms
    }

    /// The longest gap since the last call, in ms: what the reading of the gap "now" shows when
    /// it is written. The readings are not written at every frame (see [`readings_due`]), so
    /// the frame that ends a freeze is often not the one that shows it.
    pub fn take_unshown_gap_ms(&mut self) -> f64 {
        std::mem::take(&mut self.unshown_gap_ms)
    }

    /// Starts a new measurement window at `at_ms`: the next frame's gap counts from the last
    /// frame or from `at_ms`, whichever is later. Drawing the frame before the window (the view
    /// of a run about to start) is then not counted as part of what the window measures.
    pub fn reset(&mut self, at_ms: f64) {
        self.window_start_ms = at_ms;
        self.max_gap_ms = 0.0;
        self.dropped_frames = 0;
        self.n_frames = 0;
        self.unshown_gap_ms = 0.0;
    }

    /// Longest gap between two frames since the last reset, in milliseconds.
    pub fn max_gap_ms(&self) -> f64 {
        self.max_gap_ms
    }

    /// Frames that should have been drawn but were not, since the last reset.
    pub fn dropped_frames(&self) -> u64 {
        self.dropped_frames
    }

    /// Frames drawn since the last reset.
    pub fn n_frames(&self) -> u64 {
        self.n_frames
    }
}

/// How often the meter's readings are written while frames are smooth, in ms.
pub const SHOWN_EVERY_MS: f64 = 250.0;

/// A frame gap at least this long, in ms, is a freeze: the readings show it at once.
pub const FREEZE_GAP_MS: f64 = 50.0;

/// What the page does with a frame besides the meter, which decides when the meter's readings
/// are written: writing text makes the page lay out and paint that frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameUse {
    /// No run is going on.
    Idle,
    /// A run is going on and its live view is not redrawn at this frame: a frame the page
    /// leaves alone costs the run's thread next to nothing.
    RunUntouched,
    /// A run is going on and its live view is redrawn at this frame: the page lays out and
    /// paints it anyway.
    RunRedrawn,
}

/// Whether the readings are written at a frame that ends a gap of `gap_ms`, `since_shown_ms`
/// after they were last written. A freeze is shown at once; otherwise they are written a few
/// times a second. The gap they show is the longest since they were last written
/// ([`FrameMeter::take_unshown_gap_ms`]). During a run they are written only at frames the
/// live view redraws, even for a long freeze, so the meter adds no layout and paint of its own
/// to a run's thread. A redraw comes every two seconds at the least
/// (`redraw_policy::MAX_STALE_AFTER_MS`, and sooner after a block that leaves the view stale);
/// in a run whose tasks hold the thread in turn (many boards' moves), writing each freeze at
/// once cost 6-11 ms a frame.
pub fn readings_due(gap_ms: f64, since_shown_ms: f64, frame_use: FrameUse) -> bool {
    match frame_use {
        FrameUse::RunUntouched => false,
        FrameUse::Idle | FrameUse::RunRedrawn => gap_ms >= FREEZE_GAP_MS || since_shown_ms >= SHOWN_EVERY_MS,
    }
}

/// Frames missed in a gap: a gap of one period drops none, a gap of three periods drops two.
fn dropped_in_gap(gap_ms: f64) -> u64 {
    // Half a period of slack absorbs the jitter of a healthy 60 Hz loop.
    let periods = (gap_ms / FRAME_PERIOD_MS + 0.5).floor();
    if periods > 1.0 {
        periods as u64 - 1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meter_after(frames_ms: &[f64]) -> FrameMeter {
        let mut meter = FrameMeter::new();
        for &t in frames_ms {
            meter.on_frame(t);
        }
        meter
    }

    #[test]
    fn smooth_frames_drop_nothing() {
        let frames: Vec<f64> = (0..60).map(|i| f64::from(i) * FRAME_PERIOD_MS).collect();
        let meter = meter_after(&frames);
        assert!((meter.max_gap_ms() - FRAME_PERIOD_MS).abs() < 1e-9);
        assert_eq!(meter.dropped_frames(), 0);
        assert_eq!(meter.n_frames(), 60);
    }

    #[test]
    fn a_one_second_stall_is_the_longest_gap_and_drops_about_sixty_frames() {
        let meter = meter_after(&[0.0, 16.7, 1016.7, 1033.4]);
        assert!((meter.max_gap_ms() - 1000.0).abs() < 1e-9);
        assert_eq!(meter.dropped_frames(), 59);
    }

    #[test]
    fn reset_forgets_the_window_and_measures_the_next_gap_from_its_start() {
        let mut meter = meter_after(&[0.0, 500.0]);
        meter.reset(510.0);
        assert_eq!((meter.max_gap_ms(), meter.dropped_frames()), (0.0, 0));
        // (window start, next frame, its gap): from the window's start, or from the last frame
        // if the window opened before it.
        let steps = [
            (None, 540.0, 30.0),
            (None, 560.0, 20.0),
            (Some(550.0), 600.0, 40.0),
            // The window opens at 1000 with a block until 2000: the frame after comes at the
            // display's next tick, and the gap is the block's.
            (Some(1000.0), 2016.7, 1016.7),
            // A frame stamped before the window opened (its tick came first) is no gap.
            (Some(3000.0), 2999.0, 0.0),
        ];
        for (window_start_ms, frame_ms, gap_ms) in steps {
            if let Some(window_start_ms) = window_start_ms {
                meter.reset(window_start_ms);
            }
            assert_eq!(meter.on_frame(frame_ms), gap_ms, "the frame at {frame_ms} ms");
        }
        assert_eq!(meter.max_gap_ms(), 0.0);
    }

    #[test]
    fn during_a_run_the_readings_wait_for_a_frame_the_live_view_redraws() {
        let late_ms = SHOWN_EVERY_MS + 1.0;
        assert!(readings_due(FRAME_PERIOD_MS, late_ms, FrameUse::Idle));
        assert!(readings_due(FRAME_PERIOD_MS, late_ms, FrameUse::RunRedrawn));
        assert!(!readings_due(FRAME_PERIOD_MS, late_ms, FrameUse::RunUntouched));
        assert!(!readings_due(FRAME_PERIOD_MS, SHOWN_EVERY_MS - 1.0, FrameUse::RunRedrawn));
        assert!(!readings_due(FRAME_PERIOD_MS, SHOWN_EVERY_MS - 1.0, FrameUse::Idle));
        // A freeze is shown at once, but during a run, even a long one waits for a redrawn frame.
        assert!(readings_due(FREEZE_GAP_MS, 0.0, FrameUse::Idle));
        assert!(readings_due(FREEZE_GAP_MS, 0.0, FrameUse::RunRedrawn));
        assert!(!readings_due(FREEZE_GAP_MS, 0.0, FrameUse::RunUntouched));
        assert!(!readings_due(1000.0, 0.0, FrameUse::RunUntouched), "a long freeze waits too");
        assert!(readings_due(1000.0, 0.0, FrameUse::RunRedrawn));
    }

    #[test]
    fn the_gap_shown_is_the_longest_since_the_readings_were_last_shown() {
        let mut meter = meter_after(&[0.0, 1000.0, 1000.0 + FRAME_PERIOD_MS]);
        assert_eq!(meter.take_unshown_gap_ms(), 1000.0, "the freeze, not the last frame's gap");
        meter.on_frame(1000.0 + 2.0 * FRAME_PERIOD_MS);
        assert!((meter.take_unshown_gap_ms() - FRAME_PERIOD_MS).abs() < 1e-9, "then the frames since");
        meter.on_frame(1400.0);
        meter.reset(1400.0);
        assert_eq!(meter.take_unshown_gap_ms(), 0.0, "a new window shows none of the old one's gaps");
    }

    #[test]
    fn a_clock_that_goes_backwards_counts_as_no_gap() {
        let meter = meter_after(&[100.0, 50.0]);
        assert_eq!(meter.max_gap_ms(), 0.0);
        assert_eq!(meter.dropped_frames(), 0);
    }
}
