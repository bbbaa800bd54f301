//! Thin wrappers over the browser APIs the playground needs.

use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// The page's clock, looked up once: each lookup crosses into JavaScript twice more.
    static PERFORMANCE: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
}

/// Milliseconds since the page started, from `performance.now()`.
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|performance| performance.as_ref().map_or(0.0, web_sys::Performance::now))
}

/// Holds the main thread for `duration_ms`: nothing else on the page runs meanwhile.
pub fn busy_wait(duration_ms: f64) {
    // The page's one handle on the clock, for the whole wait: looking it up on every turn
    // would make garbage for the collector to clear later, outside the wait.
    PERFORMANCE.with(|performance| {
        let Some(performance) = performance else { return };
        let end_ms = performance.now() + duration_ms;
        while performance.now() < end_ms {
            std::hint::spin_loop();
        }
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
/// (style, layout, paint) are over: a message posted to ourselves arrives only then.
pub fn after_rendering(then: impl FnOnce(f64) + 'static) {
    let Ok(channel) = web_sys::MessageChannel::new() else { return };
    let on_message = wasm_bindgen::closure::Closure::once_into_js(move || then(now_ms()));
    channel.port2().set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(&on_message)));
    let _ = channel.port1().post_message(&wasm_bindgen::JsValue::UNDEFINED);
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

/// Replaces the query string in the address bar, without reloading or adding history.
pub fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_else(|_| "/".to_string());
    let url = format!("{path}{query}");
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
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
