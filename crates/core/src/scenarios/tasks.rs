//! The tasks lab: tasks A, B and C with gather, serial awaits, a blocking sleep,
//! create_task, wait (first completed) and wait_for.

use crate::ctx::{Ctx, WaitError};
use crate::decimal::Dec;

/// The tasks lab's parameters; durations in ms.
#[derive(Clone, Debug, PartialEq)]
pub struct TasksParams {
    /// Delay per iteration of task A.
    pub a_delay_ms: f64,
    /// Delay per iteration of task B.
    pub b_delay_ms: f64,
    /// Delay per iteration of task C.
    pub c_delay_ms: f64,
    /// Iterations of each task.
    pub n_iterations: u32,
    /// Length of the background task in `background`.
    pub background_ms: f64,
    /// The fast task raced in `first`.
    pub fast_ms: f64,
    /// The slow task raced in `first`.
    pub slow_ms: f64,
    /// The long operation in `timeout`.
    pub operation_ms: f64,
    /// The time limit in `timeout`.
    pub limit_ms: f64,
}

impl Default for TasksParams {
    fn default() -> Self {
        Self {
            a_delay_ms: 1500.0,
            b_delay_ms: 1200.0,
            c_delay_ms: 1000.0,
            n_iterations: 3,
            background_ms: 5000.0,
            fast_ms: 2000.0,
            slow_ms: 5000.0,
            operation_ms: 5000.0,
            limit_ms: 2000.0,
        }
    }
}

/// How the tasks lab runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TasksMode {
    /// A, B and C gathered: they interleave; the total is the longest.
    Gather,
    /// A, then B, then C: the total is the sum.
    Serial,
    /// Gathered, but each sleeps with a blocking call: no overlap, the total is the sum.
    Blocking,
    /// A background task is created; its creator goes on at once and awaits it later.
    Background,
    /// Two tasks raced: the caller wakes when the fast one ends; the slow one goes on.
    First,
    /// A long operation awaited with a time limit: it is cancelled when the limit expires.
    Timeout,
}

/// The ideal total of a run, in ms: serial adds, gather takes the longest.
pub fn predict_ms(params: &TasksParams, mode: TasksMode) -> f64 {
    let n = f64::from(params.n_iterations);
    let delays = [params.a_delay_ms, params.b_delay_ms, params.c_delay_ms];
    match mode {
        TasksMode::Gather => n * delays.iter().copied().fold(0.0, f64::max),
        TasksMode::Serial | TasksMode::Blocking => n * delays.iter().sum::<f64>(),
        TasksMode::Background => params.background_ms,
        TasksMode::First => params.fast_ms.max(params.slow_ms),
        TasksMode::Timeout => params.operation_ms.min(params.limit_ms),
    }
}

/// Runs the tasks lab in `mode`; this is the main task.
pub async fn run(ctx: Ctx, params: TasksParams, mode: TasksMode) {
    match mode {
        // region: gather
        TasksMode::Gather | TasksMode::Blocking => {
            let blocking = mode == TasksMode::Blocking;
            let n = params.n_iterations;
            let tasks = abc(&params)
                .into_iter()
                .map(|(name, delay_ms)| {
                    ctx.spawn(name, move |ctx| abc_task(ctx, name, delay_ms, n, blocking))
                })
                .collect();
            ctx.gather(tasks).await;
        }
        // endregion
        // region: serial
        TasksMode::Serial => {
            let n = params.n_iterations;
            for (name, delay_ms) in abc(&params) {
                let task = ctx.spawn(name, move |ctx| abc_task(ctx, name, delay_ms, n, false));
                let _ = ctx.wait(task).await;
            }
        }
        // endregion
        // region: background
        TasksMode::Background => {
            let background_ms = params.background_ms;
            let task = ctx.spawn("background", move |ctx| async move {
                ctx.print("Background task: running");
                ctx.sleep(background_ms).await;
                ctx.print("Background task: finishing");
            });
            ctx.print("Main: continuing while the background task runs");
            let _ = ctx.wait(task).await;
            ctx.print("Main: the background task is done");
        }
        // endregion
        // region: first
        TasksMode::First => {
            let fast = ctx.spawn("fast", move |ctx| timed_task(ctx, "fast", params.fast_ms));
            let slow = ctx.spawn("slow", move |ctx| timed_task(ctx, "slow", params.slow_ms));
            let first = ctx.first_completed(vec![fast, slow]).await;
            for (_, result) in &first.done {
                if let Ok(value) = result {
                    ctx.print(format!("Done: {value}"));
                }
            }
            for task in &first.pending {
                ctx.print(format!("Still pending: {}", task.name()));
            }
            for result in ctx.gather(first.pending).await.into_iter().flatten() {
                ctx.print(format!("Done later: {result}"));
            }
        }
        // endregion
        // region: timeout
        TasksMode::Timeout => {
            let operation_ms = params.operation_ms;
            let operation = ctx.spawn("operation", move |ctx| async move {
                ctx.print("Operation: started");
                ctx.sleep(operation_ms).await;
                ctx.print("Operation: finished");
                "operation result"
            });
            match ctx.wait_for(operation, params.limit_ms).await {
                Ok(result) => ctx.print(format!("Got {result}")),
                Err(WaitError::Timeout { limit_ms }) => {
                    ctx.print(format!("TimeoutError: no result within {:.0} ms", Dec(limit_ms)));
                }
                Err(WaitError::Cancelled) => ctx.print("The operation was cancelled"),
            }
        } // endregion
    }
}

fn abc(params: &TasksParams) -> [(&'static str, f64); 3] {
    [("A", params.a_delay_ms), ("B", params.b_delay_ms), ("C", params.c_delay_ms)]
}

// region: abc_task
/// Prints each iteration, then sleeps: awaited, other tasks run meanwhile; blocking, the
/// task never hands the thread back.
async fn abc_task(ctx: Ctx, name: &'static str, delay_ms: f64, n_iterations: u32, blocking: bool) {
    for iteration in 1..=n_iterations {
        ctx.print(format!("Task {name}: iteration {iteration}"));
        if blocking {
            ctx.block(delay_ms);
        } else {
            ctx.sleep(delay_ms).await;
        }
    }
}
// endregion

async fn timed_task(ctx: Ctx, name: &'static str, duration_ms: f64) -> String {
    ctx.print(format!("Task {name}: started"));
    ctx.sleep(duration_ms).await;
    ctx.print(format!("Task {name}: finished"));
    format!("{name} result")
}
