//! The primes lesson as the shell sees it: metadata, prediction and code view.

use futures::future::LocalBoxFuture;

use super::primes::{self, PrimeTest, PrimesMode, PrimesParams};
use crate::ctx::Ctx;
use crate::params::ParamValues;
use crate::scenario::{
    source_region, CodeView, ModeSpec, ParamKind, ParamSpec, Scenario, ScenarioMeta,
};

/// Highest prime below 100000, 10000 and 1000, made async step by step.
pub struct PrimesScenario;

const fn limit(key: &'static str, label: &'static str, default: f64) -> ParamSpec {
    ParamSpec {
        key,
        label,
        kind: ParamKind::Number {
            unit: "",
            min: 3.0,
            max: 2_000_000.0,
            step: 1.0,
            default,
            is_delay: false,
        },
    }
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
        },
        ParamSpec {
            key: "test",
            label: "Prime test",
            kind: ParamKind::Choice {
                options: &[("naive", "divide by every smaller number"), ("sqrt", "divide up to the square root")],
                default: "naive",
            },
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
            test: if values.choice("test") == "sqrt" {
                PrimeTest::Sqrt
            } else {
                PrimeTest::Naive
            },
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

    fn blocking_ms(&self, values: &ParamValues, mode: &str) -> f64 {
        let mode = Self::mode(mode);
        if mode.sleep_blocks() {
            primes::predict_ms(&Self::params(values), mode)
        } else {
            0.0
        }
    }

    fn run(&self, ctx: Ctx, values: ParamValues, mode: &str) -> LocalBoxFuture<'static, ()> {
        Box::pin(primes::run(ctx, Self::params(&values), Self::mode(mode)))
    }

    fn code(&self, mode: &str) -> CodeView {
        let source = include_str!("primes.rs");
        let mode = Self::mode(mode);
        let (python, python_mark) = match mode {
            PrimesMode::Sync => (PY_SYNC, "time.sleep(0.01)"),
            PrimesMode::AsyncSerial => (PY_ASYNC_SERIAL, "await highest_prime_below(100000)"),
            PrimesMode::GatherBlocking => (PY_GATHER_BLOCKING, "time.sleep(0.01)"),
            PrimesMode::Gather => (PY_GATHER, "await asyncio.sleep(0.01)"),
        };
        let (region, rust_mark) = match mode {
            PrimesMode::Sync | PrimesMode::GatherBlocking => (
                if mode == PrimesMode::Sync {
                    "serial"
                } else {
                    "gather"
                },
                "ctx.block(sleep_ms);",
            ),
            PrimesMode::AsyncSerial => {
                ("serial", "highest_prime_below(&ctx, limit, params.sleep_ms")
            }
            PrimesMode::Gather => ("gather", "ctx.sleep(sleep_ms).await;"),
        };
        let rust = format!(
            "{}\n\n{}",
            source_region(source, region),
            source_region(source, "search")
        );
        CodeView {
            python,
            python_mark,
            rust,
            rust_mark,
        }
    }
}

const PY_SYNC: &str = r#"import time

def is_prime(x):
    return not any(x // i == x / i for i in range(x - 1, 1, -1))

def highest_prime_below(x):
    print(f"Searching for the highest prime below {x}")
    for y in range(x - 1, 1, -1):
        if is_prime(y):
            print(f"Highest prime below {x} is {y}")
            return y
        time.sleep(0.01)
    return None

def main():
    highest_prime_below(100000)
    highest_prime_below(10000)
    highest_prime_below(1000)

main()"#;

const PY_ASYNC_SERIAL: &str = r#"import asyncio

def is_prime(x):
    return not any(x // i == x / i for i in range(x - 1, 1, -1))

async def highest_prime_below(x):
    print(f"Searching for the highest prime below {x}")
    for y in range(x - 1, 1, -1):
        if is_prime(y):
            print(f"Highest prime below {x} is {y}")
            return y
        await asyncio.sleep(0.01)
    return None

async def main():
    await highest_prime_below(100000)
    await highest_prime_below(10000)
    await highest_prime_below(1000)

asyncio.run(main())"#;

const PY_GATHER_BLOCKING: &str = r#"import asyncio
import time

def is_prime(x):
    return not any(x // i == x / i for i in range(x - 1, 1, -1))

async def highest_prime_below(x):
    print(f"Searching for the highest prime below {x}")
    for y in range(x - 1, 1, -1):
        if is_prime(y):
            print(f"Highest prime below {x} is {y}")
            return y
        time.sleep(0.01)
    return None

async def main():
    await asyncio.gather(
        highest_prime_below(100000),
        highest_prime_below(10000),
        highest_prime_below(1000),
    )

asyncio.run(main())"#;

const PY_GATHER: &str = r#"import asyncio

def is_prime(x):
    return not any(x // i == x / i for i in range(x - 1, 1, -1))

async def highest_prime_below(x):
    print(f"Searching for the highest prime below {x}")
    for y in range(x - 1, 1, -1):
        if is_prime(y):
            print(f"Highest prime below {x} is {y}")
            return y
        await asyncio.sleep(0.01)
    return None

async def main():
    await asyncio.gather(
        highest_prime_below(100000),
        highest_prime_below(10000),
        highest_prime_below(1000),
    )

asyncio.run(main())"#;
