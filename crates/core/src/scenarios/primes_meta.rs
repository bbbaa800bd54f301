//! The primes lesson as the shell sees it: metadata, prediction and code view.

use futures::future::LocalBoxFuture;

use super::primes::{self, PrimeTest, PrimesMode, PrimesParams};
use crate::ctx::Ctx;
use crate::decimal::Dec;
use crate::job::JobOutput;
use crate::params::ParamValues;
use crate::scenario::{
    python_seconds, source_region, CodeView, ModeSpec, ParamKind, ParamSpec, ResultStat, Scenario,
    ScenarioMeta, PREDICTED_WITH_CPU_STAT,
};
use crate::timeline::{SegmentKind, Timeline};

/// Highest prime below 100000, 10000 and 1000, made async step by step.
pub struct PrimesScenario;

const fn limit(key: &'static str, label: &'static str, default: f64) -> ParamSpec {
    ParamSpec::number(key, label, "", (3.0, 2_000_000.0, 1.0), default, false)
}

static META: ScenarioMeta = ScenarioMeta {
    id: "primes",
    title: "Highest prime below 100000, 10000 and 1000",
    lesson: [
        "Each search tests candidates downward and sleeps 10 ms after every one that is not prime. Plain calls with time.sleep run one after another and freeze everything.",
        "Making the functions async changes nothing until the sleep is awaited and the searches are gathered: then they interleave, and the search below 1000 finishes first.",
    ],
    params: &[
        limit("a", "First limit", 100_000.0),
        limit("b", "Second limit", 10_000.0),
        limit("c", "Third limit", 1000.0),
        ParamSpec {
            key: "sleep",
            label: "Sleep per candidate that is not prime",
            kind: ParamKind::Number { unit: "ms", min: 0.0, max: 200.0, step: 1.0, default: 10.0, is_delay: true },
            modes: &[],
        },
        ParamSpec {
            key: "test",
            label: "Prime test",
            kind: ParamKind::Choice {
                options: &[("naive", "divide by every smaller number"), ("sqrt", "divide up to the square root")],
                default: "naive",
            },
            modes: &[],
        },
    ],
    modes: &[
        ModeSpec { key: "sync", label: "sync", meaning: "Plain calls, blocking sleep: one after another, the page freezes." },
        ModeSpec {
            key: "async-serial",
            label: "async, awaited in turn",
            meaning: "Async functions awaited one after another: same order, same total, page responsive.",
        },
        ModeSpec {
            key: "gather-blocking",
            label: "gather + time.sleep",
            meaning: "Gathered, but the sleep blocks: no interleaving, and the page freezes.",
        },
        ModeSpec {
            key: "gather",
            label: "gather + asyncio.sleep",
            meaning: "Gathered with an awaited sleep: interleaved; the fewest candidates finish first.",
        },
    ],
    compare: ["sync", "gather"],
};

impl PrimesScenario {
    fn mode(key: &str) -> PrimesMode {
        match key {
            "sync" => PrimesMode::Sync,
            "async-serial" => PrimesMode::AsyncSerial,
            "gather-blocking" => PrimesMode::GatherBlocking,
            _ => PrimesMode::Gather,
        }
    }

    fn params(values: &ParamValues) -> PrimesParams {
        let limit = |key| values.number(key).max(0.0).round() as u64;
        PrimesParams {
            limits: [limit("a"), limit("b"), limit("c")],
            sleep_ms: values.number("sleep"),
            test: if values.choice("test") == "sqrt" { PrimeTest::Sqrt } else { PrimeTest::Naive },
        }
    }
}

impl Scenario for PrimesScenario {
    fn meta(&self) -> &'static ScenarioMeta {
        &META
    }

    fn predict_ms(&self, values: &ParamValues, mode: &str) -> f64 {
        primes::predict_ms(&Self::params(values), Self::mode(mode))
    }

    fn is_blocking(&self, mode: &str) -> bool {
        Self::mode(mode).sleep_blocks()
    }

    fn run(
        &self,
        ctx: Ctx,
        values: ParamValues,
        mode: &str,
        _prepared: Option<JobOutput>,
    ) -> LocalBoxFuture<'static, ()> {
        Box::pin(primes::run(ctx, Self::params(&values), Self::mode(mode)))
    }

    fn result_stats(&self, values: &ParamValues, mode: &str, timeline: &Timeline) -> Vec<ResultStat> {
        // Every lane counts once, even where two searches share a name (two equal limits).
        let cpu_ms = timeline.total_time_in(SegmentKind::Running);
        let predicted_ms = primes::predict_with_cpu_ms(&Self::params(values), Self::mode(mode), cpu_ms);
        vec![
            ResultStat {
                key: "cpu-ms",
                label: "CPU time of the prime tests (measured)",
                value: cpu_ms,
                text: format!("{:.1} ms", Dec(cpu_ms)),
            },
            ResultStat {
                key: PREDICTED_WITH_CPU_STAT,
                label: "Predicted from candidates, sleeps and measured CPU",
                value: predicted_ms,
                text: format!("{:.0} ms", Dec(predicted_ms)),
            },
        ]
    }

    fn runs_in_editor(&self) -> bool {
        true
    }

    fn code(&self, values: &ParamValues, mode: &str) -> CodeView {
        let source = include_str!(concat!(env!("OUT_DIR"), "/primes.rs"));
        let mode = Self::mode(mode);
        let python = python_program(&Self::params(values), mode);
        let python_mark = match mode {
            PrimesMode::Sync | PrimesMode::GatherBlocking => "time.sleep(",
            PrimesMode::AsyncSerial => "    await highest_prime_below(",
            PrimesMode::Gather => "await asyncio.sleep(",
        };
        let (region, rust_mark) = match mode {
            PrimesMode::Sync | PrimesMode::GatherBlocking => {
                (if mode == PrimesMode::Sync { "serial" } else { "gather" }, "ctx.block(sleep_ms);")
            }
            PrimesMode::AsyncSerial => ("serial", "highest_prime_below(&ctx, limit, params.sleep_ms"),
            PrimesMode::Gather => ("gather", "ctx.sleep(sleep_ms).await;"),
        };
        let rust = format!("{}\n\n{}", source_region(source, region), source_region(source, "search"));
        CodeView { python, python_mark, rust, rust_mark }
    }
}

/// The lesson's program for `mode`: sync or async, awaited in turn or gathered, with a
/// blocking or an awaited sleep.
fn python_program(params: &PrimesParams, mode: PrimesMode) -> String {
    let is_async = mode != PrimesMode::Sync;
    let sleep = python_seconds(params.sleep_ms);
    let sleep_line = if mode.sleep_blocks() {
        format!("time.sleep({sleep})")
    } else {
        format!("await asyncio.sleep({sleep})")
    };
    let imports = match mode {
        PrimesMode::Sync => "import time",
        PrimesMode::GatherBlocking => "import asyncio\nimport time",
        _ => "import asyncio",
    };
    let def = if is_async { "async def" } else { "def" };
    let [a, b, c] = params.limits;
    let main = match mode {
        PrimesMode::Sync => format!(
            "def main():\n    highest_prime_below({a})\n    highest_prime_below({b})\n    highest_prime_below({c})\n\nmain()"
        ),
        PrimesMode::AsyncSerial => format!(
            "async def main():\n    await highest_prime_below({a})\n    await highest_prime_below({b})\n    await highest_prime_below({c})\n\nasyncio.run(main())"
        ),
        PrimesMode::GatherBlocking | PrimesMode::Gather => format!(
            "async def main():\n    await asyncio.gather(\n        highest_prime_below({a}),\n        highest_prime_below({b}),\n        highest_prime_below({c}),\n    )\n\nasyncio.run(main())"
        ),
    };
    let test = match params.test {
        PrimeTest::Naive => "    return not any(x // i == x / i for i in range(x - 1, 1, -1))",
        PrimeTest::Sqrt => "    return x > 1 and all(x % i for i in range(2, int(x ** 0.5) + 1))",
    };
    format!(
        "{imports}\n\ndef is_prime(x):\n{test}\n\n{def} highest_prime_below(x):\n    print(f\"Searching for the highest prime below {{x}}\")\n    for y in range(x - 1, 1, -1):\n        if is_prime(y):\n            print(f\"Highest prime below {{x}} is {{y}}\")\n            return y\n        {sleep_line}\n    print(f\"There is no prime below {{x}}\")\n    return None\n\n{main}"
    )
}
