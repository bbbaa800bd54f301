//! The freeze meter, always visible: a spinner turned from requestAnimationFrame, the frame
//! gaps of the current run, long tasks, and things to type into and click while it runs.
//! Two probe buttons let a person feel a block and an await without opening a scenario.

use gloo_timers::future::TimeoutFuture;
use playground_core::decimal::Dec;
use playground_core::fidelity;
use playground_core::freeze_limits::ASK_ABOVE_BLOCK_MS;
use playground_core::{parse_duration_ms, MAX_DURATION_MS};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::format_ms;
use crate::browser;
use crate::frame_loop::{FrameLoop, MeterNodes};
use crate::session::Controller;

/// Props of [`FreezeMeter`].
#[derive(Properties, PartialEq)]
pub struct FreezeMeterProps {
    /// The elements the frame loop writes to.
    pub nodes: MeterNodes,
    /// The frame loop, for the probes.
    pub frame_loop: FrameLoop,
    /// The run controller, for long tasks.
    pub controller: Controller,
    /// Whether a scenario run is going on (the probes wait).
    pub running: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum ProbeKind {
    Block,
    Await,
}

#[derive(Clone, PartialEq)]
enum ProbeState {
    Idle,
    Running,
    Done { kind: ProbeKind, duration_ms: u32, total_ms: f64, max_frame_gap_ms: f64, dropped_frames: u64 },
}

/// The freeze meter.
#[function_component(FreezeMeter)]
pub fn freeze_meter(props: &FreezeMeterProps) -> Html {
    let clicks = use_state(|| 0_u32);
    let probe = use_state(|| ProbeState::Idle);
    let duration_text = use_state(|| "1000".to_string());
    let parsed = parse_duration_ms(&duration_text);
    let long_tasks = props.controller.long_tasks();
    let probing = *probe == ProbeState::Running;
    // A probe above the freeze limit asks first, as a run does.
    let asking = use_state(|| None::<u32>);
    // On a phone the meter is a bar; "Try it" opens the text box and the probes.
    let opened = use_state(|| false);
    // The readings count from the person's last action: a click or a key while nothing is
    // measured (no probe here, no run, which the controller knows) starts them afresh, so an
    // idle meter never shows a stale number.
    let probing_now = use_mut_ref(|| false);
    *probing_now.borrow_mut() = probing;
    {
        let (frame_loop, controller, probing_now) =
            (props.frame_loop.clone(), props.controller.clone(), probing_now.clone());
        use_effect_with((), move |_| {
            let listeners = ["pointerdown", "keydown"].map(|event| {
                let (frame_loop, controller, probing_now) =
                    (frame_loop.clone(), controller.clone(), probing_now.clone());
                browser::listen_window(event, move |_| {
                    if !*probing_now.borrow() && !controller.is_running() {
                        frame_loop.reset_meter();
                    }
                })
            });
            move || drop(listeners)
        });
    }

    let start_probe = {
        let probe = probe.clone();
        let frame_loop = props.frame_loop.clone();
        let parsed = parsed.clone();
        move |kind: ProbeKind| {
            let Ok(duration_ms) = parsed.clone() else {
                return;
            };
            let (probe, frame_loop) = (probe.clone(), frame_loop.clone());
            probe.set(ProbeState::Running);
            wasm_bindgen_futures::spawn_local(async move {
                browser::next_frame().await;
                frame_loop.reset_meter();
                let start_ms = browser::now_ms();
                match kind {
                    ProbeKind::Block => browser::busy_wait(f64::from(duration_ms)),
                    ProbeKind::Await => TimeoutFuture::new(duration_ms).await,
                }
                let total_ms = browser::now_ms() - start_ms;
                // The gap a block caused is only seen by the first frame after it.
                browser::next_frame().await;
                browser::next_frame().await;
                let meter = frame_loop.meter();
                probe.set(ProbeState::Done {
                    kind,
                    duration_ms,
                    total_ms,
                    max_frame_gap_ms: meter.max_gap_ms(),
                    dropped_frames: meter.dropped_frames(),
                });
            });
        }
    };
    let on_block = {
        let (start_probe, asking, parsed) = (start_probe.clone(), asking.clone(), parsed.clone());
        Callback::from(move |_: MouseEvent| match parsed {
            Ok(duration_ms) if f64::from(duration_ms) > ASK_ABOVE_BLOCK_MS => asking.set(Some(duration_ms)),
            _ => start_probe(ProbeKind::Block),
        })
    };
    let on_confirm = {
        let (start_probe, asking) = (start_probe.clone(), asking.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(None);
            start_probe(ProbeKind::Block);
        })
    };
    let on_cancel = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(None))
    };
    let on_open = {
        let opened = opened.clone();
        Callback::from(move |_: MouseEvent| opened.set(!*opened))
    };
    let on_await = Callback::from(move |_: MouseEvent| start_probe(ProbeKind::Await));
    let on_duration = {
        let duration_text = duration_text.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            duration_text.set(input.value());
        })
    };
    let on_click = {
        let clicks = clicks.clone();
        Callback::from(move |_: MouseEvent| clicks.set(*clicks + 1))
    };
    let can_probe = parsed.is_ok() && !probing && !props.running;

    html! {
        <section class={classes!("freeze-meter", opened.then_some("open"))} aria-label="Freeze meter">
            // Drawn at twice its size on the page, so it stays sharp on dense screens.
            <canvas class="spinner" width="96" height="96" ref={props.nodes.spinner.clone()} data-testid="spinner"
                aria-hidden="true"></canvas>
            <dl class="meter-readings">
                <dt>{ "Frame gap now" }</dt>
                <dd ref={props.nodes.gap.clone()} data-testid="live-gap">{ "0 ms" }</dd>
                <dt title="The longest frame gap since your last click or key, or since Run">{ "Longest" }<span class="label-more">{ " since you acted" }</span></dt>
                <dd ref={props.nodes.max_gap.clone()} data-testid="run-max-gap">{ "0 ms" }</dd>
                <dt>{ "Dropped frames" }</dt>
                <dd ref={props.nodes.dropped.clone()}>{ "0" }</dd>
                <dt>{ "Long tasks" }</dt>
                <dd>{ long_tasks.text() }</dd>
            </dl>
            <button type="button" class="secondary small meter-more" data-testid="meter-more" onclick={on_open}
                aria-expanded={opened.to_string()}>{ if *opened { "Close" } else { "Try it" } }</button>
            <div class="feel">
                <label>
                    { "Type here while it runs" }
                    <input type="text" name="feel" placeholder="do letters appear?" autocomplete="off" />
                </label>
                <button type="button" class="secondary" onclick={on_click} data-testid="click-counter">
                    { format!("Clicked {} times", *clicks) }
                </button>
            </div>
            <div class="probe">
                <label for="probe-ms">{ "Try" }</label>
                <input id="probe-ms" type="number" name="probe_ms" min="0" max={MAX_DURATION_MS.to_string()} step="100"
                    value={(*duration_text).clone()} oninput={on_duration} />
                <span class="unit">{ "ms" }</span>
                <button type="button" data-testid="probe-block" onclick={on_block} disabled={!can_probe}>
                    { "Block (busy-wait)" }
                </button>
                <button type="button" data-testid="probe-await" onclick={on_await} disabled={!can_probe}>
                    { "Await (timer)" }
                </button>
                if let Some(duration_ms) = *asking {
                    <div class="confirm" role="alertdialog" aria-label="Long freeze" data-testid="probe-confirm">
                        <p>{ format!("This will freeze the page for {}: nothing will respond until it ends.", format_ms(f64::from(duration_ms))) }</p>
                        <button type="button" data-testid="probe-confirm-run" onclick={on_confirm}>{ "Freeze it anyway" }</button>
                        <button type="button" class="secondary" onclick={on_cancel}>{ "Cancel" }</button>
                    </div>
                }
                if let Err(message) = &parsed {
                    <p class="input-error" role="alert" data-testid="input-error">{ message.clone() }</p>
                }
                { view_probe(&probe) }
            </div>
        </section>
    }
}

fn view_probe(probe: &ProbeState) -> Html {
    match probe {
        ProbeState::Idle => html! {},
        ProbeState::Running => {
            html! { <p class="probe-result" aria-live="polite">{ "Running…" }</p> }
        }
        ProbeState::Done { kind, duration_ms, total_ms, max_frame_gap_ms, dropped_frames } => {
            let (mode, verb) = match kind {
                ProbeKind::Block => ("block", "Blocked"),
                ProbeKind::Await => ("await", "Awaited"),
            };
            html! {
                <p class="probe-result" data-testid="probe-result" data-mode={mode} aria-live="polite"
                    data-total-ms={format!("{:.1}", Dec(*total_ms))} data-predicted-ms={duration_ms.to_string()}
                    data-max-frame-gap-ms={format!("{:.1}", Dec(*max_frame_gap_ms))}
                    data-dropped-frames={dropped_frames.to_string()}>
                    { format!("{verb} {}: longest frame gap {} ({}), {dropped_frames} frames dropped.",
                        format_ms(*total_ms), format_ms(*max_frame_gap_ms), fidelity::gap_words(*max_frame_gap_ms)) }
                </p>
            }
        }
    }
}
