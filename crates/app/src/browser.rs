//! Thin wrappers over the browser APIs the playground needs.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// The page's clock, looked up once: each lookup crosses into JavaScript twice more.
    static PERFORMANCE: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
}

/// Milliseconds since the page started, from `performance.now()`.
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|performance| performance.as_ref().map_or(0.0, web_sys::Performance::now))
}

/// Marks this moment in the browser's performance timeline (it shows in a trace).
pub fn mark(name: &str) {
    PERFORMANCE.with(|performance| {
        if let Some(performance) = performance {
            let _ = performance.mark(name);
        }
    });
}

/// Holds the main thread for `duration_ms`: nothing else on the page runs meanwhile.
pub fn busy_wait(duration_ms: f64) {
    // The page's one handle on the clock, for the whole wait: looking it up on every turn
    // would make garbage for the collector to clear later, outside the wait.
    PERFORMANCE.with(|performance| {
        let Some(performance) = performance else { return };
        playground_worker::spin_until(performance, performance.now() + duration_ms);
    });
}

/// Resolves at the next animation frame.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            // A failed request leaves the promise pending, which only delays the reading.
            let _ = window.request_animation_frame(&resolve);
        }
    });
    // The promise never rejects.
    let _ = JsFuture::from(promise).await;
}

/// Calls `then` with the page clock in ms once the current task and the rendering it caused
/// (style, layout, paint) are over, in a task of its own. The task is posted at the
/// scheduler's highest priority where there is one (`scheduler.postTask`), so a timer that
/// fell due meanwhile runs after it: with an ordinary message, a chess move due during a
/// redraw ran first, and the redraw was measured at 50-60 ms instead of 15. Says whether the
/// task was posted: where it was not, `then` is never called.
pub fn after_rendering(then: impl FnOnce(f64) + 'static) -> bool {
    let callback = wasm_bindgen::closure::Closure::once_into_js(move || then(now_ms()));
    if post_urgent_task(&callback) {
        return true;
    }
    let Ok(channel) = web_sys::MessageChannel::new() else { return false };
    channel.port2().set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(&callback)));
    channel.port1().post_message(&wasm_bindgen::JsValue::UNDEFINED).is_ok()
}

/// Posts `callback` as a task at the `user-blocking` priority of `scheduler.postTask`; false
/// where the browser has no such scheduler.
fn post_urgent_task(callback: &JsValue) -> bool {
    let Some(scheduler) = property(&js_sys::global(), "scheduler").filter(JsValue::is_object) else {
        return false;
    };
    let Some(post_task) = method(&scheduler, "postTask") else {
        return false;
    };
    let options = js_sys::Object::new();
    let _ =
        js_sys::Reflect::set(&options, &JsValue::from_str("priority"), &JsValue::from_str("user-blocking"));
    post_task.call2(&scheduler, callback, &options).is_ok()
}

/// Resolves once the current task and the rendering it caused are over, when
/// [`after_rendering`] calls back, with the page clock then in ms: awaited in an animation
/// frame, it resolves after that frame's style, layout and paint, in a task of its own. With
/// no message channel, at once, with nothing.
pub async fn rendered() -> Option<f64> {
    let (done, rendered) = futures::channel::oneshot::channel();
    let posted = after_rendering(move |end_ms| {
        let _ = done.send(end_ms);
    });
    // A callback that was never posted is never called: its sender would never drop.
    if !posted {
        return None;
    }
    rendered.await.ok()
}

/// Resolves once the page has nothing else to do and at least `room_ms` before its next frame:
/// in an idle period of the event loop (`requestIdleCallback`) that long, so every task queued
/// before, such as a render Yew put off to a timer of its own, has run. It waits `limit_ms` at
/// most; where there are no idle callbacks, a timer's turn.
pub async fn idle(room_ms: f64, limit_ms: u32) {
    let since_ms = now_ms();
    loop {
        let left_ms = limit_ms as f64 - (now_ms() - since_ms);
        if idle_period(left_ms.max(0.0) as u32).await >= room_ms || left_ms <= 0.0 {
            return;
        }
    }
}

/// Waits for an idle period of the event loop, or `timeout_ms`, and says how long the period
/// has left, in ms: none after a timeout, and no end where there are no idle callbacks.
async fn idle_period(timeout_ms: u32) -> f64 {
    let global = js_sys::global();
    let Some(request) = method(&global, "requestIdleCallback") else {
        gloo_timers::future::TimeoutFuture::new(0).await;
        return f64::INFINITY;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("timeout"), &JsValue::from(timeout_ms));
        // A failed request resolves at once, with no deadline to read.
        if request.call2(&global, &resolve, &options).is_err() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    // The promise never rejects; it resolves with the period's `IdleDeadline`.
    let deadline = JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED);
    if property(&deadline, "didTimeout").is_some_and(|timed_out| timed_out.is_truthy()) {
        return 0.0;
    }
    method(&deadline, "timeRemaining")
        .and_then(|time_remaining| time_remaining.call0(&deadline).ok())
        .and_then(|left| left.as_f64())
        .unwrap_or(0.0)
}

/// Property `name` of `target`, where it has one (an API the browser may lack).
fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).ok()
}

/// Method `name` of `target`, where it has one.
fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    property(target, name).and_then(|f| f.dyn_into().ok())
}

/// Calls `then` in a task of its own once the next frame has been drawn: the page's first
/// part is on screen, and the browser has had a chance to handle input in between.
pub fn after_next_paint(then: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        next_frame().await;
        after_rendering(move |_| then());
    });
}

/// Sets an attribute on `<body>`, the hook the end-to-end tests read the run state from.
pub fn set_body_attribute(name: &str, value: &str) {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute(name, value);
    }
}

/// Writes `text` into the element behind `node`, if it is mounted.
pub fn set_text(node: &yew::NodeRef, text: &str) {
    if let Some(element) = node.cast::<web_sys::Element>() {
        element.set_text_content(Some(text));
    }
}

/// The page's query string, with its `?`; empty if there is none.
pub fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The page's full address.
pub fn location_href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// The page's fragment, with its `#`; empty if there is none.
pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Replaces the fragment in the address bar, without reloading or adding history.
pub fn replace_fragment(fragment: &str) {
    let query = location_search();
    replace_address(&query, fragment);
}

/// Replaces the query string in the address bar, without reloading or adding history; the
/// fragment stays only if `keep_fragment`.
pub fn replace_query(query: &str, keep_fragment: bool) {
    let fragment = if keep_fragment { location_hash() } else { String::new() };
    replace_address(query, &fragment);
}

/// Puts the query string in the address bar as a new history entry, which Back leaves; the
/// fragment stays only if `keep_fragment`.
pub fn push_query(query: &str, keep_fragment: bool) {
    let fragment = if keep_fragment { location_hash() } else { String::new() };
    set_address(query, &fragment, true);
}

fn replace_address(query: &str, fragment: &str) {
    set_address(query, fragment, false);
}

fn set_address(query: &str, fragment: &str, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_else(|_| "/".to_string());
    let url = format!("{path}{query}{fragment}");
    if let Ok(history) = window.history() {
        let _ = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}

/// Scrolls the page, at once, so that `element` starts near the top of the window, unless it
/// already starts in the window's upper half. (A smooth scroll would stall with a run that
/// holds the thread.)
pub fn bring_into_view(element: &web_sys::Element) {
    let Some(window) = web_sys::window() else { return };
    let height_px = window.inner_height().ok().and_then(|height| height.as_f64()).unwrap_or(0.0);
    let top_px = element.get_bounding_client_rect().top();
    if top_px < 0.0 || top_px > height_px / 2.0 {
        element.scroll_into_view_with_bool(true);
    }
}

/// Sets the document's title, which the browser's tab and history show.
pub fn set_document_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        if document.title() != title {
            document.set_title(title);
        }
    }
}

/// Watches an element's width; stops when dropped.
pub struct WidthObserver {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for WidthObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on_width` with `element`'s width in CSS px now and whenever it changes (a
/// ResizeObserver: no layout is forced to read it).
pub fn observe_width(
    element: &web_sys::Element,
    mut on_width: impl FnMut(f64) + 'static,
) -> Option<WidthObserver> {
    let callback =
        wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                on_width(entry.content_rect().width());
            }
        });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(WidthObserver { observer, _callback: callback })
}

/// A listener on the window, removed when this is dropped.
pub struct WindowListener {
    event: &'static str,
    handler: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ =
                window.remove_event_listener_with_callback(self.event, self.handler.as_ref().unchecked_ref());
        }
    }
}

/// Calls `handler` with every `event` the window receives, until the listener is dropped.
pub fn listen_window(event: &'static str, handler: impl FnMut(web_sys::Event) + 'static) -> WindowListener {
    let handler = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    }
    WindowListener { event, handler }
}

/// Copies `text` to the clipboard; fails where the browser does not allow it.
pub async fn copy_text(text: &str) -> Result<(), ()> {
    let window = web_sys::window().ok_or(())?;
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| ())
}

/// `url` resolved against the page's address.
pub fn absolute_url(url: &str) -> String {
    web_sys::Url::new_with_base(url, &location_href())
        .map(|resolved| resolved.href())
        .unwrap_or_else(|_| url.to_string())
}

/// Offers `text` as a file named `file_name` to download.
pub fn download_text(file_name: &str, mime_type: &str, text: &str) -> Result<(), String> {
    let blob = text_blob(text, mime_type).ok_or("the browser could not make the file")?;
    download_blob(file_name, &blob)
}

/// An address for a script made in the page, to start a worker from.
pub fn script_url(script: &str) -> Result<String, String> {
    let blob = text_blob(script, "text/javascript").ok_or("the worker's script could not be made")?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|error| {
        format!("the worker's script could not be given an address: {}", playground_worker::describe(error))
    })
}

/// A file in memory holding `text`.
fn text_blob(text: &str, mime_type: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// A canvas's 2D context.
pub fn context_2d(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|context| context.dyn_into().ok())
}

/// Draws the SVG document `svg` on a canvas at its own size and offers it as a PNG file.
pub async fn download_svg_as_png(file_name: &str, svg: &str) -> Result<(), String> {
    let failed = |what: &str| format!("the PNG could not be made: {what}");
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let svg_blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| failed("no SVG file"))?;
    let svg_url =
        web_sys::Url::create_object_url_with_blob(&svg_blob).map_err(|_| failed("no SVG address"))?;
    let image = web_sys::HtmlImageElement::new().map_err(|_| failed("no image"))?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&svg_url);
    let load = JsFuture::from(loaded).await;
    let _ = web_sys::Url::revoke_object_url(&svg_url);
    load.map_err(|_| failed("the browser could not draw the SVG"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| failed("no document"))?;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").map_err(|_| failed("no canvas"))?.unchecked_into();
    canvas.set_width(image.natural_width());
    canvas.set_height(image.natural_height());
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().ok_or_else(|| failed("no 2D context"))?.unchecked_into();
    context.draw_image_with_html_image_element(&image, 0.0, 0.0).map_err(|_| failed("drawing failed"))?;
    let encoded = js_sys::Promise::new(&mut |resolve, _reject| {
        // A canvas that cannot encode calls back with null, which the check below turns into an error.
        if canvas.to_blob(&resolve).is_err() {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    let png = JsFuture::from(encoded).await.map_err(|_| failed("encoding failed"))?;
    let png: web_sys::Blob = png.dyn_into().map_err(|_| failed("encoding failed"))?;
    download_blob(file_name, &png)
}

/// Starts the download of `blob` as `file_name`, through a link clicked in code.
fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url =
        web_sys::Url::create_object_url_with_blob(blob).map_err(|_| "no address for the file".to_string())?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| "no link element".to_string())?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The download has begun reading the file by then; the address is freed later, not at once.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
