//! The Web Worker behind `to_thread`: it runs one of core's blocking jobs and answers with
//! its output. The page talks to it through [`RunJob`], a gloo-worker oneshot.

use gloo_worker::oneshot::oneshot;
use playground_core::{run_job, Job, JobOutput};
use wasm_bindgen::JsCast;

/// The file Trunk builds for this worker, next to the page (no hash in its name).
pub const WORKER_SCRIPT: &str = "./playground-worker.js";

/// Runs a blocking job on the worker's own thread.
#[oneshot]
pub async fn RunJob(job: Job) -> JobOutput {
    run_job(&job, &busy_wait)
}

/// Holds the worker's thread for `duration_ms`; the page's main thread is not affected.
fn busy_wait(duration_ms: f64) {
    let Some(performance) =
        js_sys::global().dyn_into::<web_sys::WorkerGlobalScope>().ok().and_then(|scope| scope.performance())
    else {
        return;
    };
    let end_ms = performance.now() + duration_ms;
    while performance.now() < end_ms {
        std::hint::spin_loop();
    }
}
