//! The primes lesson on the virtual clock.

use playground_core::scenarios::primes::{self, is_prime, plan, PrimeTest, PrimesMode, PrimesParams};
use playground_core::{run_virtual, SegmentKind, Timeline};

fn run(params: PrimesParams, mode: PrimesMode) -> (f64, Timeline) {
    let run = run_virtual("main", |ctx| primes::run(ctx, params, mode));
    (run.total_ms, run.timeline)
}

#[test]
fn the_searches_find_the_lessons_primes_after_3_9_and_27_candidates() {
    for test in [PrimeTest::Naive, PrimeTest::Sqrt] {
        let found: Vec<(Option<u64>, u64)> = [100_000, 10_000, 1000]
            .iter()
            .map(|&limit| plan(limit, test))
            .map(|p| (p.prime, p.n_candidates))
            .collect();
        assert_eq!(found, [(Some(99_991), 9), (Some(9973), 27), (Some(997), 3)]);
    }
    assert_eq!(plan(3, PrimeTest::Naive).prime, Some(2));
    assert_eq!(plan(2, PrimeTest::Naive).prime, None);
}

#[test]
fn both_tests_agree_and_count_their_divisions() {
    for candidate in 0..2000 {
        assert_eq!(
            is_prime(candidate, PrimeTest::Naive).0,
            is_prime(candidate, PrimeTest::Sqrt).0,
            "{candidate}"
        );
    }
    // 99999 = 3 x 33333: from the top down, 33333 is the first divisor, after 66666 tries.
    assert_eq!(is_prime(99_999, PrimeTest::Naive), (false, 66_666));
    assert_eq!(is_prime(99_999, PrimeTest::Sqrt), (false, 2));
    assert_eq!(is_prime(97, PrimeTest::Naive), (true, 95));
    // The plan's count of divisions is what the tests really make.
    let planned = plan(10_000, PrimeTest::Naive).n_divisions;
    let made: u64 = (9973..10_000).map(|c| is_prime(c, PrimeTest::Naive).1).sum();
    assert_eq!(planned, made);
}

#[test]
fn gather_interleaves_and_the_search_below_1000_finishes_first() {
    let (total_ms, timeline) = run(PrimesParams::default(), PrimesMode::Gather);
    let results: Vec<&str> =
        timeline.printed_texts().into_iter().filter(|t| t.starts_with("Highest")).collect();
    assert_eq!(
        results,
        [
            "Highest prime below 1000 is 997",
            "Highest prime below 100000 is 99991",
            "Highest prime below 10000 is 9973"
        ]
    );
    // 26 sleeps of 10 ms for the longest search, plus a little CPU.
    assert!((260.0..262.0).contains(&total_ms), "{total_ms}");
    assert_eq!(timeline.lanes.len(), 4);
    assert!(timeline.time_in("below 10000", SegmentKind::Waiting) >= 259.9);
}

#[test]
fn sync_runs_the_searches_in_turn_blocking_the_main_task() {
    let (total_ms, timeline) = run(PrimesParams::default(), PrimesMode::Sync);
    let results: Vec<&str> =
        timeline.printed_texts().into_iter().filter(|t| t.starts_with("Highest")).collect();
    assert_eq!(
        results,
        [
            "Highest prime below 100000 is 99991",
            "Highest prime below 10000 is 9973",
            "Highest prime below 1000 is 997"
        ]
    );
    // (8 + 26 + 2) sleeps of 10 ms.
    assert!((360.0..362.0).contains(&total_ms), "{total_ms}");
    assert_eq!(timeline.time_in("main", SegmentKind::Blocked), 360.0);
    assert_eq!(timeline.time_in("main", SegmentKind::Waiting), 0.0);
}

#[test]
fn async_serial_has_the_same_order_and_total_but_waits_instead_of_blocking() {
    let (sync_ms, sync) = run(PrimesParams::default(), PrimesMode::Sync);
    let (serial_ms, serial) = run(PrimesParams::default(), PrimesMode::AsyncSerial);
    assert_eq!(sync.printed_texts(), serial.printed_texts());
    assert!((sync_ms - serial_ms).abs() < 1e-9);
    assert_eq!(serial.time_in("main", SegmentKind::Blocked), 0.0);
    assert!(serial.time_in("main", SegmentKind::Waiting) >= 359.9);
}

#[test]
fn gather_with_a_blocking_sleep_does_not_interleave() {
    let (total_ms, timeline) = run(PrimesParams::default(), PrimesMode::GatherBlocking);
    let results: Vec<&str> =
        timeline.printed_texts().into_iter().filter(|t| t.starts_with("Highest")).collect();
    assert_eq!(results[0], "Highest prime below 100000 is 99991");
    assert!((360.0..362.0).contains(&total_ms), "{total_ms}");
}

#[test]
fn every_mode_matches_its_prediction() {
    for test in [PrimeTest::Naive, PrimeTest::Sqrt] {
        let params = PrimesParams { test, ..PrimesParams::default() };
        for mode in
            [PrimesMode::Sync, PrimesMode::AsyncSerial, PrimesMode::GatherBlocking, PrimesMode::Gather]
        {
            let (total_ms, _) = run(params.clone(), mode);
            let predicted_ms = primes::predict_ms(&params, mode);
            // Serial is exact but for the virtual clock's whole microseconds; gather's model of
            // interleaved CPU is within a tenth of a percent.
            let tolerance_ms = if mode == PrimesMode::Gather { predicted_ms * 1e-3 } else { 0.05 };
            assert!(
                (total_ms - predicted_ms).abs() <= tolerance_ms,
                "{mode:?} {test:?}: {total_ms} vs {predicted_ms}"
            );
        }
    }
}

#[test]
fn a_limit_with_no_prime_below_it_says_so() {
    let params = PrimesParams { limits: [2, 5, 3], ..PrimesParams::default() };
    let (_, timeline) = run(params, PrimesMode::Gather);
    let lines = timeline.printed_texts();
    assert!(lines.contains(&"There is no prime below 2"), "{lines:?}");
    assert!(lines.contains(&"Highest prime below 5 is 3"));
    assert!(lines.contains(&"Highest prime below 3 is 2"));
}
