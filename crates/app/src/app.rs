//! The page: picker, parameters, run controls, freeze meter, results, timelines, output
//! and code. State changes go through core's `PageState::apply`; runs go through the
//! session controller.

use std::rc::Rc;

use playground_core::embed::embed_code;
use playground_core::page_state::CODE_TAB;
use playground_core::url_codec::{decode, encode};
use playground_core::{FreezeCheck, ModeSpec, PageAction, PageState};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;
use crate::components::code_panel::CodePanel;
use crate::components::code_view::{code_asides, code_view, CodeAsidesProps, CodeViewProps};
use crate::components::format_ms;
use crate::components::freeze_meter::FreezeMeter;
use crate::components::notices::{notices, NoticesProps};
use crate::components::params_panel::{params_panel, ParamsPanelProps};
use crate::components::picker::{picker, PickerProps};
use crate::components::run_controls::{run_controls, RunControlsProps};
use crate::components::session_panel::SessionPanel;
use crate::frame_loop::{FrameLoop, MeterNodes};
use crate::session::Controller;
use crate::worker_pool::WorkerSource;

/// The parts the page is drawn in at start-up (see `app`).
const PAGE_PARTS: u8 = 3;

/// Most notices kept on screen.
const MAX_NOTICES: usize = 12;

/// The page's state plus the notices its changes produced.
#[derive(Clone, PartialEq)]
struct PageModel {
    state: PageState,
    notices: Vec<String>,
}

enum ModelAction {
    Page(PageAction),
    DismissNotices,
    /// The state a history entry's address holds (Back and Forward), with its notices.
    Load(PageState, Vec<String>),
}

impl Reducible for PageModel {
    type Action = ModelAction;

    fn reduce(self: Rc<Self>, action: ModelAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ModelAction::Page(action) => {
                let notices = next.state.apply(action);
                next.notices.extend(notices);
                let excess = next.notices.len().saturating_sub(MAX_NOTICES);
                next.notices.drain(..excess);
            }
            ModelAction::DismissNotices => next.notices.clear(),
            ModelAction::Load(state, notices) => {
                next.state = state;
                next.notices = notices;
            }
        }
        Rc::new(next)
    }
}

/// What Run, Compare and Benchmark ask for.
#[derive(Clone, PartialEq)]
struct RunRequest {
    modes: Vec<&'static ModeSpec>,
    reps: usize,
    /// Whether the person already accepted a long freeze.
    confirmed: bool,
}

/// A run that waits for the person to accept a long freeze.
#[derive(Clone, PartialEq)]
struct PendingRun {
    request: RunRequest,
    blocking_ms: f64,
    /// Whether the freeze waits on a network, for as long as the server takes.
    on_network: bool,
}

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let nodes = use_memo((), |_| MeterNodes::default());
    let frame_loop = use_memo((), {
        let nodes = (*nodes).clone();
        move |_| FrameLoop::start(nodes)
    });
    let controller = use_memo((), {
        let frame_loop = (*frame_loop).clone();
        move |_| Controller::new(frame_loop, WorkerSource::ThisModule)
    });
    let model = use_reducer(|| {
        let decoded = decode(&browser::location_search());
        PageModel { state: decoded.state, notices: decoded.notices }
    });
    let running = use_state(|| false);
    // The page is drawn in parts, each in a task of its own once the part before it is on
    // screen: the lesson and the meter (which a phone shows first), then its controls and
    // results, then the rest (parameters and code); `main[data-drawn]` says which. No task of
    // the start-up then holds the thread long, and a phone's first tap waits for none of them.
    let drawn_parts = use_state(|| 1_u8);
    {
        let drawn_parts = drawn_parts.clone();
        use_effect_with(*drawn_parts, move |parts| {
            if *parts < PAGE_PARTS {
                let next = *parts + 1;
                browser::after_next_paint(move || drawn_parts.set(next));
            }
        });
    }
    {
        // The page's own start-up is no freeze of the person's doing: the meter starts afresh
        // once the page is drawn.
        let (frame_loop, controller) = (frame_loop.clone(), controller.clone());
        use_effect_with(*drawn_parts >= PAGE_PARTS, move |whole| {
            if *whole {
                browser::after_next_paint(move || {
                    if !controller.is_running() {
                        frame_loop.reset_meter();
                    }
                });
            }
        });
    }
    let controls_drawn = *drawn_parts >= 2;
    let whole = *drawn_parts >= PAGE_PARTS;
    let pending = use_state(|| None::<PendingRun>);
    let message = use_state(|| None::<String>);

    {
        let controller = controller.clone();
        let running = running.clone();
        use_effect_with((), move |_| {
            controller.set_running_listener(Callback::from(move |now_running| running.set(now_running)));
        });
    }
    {
        let frame_loop = frame_loop.clone();
        use_effect_with((), move |_| move || frame_loop.stop());
    }
    // A program travels in the fragment (`#code=`), which stays while its tab is open. Opening
    // another tab adds a history entry, which Back leaves; changing a value replaces it.
    use_effect_with(model.state.clone(), |state| {
        let query = encode(state);
        if decode(&browser::location_search()).state.tab() == state.tab() {
            browser::replace_query(&query, state.code);
        } else {
            browser::push_query(&query, state.code);
        }
        browser::set_document_title(&state.document_title());
    });
    {
        let dispatch = model.dispatcher();
        use_effect_with((), move |_| {
            let listener = browser::listen_window("popstate", move |_| {
                let decoded = decode(&browser::location_search());
                dispatch.dispatch(ModelAction::Load(decoded.state, decoded.notices));
            });
            move || drop(listener)
        });
    }
    // Keyboard shortcuts: Ctrl or Cmd+Enter runs, Escape stops or cancels. The handler for the
    // page as drawn now; none on a page without a lesson.
    let shortcuts = use_mut_ref(|| None::<Callback<web_sys::KeyboardEvent>>);
    {
        let shortcuts = shortcuts.clone();
        use_effect_with((), move |_| {
            let listener = browser::listen_window("keydown", move |event| {
                let handler = shortcuts.borrow().clone();
                if let (Some(handler), Ok(event)) = (handler, event.dyn_into::<web_sys::KeyboardEvent>()) {
                    handler.emit(event);
                }
            });
            move || drop(listener)
        });
    }
    let fragment = use_state(browser::location_hash);
    use_effect_with(model.state.embed, |embed| {
        if *embed {
            browser::set_body_attribute("data-embed", "1");
        }
    });

    let state = &model.state;
    let running = *running;

    let request_run = {
        let controller = controller.clone();
        let state = state.clone();
        let pending = pending.clone();
        let message = message.clone();
        Callback::from(move |request: RunRequest| {
            let Some(scenario) = state.scenario() else {
                return;
            };
            message.set(None);
            let worst =
                request.modes.iter().map(|mode| state.freeze_check(mode.key)).fold(FreezeCheck::Fine, worse);
            match worst {
                FreezeCheck::Refuse { blocking_ms } => message.set(Some(format!(
                    "This run would freeze the page for {}, over the 15 s limit. Lower the delays or the speed factor.",
                    format_ms(blocking_ms)
                ))),
                FreezeCheck::Ask { blocking_ms, on_network } if !request.confirmed => {
                    pending.set(Some(PendingRun { request, blocking_ms, on_network }))
                }
                _ => {
                    pending.set(None);
                    if !controller.start(scenario, state.run_values(), request.modes, request.reps) {
                        message.set(Some("A run is going on: stop it first.".to_string()));
                    }
                }
            }
        })
    };
    {
        // A link with autorun=1 runs on open, through the same freeze check.
        let request_run = request_run.clone();
        let autorun_modes =
            state.autorun.then(|| state.scenario().and_then(|s| s.meta().mode(state.mode))).flatten();
        use_effect_with(whole, move |whole| {
            if let Some(mode) = autorun_modes.filter(|_| *whole) {
                request_run.emit(RunRequest { modes: vec![mode], reps: 1, confirmed: false });
            }
        });
    }

    let dispatch = model.dispatcher();
    let on_pick = {
        let dispatch = dispatch.clone();
        let message = message.clone();
        Callback::from(move |id: &'static str| {
            // A copied link or refusal belongs to the lesson it was about.
            message.set(None);
            dispatch.dispatch(ModelAction::Page(PageAction::SelectScenario(id.to_string())))
        })
    };
    let on_dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.dispatch(ModelAction::DismissNotices))
    };

    let freeze_meter = html! {
        <FreezeMeter nodes={(*nodes).clone()} frame_loop={(*frame_loop).clone()}
            controller={(*controller).clone()} running={running} />
    };
    let drawn = if whole { "whole" } else { "part" };
    let header = html! {
        <header class="page-header">
            <h1>{ "Async playground" }</h1>
            <p class="tagline">
                { "Run the classic asyncio lessons on your browser's own event loop. " }
                { "A blocking call really freezes this page; an awaited one really does not." }
            </p>
            { picker(&PickerProps { selected: if state.code { Some(CODE_TAB) } else { state.scenario_id }, on_pick }) }
        </header>
    };

    if state.code || state.scenario().is_none() {
        // The editor has its own Ctrl+Enter; the picker alone has nothing to run.
        *shortcuts.borrow_mut() = None;
    }
    if state.code {
        return html! {
            <main class="page" data-drawn={drawn}>
                <div class="content">
                    { header }
                    { notices(&NoticesProps { notices: model.notices.clone(), on_dismiss }) }
                    if whole {
                        <CodePanel frame_loop={(*frame_loop).clone()} fragment={(*fragment).clone()} />
                    }
                </div>
                <aside class="meter-dock">{ freeze_meter }</aside>
            </main>
        };
    }
    let Some(scenario) = state.scenario() else {
        return html! {
            <main class="page" data-drawn={drawn}>
                <div class="content">
                    { header }
                    { notices(&NoticesProps { notices: model.notices.clone(), on_dismiss }) }
                    <p class="hint">{ "Pick a lesson above. Or press Block, then Await, and watch the spinner." }</p>
                </div>
                <aside class="meter-dock">{ freeze_meter }</aside>
            </main>
        };
    };
    let meta = scenario.meta();
    let mode_blocks = scenario.blocking_ms(&state.run_values(), state.mode) > 0.0;

    let on_param = {
        let dispatch = dispatch.clone();
        Callback::from(move |(key, text): (&'static str, String)| {
            dispatch.dispatch(ModelAction::Page(PageAction::SetParam { key: key.to_string(), text }))
        })
    };
    let on_mode = {
        let dispatch = dispatch.clone();
        Callback::from(move |key: &'static str| {
            dispatch.dispatch(ModelAction::Page(PageAction::SetMode(key.to_string())))
        })
    };
    let on_speed = {
        let dispatch = dispatch.clone();
        Callback::from(move |text: String| dispatch.dispatch(ModelAction::Page(PageAction::SetSpeed(text))))
    };
    let on_reset = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(ModelAction::Page(PageAction::ResetToDefaults)))
    };
    let on_run = {
        let request_run = request_run.clone();
        let mode = meta.mode(state.mode);
        Callback::from(move |()| {
            request_run.emit(RunRequest { modes: mode.into_iter().collect(), reps: 1, confirmed: false })
        })
    };
    let compare_modes: Vec<&'static ModeSpec> =
        meta.compare.iter().filter_map(|key| meta.mode(key)).collect();
    let on_compare = {
        let request_run = request_run.clone();
        let modes = compare_modes.clone();
        Callback::from(move |()| {
            request_run.emit(RunRequest { modes: modes.clone(), reps: 1, confirmed: false })
        })
    };
    let on_benchmark = {
        let request_run = request_run.clone();
        let reps = state.reps as usize;
        Callback::from(move |()| {
            request_run.emit(RunRequest { modes: compare_modes.clone(), reps, confirmed: false })
        })
    };
    let on_reps = {
        let dispatch = dispatch.clone();
        Callback::from(move |text: String| dispatch.dispatch(ModelAction::Page(PageAction::SetReps(text))))
    };
    let on_stop = {
        let controller = controller.clone();
        Callback::from(move |()| controller.stop())
    };
    let on_copy_link = {
        let message = message.clone();
        Callback::from(move |()| {
            copy_and_say(browser::location_href(), "Link copied", "Copy this link", &message)
        })
    };
    let on_copy_embed = {
        let message = message.clone();
        let embedded = PageState { embed: true, autorun: false, ..state.clone() };
        Callback::from(move |()| {
            let code = embed_code(&browser::absolute_url(&encode(&embedded)), meta.title);
            copy_and_say(code, "Embed code copied", "Copy this embed code", &message)
        })
    };
    let on_open_in_editor = {
        let (dispatch, fragment, message) = (dispatch.clone(), fragment.clone(), message.clone());
        Callback::from(move |python: String| {
            let (dispatch, fragment, message) = (dispatch.clone(), fragment.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::python::pack_code(&python).await.map(|packed| packed.as_string()) {
                    Ok(Some(packed)) => {
                        let code_fragment = playground_core::code_link::fragment_for(&packed);
                        browser::replace_fragment(&code_fragment);
                        fragment.set(code_fragment);
                        dispatch
                            .dispatch(ModelAction::Page(PageAction::SelectScenario(CODE_TAB.to_string())));
                    }
                    _ => message.set(Some("The program could not be opened in the editor.".to_string())),
                }
            });
        })
    };
    *shortcuts.borrow_mut() = Some({
        let (on_run, on_stop, pending) = (on_run.clone(), on_stop.clone(), pending.clone());
        let confirming = pending.is_some();
        Callback::from(move |event: web_sys::KeyboardEvent| match event.key().as_str() {
            "Enter" if (event.ctrl_key() || event.meta_key()) && !running && !confirming => {
                event.prevent_default();
                on_run.emit(());
            }
            "Escape" if confirming => pending.set(None),
            "Escape" if running => on_stop.emit(()),
            _ => {}
        })
    });
    // Embedded in a slide or a blog post: the lesson's title, Run and Compare, the results
    // and a small meter, with a way out to the whole playground; no picker, parameters or code.
    let embed = state.embed;
    let full_link = embed.then(|| {
        browser::absolute_url(&encode(&PageState { embed: false, autorun: false, ..state.clone() }))
    });
    html! {
        <main class={classes!("page", embed.then_some("embed"))} data-drawn={drawn}>
            <div class="content">
            if let Some(full_link) = full_link {
                <header class="embed-header">
                    <h1>{ meta.title }</h1>
                    <a href={full_link} target="_blank" rel="noopener" data-testid="open-full">
                        { "Open in the playground ↗" }
                    </a>
                </header>
            } else {
                { header }
            }
            { notices(&NoticesProps { notices: model.notices.clone(), on_dismiss }) }
            if !embed {
                <section class="lesson" aria-label="Lesson">
                    <h2>{ meta.title }</h2>
                    <p>{ meta.lesson[0] }</p>
                    <p>{ meta.lesson[1] }</p>
                </section>
            }
                if controls_drawn {
                <div class="setup">
                    { run_controls(&RunControlsProps {
                        meta, mode: state.mode, speed: state.speed, running, mode_blocks,
                        formula: scenario.formula(&state.run_values(), state.mode), reps: state.reps,
                        predicted_ms: scenario.predict_ms(&state.run_values(), state.mode),
                        on_benchmark, on_reps, on_mode, on_run, on_compare, on_stop, on_speed, on_copy_link,
                        on_copy_embed, embed,
                    }) }
                    if let Some(run) = &*pending {
                        { view_confirm(run, &request_run, &pending) }
                    }
                    if let Some(text) = &*message {
                        <p class="run-message" role="status" data-testid="run-message">{ text.clone() }</p>
                    }
                    if whole && !embed {
                        { params_panel(&ParamsPanelProps { values: state.values.clone(), meta, mode: state.mode, on_change: on_param }) }
                        <button type="button" class="quiet" onclick={on_reset}>{ "Reset to defaults" }</button>
                    }
                </div>
                <SessionPanel controller={(*controller).clone()} />
                }
            if whole && !embed {
                { code_view(&CodeViewProps {
                code: scenario.code(&state.run_values(), state.mode),
                // The button opens the program made for the editor, not always the listing.
                on_open_in_editor: scenario.editor_program(&state.run_values(), state.mode)
                    .map(|program| on_open_in_editor.reform(move |_listing: String| program.clone())),
            }) }
                { code_asides(&CodeAsidesProps { asides: scenario.asides() }) }
            }
            </div>
            <aside class="meter-dock">{ freeze_meter }</aside>
        </main>
    }
}

fn view_confirm(
    run: &PendingRun,
    request_run: &Callback<RunRequest>,
    pending: &UseStateHandle<Option<PendingRun>>,
) -> Html {
    let on_yes = {
        let request_run = request_run.clone();
        let request = RunRequest { confirmed: true, ..run.request.clone() };
        Callback::from(move |_: MouseEvent| request_run.emit(request.clone()))
    };
    let on_no = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(None))
    };
    html! {
        <div class="confirm" role="alertdialog" aria-label="Long freeze" data-testid="freeze-confirm">
            <p>{ if run.on_network {
                format!(
                    "Each request of this run is synchronous, over the network: the page freezes until the server answers, and a page cannot put a time limit on such a request. The run sends no more once they have held the page for {} in all.",
                    format_ms(run.blocking_ms)
                )
            } else {
                format!("This run will freeze the page for about {}: nothing will respond until it ends.", format_ms(run.blocking_ms))
            } }</p>
            <button type="button" data-testid="confirm-run" onclick={on_yes}>{ "Freeze it anyway" }</button>
            <button type="button" class="secondary" data-testid="cancel-run" onclick={on_no}>{ "Cancel" }</button>
        </div>
    }
}

/// Copies `text` and says so, or shows it to copy by hand where the browser refuses.
fn copy_and_say(
    text: String,
    done: &'static str,
    by_hand: &'static str,
    message: &UseStateHandle<Option<String>>,
) {
    let message = message.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let said = match browser::copy_text(&text).await {
            Ok(()) => format!("{done}: {text}"),
            Err(()) => format!("{by_hand}: {text}"),
        };
        message.set(Some(said));
    });
}

fn worse(a: FreezeCheck, b: FreezeCheck) -> FreezeCheck {
    match (a, b) {
        (FreezeCheck::Refuse { .. }, _) => a,
        (_, FreezeCheck::Refuse { .. }) => b,
        (FreezeCheck::Ask { .. }, _) => a,
        _ => b,
    }
}
