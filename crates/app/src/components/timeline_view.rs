//! The timeline as SVG: a lane per task, coloured segments, a ms axis, event marks.

use playground_core::{EventKind, Lane, Segment, SegmentKind};
use yew::prelude::*;

use super::format_ms;
use crate::session::{RunStatus, RunView};

const VIEW_WIDTH: f64 = 960.0;
const LABEL_WIDTH: f64 = 140.0;
const RIGHT_MARGIN: f64 = 12.0;
const AXIS_HEIGHT: f64 = 22.0;
const MAX_LABEL_CHARS: usize = 20;

/// Props of [`TimelineView`].
#[derive(Properties, PartialEq)]
pub struct TimelineViewProps {
    /// The run to draw.
    pub run: RunView,
}

/// One run's timeline; it grows while the run goes on.
#[function_component(TimelineView)]
pub fn timeline_view(props: &TimelineViewProps) -> Html {
    let run = &props.run;
    let timeline = &run.timeline;
    let live = run.status == RunStatus::Running;
    let now_ms = if live { run.now_ms } else { timeline.end_ms() };
    let span_ms = now_ms.max(timeline.end_ms()).max(run.predicted_ms).max(1.0);
    // Many lanes get thinner, so a hundred tasks still fit on a screen.
    let lane_height = match timeline.lanes.len() {
        0..=20 => 24.0,
        21..=60 => 14.0,
        _ => 8.0,
    };
    let scale = Scale { span_ms, lane_height };
    let height = AXIS_HEIGHT + lane_height * timeline.lanes.len().max(1) as f64 + 4.0;
    let ticks = axis_ticks(span_ms);
    html! {
        <figure class="timeline" data-testid="timeline" data-mode={run.mode}>
            <svg viewBox={format!("0 0 {VIEW_WIDTH} {height}")} role="img"
                aria-label={format!("Timeline of {}: {} tasks", run.mode_label, timeline.lanes.len())}>
                <g class="axis">
                    { for ticks.iter().map(|&tick_ms| {
                        let x = scale.x(tick_ms);
                        html! {
                            <g>
                                <line x1={fmt(x)} x2={fmt(x)} y1={fmt(AXIS_HEIGHT - 4.0)} y2={fmt(height)} class="grid" />
                                <text x={fmt(x)} y="12" class="tick">{ format_ms(tick_ms) }</text>
                            </g>
                        }
                    }) }
                </g>
                { for timeline.lanes.iter().enumerate().map(|(index, lane)| {
                    let y = AXIS_HEIGHT + lane_height * index as f64;
                    view_lane(lane, timeline, y, now_ms, &scale)
                }) }
                if live {
                    <line class="now" x1={fmt(scale.x(now_ms))} x2={fmt(scale.x(now_ms))}
                        y1={fmt(AXIS_HEIGHT - 4.0)} y2={fmt(height)} />
                }
            </svg>
            <figcaption class="legend">
                <span class="swatch running"></span>{ "running (computing on the main thread)" }
                <span class="swatch waiting"></span>{ "waiting (awaiting; the thread is free)" }
                <span class="swatch blocked"></span>{ "blocked (holding the main thread)" }
                <span class="swatch offthread"></span>{ "off-thread (in a worker)" }
                <span class="mark-cancel">{ "×" }</span>{ "cancelled" }
                <span class="mark-timeout">{ "◆" }</span>{ "timed out" }
            </figcaption>
        </figure>
    }
}

struct Scale {
    span_ms: f64,
    lane_height: f64,
}

impl Scale {
    fn x(&self, ms: f64) -> f64 {
        LABEL_WIDTH + ms.max(0.0) / self.span_ms * (VIEW_WIDTH - LABEL_WIDTH - RIGHT_MARGIN)
    }
}

fn view_lane(lane: &Lane, timeline: &playground_core::Timeline, y: f64, now_ms: f64, scale: &Scale) -> Html {
    let parent = lane.parent.and_then(|id| timeline.lane(id)).map(|p| p.name.clone());
    let label: String = lane.name.chars().take(MAX_LABEL_CHARS).collect();
    let events = timeline.events.iter().filter(|event| event.lane == lane.id);
    html! {
        <g class="lane" data-lane={lane.name.clone()}>
            <text x="4" y={fmt(y + scale.lane_height / 2.0 + 4.0)} class="lane-label"
                font-size={if scale.lane_height < 20.0 { "8" } else { "11" }}>
                { label }
                <title>{ match &parent {
                    Some(parent) => format!("{} (started by {parent})", lane.name),
                    None => lane.name.clone(),
                } }</title>
            </text>
            <line class="lane-life" x1={fmt(scale.x(lane.spawned_ms))} x2={fmt(scale.x(lane.ended_ms.unwrap_or(now_ms)))}
                y1={fmt(y + scale.lane_height / 2.0)} y2={fmt(y + scale.lane_height / 2.0)} />
            { for lane.segments.iter().map(|segment| view_segment(segment, y, now_ms, scale)) }
            { for events.map(|event| {
                let x = scale.x(event.at_ms);
                let cy = y + scale.lane_height / 2.0;
                match &event.kind {
                    EventKind::Cancel => html! {
                        <text class="event cancel" data-event="cancel" data-at-ms={fmt(event.at_ms)} x={fmt(x)} y={fmt(cy + 5.0)}>
                            { "×" }<title>{ format!("cancelled at {}", format_ms(event.at_ms)) }</title>
                        </text>
                    },
                    EventKind::Timeout { limit_ms } => html! {
                        <text class="event timeout" data-event="timeout" data-at-ms={fmt(event.at_ms)} x={fmt(x)} y={fmt(cy + 5.0)}>
                            { "◆" }<title>{ format!("timed out after {} at {}", format_ms(*limit_ms), format_ms(event.at_ms)) }</title>
                        </text>
                    },
                    EventKind::Print { text } => html! {
                        <circle class="event print" cx={fmt(x)} cy={fmt(y + 3.0)} r="2">
                            <title>{ format!("{}: {text}", format_ms(event.at_ms)) }</title>
                        </circle>
                    },
                    EventKind::Fetched { id, result: Err(message) } => html! {
                        <text class="event failed" data-event="error" data-at-ms={fmt(event.at_ms)} x={fmt(x)} y={fmt(cy + 5.0)}>
                            { "!" }<title>{ format!("#{id} failed at {}: {message}", format_ms(event.at_ms)) }</title>
                        </text>
                    },
                    // Moves, served requests and names have views of their own.
                    EventKind::Move { .. } | EventKind::Served { .. } | EventKind::Fetched { .. } => html! {},
                    EventKind::Done { result } => html! {
                        <circle class="event done" data-event="done" cx={fmt(x)} cy={fmt(cy)} r="3">
                            <title>{ format!("done at {}: {result}", format_ms(event.at_ms)) }</title>
                        </circle>
                    },
                }
            }) }
        </g>
    }
}

fn view_segment(segment: &Segment, y: f64, now_ms: f64, scale: &Scale) -> Html {
    let end_ms = segment.end_ms.unwrap_or(now_ms.max(segment.start_ms));
    let x = scale.x(segment.start_ms);
    let width = (scale.x(end_ms) - x).max(1.0);
    let kind = segment.kind.key();
    let what = match segment.kind {
        SegmentKind::Running => "running",
        SegmentKind::Waiting => "waiting",
        SegmentKind::Blocked => "blocked",
        SegmentKind::OffThread => "off-thread",
    };
    html! {
        <rect class={classes!("seg", kind)} data-kind={kind} data-start-ms={fmt(segment.start_ms)}
            data-end-ms={fmt(end_ms)} x={fmt(x)} y={fmt(y + scale.lane_height * 0.2)}
            width={fmt(width)} height={fmt(scale.lane_height * 0.6)} rx="2">
            <title>{ format!("{what} from {} to {} ({})", format_ms(segment.start_ms), format_ms(end_ms), format_ms(end_ms - segment.start_ms)) }</title>
        </rect>
    }
}

/// Tick positions at a round step giving four to ten ticks.
fn axis_ticks(span_ms: f64) -> Vec<f64> {
    let raw_step = span_ms / 6.0;
    let magnitude = 10_f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .find(|step| span_ms / step <= 8.0)
        .unwrap_or(10.0 * magnitude);
    (0..=((span_ms / step).floor() as usize)).map(|i| i as f64 * step).collect()
}

fn fmt(value: f64) -> String {
    format!("{value:.1}")
}
