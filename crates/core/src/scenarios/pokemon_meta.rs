//! The Pokemon lesson as the shell sees it: metadata, prediction and code.

use futures::future::LocalBoxFuture;

use super::pokemon::{self, PokemonApi, PokemonMode, PokemonParams};
use crate::ctx::Ctx;
use crate::decimal::Dec;
use crate::job::{Job, JobOutput};
use crate::params::ParamValues;
use crate::scenario::{
    python_seconds, source_region, CodeView, ModeSpec, ParamKind, ParamSpec, Scenario, ScenarioMeta,
};

/// How long the page waits for the offline list of names, in ms.
const NAMES_TIMEOUT_MS: f64 = 10_000.0;

/// What the program "Open in editor" opens says first: how it differs from the listing.
const EDITOR_NOTE: &str = r#"# The lesson's program as it runs in this playground, which has no network: aiohttp
# and requests are the playground's offline stand-ins. They answer
# https://pokeapi.co/api/v2/pokemon/{id} from the national list built into the page
# ("Pikachu"; PokeAPI writes "pikachu") after a simulated round trip, set on the next
# lines from the lesson's sliders. Nothing else differs from the lesson's listing.
"#;

/// Fetching random Pokemon names, one by one, all at once, streamed, blocking and threaded.
pub struct PokemonScenario;

static META: ScenarioMeta = ScenarioMeta {
    id: "pokemon",
    title: "Twenty random Pokemon names",
    lesson: [
        "Fetching a name takes a round trip. Twenty awaits in a loop take twenty round trips; gathering the twenty requests takes about one. An async stream hands names over as they come, but still one after another.",
        "A blocking request freezes everything, even the counter ticking beside it, until it is moved to a thread with to_thread.",
    ],
    params: &[
        ParamSpec::number("n", "Names to fetch", "", (1.0, 200.0, 1.0), 20.0, false),
        ParamSpec::number("lat", "Round trip (offline API)", "ms", (0.0, 2000.0, 10.0), 100.0, true),
        ParamSpec::number("jit", "Round trip spread, plus or minus", "ms", (0.0, 1000.0, 10.0), 50.0, true),
        ParamSpec::number("seed", "Seed of the ids and round trips", "", (0.0, 9999.0, 1.0), 1.0, false),
        ParamSpec {
            key: "api",
            label: "API",
            kind: ParamKind::Choice {
                options: &[
                    ("offline", "offline: the list shipped with the page"),
                    ("pokeapi", "pokeapi.co over the network"),
                    ("local", "this site's /api (to see a failing server)"),
                ],
                default: "offline",
            },
            modes: &[],
        },
        ParamSpec::number("tmo", "Time limit per request", "ms", (100.0, 30_000.0, 100.0), 5000.0, true),
        ParamSpec::number("tick", "Counter period", "ms", (10.0, 1000.0, 10.0), 50.0, true),
    ],
    modes: &[
        ModeSpec { key: "sequential", label: "sequential", meaning: "A loop of awaits: one round trip after another." },
        ModeSpec { key: "gather", label: "gather", meaning: "All requests at once: about one round trip." },
        ModeSpec {
            key: "stream",
            label: "async stream",
            meaning: "An async generator yields each name as it arrives, still one after another.",
        },
        ModeSpec {
            key: "blocking",
            label: "blocking",
            meaning: "Synchronous requests: the page and the counter freeze until each answer.",
        },
        ModeSpec {
            key: "to-thread",
            label: "to_thread",
            meaning: "The same synchronous requests on a Web Worker, awaited: the counter keeps counting.",
        },
    ],
    compare: ["sequential", "gather"],
};

impl PokemonScenario {
    fn mode(key: &str) -> PokemonMode {
        match key {
            "gather" => PokemonMode::Gather,
            "stream" => PokemonMode::Stream,
            "blocking" => PokemonMode::Blocking,
            "to-thread" => PokemonMode::ToThread,
            _ => PokemonMode::Sequential,
        }
    }

    /// The parameters behind `values`.
    pub fn params(values: &ParamValues) -> PokemonParams {
        PokemonParams {
            n_names: values.count("n"),
            latency_ms: values.number("lat"),
            jitter_ms: values.number("jit"),
            seed: u64::from(values.count("seed")),
            api: match values.choice("api") {
                "pokeapi" => PokemonApi::PokeApi,
                "local" => PokemonApi::Local,
                _ => PokemonApi::Offline,
            },
            timeout_ms: values.number("tmo"),
            tick_ms: values.number("tick"),
            offline_names: std::rc::Rc::from(""),
        }
    }
}

impl Scenario for PokemonScenario {
    fn meta(&self) -> &'static ScenarioMeta {
        &META
    }

    fn predict_ms(&self, values: &ParamValues, mode: &str) -> f64 {
        pokemon::predict_ms(&Self::params(values), Self::mode(mode))
    }

    fn is_blocking(&self, mode: &str) -> bool {
        Self::mode(mode) == PokemonMode::Blocking
    }

    fn blocks_on_network(&self, values: &ParamValues, mode: &str) -> bool {
        self.is_blocking(mode) && Self::params(values).api != PokemonApi::Offline
    }

    fn prepare(&self, values: &ParamValues) -> Option<Job> {
        // The offline API's list is loaded before the clock starts, as a server has its data.
        (Self::params(values).api == PokemonApi::Offline)
            .then(|| Job::Fetch { url: pokemon::NAMES_URL.to_string(), timeout_ms: NAMES_TIMEOUT_MS })
    }

    fn n_threads(&self, _values: &ParamValues, mode: &str) -> usize {
        // One request at a time, each on a thread.
        usize::from(Self::mode(mode) == PokemonMode::ToThread)
    }

    fn formula(&self, values: &ParamValues, mode: &str) -> Option<String> {
        let params = Self::params(values);
        let predicted = Dec(pokemon::predict_ms(&params, Self::mode(mode)));
        let n = params.n_names;
        let formula = match Self::mode(mode) {
            PokemonMode::Gather => format!("the longest of {n} round trips = {predicted:.0} ms"),
            _ => format!("the sum of {n} round trips = {predicted:.0} ms"),
        };
        // Over the network a round trip takes what the server takes: the prediction is what
        // the offline API's round trips would give.
        Some(if params.api == PokemonApi::Offline {
            formula
        } else {
            format!(
                "{formula}, if each took the offline API's {:.0} ± {:.0} ms",
                Dec(params.latency_ms),
                Dec(params.jitter_ms)
            )
        })
    }

    fn run(
        &self,
        ctx: Ctx,
        values: ParamValues,
        mode: &str,
        prepared: Option<JobOutput>,
    ) -> LocalBoxFuture<'static, ()> {
        let (mut params, mode) = (Self::params(&values), Self::mode(mode));
        Box::pin(async move {
            match prepared {
                Some(JobOutput::Text(list)) => params.offline_names = list.into(),
                Some(JobOutput::Failed(why)) => {
                    ctx.print(format!("The offline list of names did not load: {why}"))
                }
                _ => {}
            }
            pokemon::run(ctx, params, mode).await
        })
    }

    fn editor_program(&self, values: &ParamValues, mode: &str) -> Option<String> {
        let waiting = match Self::mode(mode) {
            PokemonMode::Sequential | PokemonMode::Gather | PokemonMode::Stream => {
                "aiohttp awaits each round trip (asyncio.sleep): the counter ticks meanwhile."
            }
            PokemonMode::Blocking => {
                "requests holds the thread for each round trip (time.sleep): the counter stops."
            }
            PokemonMode::ToThread => {
                "requests holds a thread of to_thread for each round trip: the counter ticks."
            }
        };
        let params = Self::params(values);
        let (round_trip, spread) = (python_seconds(params.latency_ms), python_seconds(params.jitter_ms));
        Some(format!(
            "{EDITOR_NOTE}# Here {waiting}\nimport _offline_pokeapi\n_offline_pokeapi.ROUND_TRIP_S, _offline_pokeapi.SPREAD_S = {round_trip}, {spread}\n\n{}\n",
            self.code(values, mode).python
        ))
    }

    fn code(&self, values: &ParamValues, mode: &str) -> CodeView {
        let params = Self::params(values);
        let (n, tick) = (params.n_names, python_seconds(params.tick_ms));
        let source = include_str!(concat!(env!("OUT_DIR"), "/pokemon.rs"));
        let (fetching, python_mark, region, rust_mark) = match Self::mode(mode) {
            PokemonMode::Sequential => (
                format!("    for _ in range({n}):\n        name = await fetch_name(session, random.randint(1, 1025))\n        print(name)"),
                "name = await fetch_name(",
                "sequential",
                "let _ = ctx.wait(task).await;",
            ),
            PokemonMode::Gather => (
                format!("    ids = [random.randint(1, 1025) for _ in range({n})]\n    names = await asyncio.gather(*(fetch_name(session, i) for i in ids))\n    print(names)"),
                "await asyncio.gather(",
                "gather",
                "ctx.gather(tasks).await;",
            ),
            PokemonMode::Stream => (
                format!("    async for name in stream_names(session, {n}):\n        print(name)"),
                "async for name in stream_names(",
                "stream",
                "while let Some(result) = names.next().await {",
            ),
            PokemonMode::Blocking => (
                format!("    for _ in range({n}):\n        name = blocking_fetch_name(random.randint(1, 1025))\n        print(name)"),
                "name = blocking_fetch_name(",
                "sequential",
                "ctx.block(request.latency_ms.min(params.timeout_ms));",
            ),
            PokemonMode::ToThread => (
                format!("    for _ in range({n}):\n        name = await asyncio.to_thread(blocking_fetch_name, random.randint(1, 1025))\n        print(name)"),
                "await asyncio.to_thread(",
                "sequential",
                "ctx.to_thread(job).await",
            ),
        };
        // The fetching lines run inside `async with ... as session:`, one level deeper.
        let fetching: String = fetching.lines().map(|line| format!("    {line}\n")).collect();
        let fetching = fetching.trim_end();
        let python = format!(
            "import asyncio\nimport random\n\nimport aiohttp\nimport requests\n\nURL = \"https://pokeapi.co/api/v2/pokemon/{{}}\"\n\nasync def fetch_name(session, pokemon_id):\n    async with session.get(URL.format(pokemon_id)) as response:\n        return (await response.json())[\"name\"]\n\ndef blocking_fetch_name(pokemon_id):\n    return requests.get(URL.format(pokemon_id)).json()[\"name\"]\n\nasync def stream_names(session, n):\n    for _ in range(n):\n        yield await fetch_name(session, random.randint(1, 1025))\n\nasync def counter():\n    ticks = 0\n    while True:\n        await asyncio.sleep({tick})\n        ticks += 1\n        print(f\"counter: {{ticks}}\")\n\nasync def main():\n    ticking = asyncio.create_task(counter())\n    async with aiohttp.ClientSession() as session:\n{fetching}\n    ticking.cancel()\n\nasyncio.run(main())"
        );
        let rust = format!("{}\n\n{}", source_region(source, region), source_region(source, "fetch"));
        CodeView { python, python_mark, rust, rust_mark }
    }
}
