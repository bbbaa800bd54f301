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
        let output = match job.and_then(|message| Job::decode(&message)) {
            Ok(job) => run_job(&job, &WorkerHost),
            Err(why) => JobOutput::Failed(why),
        };
        let _ = answer_to.post_message(&JsValue::from_str(&output.encode()));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker listens for as long as it lives.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
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
        let end_ms = performance.now() + duration_ms;
        while performance.now() < end_ms {
            std::hint::spin_loop();
        }
    }

    fn fetch_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String> {
        sync_get(url, Some(timeout_ms))
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
