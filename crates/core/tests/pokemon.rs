//! The Pokemon lesson on the virtual clock, offline and against a scripted network.

use std::rc::Rc;

use playground_core::scenarios::pokemon::{self, name_in, plan, PokemonApi, PokemonMode, PokemonParams};
use playground_core::{run_virtual, run_virtual_with_network, EventKind, Timeline, VirtualNetwork};

/// The list the site serves at `pokemon::NAMES_URL`.
const LIST: &str = include_str!("../../../www/pokemon-names.txt");

/// The default lesson, with the offline API's list loaded.
fn offline() -> PokemonParams {
    PokemonParams { offline_names: Rc::from(LIST), ..PokemonParams::default() }
}

fn run(params: &PokemonParams, mode: PokemonMode) -> (f64, Timeline) {
    let params = params.clone();
    let run = run_virtual("main", move |ctx| pokemon::run(ctx, params, mode));
    (run.total_ms, run.timeline)
}

fn fetched(timeline: &Timeline) -> Vec<(u32, Result<String, String>)> {
    timeline
        .events()
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
        (name_in(LIST, 1), name_in(LIST, 25), name_in(LIST, 1025)),
        (Some("Bulbasaur"), Some("Pikachu"), Some("Pecharunt"))
    );
    assert_eq!((name_in(LIST, 0), name_in(LIST, 1026)), (None, None));
    let params = offline();
    assert_eq!(plan(&params), plan(&params));
    assert_ne!(plan(&params), plan(&PokemonParams { seed: 2, ..params.clone() }));
    let requests = plan(&params);
    assert_eq!(requests.len(), 20);
    assert!(requests.iter().all(|r| (1..=1025).contains(&r.id) && (50.0..=150.0).contains(&r.latency_ms)));
    let (_, first) = run(&params, PokemonMode::Gather);
    let (_, second) = run(&params, PokemonMode::Gather);
    assert_eq!(fetched(&first), fetched(&second));
    assert!(fetched(&first)
        .iter()
        .all(|(id, name)| name.as_deref() == Ok(name_in(LIST, *id).unwrap_or("?"))));
}

#[test]
fn sequential_takes_every_round_trip_and_gather_the_longest() {
    let params = offline();
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
    let (_, timeline) = run(&PokemonParams { n_names: 3, ..offline() }, PokemonMode::Stream);
    let lines: Vec<&str> =
        timeline.printed_texts().into_iter().filter(|text| !text.starts_with("counter")).collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[0].starts_with(" 1. #") && lines[1].starts_with("streamed "));
    assert!(lines[2].starts_with(" 2. #") && lines[3].starts_with("streamed "));
}

#[test]
fn a_blocking_request_stalls_the_counter_and_to_thread_does_not() {
    let params = offline();
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
            _ => (3000.0, Ok("{\"name\": \"late\"}".to_string())),
        }
    }
}

#[test]
fn a_failing_server_gives_an_error_per_request_and_the_run_completes() {
    let params = PokemonParams { api: PokemonApi::Local, n_names: 12, timeout_ms: 500.0, ..offline() };
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
                // A synchronous request in the page waits for the late answer, then fails it.
                _ if mode == PokemonMode::Blocking => assert_eq!(
                    result,
                    Err("no answer within 500 ms (it came after 3000 ms; a page cannot cut a synchronous request short)"
                        .to_string())
                ),
                _ => assert_eq!(result, Err("no answer within 500 ms".to_string())),
            }
        }
    }
}

/// A server that answers every request after 4 s.
struct SlowServer;

impl VirtualNetwork for SlowServer {
    fn respond(&self, _url: &str) -> (f64, Result<String, String>) {
        (4000.0, Ok("{\"name\": \"slowpoke\"}".to_string()))
    }
}

#[test]
fn synchronous_requests_stop_once_they_have_held_the_page_for_fifteen_seconds() {
    let params = PokemonParams { api: PokemonApi::Local, n_names: 10, timeout_ms: 1000.0, ..offline() };
    let run = run_virtual_with_network("main", Rc::new(SlowServer), move |ctx| {
        pokemon::run(ctx, params, PokemonMode::Blocking)
    });
    assert!(run.result.is_some(), "the run finished");
    let results: Vec<_> = fetched(&run.timeline).into_iter().map(|(_, result)| result).collect();
    assert_eq!(results.len(), 10, "every request has a row");
    // Four requests of 4 s held the page for 16 s, past the 15 s a run may; six were not sent.
    let late = Err(
        "no answer within 1000 ms (it came after 4000 ms; a page cannot cut a synchronous request short)"
            .to_string(),
    );
    assert_eq!(results[..4], vec![late; 4][..]);
    for result in &results[4..] {
        assert_eq!(
            result,
            &Err("not sent: synchronous requests had held the page for 16.0 s, the most one run may"
                .to_string())
        );
    }
    assert_eq!(run.timeline.total_time_in(playground_core::SegmentKind::Blocked), 16_000.0);
}

#[test]
fn the_offline_list_is_loaded_before_the_clock_and_its_absence_is_reported() {
    use playground_core::scenarios::pokemon_meta::PokemonScenario;
    use playground_core::{run_virtual as run_main, Job, JobOutput, ParamValues, Scenario};
    let scenario = PokemonScenario;
    let mut values = ParamValues::defaults(scenario.meta().params);
    assert!(matches!(
        scenario.prepare(&values),
        Some(Job::Fetch { url, .. }) if url == pokemon::NAMES_URL
    ));
    let failed = Some(JobOutput::Failed("404 Not Found".to_string()));
    let run = run_main("main", |ctx| scenario.run(ctx, values.clone(), "gather", failed));
    assert!(run.timeline.printed_texts().iter().any(|text| text.contains("did not load: 404 Not Found")));
    assert!(fetched(&run.timeline)
        .iter()
        .all(|(_, result)| result == &Err("the offline list of names is not loaded".to_string())));
    let loaded = Some(JobOutput::Text(LIST.to_string()));
    let run = run_main("main", |ctx| scenario.run(ctx, values.clone(), "gather", loaded));
    assert!(fetched(&run.timeline)
        .iter()
        .all(|(id, result)| result.as_deref() == Ok(name_in(LIST, *id).unwrap_or("?"))));
    assert!(values.set_from_text("api", "local").is_none());
    assert_eq!(scenario.prepare(&values), None);
}

#[test]
fn a_run_before_the_clock_uses_what_the_page_prepared() {
    // The page runs a scenario on a virtual clock before its first real run, with the list it
    // loaded for that run: the names are the real run's, not an unloaded list's errors.
    use playground_core::scenarios::pokemon_meta::PokemonScenario;
    use playground_core::virtual_runtime::run_prepared_virtual;
    use playground_core::{JobOutput, ParamValues, Scenario};
    static SCENARIO: PokemonScenario = PokemonScenario;
    let values = ParamValues::defaults(SCENARIO.meta().params);
    let loaded = Some(JobOutput::Text(LIST.to_string()));
    let run = run_prepared_virtual(&SCENARIO, values.clone(), "gather", loaded);
    let names = fetched(&run.timeline);
    assert!(!names.is_empty());
    assert!(names.iter().all(|(id, result)| result.as_deref() == Ok(name_in(LIST, *id).unwrap_or("?"))));
    assert_eq!(run.total_ms, SCENARIO.predict_ms(&values, "gather"));
}
