//! The ice-cream server as the shell sees it: metadata, prediction, figures and code.

use futures::future::LocalBoxFuture;

use super::icecream::{self, IcecreamMode, IcecreamParams};
use crate::ctx::Ctx;
use crate::decimal::Dec;
use crate::job::JobOutput;
use crate::params::ParamValues;
use crate::scenario::{
    python_seconds, source_region, CodeView, ModeSpec, ParamSpec, ResultStat, Scenario, ScenarioMeta,
};
use crate::timeline::Timeline;

/// A web handler that waits on a slow model, loaded by many clients.
pub struct IcecreamScenario;

static META: ScenarioMeta = ScenarioMeta {
    id: "icecream",
    title: "The ice-cream server: requests per second",
    lesson: [
        "A handler waits half a second on a slow \"AI model\". Blocking, it serves 2 requests a second; awaiting, about a hundred; with the blocking call moved to threads, a handful.",
        "Which is which you only know by measuring: run it several times and quote the median, not one run.",
    ],
    params: &[
        ParamSpec::number("work", "Model call", "ms", (10.0, 2000.0, 10.0), 500.0, true)
            .only_in(&["blocking", "async", "to-thread"]),
        ParamSpec::number("clients", "Concurrent clients", "", (1.0, 200.0, 1.0), 50.0, false),
        ParamSpec::number("dur", "Load duration", "s", (1.0, 30.0, 1.0), 5.0, true),
        ParamSpec::number("workers", "Worker threads", "", (1.0, 8.0, 1.0), 4.0, false)
            .only_in(&["to-thread", "gather-two"]),
        ParamSpec::number("wa", "Model A", "ms", (10.0, 2000.0, 10.0), 500.0, true).only_in(&["gather-two"]),
        ParamSpec::number("wb", "Model B", "ms", (10.0, 2000.0, 10.0), 400.0, true).only_in(&["gather-two"]),
    ],
    modes: &[
        ModeSpec { key: "blocking", label: "blocking", meaning: "The handler blocks: one request at a time, and the page freezes." },
        ModeSpec { key: "async", label: "async", meaning: "The handler awaits: every client is served at once." },
        ModeSpec {
            key: "to-thread",
            label: "to_thread",
            meaning: "The blocking call runs on a pool of Web Workers: as many at once as there are workers.",
        },
        ModeSpec {
            key: "gather-two",
            label: "gather two",
            meaning: "Two smaller blocking models, each on a worker, gathered.",
        },
    ],
    compare: ["blocking", "async"],
};

impl IcecreamScenario {
    /// The mode with link key `key`.
    pub fn mode(key: &str) -> IcecreamMode {
        match key {
            "blocking" => IcecreamMode::Blocking,
            "to-thread" => IcecreamMode::ToThread,
            "gather-two" => IcecreamMode::GatherTwo,
            _ => IcecreamMode::Async,
        }
    }

    /// The parameters behind `values`.
    pub fn params(values: &ParamValues) -> IcecreamParams {
        IcecreamParams {
            work_ms: values.number("work"),
            n_clients: values.count("clients"),
            duration_ms: values.number("dur") * 1000.0,
            n_workers: values.count("workers"),
            model_a_ms: values.number("wa"),
            model_b_ms: values.number("wb"),
        }
    }
}

impl Scenario for IcecreamScenario {
    fn meta(&self) -> &'static ScenarioMeta {
        &META
    }

    fn predict_ms(&self, values: &ParamValues, mode: &str) -> f64 {
        icecream::predict_ms(&Self::params(values), Self::mode(mode))
    }

    fn is_blocking(&self, mode: &str) -> bool {
        Self::mode(mode) == IcecreamMode::Blocking
    }

    fn n_threads(&self, values: &ParamValues, mode: &str) -> usize {
        match Self::mode(mode) {
            IcecreamMode::ToThread | IcecreamMode::GatherTwo => Self::params(values).n_workers as usize,
            IcecreamMode::Blocking | IcecreamMode::Async => 0,
        }
    }

    fn formula(&self, values: &ParamValues, mode: &str) -> Option<String> {
        let p = Self::params(values);
        let rps = Dec(icecream::predict_rps(&p, Self::mode(mode)));
        let (work, clients, workers) = (Dec(p.work_ms), p.n_clients, p.n_workers);
        Some(match Self::mode(mode) {
            IcecreamMode::Blocking => format!("1000 / work = 1000 / {work} = {rps:.1} requests per second"),
            IcecreamMode::Async => format!("clients × 1000 / work = {clients} × 1000 / {work} = {rps:.1} requests per second"),
            IcecreamMode::ToThread => format!(
                "min(clients, workers) × 1000 / work = min({clients}, {workers}) × 1000 / {work} = {rps:.1} requests per second"
            ),
            IcecreamMode::GatherTwo => format!(
                "min(workers × 1000 / (a + b), clients × 1000 / max(a, b)) = {rps:.1} requests per second"
            ),
        })
    }

    fn run(
        &self,
        ctx: Ctx,
        values: ParamValues,
        mode: &str,
        _prepared: Option<JobOutput>,
    ) -> LocalBoxFuture<'static, ()> {
        Box::pin(icecream::run(ctx, Self::params(&values), Self::mode(mode)))
    }

    fn result_stats(&self, values: &ParamValues, mode: &str, timeline: &Timeline) -> Vec<ResultStat> {
        let params = Self::params(values);
        let stats = icecream::server_stats(timeline, params.duration_ms);
        let predicted_rps = icecream::predict_rps(&params, Self::mode(mode));
        let ms = |value: f64| format!("{:.0} ms", Dec(value));
        vec![
            ResultStat {
                key: "served",
                label: "Requests served",
                value: stats.n_served as f64,
                text: stats.n_served.to_string(),
            },
            ResultStat {
                key: "rps",
                label: "Requests per second",
                value: stats.rps,
                text: format!("{:.1}", Dec(stats.rps)),
            },
            ResultStat {
                key: "predicted-rps",
                label: "Predicted requests per second",
                value: predicted_rps,
                text: format!("{:.1}", Dec(predicted_rps)),
            },
            ResultStat { key: "p50-ms", label: "Latency p50", value: stats.p50_ms, text: ms(stats.p50_ms) },
            ResultStat { key: "p95-ms", label: "Latency p95", value: stats.p95_ms, text: ms(stats.p95_ms) },
            ResultStat { key: "max-ms", label: "Latency max", value: stats.max_ms, text: ms(stats.max_ms) },
        ]
    }

    fn editor_program(&self, values: &ParamValues, mode: &str) -> Option<String> {
        let (params, mode) = (Self::params(values), Self::mode(mode));
        let uses_pool = matches!(mode, IcecreamMode::ToThread | IcecreamMode::GatherTwo);
        let note = format!(
            "# The lesson's FastAPI server, adapted to run in this playground, which has no web\n# server: ice_cream() is the same handler as a plain async function, and the load comes\n# from this program itself: {} clients call it back to back for {:.1} s. Then it prints\n# the requests served and the requests per second, as the lesson counts them: those\n# answered within the load, over the time until the last of them.\n{}\n",
            params.n_clients,
            Dec(params.duration_ms / 1000.0),
            if uses_pool { "# main() sets the thread pool that the listing sets in FastAPI's lifespan hook.\n" } else { "" }
        );
        let imports = format!(
            "import asyncio\n{}{}",
            if mode == IcecreamMode::Async { "" } else { "import time\n" },
            if uses_pool { "from concurrent.futures import ThreadPoolExecutor\n" } else { "" }
        );
        let constants =
            format!("CLIENTS = {}\nDURATION_S = {}\n", params.n_clients, python_seconds(params.duration_ms));
        // The number is written out: the page gives a program as many threads as its
        // `max_workers=` asks (up to eight).
        let pool = if uses_pool {
            EDITOR_POOL.replace("WORKERS", &params.n_workers.to_string())
        } else {
            String::new()
        };
        let late = if mode == IcecreamMode::Blocking { EDITOR_LATE } else { "" };
        Some(format!(
            "{note}{imports}\n{constants}\n{}\n\n{}\n\n{EDITOR_CLIENT}\n{EDITOR_MAIN_START}{pool}{EDITOR_MAIN_LOAD}{late}{EDITOR_MAIN_END}",
            python_models(&params, mode),
            python_handler(mode)
        ))
    }

    fn code(&self, values: &ParamValues, mode: &str) -> CodeView {
        let (params, mode) = (Self::params(values), Self::mode(mode));
        // Each mode's listing holds what that mode runs, and nothing else.
        let uses_pool = matches!(mode, IcecreamMode::ToThread | IcecreamMode::GatherTwo);
        // to_thread runs on the event loop's default executor: a pool of this many threads.
        let app = if uses_pool {
            format!(
                "@asynccontextmanager\nasync def lifespan(app):\n    # to_thread runs on the loop's default executor: {} threads\n    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers={}))\n    yield\n\napp = FastAPI(lifespan=lifespan)",
                params.n_workers, params.n_workers
            )
        } else {
            "app = FastAPI()".to_string()
        };
        let pool_imports =
            "from concurrent.futures import ThreadPoolExecutor\nfrom contextlib import asynccontextmanager\n";
        let (python_mark, rust_mark) = match mode {
            IcecreamMode::Blocking => ("flavour = ask_model()", "IcecreamMode::Blocking => ctx.block("),
            IcecreamMode::Async => ("await asyncio.sleep(", "IcecreamMode::Async => ctx.sleep("),
            IcecreamMode::ToThread => ("await asyncio.to_thread(ask_model)", "ctx.to_thread(job).await"),
            IcecreamMode::GatherTwo => ("await asyncio.gather(", "futures::join!("),
        };
        let python = format!(
            "import asyncio\n{}{}from fastapi import FastAPI\n\n{app}\n\n{}\n\n@app.get(\"/ice-cream\")\n{}\n\n# Load it with {} clients for {} s and count the requests per second.",
            if mode == IcecreamMode::Async { "" } else { "import time\n" },
            if uses_pool { pool_imports } else { "" },
            python_models(&params, mode),
            python_handler(mode),
            params.n_clients,
            Dec(params.duration_ms / 1000.0)
        );
        let rust = source_region(include_str!(concat!(env!("OUT_DIR"), "/icecream.rs")), "handler");
        CodeView { python, python_mark, rust, rust_mark }
    }
}

/// The model functions `mode` calls, in Python.
fn python_models(params: &IcecreamParams, mode: IcecreamMode) -> String {
    let work = python_seconds(params.work_ms);
    match mode {
        IcecreamMode::Blocking | IcecreamMode::ToThread => {
            format!("def ask_model():\n    time.sleep({work})  # the slow \"AI model\"\n    return \"vanilla\"")
        }
        IcecreamMode::Async => format!(
            "async def ask_model_async():\n    await asyncio.sleep({work})  # the model, awaited\n    return \"vanilla\""
        ),
        IcecreamMode::GatherTwo => format!(
            "def model_a():\n    time.sleep({})\n    return \"vanilla\"\n\ndef model_b():\n    time.sleep({})\n    return \"sprinkles\"",
            python_seconds(params.model_a_ms),
            python_seconds(params.model_b_ms)
        ),
    }
}

/// The handler of `mode`, in Python, without its web framework's route.
fn python_handler(mode: IcecreamMode) -> &'static str {
    match mode {
        IcecreamMode::Blocking => "async def ice_cream():\n    flavour = ask_model()  # blocks the event loop\n    return {\"flavour\": flavour}",
        IcecreamMode::Async => "async def ice_cream():\n    flavour = await ask_model_async()\n    return {\"flavour\": flavour}",
        IcecreamMode::ToThread => "async def ice_cream():\n    flavour = await asyncio.to_thread(ask_model)\n    return {\"flavour\": flavour}",
        IcecreamMode::GatherTwo => "async def ice_cream():\n    flavour, topping = await asyncio.gather(\n        asyncio.to_thread(model_a), asyncio.to_thread(model_b)\n    )\n    return {\"flavour\": flavour, \"topping\": topping}",
    }
}

/// The editor program's clients, which stand for the lesson's load.
const EDITOR_CLIENT: &str = r#"async def client(start_s, served_at_s):
    """Sends a request, waits for its answer and sends the next, until the load stops."""
    loop = asyncio.get_running_loop()
    while loop.time() - start_s < DURATION_S:
        await ice_cream()
        served_at_s.append(loop.time() - start_s)
        # The answer travels back; the next request queues behind those already waiting.
        await asyncio.sleep(0)
"#;

/// The editor program's main(), up to its thread pool.
const EDITOR_MAIN_START: &str = "async def main():\n    loop = asyncio.get_running_loop()\n";

/// The thread pool of the modes that use to_thread, which the listing sets in its lifespan hook.
const EDITOR_POOL: &str = "    # to_thread runs on the loop's default executor: WORKERS threads.\n    loop.set_default_executor(ThreadPoolExecutor(max_workers=WORKERS))\n";

/// The load: the clients for the load's duration, then the requests served.
const EDITOR_MAIN_LOAD: &str = r#"    start_s = loop.time()
    served_at_s = []  # When each answer came, in s since the load started.
    clients = [
        asyncio.create_task(client(start_s, served_at_s), name=f"client {number}")
        for number in range(1, CLIENTS + 1)
    ]
    await asyncio.sleep(DURATION_S)
    for task in clients:
        task.cancel()
    # The requests served within the load, over the time until the last of them.
    served = [at_s for at_s in served_at_s if at_s <= DURATION_S]
    rps = len(served) / max(served) if served else 0.0
    print(f"The load stopped after {DURATION_S:.1f} s: {len(served)} requests served")
"#;

/// What the blocking mode adds: a call that began before the end finishes after it.
const EDITOR_LATE: &str = r#"    late = len(served_at_s) - len(served)
    if late:
        print(f"{late} more finished after it: a blocking call cannot be cut short")
"#;

/// The end of the editor program.
const EDITOR_MAIN_END: &str = r#"    print(f"{rps:.1f} requests per second")

asyncio.run(main())
"#;
