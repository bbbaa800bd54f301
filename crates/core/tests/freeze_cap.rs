//! The freeze cap's prediction against the block the virtual clock measures.

use playground_core::{
    run_scenario_virtual, scenarios, PageState, ParamKind, ParamValues, Scenario, SegmentKind, Timeline,
};
use proptest::prelude::*;

/// Time all tasks spent in segments of `kinds`.
fn time_in(timeline: &Timeline, kinds: &[SegmentKind]) -> f64 {
    timeline
        .lanes
        .iter()
        .flat_map(|lane| lane.segments.iter())
        .filter(|segment| kinds.contains(&segment.kind))
        .map(|segment| segment.end_ms.unwrap_or(segment.start_ms) - segment.start_ms)
        .sum()
}

fn check(scenario: &'static dyn Scenario, values: &ParamValues, mode: &'static str) {
    let predicted_ms = scenario.blocking_ms(values, mode);
    let run = run_scenario_virtual(scenario, values.clone(), mode);
    let blocked_ms = time_in(&run.timeline, &[SegmentKind::Blocked]);
    let id = scenario.meta().id;
    assert!(
        blocked_ms <= predicted_ms + 1e-6,
        "{id} {mode}: blocked {blocked_ms} ms, predicted {predicted_ms} ms"
    );
    if predicted_ms > 0.0 {
        // A blocking run holds the thread by busy-waiting and by computing, with no await. The
        // virtual clock counts whole microseconds per computation, hence the small slack.
        let held_ms = time_in(&run.timeline, &[SegmentKind::Blocked, SegmentKind::Running]);
        assert!(
            held_ms >= 0.95 * predicted_ms - 0.05,
            "{id} {mode}: held {held_ms} ms, predicted {predicted_ms} ms"
        );
    }
}

#[test]
fn every_mode_at_its_defaults_blocks_no_longer_than_predicted() {
    for scenario in scenarios::all() {
        let values = ParamValues::defaults(scenario.meta().params);
        for mode in scenario.meta().modes {
            check(*scenario, &values, mode.key);
        }
    }
}

/// Blocking modes with random parameters; primes use the square-root test to stay quick.
fn blocking_case() -> impl Strategy<Value = (usize, ParamValues, &'static str)> {
    let blocking: Vec<(usize, &'static str)> = scenarios::all()
        .iter()
        .enumerate()
        .flat_map(|(index, scenario)| {
            let values = ParamValues::defaults(scenario.meta().params);
            scenario
                .meta()
                .modes
                .iter()
                .filter(move |mode| scenario.blocking_ms(&values, mode.key) > 0.0)
                .map(move |mode| (index, mode.key))
        })
        .collect();
    (0..blocking.len(), prop::collection::vec(0.0..1.0_f64, 12)).prop_map(move |(index, fractions)| {
        let (scenario_index, mode) = blocking[index];
        let scenario = scenarios::all()[scenario_index];
        let mut values = ParamValues::defaults(scenario.meta().params);
        for (spec, fraction) in scenario.meta().params.iter().zip(fractions) {
            if let ParamKind::Number { min, max, .. } = spec.kind {
                // A quarter of each range keeps a case under a second of real CPU.
                let value = min + (max - min) * fraction * 0.25;
                values.set_from_text(spec.key, &format!("{}", value.round()));
            }
        }
        values.set_from_text("test", "sqrt");
        (scenario_index, values, mode)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn blocking_modes_block_as_predicted_for_any_parameters(case in blocking_case()) {
        let (scenario_index, values, mode) = case;
        check(scenarios::all()[scenario_index], &values, mode);
    }

    #[test]
    fn no_run_the_page_allows_blocks_longer_than_fifteen_seconds(case in blocking_case(), speed in 1_u32..=100) {
        let (scenario_index, values, mode) = case;
        let scenario = scenarios::all()[scenario_index];
        let mut state = PageState::for_scenario(scenario);
        state.values = values;
        state.speed = f64::from(speed) / 10.0;
        let blocking_ms = scenario.blocking_ms(&state.run_values(), mode);
        match state.freeze_check(mode) {
            playground_core::FreezeCheck::Fine => prop_assert!(blocking_ms <= 3000.0),
            playground_core::FreezeCheck::Ask { .. } => prop_assert!(blocking_ms > 3000.0 && blocking_ms <= 15_000.0),
            playground_core::FreezeCheck::Refuse { .. } => prop_assert!(blocking_ms > 15_000.0),
        }
    }
}
