//! The tasks lab as the shell sees it: metadata, prediction and code view.

use futures::future::LocalBoxFuture;

use super::tasks::{self, TasksMode, TasksParams};
use crate::ctx::Ctx;
use crate::params::ParamValues;
use crate::scenario::{
    source_region, CodeView, ModeSpec, ParamKind, ParamSpec, Scenario, ScenarioMeta,
};

/// The tasks lab: tasks A, B and C, create_task, wait and wait_for.
pub struct TasksScenario;

const fn delay(key: &'static str, label: &'static str, default: f64) -> ParamSpec {
    ParamSpec {
        key,
        label,
        kind: ParamKind::Number {
            unit: "ms",
            min: 0.0,
            max: 10_000.0,
            step: 50.0,
            default,
            is_delay: true,
        },
    }
}

static META: ScenarioMeta = ScenarioMeta {
    id: "tasks",
    title: "Tasks A, B and C: gather, create_task, wait and wait_for",
    lesson: [
        "Three tasks print and sleep a few times. Awaited one after another they take the sum of their sleeps; gathered they take only the longest.",
        "A blocking sleep inside gathered tasks undoes it all. Then: a background task, racing two tasks, and a time limit that cancels.",
    ],
    params: &[
        delay("da", "Task A: delay per iteration", 1500.0),
        delay("db", "Task B: delay per iteration", 1200.0),
        delay("dc", "Task C: delay per iteration", 1000.0),
        ParamSpec {
            key: "n",
            label: "Iterations per task",
            kind: ParamKind::Number { unit: "", min: 1.0, max: 10.0, step: 1.0, default: 3.0, is_delay: false },
        },
        delay("bg", "Background task length (background)", 5000.0),
        delay("fast", "Fast task (first)", 2000.0),
        delay("slow", "Slow task (first)", 5000.0),
        delay("op", "Long operation (timeout)", 5000.0),
        delay("limit", "Time limit (timeout)", 2000.0),
    ],
    modes: &[
        ModeSpec { key: "gather", label: "gather", meaning: "A, B and C run together: the total is the longest task." },
        ModeSpec { key: "serial", label: "serial", meaning: "A, then B, then C: the total is the sum." },
        ModeSpec {
            key: "blocking",
            label: "blocking sleep",
            meaning: "Gathered, but time.sleep blocks: no overlap, and the page freezes.",
        },
        ModeSpec {
            key: "background",
            label: "create_task",
            meaning: "The creator goes on at once and awaits the background task later.",
        },
        ModeSpec {
            key: "first",
            label: "wait (first)",
            meaning: "Wakes when the fast task ends; the slow one is still pending.",
        },
        ModeSpec {
            key: "timeout",
            label: "wait_for",
            meaning: "A time limit expires: the operation is cancelled, the caller gets a timeout.",
        },
    ],
    compare: ["serial", "gather"],
};

impl TasksScenario {
    fn mode(key: &str) -> TasksMode {
        match key {
            "serial" => TasksMode::Serial,
            "blocking" => TasksMode::Blocking,
            "background" => TasksMode::Background,
            "first" => TasksMode::First,
            "timeout" => TasksMode::Timeout,
            _ => TasksMode::Gather,
        }
    }

    fn params(values: &ParamValues) -> TasksParams {
        TasksParams {
            a_delay_ms: values.number("da"),
            b_delay_ms: values.number("db"),
            c_delay_ms: values.number("dc"),
            n_iterations: values.count("n"),
            background_ms: values.number("bg"),
            fast_ms: values.number("fast"),
            slow_ms: values.number("slow"),
            operation_ms: values.number("op"),
            limit_ms: values.number("limit"),
        }
    }
}

impl Scenario for TasksScenario {
    fn meta(&self) -> &'static ScenarioMeta {
        &META
    }

    fn predict_ms(&self, values: &ParamValues, mode: &str) -> f64 {
        tasks::predict_ms(&Self::params(values), Self::mode(mode))
    }

    fn blocking_ms(&self, values: &ParamValues, mode: &str) -> f64 {
        match Self::mode(mode) {
            TasksMode::Blocking => tasks::predict_ms(&Self::params(values), TasksMode::Blocking),
            _ => 0.0,
        }
    }

    fn run(&self, ctx: Ctx, values: ParamValues, mode: &str) -> LocalBoxFuture<'static, ()> {
        Box::pin(tasks::run(ctx, Self::params(&values), Self::mode(mode)))
    }

    fn code(&self, mode: &str) -> CodeView {
        let source = include_str!("tasks.rs");
        let (python, python_mark, region, rust_mark) = match Self::mode(mode) {
            TasksMode::Gather => (
                PY_GATHER,
                "await asyncio.gather(",
                "gather",
                "ctx.gather(tasks).await;",
            ),
            TasksMode::Serial => (
                PY_SERIAL,
                "await io_task(\"A\"",
                "serial",
                "let _ = ctx.wait(task).await;",
            ),
            TasksMode::Blocking => (
                PY_BLOCKING,
                "time.sleep(delay)",
                "gather",
                "ctx.block(delay_ms);",
            ),
            TasksMode::Background => (
                PY_BACKGROUND,
                "asyncio.create_task(",
                "background",
                "let task = ctx.spawn(",
            ),
            TasksMode::First => (
                PY_FIRST,
                "return_when=asyncio.FIRST_COMPLETED",
                "first",
                "ctx.first_completed(",
            ),
            TasksMode::Timeout => (
                PY_TIMEOUT,
                "asyncio.wait_for(",
                "timeout",
                "ctx.wait_for(operation",
            ),
        };
        let mut rust = source_region(source, region);
        if matches!(
            Self::mode(mode),
            TasksMode::Gather | TasksMode::Serial | TasksMode::Blocking
        ) {
            rust.push_str("\n\n");
            rust.push_str(&source_region(source, "abc_task"));
        }
        CodeView {
            python,
            python_mark,
            rust,
            rust_mark,
        }
    }
}

const PY_GATHER: &str = r#"import asyncio

async def io_task(name, delay, iterations):
    for i in range(1, iterations + 1):
        print(f"Task {name}: iteration {i}")
        await asyncio.sleep(delay)

async def main():
    await asyncio.gather(
        io_task("A", 1.5, 3),
        io_task("B", 1.2, 3),
        io_task("C", 1.0, 3),
    )

asyncio.run(main())"#;

const PY_SERIAL: &str = r#"import asyncio

async def io_task(name, delay, iterations):
    for i in range(1, iterations + 1):
        print(f"Task {name}: iteration {i}")
        await asyncio.sleep(delay)

async def main():
    await io_task("A", 1.5, 3)
    await io_task("B", 1.2, 3)
    await io_task("C", 1.0, 3)

asyncio.run(main())"#;

const PY_BLOCKING: &str = r#"import asyncio
import time

async def io_task(name, delay, iterations):
    for i in range(1, iterations + 1):
        print(f"Task {name}: iteration {i}")
        time.sleep(delay)

async def main():
    await asyncio.gather(
        io_task("A", 1.5, 3),
        io_task("B", 1.2, 3),
        io_task("C", 1.0, 3),
    )

asyncio.run(main())"#;

const PY_BACKGROUND: &str = r#"import asyncio

async def background():
    print("Background task: running")
    await asyncio.sleep(5)
    print("Background task: finishing")

async def main():
    task = asyncio.create_task(background())
    print("Main: continuing while the background task runs")
    await task
    print("Main: the background task is done")

asyncio.run(main())"#;

const PY_FIRST: &str = r#"import asyncio

async def timed(name, seconds):
    print(f"Task {name}: started")
    await asyncio.sleep(seconds)
    print(f"Task {name}: finished")
    return f"{name} result"

async def main():
    fast = asyncio.create_task(timed("fast", 2))
    slow = asyncio.create_task(timed("slow", 5))
    done, pending = await asyncio.wait(
        {fast, slow}, return_when=asyncio.FIRST_COMPLETED
    )
    for task in done:
        print(f"Done: {task.result()}")
    for task in pending:
        print(f"Still pending: {task.get_name()}")
    for result in await asyncio.gather(*pending):
        print(f"Done later: {result}")

asyncio.run(main())"#;

const PY_TIMEOUT: &str = r#"import asyncio

async def operation():
    print("Operation: started")
    await asyncio.sleep(5)
    print("Operation: finished")
    return "operation result"

async def main():
    try:
        result = await asyncio.wait_for(operation(), timeout=2)
        print(f"Got {result}")
    except asyncio.TimeoutError:
        print("TimeoutError: no result within 2000 ms")

asyncio.run(main())"#;
