//! Shows a panic on the page instead of leaving it blank or half-alive.

use wasm_bindgen::JsCast;

/// Installs a panic hook that marks the run as failed and shows the message in a panel.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        show(&message);
    }));
}

/// Shows `message` in the panel and marks the run as failed.
pub fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let _ = body.set_attribute("data-run-state", "error");
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("panic-panel");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "panic");
    // The message is set as text, never parsed as HTML.
    let heading = document.create_element("h2").ok();
    if let Some(heading) = &heading {
        heading.set_text_content(Some("The playground crashed"));
        let _ = panel.append_child(heading);
    }
    if let Ok(pre) = document.create_element("pre") {
        pre.set_text_content(Some(message));
        let _ = panel.append_child(&pre);
    }
    if let Ok(link) = document.create_element("a") {
        // Back to the same scenario at its defaults: the link that broke is left behind.
        let scenario =
            playground_core::url_codec::decode(&crate::browser::location_search()).state.scenario_id;
        let href = scenario.map_or_else(|| "./".to_string(), |id| format!("?s={id}"));
        let _ = link.set_attribute("href", &href);
        let _ = link.set_attribute("data-testid", "reset-defaults");
        link.set_text_content(Some("Reset to this scenario's defaults"));
        let _ = panel.append_child(&link);
    }
    if let Ok(panel) = panel.dyn_into::<web_sys::HtmlElement>() {
        let _ = body.prepend_with_node_1(&panel);
    }
}
