//! Entry point that Trunk builds: installs the panic panel and mounts the app. The same module
//! is the `to_thread` worker: started where there is no window, it registers the job runner.
//! It also exports probes for the tests and benchmarks (`window.wasmBindings`).

use wasm_bindgen::prelude::*;

fn main() {
    if web_sys::window().is_none() {
        playground_worker::serve();
        return;
    }
    playground_app::start();
}

/// Bytes of wasm linear memory in use, for the long-session memory check.
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    playground_app::probes::wasm_memory_bytes()
}

/// Runs `n_tasks` tasks that each await `sleep_ms`, gathered through the playground's runtime,
/// and resolves to the total in ms (the scale benchmark).
#[wasm_bindgen]
pub async fn bench_gather(n_tasks: u32, sleep_ms: f64) -> f64 {
    playground_app::probes::bench_gather(n_tasks, sleep_ms).await
}

/// Draws a live timeline of `n_lanes` tasks for `duration_ms` and resolves to the frames per
/// second kept (the rendering benchmark).
#[wasm_bindgen]
pub async fn bench_render_timeline(n_lanes: u32, duration_ms: f64) -> f64 {
    playground_app::probes::bench_render_timeline(n_lanes, duration_ms).await
}
