//! The platform interface scenarios run on.

use futures::future::LocalBoxFuture;

use crate::decimal::Dec;
use crate::job::{Job, JobOutput};

/// The error of a request or job that did not answer within `timeout_ms`, worded the same
/// wherever it runs.
pub fn no_answer_within(timeout_ms: f64) -> String {
    format!("no answer within {:.0} ms", Dec(timeout_ms))
}

/// Where a scenario runs: a virtual clock in tests, the browser's event loop in the page.
///
/// Scenarios never call this directly; they use [`crate::Ctx`], which records every call on
/// the timeline.
pub trait Runtime {
    /// Milliseconds since the run began.
    fn now_ms(&self) -> f64;

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

    /// Gets `url` synchronously, holding the thread until the answer.
    fn fetch_text_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String>;
}
