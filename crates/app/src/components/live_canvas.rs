//! A live run's timeline on a canvas: `core::live_paint` says what changed and what to draw
//! there; this draws it. The canvas keeps its pixels from frame to frame, so a frame costs what
//! changed, and the browser paints one bitmap however long the run's history.

use std::cell::RefCell;
use std::f64::consts::TAU;
use std::rc::Rc;

use playground_core::lane_groups::Row;
use playground_core::live_paint::{LivePainter, MarkKind, Paint, Shape};
use playground_core::timeline_layout::Scale;
use playground_core::{SegmentKind, Timeline};
use wasm_bindgen::JsValue;

use crate::browser;

/// The most pixels the canvas may hold; a larger timeline is drawn as SVG while it runs.
const MAX_CANVAS_PX: f64 = 16.0e6;
/// The canvas's height grows in steps of this many px (four times as many for a tall one), so
/// that rows joining a live run seldom resize it (a resized canvas is blank, and everything is
/// drawn again). Every pixel costs each frame a copy to the compositor: the steps are small.
const HEIGHT_STEP_PX: f64 = 64.0;

/// The canvas's size in device pixels and its device pixels per px, for a picture of
/// `view_width` by `height`; `None` when it would be too large.
pub fn canvas_size(view_width: f64, height: f64) -> Option<(u32, u32, f64)> {
    // (`f64::clamp` would bring the panic message's float formatting into the wasm.)
    #[allow(clippy::manual_clamp)]
    let ratio = web_sys::window().map_or(1.0, |window| window.device_pixel_ratio()).min(2.0).max(1.0);
    let step_px = if height > 8.0 * HEIGHT_STEP_PX { 4.0 * HEIGHT_STEP_PX } else { HEIGHT_STEP_PX };
    let height = (height / step_px).ceil() * step_px;
    (view_width * height * ratio * ratio <= MAX_CANVAS_PX)
        .then(|| ((view_width * ratio).round() as u32, (height * ratio).round() as u32, ratio))
}

thread_local! {
    /// The colours and font of every live canvas, read from the page's style before a run's
    /// clock starts (the rehearsal) and again after each run: reading a style makes the
    /// browser work out the page's styles there and then, which a run's first frame should not
    /// wait for.
    static STYLE: RefCell<Option<Rc<Style>>> = const { RefCell::new(None) };
}

/// The page's style for live canvases, read once.
fn style() -> Option<Rc<Style>> {
    STYLE.with(|style| {
        if style.borrow().is_none() {
            *style.borrow_mut() = Style::read().map(Rc::new);
        }
        style.borrow().clone()
    })
}

/// Reads the page's style again (its theme may have changed).
fn read_style_again() {
    STYLE.with(|style| *style.borrow_mut() = Style::read().map(Rc::new));
}

/// The colours and font the canvas draws with, read from the page's style.
struct Style {
    kinds: [(SegmentKind, String); 5],
    life: String,
    muted: String,
    fg: String,
    blocked: String,
    offthread: String,
    font_family: String,
}

impl Style {
    /// The colours are the page's (`:root`'s variables), the font its body's.
    fn read() -> Option<Self> {
        let window = web_sys::window()?;
        let body = window.document()?.body()?;
        let style = window.get_computed_style(&body).ok()??;
        let var = |name: &str| {
            style.get_property_value(name).map(|value| value.trim().to_string()).unwrap_or_default()
        };
        Some(Self {
            kinds: SegmentKind::ALL.map(|kind| (kind, var(&format!("--{}", kind.key())))),
            life: var("--border"),
            muted: var("--muted"),
            fg: var("--fg"),
            blocked: var("--blocked"),
            offthread: var("--offthread"),
            font_family: style.get_property_value("font-family").unwrap_or_default(),
        })
    }

    fn kind(&self, kind: SegmentKind) -> &str {
        self.kinds.iter().find(|(each, _)| *each == kind).map_or("", |(_, colour)| colour)
    }
}

/// A live timeline's canvas, kept from frame to frame.
#[derive(Default)]
pub struct LiveCanvas {
    painter: LivePainter,
    /// The canvas's size when last drawn: a new size means a blank canvas.
    size: (u32, u32),
    /// The canvas and its 2D context, kept: asking for the context costs each frame.
    context: Option<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d)>,
}

impl LiveCanvas {
    /// Forgets what was drawn. After a run, the page's style is read for the next one.
    pub fn reset(&mut self) {
        if self.size != (0, 0) {
            read_style_again();
        }
        self.painter.reset();
        self.size = (0, 0);
        self.context = None;
    }

    /// Brings `canvas` up to `timeline` at `now_ms`, drawn in `rows` at `scale`, `ratio` device
    /// pixels per px.
    pub fn draw(
        &mut self,
        canvas: &web_sys::HtmlCanvasElement,
        timeline: &Timeline,
        rows: &[Row],
        scale: &Scale,
        now_ms: f64,
        ratio: f64,
    ) {
        if self.context.as_ref().is_none_or(|(kept, _)| kept != canvas) {
            self.context = browser::context_2d(canvas).map(|context| (canvas.clone(), context));
        }
        let Some((_, context)) = &self.context else { return };
        let size = (canvas.width(), canvas.height());
        if size != self.size {
            self.painter.reset();
            self.size = size;
        }
        let paint = self.painter.paint(timeline, rows, scale, now_ms);
        if let Some(style) = style() {
            let _ = context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
            draw_paint(context, &paint, &style, size, ratio);
        }
    }
}

fn draw_paint(
    context: &web_sys::CanvasRenderingContext2d,
    paint: &Paint,
    style: &Style,
    size: (u32, u32),
    ratio: f64,
) {
    if paint.clear_all {
        context.clear_rect(0.0, 0.0, f64::from(size.0) / ratio, f64::from(size.1) / ratio);
    }
    let dash = js_sys::Array::of2(&JsValue::from(2.0), &JsValue::from(2.0));
    for region in &paint.regions {
        // On whole device pixels: a clip through a pixel would leave a seam where it was
        // cleared and drawn again.
        let snap = |value: f64, round: fn(f64) -> f64| round(value * ratio) / ratio;
        let (x, y) = (snap(region.x, f64::floor), snap(region.y, f64::floor));
        let (width, height) =
            (snap(region.x + region.width, f64::ceil) - x, snap(region.y + region.height, f64::ceil) - y);
        context.save();
        context.begin_path();
        context.rect(x, y, width, height);
        context.clip();
        context.clear_rect(x, y, width, height);
        let mut fill = "";
        let mut set_fill = |colour: &'static str, value: &str| {
            if fill != colour {
                context.set_fill_style_str(value);
                fill = colour;
            }
        };
        for shape in &region.shapes {
            match *shape {
                Shape::Life { x_from, x_to, y } => {
                    context.set_stroke_style_str(&style.life);
                    context.set_line_width(1.0);
                    let _ = context.set_line_dash(&dash);
                    context.begin_path();
                    context.move_to(x_from, y);
                    context.line_to(x_to, y);
                    context.stroke();
                }
                Shape::Bar { kind, x, y, width, height } => {
                    set_fill(kind.key(), style.kind(kind));
                    context.fill_rect(x, y, width, height);
                }
                Shape::Mark { kind, x, y } => match kind {
                    MarkKind::Print | MarkKind::Done => {
                        let (key, colour, radius) = if kind == MarkKind::Print {
                            ("muted", &style.muted, 2.0)
                        } else {
                            ("fg", &style.fg, 3.0)
                        };
                        set_fill(key, colour);
                        context.begin_path();
                        let _ = context.arc(x, y, radius, 0.0, TAU);
                        context.fill();
                    }
                    MarkKind::Cancel | MarkKind::Timeout | MarkKind::Failed => {
                        let (glyph, colour, font) = match kind {
                            MarkKind::Cancel => ("×", &style.blocked, "700 16px"),
                            MarkKind::Timeout => ("◆", &style.offthread, "14px"),
                            _ => ("!", &style.blocked, "700 14px"),
                        };
                        set_fill(glyph, colour);
                        context.set_font(&format!("{font} {}", style.font_family));
                        context.set_text_align("center");
                        let _ = context.fill_text(glyph, x, y);
                    }
                },
            }
        }
        context.restore();
    }
}
