//! Component tests in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn renders_the_app_with_its_spinner() {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("appended");
    yew::Renderer::<playground_app::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let spinner = root.query_selector("[data-testid=spinner]").expect("a valid selector");
    assert!(spinner.is_some(), "the spinner is rendered");
    // The rest of the page follows in later tasks, a frame or two later.
    let mut waited_ms = 0;
    while root.query_selector("main[data-drawn=whole]").expect("a valid selector").is_none() {
        assert!(waited_ms < 5_000, "the page is drawn whole within 5 s");
        gloo_timers::future::TimeoutFuture::new(20).await;
        waited_ms += 20;
    }
}

#[wasm_bindgen_test]
fn a_panic_shows_a_panel_with_its_message_as_text() {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    playground_app::panic_panel::show("boom <b>not bold</b>");
    let panel = document.query_selector("[data-testid=panic]").expect("a valid selector").expect("the panel");
    assert!(panel.text_content().unwrap_or_default().contains("boom <b>not bold</b>"));
    assert!(
        panel.query_selector("b").expect("a valid selector").is_none(),
        "the message is text, not markup"
    );
    let body = document.body().expect("a body");
    assert_eq!(body.get_attribute("data-run-state").as_deref(), Some("error"));
    panel.remove();
}

#[wasm_bindgen_test]
async fn rendered_resolves_once_the_frame_it_was_awaited_in_has_been_laid_out() {
    use playground_app::browser;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let element: web_sys::HtmlElement =
        document.create_element("div").expect("a div").dyn_into().expect("an HTML element");
    element.style().set_property("width", "10px").expect("a width");
    document.body().expect("a body").append_child(&element).expect("appended");
    // A ResizeObserver reports in a frame's rendering, after its layout.
    let observed = Rc::new(Cell::new(false));
    let on_resize = {
        let observed = Rc::clone(&observed);
        Closure::<dyn FnMut()>::new(move || observed.set(true))
    };
    let observer =
        web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).expect("a resize observer");
    observer.observe(&element);
    // Its first report, of the element's first size, comes with a coming frame.
    let mut waited_ms = 0;
    while !observed.replace(false) {
        assert!(waited_ms < 2_000, "the first size is reported within 2 s");
        gloo_timers::future::TimeoutFuture::new(20).await;
        waited_ms += 20;
    }
    // Inside an animation frame, before that frame's layout: the new width is not laid out yet.
    browser::next_frame().await;
    element.style().set_property("width", "20px").expect("a width");
    assert!(!observed.get(), "nothing is reported inside the frame's callbacks");
    browser::rendered().await;
    assert!(observed.get(), "the frame was laid out before `rendered` resolved");
    observer.disconnect();
    element.remove();
}

#[wasm_bindgen_test]
async fn idle_resolves_after_the_tasks_queued_before_it() {
    use playground_app::browser;
    use std::cell::Cell;
    use std::rc::Rc;

    // A timer queued just before, as Yew queues what is left of a long render. An urgent task
    // (`rendered`) runs ahead of it; `idle` resolves only once it has run.
    let timer_ran = Rc::new(Cell::new(false));
    browser::next_frame().await;
    {
        let timer_ran = Rc::clone(&timer_ran);
        gloo_timers::callback::Timeout::new(0, move || timer_ran.set(true)).forget();
    }
    let since_ms = browser::now_ms();
    browser::idle(10.0, 1_000).await;
    assert!(timer_ran.get(), "the timer ran before the page was idle");
    assert!(browser::now_ms() - since_ms < 1_000.0 + 100.0, "idle waits no longer than its limit");
}
