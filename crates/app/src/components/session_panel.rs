//! The results of the current session: result cards, the scenario's own views, timelines and
//! output. It listens to the controller itself, so a live run redraws only this panel.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use super::bench_chart::{bench_chart, BenchChartProps};
use super::export_bar::{export_bar, ExportBarProps};
use super::format_ms;
use super::run_article::{replay, replay_bar, run_article, run_timeline, ReplayBarProps, RunArticleProps};
use crate::browser;
use crate::session::{Controller, RunStatus, RunView, SessionView};
use playground_core::decimal::Dec;
use playground_core::export::speedup_words;
use playground_core::scenarios;

thread_local! {
    /// The page's one rehearsal stage, made when first needed: a panel drawn again (after a
    /// visit to the code tab) draws on it too, rather than adding another to the page.
    static REHEARSAL_STAGE: std::cell::OnceCell<Option<web_sys::Element>> = const { std::cell::OnceCell::new() };
}

/// Where the page draws its rehearsals: an element in a closed shadow root, in a host at the
/// end of the page that is laid out and painted (a canvas that is not laid out is not drawn)
/// but never seen. In a shadow root, its copy of a run's view (lanes, boards, names) is not
/// found by the page's queries, nor by the tests' while a run starts. The page's stylesheets
/// are linked in it too, so the copy is laid out as a run is. None where the browser cannot.
fn rehearsal_stage() -> Option<web_sys::Element> {
    REHEARSAL_STAGE.with(|stage| stage.get_or_init(new_rehearsal_stage).clone())
}

/// A new rehearsal stage (see [`rehearsal_stage`]).
fn new_rehearsal_stage() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let host = document.create_element("div").ok()?;
    host.set_class_name("rehearsal");
    host.set_attribute("aria-hidden", "true").ok()?;
    let shadow = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Closed)).ok()?;
    let sheets = document.query_selector_all("link[rel=stylesheet]").ok()?;
    for index in 0..sheets.length() {
        if let Some(sheet) = sheets.item(index) {
            shadow.append_child(&sheet.clone_node().ok()?).ok()?;
        }
    }
    let stage = document.create_element("div").ok()?;
    shadow.append_child(&stage).ok()?;
    document.body()?.append_child(&host).ok()?;
    Some(stage)
}

/// Props of [`SessionPanel`].
#[derive(Properties, PartialEq)]
pub struct SessionPanelProps {
    /// The controller whose sessions the panel shows.
    pub controller: Controller,
}

/// The results, timelines and output of the current session. It listens to the controller
/// itself, so a live run redraws only this panel, not the whole page.
#[function_component(SessionPanel)]
pub fn session_panel(props: &SessionPanelProps) -> Html {
    let session = use_state(SessionView::default);
    // What the last export said, with the session it was about.
    let export_message = use_state(|| None::<(u64, String)>);
    {
        let controller = props.controller.clone();
        let session = session.clone();
        use_effect_with((), move |_| {
            controller.set_listener(Callback::from(move |view| session.set(view)));
        });
    }
    // The cursor on the finished runs, with the session it is about; one for a Compare pair.
    let cursor = use_state(|| None::<(u64, f64)>);
    let replaying = use_state(|| false);
    let replay_speed = use_state(|| 1.0_f64);
    // Each replay has a number; a replay whose number is no longer the latest stops.
    let replay_number = use_memo((), |_| Rc::new(Cell::new(0_u32)));
    {
        let replay_number = replay_number.clone();
        use_effect_with((), move |_| move || replay_number.set(replay_number.get() + 1));
    }
    // A new session brings the results into view: Run is high on the page, the results low.
    let section = use_node_ref();
    {
        let section = section.clone();
        use_effect_with(session.id, move |_| {
            if let Some(element) = section.cast::<web_sys::Element>() {
                browser::bring_into_view(&element);
            }
        });
    }
    if session.runs.is_empty() {
        return html! {};
    }
    let speedup = match session.runs.as_slice() {
        [slow, fast] => match (&slow.status, &fast.status) {
            (RunStatus::Done(a), RunStatus::Done(b)) if b.total_ms > 0.0 => {
                Some((a.total_ms / b.total_ms, slow.mode_label, fast.mode_label))
            }
            _ => None,
        },
        _ => None,
    };
    // A benchmark shows its summary and only the latest run in full.
    let shown: Vec<&RunView> = if session.benchmark {
        let latest = session
            .runs
            .iter()
            .rev()
            .find(|run| run.status != RunStatus::Waiting && run.status != RunStatus::Skipped);
        latest.into_iter().collect()
    } else {
        session.runs.iter().collect()
    };
    // A Compare pair is drawn on one time axis, so the longer run is visibly longer.
    let axis_ms = if session.benchmark || shown.len() < 2 {
        0.0
    } else {
        shown
            .iter()
            .flat_map(|run| [run.predicted_ms, run.now_ms, run.timeline.end_ms()])
            .filter(|ms| ms.is_finite())
            .fold(0.0, f64::max)
    };
    let session_id = session.id;
    let cursor_ms = cursor.filter(|(id, _)| *id == session_id).map(|(_, at_ms)| at_ms);
    let replaying_now = *replaying && cursor_ms.is_some();
    let set_cursor = {
        let cursor = cursor.clone();
        Callback::from(move |at_ms: Option<f64>| cursor.set(at_ms.map(|at_ms| (session_id, at_ms))))
    };
    // Pointing stops a replay.
    let on_cursor = {
        let (set_cursor, replaying, replay_number) =
            (set_cursor.clone(), replaying.clone(), replay_number.clone());
        Callback::from(move |at_ms: Option<f64>| {
            replay_number.set(replay_number.get() + 1);
            replaying.set(false);
            set_cursor.emit(at_ms);
        })
    };
    let on_replay = {
        let end_ms = shown.iter().map(|run| run.timeline.end_ms()).fold(0.0, f64::max);
        let (replaying, speed, number) = (replaying.clone(), *replay_speed, Rc::clone(&replay_number));
        Callback::from(move |()| {
            replaying.set(true);
            let done = {
                let replaying = replaying.clone();
                Callback::from(move |()| replaying.set(false))
            };
            replay(set_cursor.clone(), end_ms, speed, Rc::clone(&number), done);
        })
    };
    let on_speed = {
        let replay_speed = replay_speed.clone();
        Callback::from(move |speed: f64| replay_speed.set(speed))
    };
    let title = scenarios::find(session.scenario_id).map_or("", |scenario| scenario.meta().title);
    // The export bar appears once the session is over; a live run's frames skip its work.
    let finished = session.runs.iter().all(|run| run.status.is_over());
    let exported: Vec<RunView> =
        if finished { shown.iter().map(|run| (*run).clone()).collect() } else { Vec::new() };
    // A Compare pair draws its two timelines one above the other, before anything else, so
    // both are in view at once; each run's figures and output follow.
    let pair = !session.benchmark && shown.len() == 2;
    let article_props: Vec<RunArticleProps> = shown
        .into_iter()
        .map(|run| RunArticleProps {
            run,
            axis_ms,
            scenario_id: session.scenario_id,
            values: session.values.as_ref(),
            cursor_ms,
            on_cursor: &on_cursor,
            replaying: replaying_now,
            with_timeline: !pair,
        })
        .collect();
    html! {
        <section class="results" aria-label="Results" data-session={session.id.to_string()} ref={section}>
            // The runs the page draws once before a clock (`core::rehearsal`, and a warm-up's),
            // on their own stage (see `rehearsal_stage`).
            if let Some(run) = &session.rehearsal {
                if let Some(stage) = rehearsal_stage() {
                    { create_portal(run_article(&RunArticleProps {
                        run, axis_ms: 0.0, scenario_id: session.scenario_id, values: session.values.as_ref(),
                        cursor_ms: None, on_cursor: &on_cursor, replaying: false, with_timeline: true,
                    }), stage) }
                }
            }
            if session.benchmark {
                { bench_chart(&BenchChartProps { runs: session.runs.clone() }) }
            }
            if let (false, Some((factor, slow, fast))) = (session.benchmark, speedup) {
                <p class="speedup" data-testid="speedup" data-factor={format!("{:.2}", Dec(factor))}>
                    { speedup_words(slow, fast, factor) }
                </p>
            }
            // A benchmark's summary has its own chart; only single runs and pairs are exported.
            if pair {
                <div class="pair" data-testid="compare-timelines">
                    { for article_props.iter().enumerate().map(|(index, props)| html! {
                        <div class="pair-run" data-mode={props.run.mode}>
                            <h3>{ pair_heading(props.run) }</h3>
                            { run_timeline(props, index + 1 == article_props.len()) }
                        </div>
                    }) }
                </div>
            }
            if finished && !session.benchmark {
                { export_bar(&ExportBarProps {
                    scenario_id: session.scenario_id, title, runs: exported,
                    message: export_message.as_ref().filter(|(id, _)| *id == session.id).map(|(_, text)| text.clone()),
                    on_message: {
                        let (export_message, id) = (export_message.clone(), session.id);
                        Callback::from(move |text| export_message.set(Some((id, text))))
                    },
                }) }
            }
            if finished && !session.benchmark {
                { replay_bar(&ReplayBarProps { replaying: replaying_now, speed: *replay_speed, on_replay, on_speed }) }
            }
            { for article_props.iter().map(run_article) }
        </section>
    }
}

/// A Compare run's heading above its timeline: its mode and how long it took.
fn pair_heading(run: &RunView) -> String {
    match &run.status {
        RunStatus::Done(stats) | RunStatus::Stopped(stats) => {
            format!("{}: {}", run.mode_label, format_ms(stats.total_ms))
        }
        RunStatus::Running => format!("{}: running…", run.mode_label),
        RunStatus::Waiting => format!("{}: next", run.mode_label),
        RunStatus::Preparing => format!("{}: getting ready…", run.mode_label),
        RunStatus::Skipped => format!("{}: not run", run.mode_label),
    }
}
