//! Each mode's parameters: the page shows a mode only the parameters it uses, so a parameter a
//! mode does not use must change nothing of that mode: its prediction, its freeze, its code.

use playground_core::scenarios;
use playground_core::{ParamKind, ParamValues};

/// The texts a parameter is set to: its ends and a value between.
fn probe_texts(kind: &ParamKind) -> Vec<String> {
    match kind {
        ParamKind::Number { min, max, .. } => {
            vec![min.to_string(), max.to_string(), ((min + max) / 2.0).round().to_string()]
        }
        ParamKind::Choice { options, .. } => options.iter().map(|(key, _)| key.to_string()).collect(),
    }
}

#[test]
fn a_parameter_a_mode_does_not_use_changes_nothing_of_that_mode() {
    let mut unused_pairs = 0;
    for scenario in scenarios::all() {
        let meta = scenario.meta();
        let defaults = ParamValues::defaults(meta.params);
        for mode in meta.modes {
            let predicted_ms = scenario.predict_ms(&defaults, mode.key);
            let blocking_ms = scenario.blocking_ms(&defaults, mode.key);
            let code = scenario.code(&defaults, mode.key);
            for spec in meta.params.iter().filter(|spec| !spec.applies_to(mode.key)) {
                unused_pairs += 1;
                for text in probe_texts(&spec.kind) {
                    let mut values = defaults.clone();
                    values.set_from_text(spec.key, &text);
                    let at = format!("{} {} with {}={text}", meta.id, mode.key, spec.key);
                    assert_eq!(scenario.predict_ms(&values, mode.key), predicted_ms, "{at}: prediction");
                    assert_eq!(scenario.blocking_ms(&values, mode.key), blocking_ms, "{at}: freeze");
                    assert_eq!(scenario.code(&values, mode.key), code, "{at}: code");
                }
            }
        }
    }
    // tasks: 5 unused by each ABC mode, 8 by create_task, 7 by wait and by wait_for; icecream:
    // 3 unused by blocking and async, 2 by to_thread, 1 by gather two.
    assert_eq!(unused_pairs, 3 * 5 + 8 + 7 + 7 + 3 + 3 + 2 + 1);
}

#[test]
fn a_parameter_a_mode_uses_changes_its_prediction_or_its_code() {
    for scenario in scenarios::all() {
        let meta = scenario.meta();
        let defaults = ParamValues::defaults(meta.params);
        for mode in meta.modes {
            for spec in meta.params.iter().filter(|spec| spec.applies_to(mode.key) && !spec.modes.is_empty())
            {
                let changes = probe_texts(&spec.kind).iter().any(|text| {
                    let mut values = defaults.clone();
                    values.set_from_text(spec.key, text);
                    scenario.predict_ms(&values, mode.key) != scenario.predict_ms(&defaults, mode.key)
                        || scenario.code(&values, mode.key) != scenario.code(&defaults, mode.key)
                });
                assert!(
                    changes,
                    "{} {}: {} is said to be used but changes nothing",
                    meta.id, mode.key, spec.key
                );
            }
        }
    }
}

#[test]
fn a_folded_parameter_names_its_modes_in_the_buttons_words() {
    let tasks = scenarios::find("tasks").expect("tasks").meta();
    let icecream = scenarios::find("icecream").expect("icecream").meta();
    let label =
        |meta: &playground_core::ScenarioMeta, key: &str| meta.modes_using(meta.param(key).expect("a param"));
    assert_eq!(label(tasks, "bg"), "create_task");
    assert_eq!(label(tasks, "fast"), "wait (first)");
    assert_eq!(label(tasks, "limit"), "wait_for");
    assert_eq!(label(tasks, "da"), "gather, serial, blocking sleep");
    assert_eq!(label(icecream, "workers"), "to_thread, gather two");
    assert_eq!(label(icecream, "clients"), "every mode");
}

#[test]
fn every_rust_view_reads_as_a_program_from_a_function_signature() {
    for scenario in scenarios::all() {
        let meta = scenario.meta();
        let values = ParamValues::defaults(meta.params);
        for mode in meta.modes {
            let rust = scenario.code(&values, mode.key).rust;
            let first = rust.lines().find(|line| !line.trim_start().starts_with("///")).unwrap_or("");
            assert!(first.contains("fn "), "{} {}: the Rust view starts with {first:?}", meta.id, mode.key);
            let opened = rust.matches('{').count();
            let closed = rust.matches('}').count();
            assert_eq!(opened, closed, "{} {}: braces balance in\n{rust}", meta.id, mode.key);
        }
    }
}
