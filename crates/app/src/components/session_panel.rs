//! The results of the current session: result cards, the scenario's own views, timelines and
//! output. It listens to the controller itself, so a live run redraws only this panel.

use yew::prelude::*;

use super::bench_chart::{bench_chart, BenchChartProps};
use super::chess_boards::ChessBoards;
use super::export_bar::{export_bar, ExportBarProps};
use super::icecream_live::{icecream_live, IcecreamLiveProps};
use super::output_console::OutputConsole;
use super::pokemon_names::{pokemon_names, PokemonNamesProps};
use super::result_card::{result_card, ResultCardProps};
use super::timeline_view::TimelineView;
use crate::browser;
use crate::session::{Controller, RunStatus, RunView, SessionView};
use playground_core::decimal::Dec;
use playground_core::export::speedup_words;
use playground_core::scenarios;
use playground_core::scenarios::chess_meta::ChessScenario;

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
    let title = scenarios::find(session.scenario_id).map_or("", |scenario| scenario.meta().title);
    // The export bar appears once the session is over; a live run's frames skip its work.
    let finished =
        !session.runs.iter().any(|run| matches!(run.status, RunStatus::Running | RunStatus::Waiting));
    let exported: Vec<RunView> =
        if finished { shown.iter().map(|run| (*run).clone()).collect() } else { Vec::new() };
    html! {
        <section class="results" aria-label="Results" data-session={session.id.to_string()} ref={section}>
            if session.benchmark {
                { bench_chart(&BenchChartProps { runs: session.runs.clone() }) }
            }
            if let (false, Some((factor, slow, fast))) = (session.benchmark, speedup) {
                <p class="speedup" data-testid="speedup" data-factor={format!("{:.2}", Dec(factor))}>
                    { speedup_words(slow, fast, factor) }
                </p>
            }
            // A benchmark's summary has its own chart; only single runs and pairs are exported.
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
            { for shown.into_iter().map(|run| html! {
                <article class="run" key={run.mode}>
                    { result_card(&ResultCardProps { run: run.clone() }) }
                    // The timeline comes right after the figures, so that both are in view
                    // once Run has brought them there; the lesson's own picture follows.
                    <TimelineView run={run.clone()} axis_ms={axis_ms} />
                    if session.scenario_id == "chess" {
                        <ChessBoards timeline={run.timeline.clone()}
                            n_boards={session.values.as_ref().map_or(0, |values| ChessScenario::params(values).n_opponents as usize)} />
                    }
                    if session.scenario_id == "pokemon" {
                        { pokemon_names(&PokemonNamesProps { timeline: run.timeline.clone() }) }
                    }
                    if let (true, Some(values)) = (session.scenario_id == "icecream", &session.values) {
                        { icecream_live(&IcecreamLiveProps { run: run.clone(), values: values.clone() }) }
                    }
                    <OutputConsole timeline={run.timeline.clone()} />
                </article>
            }) }
        </section>
    }
}
