//! The first page: a freeze meter, a busy-wait button and an awaited-sleep button.

use gloo_timers::future::TimeoutFuture;
use playground_core::parse_duration_ms;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::frame_loop::FrameLoop;

/// How a run spends its time.
#[derive(Clone, Copy, Debug, PartialEq)]
enum WaitKind {
    /// A busy-wait that holds the main thread: the `time.sleep` of the lessons.
    Block,
    /// An awaited timer: the `await asyncio.sleep` of the lessons.
    Await,
}

impl WaitKind {
    fn key(self) -> &'static str {
        match self {
            WaitKind::Block => "block",
            WaitKind::Await => "await",
        }
    }
}

/// What one run measured.
#[derive(Clone, Debug, PartialEq)]
struct RunResult {
    kind: WaitKind,
    duration_ms: u32,
    total_ms: f64,
    max_frame_gap_ms: f64,
    dropped_frames: u64,
}

#[derive(Clone, Debug, PartialEq)]
enum RunState {
    Idle,
    Running(WaitKind),
    Done(RunResult),
}

impl RunState {
    fn key(&self) -> &'static str {
        match self {
            RunState::Idle => "idle",
            RunState::Running(_) => "running",
            RunState::Done(_) => "done",
        }
    }
}

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let spinner = use_node_ref();
    let gap_label = use_node_ref();
    let frame_loop = use_state(|| None::<FrameLoop>);
    let run_state = use_state(|| RunState::Idle);
    let duration_text = use_state(|| "1000".to_string());
    let clicks = use_state(|| 0_u32);

    {
        let frame_loop = frame_loop.clone();
        let (spinner, gap_label) = (spinner.clone(), gap_label.clone());
        use_effect_with((), move |_| {
            let started = FrameLoop::start(spinner, gap_label);
            frame_loop.set(Some(started.clone()));
            move || started.stop()
        });
    }
    use_effect_with(run_state.key(), |state_key| {
        browser::set_body_attribute("data-run-state", state_key);
    });

    let parsed_duration = parse_duration_ms(&duration_text);
    let running = matches!(*run_state, RunState::Running(_));

    let start_run = {
        let run_state = run_state.clone();
        let frame_loop = frame_loop.clone();
        let parsed_duration = parsed_duration.clone();
        move |kind: WaitKind| {
            let (Ok(duration_ms), Some(frame_loop)) =
                (parsed_duration.clone(), (*frame_loop).clone())
            else {
                return;
            };
            let run_state = run_state.clone();
            run_state.set(RunState::Running(kind));
            spawn_local(async move {
                // Let the page paint "running" before the clock starts.
                browser::next_frame().await;
                frame_loop.reset_meter();
                let start_ms = browser::now_ms();
                match kind {
                    WaitKind::Block => browser::busy_wait(f64::from(duration_ms)),
                    WaitKind::Await => TimeoutFuture::new(duration_ms).await,
                }
                let total_ms = browser::now_ms() - start_ms;
                // The gap a block caused is only seen by the first frame after it.
                browser::next_frame().await;
                browser::next_frame().await;
                let meter = frame_loop.meter();
                run_state.set(RunState::Done(RunResult {
                    kind,
                    duration_ms,
                    total_ms,
                    max_frame_gap_ms: meter.max_gap_ms(),
                    dropped_frames: meter.dropped_frames(),
                }));
            });
        }
    };
    let on_block = {
        let start_run = start_run.clone();
        Callback::from(move |_: MouseEvent| start_run(WaitKind::Block))
    };
    let on_await = Callback::from(move |_: MouseEvent| start_run(WaitKind::Await));
    let on_duration_input = {
        let duration_text = duration_text.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            duration_text.set(input.value());
        })
    };
    let on_click_counter = {
        let clicks = clicks.clone();
        Callback::from(move |_: MouseEvent| clicks.set(*clicks + 1))
    };
    let can_run = parsed_duration.is_ok() && !running;

    html! {
        <main class="page">
            <header class="page-header">
                <h1>{ "Async playground" }</h1>
                <p class="lesson">
                    { "A busy-wait holds the only thread the page has: the spinner stops and typing stops. " }
                    { "An awaited timer hands the thread back: the spinner keeps turning." }
                </p>
            </header>

            <section class="freeze-meter" aria-label="Freeze meter">
                <div class="spinner" ref={spinner} data-testid="spinner" aria-hidden="true"></div>
                <dl class="meter-readings">
                    <dt>{ "Frame gap now" }</dt>
                    <dd ref={gap_label} data-testid="live-gap">{ "0 ms" }</dd>
                </dl>
                <label class="feel">
                    { "Type here while it runs" }
                    <input type="text" name="feel" placeholder="…and see whether letters appear" />
                </label>
                <button type="button" class="counter" onclick={on_click_counter} data-testid="click-counter">
                    { format!("Clicked {} times", *clicks) }
                </button>
            </section>

            <section class="controls" aria-label="Run">
                <label for="duration-ms">{ "Duration" }</label>
                <input id="duration-ms" type="number" name="ms" min="0" max="15000" step="100"
                    value={(*duration_text).clone()} oninput={on_duration_input} />
                <span class="unit">{ "ms" }</span>
                <button type="button" data-testid="block" onclick={on_block} disabled={!can_run}>
                    { "Block (busy-wait)" }
                </button>
                <button type="button" data-testid="await" onclick={on_await} disabled={!can_run}>
                    { "Await (timer)" }
                </button>
                if let Err(message) = &parsed_duration {
                    <p class="input-error" role="alert" data-testid="input-error">{ message.clone() }</p>
                }
            </section>

            { view_run_state(&run_state) }
        </main>
    }
}

fn view_run_state(state: &RunState) -> Html {
    match state {
        RunState::Idle => html! {
            <p class="hint">{ "Press a button, then watch the spinner." }</p>
        },
        RunState::Running(kind) => html! {
            <p class="hint" aria-live="polite">{ format!("Running: {}…", kind.key()) }</p>
        },
        RunState::Done(result) => html! {
            <section class="run-result" data-testid="run-result"
                data-mode={result.kind.key()}
                data-total-ms={format!("{:.1}", result.total_ms)}
                data-predicted-ms={result.duration_ms.to_string()}
                data-max-frame-gap-ms={format!("{:.1}", result.max_frame_gap_ms)}
                data-dropped-frames={result.dropped_frames.to_string()}
                aria-live="polite">
                <h2>{ match result.kind { WaitKind::Block => "Blocked", WaitKind::Await => "Awaited" } }</h2>
                <dl>
                    <dt>{ "Measured total" }</dt><dd>{ format!("{:.0} ms", result.total_ms) }</dd>
                    <dt>{ "Longest frame gap" }</dt><dd>{ format!("{:.0} ms", result.max_frame_gap_ms) }</dd>
                    <dt>{ "Dropped frames" }</dt><dd>{ result.dropped_frames.to_string() }</dd>
                </dl>
            </section>
        },
    }
}
