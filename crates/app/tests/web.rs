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
}
