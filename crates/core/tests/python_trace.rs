//! A Python run's event lines become the lessons' timeline: recorded streams, and the
//! starter programs run by the recorder in the machine's own CPython.

use std::process::{Command, Stdio};

use playground_core::code_examples::examples;
use playground_core::fidelity::longest_hold_ms;
use playground_core::python_trace::{escape_field, PythonTrace};
use playground_core::{EventKind, SegmentKind};

/// A gather of two tasks as the recorder writes it: main spawns A and B, each prints, sleeps
/// (waiting), and ends; B holds the thread with time.sleep once.
const GATHER_STREAM: &str = "spawn\t0\t-\t0\tprogram\n\
spawn\t1\t0\t0.100\tTask-1: main\n\
run\t1\t0.100\t0.400\n\
spawn\t2\t1\t0.300\tA\n\
spawn\t3\t1\t0.350\tB\n\
run\t2\t0.450\t0.500\n\
print\t2\t0.480\tA: round 1\n\
run\t3\t0.500\t0.520\n\
block\t3\t0.520\t200.520\n\
run\t3\t200.520\t200.600\n\
print\t3\t200.550\tB:\\tdone\\nfor now\n\
done\t3\t200.600\t'B'\n\
run\t2\t1000.100\t1000.200\n\
done\t2\t1000.200\t'A'\n\
run\t1\t1000.300\t1000.400\n\
done\t1\t1000.400\t['A', 'B']\n";

#[test]
fn a_recorded_gather_becomes_lanes_segments_and_prints() {
    let mut trace = PythonTrace::new();
    trace.feed(GATHER_STREAM);
    trace.finish(1000.5);
    assert_eq!(trace.unreadable(), (0, None));
    let timeline = trace.timeline();
    let names: Vec<&str> = timeline.lanes.iter().map(|lane| &*lane.name).collect();
    assert_eq!(names, ["program", "Task-1: main", "A", "B"]);
    let a = timeline.lane_named("A").expect("lane A");
    assert_eq!(a.parent, timeline.lane_named("Task-1: main").map(|lane| lane.id));
    assert_eq!(a.ended_ms, Some(1000.2));
    // A waits from its spawn to its first step and between its two steps: most of its life.
    assert!((timeline.time_in("A", SegmentKind::Waiting) - (0.15 + 999.6)).abs() < 1e-6);
    assert!((timeline.time_in("B", SegmentKind::Blocked) - 200.0).abs() < 1e-6);
    let kinds: Vec<SegmentKind> =
        timeline.lane_named("B").expect("lane B").segments.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [SegmentKind::Waiting, SegmentKind::Running, SegmentKind::Blocked, SegmentKind::Running],
        "no waiting segment is left open after the task ends"
    );
    assert_eq!(timeline.printed_texts(), ["A: round 1", "B:\tdone\nfor now"]);
    let done: Vec<&str> = timeline
        .events()
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Done { result } => Some(result.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(done, ["'B'", "'A'", "['A', 'B']"]);
    // The program's own lane ends when the run does.
    assert_eq!(timeline.lane_named("program").and_then(|lane| lane.ended_ms), Some(1000.5));
}

#[test]
fn steps_the_recorder_ran_in_one_callback_are_one_hold_of_the_thread() {
    // The recorder runs every step that is due in one callback, reading the clock between
    // them: steps less than a millisecond apart held the thread together.
    let stream = "spawn\t0\t-\t0\tprogram\n\
spawn\t1\t0\t0\tA\n\
spawn\t2\t0\t0\tB\n\
run\t1\t10.000\t20.000\n\
run\t2\t20.400\t30.000\n\
run\t1\t40.000\t45.000\n";
    let mut trace = PythonTrace::new();
    trace.feed(stream);
    trace.finish(50.0);
    assert_eq!(trace.unreadable(), (0, None));
    assert_eq!(longest_hold_ms(trace.timeline()), 20.0);
}

#[test]
fn the_stream_may_arrive_in_pieces() {
    let mut whole = PythonTrace::new();
    whole.feed(GATHER_STREAM);
    let mut pieces = PythonTrace::new();
    for line in GATHER_STREAM.lines() {
        pieces.feed(&format!("{line}\n"));
    }
    assert_eq!(pieces.timeline(), whole.timeline());
}

#[test]
fn cancel_and_timeout_become_marks() {
    let mut trace = PythonTrace::new();
    trace.feed("spawn\t0\t-\t0\tprogram\nspawn\t1\t0\t0\tmain\nspawn\t2\t1\t1\toperation\n");
    trace.feed("timeout\t1\t1500\t1500\ncancel\t2\t1500\ndone\t2\t1500.2\tcancelled\n");
    let events: Vec<&EventKind> = trace.timeline().events().iter().map(|event| &event.kind).collect();
    assert_eq!(events[0], &EventKind::Timeout { limit_ms: 1500.0 });
    assert_eq!(events[1], &EventKind::Cancel);
}

#[test]
fn unreadable_lines_are_counted_and_skipped_never_a_panic() {
    let mut trace = PythonTrace::new();
    trace.feed("spawn\t0\t-\t0\tprogram\n");
    trace.feed("run\t0\t10\t20\n");
    for bad in [
        "nonsense",
        "run\t0\t0\t5",
        "run\t9\t0\t1",
        "run\t0\t5\t1",
        "run\t0\tNaN\t1",
        "print\t0\t-3\thi",
        "spawn\t0\t-\t0\tagain",
        "spawn\t4\t7\t0\torphan",
        "spawn\t1.5\t-\t0\thalf",
        "done\t0",
        "\u{0}\t\t\t",
    ] {
        trace.feed(bad);
    }
    let (n_unreadable, first) = trace.unreadable();
    assert_eq!(n_unreadable, 11);
    assert!(first.is_some_and(|problem| problem.contains("nonsense")), "{first:?}");
    assert_eq!(trace.timeline().lanes.len(), 1);
    // A step out of order is refused, so the lane's last segment is still the one that ends last.
    assert_eq!(trace.timeline().end_ms(), 20.0);
}

#[test]
fn escaped_fields_read_back_exactly() {
    for text in ["plain", "tab\there", "two\nlines", "back\\slash\\t", "\\", "ünïcode ✓", "\r\n"] {
        let mut trace = PythonTrace::new();
        trace.feed(&format!("spawn\t0\t-\t0\t{}\nprint\t0\t1\t{}\n", escape_field(text), escape_field(text)));
        assert_eq!(trace.timeline().lanes[0].name.as_ref(), text);
        assert_eq!(trace.timeline().printed_texts(), [text]);
    }
}

/// The recorder that runs in the page, run here by the machine's CPython.
const RECORDER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/python/recorder.py");

#[test]
fn every_starter_program_runs_in_cpython_and_its_trace_matches_its_output() {
    let dir = std::env::temp_dir().join(format!("playground-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let runs: Vec<_> = examples()
        .iter()
        .map(|example| {
            let path = dir.join(format!("{}.py", example.key));
            std::fs::write(&path, example.source).expect("the program is written");
            // Started at once and waited for below: the programs sleep in real time.
            let plain =
                Command::new("python3").arg(&path).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
            let traced = Command::new("python3")
                .arg(RECORDER)
                .arg(&path)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn();
            (example.key, plain, traced)
        })
        .collect();
    for (key, plain, traced) in runs {
        let plain = plain.and_then(|child| child.wait_with_output());
        let traced = traced.and_then(|child| child.wait_with_output());
        let plain = plain.expect("python3 runs");
        assert!(plain.status.success(), "{key}: {}", String::from_utf8_lossy(&plain.stderr));
        let traced = traced.expect("python3 runs the recorder");
        assert!(traced.status.success(), "{key}: {}", String::from_utf8_lossy(&traced.stderr));
        let mut trace = PythonTrace::new();
        trace.feed(&String::from_utf8_lossy(&traced.stdout));
        assert_eq!(trace.unreadable(), (0, None), "{key}");
        let printed = trace.timeline().printed_texts();
        let expected: Vec<&str> = std::str::from_utf8(&plain.stdout).expect("utf-8").lines().collect();
        // Timings printed by the program differ from run to run, and on a busy machine two
        // tasks waking a few ms apart may swap; every line is there, once.
        let comparable = |lines: Vec<&str>| -> Vec<String> {
            let mut lines: Vec<String> =
                lines.into_iter().filter(|line| !line.starts_with("took ")).map(str::to_string).collect();
            lines.sort_unstable();
            lines
        };
        assert_eq!(comparable(printed), comparable(expected), "{key}");
        assert!(trace.timeline().lanes.len() >= 2, "{key}: the program and its tasks");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_thread_call_is_a_lane_off_the_thread_while_its_caller_waits() {
    // A task calls to_thread twice with one worker: the second call queues for it.
    let stream = "spawn\t0\t-\t0\tprogram\n\
spawn\t1\t0\t0.100\tTask-1: main\n\
run\t1\t0.100\t0.200\n\
spawn\t2\t1\t0.150\tthread: fetch\n\
off\t2\t0.150\n\
spawn\t3\t1\t0.180\tthread: fetch\n\
print\t2\t100\tfetched 1\n\
done\t2\t300\t'one'\n\
off\t3\t300\n\
done\t3\t600.5\t'two'\n\
run\t1\t601\t601.5\n\
done\t1\t601.5\tNone\n";
    let mut trace = PythonTrace::new();
    trace.feed(stream);
    trace.finish(602.0);
    assert_eq!(trace.unreadable(), (0, None));
    let timeline = trace.timeline();
    let kinds = |index: usize| -> Vec<(SegmentKind, f64, Option<f64>)> {
        timeline.lanes[index]
            .segments
            .iter()
            .map(|segment| (segment.kind, segment.start_ms, segment.end_ms))
            .collect()
    };
    assert_eq!(kinds(2), [(SegmentKind::OffThread, 0.15, Some(300.0))]);
    // The second call waited for the worker, then ran off the thread.
    assert_eq!(
        kinds(3),
        [(SegmentKind::Waiting, 0.18, Some(300.0)), (SegmentKind::OffThread, 300.0, Some(600.5))]
    );
    // Its caller waited meanwhile: the thread was free.
    assert_eq!(kinds(1)[1], (SegmentKind::Waiting, 0.2, Some(601.0)));
    assert_eq!(timeline.lanes[2].parent, Some(timeline.lanes[1].id));
    assert_eq!(timeline.total_time_in(SegmentKind::OffThread), 299.85 + 300.5);
    let printed: Vec<&str> = timeline.printed().iter().map(|line| line.text).collect();
    assert_eq!(printed, ["fetched 1"]);
}
