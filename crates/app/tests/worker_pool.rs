//! The worker pool of `to_thread` on real Web Workers (wasm-bindgen-test in headless
//! Chromium). A file of its own: the workers these tests start compile their wasm in the
//! background for a few seconds, which would disturb the timing tests of `engine_web.rs`.
#![cfg(target_arch = "wasm32")]

use playground_app::{WorkerPool, WorkerSource};
use playground_core::{Job, JobOutput};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The worker the xtask builds for these tests; the test runner serves the crate directory.
const TEST_WORKER_SCRIPT: &str = "/tests/worker-dist/playground-worker.js";

#[wasm_bindgen_test]
async fn a_job_dropped_mid_run_stops_its_worker_and_frees_its_place_in_the_pool() {
    // One worker only: a cancelled task's job must not keep it busy for the next job.
    let pool = WorkerPool::new(WorkerSource::Script(TEST_WORKER_SCRIPT.to_string()), 1);
    pool.warm(1).await.expect("the worker starts");
    let long = Box::pin(pool.run(Job::Block { duration_ms: 5000.0 }));
    let limit = gloo_timers::future::TimeoutFuture::new(100);
    match futures::future::select(long, limit).await {
        futures::future::Either::Left(_) => panic!("a 5 s job ended within 100 ms"),
        futures::future::Either::Right(((), long)) => drop(long),
    }
    let start_ms = js_sys::Date::now();
    let output = pool.run(Job::Block { duration_ms: 10.0 }).await;
    let took_ms = js_sys::Date::now() - start_ms;
    assert_eq!(output, Ok(JobOutput::Done));
    // A fresh worker starts in well under a second; the old one would have held on for 4.9 s.
    assert!(took_ms < 3000.0, "the next job took {took_ms} ms");
}

#[wasm_bindgen_test]
async fn a_job_waiting_for_a_worker_gets_the_place_a_cancelled_job_frees() {
    let pool = WorkerPool::new(WorkerSource::Script(TEST_WORKER_SCRIPT.to_string()), 1);
    pool.warm(1).await.expect("the worker starts");
    let mut long = Box::pin(pool.run(Job::Block { duration_ms: 5000.0 }));
    // One poll takes the only worker and sends it the job.
    assert!(futures::poll!(long.as_mut()).is_pending());
    let (sender, answer) = futures::channel::oneshot::channel();
    let waiting_pool = pool.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = sender.send(waiting_pool.run(Job::Block { duration_ms: 10.0 }).await);
    });
    gloo_timers::future::TimeoutFuture::new(100).await;
    let start_ms = js_sys::Date::now();
    drop(long);
    let output = answer.await.expect("the waiting job ends");
    let took_ms = js_sys::Date::now() - start_ms;
    assert_eq!(output, Ok(JobOutput::Done));
    assert!(took_ms < 3000.0, "the waiting job took {took_ms} ms after the place was freed");
}

#[wasm_bindgen_test]
async fn a_blocking_call_in_a_worker_is_a_deadline_of_the_run_until_it_answers() {
    use playground_app::BrowserRuntime;
    use playground_core::Runtime;

    let pool = WorkerPool::new(WorkerSource::Script(TEST_WORKER_SCRIPT.to_string()), 1);
    pool.warm(1).await.expect("the worker starts");
    let runtime = BrowserRuntime::new(pool);
    assert_eq!(runtime.next_deadline_ms(), None, "an idle run waits for nothing");
    let before_ms = playground_app::browser::now_ms();
    let (sender, answer) = futures::channel::oneshot::channel();
    let call = runtime.run_off_thread(Job::Block { duration_ms: 300.0 });
    wasm_bindgen_futures::spawn_local(async move {
        let _ = sender.send(call.await);
    });
    // The job goes to its worker once the task above has run.
    gloo_timers::future::TimeoutFuture::new(20).await;
    let deadline_ms = runtime.next_deadline_ms().expect("the call's answer is awaited");
    let after_ms = playground_app::browser::now_ms();
    assert!(
        deadline_ms >= before_ms + 300.0 && deadline_ms <= after_ms + 300.0,
        "the answer is due 300 ms after the call left: {deadline_ms} not in [{}, {}]",
        before_ms + 300.0,
        after_ms + 300.0
    );
    assert_eq!(answer.await.expect("the call ends"), Ok(JobOutput::Done));
    assert_eq!(runtime.next_deadline_ms(), None, "an answered call is no longer awaited");
}
