//! Twenty random Pokemon names: a loop of awaits, gather, an async stream, a blocking
//! request, and the blocking request moved to a thread, with a counter ticking beside them.

use std::cell::Cell;
use std::rc::Rc;

use futures::StreamExt;

use crate::ctx::Ctx;
use crate::decimal::Dec;
use crate::freeze_limits::MAX_BLOCK_MS;
use crate::job::{Job, JobOutput};
use crate::rng::SeededRng;
use crate::runtime::no_answer_within;
use crate::timeline::EventKind;

/// Where the page finds the national list that the offline API serves (next to the page; the
/// site's build copies `www/pokemon-names.txt` there). It is data, fetched before an offline
/// run's clock starts (the browser's cache serves it again), not code in the page's wasm.
pub const NAMES_URL: &str = "pokemon-names.txt";

/// How many Pokemon the national list has.
pub const N_POKEMON: u32 = 1025;

/// Where names come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PokemonApi {
    /// The list shipped with the page, behind a simulated round trip.
    Offline,
    /// The public PokeAPI, over the network.
    PokeApi,
    /// This site's own `/api/v2/pokemon/{id}`, for trying a server that fails.
    Local,
}

/// The lesson's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct PokemonParams {
    /// Names to fetch.
    pub n_names: u32,
    /// Simulated round trip of the offline API, in ms.
    pub latency_ms: f64,
    /// Spread of the round trip, plus or minus, in ms.
    pub jitter_ms: f64,
    /// Seed of the ids and round trips.
    pub seed: u64,
    /// Where names come from.
    pub api: PokemonApi,
    /// Give a request up after this long, in ms.
    pub timeout_ms: f64,
    /// The counter's period, in ms.
    pub tick_ms: f64,
    /// The national list the offline API answers from, one name per line after a comment
    /// line (line `n` holds Pokemon `#n`); empty until loaded from [`NAMES_URL`].
    pub offline_names: Rc<str>,
}

impl Default for PokemonParams {
    fn default() -> Self {
        Self {
            n_names: 20,
            latency_ms: 100.0,
            jitter_ms: 50.0,
            seed: 1,
            api: PokemonApi::Offline,
            timeout_ms: 5000.0,
            tick_ms: 50.0,
            offline_names: Rc::from(""),
        }
    }
}

/// How the requests are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PokemonMode {
    /// A loop of awaits: one round trip after another.
    Sequential,
    /// All requests at once.
    Gather,
    /// An async stream yielding each name as it arrives, still one after another.
    Stream,
    /// Synchronous requests: the thread is held, the counter stalls.
    Blocking,
    /// The same synchronous requests on a worker thread, awaited.
    ToThread,
}

/// One planned request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlannedRequest {
    /// The national dex number.
    pub id: u32,
    /// The offline API's round trip for it, in ms.
    pub latency_ms: f64,
}

/// The name of Pokemon `id` in `list`, a national list as served at [`NAMES_URL`].
pub fn name_in(list: &str, id: u32) -> Option<&str> {
    names_of(list).nth(index_of(id)?)
}

/// The names of a national list, in order: its lines but the comments.
fn names_of(list: &str) -> impl Iterator<Item = &str> {
    list.lines().filter(|line| !line.starts_with('#'))
}

/// Where Pokemon `id` is among a national list's names.
fn index_of(id: u32) -> Option<usize> {
    usize::try_from(id).ok()?.checked_sub(1)
}

/// The requests of a run: ids and round trips drawn from the seed.
pub fn plan(params: &PokemonParams) -> Vec<PlannedRequest> {
    let mut rng = SeededRng::new(params.seed);
    (0..params.n_names)
        .map(|_| {
            let id = 1 + rng.below(N_POKEMON as usize) as u32;
            let spread = (rng.below(2001) as f64 / 1000.0 - 1.0) * params.jitter_ms;
            PlannedRequest { id, latency_ms: (params.latency_ms + spread).max(0.0).round() }
        })
        .collect()
}

/// The ideal total, in ms: one round trip after another, or the longest when gathered. A
/// request that would outlast the time limit counts as the limit.
pub fn predict_ms(params: &PokemonParams, mode: PokemonMode) -> f64 {
    let round_trips = plan(params).into_iter().map(|request| request.latency_ms.min(params.timeout_ms));
    match mode {
        PokemonMode::Gather => round_trips.fold(0.0, f64::max),
        _ => round_trips.sum(),
    }
}

/// The address of Pokemon `id` for `api`; none for the offline API.
pub fn url_of(api: PokemonApi, id: u32) -> Option<String> {
    match api {
        PokemonApi::Offline => None,
        PokemonApi::PokeApi => Some(format!("https://pokeapi.co/api/v2/pokemon/{id}")),
        PokemonApi::Local => Some(format!("/api/v2/pokemon/{id}")),
    }
}

/// Reads the name from a PokeAPI answer.
pub fn parse_name(body: &str) -> Result<String, String> {
    match crate::json::top_level_text(body, "name") {
        Ok(Some(name)) => Ok(name),
        Ok(None) => Err("malformed answer: it has no name".to_string()),
        Err(why) => Err(format!("malformed answer: {why}")),
    }
}

/// Runs the lesson in `mode`; this is the main task.
pub async fn run(ctx: Ctx, params: PokemonParams, mode: PokemonMode) {
    let ticks = Rc::new(Cell::new(0_u32));
    let counter = {
        let (ticks, tick_ms) = (Rc::clone(&ticks), params.tick_ms.max(1.0));
        // It runs until it is cancelled, when the names are in.
        ctx.spawn::<(), _>("counter", move |ctx| async move {
            loop {
                ctx.sleep(tick_ms).await;
                ticks.set(ticks.get() + 1);
                ctx.print(format!("counter: {}", ticks.get()));
            }
        })
    };
    let requests = plan(&params);
    // The offline API's answers, found in one pass over its list as the run starts, not by a
    // search of the list for each request.
    let answers = match params.api {
        PokemonApi::Offline => offline_answers(&params, &requests),
        PokemonApi::PokeApi | PokemonApi::Local => Vec::new(),
    };
    // How long this run's synchronous requests have held the thread, in ms.
    let frozen_ms = Rc::new(Cell::new(0.0));
    let fetch = move |index: usize, request: PlannedRequest| {
        let (params, frozen_ms) = (params.clone(), Rc::clone(&frozen_ms));
        let offline =
            answers.get(index).cloned().unwrap_or_else(|| Err("no answer was looked up".to_string()));
        move |ctx: Ctx| async move {
            fetch_and_report(&ctx, &params, mode, index, request, offline, &frozen_ms).await
        }
    };
    let name = |index: usize, request: &PlannedRequest| format!("request {}: #{}", index + 1, request.id);
    match mode {
        // region: sequential
        PokemonMode::Sequential | PokemonMode::Blocking | PokemonMode::ToThread => {
            for (index, request) in requests.into_iter().enumerate() {
                let task = ctx.spawn(&name(index, &request), fetch(index, request));
                let _ = ctx.wait(task).await;
            }
        }
        // endregion
        // region: gather
        PokemonMode::Gather => {
            let tasks = requests
                .into_iter()
                .enumerate()
                .map(|(index, request)| ctx.spawn(&name(index, &request), fetch(index, request)))
                .collect();
            ctx.gather(tasks).await;
        }
        // endregion
        // region: stream
        PokemonMode::Stream => {
            let names = futures::stream::iter(requests.into_iter().enumerate()).then(|(index, request)| {
                let task = ctx.spawn(&name(index, &request), fetch(index, request));
                ctx.wait(task)
            });
            let mut names = Box::pin(names);
            while let Some(result) = names.next().await {
                if let Ok(Ok(name)) = result {
                    ctx.print(format!("streamed {name}"));
                }
            }
        } // endregion
    }
    counter.cancel();
    ctx.print(format!("The counter ticked {} times meanwhile", ticks.get()));
}

// region: fetch
/// Fetches one name the way `mode` says, records it and prints it. `offline` is the offline
/// API's answer, looked up as the run starts; it is returned once the round trip is over.
async fn fetch_and_report(
    ctx: &Ctx,
    params: &PokemonParams,
    mode: PokemonMode,
    index: usize,
    request: PlannedRequest,
    offline: Result<String, String>,
    frozen_ms: &Cell<f64>,
) -> Result<String, String> {
    let url = url_of(params.api, request.id);
    let result = match (mode, url) {
        (PokemonMode::Blocking, None) => {
            ctx.block(request.latency_ms.min(params.timeout_ms));
            offline
        }
        (PokemonMode::Blocking, Some(url)) => {
            fetch_blocking(ctx, &url, params.timeout_ms, frozen_ms).and_then(|b| parse_name(&b))
        }
        (PokemonMode::ToThread, None) => {
            let job = Job::Block { duration_ms: request.latency_ms.min(params.timeout_ms) };
            ctx.to_thread(job).await.and(offline)
        }
        (PokemonMode::ToThread, Some(url)) => {
            match ctx.to_thread(Job::Fetch { url, timeout_ms: params.timeout_ms }).await {
                Ok(JobOutput::Text(body)) => parse_name(&body),
                Ok(JobOutput::Failed(message)) | Err(message) => Err(message),
                Ok(JobOutput::Done | JobOutput::Games(_)) => Err("the worker sent no answer".to_string()),
            }
        }
        (_, None) => {
            ctx.sleep(request.latency_ms.min(params.timeout_ms)).await;
            offline
        }
        (_, Some(url)) => ctx.fetch_text(&url, params.timeout_ms).await.and_then(|body| parse_name(&body)),
    };
    ctx.record_event(EventKind::Fetched { id: request.id, result: result.clone() });
    match &result {
        Ok(name) => ctx.print(format!("{:>2}. #{} {name}", index + 1, request.id)),
        Err(message) => ctx.print(format!("{:>2}. #{} failed: {message}", index + 1, request.id)),
    }
    result
}
// endregion

/// A synchronous request over the network, which no time limit can cut short in a page: once
/// this run's synchronous requests have held the thread for [`MAX_BLOCK_MS`] in all, the rest
/// are not sent, so a slow server cannot freeze the page for much longer than any other run.
fn fetch_blocking(ctx: &Ctx, url: &str, timeout_ms: f64, frozen_ms: &Cell<f64>) -> Result<String, String> {
    if frozen_ms.get() >= MAX_BLOCK_MS {
        return Err(format!(
            "not sent: synchronous requests had held the page for {:.1} s, the most one run may",
            Dec(frozen_ms.get() / 1000.0)
        ));
    }
    let start_ms = ctx.now_ms();
    let result = ctx.fetch_text_blocking(url, timeout_ms);
    frozen_ms.set(frozen_ms.get() + (ctx.now_ms() - start_ms));
    result
}

/// The offline API's answers to `requests` after their round trips: a name, or a time-out.
fn offline_answers(params: &PokemonParams, requests: &[PlannedRequest]) -> Vec<Result<String, String>> {
    let names: Vec<&str> = names_of(&params.offline_names).collect();
    let answer = |request: &PlannedRequest| {
        if request.latency_ms > params.timeout_ms {
            return Err(no_answer_within(params.timeout_ms));
        }
        if names.is_empty() {
            return Err("the offline list of names is not loaded".to_string());
        }
        index_of(request.id)
            .and_then(|index| names.get(index))
            .map(|name| name.to_string())
            .ok_or_else(|| format!("there is no Pokemon #{}", request.id))
    };
    requests.iter().map(answer).collect()
}
