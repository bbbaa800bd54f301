//! The tasks lab as the shell sees it: metadata, prediction and code view.

use futures::future::LocalBoxFuture;

use super::tasks::{self, TasksMode, TasksParams};
use crate::ctx::Ctx;
use crate::decimal::Dec;
use crate::job::JobOutput;
use crate::params::ParamValues;
use crate::scenario::{
    python_seconds, source_region, CodeView, ModeSpec, ParamKind, ParamSpec, Scenario, ScenarioMeta,
};

/// The tasks lab: tasks A, B and C, create_task, wait and wait_for.
pub struct TasksScenario;

const fn delay(key: &'static str, label: &'static str, default: f64) -> ParamSpec {
    ParamSpec::number(key, label, "ms", (0.0, 10_000.0, 50.0), default, true)
}

/// The modes that run tasks A, B and C.
const ABC_MODES: &[&str] = &["gather", "serial", "blocking"];

static META: ScenarioMeta = ScenarioMeta {
    id: "tasks",
    title: "Tasks A, B and C: gather, create_task, wait and wait_for",
    lesson: [
        "Three tasks print and sleep a few times. Awaited one after another they take the sum of their sleeps; gathered they take only the longest.",
        "A blocking sleep inside gathered tasks undoes it all. Then: a background task, racing two tasks, and a time limit that cancels.",
    ],
    params: &[
        delay("da", "Task A: delay per iteration", 1500.0).only_in(ABC_MODES),
        delay("db", "Task B: delay per iteration", 1200.0).only_in(ABC_MODES),
        delay("dc", "Task C: delay per iteration", 1000.0).only_in(ABC_MODES),
        ParamSpec {
            key: "n",
            label: "Iterations per task",
            kind: ParamKind::Number { unit: "", min: 1.0, max: 10.0, step: 1.0, default: 3.0, is_delay: false },
            modes: ABC_MODES,
        },
        delay("bg", "Background task length", 5000.0).only_in(&["background"]),
        delay("fast", "Fast task", 2000.0).only_in(&["first"]),
        delay("slow", "Slow task", 5000.0).only_in(&["first"]),
        delay("op", "Long operation", 5000.0).only_in(&["timeout"]),
        delay("limit", "Time limit", 2000.0).only_in(&["timeout"]),
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

    fn is_blocking(&self, mode: &str) -> bool {
        Self::mode(mode) == TasksMode::Blocking
    }

    fn formula(&self, values: &ParamValues, mode: &str) -> Option<String> {
        let p = Self::params(values);
        let (n, a, b, c) = (p.n_iterations, Dec(p.a_delay_ms), Dec(p.b_delay_ms), Dec(p.c_delay_ms));
        let total = |ms: f64| format!("{:.2} s", Dec(ms / 1000.0));
        let predicted = total(tasks::predict_ms(&p, Self::mode(mode)));
        Some(match Self::mode(mode) {
            TasksMode::Gather => format!("n × max(A, B, C) = {n} × max({a}, {b}, {c}) ms = {predicted}"),
            TasksMode::Serial | TasksMode::Blocking => {
                format!("n × (A + B + C) = {n} × ({a} + {b} + {c}) ms = {predicted}")
            }
            TasksMode::Background => format!("the background task's length = {predicted}"),
            TasksMode::First => {
                format!("the slower task = max({}, {}) ms = {predicted}", Dec(p.fast_ms), Dec(p.slow_ms))
            }
            TasksMode::Timeout => {
                format!(
                    "min(operation, limit) = min({}, {}) ms = {predicted}",
                    Dec(p.operation_ms),
                    Dec(p.limit_ms)
                )
            }
        })
    }

    fn run(
        &self,
        ctx: Ctx,
        values: ParamValues,
        mode: &str,
        _prepared: Option<JobOutput>,
    ) -> LocalBoxFuture<'static, ()> {
        Box::pin(tasks::run(ctx, Self::params(&values), Self::mode(mode)))
    }

    fn runs_in_editor(&self) -> bool {
        true
    }

    fn code(&self, values: &ParamValues, mode: &str) -> CodeView {
        let source = include_str!(concat!(env!("OUT_DIR"), "/tasks.rs"));
        let python = python_program(&Self::params(values), Self::mode(mode));
        let (python_mark, region, rust_mark) = match Self::mode(mode) {
            TasksMode::Gather => ("await asyncio.gather(", "gather", "ctx.gather(tasks).await;"),
            TasksMode::Serial => ("await io_task(\"A\"", "serial", "let _ = ctx.wait(task).await;"),
            TasksMode::Blocking => ("time.sleep(delay)", "gather", "ctx.block(delay_ms);"),
            TasksMode::Background => ("asyncio.create_task(", "background", "let task = ctx.spawn("),
            TasksMode::First => ("return_when=asyncio.FIRST_COMPLETED", "first", "ctx.first_completed("),
            TasksMode::Timeout => ("asyncio.wait_for(", "timeout", "ctx.wait_for(operation"),
        };
        let mut rust = source_region(source, region);
        if matches!(Self::mode(mode), TasksMode::Gather | TasksMode::Serial | TasksMode::Blocking) {
            rust.push_str("\n\n");
            rust.push_str(&source_region(source, "abc_task"));
        }
        CodeView { python, python_mark, rust, rust_mark }
    }
}

/// The lesson's program for `mode`, with the current values.
fn python_program(params: &TasksParams, mode: TasksMode) -> String {
    let seconds = python_seconds;
    let n = params.n_iterations;
    let (a, b, c) = (seconds(params.a_delay_ms), seconds(params.b_delay_ms), seconds(params.c_delay_ms));
    let io_task = |sleep_line: &str| {
        format!(
            "async def io_task(name, delay, iterations):\n    for i in range(1, iterations + 1):\n        print(f\"Task {{name}}: iteration {{i}}\")\n        {sleep_line}\n"
        )
    };
    let gather = format!(
        "async def main():\n    await asyncio.gather(\n        io_task(\"A\", {a}, {n}),\n        io_task(\"B\", {b}, {n}),\n        io_task(\"C\", {c}, {n}),\n    )\n"
    );
    let body = match mode {
        TasksMode::Gather => format!("import asyncio\n\n{}\n{gather}", io_task("await asyncio.sleep(delay)")),
        TasksMode::Blocking => format!("import asyncio\nimport time\n\n{}\n{gather}", io_task("time.sleep(delay)")),
        TasksMode::Serial => format!(
            "import asyncio\n\n{}\nasync def main():\n    await io_task(\"A\", {a}, {n})\n    await io_task(\"B\", {b}, {n})\n    await io_task(\"C\", {c}, {n})\n",
            io_task("await asyncio.sleep(delay)")
        ),
        TasksMode::Background => format!(
            "import asyncio\n\nasync def background():\n    print(\"Background task: running\")\n    await asyncio.sleep({})\n    print(\"Background task: finishing\")\n\nasync def main():\n    task = asyncio.create_task(background())\n    print(\"Main: continuing while the background task runs\")\n    await task\n    print(\"Main: the background task is done\")\n",
            seconds(params.background_ms)
        ),
        TasksMode::First => format!(
            "import asyncio\n\nasync def timed(name, seconds):\n    print(f\"Task {{name}}: started\")\n    await asyncio.sleep(seconds)\n    print(f\"Task {{name}}: finished\")\n    return f\"{{name}} result\"\n\nasync def main():\n    fast = asyncio.create_task(timed(\"fast\", {}), name=\"fast\")\n    slow = asyncio.create_task(timed(\"slow\", {}), name=\"slow\")\n    done, pending = await asyncio.wait(\n        {{fast, slow}}, return_when=asyncio.FIRST_COMPLETED\n    )\n    for task in done:\n        print(f\"Done: {{task.result()}}\")\n    for task in pending:\n        print(f\"Still pending: {{task.get_name()}}\")\n    for result in await asyncio.gather(*pending):\n        print(f\"Done later: {{result}}\")\n",
            seconds(params.fast_ms),
            seconds(params.slow_ms)
        ),
        TasksMode::Timeout => format!(
            "import asyncio\n\nasync def operation():\n    print(\"Operation: started\")\n    await asyncio.sleep({})\n    print(\"Operation: finished\")\n    return \"operation result\"\n\nasync def main():\n    try:\n        result = await asyncio.wait_for(operation(), timeout={})\n        print(f\"Got {{result}}\")\n    except asyncio.TimeoutError:\n        print(\"TimeoutError: no result within {:.0} ms\")\n",
            seconds(params.operation_ms),
            seconds(params.limit_ms),
            Dec(params.limit_ms)
        ),
    };
    format!("{body}\nasyncio.run(main())")
}
