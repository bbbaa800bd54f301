//! Measured against predicted, and the freeze the run caused.

use yew::prelude::*;

use super::format_ms;
use crate::session::{RunStatus, RunView};
use playground_core::decimal::{round_to, Dec};
use playground_core::fidelity;
use playground_core::scenario::PREDICTED_WITH_CPU_STAT;
use playground_core::RedrawTally;

/// What [`result_card`] shows.
pub struct ResultCardProps {
    /// The run.
    pub run: RunView,
}

/// The result of one run; while it runs, its prediction.
pub fn result_card(props: &ResultCardProps) -> Html {
    let run = &props.run;
    let (stats, heading) = match &run.status {
        RunStatus::Done(stats) => (Some(stats), "Done"),
        RunStatus::Stopped(stats) => (Some(stats), "Stopped"),
        RunStatus::Running => (None, "Running…"),
        RunStatus::Waiting => (None, "Waiting for the run before it"),
        RunStatus::Preparing => (None, "Getting ready…"),
        RunStatus::Skipped => (None, "Not run: stopped"),
    };
    let Some(stats) = stats else {
        return html! {
            <div class="result pending" data-mode={run.mode}>
                <h3>{ format!("{}: {heading}", run.mode_label) }</h3>
                <p>{ format!("Predicted {}", format_ms(run.predicted_ms)) }</p>
            </div>
        };
    };
    // One headline and one prediction per card: the scenario's own when it has one (the
    // ice-cream server's requests per second; primes' prediction with its measured CPU).
    let stat = |key: &str| run.stats.iter().find(|stat| stat.key == key);
    let headline = match (stat("rps"), stat("predicted-rps")) {
        (Some(rps), Some(predicted)) => Headline {
            label: "Requests per second",
            explain: "Requests the server answered during the load, per second until the last of them: the lesson's result.",
            measured: format!("{} per s", rps.text),
            predicted: format!("{} per s", predicted.text),
            predicted_explain:
                "The lesson's arithmetic: clients that can be served at once, divided by the model's time.",
            ratio: rps.value / predicted.value,
        },
        _ => {
            let (predicted_ms, predicted_explain) = match stat(PREDICTED_WITH_CPU_STAT) {
                Some(with_cpu) => (
                    with_cpu.value,
                    "The lesson's arithmetic (the sleeps), plus the CPU time the prime tests took, measured.",
                ),
                None => (run.predicted_ms, "The lesson's arithmetic: what the sleeps and delays add up to."),
            };
            Headline {
                label: "Took",
                explain: "How long the run took, start to finish, on the page's clock.",
                measured: format_ms(stats.total_ms),
                predicted: format_ms(predicted_ms),
                predicted_explain,
                ratio: stats.total_ms / predicted_ms,
            }
        }
    };
    let shown_elsewhere = ["rps", "predicted-rps", PREDICTED_WITH_CPU_STAT];
    let long_tasks = stats.long_tasks.text();
    let froze = fidelity::froze(stats.max_frame_gap_ms);
    // A finished run that came out late because it left the page no time to draw says so.
    let busy_note = matches!(run.status, RunStatus::Done(_))
        .then(|| fidelity::busy_thread_note(run.predicted_ms, stats.total_ms, stats.main_thread_ms))
        .flatten();
    let figure = |key: &str| stat(key).map(|stat| format!("{:.2}", Dec(stat.value)));
    // What the benchmarks hold the run to: its total against the prediction it is shown
    // with, and its frame gaps against the longest stretch its own work held the thread.
    let goal_ms = stat(PREDICTED_WITH_CPU_STAT).map_or(run.predicted_ms, |with_cpu| with_cpu.value);
    let hold_ms = fidelity::longest_hold_ms(&run.timeline);
    html! {
        <div class={classes!("result", froze.then_some("froze"))} data-testid="run-result"
            data-mode={run.mode}
            data-status={if matches!(run.status, RunStatus::Stopped(_)) { "stopped" } else { "done" }}
            data-total-ms={format!("{:.1}", Dec(stats.total_ms))}
            data-predicted-ms={format!("{:.1}", Dec(run.predicted_ms))}
            data-max-frame-gap-ms={format!("{:.1}", Dec(stats.max_frame_gap_ms))}
            data-dropped-frames={stats.dropped_frames.to_string()}
            data-served={figure("served")} data-rps={figure("rps")}
            data-goal-ms={format!("{:.1}", Dec(goal_ms))} data-hold-ms={format!("{:.1}", Dec(hold_ms))}
            data-view-redraws={stats.live_view.map(|view| view.redraws.to_string())}
            data-view-ms={stats.live_view.map(|view| format!("{:.1}", Dec(view.spent_ms)))}
            data-view-held-up-ms={stats.live_view.map(|view| format!("{:.1}", Dec(view.held_up_ms)))}
            data-hold-overrun-ms={stats.hold_overrun_ms.map(|overrun_ms| format!("{:.1}", Dec(overrun_ms)))}>
            <h3>{ format!("{}: {heading}", run.mode_label) }</h3>
            <dl>
                { term(headline.label, headline.explain) }<dd class="big">{ headline.measured }</dd>
                { term("Predicted", headline.predicted_explain) }<dd>{ headline.predicted }</dd>
                { term("Measured ÷ predicted", "1.000 is exactly the lesson's arithmetic; above 1, the page or the browser added time.") }
                <dd>{ if headline.ratio.is_finite() { format!("{:.3}", Dec(headline.ratio)) } else { "–".to_string() } }</dd>
                if stat("rps").is_some() {
                    { term("Load ran for", "How long the clients sent requests; requests still in flight then are not counted.") }
                    <dd>{ format_ms(stats.total_ms) }</dd>
                }
                { term("Longest frame gap", "The longest time the page could not draw: 17 ms is smooth (60 frames a second); a quarter second and more, the page froze and ignored clicks and keys.") }
                <dd>{ format!("{} ({})", format_ms(stats.max_frame_gap_ms), fidelity::gap_words(stats.max_frame_gap_ms)) }</dd>
                { term("Dropped frames", "Frames the screen wanted but the page could not draw.") }
                <dd>{ stats.dropped_frames.to_string() }</dd>
                { term("Long tasks", "Stretches of over 50 ms in which the browser could not answer a click or a key.") }
                <dd>{ long_tasks }</dd>
                if let Some(view) = stats.live_view {
                    { term("Live view", "The page's own redraws of the timeline while the run went on, and their time on the main thread. A redraw waits for a frame in which none of the run's steps falls due; when the view has waited too long it is drawn anyway, and a step that falls due meanwhile starts late: the run is held up.") }
                    <dd data-testid="live-view-cost">{ live_view_text(view) }</dd>
                }
                // Decided on the figure as the card writes it, so what it writes and shows agree.
                if let Some(overrun_ms) = stats.hold_overrun_ms.filter(|overrun_ms| round_to(*overrun_ms, 1) >= HOLD_OVERRUN_SHOWN_MS) {
                    { term("Holds ran over", "The run's blocking calls and CPU work of a set length held the thread for that long, and this much longer in all: mostly because the thread lost the processor near their ends, to the browser's other threads or to other programs on this machine. The total carries it; the lesson's arithmetic does not.") }
                    <dd data-testid="hold-overrun">{ format_ms(overrun_ms) }</dd>
                }
                { for run.stats.iter().filter(|stat| !shown_elsewhere.contains(&stat.key)).map(|stat| html! {
                    <>
                        { term(stat.label, stat_explanation(stat.key)) }
                        <dd data-stat={stat.key}>{ stat.text.clone() }</dd>
                    </>
                }) }
            </dl>
            if let Some(note) = busy_note {
                <p class="busy-note" data-testid="busy-note">{ note }</p>
            }
        </div>
    }
}

/// Holds that ran over by less than this in all, in ms, are not worth a line on the card.
const HOLD_OVERRUN_SHOWN_MS: f64 = 1.0;

/// The card's headline figure and its prediction.
struct Headline {
    label: &'static str,
    explain: &'static str,
    measured: String,
    predicted: String,
    predicted_explain: &'static str,
    ratio: f64,
}

/// The live view's redraws in a few words: "4 redraws, 112 ms; held the run up 96 ms".
fn live_view_text(view: RedrawTally) -> String {
    let noun = if view.redraws == 1 { "redraw" } else { "redraws" };
    format!(
        "{} {noun}, {}; held the run up {}",
        view.redraws,
        format_ms(view.spent_ms),
        format_ms(view.held_up_ms)
    )
}

/// A figure's name, with what it means on hover, and on focus (a tap on a phone).
fn term(label: &'static str, explain: &'static str) -> Html {
    html! {
        <dt tabindex="0" data-explain={explain}>{ label }<span class="sr-only">{ format!(": {explain}") }</span></dt>
    }
}

/// What a scenario's own figure means.
fn stat_explanation(key: &str) -> &'static str {
    match key {
        "served" => "Requests answered within the load's duration.",
        "p50-ms" => "Half the requests were answered within this time (the median).",
        "p95-ms" => "95 of every 100 requests were answered within this time.",
        "max-ms" => "The slowest answer.",
        "cpu-ms" => "The time the prime tests computed, on the main thread.",
        _ => "A figure of this lesson.",
    }
}
