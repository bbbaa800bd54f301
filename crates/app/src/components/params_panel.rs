//! A slider and a number box for each parameter, a select for each choice.

use playground_core::decimal::Dec;
use playground_core::{ParamKind, ParamValue, ParamValues};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What [`params_panel`] shows.
pub struct ParamsPanelProps {
    /// The current values, with their specs.
    pub values: ParamValues,
    /// Called with a parameter's key and the text its control gave.
    pub on_change: Callback<(&'static str, String)>,
}

/// The parameters of the open scenario.
pub fn params_panel(props: &ParamsPanelProps) -> Html {
    html! {
        <fieldset class="params">
            <legend>{ "Parameters" }</legend>
            { for props.values.iter().map(|(spec, value)| {
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
                                <label for={id.clone()}>{ spec.label }</label>
                                <input type="range" id={id.clone()} name={key} min={Dec(*min).to_string()} max={Dec(*max).to_string()}
                                    step={Dec(*step).to_string()} value={Dec(*number).to_string()} oninput={on_slide} />
                                <input type="number" class="param-number" aria-label={format!("{} ({key})", spec.label)}
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
                                <label for={id.clone()}>{ spec.label }</label>
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
            }) }
        </fieldset>
    }
}
