//! The Yew shell of the async playground.
//!
//! Everything that needs the browser lives here: the requestAnimationFrame loop that drives
//! the freeze spinner, the busy-wait and the awaited timer. Logic that can be tested without
//! a DOM lives in `playground-core`.

mod app;
pub mod browser;
mod browser_runtime;
mod components;
mod frame_loop;
mod long_tasks;
pub mod panic_panel;
pub mod probes;
mod python;
mod session;
mod timer_wheel;
mod worker_pool;

pub use app::App;
pub use browser_runtime::BrowserRuntime;
pub use frame_loop::FrameLoop;
pub use worker_pool::{WorkerPool, WorkerSource};

/// Installs the panic panel and mounts the app on `<body>`.
pub fn start() {
    panic_panel::install();
    // In a task of its own: the one that instantiated the wasm has done enough. Where no task
    // could be posted, that callback never runs, and the app is mounted now.
    if !browser::after_rendering(|_| mount()) {
        mount();
    }
}

/// Mounts the app on `<body>`.
fn mount() {
    yew::Renderer::<App>::new().render();
}
