//! Notices about what was fixed in a link or an entry. Shown as text, never as markup.

use yew::prelude::*;

/// What [`notices`] shows.
pub struct NoticesProps {
    /// The notices, oldest first.
    pub notices: Vec<String>,
    /// Called when the person dismisses them.
    pub on_dismiss: Callback<()>,
}

/// A dismissible list of notices.
pub fn notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return html! {};
    }
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <section class="notice" role="status" data-testid="notice" aria-label="Notices">
            <p class="notice-title">{ "Some values were fixed:" }</p>
            <ul>{ for props.notices.iter().map(|notice| html! { <li>{ notice.clone() }</li> }) }</ul>
            <button type="button" class="quiet" onclick={on_dismiss}>{ "Dismiss" }</button>
        </section>
    }
}
