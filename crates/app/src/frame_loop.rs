//! The requestAnimationFrame loop behind the freeze meter.
//!
//! CSS animations run on the compositor and keep turning while the main thread is blocked,
//! so they cannot show a freeze. This loop turns the spinner from JavaScript on every frame:
//! when the main thread is held, no frame callback runs and the spinner stops.
//!
//! The frame callback only says where the ring stands; a small worker draws it, on the canvas
//! the page handed over (an `OffscreenCanvas`). A canvas the page itself redraws makes every
//! frame a full one, which costs a thread that a run's CPU work fills about 4% of its time
//! (measured in a chess run); the worker's drawing reaches the screen without the page's frame.
//! A browser that cannot hand a canvas over, or that refuses the worker (a content policy may),
//! gets the ring drawn by the page.

use std::cell::{Cell, RefCell};
use std::f64::consts::{PI, TAU};
use std::rc::Rc;

use playground_core::decimal::format_duration_ms;
use playground_core::frame_meter::{readings_due, FrameUse};
use playground_core::FrameMeter;
use wasm_bindgen::prelude::*;
use yew::NodeRef;

use crate::browser;

/// Degrees the spinner turns per millisecond: one turn a second.
const SPINNER_DEG_PER_MS: f64 = 0.36;

/// The ring's width as a share of the spinner's side.
const RING_WIDTH_SHARE: f64 = 0.14;

/// How long the spinner's worker may take to say it runs before the page draws the ring, in ms.
const WORKER_START_LIMIT_MS: f64 = 1000.0;

/// A running requestAnimationFrame loop that turns the spinner and feeds a [`FrameMeter`].
///
/// Clones share one loop; it stops when [`FrameLoop::stop`] is called.
#[derive(Clone)]
pub struct FrameLoop {
    inner: Rc<Inner>,
}

/// The closure requestAnimationFrame calls with the frame's timestamp in ms.
type FrameCallback = Closure<dyn FnMut(f64)>;

/// The elements the loop writes to on every frame, without a Yew render.
#[derive(Clone, Default, PartialEq)]
pub struct MeterNodes {
    /// The spinner it turns.
    pub spinner: NodeRef,
    /// Where it writes the latest frame gap.
    pub gap: NodeRef,
    /// Where it writes the longest gap of the current run.
    pub max_gap: NodeRef,
    /// Where it writes the dropped frames of the current run.
    pub dropped: NodeRef,
}

struct Inner {
    meter: RefCell<FrameMeter>,
    on_frame: RefCell<Option<Box<dyn Fn() -> FrameUse>>>,
    nodes: MeterNodes,
    callback: RefCell<Option<FrameCallback>>,
    /// The readings last written, so a frame that changes none costs no layout.
    written: RefCell<[String; 3]>,
    /// When the readings were last shown, in ms.
    shown_at_ms: Cell<f64>,
    /// The spinner's colours, read from the page's style a few times a second.
    ring_colours: RefCell<Option<RingColours>>,
    /// The spinner and what draws it, kept: asking for a context costs each frame, and a
    /// canvas that cannot be drawn on is not asked again.
    spinner: RefCell<Option<(web_sys::HtmlCanvasElement, Painter)>>,
}

/// The colours of the spinner's ring: its track and the arc that turns (CSS colour strings).
#[derive(Clone, PartialEq)]
struct RingColours {
    track: String,
    arc: String,
}

/// What draws the spinner's ring.
enum Painter {
    /// A worker that has not yet said it runs: the canvas is handed to it once it has, and
    /// drawn by the page if it fails to start (a content policy may refuse it).
    Starting(RingWorker),
    /// A worker that holds the canvas: each frame sends it the arc's angle, and the ring's
    /// sizes and colours go to it when they change (a number costs less to send than a list).
    Worker { worker: RingWorker, size_px: f64, sent: RefCell<Option<RingColours>> },
    /// The page, on the canvas's own 2D context.
    Page { context: web_sys::CanvasRenderingContext2d, size_px: f64 },
    /// Nothing can draw on this canvas.
    Nothing,
}

/// The spinner's worker, and whether it has said it runs (`Some(true)`) or has reported an
/// error (`Some(false)`).
struct RingWorker {
    worker: web_sys::Worker,
    started: Rc<Cell<Option<bool>>>,
    /// When it was made, in ms.
    made_at_ms: f64,
    /// The script's address, given up once the worker has loaded it or failed to.
    url: Option<String>,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

/// The spinner's worker: it draws the ring on the canvas handed to it. The ring's shape comes
/// as `[side, line width, centre, radius, track colour, arc colour]` (canvas pixels), then
/// each frame as the arc's start angle in radians; the arc spans half the ring.
const RING_WORKER_JS: &str = r#"let context, ring;
postMessage("started");
onmessage = ({ data }) => {
  if (data instanceof OffscreenCanvas) {
    context = data.getContext("2d");
  } else if (Array.isArray(data)) {
    ring = data;
  } else if (context && ring) {
    const [side, line, centre, radius, track, arc] = ring;
    context.clearRect(0, 0, side, side);
    context.lineWidth = line;
    for (const [colour, from, to] of [[track, 0, 2 * Math.PI], [arc, data, data + Math.PI]]) {
      context.strokeStyle = colour;
      context.beginPath();
      context.arc(centre, centre, radius, from, to);
      context.stroke();
    }
  }
};
"#;

impl PartialEq for FrameLoop {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl FrameLoop {
    /// Starts a loop that turns the spinner in `nodes` and writes the meter's readings there.
    pub fn start(nodes: MeterNodes) -> Self {
        let inner = Rc::new(Inner {
            meter: RefCell::new(FrameMeter::new()),
            on_frame: RefCell::new(None),
            nodes,
            callback: RefCell::new(None),
            written: RefCell::default(),
            shown_at_ms: Cell::new(f64::NEG_INFINITY),
            ring_colours: RefCell::new(None),
            spinner: RefCell::new(None),
        });
        let weak = Rc::downgrade(&inner);
        let callback = FrameCallback::new(move |timestamp_ms: f64| {
            if let Some(inner) = weak.upgrade() {
                inner.on_frame(timestamp_ms);
                inner.request_frame();
            }
        });
        *inner.callback.borrow_mut() = Some(callback);
        inner.request_frame();
        Self { inner }
    }

    /// Stops the loop; the spinner stays where it is.
    pub fn stop(&self) {
        self.inner.callback.borrow_mut().take();
    }

    /// Starts a new measurement window now (see [`FrameMeter::reset`]).
    pub fn reset_meter(&self) {
        self.inner.meter.borrow_mut().reset(browser::now_ms());
        // Write every reading afresh, in case the elements were drawn anew.
        self.inner.written.borrow_mut().iter_mut().for_each(String::clear);
        self.inner.shown_at_ms.set(f64::NEG_INFINITY);
    }

    /// Calls `hook` on every animation frame; it says how the page uses the frame, which
    /// decides whether the readings are written then (see [`readings_due`]).
    pub fn set_on_frame(&self, hook: impl Fn() -> FrameUse + 'static) {
        *self.inner.on_frame.borrow_mut() = Some(Box::new(hook));
    }

    /// A copy of the meter as it stands.
    pub fn meter(&self) -> FrameMeter {
        self.inner.meter.borrow().clone()
    }
}

impl Inner {
    fn on_frame(&self, timestamp_ms: f64) {
        let gap_ms = self.meter.borrow_mut().on_frame(timestamp_ms);
        let frame_use = self.on_frame.borrow().as_ref().map_or(FrameUse::Idle, |hook| hook());
        let due = readings_due(gap_ms, timestamp_ms - self.shown_at_ms.get(), frame_use);
        if let Some(canvas) = self.nodes.spinner.cast::<web_sys::HtmlCanvasElement>() {
            if due || self.ring_colours.borrow().is_none() {
                // The colours follow the page's theme, which may change while the page is open.
                *self.ring_colours.borrow_mut() = ring_colours(&canvas);
            }
            let mut spinner = self.spinner.borrow_mut();
            let kept = match spinner.take() {
                Some((kept, painter)) if kept == canvas => painter,
                // A worker, started or starting, is kept for a new canvas; where the page drew
                // the last one, it draws this one too, without trying a worker again.
                Some((_, Painter::Worker { worker, .. } | Painter::Starting(worker))) => {
                    Painter::Starting(worker)
                }
                Some((_, Painter::Page { .. })) => Painter::on_page(&canvas),
                _ => Painter::start(&canvas),
            };
            let painter = kept.settle(&canvas, timestamp_ms);
            if let Some(colours) = self.ring_colours.borrow().as_ref() {
                painter.draw(colours, (timestamp_ms * SPINNER_DEG_PER_MS) % 360.0);
            }
            *spinner = Some((canvas, painter));
        }
        // The readings are shown a few times a second, which people can read and which spares
        // the page a layout and paint each frame; a freeze's gap is shown at once (during a
        // run, at the next frame the live view redraws), as the longest gap since the last
        // reading.
        if due {
            self.shown_at_ms.set(timestamp_ms);
            let readings = {
                let mut meter = self.meter.borrow_mut();
                [
                    format_duration_ms(meter.take_unshown_gap_ms()),
                    format_duration_ms(meter.max_gap_ms()),
                    meter.dropped_frames().to_string(),
                ]
            };
            let nodes = [&self.nodes.gap, &self.nodes.max_gap, &self.nodes.dropped];
            let mut written = self.written.borrow_mut();
            for ((node, reading), last) in nodes.into_iter().zip(readings).zip(written.iter_mut()) {
                if *last != reading {
                    browser::set_text(node, &reading);
                    *last = reading;
                }
            }
        }
    }

    fn request_frame(&self) {
        let callback = self.callback.borrow();
        if let (Some(callback), Some(window)) = (callback.as_ref(), web_sys::window()) {
            let _ = window.request_animation_frame(callback.as_ref().unchecked_ref());
        }
    }
}

/// Reads the ring's colours from the canvas's style (`--border` and `--accent`).
fn ring_colours(canvas: &web_sys::HtmlCanvasElement) -> Option<RingColours> {
    let style = web_sys::window()?.get_computed_style(canvas).ok()??;
    let read = |name: &str| style.get_property_value(name).ok().map(|value| value.trim().to_string());
    Some(RingColours { track: read("--border")?, arc: read("--accent")? })
}

impl RingWorker {
    /// Starts the spinner's worker; `None` if the browser refuses at once.
    fn start() -> Option<Self> {
        let url = browser::script_url(RING_WORKER_JS).ok()?;
        let Ok(worker) = web_sys::Worker::new(&url) else {
            let _ = web_sys::Url::revoke_object_url(&url);
            return None;
        };
        let started = Rc::new(Cell::new(None));
        let on_message = {
            let started = started.clone();
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| started.set(Some(true)))
        };
        let on_error = {
            let started = started.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_| started.set(Some(false)))
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Self {
            worker,
            started,
            made_at_ms: browser::now_ms(),
            url: Some(url),
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for RingWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        if let Some(url) = self.url.take() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }
}

impl Painter {
    /// Starts a worker for `canvas`, or, where the browser refuses one, draws from the page.
    fn start(canvas: &web_sys::HtmlCanvasElement) -> Self {
        RingWorker::start().map_or_else(|| Self::on_page(canvas), Self::Starting)
    }

    /// The painter's next state at `now_ms`: a worker that has started is handed `canvas`; one
    /// that failed, or has not said it runs within [`WORKER_START_LIMIT_MS`], gives way to the
    /// page. The canvas is handed over only to a worker that runs: a canvas handed over can no
    /// longer be drawn on by the page.
    fn settle(self, canvas: &web_sys::HtmlCanvasElement, now_ms: f64) -> Self {
        let Self::Starting(mut worker) = self else { return self };
        match worker.started.get() {
            None if now_ms - worker.made_at_ms < WORKER_START_LIMIT_MS => return Self::Starting(worker),
            Some(true) => {}
            None | Some(false) => return Self::on_page(canvas),
        }
        if let Some(url) = worker.url.take() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        let size_px = f64::from(canvas.width());
        match canvas.transfer_control_to_offscreen() {
            Ok(offscreen) => {
                let handed =
                    worker.worker.post_message_with_transfer(&offscreen, &js_sys::Array::of1(&offscreen));
                match handed {
                    Ok(()) => Self::Worker { worker, size_px, sent: RefCell::new(None) },
                    Err(_) => Self::Nothing,
                }
            }
            Err(_) => Self::on_page(canvas),
        }
    }

    /// The page draws on the canvas itself.
    fn on_page(canvas: &web_sys::HtmlCanvasElement) -> Self {
        let size_px = f64::from(canvas.width());
        browser::context_2d(canvas).map_or(Self::Nothing, |context| Self::Page { context, size_px })
    }

    /// Draws the ring turned by `angle_deg`: a track with half of it in the arc's colour.
    fn draw(&self, colours: &RingColours, angle_deg: f64) {
        let (Self::Worker { size_px, .. } | Self::Page { size_px, .. }) = *self else { return };
        let line_px = size_px * RING_WIDTH_SHARE;
        let centre_px = size_px / 2.0;
        let radius_px = (size_px - line_px) / 2.0;
        let start_rad = angle_deg.to_radians() - 0.75 * PI;
        match self {
            Self::Worker { worker, sent, .. } => {
                if sent.borrow().as_ref() != Some(colours) {
                    let ring = js_sys::Array::new();
                    for number in [size_px, line_px, centre_px, radius_px] {
                        ring.push(&JsValue::from_f64(number));
                    }
                    ring.push(&JsValue::from_str(&colours.track));
                    ring.push(&JsValue::from_str(&colours.arc));
                    if worker.worker.post_message(&ring).is_ok() {
                        *sent.borrow_mut() = Some(colours.clone());
                    }
                }
                let _ = worker.worker.post_message(&JsValue::from_f64(start_rad));
            }
            Self::Page { context, .. } => {
                context.clear_rect(0.0, 0.0, size_px, size_px);
                context.set_line_width(line_px);
                let strokes = [(&colours.track, 0.0, TAU), (&colours.arc, start_rad, start_rad + PI)];
                for (colour, from_rad, to_rad) in strokes {
                    context.set_stroke_style_str(colour);
                    context.begin_path();
                    let _ = context.arc(centre_px, centre_px, radius_px, from_rad, to_rad);
                    context.stroke();
                }
            }
            Self::Starting(_) | Self::Nothing => {}
        }
    }
}
