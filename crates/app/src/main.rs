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

/// Draws a live run of `n_lanes` tasks that each sleep `n_sleeps` times and print `n_prints`
/// lines over `duration_ms` (the rendering benchmarks). Resolves to [frames per second, the
/// thread's ms on frames in the first second, in the last second, segments, printed lines].
#[wasm_bindgen]
pub async fn bench_render_live(n_lanes: u32, n_sleeps: u32, n_prints: u32, duration_ms: f64) -> Vec<f64> {
    let cost = playground_app::probes::bench_render_live(n_lanes, n_sleeps, n_prints, duration_ms).await;
    vec![cost.fps, cost.first_second_ms, cost.last_second_ms, cost.n_segments as f64, cost.n_lines as f64]
}
