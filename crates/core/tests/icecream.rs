//! The ice-cream server on the virtual clock.

use playground_core::scenarios::icecream::{self, server_stats, IcecreamMode, IcecreamParams};
use playground_core::{run_virtual, SegmentKind};

const MODES: [IcecreamMode; 4] =
    [IcecreamMode::Blocking, IcecreamMode::Async, IcecreamMode::ToThread, IcecreamMode::GatherTwo];

fn run(params: &IcecreamParams, mode: IcecreamMode) -> (f64, playground_core::Timeline) {
    let params = params.clone();
    let run = run_virtual("main", move |ctx| icecream::run(ctx, params, mode));
    (run.total_ms, run.timeline)
}

#[test]
fn every_mode_serves_its_predicted_requests_per_second_within_five_percent() {
    let cases = [
        IcecreamParams::default(),
        // Short loads count whole requests in a short window; ten seconds keep that under 5%.
        IcecreamParams { work_ms: 200.0, n_clients: 20, duration_ms: 10_000.0, ..IcecreamParams::default() },
        IcecreamParams { n_clients: 3, n_workers: 8, ..IcecreamParams::default() },
    ];
    for params in &cases {
        for mode in MODES {
            let (_, timeline) = run(params, mode);
            let stats = server_stats(&timeline, params.duration_ms);
            let predicted = icecream::predict_rps(params, mode);
            assert!(
                (stats.rps - predicted).abs() <= 0.05 * predicted,
                "{mode:?} {params:?}: {} vs {predicted}",
                stats.rps
            );
        }
    }
}

#[test]
fn the_lessons_figures_at_the_defaults() {
    let params = IcecreamParams::default();
    let rps = |mode| server_stats(&run(&params, mode).1, params.duration_ms).rps;
    assert_eq!(rps(IcecreamMode::Blocking), 2.0);
    assert_eq!(rps(IcecreamMode::Async), 100.0);
    assert_eq!(rps(IcecreamMode::ToThread), 8.0);
}

#[test]
fn answers_that_land_a_moment_after_the_load_ends_do_not_lower_the_throughput() {
    // Fifty clients served every 500 ms on a real clock: each round lands 2 ms late, so the
    // tenth lands after the 5 s load and is not counted.
    let mut timeline = playground_core::Timeline::default();
    let main = timeline.add_lane("main", None, 0.0);
    for round in 1..=10 {
        for _ in 0..50 {
            let at_ms = f64::from(round) * 500.0 + 2.0;
            timeline.add_event(main, at_ms, playground_core::EventKind::Served { latency_ms: 500.0 });
        }
    }
    let stats = server_stats(&timeline, 5000.0);
    assert_eq!(stats.n_served, 450);
    assert!((stats.rps - 100.0).abs() < 0.1, "{} requests per second", stats.rps);
    assert_eq!(server_stats(&playground_core::Timeline::default(), 5000.0).rps, 0.0);
}

#[test]
fn blocking_holds_the_thread_and_serves_one_request_at_a_time() {
    let params = IcecreamParams::default();
    let (total_ms, timeline) = run(&params, IcecreamMode::Blocking);
    assert_eq!(total_ms, icecream::predict_ms(&params, IcecreamMode::Blocking));
    let stats = server_stats(&timeline, params.duration_ms);
    assert_eq!(stats.n_served, 10);
    // The n-th request waited for the n - 1 before it.
    assert_eq!((stats.p50_ms, stats.max_ms), (2500.0, 5000.0));
    assert_eq!(timeline.total_time_in(SegmentKind::Blocked), 5000.0);
}

#[test]
fn to_thread_runs_the_model_off_the_main_thread() {
    let params = IcecreamParams { n_clients: 6, duration_ms: 1000.0, ..IcecreamParams::default() };
    let (total_ms, timeline) = run(&params, IcecreamMode::ToThread);
    assert_eq!(total_ms, icecream::predict_ms(&params, IcecreamMode::ToThread));
    let threads = timeline.lanes.iter().filter(|lane| lane.name.starts_with("thread:")).count();
    // Four workers answer two rounds; two more jobs start as the load stops and are dropped.
    assert_eq!(threads, 10);
    assert!(timeline.lanes.iter().all(|lane| lane.segments.iter().all(|s| s.kind != SegmentKind::Blocked)));
    let stats = server_stats(&timeline, params.duration_ms);
    assert_eq!(stats.per_bucket.len(), 4);
    assert_eq!(stats.per_bucket.iter().sum::<usize>(), 8);
    assert_eq!(stats.n_served, 8);
}

#[test]
fn the_console_counts_the_requests_served_as_the_result_card_does() {
    // A model call that does not divide the load's duration: the last blocking call ends after it.
    let params =
        IcecreamParams { work_ms: 700.0, n_clients: 4, duration_ms: 5000.0, ..IcecreamParams::default() };
    for mode in MODES {
        let (_, timeline) = run(&params, mode);
        let served = server_stats(&timeline, params.duration_ms).n_served;
        let last = timeline.printed_texts().last().map(|text| text.to_string()).unwrap_or_default();
        assert!(
            last.contains(&format!(": {served} requests served")),
            "{mode:?}: card {served}, console {last:?}"
        );
        if mode == IcecreamMode::Blocking {
            assert!(last.contains("1 more finished after it"), "{last}");
        }
    }
}
