//! The platform interface scenarios run on.

use futures::future::LocalBoxFuture;

use crate::decimal::Dec;
use crate::job::{Job, JobOutput};

/// The error of a request or job that did not answer within `timeout_ms`, worded the same
/// wherever it runs.
pub fn no_answer_within(timeout_ms: f64) -> String {
    format!("no answer within {:.0} ms", Dec(timeout_ms))
}

/// The error of a request that could not be sent or answered, worded the same wherever it
/// runs; `offline` says the browser knows it has no network, which the message then names.
pub fn request_failed(detail: &str, offline: bool) -> String {
    if offline {
        "offline: this browser has no network, so the real API cannot be reached (the offline API works without one)"
            .to_string()
    } else {
        format!("the request failed: {detail}")
    }
}

/// The answer to a synchronous request: `result`, unless it came `answer_ms` after the
/// request, later than `timeout_ms`. A page cannot cut a synchronous request short, so it
/// waits for a late answer and then counts it as failed, as the other modes' limit would.
pub fn within_limit(
    answer_ms: f64,
    timeout_ms: f64,
    result: Result<String, String>,
) -> Result<String, String> {
    if answer_ms > timeout_ms {
        Err(format!(
            "{} (it came after {:.0} ms; a page cannot cut a synchronous request short)",
            no_answer_within(timeout_ms),
            Dec(answer_ms)
        ))
    } else {
        result
    }
}

/// Where a scenario runs: a virtual clock in tests, the browser's event loop in the page.
///
/// Scenarios never call this directly; they use [`crate::Ctx`], which records every call on
/// the timeline.
pub trait Runtime {
    /// Milliseconds since the run began.
    fn now_ms(&self) -> f64;

    /// How many times the event loop has woken the run so far: a timer fired, a worker
    /// answered, a response came. Between two wakes the run's code ran in one go (one task
    /// handing over to the next through the microtask queue), with no frame between.
    fn turn(&self) -> u64;

    /// Completes `duration_ms` from now, without holding the thread.
    fn sleep(&self, duration_ms: f64) -> LocalBoxFuture<'static, ()>;

    /// Holds the thread for `duration_ms`: nothing else runs meanwhile.
    fn block(&self, duration_ms: f64);

    /// Accounts for CPU work that just ran; a virtual clock advances by `virtual_cost_ms`,
    /// a real one has already moved on its own.
    fn charge_cpu(&self, virtual_cost_ms: f64);

    /// Starts `task` on the event loop, to run concurrently with its caller.
    fn spawn(&self, task: LocalBoxFuture<'static, ()>);

    /// Runs `job` off the main thread and completes with its output.
    fn run_off_thread(&self, job: Job) -> LocalBoxFuture<'static, Result<JobOutput, String>>;

    /// Gets `url` without holding the thread; the body, or a message saying what failed
    /// (offline, an HTTP error, or no answer within `timeout_ms`).
    fn fetch_text(&self, url: &str, timeout_ms: f64) -> LocalBoxFuture<'static, Result<String, String>>;

    /// Gets `url` synchronously, holding the thread until the answer, however late; an
    /// answer later than `timeout_ms` counts as failed (see [`within_limit`]).
    fn fetch_text_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String>;
}

/// How far short of a deadline the page's clock may read and still count as having reached
/// it, in ms. Outside cross-origin isolation `performance.now()` moves in ticks of 0.1 ms, and
/// its readings are not exact multiples of a tick (6934.4000000059605, then 6934.5): a reading
/// plus 0.1 ms is often a few billionths over the next tick's reading, and a wait for it ran a
/// whole tick more. Holds of 0.1 ms took 0.168 ms on average, of 0.3 ms 0.375.
pub const CLOCK_SLACK_MS: f64 = 0.001;

/// Whether the clock, reading `now_ms`, has reached `end_ms`.
pub fn clock_reached(now_ms: f64, end_ms: f64) -> bool {
    now_ms >= end_ms - CLOCK_SLACK_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_tick_of_a_coarse_clock_reaches_a_deadline_one_tick_on() {
        // Readings seen in Chromium, one tick (0.1 ms) apart.
        let readings = [6934.20000000298, 6934.300000011921, 6934.4000000059605, 6934.5, 6934.600000008941];
        for pair in readings.windows(2) {
            let end_ms = pair[0] + 0.1;
            assert!(clock_reached(pair[1], end_ms), "{} reaches {end_ms}", pair[1]);
        }
        // Without the slack, the tick after 6934.4000000059605 would not count.
        let (reading_ms, next_ms) = std::hint::black_box((6934.4000000059605, 6934.5));
        assert!(next_ms < reading_ms + 0.1);
    }

    #[test]
    fn the_benchmarks_plain_js_floor_waits_with_the_same_slack() {
        // tests/bench/floor.mjs plays the chess exhibition in plain JS as the page's floor: its
        // busy wait must stop where the page's does, or the floor of short moves runs long.
        let floor_js = include_str!("../../../tests/bench/floor.mjs");
        let line = format!("export const CLOCK_SLACK_MS = {CLOCK_SLACK_MS};");
        assert!(floor_js.contains(&line), "floor.mjs must say `{line}`");
        assert!(floor_js.contains("const end = performance.now() + gmMoveMs - CLOCK_SLACK_MS;"));
        // The page's function sees only what it is handed: the slack is one of its arguments.
        assert_eq!(floor_js.matches("sync, times, CLOCK_SLACK_MS }").count(), 2, "passed and taken");
    }

    #[test]
    fn a_failed_request_names_the_missing_network_only_when_the_browser_is_offline() {
        assert_eq!(request_failed("NetworkError", false), "the request failed: NetworkError");
        let offline = request_failed("NetworkError", true);
        assert!(offline.starts_with("offline:"), "{offline}");
        assert!(offline.contains("offline API"), "{offline}");
    }
}
