//! The ice-cream server's live view: requests per second over time, latency, total served.

use playground_core::decimal::Dec;
use playground_core::scenarios::icecream::{self, server_stats, BUCKET_MS};
use playground_core::scenarios::icecream_meta::IcecreamScenario;
use playground_core::ParamValues;
use yew::prelude::*;

use super::format_ms;
use crate::session::RunView;

const CHART_WIDTH: f64 = 600.0;
const CHART_HEIGHT: f64 = 140.0;
const MARGIN: f64 = 28.0;

/// What [`icecream_live`] shows.
pub struct IcecreamLiveProps {
    /// The run.
    pub run: RunView,
    /// The values it runs with.
    pub values: ParamValues,
}

/// A line chart of requests per second and the latency figures, updated as the run goes on.
pub fn icecream_live(props: &IcecreamLiveProps) -> Html {
    let params = IcecreamScenario::params(&props.values);
    let predicted_rps = icecream::predict_rps(&params, IcecreamScenario::mode(props.run.mode));
    let stats = server_stats(&props.run.timeline, params.duration_ms);
    let series: Vec<f64> = stats.per_bucket.iter().map(|&count| count as f64 * 1000.0 / BUCKET_MS).collect();
    // Only buckets the run has reached are drawn.
    let n_reached =
        ((props.run.now_ms.max(props.run.timeline.end_ms()) / BUCKET_MS).ceil() as usize).min(series.len());
    let top_rps = series.iter().copied().fold(predicted_rps, f64::max).max(1.0) * 1.15;
    let x = |index: f64| MARGIN + index / series.len().max(1) as f64 * (CHART_WIDTH - MARGIN - 8.0);
    let y = |rps: f64| CHART_HEIGHT - MARGIN + 8.0 - rps / top_rps * (CHART_HEIGHT - MARGIN - 4.0);
    let points: Vec<String> = series[..n_reached]
        .iter()
        .enumerate()
        .flat_map(|(index, &rps)| {
            [
                format!("{:.1},{:.1}", Dec(x(index as f64)), Dec(y(rps))),
                format!("{:.1},{:.1}", Dec(x(index as f64 + 1.0)), Dec(y(rps))),
            ]
        })
        .collect();
    html! {
        <div class="server-live" data-testid="server-live">
            <svg class="rps-chart" viewBox={format!("0 0 {} {}", Dec(CHART_WIDTH), Dec(CHART_HEIGHT))} role="img"
                aria-label="Requests per second over time">
                <line class="axis" x1={Dec(MARGIN).to_string()} x2={Dec(CHART_WIDTH - 8.0).to_string()}
                    y1={Dec(y(0.0)).to_string()} y2={Dec(y(0.0)).to_string()} />
                <line class="predicted" x1={Dec(MARGIN).to_string()} x2={Dec(CHART_WIDTH - 8.0).to_string()}
                    y1={format!("{:.1}", Dec(y(predicted_rps)))} y2={format!("{:.1}", Dec(y(predicted_rps)))} />
                <text class="label" x={Dec(MARGIN + 4.0).to_string()} y={format!("{:.1}", Dec(y(predicted_rps) - 4.0))}>
                    { format!("predicted {:.1} req/s", Dec(predicted_rps)) }
                </text>
                <text class="label" x="2" y="12">{ format!("{:.0} req/s", Dec(top_rps)) }</text>
                <text class="label" x={Dec(CHART_WIDTH - 40.0).to_string()} y={Dec(CHART_HEIGHT - 4.0).to_string()}>
                    { format!("{:.0} s", Dec(params.duration_ms / 1000.0)) }
                </text>
                <polyline class="measured" points={points.join(" ")} />
            </svg>
            <dl class="server-figures">
                <dt>{ "Served" }</dt><dd data-testid="live-served">{ stats.n_served.to_string() }</dd>
                <dt>{ "Requests per second" }</dt><dd>{ format!("{:.1} (predicted {:.1})", Dec(stats.rps), Dec(predicted_rps)) }</dd>
                <dt>{ "Latency p50 / p95 / max" }</dt>
                <dd>{ format!("{} / {} / {}", format_ms(stats.p50_ms), format_ms(stats.p95_ms), format_ms(stats.max_ms)) }</dd>
            </dl>
        </div>
    }
}
