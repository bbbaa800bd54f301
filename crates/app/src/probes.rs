//! Measurements the tests and benchmarks take from outside the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use playground_core::{Ctx, Run, SeededRng};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;
use crate::browser_runtime::BrowserRuntime;
use crate::components::output_console::OutputConsole;
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

/// What [`bench_render_live`] measured.
pub struct LiveViewCost {
    /// Frames per second the page kept.
    pub fps: f64,
    /// The thread's time spent on frames (rendering, style, layout, paint) in the first and
    /// in the last second, in ms.
    pub first_second_ms: f64,
    pub last_second_ms: f64,
    /// What the view held at the end: segments on all lanes, and printed lines.
    pub n_segments: usize,
    pub n_lines: usize,
}

/// Draws a live run of `n_lanes` tasks for `duration_ms` in a new element, its timeline and
/// its output, as a run's article does (the rendering benchmarks). Each task sleeps `n_sleeps`
/// times, evenly over the duration, and prints `n_prints` lines along the way, so the view's
/// history grows all the time.
pub async fn bench_render_live(n_lanes: u32, n_sleeps: u32, n_prints: u32, duration_ms: f64) -> LiveViewCost {
    let mut cost =
        LiveViewCost { fps: 0.0, first_second_ms: 0.0, last_second_ms: 0.0, n_segments: 0, n_lines: 0 };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return cost };
    let Ok(root) = document.create_element("div") else { return cost };
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
    let n_sleeps = n_sleeps.max(1);
    let main = run.start("main", move |ctx: Ctx| async move {
        let mut rng = SeededRng::new(7);
        let period_ms = duration_ms / f64::from(n_sleeps);
        let tasks = (0..n_lanes)
            .map(|index| {
                let phase_ms = rng.below(period_ms as usize + 1) as f64;
                // Each task starts at its own phase and ends with the probe.
                let step_ms = (duration_ms - phase_ms) / f64::from(n_sleeps);
                ctx.spawn(&format!("task {index}"), move |ctx| async move {
                    ctx.sleep(phase_ms).await;
                    for step in 0..n_sleeps {
                        if step * n_prints / n_sleeps != (step + 1) * n_prints / n_sleeps {
                            ctx.print(format!("step {step}"));
                        }
                        ctx.sleep(step_ms).await;
                    }
                })
            })
            .collect();
        ctx.gather(tasks).await;
    });
    let frames = Rc::new(Cell::new(0_u32));
    // The thread's time on frames in the first second and in the last.
    let spent_ms = Rc::new(RefCell::new([0.0_f64; 2]));
    let start_ms = browser::now_ms();
    while browser::now_ms() - start_ms < duration_ms {
        browser::next_frame().await;
        let frame_ms = browser::now_ms();
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
                room: Default::default(),
            });
        }
        // The frame's cost: from its start until its rendering is over.
        let elapsed_ms = frame_ms - start_ms;
        let bin =
            if elapsed_ms < 1000.0 { Some(0) } else { (elapsed_ms >= duration_ms - 1000.0).then_some(1) };
        if let Some(bin) = bin {
            let spent_ms = Rc::clone(&spent_ms);
            browser::after_rendering(move |done_ms| spent_ms.borrow_mut()[bin] += done_ms - frame_ms);
        }
    }
    // The last frame's rendering is over after one more task.
    browser::next_frame().await;
    cost.fps = f64::from(frames.get()) * 1000.0 / (browser::now_ms() - start_ms);
    [cost.first_second_ms, cost.last_second_ms] = *spent_ms.borrow();
    {
        let timeline = run.timeline();
        cost.n_segments = timeline.lanes.iter().map(|lane| lane.segments.len()).sum();
        cost.n_lines = timeline.printed().len();
    }
    run.stop();
    drop(main);
    handle.destroy();
    root.remove();
    cost
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
        Some(view) => html! {
            <>
                <TimelineView run={view.clone()} />
                <OutputConsole timeline={view.timeline.clone()} live=true />
            </>
        },
        None => html! {},
    }
}
