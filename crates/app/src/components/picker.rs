//! The scenario picker: one tab per scenario that is built.

use playground_core::page_state::CODE_TAB;
use playground_core::scenarios;
use yew::prelude::*;

/// What [`picker`] shows.
pub struct PickerProps {
    /// The open scenario's id.
    pub selected: Option<&'static str>,
    /// Called with the id of the scenario picked.
    pub on_pick: Callback<&'static str>,
}

/// Lists the scenarios; the open one is marked.
pub fn picker(props: &PickerProps) -> Html {
    html! {
        <nav class="picker" aria-label="Scenarios">
            { for scenarios::all().iter().map(|scenario| {
                let meta = scenario.meta();
                let on_pick = props.on_pick.clone();
                let id = meta.id;
                let current = props.selected == Some(id);
                html! {
                    <button type="button" class={classes!("pick", current.then_some("current"))}
                        data-scenario={id} aria-pressed={current.to_string()}
                        onclick={Callback::from(move |_| on_pick.emit(id))}>
                        <span class="pick-id">{ id }</span>
                        <span class="pick-title">{ meta.title }</span>
                    </button>
                }
            }) }
            <button type="button" class={classes!("pick", "pick-code", (props.selected == Some(CODE_TAB)).then_some("current"))}
                data-scenario={CODE_TAB} aria-pressed={(props.selected == Some(CODE_TAB)).to_string()}
                onclick={props.on_pick.reform(|_| CODE_TAB)}>
                <span class="pick-id">{ CODE_TAB }</span>
                <span class="pick-title">{ "Your own program: asyncio Python, run as real CPython" }</span>
            </button>
        </nav>
    }
}
