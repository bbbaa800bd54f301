// "Your own program": CPython (Pyodide) runs a person's asyncio program on the page's event
// loop and records every task. These tests drive www/python/runtime.js directly, as bridge.js
// does, in the built site: Python is loaded once for the whole file (it takes seconds).
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { FAR_FROM_FROZEN_MS, launchPlayground, test } from "./support/playground.mjs";

// The longest hold of the page a program gets (www/python/runtime.js, recorder.py).
const HOLD_CAP_MS = 15_000;
// What a line of each event holds after its kind (crates/core/src/python_trace.rs).
const EVENT_FIELDS = {
  spawn: ["task", "parent", "atMs", "name"],
  run: ["task", "startMs", "endMs"],
  block: ["task", "startMs", "endMs"],
  print: ["task", "atMs", "text"],
  cancel: ["task", "atMs"],
  timeout: ["task", "atMs", "limitMs"],
  done: ["task", "atMs", "result"],
};
const TIME_FIELDS = new Set(["atMs", "startMs", "endMs", "limitMs"]);

let playground;
let python;
let loaded;
before(async () => {
  // The service worker would cache the whole site, Python included, while Python loads:
  // its work is not what these tests measure.
  playground = await launchPlayground({ initScript: "delete Navigator.prototype.serviceWorker;" });
  // A page whose renderer crashed is replaced by one with Python loaded again (see `test`).
  playground.onNewPage = loadPythonPage;
  await loadPythonPage();
});

async function loadPythonPage() {
  await playground.open();
  python = new PythonPage(playground.page);
  loaded = await python.load();
}
after(async () => {
  await playground?.close();
});

test("loading Python reports its progress in bytes and ends ready", async () => {
  const { reports, loadMs } = loaded;
  console.log(`Python loaded in ${Math.round(loadMs)} ms, ${reports.length} progress reports`);
  assert.ok(reports.length >= 2, `${reports.length} progress reports`);
  const totalBytes = reports[0].totalBytes;
  assert.ok(totalBytes > 10e6, `a total of ${totalBytes} bytes`);
  assert.ok(reports[0].loadedBytes < totalBytes, "the first report comes before the files have arrived");
  for (const [i, report] of reports.entries()) {
    assert.equal(report.totalBytes, totalBytes, "the total never changes");
    if (i > 0) assert.ok(report.loadedBytes >= reports[i - 1].loadedBytes, "the loaded bytes never go back");
  }
  assert.equal(reports.at(-1).loadedBytes, totalBytes, "the last report is complete");
  assert.ok(await python.loadAgainIsSamePromise(), "a second load returns the same promise");
  const { outcome, events } = await python.run('print("ready")');
  assert.equal(outcome.status, "done");
  assert.deepEqual(printed(events), ["ready"]);
  assert.deepEqual(playground.errors, []);
});

test("a gather of three sleeps prints in CPython's order, and each task is on the timeline", async () => {
  const { outcome, events } = await python.run(`
import asyncio

async def brew(name, seconds):
    print(f"{name}: start")
    await asyncio.sleep(seconds)
    print(f"{name}: done")
    return name

async def main():
    print(await asyncio.gather(brew("tea", 0.3), brew("coffee", 0.1), brew("cocoa", 0.2)))

asyncio.run(main())
`);
  assert.equal(outcome.status, "done", outcome.message);
  assert.deepEqual(printed(events), [
    "tea: start",
    "coffee: start",
    "cocoa: start",
    "coffee: done",
    "cocoa: done",
    "tea: done",
    "['tea', 'coffee', 'cocoa']",
  ]);
  assert.ok(outcome.totalMs >= 300 && outcome.totalMs < 1500, `ran for ${outcome.totalMs} ms`);
  const main = taskNamed(events, "Task-1: main");
  assert.equal(main.parent, "0");
  for (const [name, result] of [["tea", "'tea'"], ["coffee", "'coffee'"], ["cocoa", "'cocoa'"]]) {
    const task = events.find((event) => event.kind === "print" && event.text === `${name}: start`).task;
    const spawn = events.find((event) => event.kind === "spawn" && event.task === task);
    assert.equal(spawn.parent, main.task, `${name} is main's child`);
    assert.match(spawn.name, /^Task-\d+: brew$/);
    const kinds = new Set(events.filter((event) => event.task === task).map((event) => event.kind));
    for (const kind of ["spawn", "run", "print", "done"]) assert.ok(kinds.has(kind), `${name} has a ${kind} event`);
    assert.equal(events.find((event) => event.kind === "done" && event.task === task).result, result);
  }
});

test("time.sleep holds the page, await asyncio.sleep does not", async () => {
  const blocking = await python.runWithFrameProbe("import time\ntime.sleep(0.5)\n");
  assert.equal(blocking.outcome.status, "done", blocking.outcome.message);
  console.log(`time.sleep(0.5): the longest frame gap was ${Math.round(blocking.maxFrameGapMs)} ms`);
  assert.ok(blocking.maxFrameGapMs >= 400, `time.sleep(0.5): the longest frame gap was ${blocking.maxFrameGapMs} ms`);
  const block = blocking.events.find((event) => event.kind === "block");
  assert.ok(block, "the sleep is recorded as a block");
  // performance.now() is coarse (0.1 ms) in a page that is not cross-origin isolated.
  assert.ok(block.endMs - block.startMs >= 499, `a block of ${block.endMs - block.startMs} ms`);

  const awaiting = await python.runWithFrameProbe("import asyncio\nawait asyncio.sleep(0.5)\n");
  assert.equal(awaiting.outcome.status, "done", awaiting.outcome.message);
  assert.ok(awaiting.outcome.totalMs >= 500, `awaited for ${awaiting.outcome.totalMs} ms`);
  console.log(`await asyncio.sleep(0.5): the longest frame gap was ${Math.round(awaiting.maxFrameGapMs)} ms`);
  assert.ok(
    awaiting.maxFrameGapMs < FAR_FROM_FROZEN_MS,
    `await asyncio.sleep(0.5): the longest frame gap was ${awaiting.maxFrameGapMs} ms`,
  );
  assert.ok(!awaiting.events.some((event) => event.kind === "block"), "an await is no block");
});

test("a time.sleep inside a task splits its step: run, block, run", async () => {
  const { outcome, events } = await python.run(`
import asyncio, time

async def worker():
    print("before")
    time.sleep(0.1)
    print("after")

asyncio.run(worker())
`);
  assert.equal(outcome.status, "done", outcome.message);
  const worker = taskNamed(events, "Task-1: worker").task;
  const segments = events.filter((event) => event.task === worker && (event.kind === "run" || event.kind === "block"));
  assert.deepEqual(segments.map((event) => event.kind), ["run", "block", "run"]);
  assert.equal(segments[1].startMs, segments[0].endMs);
  assert.equal(segments[2].startMs, segments[1].endMs);
});

test("wait_for's timeout cancels the wait: CancelledError inside, TimeoutError outside", async () => {
  const { outcome, events } = await python.run(`
import asyncio

async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("slow saw CancelledError")
        raise

async def main():
    try:
        await asyncio.wait_for(slow(), timeout=0.2)
    except TimeoutError:
        print("wait_for timed out")
    task = asyncio.create_task(slow(), name="slow task")
    try:
        await asyncio.wait_for(task, timeout=0.1)
    except TimeoutError:
        print("timed out again; cancelled:", task.cancelled())

asyncio.run(main())
`);
  assert.equal(outcome.status, "done", outcome.message);
  assert.deepEqual(printed(events), [
    "slow saw CancelledError",
    "wait_for timed out",
    "slow saw CancelledError",
    "timed out again; cancelled: True",
  ]);
  const main = taskNamed(events, "Task-1: main").task;
  const timeouts = events.filter((event) => event.kind === "timeout");
  assert.deepEqual(timeouts.map((event) => [event.task, event.limitMs]), [[main, 200], [main, 100]]);
  const slowTask = taskNamed(events, "slow task").task;
  assert.ok(events.some((event) => event.kind === "cancel" && event.task === slowTask), "the awaited task is cancelled");
  assert.equal(events.find((event) => event.kind === "done" && event.task === slowTask).result, "cancelled");
});

test("a syntax error is reported with its line before anything runs", async () => {
  const { outcome, events } = await python.run('print("never")\nprint("a"\nx = 1\n');
  assert.equal(outcome.status, "error");
  assert.equal(outcome.kind, "syntax");
  assert.equal(outcome.line, 2);
  assert.match(outcome.message, /SyntaxError: .*\(line 2, column \d+\)/);
  assert.deepEqual(events, [], "nothing ran");
});

test("an uncaught exception is reported with the program's own line and traceback", async () => {
  const { outcome, events } = await python.run(`
import asyncio

async def fail():
    await asyncio.sleep(0.01)
    raise ValueError("boom")

asyncio.run(fail())
`);
  assert.equal(outcome.status, "error");
  assert.equal(outcome.kind, "exception");
  assert.equal(outcome.line, 6);
  assert.match(outcome.message, /File "<your program>", line 6, in fail/);
  assert.match(outcome.message, /ValueError: boom$/);
  assert.doesNotMatch(outcome.message, /File "(?!<your program>)/, "only the program's own frames");
  assert.deepEqual(printed(events), [], "the traceback is the outcome, not output");
  assert.equal(events.find((event) => event.kind === "done" && event.task === "0").result, "raised ValueError: boom");
});

test("an exception in a task nobody awaits is reported as CPython reports it, with the program's line", async () => {
  const { outcome, events } = await python.run(`
import asyncio

async def lost():
    raise ValueError("nobody awaits me")

async def main():
    asyncio.create_task(lost())
    await asyncio.sleep(0.05)
    print("main ends")

asyncio.run(main())
`);
  assert.equal(outcome.status, "done", outcome.message);
  const lines = printed(events);
  assert.equal(lines[0], "main ends");
  assert.deepEqual(lines.slice(1, 2), ["Task exception was never retrieved"]);
  assert.match(lines[2], /^future: <Task finished name='Task-2' coro=<lost\(\) done, defined at <your program>:4> exception=ValueError\('nobody awaits me'\)>$/);
  assert.deepEqual(lines.slice(3), [
    "Traceback (most recent call last):",
    '  File "<your program>", line 5, in lost',
    '    raise ValueError("nobody awaits me")',
    "ValueError: nobody awaits me",
  ]);
});

test("deep recursion and a huge allocation end as exceptions, and Python keeps working", async () => {
  const recursion = await python.run("def down(n):\n    return down(n + 1)\n\ndown(0)\n");
  assert.equal(recursion.outcome.kind, "exception");
  assert.equal(recursion.outcome.line, 2);
  assert.match(recursion.outcome.message, /RecursionError/);
  // Each level here goes through C (format, str, repr): at CPython's usual limit this
  // overflowed the browser's stack inside a task and took the whole browser down.
  const throughC = await python.run(`
import asyncio

class Order:
    def __repr__(self):
        return f"Order({self})"

async def main():
    print(Order())

asyncio.run(main())
`);
  assert.equal(throughC.outcome.kind, "exception", throughC.outcome.message);
  assert.equal(throughC.outcome.line, 6);
  assert.match(throughC.outcome.message, /RecursionError/);
  // A string of 2**31 characters cannot exist in 32-bit WebAssembly: asked at once, so the
  // tab's memory does not grow first.
  const memory = await python.run('text = "ab" * (2**30 - 1)\n');
  assert.equal(memory.outcome.kind, "exception", memory.outcome.message);
  assert.match(memory.outcome.message, /MemoryError/);
  const next = await python.run('print("still here")');
  assert.deepEqual(printed(next.events), ["still here"]);
});

test("import js and Pyodide's own modules are refused with a message; input() explains itself", async () => {
  for (const statement of ["import js", "import pyodide", "from pyodide.ffi import to_js", "import pyodide_js", "import _pyodide"]) {
    const { outcome } = await python.run(`print("start")\n${statement}\n`);
    assert.equal(outcome.kind, "exception", statement);
    assert.equal(outcome.line, 2, statement);
    assert.match(outcome.message, /is not available here/, statement);
  }
  const { outcome } = await python.run('name = input("Your name? ")\n');
  assert.equal(outcome.kind, "exception");
  assert.equal(outcome.line, 1);
  assert.match(outcome.message, /input\(\) is not available here/);
});

test("a million prints end soon, with the output bounded", async () => {
  const { outcome, events } = await python.run("for i in range(1_000_000):\n    print(i)\n");
  assert.equal(outcome.status, "done", outcome.message);
  assert.ok(outcome.totalMs < 12_000, `a million prints took ${outcome.totalMs} ms`);
  const lines = printed(events);
  assert.ok(lines.length <= 10_001, `${lines.length} lines kept`);
  assert.equal(lines[0], "0");
  assert.match(lines.at(-1), /^… \d+ more lines not shown$/);
});

test("the guards leave no memory behind: Python's objects, its memory and the page's heap", async () => {
  // Python's objects that the collector tracks (containers: lists, tasks, frames...), the
  // interpreter's WebAssembly memory (it never shrinks, but what a program freed is used
  // again), and the page's JavaScript heap after a collection.
  const measure = async () => {
    const { events } = await python.run("import gc\ngc.collect()\nprint(len(gc.get_objects()))\n");
    const objects = Number(printed(events).at(-1));
    const { wasmBytes, jsHeapBytes } = await playground.page.evaluate(async () => {
      globalThis.gc();
      const runtime = await import("/python/runtime.js");
      return { wasmBytes: runtime.memoryBytes(), jsHeapBytes: performance.memory.usedJSHeapSize };
    });
    return { objects, wasmBytes, jsHeapBytes };
  };
  const guarded = [
    "def down(n):\n    return down(n + 1)\n\ndown(0)\n",
    'text = "ab" * (2**30 - 1)\n',
    "import asyncio\n\nasync def lost():\n    raise ValueError('nobody awaits me')\n\nasync def main():\n    asyncio.create_task(lost())\n    await asyncio.sleep(0.05)\n\nasyncio.run(main())\n",
    "for i in range(1_000_000):\n    print(i)\n",
    // Three million numbers held by the program's globals (over 100 MB), then the program ends.
    "numbers = [n * 1.5 for n in range(3_000_000)]\nprint(len(numbers))\n",
  ];
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    for (const source of guarded) await python.run(source);
    rounds.push(await measure());
  }
  const [first, , last] = rounds;
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  console.log(rounds.map((r) => `${r.objects} objects, wasm ${mb(r.wasmBytes)} MB, JS heap ${mb(r.jsHeapBytes)} MB`).join("; "));
  assert.ok(first.objects > 1_000 && first.wasmBytes > 10e6, "the measures read something");
  assert.ok(last.objects - first.objects < 500, `Python kept ${last.objects - first.objects} more objects`);
  assert.ok(last.wasmBytes - first.wasmBytes < 20e6, `Python's memory grew by ${mb(last.wasmBytes - first.wasmBytes)} MB`);
  assert.ok(last.jsHeapBytes - first.jsHeapBytes < 5e6, `the page kept ${mb(last.jsHeapBytes - first.jsHeapBytes)} MB more`);
});

test("stopProgram cancels every task: each sees CancelledError, and the run is stopped", async () => {
  const { outcome, events } = await python.runAndStopAfter(
    500,
    `
import asyncio

async def sleeper(name):
    try:
        await asyncio.sleep(30)
    except asyncio.CancelledError:
        print(f"{name} saw CancelledError")
        raise

async def main():
    try:
        await asyncio.gather(sleeper("a"), sleeper("b"))
    except asyncio.CancelledError:
        print("main saw CancelledError")
        raise

asyncio.run(main())
`,
  );
  assert.equal(outcome.status, "stopped", outcome.message);
  assert.ok(outcome.totalMs < 5_000, `stopped after ${outcome.totalMs} ms`);
  assert.deepEqual(printed(events).sort(), ["a saw CancelledError", "b saw CancelledError", "main saw CancelledError"]);
  for (const event of events.filter((event) => event.kind === "spawn" && event.task !== "0")) {
    const done = events.find((other) => other.kind === "done" && other.task === event.task);
    assert.equal(done?.result, "cancelled", `${event.name} ends cancelled`);
  }

  // A program that awaits at its top level is task 0 itself.
  const topLevel = await python.runAndStopAfter(
    300,
    'import asyncio\ntry:\n    await asyncio.sleep(30)\nexcept asyncio.CancelledError:\n    print("the top level saw CancelledError")\n    raise\n',
  );
  assert.equal(topLevel.outcome.status, "stopped", topLevel.outcome.message);
  assert.deepEqual(printed(topLevel.events), ["the top level saw CancelledError"]);
  assert.ok(topLevel.events.some((event) => event.kind === "cancel" && event.task === "0"), "task 0 is cancelled");
});

test("a program that never lets go is stopped at the cap, on its line, and the next run works", { timeout: 60_000 }, async () => {
  const started = Date.now();
  const { outcome } = await python.run('print("spinning")\nwhile True:\n    pass\n');
  const elapsedMs = Date.now() - started;
  assert.equal(outcome.status, "error");
  assert.equal(outcome.kind, "cap", outcome.message);
  assert.ok([2, 3].includes(outcome.line), `the cap points at line ${outcome.line}`);
  assert.ok(elapsedMs >= HOLD_CAP_MS && elapsedMs < HOLD_CAP_MS + 5_000, `stopped after ${elapsedMs} ms`);
  const next = await python.run('import asyncio\nawait asyncio.sleep(0.01)\nprint("next")\n');
  assert.equal(next.outcome.status, "done", next.outcome.message);
  assert.deepEqual(printed(next.events), ["next"]);

  const refused = await python.run("import time\ntime.sleep(20)\n");
  assert.equal(refused.outcome.kind, "cap");
  assert.equal(refused.outcome.line, 2);
  assert.ok(refused.outcome.totalMs < 1_000, "a sleep past the cap is refused before it starts");
});

test("a task that never lets go is stopped at the cap, and the other tasks are cancelled", { timeout: 60_000 }, async () => {
  const { outcome, events } = await python.run(`
import asyncio

async def ticker():
    while True:
        await asyncio.sleep(0.1)

async def spin():
    await asyncio.sleep(0.2)
    while True:
        pass

async def main():
    await asyncio.gather(ticker(), spin())

asyncio.run(main())
`);
  assert.equal(outcome.kind, "cap", outcome.message);
  assert.ok([10, 11].includes(outcome.line), `the cap points at line ${outcome.line}`);
  assert.ok(outcome.totalMs >= HOLD_CAP_MS && outcome.totalMs < HOLD_CAP_MS + 5_000, `stopped after ${outcome.totalMs} ms`);
  const resultOf = (name) => events.find((event) => event.kind === "done" && event.task === taskNamed(events, name).task)?.result;
  assert.equal(resultOf("Task-3: spin"), "stopped at the cap");
  assert.equal(resultOf("Task-2: ticker"), "cancelled");
  const next = await python.run('print("next")');
  assert.deepEqual(printed(next.events), ["next"]);
});

// The runtime as bridge.js uses it, in the page.
class PythonPage {
  constructor(page) {
    this.page = page;
  }

  // Imports the runtime and loads Python; returns the progress reports and the time it took.
  async load() {
    return this.page.evaluate(async () => {
      const runtime = await import("/python/runtime.js");
      window.__python = runtime;
      const reports = [];
      const started = performance.now();
      await runtime.loadPython({ onProgress: (loadedBytes, totalBytes) => reports.push({ loadedBytes, totalBytes }) });
      return { reports, loadMs: performance.now() - started };
    });
  }

  async loadAgainIsSamePromise() {
    return this.page.evaluate(() => window.__python.loadPython() === window.__python.loadPython());
  }

  // Runs `source`; returns its outcome and every event it recorded, read and checked.
  async run(source) {
    const { outcome, text } = await this.page.evaluate(async (source) => {
      const outcome = await window.__python.runProgram(source);
      return { outcome, text: window.__python.takeEvents() };
    }, source);
    return { outcome, events: readEvents(text) };
  }

  // As run, with the longest gap between animation frames while the program ran.
  async runWithFrameProbe(source) {
    const { outcome, text, maxFrameGapMs } = await this.page.evaluate(async (source) => {
      // The time a frame's callback runs, not its timestamp: a frame that began before the
      // page was held carries its start time, and runs only once the page is free.
      let last = performance.now();
      let maxFrameGapMs = 0;
      let probing = true;
      const onFrame = () => {
        if (!probing) return;
        const now = performance.now();
        maxFrameGapMs = Math.max(maxFrameGapMs, now - last);
        last = now;
        requestAnimationFrame(onFrame);
      };
      // The probe starts from a frame, so the gap before the first one is not counted.
      await new Promise((resolve) => requestAnimationFrame(() => ((last = performance.now()), resolve())));
      requestAnimationFrame(onFrame);
      const outcome = await window.__python.runProgram(source);
      for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      probing = false;
      return { outcome, text: window.__python.takeEvents(), maxFrameGapMs };
    }, source);
    return { outcome, events: readEvents(text), maxFrameGapMs };
  }

  // Runs `source` and presses stop after `delayMs`.
  async runAndStopAfter(delayMs, source) {
    const { outcome, text } = await this.page.evaluate(
      async ([delayMs, source]) => {
        const run = window.__python.runProgram(source);
        let text = "";
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        text += window.__python.takeEvents();
        window.__python.stopProgram();
        const outcome = await run;
        return { outcome, text: text + window.__python.takeEvents() };
      },
      [delayMs, source],
    );
    return { outcome, events: readEvents(text) };
  }
}

// Reads event lines into objects, checking the format core parses: fields, times, tasks
// spawned before use, and run and block segments that never overlap (one thread).
function readEvents(text) {
  if (text === "") return [];
  assert.ok(text.endsWith("\n"), "event text ends with a line break");
  const events = text.slice(0, -1).split("\n").map((line) => {
    const [kind, ...fields] = line.split("\t");
    const names = EVENT_FIELDS[kind];
    assert.ok(names, `a known event: ${JSON.stringify(line)}`);
    assert.equal(fields.length, names.length, `fields of ${JSON.stringify(line)}`);
    const event = { kind };
    for (const [i, name] of names.entries()) {
      if (TIME_FIELDS.has(name)) {
        assert.match(fields[i], /^(0|\d+(\.\d{1,3})?)$/, `${name} of ${JSON.stringify(line)}`);
        event[name] = Number(fields[i]);
      } else if (name === "text" || name === "name" || name === "result") {
        event[name] = fields[i].replace(/\\(.)/g, (escape, c) => ({ t: "\t", n: "\n", r: "\r", "\\": "\\" })[c] ?? escape);
      } else {
        event[name] = fields[i];
      }
    }
    return event;
  });
  assert.deepEqual(events[0], { kind: "spawn", task: "0", parent: "-", atMs: 0, name: "program" });
  const spawned = new Set();
  for (const event of events) {
    if (event.kind === "spawn") {
      assert.ok(!spawned.has(event.task), `task ${event.task} spawned once`);
      assert.ok(event.parent === "-" || spawned.has(event.parent), `the parent of task ${event.task} came first`);
      spawned.add(event.task);
    } else {
      assert.ok(spawned.has(event.task), `task ${event.task} is spawned before its ${event.kind}`);
    }
  }
  const segments = events.filter((event) => event.kind === "run" || event.kind === "block").sort((a, b) => a.startMs - b.startMs);
  for (const [i, segment] of segments.entries()) {
    assert.ok(segment.endMs >= segment.startMs, `a segment ends after it starts: ${JSON.stringify(segment)}`);
    if (i > 0) {
      const before = segments[i - 1];
      assert.ok(segment.startMs >= before.endMs, `segments overlap: ${JSON.stringify(before)} and ${JSON.stringify(segment)}`);
    }
  }
  return events;
}

function printed(events) {
  return events.filter((event) => event.kind === "print").map((event) => event.text);
}

function taskNamed(events, name) {
  const spawn = events.find((event) => event.kind === "spawn" && event.name === name);
  assert.ok(spawn, `a task named ${name}: ${events.filter((event) => event.kind === "spawn").map((event) => event.name)}`);
  return spawn;
}
