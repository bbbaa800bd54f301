//! The Web Worker behind `to_thread`: it runs core's blocking jobs, one message at a time,
//! and answers each with its output (both cross as text, see `playground_core::wire`).
//! [`sync_get`] is here too, as the page makes the same synchronous request in `blocking`.

use playground_core::{run_job, Job, JobHost, JobOutput};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, XmlHttpRequest};

/// The worker's first message: it listens for jobs.
pub const READY: &str = "ready";

/// Makes this worker run each job the page posts and post back its output. It first posts
/// [`READY`], as jobs posted before it listens would be lost.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let answer_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let job =
            event.data().as_string().ok_or_else(|| "the page posted a job that is not text".to_string());
        let answer = {
            let answer_to = answer_to.clone();
            move |output: JobOutput| drop(answer_to.post_message(&JsValue::from_str(&output.encode())))
        };
        match job.and_then(|message| Job::decode(&message)) {
            Ok(Job::Block { duration_ms }) => {
                sleep_then(&answer_to, duration_ms, move || answer(JobOutput::Done))
            }
            Ok(job) => answer(run_job(&job, &WorkerHost)),
            Err(why) => answer(JobOutput::Failed(why)),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker listens for as long as it lives.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// How early the timer of a [`Job::Block`] fires, in ms: the rest is held exactly.
const EARLY_MS: f64 = 2.0;

/// Calls `then` once `duration_ms` have passed. A blocking call in a thread (`time.sleep`, a
/// slow model) waits without computing, so the worker waits on a timer, not the CPU: its
/// threads then leave the machine's cores to the page, as the lesson's threads leave them to
/// the event loop. The page gives a worker one job at a time, so nothing else runs here
/// meanwhile. The timer is armed a little early and the last stretch held, as timers may fire
/// late.
fn sleep_then(scope: &DedicatedWorkerGlobalScope, duration_ms: f64, then: impl FnOnce() + 'static) {
    let Some(performance) = scope.performance() else { return then() };
    let end_ms = performance.now() + duration_ms.max(0.0);
    let wake = Closure::once_into_js(move || {
        WorkerHost.block(end_ms - performance.now());
        then();
    });
    let delay_ms = (duration_ms - EARLY_MS).floor().clamp(0.0, f64::from(i32::MAX)) as i32;
    if scope.set_timeout_with_callback_and_timeout_and_arguments_0(wake.unchecked_ref(), delay_ms).is_err() {
        // No timer: call the function straight away, which holds the whole wait.
        let _ = wake.unchecked_ref::<js_sys::Function>().call0(&JsValue::UNDEFINED);
    }
}

/// The worker's thread: busy-waits and synchronous requests hold it, not the page's.
struct WorkerHost;

impl JobHost for WorkerHost {
    fn block(&self, duration_ms: f64) {
        let Some(performance) = js_sys::global()
            .dyn_into::<web_sys::WorkerGlobalScope>()
            .ok()
            .and_then(|scope| scope.performance())
        else {
            return;
        };
        spin_until(&performance, performance.now() + duration_ms);
    }

    fn fetch_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String> {
        sync_get(url, Some(timeout_ms))
    }
}

/// Holds the calling thread until `performance` reads `end_ms` (see
/// [`playground_core::runtime::clock_reached`]).
pub fn spin_until(performance: &web_sys::Performance, end_ms: f64) {
    // An end that is not a number is never reached.
    if end_ms.is_nan() {
        return;
    }
    while !playground_core::runtime::clock_reached(performance.now(), end_ms) {
        std::hint::spin_loop();
    }
}

/// A synchronous GET: the calling thread waits for the answer. Browsers allow a time limit
/// on synchronous requests only in workers, so the page passes `None`.
pub fn sync_get(url: &str, timeout_ms: Option<f64>) -> Result<String, String> {
    let request = XmlHttpRequest::new().map_err(describe)?;
    request.open_with_async("GET", url, false).map_err(describe)?;
    if let Some(timeout_ms) = timeout_ms {
        request.set_timeout(timeout_ms.clamp(0.0, f64::from(u32::MAX)) as u32);
    }
    request.send().map_err(|error| match timeout_ms {
        Some(limit_ms) if describe(error.clone()).contains("Timeout") => {
            playground_core::runtime::no_answer_within(limit_ms)
        }
        _ => playground_core::runtime::request_failed(&describe(error), is_offline()),
    })?;
    let status = request.status().map_err(describe)?;
    if !(200..300).contains(&status) {
        let text = request.status_text().unwrap_or_default();
        return Err(format!("{status} {text}").trim_end().to_string());
    }
    request.response_text().map_err(describe).map(Option::unwrap_or_default)
}

/// Whether the browser says it has no network (`navigator.onLine` is false), in the page or
/// in a worker.
pub fn is_offline() -> bool {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"));
    let on_line =
        navigator.and_then(|navigator| js_sys::Reflect::get(&navigator, &JsValue::from_str("onLine")));
    on_line.is_ok_and(|on_line| on_line == JsValue::FALSE)
}

/// A JS error as a readable message.
pub fn describe(error: JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return format!("{}: {}", String::from(error.name()), String::from(error.message()));
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}
