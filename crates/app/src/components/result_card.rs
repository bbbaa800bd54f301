//! Measured against predicted, and the freeze the run caused.

use yew::prelude::*;

use super::format_ms;
use crate::session::{RunStatus, RunView};
use playground_core::decimal::Dec;
use playground_core::fidelity;

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
    let ratio = if run.predicted_ms > 0.0 { stats.total_ms / run.predicted_ms } else { f64::NAN };
    let long_tasks = stats.long_tasks.text();
    let froze = stats.max_frame_gap_ms > 100.0;
    // A finished run that came out late because it left the page no time to draw says so.
    let busy_note = matches!(run.status, RunStatus::Done(_))
        .then(|| fidelity::busy_thread_note(run.predicted_ms, stats.total_ms, stats.main_thread_ms))
        .flatten();
    let figure = |key: &str| {
        run.stats.iter().find(|stat| stat.key == key).map(|stat| format!("{:.2}", Dec(stat.value)))
    };
    html! {
        <div class={classes!("result", froze.then_some("froze"))} data-testid="run-result"
            data-mode={run.mode}
            data-status={if matches!(run.status, RunStatus::Stopped(_)) { "stopped" } else { "done" }}
            data-total-ms={format!("{:.1}", Dec(stats.total_ms))}
            data-predicted-ms={format!("{:.1}", Dec(run.predicted_ms))}
            data-max-frame-gap-ms={format!("{:.1}", Dec(stats.max_frame_gap_ms))}
            data-dropped-frames={stats.dropped_frames.to_string()}
            data-served={figure("served")} data-rps={figure("rps")}>
            <h3>{ format!("{}: {heading}", run.mode_label) }</h3>
            <dl>
                <dt>{ "Measured" }</dt><dd class="big">{ format_ms(stats.total_ms) }</dd>
                <dt>{ "Predicted" }</dt><dd>{ format_ms(run.predicted_ms) }</dd>
                <dt>{ "Measured ÷ predicted" }</dt>
                <dd>{ if ratio.is_finite() { format!("{:.3}", Dec(ratio)) } else { "–".to_string() } }</dd>
                <dt>{ "Longest frame gap" }</dt>
                <dd>{ format_ms(stats.max_frame_gap_ms) }{ if froze { " (the page froze)" } else { " (smooth)" } }</dd>
                <dt>{ "Dropped frames" }</dt><dd>{ stats.dropped_frames.to_string() }</dd>
                <dt>{ "Long tasks" }</dt><dd>{ long_tasks }</dd>
                { for run.stats.iter().map(|stat| html! {
                    <>
                        <dt>{ stat.label }</dt>
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
