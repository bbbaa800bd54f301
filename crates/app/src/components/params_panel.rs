//! A slider and a number box for each parameter, a select for each choice.

use playground_core::decimal::Dec;
use playground_core::{ParamKind, ParamSpec, ParamValue, ParamValues, ScenarioMeta};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What [`params_panel`] shows.
pub struct ParamsPanelProps {
    /// The current values, with their specs.
    pub values: ParamValues,
    /// The open scenario.
    pub meta: &'static ScenarioMeta,
    /// The selected mode's key: its parameters come first, the others are folded away.
    pub mode: &'static str,
    /// Called with a parameter's key and the text its control gave.
    pub on_change: Callback<(&'static str, String)>,
}

/// The parameters of the open scenario: those the mode uses, and the others folded.
pub fn params_panel(props: &ParamsPanelProps) -> Html {
    let (used, others): (Vec<_>, Vec<_>) =
        props.values.iter().partition(|(spec, _)| spec.applies_to(props.mode));
    let mode_label = props.meta.mode(props.mode).map_or(props.mode, |mode| mode.label);
    html! {
        <fieldset class="params">
            <legend>{ format!("Parameters of {mode_label}") }</legend>
            { for used.into_iter().map(|(spec, value)| param_row(props, spec, value, spec.label.to_string())) }
            if !others.is_empty() {
                <details class="other-params" data-testid="other-params">
                    <summary>{ format!("Parameters of the other modes ({})", others.len()) }</summary>
                    { for others.into_iter().map(|(spec, value)| {
                        let label = format!("{} ({})", spec.label, props.meta.modes_using(spec));
                        param_row(props, spec, value, label)
                    }) }
                </details>
            }
        </fieldset>
    }
}

/// One parameter's controls, labelled `label`.
fn param_row(props: &ParamsPanelProps, spec: &'static ParamSpec, value: &ParamValue, label: String) -> Html {
    let key = spec.key;
    let id = format!("param-{key}");
    let on_change = props.on_change.clone();
    match (&spec.kind, value) {
        (ParamKind::Number { unit, min, max, step, .. }, ParamValue::Number(number)) => {
            let text = props.values.text(key);
            let on_slide = {
                let on_change = on_change.clone();
                Callback::from(move |event: InputEvent| {
                    let input: HtmlInputElement = event.target_unchecked_into();
                    on_change.emit((key, input.value()));
                })
            };
            let on_typed = Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                on_change.emit((key, input.value()));
            });
            html! {
                <div class="param" key={key}>
                    <label for={id.clone()}>{ label.clone() }</label>
                    <input type="range" id={id.clone()} name={key} min={Dec(*min).to_string()} max={Dec(*max).to_string()}
                        step={Dec(*step).to_string()} value={Dec(*number).to_string()} oninput={on_slide} />
                    <input type="number" class="param-number" aria-label={format!("{label} ({key})")}
                        data-key={key} min={Dec(*min).to_string()} max={Dec(*max).to_string()} step={Dec(*step).to_string()}
                        value={text} onchange={on_typed} />
                    <span class="unit">{ *unit }</span>
                </div>
            }
        }
        (ParamKind::Choice { options, .. }, ParamValue::Choice(current)) => {
            let on_select = Callback::from(move |event: Event| {
                let select: HtmlSelectElement = event.target_unchecked_into();
                on_change.emit((key, select.value()));
            });
            html! {
                <div class="param" key={key}>
                    <label for={id.clone()}>{ label.clone() }</label>
                    <select id={id} name={key} onchange={on_select}>
                        { for options.iter().map(|(option, label)| html! {
                            <option value={*option} selected={option == current}>{ *label }</option>
                        }) }
                    </select>
                </div>
            }
        }
        _ => html! {},
    }
}
