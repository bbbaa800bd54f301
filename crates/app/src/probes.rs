//! Measurements the tests and benchmarks take from outside the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use playground_core::{Ctx, Run, SeededRng};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;
use crate::browser_runtime::BrowserRuntime;
use crate::components::timeline_view::TimelineView;
use crate::session::{RunStatus, RunView};
use crate::worker_pool::{WorkerPool, WorkerSource};

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
    let run = Run::new(Rc::new(BrowserRuntime::new(WorkerPool::new(WorkerSource::ThisModule, 1))));
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

/// Draws a live timeline of `n_lanes` tasks for `duration_ms` in a new element and resolves to
/// the frames per second the page kept meanwhile (the rendering benchmark).
pub async fn bench_render_timeline(n_lanes: u32, duration_ms: f64) -> f64 {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return 0.0 };
    let Ok(root) = document.create_element("div") else { return 0.0 };
    let _ = root.set_attribute("data-testid", "render-probe");
    if let Some(body) = document.body() {
        let _ = body.append_child(&root);
    }
    let snapshot: Rc<RefCell<Option<Callback<RunView>>>> = Rc::new(RefCell::new(None));
    let handle = yew::Renderer::<ProbeTimeline>::with_root_and_props(
        root.clone(),
        ProbeTimelineProps { connect: Rc::clone(&snapshot) },
    )
    .render();
    let run = Run::new(Rc::new(BrowserRuntime::new(WorkerPool::new(WorkerSource::ThisModule, 1))));
    let main = run.start("main", move |ctx: Ctx| async move {
        let mut rng = SeededRng::new(7);
        let tasks = (0..n_lanes)
            .map(|index| {
                let first_ms = rng.below(duration_ms as usize / 2 + 1) as f64;
                let second_ms = rng.below(duration_ms as usize / 2 + 1) as f64;
                ctx.spawn(&format!("task {index}"), move |ctx| async move {
                    ctx.sleep(first_ms).await;
                    ctx.print("half way");
                    ctx.sleep(second_ms).await;
                })
            })
            .collect();
        ctx.gather(tasks).await;
    });
    let frames = Rc::new(Cell::new(0_u32));
    let start_ms = browser::now_ms();
    while browser::now_ms() - start_ms < duration_ms {
        browser::next_frame().await;
        frames.set(frames.get() + 1);
        if let Some(publish) = snapshot.borrow().as_ref() {
            publish.emit(RunView {
                mode: "probe",
                mode_label: "probe",
                predicted_ms: duration_ms,
                timeline: Rc::new(run.timeline().clone()),
                now_ms: run.now_ms(),
                status: RunStatus::Running,
                stats: Vec::new(),
            });
        }
    }
    let fps = f64::from(frames.get()) * 1000.0 / (browser::now_ms() - start_ms);
    run.stop();
    drop(main);
    handle.destroy();
    root.remove();
    fps
}

#[derive(Properties)]
struct ProbeTimelineProps {
    connect: Rc<RefCell<Option<Callback<RunView>>>>,
}

impl PartialEq for ProbeTimelineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.connect, &other.connect)
    }
}

/// A timeline that redraws whenever the probe hands it a new snapshot.
#[function_component(ProbeTimeline)]
fn probe_timeline(props: &ProbeTimelineProps) -> Html {
    let run = use_state(|| None::<RunView>);
    {
        let run = run.clone();
        *props.connect.borrow_mut() = Some(Callback::from(move |view| run.set(Some(view))));
    }
    match &*run {
        Some(view) => html! { <TimelineView run={view.clone()} /> },
        None => html! {},
    }
}
