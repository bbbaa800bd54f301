//! "Your own program": an editor, CPython loaded on demand, and the run drawn live on the
//! lessons' timeline, with its output, its freeze and its errors.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use playground_core::code_examples::{example, examples};
use playground_core::code_link::{fragment_for, packed_code, MAX_CODE_CHARS};
use playground_core::decimal::Dec;
use playground_core::python_trace::PythonTrace;
use playground_core::{SegmentKind, Timeline};
use wasm_bindgen::prelude::*;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::format_ms;
use super::output_console::OutputConsole;
use super::timeline_view::TimelineView;
use crate::browser;
use crate::frame_loop::FrameLoop;
use crate::long_tasks::LongTaskReading;
use crate::python::{self, Outcome};
use crate::session::{RunStats, RunStatus, RunView};

/// Props of [`CodePanel`].
#[derive(Properties, PartialEq)]
pub struct CodePanelProps {
    /// The page's frame loop, which measures the freeze a run causes.
    pub frame_loop: FrameLoop,
    /// The link's fragment when the page opened (`#code=...` carries a program).
    pub fragment: String,
}

/// Where CPython is.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading { loaded_bytes: f64, total_bytes: f64 },
    Ready,
    Failed(String),
}

/// One run of the program, as shown.
#[derive(Clone, Debug, PartialEq)]
struct CodeRun {
    timeline: Rc<Timeline>,
    now_ms: f64,
    /// `None` while it runs.
    outcome: Option<Outcome>,
    stats: Option<RunStats>,
}

/// The editor, its menu and buttons, and the last run's results.
#[function_component(CodePanel)]
pub fn code_panel(props: &CodePanelProps) -> Html {
    let status = use_state(|| Status::Loading { loaded_bytes: 0.0, total_bytes: 0.0 });
    let load_attempt = use_state(|| 0_u32);
    let editor_node = use_node_ref();
    let editor = use_mut_ref(|| None::<JsValue>);
    let run = use_state(|| None::<CodeRun>);
    let running = use_state(|| false);
    // Whether a run goes on, read and written at once: the handler Ctrl+Enter calls may be
    // one render old, and a run that just ended must not turn the next one away.
    let busy = use_mut_ref(|| false);
    let message = use_state(|| None::<String>);
    // The Ctrl/Cmd+Enter handler is made once; it calls whatever Run does at the time.
    let latest_run = use_mut_ref(|| None::<Callback<()>>);

    {
        // The editor, with the link's program or the first starter program.
        let (editor_node, editor, message, latest_run) =
            (editor_node.clone(), editor.clone(), message.clone(), latest_run.clone());
        let fragment = props.fragment.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let (text, notice) = initial_program(&fragment).await;
                if let Some(notice) = notice {
                    message.set(Some(notice));
                }
                let on_run = Closure::<dyn Fn()>::new(move || {
                    if let Some(run) = latest_run.borrow().as_ref() {
                        run.emit(());
                    }
                });
                let Some(parent) = editor_node.cast::<web_sys::Element>() else { return };
                match python::create_editor(&parent, &text, on_run.as_ref().unchecked_ref()).await {
                    Ok(handle) => *editor.borrow_mut() = Some(handle),
                    Err(error) => message.set(Some(format!(
                        "The editor could not be loaded: {}. Reload the page to try again.",
                        python::message_of(&error)
                    ))),
                }
                // The editor keeps calling it for as long as the page lives.
                on_run.forget();
            });
        });
    }
    {
        // CPython, loaded once the tab opens, and again on Retry.
        let status = status.clone();
        use_effect_with(*load_attempt, move |_| {
            status.set(Status::Loading { loaded_bytes: 0.0, total_bytes: 0.0 });
            wasm_bindgen_futures::spawn_local(async move {
                let progress_status = status.clone();
                let on_progress =
                    Closure::<dyn Fn(f64, f64)>::new(move |loaded_bytes: f64, total_bytes: f64| {
                        progress_status.set(Status::Loading { loaded_bytes, total_bytes });
                    });
                let loaded = python::load_python(on_progress.as_ref().unchecked_ref()).await;
                drop(on_progress);
                status.set(match loaded {
                    Ok(_) => Status::Ready,
                    Err(error) => Status::Failed(python::message_of(&error)),
                });
            });
        });
    }

    let on_run = {
        let (editor, run, running, message) = (editor.clone(), run.clone(), running.clone(), message.clone());
        let (frame_loop, busy) = (props.frame_loop.clone(), busy.clone());
        let ready = *status == Status::Ready;
        Callback::from(move |()| {
            let Some(handle) = editor.borrow().clone() else { return };
            if *busy.borrow() || !ready {
                return;
            }
            *busy.borrow_mut() = true;
            python::mark_editor_line(&handle, 0);
            message.set(None);
            let source = python::editor_text(&handle);
            let (run, running, frame_loop, busy) =
                (run.clone(), running.clone(), frame_loop.clone(), busy.clone());
            running.set(true);
            let message = message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = run_live(&source, &frame_loop, &run, &message).await;
                if let (Some(line), "error") = (outcome.line, outcome.status.as_str()) {
                    python::mark_editor_line(&handle, line);
                }
                *busy.borrow_mut() = false;
                running.set(false);
                // Said last: once the page reads "done", the next run may start.
                browser::set_body_attribute("data-run-state", "done");
            });
        })
    };
    *latest_run.borrow_mut() = Some(on_run.clone());

    let on_stop = Callback::from(|_: MouseEvent| python::stop_program());
    let on_example = {
        let (editor, message) = (editor.clone(), message.clone());
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let (Some(starter), Some(handle)) = (example(&select.value()), editor.borrow().as_ref()) {
                python::set_editor_text(handle, starter.source);
                python::mark_editor_line(handle, 0);
                message.set(None);
            }
        })
    };
    let on_copy_link = {
        let (editor, message) = (editor.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(handle) = editor.borrow().clone() else { return };
            let message = message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = python::editor_text(&handle);
                let said = match python::pack_code(&text).await.map(|packed| packed.as_string()) {
                    Ok(Some(packed)) => {
                        let fragment = fragment_for(&packed);
                        browser::replace_fragment(&fragment);
                        let link = browser::location_href();
                        match browser::copy_text(&link).await {
                            Ok(()) => {
                                format!("Link copied ({} characters): it opens this program.", link.len())
                            }
                            Err(()) => format!("Copy this link: {link}"),
                        }
                    }
                    _ => "The program could not be packed into a link.".to_string(),
                };
                message.set(Some(said));
            });
        })
    };
    let on_retry = {
        let load_attempt = load_attempt.clone();
        Callback::from(move |_: MouseEvent| load_attempt.set(*load_attempt + 1))
    };

    let ready = *status == Status::Ready;
    html! {
        <section class="code-panel" aria-label="Your own program">
            <h2>{ "Your own program" }</h2>
            <p class="hint">
                { "Write asyncio Python and run it as real CPython on this page's event loop: " }
                { "time.sleep really freezes the page, await asyncio.sleep really does not. Ctrl+Enter runs." }
            </p>
            { view_status(&status, on_retry) }
            <div class="code-toolbar">
                <label>
                    { "Start from " }
                    <select data-testid="examples" onchange={on_example}>
                        { for examples().iter().map(|starter| html! {
                            <option value={starter.key}>{ starter.title }</option>
                        }) }
                    </select>
                </label>
                <button type="button" data-testid="run" disabled={!ready || *running}
                    onclick={on_run.reform(|_| ())}>{ "Run" }</button>
                <button type="button" data-testid="stop" class="secondary" disabled={!*running}
                    onclick={on_stop}>{ "Stop" }</button>
                <button type="button" data-testid="copy-link" class="secondary" onclick={on_copy_link}>
                    { "Copy link" }
                </button>
            </div>
            if let Some(text) = &*message {
                <p class="run-message" role="status" data-testid="run-message">{ text.clone() }</p>
            }
            <div class="editor-host" ref={editor_node}></div>
            if let Some(run) = &*run {
                { view_run(run) }
            }
        </section>
    }
}

/// The program a page opens with: the link's, or the first starter program; and a notice if
/// the link's could not be read.
async fn initial_program(fragment: &str) -> (String, Option<String>) {
    let first = examples().first().map_or("", |starter| starter.source).to_string();
    match packed_code(fragment) {
        Ok(None) => (first, None),
        Err(problem) => (first, Some(problem)),
        Ok(Some(packed)) => match python::unpack_code(packed, MAX_CODE_CHARS as u32).await {
            Ok(text) => match text.as_string() {
                Some(text) => (text, None),
                None => (first, Some("The link's program is not text; nothing was loaded.".to_string())),
            },
            Err(error) => (
                first,
                Some(format!(
                    "The link's program could not be read ({}); nothing was loaded.",
                    python::message_of(&error)
                )),
            ),
        },
    }
}

/// Runs `source`, publishing its timeline to `view` at every frame until it ends; `message`
/// says what happens before its clock starts (its threads starting).
async fn run_live(
    source: &str,
    frame_loop: &FrameLoop,
    view: &UseStateHandle<Option<CodeRun>>,
    message: &UseStateHandle<Option<String>>,
) -> Outcome {
    let trace = Rc::new(RefCell::new(PythonTrace::new()));
    view.set(Some(CodeRun { timeline: Rc::default(), now_ms: 0.0, outcome: None, stats: None }));
    browser::set_body_attribute("data-run-state", "running");
    // A program that uses threads gets them before its clock starts, as Python's pool has
    // its threads at hand.
    let n_threads = python::program_threads(source);
    if n_threads > 0 {
        message.set(Some(format!(
            "Starting {n_threads} threads for to_thread: Web Workers, each running its own CPython, with your program loaded…"
        )));
        let prepared = python::prepare_program(source).await;
        message.set(None);
        if let Err(error) = prepared {
            let outcome = Outcome::failed(&error);
            view.set(Some(CodeRun {
                timeline: Rc::default(),
                now_ms: 0.0,
                outcome: Some(outcome.clone()),
                stats: None,
            }));
            return outcome;
        }
    }
    // The running view is drawn and painted before the program's clock starts.
    browser::next_frame().await;
    browser::next_frame().await;
    // Events left from a run that was cut short belong to no one.
    let _ = python::take_events();
    frame_loop.reset_meter();
    let start_ms = browser::now_ms();
    let finished = Rc::new(Cell::new(false));
    {
        let (trace, finished, view) = (trace.clone(), finished.clone(), view.clone());
        wasm_bindgen_futures::spawn_local(async move {
            while !finished.get() {
                browser::next_frame().await;
                if finished.get() {
                    break;
                }
                let events = python::take_events();
                if !events.is_empty() {
                    trace.borrow_mut().feed(&events);
                    let timeline = Rc::new(trace.borrow().timeline().clone());
                    let now_ms = browser::now_ms() - start_ms;
                    view.set(Some(CodeRun { timeline, now_ms, outcome: None, stats: None }));
                }
            }
        });
    }
    let outcome = match python::run_program(source).await {
        Ok(answer) => Outcome::read(&answer),
        Err(error) => Outcome::failed(&error),
    };
    finished.set(true);
    // A block's frame gap is only seen by the first frame after it.
    browser::next_frame().await;
    browser::next_frame().await;
    let mut trace = trace.borrow_mut();
    trace.feed(&python::take_events());
    let total_ms = if outcome.total_ms > 0.0 { outcome.total_ms } else { browser::now_ms() - start_ms };
    trace.finish(total_ms);
    let meter = frame_loop.meter();
    let timeline = trace.timeline();
    let stats = RunStats {
        total_ms,
        max_frame_gap_ms: meter.max_gap_ms(),
        dropped_frames: meter.dropped_frames(),
        long_tasks: LongTaskReading::default(),
        main_thread_ms: timeline.main_thread_ms(),
        // The code tab does not count its live view's redraws; Python's `time.sleep` does not go
        // through `Ctx::block`, so the page does not know what its holds asked for.
        live_view: None,
        hold_overrun_ms: None,
    };
    view.set(Some(CodeRun {
        timeline: Rc::new(timeline.clone()),
        now_ms: total_ms,
        outcome: Some(outcome.clone()),
        stats: Some(stats),
    }));
    outcome
}

fn view_status(status: &Status, on_retry: Callback<MouseEvent>) -> Html {
    match status {
        Status::Loading { loaded_bytes, total_bytes } => {
            let shown = if *total_bytes > 0.0 {
                format!(
                    "Loading Python: {:.1} of {:.1} MB",
                    Dec(loaded_bytes / 1_048_576.0),
                    Dec(total_bytes / 1_048_576.0)
                )
            } else {
                "Loading Python…".to_string()
            };
            html! {
                <p class="python-status" data-testid="python-status" data-state="loading"
                    data-loaded-bytes={format!("{:.0}", Dec(*loaded_bytes))} data-total-bytes={format!("{:.0}", Dec(*total_bytes))}>
                    { shown }
                    <progress max={format!("{:.0}", Dec(total_bytes.max(1.0)))} value={format!("{:.0}", Dec(*loaded_bytes))}></progress>
                </p>
            }
        }
        Status::Ready => html! {
            <p class="python-status" data-testid="python-status" data-state="ready">{ "Python 3 is ready." }</p>
        },
        Status::Failed(why) => html! {
            <p class="python-status failed" data-testid="python-status" data-state="error" role="alert">
                { format!("Python could not be loaded: {why}. ") }
                <button type="button" class="secondary" onclick={on_retry}>{ "Retry" }</button>
            </p>
        },
    }
}

fn view_run(run: &CodeRun) -> Html {
    let status = match &run.stats {
        None => RunStatus::Running,
        Some(stats) => match run.outcome.as_ref().map(|outcome| outcome.status.as_str()) {
            Some("stopped") => RunStatus::Stopped(*stats),
            _ => RunStatus::Done(*stats),
        },
    };
    let run_view = RunView {
        mode: "code",
        mode_label: "your program",
        predicted_ms: 0.0,
        timeline: run.timeline.clone(),
        now_ms: run.now_ms,
        status,
        stats: Vec::new(),
        room: Default::default(),
    };
    html! {
        <article class="run">
            if let (Some(outcome), Some(stats)) = (&run.outcome, &run.stats) {
                { view_result(outcome, stats, &run.timeline) }
            } else {
                <div class="result pending"><h3>{ "Your program: Running…" }</h3></div>
            }
            <TimelineView run={run_view} />
            <OutputConsole timeline={run.timeline.clone()} live={run.stats.is_none()} />
        </article>
    }
}

fn view_result(outcome: &Outcome, stats: &RunStats, timeline: &Timeline) -> Html {
    let froze = playground_core::fidelity::froze(stats.max_frame_gap_ms);
    let heading = match outcome.status.as_str() {
        "done" => "Done",
        "stopped" => "Stopped",
        _ => "Stopped by an error",
    };
    let blocked_ms = timeline.total_time_in(SegmentKind::Blocked);
    html! {
        <div class={classes!("result", froze.then_some("froze"))} data-testid="run-result" data-mode="code"
            data-status={outcome.status.clone()}
            data-total-ms={format!("{:.1}", Dec(stats.total_ms))}
            data-max-frame-gap-ms={format!("{:.1}", Dec(stats.max_frame_gap_ms))}
            data-dropped-frames={stats.dropped_frames.to_string()}>
            <h3>{ format!("Your program: {heading}") }</h3>
            <dl>
                <dt>{ "Measured" }</dt><dd class="big">{ format_ms(stats.total_ms) }</dd>
                <dt title="The longest time the page could not draw a frame">{ "Longest frame gap" }</dt>
                <dd>{ format!("{} ({})", format_ms(stats.max_frame_gap_ms), playground_core::fidelity::gap_words(stats.max_frame_gap_ms)) }</dd>
                <dt title="Computing and time.sleep: the page could do nothing else">{ "Main thread held" }</dt>
                <dd>{ format_ms(stats.main_thread_ms) }</dd>
                <dt title="time.sleep calls: the thread held, every task and the page stopped">{ "Blocked in time.sleep" }</dt>
                <dd>{ format_ms(blocked_ms) }</dd>
            </dl>
            if outcome.status == "error" {
                <div class="python-error" data-testid="python-error"
                    data-kind={outcome.kind.clone().unwrap_or_else(|| "exception".to_string())}
                    data-line={outcome.line.map(|line| line.to_string())}>
                    <pre>{ outcome.message.clone() }</pre>
                </div>
            } else if outcome.status == "stopped" && !outcome.message.is_empty() {
                <p class="busy-note">{ outcome.message.clone() }</p>
            }
        </div>
    }
}
