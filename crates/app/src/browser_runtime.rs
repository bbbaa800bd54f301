//! The runtime of the page: the browser's own event loop.

use futures::future::LocalBoxFuture;
use gloo_timers::future::TimeoutFuture;
use playground_core::executor::Executor;
use playground_core::runtime::{no_answer_within, request_failed, within_limit};
use playground_core::{Job, JobOutput, Runtime};
use wasm_bindgen::prelude::{wasm_bindgen, Closure};

use crate::browser;
use crate::timer_wheel::TimerWheel;
use crate::worker_pool::WorkerPool;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(callback: &Closure<dyn FnMut()>);
}

thread_local! {
    /// The scenarios' tasks: the ones a task wakes run in the same microtask as it.
    static TASKS: Executor = Executor::new(request_pass);
    /// Runs the ready tasks; made once, and queued as a microtask when a task is woken or
    /// started outside a pass, or a pass reaches its limit.
    static PASS: Closure<dyn FnMut()> = Closure::new(|| TASKS.with(Executor::run_ready));
}

fn request_pass() {
    PASS.with(queue_microtask);
}

/// Runs scenarios on the browser's event loop: timers are `setTimeout`, tasks run in
/// microtasks, a block is a real busy-wait and `to_thread` is a Web Worker.
pub struct BrowserRuntime {
    origin_ms: f64,
    workers: WorkerPool,
    timers: TimerWheel,
}

impl BrowserRuntime {
    /// A runtime whose clock starts now, with `workers` for off-thread jobs.
    pub fn new(workers: WorkerPool) -> Self {
        Self { origin_ms: browser::now_ms(), workers, timers: TimerWheel::default() }
    }
}

impl BrowserRuntime {
    /// The runtime's timers, shared.
    pub(crate) fn timers(&self) -> TimerWheel {
        self.timers.clone()
    }

    /// The earliest moment the run waits for, in ms on the page clock (see
    /// [`TimerWheel::next_deadline_ms`]).
    pub fn next_deadline_ms(&self) -> Option<f64> {
        self.timers.next_deadline_ms()
    }
}

impl Runtime for BrowserRuntime {
    fn now_ms(&self) -> f64 {
        browser::now_ms() - self.origin_ms
    }

    fn turn(&self) -> u64 {
        self.timers.turns()
    }

    fn sleep(&self, duration_ms: f64) -> LocalBoxFuture<'static, ()> {
        Box::pin(self.timers.sleep(duration_ms))
    }

    fn block(&self, duration_ms: f64) {
        browser::busy_wait(duration_ms);
    }

    fn charge_cpu(&self, _virtual_cost_ms: f64) {
        // The work already took real time on this clock.
    }

    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        TASKS.with(|tasks| tasks.spawn(task));
    }

    fn run_off_thread(&self, job: Job) -> LocalBoxFuture<'static, Result<JobOutput, String>> {
        // The worker runs from a blob: address, where a relative address means nothing.
        let job = match job {
            Job::Fetch { url, timeout_ms } => Job::Fetch { url: browser::absolute_url(&url), timeout_ms },
            other => other,
        };
        let (workers, timers) = (self.workers.clone(), self.timers.clone());
        // A blocking call's answer is due when its hold ends: the live view draws around it.
        let expect_answer =
            move |job: &Job| job.known_duration_ms().map(|duration_ms| timers.expect(duration_ms));
        let answer = async move { workers.run_noting(job, expect_answer).await };
        Box::pin(counting_turn(self.timers.clone(), answer))
    }

    fn fetch_text(&self, url: &str, timeout_ms: f64) -> LocalBoxFuture<'static, Result<String, String>> {
        Box::pin(counting_turn(self.timers.clone(), fetch_text(url.to_string(), timeout_ms)))
    }

    fn fetch_text_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String> {
        // A page may not put a time limit on a synchronous request; only workers may. So the
        // page waits for the answer and then holds it to the limit.
        let start_ms = browser::now_ms();
        let result = playground_worker::sync_get(url, None);
        within_limit(browser::now_ms() - start_ms, timeout_ms, result)
    }
}

/// Awaits `future`; if it had to wait, what woke it was a turn of the event loop (a worker's
/// answer, a response), which `turns` counts. One that fails at once, in the task that
/// started it, is no turn.
async fn counting_turn<F: std::future::Future>(turns: TimerWheel, future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut waited = false;
    let output = std::future::poll_fn(|context| {
        let poll = future.as_mut().poll(context);
        waited |= poll.is_pending();
        poll
    })
    .await;
    if waited {
        turns.note_turn();
    }
    output
}

/// Gets `url` as text with the page's `fetch`, failing after `timeout_ms`. It needs no clock,
/// so the page also uses it before a run's clock starts.
pub async fn fetch_text(url: String, timeout_ms: f64) -> Result<String, String> {
    let request = Box::pin(async move {
        let response = gloo_net::http::Request::get(&url)
            .send()
            .await
            .map_err(|error| request_failed(&error.to_string(), playground_worker::is_offline()))?;
        if !response.ok() {
            return Err(format!("{} {}", response.status(), response.status_text()).trim_end().to_string());
        }
        response.text().await.map_err(|error| format!("the answer could not be read: {error}"))
    });
    let limit = TimeoutFuture::new(timer_ms(timeout_ms));
    match futures::future::select(request, limit).await {
        futures::future::Either::Left((result, _)) => result,
        futures::future::Either::Right(((), _)) => Err(no_answer_within(timeout_ms)),
    }
}

/// `setTimeout` takes whole milliseconds.
fn timer_ms(duration_ms: f64) -> u32 {
    if duration_ms.is_finite() && duration_ms > 0.0 {
        duration_ms.round().min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}
