//! Measurements the tests and benchmarks take from outside the page.

use std::rc::Rc;

use playground_core::{Ctx, Run};
use wasm_bindgen::JsCast;

use crate::browser_runtime::BrowserRuntime;
use crate::worker_pool::WorkerPool;

/// Bytes of wasm linear memory, which only grows: a leak shows as growth across runs.
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|memory| memory.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |buffer| f64::from(buffer.byte_length()))
}

/// Gathers `n_tasks` tasks that each sleep `sleep_ms` on the browser runtime; the total in ms.
pub async fn bench_gather(n_tasks: u32, sleep_ms: f64) -> f64 {
    let run = Run::new(Rc::new(BrowserRuntime::new(WorkerPool::new(playground_worker::WORKER_SCRIPT, 1))));
    let main = run.start("main", move |ctx: Ctx| async move {
        let tasks = (0..n_tasks)
            .map(|index| {
                ctx.spawn(&format!("task {index}"), move |ctx| async move { ctx.sleep(sleep_ms).await })
            })
            .collect();
        ctx.gather(tasks).await;
    });
    let _ = main.await;
    run.now_ms()
}
