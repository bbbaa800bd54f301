//! The Pokemon lesson on the virtual clock, offline and against a scripted network.

use std::rc::Rc;

use playground_core::scenarios::pokemon::{self, name_of, plan, PokemonApi, PokemonMode, PokemonParams};
use playground_core::{run_virtual, run_virtual_with_network, EventKind, Timeline, VirtualNetwork};

fn run(params: &PokemonParams, mode: PokemonMode) -> (f64, Timeline) {
    let params = params.clone();
    let run = run_virtual("main", move |ctx| pokemon::run(ctx, params, mode));
    (run.total_ms, run.timeline)
}

fn fetched(timeline: &Timeline) -> Vec<(u32, Result<String, String>)> {
    timeline
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Fetched { id, result } => Some((*id, result.clone())),
            _ => None,
        })
        .collect()
}

fn counter_ticks(timeline: &Timeline) -> usize {
    timeline.printed_texts().iter().filter(|text| text.starts_with("counter: ")).count()
}

#[test]
fn the_national_list_and_the_offline_api_are_deterministic() {
    assert_eq!(
        (name_of(1), name_of(25), name_of(1025)),
        (Some("Bulbasaur"), Some("Pikachu"), Some("Pecharunt"))
    );
    assert_eq!((name_of(0), name_of(1026)), (None, None));
    let params = PokemonParams::default();
    assert_eq!(plan(&params), plan(&params));
    assert_ne!(plan(&params), plan(&PokemonParams { seed: 2, ..params.clone() }));
    let requests = plan(&params);
    assert_eq!(requests.len(), 20);
    assert!(requests.iter().all(|r| (1..=1025).contains(&r.id) && (50.0..=150.0).contains(&r.latency_ms)));
    let (_, first) = run(&params, PokemonMode::Gather);
    let (_, second) = run(&params, PokemonMode::Gather);
    assert_eq!(fetched(&first), fetched(&second));
    assert!(fetched(&first).iter().all(|(id, name)| name.as_deref() == Ok(name_of(*id).unwrap_or("?"))));
}

#[test]
fn sequential_takes_every_round_trip_and_gather_the_longest() {
    let params = PokemonParams::default();
    let requests = plan(&params);
    let (sequential_ms, sequential) = run(&params, PokemonMode::Sequential);
    let (gather_ms, _) = run(&params, PokemonMode::Gather);
    assert_eq!(sequential_ms, requests.iter().map(|r| r.latency_ms).sum::<f64>());
    assert_eq!(gather_ms, requests.iter().map(|r| r.latency_ms).fold(0.0, f64::max));
    assert!(sequential_ms / gather_ms > 10.0, "{sequential_ms} vs {gather_ms}");
    for mode in [PokemonMode::Sequential, PokemonMode::Gather, PokemonMode::Stream, PokemonMode::Blocking] {
        assert_eq!(run(&params, mode).0, pokemon::predict_ms(&params, mode), "{mode:?}");
    }
    // A lane per request and one for the counter, besides main.
    assert_eq!(sequential.lanes.len(), 22);
}

#[test]
fn the_stream_hands_each_name_over_as_it_arrives() {
    let (_, timeline) = run(&PokemonParams { n_names: 3, ..PokemonParams::default() }, PokemonMode::Stream);
    let lines: Vec<&str> =
        timeline.printed_texts().into_iter().filter(|text| !text.starts_with("counter")).collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[0].starts_with(" 1. #") && lines[1].starts_with("streamed "));
    assert!(lines[2].starts_with(" 2. #") && lines[3].starts_with("streamed "));
}

#[test]
fn a_blocking_request_stalls_the_counter_and_to_thread_does_not() {
    let params = PokemonParams::default();
    let (blocking_ms, blocking) = run(&params, PokemonMode::Blocking);
    let (threaded_ms, threaded) = run(&params, PokemonMode::ToThread);
    assert_eq!(blocking_ms, threaded_ms);
    assert_eq!(counter_ticks(&blocking), 0);
    assert_eq!(counter_ticks(&threaded), (threaded_ms / params.tick_ms) as usize);
}

/// A server that answers some ids, refuses some, garbles some and is slow for others.
struct FlakyServer;

impl VirtualNetwork for FlakyServer {
    fn respond(&self, url: &str) -> (f64, Result<String, String>) {
        let id: u32 = url.rsplit('/').next().and_then(|id| id.parse().ok()).unwrap_or(0);
        match id % 4 {
            0 => (30.0, Err("404 Not Found".to_string())),
            1 => (30.0, Ok("{\"nam".to_string())),
            2 => (30.0, Ok(format!("{{\"abilities\": [{{\"name\": \"x\"}}], \"name\": \"mon-{id}\"}}"))),
            _ => (60_000.0, Ok("{\"name\": \"late\"}".to_string())),
        }
    }
}

#[test]
fn a_failing_server_gives_an_error_per_request_and_the_run_completes() {
    let params =
        PokemonParams { api: PokemonApi::Local, n_names: 12, timeout_ms: 500.0, ..PokemonParams::default() };
    for mode in [PokemonMode::Sequential, PokemonMode::Gather, PokemonMode::Blocking, PokemonMode::ToThread] {
        let run_params = params.clone();
        let run = run_virtual_with_network("main", Rc::new(FlakyServer), move |ctx| {
            pokemon::run(ctx, run_params, mode)
        });
        assert!(run.result.is_some(), "{mode:?} finished");
        let results = fetched(&run.timeline);
        assert_eq!(results.len(), 12, "{mode:?}");
        for (id, result) in results {
            match id % 4 {
                0 => assert_eq!(result, Err("404 Not Found".to_string())),
                1 => assert!(result.as_ref().is_err_and(|e| e.starts_with("malformed answer")), "{result:?}"),
                2 => assert_eq!(result, Ok(format!("mon-{id}"))),
                _ => assert_eq!(result, Err("no answer within 500 ms".to_string())),
            }
        }
    }
}
