//! A benchmark's summary: min, median and max of the total per mode, as bars.

use playground_core::decimal::Dec;
use playground_core::scenario::PREDICTED_WITH_CPU_STAT;
use playground_core::summary::summarize;
use yew::prelude::*;

use super::format_ms;
use crate::session::{RunStatus, RunView};

/// What [`bench_chart`] shows.
pub struct BenchChartProps {
    /// Every run of the benchmark, done or not.
    pub runs: Vec<RunView>,
}

/// Bars from min to max with the median marked, one per mode, and the lesson's advice.
pub fn bench_chart(props: &BenchChartProps) -> Html {
    let mut modes: Vec<(&'static str, &'static str, f64)> = Vec::new();
    for run in &props.runs {
        if !modes.iter().any(|(key, _, _)| *key == run.mode) {
            modes.push((run.mode, run.mode_label, run.predicted_ms));
        }
    }
    let rows: Vec<_> = modes
        .iter()
        .map(|&(key, label, predicted_ms)| {
            let totals: Vec<f64> = props
                .runs
                .iter()
                .filter(|run| run.mode == key)
                .filter_map(|run| match &run.status {
                    RunStatus::Done(stats) => Some(stats.total_ms),
                    _ => None,
                })
                .collect();
            let n_planned = props.runs.iter().filter(|run| run.mode == key).count();
            // Where a run measures its CPU work (primes), the prediction uses it.
            let with_cpu_ms: Vec<f64> = props
                .runs
                .iter()
                .filter(|run| run.mode == key)
                .flat_map(|run| run.stats.iter().filter(|stat| stat.key == PREDICTED_WITH_CPU_STAT))
                .map(|stat| stat.value)
                .collect();
            let predicted_ms = summarize(&with_cpu_ms).map_or(predicted_ms, |summary| summary.median);
            (key, label, predicted_ms, summarize(&totals), totals.len(), n_planned)
        })
        .collect();
    let scale_ms =
        rows.iter().filter_map(|row| row.3.map(|summary| summary.max.max(row.2))).fold(1.0, f64::max);
    let percent = |ms: f64| format!("{:.2}%", Dec(ms / scale_ms * 100.0));
    html! {
        <section class="bench" data-testid="bench-chart" aria-label="Benchmark">
            <h3>{ "Benchmark: total per run" }</h3>
            { for rows.iter().map(|(key, label, predicted_ms, summary, n_done, n_planned)| html! {
                <div class="bench-row" data-bench-mode={*key} data-n-runs={n_done.to_string()}
                    data-predicted-ms={format!("{:.1}", Dec(*predicted_ms))}
                    data-min-ms={summary.map(|s| format!("{:.1}", Dec(s.min)))}
                    data-median-ms={summary.map(|s| format!("{:.1}", Dec(s.median)))}
                    data-max-ms={summary.map(|s| format!("{:.1}", Dec(s.max)))}>
                    <span class="bench-label">{ format!("{label} ({n_done}/{n_planned})") }</span>
                    <div class="bench-track">
                        if let Some(summary) = summary {
                            <span class="bench-range" style={format!("left: {}; width: {};", percent(summary.min), percent(summary.max - summary.min))}></span>
                            <span class="bench-median" style={format!("left: {};", percent(summary.median))}></span>
                        }
                        <span class="bench-predicted" style={format!("left: {};", percent(*predicted_ms))} title="predicted"></span>
                    </div>
                    <span class="bench-figures">{ match summary {
                        Some(s) => format!("median {} (min {}, max {})", format_ms(s.median), format_ms(s.min), format_ms(s.max)),
                        None => "waiting…".to_string(),
                    } }</span>
                </div>
            }) }
            <p class="bench-advice">
                { "Quote the median, not one run: single runs wander with everything else the machine is doing. " }
                { "The dashed mark is the prediction." }
            </p>
        </section>
    }
}
