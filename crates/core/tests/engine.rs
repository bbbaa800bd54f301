//! The runtime vocabulary on the virtual clock: exact times and exact order.

use playground_core::scenarios::tasks::{self, TasksMode, TasksParams};
use playground_core::{run_virtual, Ctx, EventKind, Job, SegmentKind, Timeline};

/// Each printed line as "time task: text", the way the output console shows it.
fn console(timeline: &Timeline) -> Vec<String> {
    timeline.printed().iter().map(|line| format!("{:.0} {}: {}", line.at_ms, line.task, line.text)).collect()
}

fn small_abc() -> TasksParams {
    TasksParams {
        a_delay_ms: 300.0,
        b_delay_ms: 200.0,
        c_delay_ms: 100.0,
        n_iterations: 2,
        ..TasksParams::default()
    }
}

#[test]
fn gather_ends_at_the_longest_task_and_interleaves_output() {
    let run = run_virtual("main", |ctx| tasks::run(ctx, small_abc(), TasksMode::Gather));
    assert_eq!(run.total_ms, 600.0);
    assert_eq!(
        console(&run.timeline),
        [
            "0 A: Task A: iteration 1",
            "0 B: Task B: iteration 1",
            "0 C: Task C: iteration 1",
            "100 C: Task C: iteration 2",
            "200 B: Task B: iteration 2",
            "300 A: Task A: iteration 2",
        ]
    );
    for name in ["A", "B", "C"] {
        assert_eq!(run.timeline.lane_named(name).and_then(|l| l.ended_ms).map(|t| t > 0.0), Some(true));
    }
}

#[test]
fn serial_awaits_end_at_the_sum_and_do_not_interleave() {
    let run = run_virtual("main", |ctx| tasks::run(ctx, small_abc(), TasksMode::Serial));
    assert_eq!(run.total_ms, 1200.0);
    assert_eq!(
        console(&run.timeline),
        [
            "0 A: Task A: iteration 1",
            "300 A: Task A: iteration 2",
            "600 B: Task B: iteration 1",
            "800 B: Task B: iteration 2",
            "1000 C: Task C: iteration 1",
            "1100 C: Task C: iteration 2",
        ]
    );
}

#[test]
fn a_blocking_sleep_inside_gather_does_not_overlap_and_costs_the_sum() {
    let run = run_virtual("main", |ctx| tasks::run(ctx, small_abc(), TasksMode::Blocking));
    assert_eq!(run.total_ms, 1200.0);
    let lines = console(&run.timeline);
    assert_eq!(lines[0], "0 A: Task A: iteration 1");
    assert_eq!(lines[1], "300 A: Task A: iteration 2");
    assert_eq!(lines[2], "600 B: Task B: iteration 1");
    assert_eq!(lines[5], "1100 C: Task C: iteration 2");
    // No two blocked segments overlap: the thread is held by one task at a time.
    let mut blocked: Vec<(f64, f64)> = run
        .timeline
        .lanes
        .iter()
        .flat_map(|lane| lane.segments.iter())
        .filter(|s| s.kind == SegmentKind::Blocked)
        .map(|s| (s.start_ms, s.end_ms.unwrap_or(s.start_ms)))
        .collect();
    blocked.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(blocked.len(), 6);
    assert!(blocked.windows(2).all(|pair| pair[0].1 <= pair[1].0));
    assert_eq!(run.timeline.time_in("A", SegmentKind::Blocked), 600.0);
}

#[test]
fn the_defaults_give_the_lessons_figures() {
    let params = TasksParams::default();
    let gather = run_virtual("main", |ctx| tasks::run(ctx, params.clone(), TasksMode::Gather));
    let serial = run_virtual("main", |ctx| tasks::run(ctx, params.clone(), TasksMode::Serial));
    assert_eq!(gather.total_ms, 4500.0);
    assert_eq!(serial.total_ms, 11_100.0);
    assert_eq!(tasks::predict_ms(&params, TasksMode::Gather), 4500.0);
    assert_eq!(tasks::predict_ms(&params, TasksMode::Serial), 11_100.0);
}

#[test]
fn first_completed_returns_when_the_fast_task_ends_and_the_slow_one_goes_on() {
    let params = TasksParams { fast_ms: 2000.0, slow_ms: 5000.0, ..TasksParams::default() };
    let run = run_virtual("main", |ctx| tasks::run(ctx, params, TasksMode::First));
    assert_eq!(run.total_ms, 5000.0);
    assert_eq!(
        console(&run.timeline),
        [
            "0 fast: Task fast: started",
            "0 slow: Task slow: started",
            "2000 fast: Task fast: finished",
            "2000 main: Done: fast result",
            "2000 main: Still pending: slow",
            "5000 slow: Task slow: finished",
            "5000 main: Done later: slow result",
        ]
    );
}

#[test]
fn first_completed_reports_every_task_that_had_already_ended() {
    let run = run_virtual("main", |ctx: Ctx| async move {
        let a = ctx.spawn("a", |ctx| async move {
            ctx.sleep(50.0).await;
            1_u32
        });
        let b = ctx.spawn("b", |ctx| async move {
            ctx.sleep(100.0).await;
            2_u32
        });
        let c = ctx.spawn("c", |ctx| async move {
            ctx.sleep(300.0).await;
            3_u32
        });
        ctx.sleep(200.0).await;
        let first = ctx.first_completed(vec![a, b, c]).await;
        let mut done: Vec<u32> = first.done.into_iter().filter_map(|(_, r)| r.ok()).collect();
        done.sort();
        (done, first.pending.len(), ctx.now_ms())
    });
    assert_eq!(run.result, Some(Ok((vec![1, 2], 1, 200.0))));
}

#[test]
fn timers_due_at_the_same_instant_fire_one_at_a_time_in_creation_order_as_in_browsers() {
    let run = run_virtual("main", |ctx: Ctx| async move {
        let a = ctx.spawn("a", |ctx| async move {
            ctx.sleep(100.0).await;
            1_u32
        });
        let b = ctx.spawn("b", |ctx| async move {
            ctx.sleep(100.0).await;
            2_u32
        });
        let first = ctx.first_completed(vec![a, b]).await;
        let done: Vec<u32> = first.done.into_iter().filter_map(|(_, r)| r.ok()).collect();
        (done, first.pending.len())
    });
    assert_eq!(run.result, Some(Ok((vec![1], 1))));
}

#[test]
fn timeout_cancels_the_inner_task_which_prints_nothing_after() {
    let run = run_virtual("main", |ctx| tasks::run(ctx, TasksParams::default(), TasksMode::Timeout));
    assert_eq!(run.total_ms, 2000.0);
    assert_eq!(
        console(&run.timeline),
        ["0 operation: Operation: started", "2000 main: TimeoutError: no result within 2000 ms"]
    );
    let operation = run.timeline.lane_named("operation").expect("operation lane");
    assert_eq!(operation.ended_ms, Some(2000.0));
    let events: Vec<(&str, f64, &EventKind)> = run
        .timeline
        .events()
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Print { .. }))
        .map(|e| (run.timeline.lanes[e.lane.0 as usize].name.as_ref(), e.at_ms, &e.kind))
        .collect();
    assert_eq!(
        events,
        [
            ("main", 2000.0, &EventKind::Timeout { limit_ms: 2000.0 }),
            ("operation", 2000.0, &EventKind::Cancel),
            ("main", 2000.0, &EventKind::Done { result: "None".to_string() }),
        ]
    );
    // The cancelled task's waiting segment ends at the cancel, not at 5000.
    let last = operation.segments.last().expect("a segment");
    assert_eq!((last.kind, last.end_ms), (SegmentKind::Waiting, Some(2000.0)));
}

#[test]
fn wait_for_returns_the_result_when_the_task_beats_the_limit() {
    let run = run_virtual("main", |ctx: Ctx| async move {
        let quick = ctx.spawn("quick", |ctx| async move {
            ctx.sleep(50.0).await;
            7_u32
        });
        ctx.wait_for(quick, 100.0).await
    });
    assert_eq!(run.result, Some(Ok(Ok(7))));
    assert_eq!(run.total_ms, 50.0);
    let limit_expired = run.timeline.events().iter().any(|e| matches!(e.kind, EventKind::Timeout { .. }));
    assert!(!limit_expired);
}

#[test]
fn a_background_task_starts_after_its_creator_goes_on_and_is_awaited_later() {
    let run = run_virtual("main", |ctx| tasks::run(ctx, TasksParams::default(), TasksMode::Background));
    assert_eq!(run.total_ms, 5000.0);
    assert_eq!(
        console(&run.timeline),
        [
            "0 main: Main: continuing while the background task runs",
            "0 background: Background task: running",
            "5000 background: Background task: finishing",
            "5000 main: Main: the background task is done",
        ]
    );
    let background = run.timeline.lane_named("background").expect("background lane");
    assert_eq!(background.parent, run.timeline.lane_named("main").map(|l| l.id));
}

/// A counter that ticks every 100 ms beside a one-second blocking job.
async fn counter_beside_blocking_job(ctx: Ctx, off_thread: bool) {
    let counter = ctx.spawn("counter", |ctx| async move {
        for tick in 1..=5 {
            ctx.sleep(100.0).await;
            ctx.print(format!("tick {tick}"));
        }
    });
    // Let the counter start before the job.
    ctx.sleep(0.0).await;
    if off_thread {
        let _ = ctx.to_thread(Job::Block { duration_ms: 1000.0 }).await;
    } else {
        ctx.block(1000.0);
    }
    ctx.print("job done");
    let _ = ctx.wait(counter).await;
}

#[test]
fn to_thread_keeps_a_counter_ticking_while_the_blocking_job_runs() {
    let run = run_virtual("main", |ctx| counter_beside_blocking_job(ctx, true));
    assert_eq!(
        console(&run.timeline),
        [
            "100 counter: tick 1",
            "200 counter: tick 2",
            "300 counter: tick 3",
            "400 counter: tick 4",
            "500 counter: tick 5",
            "1000 main: job done",
        ]
    );
    let thread = run.timeline.lanes.iter().find(|l| l.name.starts_with("thread:")).expect("a thread lane");
    assert_eq!(thread.segments[0].kind, SegmentKind::OffThread);
    assert_eq!((thread.segments[0].start_ms, thread.segments[0].end_ms), (0.0, Some(1000.0)));
}

#[test]
fn without_to_thread_the_counter_stalls_until_the_blocking_job_ends() {
    let run = run_virtual("main", |ctx| counter_beside_blocking_job(ctx, false));
    assert_eq!(
        console(&run.timeline),
        [
            "1000 main: job done",
            "1000 counter: tick 1",
            "1100 counter: tick 2",
            "1200 counter: tick 3",
            "1300 counter: tick 4",
            "1400 counter: tick 5",
        ]
    );
    assert_eq!(run.total_ms, 1400.0);
}

#[test]
fn compute_is_recorded_as_running_and_costs_its_virtual_time() {
    let run = run_virtual("main", |ctx: Ctx| async move {
        let sum: u64 = ctx.compute(25.0, || (1..=100_u64).sum());
        ctx.print(format!("sum {sum}"));
        sum
    });
    assert_eq!(run.result, Some(Ok(5050)));
    assert_eq!(console(&run.timeline), ["25 main: sum 5050"]);
    assert_eq!(run.timeline.time_in("main", SegmentKind::Running), 25.0);
}

#[test]
fn tasks_left_running_when_main_ends_are_cancelled() {
    let run = run_virtual("main", |ctx: Ctx| async move {
        let _forgotten = ctx.spawn("forgotten", |ctx| async move {
            ctx.sleep(1000.0).await;
            ctx.print("never printed");
        });
        ctx.sleep(10.0).await;
    });
    assert_eq!(run.total_ms, 10.0);
    assert!(console(&run.timeline).is_empty());
    let forgotten = run.timeline.lane_named("forgotten").expect("lane");
    assert_eq!(forgotten.ended_ms, Some(10.0));
    assert!(run.timeline.events().iter().any(|e| e.lane == forgotten.id && e.kind == EventKind::Cancel));
}

#[test]
fn every_mode_matches_its_prediction_on_the_virtual_clock() {
    let params = TasksParams::default();
    for mode in [
        TasksMode::Gather,
        TasksMode::Serial,
        TasksMode::Blocking,
        TasksMode::Background,
        TasksMode::First,
        TasksMode::Timeout,
    ] {
        let run = run_virtual("main", |ctx| tasks::run(ctx, params.clone(), mode));
        assert_eq!(run.total_ms, tasks::predict_ms(&params, mode), "{mode:?}");
    }
}

#[test]
fn gather_at_the_defaults_prints_in_the_lessons_order() {
    let run = run_virtual("main", |ctx| tasks::run(ctx, TasksParams::default(), TasksMode::Gather));
    assert_eq!(
        console(&run.timeline),
        [
            "0 A: Task A: iteration 1",
            "0 B: Task B: iteration 1",
            "0 C: Task C: iteration 1",
            "1000 C: Task C: iteration 2",
            "1200 B: Task B: iteration 2",
            "1500 A: Task A: iteration 2",
            "2000 C: Task C: iteration 3",
            "2400 B: Task B: iteration 3",
            "3000 A: Task A: iteration 3",
        ]
    );
    assert_eq!(run.total_ms, 4500.0);
}

/// A lane's segments as (kind, start, end).
fn segments_of(timeline: &Timeline, name: &str) -> Vec<(SegmentKind, f64, f64)> {
    let lane = timeline.lane_named(name).unwrap_or_else(|| panic!("a lane {name}"));
    lane.segments.iter().map(|s| (s.kind, s.start_ms, s.end_ms.unwrap_or(f64::NAN))).collect()
}

#[test]
fn a_timer_due_during_a_block_leaves_its_task_ready_until_the_block_ends() {
    let run = run_virtual("main", |ctx: Ctx| async move {
        let sleeper = ctx.spawn("sleeper", |ctx| async move { ctx.sleep(100.0).await });
        ctx.sleep(10.0).await;
        ctx.block(300.0);
        let _ = ctx.gather(vec![sleeper]).await;
    });
    assert_eq!(
        segments_of(&run.timeline, "sleeper"),
        [(SegmentKind::Waiting, 0.0, 100.0), (SegmentKind::Ready, 100.0, 310.0)]
    );
    // With the thread free, a timer's task runs when it is due: no ready time.
    let free = run_virtual("main", |ctx: Ctx| async move {
        let sleeper = ctx.spawn("sleeper", |ctx| async move { ctx.sleep(100.0).await });
        let _ = ctx.gather(vec![sleeper]).await;
    });
    assert_eq!(segments_of(&free.timeline, "sleeper"), [(SegmentKind::Waiting, 0.0, 100.0)]);
}

#[test]
fn gathered_tasks_behind_a_blocking_one_are_ready_until_the_thread_is_free() {
    let params = TasksParams::default();
    let run = run_virtual("main", |ctx| tasks::run(ctx, TasksParams::default(), TasksMode::Blocking));
    let n = f64::from(params.n_iterations);
    let a_done_ms = n * params.a_delay_ms;
    let b_done_ms = a_done_ms + n * params.b_delay_ms;
    // A holds the thread for its whole loop; B and C are queued from their creation.
    assert_eq!(segments_of(&run.timeline, "B")[0], (SegmentKind::Ready, 0.0, a_done_ms));
    assert_eq!(segments_of(&run.timeline, "C")[0], (SegmentKind::Ready, 0.0, b_done_ms));
    assert!(segments_of(&run.timeline, "A").iter().all(|segment| segment.0 != SegmentKind::Ready));
    // Gathered with awaited sleeps, no task ever waits for the thread.
    let gathered = run_virtual("main", |ctx| tasks::run(ctx, TasksParams::default(), TasksMode::Gather));
    for lane in &gathered.timeline.lanes {
        assert!(lane.segments.iter().all(|segment| segment.kind != SegmentKind::Ready), "{}", lane.name);
    }
}
