//! Mode choice, Run, Compare, Stop, the speed factor, Copy link and Copy embed code.

use playground_core::decimal::Dec;
use playground_core::ScenarioMeta;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Speed factors offered; links may carry any factor in range.
const SPEED_CHOICES: [(f64, &str); 7] = [
    (10.0, "×10 slow motion"),
    (5.0, "×5 slower"),
    (2.0, "×2 slower"),
    (1.0, "×1 as written"),
    (0.5, "×0.5 faster"),
    (0.25, "×0.25 faster"),
    (0.1, "×0.1 fastest"),
];

/// What [`run_controls`] shows.
pub struct RunControlsProps {
    /// The open scenario.
    pub meta: &'static ScenarioMeta,
    /// The selected mode's key.
    pub mode: &'static str,
    /// The speed factor.
    pub speed: f64,
    /// Whether a run is going on.
    pub running: bool,
    /// Whether the selected mode blocks the main thread.
    pub mode_blocks: bool,
    /// The prediction's formula for the selected mode, if the scenario gives one.
    pub formula: Option<String>,
    /// What the selected mode should take, in ms (the benchmarks read it before a run).
    pub predicted_ms: f64,
    /// Runs per mode of a benchmark.
    pub reps: u32,
    /// Benchmark the two canonical modes.
    pub on_benchmark: Callback<()>,
    /// Called with the runs per mode typed, as text.
    pub on_reps: Callback<String>,
    /// Called with the key of the mode picked.
    pub on_mode: Callback<&'static str>,
    /// Run the selected mode.
    pub on_run: Callback<()>,
    /// Run the two canonical modes back to back.
    pub on_compare: Callback<()>,
    /// Stop the run.
    pub on_stop: Callback<()>,
    /// Called with the speed factor picked, as text.
    pub on_speed: Callback<String>,
    /// Copy the link to this scenario.
    pub on_copy_link: Callback<()>,
    /// Copy an `<iframe>` snippet that embeds this scenario.
    pub on_copy_embed: Callback<()>,
    /// Whether the page is embedded: only the modes, Run, Compare and Stop are shown.
    pub embed: bool,
}

/// The controls that start and stop runs.
pub fn run_controls(props: &RunControlsProps) -> Html {
    let meta = props.meta;
    let selected_meaning = meta.mode(props.mode).map_or("", |mode| mode.meaning);
    let on_speed = props.on_speed.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        select.value()
    });
    let speed_is_listed = SPEED_CHOICES.iter().any(|(factor, _)| *factor == props.speed);
    let [slow_mode, fast_mode] = meta.compare;
    // While a run goes on, the buttons that start one say so with `aria-disabled` and ignore
    // clicks. A disabled button would lose the focus: the browser moves it away in a task of
    // its own (a blur), on the run's clock, and a keyboard user would have to find Run again.
    let running = props.running.then_some("true");
    let idle_only = |callback: &Callback<()>| {
        let (callback, running) = (callback.clone(), props.running);
        Callback::from(move |_: MouseEvent| {
            if !running {
                callback.emit(());
            }
        })
    };
    // The modes are one Tab stop, as radio buttons are: the arrow keys move the choice, and
    // the focus with it.
    let on_mode_key = {
        let on_mode = props.on_mode.clone();
        let current = meta.modes.iter().position(|mode| mode.key == props.mode).unwrap_or(0);
        let count = meta.modes.len();
        Callback::from(move |event: KeyboardEvent| {
            let next = match event.key().as_str() {
                "ArrowRight" | "ArrowDown" => (current + 1) % count,
                "ArrowLeft" | "ArrowUp" => (current + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            event.prevent_default();
            on_mode.emit(meta.modes[next].key);
            // The key's target is the focused mode; its parent is the group (Yew delegates
            // events, so the current target is not the group).
            let button = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|mode| mode.parent_element())
                .and_then(|group| group.children().item(next as u32))
                .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(button) = button {
                let _ = button.focus();
            }
        })
    };
    html! {
        <section class="run-controls" aria-label="Run">
            <div class="modes" role="radiogroup" aria-label="Mode" onkeydown={on_mode_key}>
                { for meta.modes.iter().map(|mode| {
                    let on_mode = props.on_mode.clone();
                    let key = mode.key;
                    let checked = props.mode == key;
                    html! {
                        <button type="button" role="radio" aria-checked={checked.to_string()}
                            tabindex={if checked { "0" } else { "-1" }}
                            class={classes!("mode", checked.then_some("current"))} data-mode={key}
                            title={mode.meaning} onclick={Callback::from(move |_| on_mode.emit(key))}>
                            { mode.label }
                        </button>
                    }
                }) }
            </div>
            <p class="mode-meaning">{ selected_meaning }</p>
            if let Some(formula) = &props.formula {
                <p class="formula" data-testid="formula" data-predicted-ms={format!("{:.1}", Dec(props.predicted_ms))}>
                    { format!("Predicted: {formula}") }
                </p>
            }
            <div class="buttons">
                <button type="button" data-testid="run" aria-disabled={running}
                    title="Run (Ctrl+Enter or ⌘+Enter; Esc stops)"
                    onclick={idle_only(&props.on_run)}>{ "Run" }</button>
                <button type="button" data-testid="compare" aria-disabled={running}
                    title={format!("Runs {slow_mode}, then {fast_mode}, and shows both")}
                    onclick={idle_only(&props.on_compare)}>
                    { format!("Compare {slow_mode} vs {fast_mode}") }
                </button>
                if !props.embed {
                <button type="button" data-testid="benchmark" class="secondary" aria-disabled={running}
                    title={format!("Runs {slow_mode} and {fast_mode} {} times each and shows min, median and max", props.reps)}
                    onclick={idle_only(&props.on_benchmark)}>{ "Benchmark" }</button>
                <label class="reps">
                    <input type="number" name="reps" min="1" max="20" step="1" value={props.reps.to_string()}
                        onchange={props.on_reps.reform(|event: Event| {
                            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                            input.value()
                        })} />
                    { " runs each" }
                </label>
                }
                <button type="button" data-testid="stop" class="secondary" disabled={!props.running}
                    onclick={props.on_stop.reform(|_| ())}>{ "Stop" }</button>
                if !props.embed {
                <label class="speed">
                    { "Delays " }
                    <select name="speed" onchange={on_speed}>
                        if !speed_is_listed {
                            <option value={Dec(props.speed).to_string()} selected=true>{ format!("×{}", Dec(props.speed)) }</option>
                        }
                        { for SPEED_CHOICES.iter().map(|(factor, label)| html! {
                            <option value={Dec(*factor).to_string()} selected={*factor == props.speed}>{ *label }</option>
                        }) }
                    </select>
                </label>
                <button type="button" data-testid="copy-link" class="secondary"
                    onclick={props.on_copy_link.reform(|_| ())}>{ "Copy link" }</button>
                <button type="button" data-testid="copy-embed" class="secondary"
                    title="An <iframe> snippet for slides and blog posts"
                    onclick={props.on_copy_embed.reform(|_| ())}>{ "Copy embed code" }</button>
                }
            </div>
            if props.mode_blocks {
                <p class="stop-note">
                    { "Stop cancels awaited work at once. A blocking run cannot be interrupted mid-block: " }
                    { "the page cannot even see your click until the block ends. That is the lesson." }
                </p>
            }
        </section>
    }
}
