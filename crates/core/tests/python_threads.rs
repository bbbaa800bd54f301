//! The worker's side of to_thread in the page (recorder.py's `worker_prepare` and
//! `worker_call`), run here by the machine's CPython: a program's module is loaded without
//! running it, a pickled call runs, and what cannot be sent says why.

use std::process::Command;

/// The recorder that runs in the page and in each thread worker.
const RECORDER_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/python");

/// Runs `script` in python3 with the recorder importable; returns its standard output.
fn python(script: &str) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .env("PYTHONPATH", RECORDER_DIR)
        .output()
        .expect("python3 runs");
    assert!(output.status.success(), "python3 failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Loads the program in a "worker" (this process, as the worker sees it), then runs calls
/// pickled as the page pickles them (by reference to `__main__`, the program's module there).
const SCRIPT: &str = r#"
import pickle, sys
import recorder

PROGRAM = '''
import asyncio, time
print("top level output is dropped in a worker")

class Point:
    def __init__(self, x):
        self.x = x

def scale(point, factor):
    print(f"scaling {point.x}")
    return Point(point.x * factor)

def fail(n):
    raise ValueError(f"no {n}")

def unsendable():
    return lambda: 1

async def main():
    raise SystemExit("main must not run in a worker")

asyncio.run(main())
'''

printed = []
real_stdout = sys.stdout
recorder.worker_install(printed.append)
problem = recorder.worker_prepare(PROGRAM)
program = sys.modules["__main__"]
def call(name, *args):
    return pickle.loads(recorder.worker_call(pickle.dumps((getattr(program, name), args, {}))))

kind, point = call("scale", program.Point(3), 2)
kind_error, error = call("fail", 5)
kind_unsendable, unsendable = call("unsendable")
bad = recorder.worker_prepare("def broken(:\n    pass\n")
sys.stdout = real_stdout
print(repr(problem))
print(kind, type(point).__name__, type(point).__module__, point.x)
print(printed)
print(kind_error, repr(error), error.__notes__)
print(kind_unsendable, str(unsendable)[:60])
print(bad[:40])
try:
    recorder._pickled_call(lambda: 1, (), {})
except TypeError as refused:
    print(str(refused)[:90])
"#;

#[test]
fn a_worker_loads_the_program_without_running_it_and_runs_pickled_calls() {
    let lines: Vec<String> = python(SCRIPT).lines().map(str::to_string).collect();
    assert_eq!(lines[0], "''", "the module loaded: {lines:?}");
    // A result of the program's own class goes back by reference to the program's module.
    assert_eq!(lines[1], "ok Point __mp_main__ 6");
    // The call's print went to the page; the top level's did not.
    assert_eq!(lines[2], "['scaling 3']");
    assert!(lines[3].starts_with("error ValueError('no 5') ['In the worker thread:"), "{}", lines[3]);
    assert!(lines[3].contains("line 14, in fail"), "{}", lines[3]);
    assert_eq!(lines[4], "error the thread's call finished, but its result cannot be sent ba");
    assert_eq!(lines[5], "raised SyntaxError: invalid syntax (<you");
    assert_eq!(
        lines[6],
        "to_thread runs <lambda> in a Web Worker (this page's threads), where it is sent with pickl"
    );
}

#[test]
fn a_program_that_reaches_for_the_network_is_told_there_is_none() {
    // As the page runs it (the recorder), and as a thread worker runs a call.
    let script = r#"
import sys, urllib.request, recorder
recorder.install()
outcome = recorder.run_program('''
import socket, urllib.request
try:
    urllib.request.urlopen("http://example.com", timeout=2)
except Exception as error:
    print(type(error).__name__, error)
socket.create_connection(("example.com", 80))
''')
events = recorder.take_events()
print(outcome["kind"], outcome["line"])
print([line.split("\t")[3] for line in events.splitlines() if line.startswith("print")][0])
print(outcome["message"].splitlines()[-1])
"#;
    let lines: Vec<String> = python(script).lines().map(str::to_string).collect();
    assert_eq!(lines[0], "exception 7");
    assert!(lines[1].starts_with("URLError <urlopen error the playground has no network"), "{}", lines[1]);
    assert!(lines[2].starts_with("OSError: the playground has no network"), "{}", lines[2]);
}
