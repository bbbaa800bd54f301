//! The timeline as SVG: a lane per task, coloured segments, a ms axis, event marks.
//!
//! While a run goes on, its segments and marks are drawn on a canvas under a curtain that
//! covers the future (`live_canvas`): a frame draws what changed, and the browser paints one
//! bitmap, however long the run's history. The names, the axis and the group toggles stay in
//! the SVG. Once the run ends, the SVG draws every segment and mark, with their tooltips, for
//! the cursor, the tests and assistive technology. (A timeline too large for a canvas is drawn
//! as SVG while it runs too: each lane is a component that redraws only when its own segments
//! change, and open segments reach the right edge, under the curtain.)
//!
//! A large run folds its large families of lanes into one row each (`core::lane_groups`),
//! which the person can expand. Lane names are never cut: the names' column is as wide as the
//! longest name, and when that would take too much of a narrow plot, each name goes on its own
//! line above its lane.

use std::rc::Rc;

use playground_core::decimal::Dec;
use playground_core::lane_groups::{self, LaneGroup, Row, RowRoom};
use playground_core::live_paint::MarkKind;
use playground_core::timeline::TimeAxis;
use playground_core::timeline_layout::{on_thread, Scale, AXIS_HEIGHT, RIGHT_MARGIN};
use playground_core::{Event, EventKind, Lane, Segment, SegmentKind, Timeline};
use yew::prelude::*;

use super::format_ms;
use super::live_canvas::{canvas_size, LiveCanvas};
use crate::browser;
use crate::session::{RunStatus, RunView};

/// The picture's width before its width on screen is known; after that, its units are px.
const DEFAULT_VIEW_WIDTH: f64 = 960.0;
/// Lane names are at least this size on screen, in px.
const LABEL_FONT_PX: f64 = 12.0;
/// A character of a lane's name at [`LABEL_FONT_PX`], in px (monospace: 0.6 em).
const LABEL_CHAR_PX: f64 = 7.3;
/// The names' column takes at most this share of the picture's width; longer names go on
/// their own line above their lanes.
const LABEL_SHARE_MAX: f64 = 0.4;
/// The height of a name's own line above its lane, in px.
const LABEL_LINE_PX: f64 = 15.0;

/// Props of [`TimelineView`].
#[derive(Properties, PartialEq)]
pub struct TimelineViewProps {
    /// The run to draw.
    pub run: RunView,
    /// The least time the axis spans, in ms: the longer run of a Compare pair, so that both
    /// are drawn on one scale (0 for a run alone).
    #[prop_or_default]
    pub axis_ms: f64,
    /// The moment the cursor points at, in ms, on a finished run.
    #[prop_or_default]
    pub cursor_ms: Option<f64>,
    /// Called with the moment the person points at (pointer, arrow keys); `None` while the
    /// run is live, which takes no cursor.
    #[prop_or_default]
    pub on_cursor: Option<Callback<Option<f64>>>,
    /// Whether a replay moves the cursor: what follows it is covered, as in a live run.
    #[prop_or_default]
    pub replaying: bool,
    /// Whether the figure says what its colours mean (a Compare pair says it once).
    #[prop_or(true)]
    pub legend: bool,
}

/// One run's timeline, drawn as the run goes on.
#[function_component(TimelineView)]
pub fn timeline_view(props: &TimelineViewProps) -> Html {
    let run = &props.run;
    let timeline = &run.timeline;
    let live = run.status == RunStatus::Running;
    let end_ms = timeline.end_ms();
    let now_ms = if live { run.now_ms.max(end_ms) } else { end_ms };
    // The scale only changes when the run outgrows its prediction and the axis's last tick,
    // not every frame.
    let axis = TimeAxis::covering(now_ms.max(run.predicted_ms).max(props.axis_ms));
    let span_ms = axis.end_ms;
    let last_tick_ms = axis.ticks_ms.last().copied().unwrap_or(0.0);
    // The picture's units are the px it takes on screen (once known), so names and marks
    // keep their size on a phone and on a laptop alike.
    let view_width = use_state_eq(|| DEFAULT_VIEW_WIDTH);
    let figure = use_node_ref();
    {
        let (view_width, figure) = (view_width.clone(), figure.clone());
        use_effect_with((), move |_| {
            let observer = figure.cast::<web_sys::Element>().and_then(|element| {
                browser::observe_width(&element, move |width_px| {
                    if width_px > 0.0 {
                        view_width.set(width_px.round());
                    }
                })
            });
            move || drop(observer)
        });
    }
    // Large families of lanes are folded into a row each, unless the person opened them.
    let expanded = use_state(Vec::<String>::new);
    let rows = lane_groups::rows(timeline, &expanded);
    let on_toggle = {
        let expanded = expanded.clone();
        Callback::from(move |key: String| {
            let mut open = (*expanded).clone();
            match open.iter().position(|item| *item == key) {
                Some(at) => drop(open.remove(at)),
                None => open.push(key),
            }
            expanded.set(open);
        })
    };
    // A live run keeps the room its run on the virtual clock needed at its largest, so the
    // picture neither grows nor moves its names as tasks start, nor the page below it moves.
    let room = if live { run.room } else { RowRoom::default() };
    let n_rows = rows.len().max(room.rows);
    // Many rows get thinner, down to a name's height.
    let lane_height = if n_rows <= 20 { 24.0 } else { 16.0 };
    let label_chars = rows
        .iter()
        .map(|row| lane_groups::row_label(timeline, row).chars().count())
        .max()
        .unwrap_or(0)
        .max(room.label_chars);
    let label_px = label_chars as f64 * LABEL_CHAR_PX + 12.0;
    let (label_width, label_line) = if label_px <= *view_width * LABEL_SHARE_MAX {
        (label_px.max(48.0), 0.0)
    } else {
        (4.0, LABEL_LINE_PX)
    };
    let scale =
        Scale { span_ms, lane_height, label_line, view_width: *view_width, label_width, titles: !live };
    // Tick labels need about this much room each, in px (11 px text such as "1200 ms").
    const TICK_LABEL_PX: f64 = 56.0;
    let n_ticks = axis.ticks_ms.len().max(1);
    let plot_px = (*view_width - label_width - RIGHT_MARGIN).max(1.0);
    let label_every = ((n_ticks as f64 * TICK_LABEL_PX / plot_px).ceil() as usize).max(1);
    let height = AXIS_HEIGHT + scale.row_height() * n_rows.max(1) as f64 + 4.0;
    // A live run's segments and marks go on a canvas, when one that large can be had.
    let canvas_px = if live { canvas_size(scale.view_width, height) } else { None };
    let painted = canvas_px.is_some();
    let events_by_lane = use_memo((SameSnapshot(Rc::clone(timeline)), painted), |(snapshot, painted)| {
        if *painted {
            Vec::new()
        } else {
            group_events(&snapshot.0)
        }
    });
    let live_canvas = use_mut_ref(LiveCanvas::default);
    let canvas = use_node_ref();
    {
        let (live_canvas, canvas) = (live_canvas.clone(), canvas.clone());
        let job = canvas_px.map(|(_, _, ratio)| (Rc::clone(timeline), rows.clone(), scale, now_ms, ratio));
        use_effect(move || match (job, canvas.cast::<web_sys::HtmlCanvasElement>()) {
            (Some((timeline, rows, scale, now_ms, ratio)), Some(canvas)) => {
                live_canvas.borrow_mut().draw(&canvas, &timeline, &rows, &scale, now_ms, ratio)
            }
            _ => live_canvas.borrow_mut().reset(),
        });
    }
    let svg = use_node_ref();
    // The cursor: a pointer over the plot, or the arrow keys, pick a moment of the run.
    let (on_pointer, on_key) = match &props.on_cursor {
        Some(on_cursor) => {
            let on_pointer = {
                let (on_cursor, svg) = (on_cursor.clone(), svg.clone());
                Callback::from(move |event: PointerEvent| {
                    let Some(element) = svg.cast::<web_sys::Element>() else { return };
                    let rect = element.get_bounding_client_rect();
                    if rect.width() <= 0.0 {
                        return;
                    }
                    let view_x =
                        (f64::from(event.client_x()) - rect.left()) / rect.width() * scale.view_width;
                    // The names' column is not a moment.
                    if view_x < scale.label_width {
                        return;
                    }
                    on_cursor.emit(Some(within_run(scale.ms_at(view_x), end_ms)));
                })
            };
            let on_key = {
                let (on_cursor, at_ms) = (on_cursor.clone(), props.cursor_ms);
                Callback::from(move |event: KeyboardEvent| {
                    let step_ms = span_ms / if event.shift_key() { 10.0 } else { 100.0 };
                    let at_ms = at_ms.unwrap_or(0.0);
                    let next_ms = match event.key().as_str() {
                        "ArrowRight" => Some(at_ms + step_ms),
                        "ArrowLeft" => Some(at_ms - step_ms),
                        "Home" => Some(0.0),
                        "End" => Some(end_ms),
                        "Escape" => None,
                        _ => return,
                    };
                    event.prevent_default();
                    on_cursor.emit(next_ms.map(|ms| within_run(ms, end_ms)));
                })
            };
            (Some(on_pointer), Some(on_key))
        }
        None => (None, None),
    };
    let cursor_ms = props.cursor_ms.filter(|_| !live);
    html! {
        <figure ref={figure} class={classes!("timeline", props.on_cursor.is_some().then_some("pointable"))} data-testid="timeline"
            data-mode={run.mode} tabindex={props.on_cursor.is_some().then_some("0")} onkeydown={on_key}
            aria-label={props.on_cursor.is_some().then_some("Timeline: point at it, or use the arrow keys, to see a moment")}>
            <div class="plot">
            <svg ref={svg} onpointermove={on_pointer.clone()} onpointerdown={on_pointer}
                viewBox={format!("0 0 {} {}", Dec(scale.view_width), Dec(height))} role="img"
                aria-label={format!("Timeline of {}: {} tasks", run.mode_label, timeline.lanes.len())}>
                <g class="axis">
                    { for axis.ticks_ms.iter().enumerate().map(|(index, &tick_ms)| {
                        let x = scale.x(tick_ms);
                        // The last label ends at its tick, and a first one at the very edge
                        // starts there, so the edges cut neither.
                        let anchor = if tick_ms == last_tick_ms && tick_ms > 0.0 {
                            "end"
                        } else if x < TICK_LABEL_PX / 2.0 {
                            "start"
                        } else {
                            "middle"
                        };
                        // Every tick has its line; a narrow plot labels every few, counted
                        // back from the last, so labels never overlap.
                        let labelled = (n_ticks - 1 - index).is_multiple_of(label_every);
                        html! {
                            <g>
                                <line x1={fmt(x)} x2={fmt(x)} y1={fmt(AXIS_HEIGHT - 4.0)} y2={fmt(height)} class="grid" />
                                if labelled {
                                    <text x={fmt(x)} y="12" class="tick" text-anchor={anchor}>{ axis.label(tick_ms) }</text>
                                }
                            </g>
                        }
                    }) }
                </g>
                <g class="lanes">
                    { for rows.into_iter().enumerate().map(|(row, item)| match item {
                        Row::Lane(index) => html! {
                            <LaneRow key={format!("lane {index}")} timeline={Rc::clone(timeline)}
                                events={Rc::clone(&events_by_lane)} index={index} row={row} scale={scale} painted={painted} />
                        },
                        Row::Group(group) => {
                            let key = group_key(&group);
                            html! {
                            <GroupRow key={key} timeline={Rc::clone(timeline)}
                                events={Rc::clone(&events_by_lane)} group={group} row={row} scale={scale}
                                painted={painted} on_toggle={on_toggle.clone()} />
                            }
                        }
                    }) }
                </g>
                if let Some(at_ms) = cursor_ms {
                    if props.replaying {
                        <rect class="curtain" x={fmt(scale.x(at_ms))} y={fmt(AXIS_HEIGHT - 4.0)}
                            width={fmt(scale.view_width - scale.x(at_ms))} height={fmt(height - AXIS_HEIGHT + 4.0)} />
                    }
                    <g class="cursor" data-testid="timeline-cursor" data-at-ms={fmt(at_ms)}>
                        <line x1={fmt(scale.x(at_ms))} x2={fmt(scale.x(at_ms))} y1={fmt(AXIS_HEIGHT - 4.0)} y2={fmt(height)} />
                        <text x={fmt(scale.x(at_ms))} y={fmt(AXIS_HEIGHT - 6.0)}
                            text-anchor={if scale.x(at_ms) > scale.view_width - 60.0 { "end" } else { "middle" }}>
                            { format_ms(at_ms) }
                        </text>
                    </g>
                }
                if live && !painted {
                    { view_now(now_ms, height, &scale) }
                }
            </svg>
            if let Some((width_px, height_px, ratio)) = canvas_px {
                <canvas ref={canvas} class="live-canvas" aria-hidden="true" width={width_px.to_string()}
                    height={height_px.to_string()}
                    style={format!("height: {:.3}%", Dec(f64::from(height_px) / ratio / height * 100.0))} />
                <svg class="live-overlay" aria-hidden="true"
                    viewBox={format!("0 0 {} {}", Dec(scale.view_width), Dec(height))}>
                    { view_now(now_ms, height, &scale) }
                </svg>
            }
            </div>
            if props.legend {
            <figcaption class="legend">
                { for SegmentKind::ALL
                    .into_iter()
                    .map(|kind| html! {
                        <span class="legend-item"><span class={classes!("swatch", kind.key())}></span>{ kind.meaning() }</span>
                    }) }
                <span class="legend-item"><span class="mark-cancel">{ "×" }</span>{ "cancelled" }</span>
                <span class="legend-item"><span class="mark-timeout">{ "◆" }</span>{ "timed out" }</span>
            </figcaption>
            }
        </figure>
    }
}

/// The curtain over the future of a live run, and the line at its "now".
fn view_now(now_ms: f64, height: f64, scale: &Scale) -> Html {
    html! {
        <>
            <rect class="curtain" x={fmt(scale.x(now_ms))} y={fmt(AXIS_HEIGHT - 4.0)}
                width={fmt(scale.view_width - scale.x(now_ms))} height={fmt(height - AXIS_HEIGHT + 4.0)} />
            <line class="now" x1={fmt(scale.x(now_ms))} x2={fmt(scale.x(now_ms))}
                y1={fmt(AXIS_HEIGHT - 4.0)} y2={fmt(height)} />
        </>
    }
}

/// A snapshot of a timeline, compared by identity: a live run publishes a new one for each
/// redraw, and comparing two by value would cost the run's history.
struct SameSnapshot(Rc<Timeline>);

impl PartialEq for SameSnapshot {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The indices of each lane's events, found once per snapshot.
fn group_events(timeline: &Timeline) -> Vec<Vec<usize>> {
    let mut by_lane = vec![Vec::new(); timeline.lanes.len()];
    for (index, event) in timeline.events().iter().enumerate() {
        if let Some(indices) = by_lane.get_mut(event.lane.0 as usize) {
            indices.push(index);
        }
    }
    by_lane
}

fn group_key(group: &LaneGroup) -> String {
    format!("group {}", group.key)
}

/// A row's name: in the names' column, or on its own line above the lane, shortened only
/// when it is longer than the whole picture is wide.
fn view_label(text: &str, row_y: f64, scale: &Scale, extra: Html) -> Html {
    let max_chars = ((scale.view_width - 8.0) / LABEL_CHAR_PX).max(4.0) as usize;
    let shown: String = if text.chars().count() > max_chars {
        text.chars().take(max_chars - 1).chain(['…']).collect()
    } else {
        text.to_string()
    };
    let y = if scale.label_line > 0.0 {
        row_y + 12.0
    } else {
        scale.bar_y(row_y) + scale.lane_height / 2.0 + 4.0
    };
    html! {
        <text x="4" y={fmt(y)} class="lane-label" font-size={fmt(LABEL_FONT_PX)}>{ shown }{ extra }</text>
    }
}

#[derive(Properties)]
struct LaneRowProps {
    timeline: Rc<Timeline>,
    events: Rc<Vec<Vec<usize>>>,
    index: usize,
    /// Its place among the rows.
    row: usize,
    scale: Scale,
    /// Whether its segments and marks are on the live canvas: the row draws its name alone.
    painted: bool,
}

impl LaneRowProps {
    fn lane(&self) -> Option<&Lane> {
        self.timeline.lanes.get(self.index)
    }

    fn events(&self) -> impl Iterator<Item = &Event> {
        self.events
            .get(self.index)
            .into_iter()
            .flatten()
            .filter_map(|&index| self.timeline.events().get(index))
    }
}

impl PartialEq for LaneRowProps {
    /// Equal when this lane would be drawn the same: its segments, events and the scale.
    fn eq(&self, other: &Self) -> bool {
        fn named(props: &LaneRowProps) -> Option<(&str, Option<playground_core::LaneId>)> {
            props.lane().map(|lane| (&*lane.name, lane.parent))
        }
        (self.index, self.row, self.painted) == (other.index, other.row, other.painted)
            && self.scale == other.scale
            && if self.painted {
                named(self) == named(other)
            } else {
                self.lane() == other.lane() && self.events().eq(other.events())
            }
    }
}

/// One task's lane.
#[function_component(LaneRow)]
fn lane_row(props: &LaneRowProps) -> Html {
    let Some(lane) = props.lane() else { return html! {} };
    let scale = props.scale;
    let row_y = scale.row_y(props.row);
    let y = scale.bar_y(row_y);
    let parent = lane.parent.and_then(|id| props.timeline.lane(id)).map(|p| p.name.clone());
    let cy = y + scale.lane_height / 2.0;
    let title = match &parent {
        Some(parent) => format!("{} (started by {parent})", lane.name),
        None => lane.name.to_string(),
    };
    if props.painted {
        return html! {
            <g class="lane" data-lane={lane.name.clone()}>
                { view_label(&lane.name, row_y, &scale, html! { <title>{ title }</title> }) }
            </g>
        };
    }
    html! {
        <g class="lane" data-lane={lane.name.clone()}>
            { view_label(&lane.name, row_y, &scale, html! { <title>{ title }</title> }) }
            <line class="lane-life" x1={fmt(scale.x(lane.spawned_ms))}
                x2={fmt(lane.ended_ms.map_or(scale.view_width - RIGHT_MARGIN, |end_ms| scale.x(end_ms)))}
                y1={fmt(cy)} y2={fmt(cy)} />
            { for (0..lane.segments.len()).step_by(SEGMENTS_PER_BLOCK).map(|first| html! {
                <SegmentBlock key={first} timeline={Rc::clone(&props.timeline)} lane_index={props.index}
                    first={first} y={y} scale={scale} />
            }) }
            { for props.events().map(|event| view_event(event, y, &scale)) }
        </g>
    }
}

#[derive(Properties)]
struct GroupRowProps {
    timeline: Rc<Timeline>,
    events: Rc<Vec<Vec<usize>>>,
    group: LaneGroup,
    /// Its place among the rows.
    row: usize,
    scale: Scale,
    /// Whether its segments and marks are on the live canvas: the row draws its toggle alone.
    painted: bool,
    /// Called with the group's key when the person opens or closes it.
    on_toggle: Callback<String>,
}

impl PartialEq for GroupRowProps {
    /// Equal when the row would be drawn the same: its lanes, their segments and the scale. Two
    /// snapshots of a live run share the segments of every lane that did not change, so those
    /// compare at once.
    fn eq(&self, other: &Self) -> bool {
        (self.row, self.scale, self.painted) == (other.row, other.scale, other.painted)
            && self.group == other.group
            && self.on_toggle == other.on_toggle
            && (self.painted
                || self
                    .group
                    .lanes
                    .iter()
                    .all(|&index| self.timeline.lanes.get(index) == other.timeline.lanes.get(index)))
    }
}

/// The folded part of a family: one row that shows when any of its tasks was in each state,
/// and opens to show them one per row.
#[function_component(GroupRow)]
fn group_row(props: &GroupRowProps) -> Html {
    let (group, scale) = (&props.group, props.scale);
    // Kept from redraw to redraw: a live run's redraw merges only what closed since the last.
    let merged = use_mut_ref(lane_groups::MergedRow::default);
    let row_y = scale.row_y(props.row);
    let y = scale.bar_y(row_y);
    let toggle = {
        let (on_toggle, key) = (props.on_toggle.clone(), group.key.clone());
        move || on_toggle.emit(key.clone())
    };
    let on_click = {
        let toggle = toggle.clone();
        Callback::from(move |_: MouseEvent| toggle())
    };
    let on_key = Callback::from(move |event: KeyboardEvent| {
        if matches!(event.key().as_str(), "Enter" | " ") {
            event.prevent_default();
            event.stop_propagation();
            toggle();
        }
    });
    // Pressing the name opens the group; it does not move the cursor.
    let on_pointer = Callback::from(|event: PointerEvent| event.stop_propagation());
    let n = group.lanes.len();
    let action =
        if group.expanded { "Fold these tasks into one row again" } else { "Show these tasks one per row" };
    // Marks that matter for a single task in the group: cancels, timeouts, failures.
    let marks = group
        .lanes
        .iter()
        .filter_map(|&index| props.events.get(index))
        .flatten()
        .filter_map(|&index| props.timeline.events().get(index))
        .filter(|event| {
            matches!(
                event.kind,
                EventKind::Cancel | EventKind::Timeout { .. } | EventKind::Fetched { result: Err(_), .. }
            )
        });
    html! {
        <g class="lane-group" data-lane-group={group.key.clone()} data-count={n.to_string()}
            data-expanded={group.expanded.to_string()}>
            <g class="group-toggle" data-testid="lane-group-toggle" role="button" tabindex="0"
                aria-expanded={group.expanded.to_string()} aria-label={format!("{}: {action}", group.label)}
                onclick={on_click} onkeydown={on_key} onpointerdown={on_pointer}>
                <rect class="toggle-area" x="0" y={fmt(row_y)} width={fmt(scale.label_width.max(scale.view_width * 0.3))}
                    height={fmt(scale.row_height())} />
                { view_label(&lane_groups::toggle_text(group), row_y, &scale, html! { <title>{ action }</title> }) }
            </g>
            if !props.painted {
                { for merged.borrow_mut().segments(&props.timeline, &group.lanes, scale.ms_per_unit())
                    .iter().map(|segment| view_segment(segment, y, &scale)) }
                { for marks.map(|event| view_event(event, y, &scale)) }
            }
        </g>
    }
}

/// An event's mark, where the live canvas puts it too (`MarkKind::anchor_y`), on the lane
/// whose top is `lane_y`.
fn view_event(event: &Event, lane_y: f64, scale: &Scale) -> Html {
    let x = scale.x(event.at_ms);
    let Some(mark) = MarkKind::of_lane_event(&event.kind) else { return html! {} };
    let y = mark.anchor_y(lane_y, scale.lane_height);
    match &event.kind {
        EventKind::Cancel => html! {
            <text class="event cancel" data-event="cancel" data-at-ms={fmt(event.at_ms)} x={fmt(x)} y={fmt(y)}>
                { "×" }<title>{ format!("cancelled at {}", format_ms(event.at_ms)) }</title>
            </text>
        },
        EventKind::Timeout { limit_ms } => html! {
            <text class="event timeout" data-event="timeout" data-at-ms={fmt(event.at_ms)} x={fmt(x)} y={fmt(y)}>
                { "◆" }<title>{ format!("timed out after {} at {}", format_ms(*limit_ms), format_ms(event.at_ms)) }</title>
            </text>
        },
        EventKind::Print { text } => html! {
            <circle class="event print" cx={fmt(x)} cy={fmt(y)} r="2">
                if scale.titles {
                    <title>{ format!("{}: {text}", format_ms(event.at_ms)) }</title>
                }
            </circle>
        },
        EventKind::Fetched { id, result: Err(message) } => html! {
            <text class="event failed" data-event="error" data-at-ms={fmt(event.at_ms)} x={fmt(x)} y={fmt(y)}>
                { "!" }<title>{ format!("#{id} failed at {}: {message}", format_ms(event.at_ms)) }</title>
            </text>
        },
        // Moves, served requests and names have views of their own.
        EventKind::Move { .. } | EventKind::Served { .. } | EventKind::Fetched { .. } => html! {},
        EventKind::Done { result } => html! {
            <circle class="event done" data-event="done" cx={fmt(x)} cy={fmt(y)} r="3">
                <title>{ format!("done at {}: {result}", format_ms(event.at_ms)) }</title>
            </circle>
        },
    }
}

/// `ms` kept between the run's start and `end_ms`. (`f64::clamp` would bring the panic
/// message's float formatting into the wasm, about 10 KB.)
fn within_run(ms: f64, end_ms: f64) -> f64 {
    ms.min(end_ms).max(0.0)
}

/// Segments drawn by one [`SegmentBlock`]. A lane's segments only grow at the end, so its full
/// blocks never change and never redraw: a redraw costs what changed, not the lane's history.
const SEGMENTS_PER_BLOCK: usize = 32;

#[derive(Properties)]
struct SegmentBlockProps {
    timeline: Rc<Timeline>,
    lane_index: usize,
    /// The block's first segment.
    first: usize,
    y: f64,
    scale: Scale,
}

impl SegmentBlockProps {
    fn segments(&self) -> impl Iterator<Item = &Segment> + Clone {
        let lane = self.timeline.lanes.get(self.lane_index);
        lane.into_iter().flat_map(|lane| lane.segments.iter_from(self.first).take(SEGMENTS_PER_BLOCK))
    }
}

impl PartialEq for SegmentBlockProps {
    /// Equal when the block would be drawn the same: its own segments, place and scale.
    fn eq(&self, other: &Self) -> bool {
        (self.lane_index, self.first) == (other.lane_index, other.first)
            && (self.y, self.scale) == (other.y, other.scale)
            && self.segments().eq(other.segments())
    }
}

/// Up to [`SEGMENTS_PER_BLOCK`] segments of one lane.
#[function_component(SegmentBlock)]
fn segment_block(props: &SegmentBlockProps) -> Html {
    // The thread's own work is drawn last, over the waits beside it, so a short slice shows.
    let segments = props.segments();
    html! {
        <>
            { for segments.clone().filter(|segment| !on_thread(segment.kind)).map(|segment| view_segment(segment, props.y, &props.scale)) }
            { for segments.clone().filter(|segment| on_thread(segment.kind)).map(|segment| view_segment(segment, props.y, &props.scale)) }
        </>
    }
}

/// A segment; one still open is drawn to the right edge, and the curtain covers it from "now".
fn view_segment(segment: &Segment, y: f64, scale: &Scale) -> Html {
    let (x, bar_y, width, height) = scale.bar(segment, y, scale.view_width - RIGHT_MARGIN);
    let kind = segment.kind.key();
    let what = match segment.kind {
        SegmentKind::Running => "running",
        SegmentKind::Waiting => "waiting",
        SegmentKind::Ready => "ready, queued for the thread",
        SegmentKind::Blocked => "blocked",
        SegmentKind::OffThread => "off-thread",
    };
    let title = || match segment.end_ms {
        Some(end_ms) => format!(
            "{what} from {} to {} ({})",
            format_ms(segment.start_ms),
            format_ms(end_ms),
            format_ms(end_ms - segment.start_ms)
        ),
        None => format!("{what} since {}", format_ms(segment.start_ms)),
    };
    html! {
        <rect class={classes!("seg", kind)} data-kind={kind} data-start-ms={fmt(segment.start_ms)}
            data-end-ms={segment.end_ms.map(fmt)} x={fmt(x)} y={fmt(bar_y)} width={fmt(width)} height={fmt(height)}>
            if scale.titles {
                <title>{ title() }</title>
            }
        </rect>
    }
}

fn fmt(value: f64) -> String {
    format!("{:.1}", Dec(value))
}
