//! What leaves the page when a person exports results: the figures as a Markdown table, and
//! the timelines as one standalone SVG picture for slides.
//!
//! Both are plain text built here, so they are tested natively; the page only hands them to
//! the clipboard or to a download. The SVG carries all its styling inline (colours, fonts and
//! sizes as attributes, no CSS), so it looks the same in any viewer, on a slide, and drawn to
//! a canvas for a PNG. Task names and labels can come from a link, so every piece of text is
//! escaped.

use std::fmt::Write as _;

use crate::decimal::{format_duration_ms, Dec};
use crate::timeline::{EventKind, SegmentKind, TimeAxis, Timeline};

/// Width of the exported picture, in px: sharp on a full-HD slide.
pub const SVG_WIDTH_PX: f64 = 1600.0;

/// Most height the lanes of one run take in the picture, in px; a run with very many tasks
/// gets thinner lanes rather than a taller picture.
pub const MAX_LANES_HEIGHT_PX: f64 = 1080.0;

/// One finished run, as it is exported.
#[derive(Clone, Copy, Debug)]
pub struct ExportRun<'a> {
    /// The mode's label, as its button shows it (e.g. `gather`).
    pub mode_label: &'a str,
    /// The measured total, in ms.
    pub total_ms: f64,
    /// The predicted total, in ms.
    pub predicted_ms: f64,
    /// The longest gap between two frames during the run, in ms.
    pub max_frame_gap_ms: f64,
    /// Whether the person stopped the run before its end: its total is not the mode's.
    pub stopped: bool,
    /// What the run's tasks did.
    pub timeline: &'a Timeline,
}

/// The runs' figures as a Markdown table under `title`: one row per run (mode, measured,
/// predicted, longest frame gap, speedup over the first run), and for a pair of runs a line
/// saying the speedup in words. A stopped run is marked so, and has no speedup.
pub fn results_markdown(title: &str, runs: &[ExportRun]) -> String {
    let mut out = format!("## {}\n\n", markdown_cell(title));
    out.push_str("| mode | measured | predicted | longest frame gap | speedup |\n");
    out.push_str("| --- | ---: | ---: | ---: | ---: |\n");
    for run in runs {
        let speedup = match runs.first().and_then(|first| speedup_factor(first, run)) {
            Some(factor) => format!("{:.1}×", Dec(factor)),
            None => "–".to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {speedup} |",
            markdown_cell(&run_label(run)),
            format_duration_ms(run.total_ms),
            format_duration_ms(run.predicted_ms),
            format_duration_ms(run.max_frame_gap_ms)
        );
    }
    if let Some(sentence) = speedup_sentence(runs) {
        let _ = write!(out, "\n{}\n", markdown_cell(&sentence));
    }
    out
}

/// The runs' timelines as a standalone SVG document, `SVG_WIDTH_PX` wide: the title, the
/// speedup of a pair, a legend, one time axis shared by every run (so a shorter run is drawn
/// shorter), and for each run a heading with its totals and a lane per task.
pub fn timeline_svg(title: &str, runs: &[ExportRun]) -> String {
    let axis = Axis::for_runs(runs);
    let mut body = String::new();
    let mut y_px = MARGIN_PX + TITLE_FONT_PX;
    let _ = write!(
        body,
        r##"<text x="{}" y="{}" font-size="{}" font-weight="700" fill="{FG}">{}</text>"##,
        px(MARGIN_PX),
        px(y_px),
        px(TITLE_FONT_PX),
        escape(&shortened(title, MAX_TITLE_CHARS))
    );
    if let Some(sentence) = speedup_sentence(runs) {
        y_px += LINE_GAP_PX + TEXT_FONT_PX;
        let _ = write!(
            body,
            r##"<text x="{}" y="{}" font-size="{}" fill="{FG}">{}</text>"##,
            px(MARGIN_PX),
            px(y_px),
            px(TEXT_FONT_PX),
            escape(&sentence)
        );
    }
    y_px = write_legend(&mut body, y_px + LINE_GAP_PX);
    y_px = write_axis(&mut body, &axis, y_px + LINE_GAP_PX);
    for (index, run) in runs.iter().enumerate() {
        y_px = write_run(&mut body, run, index, &axis, y_px + RUN_GAP_PX);
    }
    let height_px = (y_px + MARGIN_PX).ceil();
    let mut out = String::with_capacity(body.len() + 600);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    out.push('\n');
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{SANS}" role="img">"#,
        w = px(SVG_WIDTH_PX),
        h = px(height_px),
    );
    let _ = write!(out, "<title>{}</title>", escape(title));
    let _ = write!(
        out,
        r#"<rect x="0" y="0" width="{}" height="{}" fill="{BACKGROUND}"/>"#,
        px(SVG_WIDTH_PX),
        px(height_px)
    );
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

// Colours of the page's light theme (www/style.css).
const BACKGROUND: &str = "#ffffff";
const FG: &str = "#1d1d28";
const MUTED: &str = "#5d5d70";
const BORDER: &str = "#d9d9e3";
const ACCENT: &str = "#6b4eff";
const RUNNING: &str = "#2f9e44";
const WAITING: &str = "#4dabf7";
const READY: &str = "#be4bdb";
const BLOCKED: &str = "#e03131";
const OFFTHREAD: &str = "#f08c00";

const SANS: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const MONO: &str = "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

const MARGIN_PX: f64 = 32.0;
const TITLE_FONT_PX: f64 = 30.0;
const TEXT_FONT_PX: f64 = 20.0;
const LEGEND_FONT_PX: f64 = 16.0;
const TICK_FONT_PX: f64 = 16.0;
const LINE_GAP_PX: f64 = 14.0;
const RUN_GAP_PX: f64 = 28.0;
/// The column of lane names, left of the plot.
const LABEL_WIDTH_PX: f64 = 260.0;
/// Room right of the plot, so the last tick's label is not cut.
const RIGHT_ROOM_PX: f64 = 56.0;
const MAX_TITLE_CHARS: usize = 80;
const MAX_LABEL_CHARS: usize = 24;
/// A rough width of a character of the sans-serif font, as a share of its size; enough to
/// lay out the legend and keep tick labels inside the picture.
const SANS_CHAR_WIDTH: f64 = 0.56;
/// Lanes thinner than this have no room for a name of their own; every few get one.
const MIN_LABELLED_LANE_PX: f64 = 14.0;

const PLOT_LEFT_PX: f64 = MARGIN_PX + LABEL_WIDTH_PX;
const PLOT_RIGHT_PX: f64 = SVG_WIDTH_PX - MARGIN_PX - RIGHT_ROOM_PX;

/// The time axis every run is drawn on: [`TimeAxis`] placed in the picture.
struct Axis(TimeAxis);

impl Axis {
    /// An axis long enough for every run's timeline, measured total and prediction.
    fn for_runs(runs: &[ExportRun]) -> Self {
        let span_ms = runs
            .iter()
            .flat_map(|run| [run.timeline.end_ms(), run.total_ms, run.predicted_ms])
            .filter(|ms| ms.is_finite())
            .fold(0.0, f64::max);
        Self(TimeAxis::covering(span_ms))
    }

    /// The x of `ms` in the picture, in px; times outside the axis stay at its ends.
    fn x(&self, ms: f64) -> f64 {
        PLOT_LEFT_PX + self.0.share(ms) * (PLOT_RIGHT_PX - PLOT_LEFT_PX)
    }
}

/// "gather was 2.5× faster than serial.": the second of a pair of runs against the first.
/// None unless both runs finished: a stopped run's total says nothing about its mode.
pub fn speedup_sentence(runs: &[ExportRun]) -> Option<String> {
    let [first, second] = runs else { return None };
    let factor = speedup_factor(first, second)?;
    Some(speedup_words(first.mode_label, second.mode_label, factor))
}

/// "gather was 2.5× faster than serial.": `second` against `first`, whose total was `factor`
/// times the second's; below 1 it is called slower, never "0.4× faster".
pub fn speedup_words(first: &str, second: &str, factor: f64) -> String {
    if factor >= 1.0 {
        format!("{second} was {:.1}× faster than {first}.", Dec(factor))
    } else {
        format!("{second} was {:.1}× slower than {first}.", Dec(1.0 / factor))
    }
}

/// How many times faster `run` was than `reference`: both must have finished, with totals
/// above zero.
fn speedup_factor(reference: &ExportRun, run: &ExportRun) -> Option<f64> {
    let usable = |run: &ExportRun| !run.stopped && run.total_ms.is_finite() && run.total_ms > 0.0;
    (usable(reference) && usable(run)).then(|| reference.total_ms / run.total_ms)
}

/// The mode's label, marked when the run was stopped.
fn run_label(run: &ExportRun) -> String {
    if run.stopped {
        format!("{} (stopped)", run.mode_label)
    } else {
        run.mode_label.to_string()
    }
}

/// Writes the legend from `top_px` down; returns the y of its bottom.
fn write_legend(out: &mut String, top_px: f64) -> f64 {
    let swatch_px = LEGEND_FONT_PX;
    let row_px = LEGEND_FONT_PX + 12.0;
    let kinds = SegmentKind::ALL;
    let (mut x_px, mut row_top_px) = (MARGIN_PX, top_px);
    let mut place = |out: &mut String, label: &str, first_of_group: bool| {
        let width_px = swatch_px + 8.0 + label.chars().count() as f64 * LEGEND_FONT_PX * SANS_CHAR_WIDTH;
        if first_of_group || x_px + width_px > SVG_WIDTH_PX - MARGIN_PX {
            if x_px > MARGIN_PX {
                row_top_px += row_px;
            }
            x_px = MARGIN_PX;
        }
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" font-size="{}" fill="{MUTED}">{}</text>"##,
            px(x_px + swatch_px + 8.0),
            px(row_top_px + LEGEND_FONT_PX * 0.9),
            px(LEGEND_FONT_PX),
            escape(label)
        );
        let at = (x_px, row_top_px);
        x_px += width_px + 28.0;
        at
    };
    out.push_str(r#"<g class="legend">"#);
    for (index, kind) in kinds.into_iter().enumerate() {
        let (x, y) = place(out, kind.meaning(), index == 0);
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/>"#,
            px(x),
            px(y + 1.0),
            px(swatch_px),
            px(swatch_px),
            kind_colour(kind)
        );
    }
    let half_px = swatch_px / 2.0;
    let (x, y) = place(out, "cancelled", true);
    write_cancel_mark(out, x + half_px, y + 1.0 + half_px, half_px * 0.8);
    let (x, y) = place(out, "timed out", false);
    write_timeout_mark(out, x + half_px, y + 1.0 + half_px, half_px);
    let (x, y) = place(out, "predicted total", false);
    let _ = write!(
        out,
        r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{ACCENT}" stroke-width="2" stroke-dasharray="4 3"/>"#,
        px(y),
        px(y + swatch_px + 2.0),
        x = px(x + half_px),
    );
    out.push_str("</g>");
    row_top_px + row_px
}

/// Writes the shared time axis from `top_px` down; returns the y of its bottom.
fn write_axis(out: &mut String, axis: &Axis, top_px: f64) -> f64 {
    let baseline_px = top_px + TICK_FONT_PX;
    out.push_str(r#"<g class="axis">"#);
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" font-size="{}" fill="{MUTED}">time since the run began</text>"##,
        px(MARGIN_PX),
        px(baseline_px),
        px(TICK_FONT_PX)
    );
    for &tick_ms in &axis.0.ticks_ms {
        let label = axis.0.label(tick_ms);
        let x_px = axis.x(tick_ms);
        let half_width_px = label.chars().count() as f64 * TICK_FONT_PX * SANS_CHAR_WIDTH / 2.0;
        // A label that would cross the picture's edge is drawn to the left of its tick.
        let anchor = if x_px + half_width_px > SVG_WIDTH_PX - MARGIN_PX / 2.0 { "end" } else { "middle" };
        let _ = write!(
            out,
            r##"<text class="tick" x="{}" y="{}" font-size="{}" fill="{MUTED}" text-anchor="{anchor}">{}</text>"##,
            px(x_px),
            px(baseline_px),
            px(TICK_FONT_PX),
            escape(&label)
        );
    }
    let line_y_px = baseline_px + 8.0;
    let _ = write!(
        out,
        r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{MUTED}" stroke-width="1"/>"#,
        px(PLOT_LEFT_PX),
        px(PLOT_RIGHT_PX),
        y = px(line_y_px)
    );
    out.push_str("</g>");
    line_y_px
}

/// Writes one run (its heading and lanes) from `top_px` down; returns the y of its bottom.
fn write_run(out: &mut String, run: &ExportRun, index: usize, axis: &Axis, top_px: f64) -> f64 {
    let timeline = run.timeline;
    let _ = write!(out, r#"<g class="run" id="run-{}">"#, index + 1);
    let heading_y_px = top_px + TEXT_FONT_PX;
    let _ = write!(
        out,
        r##"<text class="run-heading" x="{}" y="{}" font-size="{}" fill="{FG}"><tspan font-weight="700">{}</tspan>: measured {}, predicted {}, longest frame gap {}</text>"##,
        px(MARGIN_PX),
        px(heading_y_px),
        px(TEXT_FONT_PX),
        escape(&run_label(run)),
        escape(&format_duration_ms(run.total_ms)),
        escape(&format_duration_ms(run.predicted_ms)),
        escape(&format_duration_ms(run.max_frame_gap_ms))
    );
    let lanes_top_px = heading_y_px + 12.0;
    let n_lanes = timeline.lanes.len();
    let lane_px = lane_height_px(n_lanes);
    let lanes_bottom_px = lanes_top_px + lane_px * n_lanes.max(1) as f64;
    for &tick_ms in &axis.0.ticks_ms {
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{BORDER}" stroke-width="1"/>"#,
            px(lanes_top_px),
            px(lanes_bottom_px),
            x = px(axis.x(tick_ms))
        );
    }
    let run_end_ms = timeline.end_ms().max(if run.total_ms.is_finite() { run.total_ms } else { 0.0 });
    // Thin lanes name every few lanes, so names do not overlap.
    let label_every = (MIN_LABELLED_LANE_PX / lane_px).ceil().max(1.0) as usize;
    let label_font_px = if lane_px >= 24.0 { 16.0 } else { 12.0 };
    let inset_px = if lane_px >= 10.0 { lane_px * 0.2 } else { 0.0 };
    for (lane_index, lane) in timeline.lanes.iter().enumerate() {
        let y_px = lanes_top_px + lane_px * lane_index as f64;
        let mid_y_px = y_px + lane_px / 2.0;
        let _ = write!(out, r#"<g class="lane"><title>{}</title>"#, escape(&lane.name));
        if lane_index % label_every == 0 {
            let _ = write!(
                out,
                r##"<text x="{}" y="{}" font-size="{}" font-family="{MONO}" fill="{FG}">{}</text>"##,
                px(MARGIN_PX),
                px(mid_y_px + label_font_px * 0.35),
                px(label_font_px),
                escape(&shortened(&lane.name, MAX_LABEL_CHARS))
            );
        }
        if inset_px > 0.0 {
            let _ = write!(
                out,
                r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{BORDER}" stroke-width="1" stroke-dasharray="3 3"/>"#,
                px(axis.x(lane.spawned_ms)),
                px(axis.x(lane.ended_ms.unwrap_or(run_end_ms))),
                y = px(mid_y_px)
            );
        }
        for segment in lane.segments.iter() {
            let x_px = axis.x(segment.start_ms);
            let end_px = axis.x(segment.end_ms.unwrap_or(run_end_ms));
            let _ = write!(
                out,
                r#"<rect class="seg {}" x="{}" y="{}" width="{}" height="{}"{} fill="{}"/>"#,
                segment.kind.key(),
                px(x_px),
                px(y_px + inset_px),
                px((end_px - x_px).max(1.0)),
                px(lane_px - 2.0 * inset_px),
                if inset_px > 0.0 { r#" rx="2""# } else { "" },
                kind_colour(segment.kind)
            );
        }
        out.push_str("</g>");
    }
    // The prediction goes under the marks, so a cancel at the predicted end stays visible.
    if run.predicted_ms.is_finite() && run.predicted_ms > 0.0 {
        let _ = write!(
            out,
            r#"<line class="predicted" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{ACCENT}" stroke-width="2" stroke-dasharray="6 4"/>"#,
            px(lanes_top_px - 4.0),
            px(lanes_bottom_px + 4.0),
            x = px(axis.x(run.predicted_ms))
        );
    }
    let mark_px = (lane_px * 0.35).clamp(2.0, 9.0);
    for event in timeline.events() {
        let lane_index = event.lane.0 as usize;
        if lane_index >= n_lanes {
            continue;
        }
        let mid_y_px = lanes_top_px + lane_px * lane_index as f64 + lane_px / 2.0;
        match event.kind {
            EventKind::Cancel => write_cancel_mark(out, axis.x(event.at_ms), mid_y_px, mark_px),
            EventKind::Timeout { .. } => {
                write_timeout_mark(out, axis.x(event.at_ms), mid_y_px, mark_px * 1.2)
            }
            _ => {}
        }
    }
    out.push_str("</g>");
    lanes_bottom_px
}

/// The height of each lane of a run with `n_lanes` tasks, in px.
fn lane_height_px(n_lanes: usize) -> f64 {
    match n_lanes {
        0..=20 => 30.0,
        21..=60 => 18.0,
        _ => (MAX_LANES_HEIGHT_PX / n_lanes as f64).min(18.0),
    }
}

/// An × centred on (`x_px`, `y_px`), `half_px` from its centre to each arm's end.
fn write_cancel_mark(out: &mut String, x_px: f64, y_px: f64, half_px: f64) {
    let (left, right, top, bottom) =
        (px(x_px - half_px), px(x_px + half_px), px(y_px - half_px), px(y_px + half_px));
    let _ = write!(
        out,
        r#"<path class="cancel" d="M{left} {top}L{right} {bottom}M{left} {bottom}L{right} {top}" stroke="{BLOCKED}" stroke-width="3" stroke-linecap="round" fill="none"/>"#
    );
}

/// A diamond centred on (`x_px`, `y_px`), `half_px` from its centre to each corner.
fn write_timeout_mark(out: &mut String, x_px: f64, y_px: f64, half_px: f64) {
    let _ = write!(
        out,
        r#"<path class="timeout" d="M{} {}L{} {}L{} {}L{} {}Z" fill="{OFFTHREAD}" stroke="{BACKGROUND}" stroke-width="1"/>"#,
        px(x_px),
        px(y_px - half_px),
        px(x_px + half_px),
        px(y_px),
        px(x_px),
        px(y_px + half_px),
        px(x_px - half_px),
        px(y_px)
    );
}

/// The fill of a segment of `kind`, as on the page.
fn kind_colour(kind: SegmentKind) -> &'static str {
    match kind {
        SegmentKind::Running => RUNNING,
        SegmentKind::Waiting => WAITING,
        SegmentKind::Ready => READY,
        SegmentKind::Blocked => BLOCKED,
        SegmentKind::OffThread => OFFTHREAD,
    }
}

/// A coordinate or size in px, with one decimal at most.
fn px(value: f64) -> String {
    let shown = format!("{:.1}", Dec(value));
    match shown.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => shown,
    }
}

/// `text` cut to `max_chars` characters, with an ellipsis when it was longer.
fn shortened(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

/// `text` escaped for XML text and attribute values; characters XML does not allow (most
/// control characters) become U+FFFD, so the document stays well-formed whatever a name holds.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => {
                out.push(c)
            }
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// `text` made safe for one Markdown table cell or line: pipes escaped, line breaks and other
/// control characters turned into spaces.
fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}
