//! Share links: hostile input decodes to a valid state, valid states round-trip.

use playground_core::decimal::Dec;
use playground_core::page_state::{CODE_TAB, DEFAULT_REPS, MAX_SPEED_FACTOR, MIN_SPEED_FACTOR};
use playground_core::scenarios;
use playground_core::url_codec::{decode, encode, percent_encode};
use playground_core::{FreezeCheck, PageAction, PageState, ParamKind, ParamSpec, ParamValue};
use proptest::prelude::*;

/// Every value of `state` is within its parameter's range and of its kind.
fn assert_valid(state: &PageState) {
    assert!((MIN_SPEED_FACTOR..=MAX_SPEED_FACTOR).contains(&state.speed), "speed {}", state.speed);
    let Some(scenario) = state.scenario() else {
        assert_eq!(state.values.iter().count(), 0);
        return;
    };
    assert!(scenario.meta().mode(state.mode).is_some(), "mode {}", state.mode);
    for (spec, value) in state.values.iter() {
        match (&spec.kind, value) {
            (ParamKind::Number { min, max, step, .. }, ParamValue::Number(n)) => {
                assert!(n.is_finite() && *n >= *min && *n <= *max, "{} = {n}", spec.key);
                if *step >= 1.0 {
                    assert_eq!(n.fract(), 0.0, "{} = {n}", spec.key);
                }
            }
            (ParamKind::Choice { options, .. }, ParamValue::Choice(option)) => {
                assert!(options.iter().any(|(key, _)| key == option));
            }
            _ => panic!("{} has a value of the wrong kind", spec.key),
        }
    }
}

#[test]
fn a_link_restores_scenario_mode_parameters_and_speed() {
    let decoded = decode("?s=tasks&mode=serial&da=700&db=600&dc=500&n=2&speed=0.5&autorun=1");
    assert!(decoded.notices.is_empty(), "{:?}", decoded.notices);
    let state = decoded.state;
    assert_eq!(
        (state.scenario_id, state.mode, state.speed, state.autorun),
        (Some("tasks"), "serial", 0.5, true)
    );
    assert_eq!((state.values.number("da"), state.values.count("n")), (700.0, 2));
    // Missing keys take defaults.
    assert_eq!(state.values.number("limit"), 2000.0);
}

#[test]
fn no_scenario_shows_the_picker_and_an_unknown_one_says_so() {
    let empty = decode("");
    assert_eq!((empty.state.scenario_id, empty.notices.len()), (None, 0));
    let unknown = decode("?s=<img src=x onerror=alert(1)>");
    assert_eq!(unknown.state.scenario_id, None);
    assert_eq!(unknown.notices.len(), 1);
    assert!(unknown.notices[0].contains("Unknown scenario"));
}

#[test]
fn hostile_values_are_fixed_with_a_notice_each() {
    let decoded = decode("?s=tasks&mode=nope&da=-5&db=NaN&dc=1e999&n=2.5&n=9&speed=inf&autorun=yes&zz=1");
    let state = &decoded.state;
    assert_valid(state);
    assert_eq!(state.mode, "gather");
    assert_eq!((state.values.number("da"), state.values.number("db")), (0.0, 1200.0));
    // 1e999 overflows to infinity, which is not a number of ms: the default is used.
    assert_eq!((state.values.number("dc"), state.values.count("n")), (1000.0, 3));
    assert_eq!((state.speed, state.autorun), (1.0, false));
    // mode, da, db, dc, n (rounded), n (repeated), speed, autorun; the unknown key is ignored.
    assert_eq!(decoded.notices.len(), 8, "{:#?}", decoded.notices);
}

#[test]
fn a_speed_with_more_than_two_decimals_is_rounded_with_a_notice_and_links_show_it_exactly() {
    let decoded = decode("?s=tasks&speed=1.2345");
    assert_eq!(decoded.state.speed, 1.23);
    assert!(decoded.notices.iter().any(|notice| notice.contains("used 1.23")), "{:?}", decoded.notices);
    assert!(encode(&decoded.state).ends_with("&speed=1.23"));
    let exact = decode("?s=tasks&speed=0.25");
    assert_eq!((exact.state.speed, exact.notices.len()), (0.25, 0));
    let far = decode("?s=tasks&speed=1e3");
    assert!(
        far.notices.iter().any(|notice| notice.contains("outside 0.1 to 10; used 10")),
        "{:?}",
        far.notices
    );
}

#[test]
fn percent_encoding_tricks_decode_as_text() {
    let decoded = decode("?s=ta%73ks&mode=seri%61l&da=%31%30%30&db=%zz&dc=1%2");
    assert_eq!((decoded.state.scenario_id, decoded.state.mode), (Some("tasks"), "serial"));
    assert_eq!(decoded.state.values.number("da"), 100.0);
    assert_eq!(decoded.notices.len(), 2, "{:?}", decoded.notices);
}

#[test]
fn an_escape_with_a_sign_is_kept_as_written() {
    use playground_core::url_codec::percent_decode;
    // The `%` stays; the `+` after it is then a space, as anywhere in a query.
    assert_eq!(percent_decode("%+5%-1%41"), "% 5%-1A");
}

#[test]
fn a_huge_link_is_cut_with_a_notice() {
    let decoded = decode(&format!("?s=tasks&da={}", "1".repeat(10_000)));
    assert_valid(&decoded.state);
    assert!(decoded.notices.iter().any(|n| n.contains("longer than")));
}

#[test]
fn actions_change_the_state_and_explain_fixes() {
    let mut state = decode("?s=tasks").state;
    assert!(state.apply(PageAction::SetMode("serial".into())).is_empty());
    assert!(state.apply(PageAction::SetParam { key: "da".into(), text: "300".into() }).is_empty());
    assert_eq!(state.apply(PageAction::SetSpeed("50".into())).len(), 1);
    assert_eq!(state.speed, MAX_SPEED_FACTOR);
    // Only what differs from the defaults is written.
    assert_eq!(encode(&state), "?s=tasks&mode=serial&da=300&speed=10");
    state.apply(PageAction::ResetToDefaults);
    assert_eq!((state.mode, state.values.number("da"), state.speed), ("serial", 1500.0, 1.0));
    assert_eq!(state.apply(PageAction::SelectScenario("nope".into())).len(), 1);
    assert_eq!(state.scenario_id, Some("tasks"));
}

#[test]
fn the_speed_factor_scales_the_prediction() {
    let mut state = decode("?s=tasks&mode=gather").state;
    assert_eq!(state.predict_ms("gather"), 4500.0);
    state.apply(PageAction::SetSpeed("0.1".into()));
    assert!((state.predict_ms("gather") - 450.0).abs() < 1e-9);
}

#[test]
fn synchronous_requests_over_the_network_always_ask_first() {
    let offline = decode("?s=pokemon&mode=blocking").state;
    assert_eq!(offline.freeze_check("blocking"), FreezeCheck::Fine, "20 round trips of about 100 ms");
    for api in ["local", "pokeapi"] {
        // One name, with a zero round trip predicted: a server still takes what it takes.
        let state = decode(&format!("?s=pokemon&mode=blocking&api={api}&n=1&lat=0&jit=0")).state;
        assert_eq!(
            state.freeze_check("blocking"),
            FreezeCheck::Ask { blocking_ms: 15_000.0, on_network: true }
        );
        assert_eq!(state.freeze_check("to-thread"), FreezeCheck::Fine);
        let formula = state.scenario().and_then(|scenario| scenario.formula(&state.run_values(), "gather"));
        assert_eq!(
            formula.as_deref(),
            Some("the longest of 1 round trips = 0 ms, if each took the offline API's 0 ± 0 ms")
        );
    }
    let formula = offline.scenario().and_then(|scenario| scenario.formula(&offline.run_values(), "gather"));
    assert!(formula.is_some_and(|formula| !formula.contains("offline API")));
}

#[test]
fn long_blocks_ask_first_and_blocks_over_fifteen_seconds_are_refused() {
    let defaults = decode("?s=tasks&mode=blocking").state;
    // 3 x (1500 + 1200 + 1000) = 11.1 s of blocking.
    assert_eq!(
        defaults.freeze_check("blocking"),
        FreezeCheck::Ask { blocking_ms: 11_100.0, on_network: false }
    );
    assert_eq!(defaults.freeze_check("gather"), FreezeCheck::Fine);
    let short = decode("?s=tasks&mode=blocking&da=300&db=200&dc=100&n=2").state;
    assert_eq!(short.freeze_check("blocking"), FreezeCheck::Fine);
    let long = decode("?s=tasks&mode=blocking&n=10&speed=10").state;
    assert!(matches!(long.freeze_check("blocking"), FreezeCheck::Refuse { .. }));
}

/// A valid state of some scenario, drawn at random; about half its parameters, and now and
/// then its speed, are left at their defaults, which links leave out.
fn any_valid_state() -> impl Strategy<Value = PageState> {
    let n_scenarios = scenarios::all().len();
    let speed_tenths = prop_oneof![Just(10_u32), 1_u32..=100];
    let fractions = prop::collection::vec(prop::option::of(0.0..1.0_f64), 16);
    (0..n_scenarios, any::<u64>(), fractions, speed_tenths, any::<bool>()).prop_map(
        |(index, mode_pick, fractions, speed_tenths, autorun)| {
            let scenario = scenarios::all()[index];
            let meta = scenario.meta();
            let mut state = PageState::for_scenario(scenario);
            state.mode = meta.modes[(mode_pick % meta.modes.len() as u64) as usize].key;
            for (spec, fraction) in meta.params.iter().zip(fractions) {
                let Some(fraction) = fraction else { continue };
                let text = match &spec.kind {
                    ParamKind::Number { min, max, step, .. } => {
                        let value = min + (max - min) * fraction;
                        if *step >= 1.0 {
                            format!("{}", value.round())
                        } else {
                            format!("{value}")
                        }
                    }
                    ParamKind::Choice { options, .. } => {
                        options[(fraction * options.len() as f64) as usize % options.len()].0.to_string()
                    }
                };
                assert!(state.values.set_from_text(spec.key, &text).is_none());
            }
            state.speed = f64::from(speed_tenths) / 10.0;
            state.autorun = autorun;
            state.reps = 1 + (mode_pick % 20) as u32;
            state.embed = (mode_pick >> 32) % 2 == 1;
            state
        },
    )
}

/// The link the way links were written before they were shortened: every parameter and the
/// speed, whatever their values.
fn full_link(state: &PageState) -> String {
    let mut link = format!("?s={}&mode={}", state.scenario_id.unwrap_or_default(), state.mode);
    for (spec, _) in state.values.iter() {
        link.push_str(&format!("&{}={}", spec.key, percent_encode(&state.values.text(spec.key))));
    }
    link.push_str(&format!("&speed={}", Dec(state.speed)));
    if state.reps != DEFAULT_REPS {
        link.push_str(&format!("&reps={}", state.reps));
    }
    if state.autorun {
        link.push_str("&autorun=1");
    }
    if state.embed {
        link.push_str("&embed=1");
    }
    link
}

/// The keys of a link, in order.
fn keys(link: &str) -> Vec<&str> {
    let query = link.strip_prefix('?').unwrap_or(link);
    query.split('&').map(|pair| pair.split_once('=').map_or(pair, |(key, _)| key)).collect()
}

/// A valid value of `spec` other than its default, as text.
fn other_than_default(spec: &ParamSpec) -> String {
    match &spec.kind {
        ParamKind::Number { min, max, default, .. } => {
            Dec(if default == min { *max } else { *min }).to_string()
        }
        ParamKind::Choice { options, default } => options
            .iter()
            .map(|(option, _)| option.to_string())
            .find(|option| option != default)
            .unwrap_or_else(|| panic!("{} has a single option", spec.key)),
    }
}

#[test]
fn a_scenario_as_it_opens_links_with_its_id_and_mode_alone() {
    for scenario in scenarios::all() {
        let meta = scenario.meta();
        let state = PageState::for_scenario(*scenario);
        assert_eq!(encode(&state), format!("?s={}&mode={}", meta.id, meta.default_mode()));
        // The mode is always written, even the default one.
        for mode in meta.modes {
            let mut state = PageState::for_scenario(*scenario);
            assert!(state.apply(PageAction::SetMode(mode.key.into())).is_empty());
            assert_eq!(encode(&state), format!("?s={}&mode={}", meta.id, mode.key));
        }
    }
    // A speed of 1 and the default runs per mode are defaults too.
    assert_eq!(encode(&decode("?s=tasks&speed=1&reps=5&autorun=0&embed=0").state), "?s=tasks&mode=gather");
}

#[test]
fn a_moved_slider_is_the_only_parameter_in_the_link() {
    for scenario in scenarios::all() {
        let meta = scenario.meta();
        for spec in meta.params {
            let mut state = PageState::for_scenario(*scenario);
            let text = other_than_default(spec);
            let notices = state.apply(PageAction::SetParam { key: spec.key.into(), text: text.clone() });
            assert!(notices.is_empty(), "{} {}: {notices:?}", meta.id, spec.key);
            let link = encode(&state);
            assert_eq!(keys(&link), ["s", "mode", spec.key], "{link}");
            assert!(link.ends_with(&format!("&{}={}", spec.key, percent_encode(&text))), "{link}");
            assert_eq!(decode(&link).state, state);
        }
    }
    let mut state = decode("?s=tasks").state;
    state.apply(PageAction::SetSpeed("0.5".into()));
    state.apply(PageAction::SetReps("7".into()));
    assert_eq!(encode(&state), "?s=tasks&mode=gather&speed=0.5&reps=7");
    state.embed = true;
    assert_eq!(encode(&state), "?s=tasks&mode=gather&speed=0.5&reps=7&embed=1");
}

#[test]
fn an_embed_link_opens_the_compact_layout() {
    let decoded = decode("?s=tasks&mode=gather&da=300&embed=1");
    assert!(decoded.notices.is_empty(), "{:?}", decoded.notices);
    assert!(decoded.state.embed);
    assert_eq!(encode(&decoded.state), "?s=tasks&mode=gather&da=300&embed=1");
    assert!(!decode("?s=tasks").state.embed);
    let odd = decode("?s=tasks&embed=yes");
    assert_eq!((odd.state.embed, odd.notices.len()), (false, 1));
}

#[test]
fn an_old_full_link_and_its_short_link_open_the_same_page() {
    let old = decode(
        "?s=tasks&mode=serial&da=300&db=1200&dc=1000&n=3&bg=5000&fast=2000&slow=5000&op=5000&limit=2000&speed=10",
    );
    let short = decode("?s=tasks&mode=serial&da=300&speed=10");
    assert!(old.notices.is_empty() && short.notices.is_empty(), "{:?} {:?}", old.notices, short.notices);
    assert_eq!(old.state, short.state);
    assert_eq!(encode(&old.state), "?s=tasks&mode=serial&da=300&speed=10");
    for scenario in scenarios::all() {
        let state = PageState::for_scenario(*scenario);
        let old = decode(&full_link(&state));
        assert!(old.notices.is_empty(), "{:?}", old.notices);
        assert_eq!(old.state, state, "{}", full_link(&state));
    }
}

/// Query strings built from the pieces hostile links are made of.
fn hostile_query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("s".to_string()),
        Just("mode".to_string()),
        Just("speed".to_string()),
        Just("autorun".to_string()),
        Just("reps".to_string()),
        Just("embed".to_string()),
        Just("da".to_string()),
        Just("n".to_string()),
        Just("limit".to_string()),
        "[a-z%]{0,4}",
    ];
    let value = prop_oneof![
        Just("tasks".to_string()),
        Just("gather".to_string()),
        Just("1".to_string()),
        Just("NaN".to_string()),
        Just("-inf".to_string()),
        Just("1e308".to_string()),
        Just("-0".to_string()),
        Just("2.5".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("%F0%9F%92%A5%ZZ%".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        ".{0,40}",
    ];
    prop::collection::vec((key, value), 0..12).prop_map(|pairs| {
        let joined: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("?{}", joined.join("&"))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_decodes_to_a_valid_state(query in ".{0,300}") {
        assert_valid(&decode(&query).state);
    }

    #[test]
    fn any_bytes_decode_to_a_valid_state(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        assert_valid(&decode(&String::from_utf8_lossy(&bytes)).state);
    }

    #[test]
    fn hostile_links_decode_to_a_valid_state(query in hostile_query()) {
        let decoded = decode(&query);
        assert_valid(&decoded.state);
        // Decoding what we encode gives the same state back, with nothing to fix.
        let again = decode(&encode(&decoded.state));
        prop_assert_eq!(&again.state, &decoded.state);
        prop_assert!(again.notices.is_empty());
    }

    #[test]
    fn every_valid_state_round_trips(state in any_valid_state()) {
        let link = encode(&state);
        let decoded = decode(&link);
        prop_assert_eq!(&decoded.state, &state);
        prop_assert!(decoded.notices.is_empty(), "{:?}", decoded.notices);
        // A parameter is written exactly when it differs from its default.
        let defaults = PageState::for_scenario(state.scenario().expect("a listed scenario"));
        for (spec, value) in state.values.iter() {
            let differs = defaults
                .values
                .iter()
                .any(|(other, default)| other.key == spec.key && default != value);
            prop_assert_eq!(keys(&link).contains(&spec.key), differs, "{} in {}", spec.key, &link);
        }
        prop_assert_eq!(keys(&link).contains(&"speed"), state.speed != 1.0, "{}", &link);
    }

    #[test]
    fn every_old_full_link_opens_what_its_short_link_opens(state in any_valid_state()) {
        let old = decode(&full_link(&state));
        prop_assert!(old.notices.is_empty(), "{:?}", old.notices);
        prop_assert_eq!(&old.state, &state);
        prop_assert_eq!(&decode(&encode(&state)).state, &old.state);
    }
}

#[test]
fn every_mode_has_code_with_both_marks_present() {
    for scenario in scenarios::all() {
        for mode in scenario.meta().modes {
            let values = playground_core::ParamValues::defaults(scenario.meta().params);
            let code = scenario.code(&values, mode.key);
            assert!(
                code.python.contains(code.python_mark),
                "{} {}: python mark",
                scenario.meta().id,
                mode.key
            );
            assert!(code.rust.contains(code.rust_mark), "{} {}: rust mark", scenario.meta().id, mode.key);
            assert!(
                !code.rust.contains("// region"),
                "{} {}: region markers leaked",
                scenario.meta().id,
                mode.key
            );
            assert!(code.rust.lines().count() < 80, "{} {}: region too long", scenario.meta().id, mode.key);
        }
    }
}

#[test]
fn the_python_program_shows_the_current_values() {
    let state = decode("?s=tasks&mode=gather&da=700&n=4").state;
    let code = state.scenario().expect("tasks").code(&state.values, state.mode);
    assert!(code.python.contains("io_task(\"A\", 0.7, 4)"), "{}", code.python);
    let state = decode("?s=primes&mode=gather&a=5000&sleep=25&test=sqrt").state;
    let code = state.scenario().expect("primes").code(&state.values, state.mode);
    assert!(code.python.contains("highest_prime_below(5000)"), "{}", code.python);
    assert!(code.python.contains("await asyncio.sleep(0.025)"), "{}", code.python);
    assert!(code.python.contains("x ** 0.5"), "{}", code.python);
}

#[test]
fn reps_are_read_and_fixed() {
    assert_eq!(decode("?s=tasks&reps=7").state.reps, 7);
    assert_eq!(encode(&decode("?s=tasks&reps=7").state).matches("reps=7").count(), 1);
    assert!(!encode(&decode("?s=tasks").state).contains("reps"), "the default is left out of links");
    let decoded = decode("?s=tasks&reps=500");
    assert_eq!((decoded.state.reps, decoded.notices.len()), (20, 1));
    assert_eq!(decode("?s=tasks&reps=x").state.reps, 5);
}

#[test]
fn the_code_tab_has_its_own_link_and_carries_no_lesson_values() {
    let decoded = decode("?s=code&mode=gather&da=5");
    assert!(decoded.state.code);
    assert_eq!(decoded.state.scenario_id, None);
    assert_eq!(decoded.notices, Vec::<String>::new());
    assert_eq!(encode(&decoded.state), "?s=code");
    assert_eq!(decode(&encode(&decoded.state)).state, decoded.state);

    let mut state = decode("?s=tasks&da=700").state;
    state.apply(PageAction::SelectScenario("code".to_string()));
    assert!(state.code && state.scenario_id.is_none());
    state.apply(PageAction::SelectScenario("tasks".to_string()));
    assert!(!state.code);
    assert_eq!(state.scenario_id, Some("tasks"));
}

#[test]
fn the_tab_is_the_scenario_or_the_code_tab_and_titles_name_it() {
    let home = PageState::default();
    assert_eq!(home.tab(), None);
    // The page before the wasm has loaded carries the same title as the picker alone.
    let index_html = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../index.html"))
        .expect("index.html is readable");
    assert!(
        index_html.contains(&format!("<title>{}</title>", home.document_title())),
        "index.html's <title> is {:?}",
        home.document_title()
    );
    for scenario in scenarios::all() {
        let mut state = PageState::default();
        state.apply(PageAction::SelectScenario(scenario.meta().id.to_string()));
        assert_eq!(state.tab(), Some(scenario.meta().id));
        let title = state.document_title();
        assert!(title.starts_with(scenario.meta().title), "{title}");
        assert!(title.ends_with("Async playground"), "{title}");
        // Changing a value stays on the same tab.
        state.apply(PageAction::SetSpeed("2".to_string()));
        assert_eq!(state.tab(), Some(scenario.meta().id));
    }
    let mut code = PageState::default();
    code.apply(PageAction::SelectScenario(CODE_TAB.to_string()));
    assert_eq!(code.tab(), Some(CODE_TAB));
    assert!(code.document_title().starts_with("Your own program"));
}
