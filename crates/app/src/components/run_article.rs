//! One run of a session: its figures, its timeline, the lesson's own view and its output, with
//! the session's cursor once the run is over. The person points at the timeline (or uses the
//! arrow keys, or clicks a printed line) to see that moment: each task's state, the lines
//! printed by then, the chess boards as they stood. A replay moves the cursor at a chosen
//! speed, which shows what happened while a blocking run held the page. A Compare pair shares
//! the cursor, as it shares the axis: the same moment in both runs.

use std::cell::Cell;
use std::rc::Rc;

use playground_core::moment::{moment_summary, timeline_until};
use playground_core::scenarios::chess_meta::ChessScenario;
use playground_core::ParamValues;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::chess_boards::ChessBoards;
use super::icecream_live::{icecream_live, IcecreamLiveProps};
use super::output_console::OutputConsole;
use super::pokemon_names::{pokemon_names, PokemonNamesProps};
use super::result_card::{result_card, ResultCardProps};
use super::timeline_view::TimelineView;
use crate::browser;
use crate::session::RunView;

/// Replay speeds offered, as factors of real time.
pub const REPLAY_SPEEDS: [(f64, &str); 4] = [(0.25, "×0.25"), (0.5, "×0.5"), (1.0, "×1"), (2.0, "×2")];

/// What [`run_article`] shows.
pub struct RunArticleProps<'a> {
    /// The run.
    pub run: &'a RunView,
    /// The least time its axis spans, in ms (see `TimelineView`).
    pub axis_ms: f64,
    /// The session's scenario.
    pub scenario_id: &'static str,
    /// The session's parameter values.
    pub values: Option<&'a ParamValues>,
    /// The session's cursor, in ms.
    pub cursor_ms: Option<f64>,
    /// Called with the moment the person points at.
    pub on_cursor: &'a Callback<Option<f64>>,
    /// Whether a replay moves the cursor.
    pub replaying: bool,
    /// Whether the article draws the run's timeline; a Compare pair draws both timelines
    /// together above the articles ([`run_timeline`]).
    pub with_timeline: bool,
}

/// A run's timeline with the cursor's reading below it, once the run is over; with `legend`,
/// what its colours mean and, before the cursor is set, how to set it.
pub fn run_timeline(props: &RunArticleProps, legend: bool) -> Html {
    let run = props.run;
    let finished = run.status.is_over();
    let cursor_ms = props.cursor_ms.filter(|_| finished);
    html! {
        <>
            <TimelineView run={run.clone()} axis_ms={props.axis_ms} cursor_ms={cursor_ms} legend={legend}
                on_cursor={finished.then(|| props.on_cursor.clone())} replaying={props.replaying} />
            if finished && (legend || cursor_ms.is_some()) {
                <p class="cursor-readout" data-testid="cursor-readout" aria-live="polite">
                    { match cursor_ms {
                        Some(at_ms) => moment_summary(&run.timeline, at_ms),
                        None => "Point at a timeline, or focus it and use the arrow keys, to see any moment of the run.".to_string(),
                    } }
                </p>
            }
        </>
    }
}

/// A run's figures, timeline, view and output, with the cursor once it is over.
pub fn run_article(props: &RunArticleProps) -> Html {
    let run = props.run;
    let finished = run.status.is_over();
    let end_ms = run.timeline.end_ms();
    let cursor_ms = props.cursor_ms.filter(|_| finished);
    // The views replayed from events show the run as it stood at the cursor.
    let shown_timeline = match cursor_ms {
        Some(at_ms) if at_ms < end_ms => Rc::new(timeline_until(&run.timeline, at_ms)),
        _ => Rc::clone(&run.timeline),
    };
    html! {
        <article class="run" key={run.mode}>
            { result_card(&ResultCardProps { run: run.clone() }) }
            // The timeline comes right after the figures, so that both are in view once Run
            // has brought them there; the lesson's own picture follows.
            if props.with_timeline {
                { run_timeline(props, true) }
            }
            if props.scenario_id == "chess" {
                <ChessBoards timeline={Rc::clone(&shown_timeline)}
                    n_boards={props.values.map_or(0, |values| ChessScenario::params(values).n_opponents as usize)} />
            }
            if props.scenario_id == "pokemon" {
                { pokemon_names(&PokemonNamesProps { timeline: Rc::clone(&shown_timeline), live: !finished }) }
            }
            if let (true, Some(values)) = (props.scenario_id == "icecream", props.values) {
                { icecream_live(&IcecreamLiveProps { run: run.clone(), values: values.clone() }) }
            }
            <OutputConsole timeline={run.timeline.clone()} cursor_ms={cursor_ms}
                on_pick={finished.then(|| props.on_cursor.reform(Some))} live={!finished} />
        </article>
    }
}

/// Replays a finished session: moves the cursor from 0 to `end_ms` at `speed` times real time,
/// once a frame, until it is done or `number` moves on (another replay, or the person points).
pub fn replay(
    cursor: Callback<Option<f64>>,
    end_ms: f64,
    speed: f64,
    number: Rc<Cell<u32>>,
    done: Callback<()>,
) {
    number.set(number.get() + 1);
    let this_replay = number.get();
    cursor.emit(Some(0.0));
    wasm_bindgen_futures::spawn_local(async move {
        let started_ms = browser::now_ms();
        loop {
            browser::next_frame().await;
            if number.get() != this_replay {
                return;
            }
            let at_ms = (browser::now_ms() - started_ms) * speed;
            if at_ms >= end_ms {
                cursor.emit(Some(end_ms));
                done.emit(());
                return;
            }
            cursor.emit(Some(at_ms));
        }
    });
}

/// What [`replay_bar`] shows.
pub struct ReplayBarProps {
    /// Whether a replay is going on.
    pub replaying: bool,
    /// The chosen speed.
    pub speed: f64,
    /// Starts a replay.
    pub on_replay: Callback<()>,
    /// Called with the speed chosen.
    pub on_speed: Callback<f64>,
}

/// The Replay button and its speed.
pub fn replay_bar(props: &ReplayBarProps) -> Html {
    let on_speed = props.on_speed.clone();
    let on_change = Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        // The options' values are indices: the page parses no floats.
        if let Some((speed, _)) =
            select.value().parse::<usize>().ok().and_then(|index| REPLAY_SPEEDS.get(index))
        {
            on_speed.emit(*speed);
        }
    });
    html! {
        <div class="replay">
            <button type="button" class="secondary" data-testid="replay" onclick={props.on_replay.reform(|_| ())}
                title="Moves the cursor through the run, to watch what happened, even while the page was frozen">
                { if props.replaying { "Replay again" } else { "Replay" } }
            </button>
            <select name="replay_speed" aria-label="Replay speed" onchange={on_change}>
                { for REPLAY_SPEEDS.iter().enumerate().map(|(index, (speed, label))| html! {
                    <option value={index.to_string()} selected={*speed == props.speed}>{ *label }</option>
                }) }
            </select>
        </div>
    }
}
