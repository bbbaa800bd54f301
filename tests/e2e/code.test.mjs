// "Your own program", as a person uses it: open the code tab, type asyncio Python, run it as
// real CPython on the page's event loop, read its output and timeline, share it.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { FAR_FROM_FROZEN_MS, launchPlayground, test } from "./support/playground.mjs";

let playground;
before(async () => {
  playground = await launchPlayground();
});
after(async () => {
  await playground?.close();
});

// Opens the code tab (optionally with a link's fragment) and waits until Python is ready.
async function openCodeTab(fragment = "") {
  await playground.open(`?s=code${fragment}`);
  await playground.page.locator("[data-testid=python-status][data-state=ready]").waitFor({ timeout: 60_000 });
  await playground.page.locator("[data-testid=editor]").waitFor();
}

// Replaces the program: focus the editor, select all, type.
async function typeProgram(source) {
  const editor = playground.page.locator("[data-testid=editor]");
  await editor.click();
  await playground.page.keyboard.press("ControlOrMeta+A");
  await playground.page.keyboard.press("Delete");
  // Inserted as typed text in one go: the editor's auto-indent applies to Enter key presses,
  // and a program typed key by key would get its indentation twice.
  await playground.page.keyboard.insertText(source);
}

// The program in the editor, line by line as it shows it.
async function editorText() {
  return playground.page
    .locator("[data-testid=editor] .cm-line")
    .evaluateAll((lines) => lines.map((line) => line.textContent).join("\n"));
}

async function runAndWait({ timeoutMs = 60_000 } = {}) {
  // The check may wait out the run's own freeze (up to the cap), hence the run's timeout.
  await playground.startRun(() => playground.page.keyboard.press("ControlOrMeta+Enter"), { timeoutMs });
  const [result] = await playground.results({ timeoutMs });
  return result;
}

const GATHER = `import asyncio

async def worker(name, delay):
    print(f"{name} starts")
    await asyncio.sleep(delay)
    print(f"{name} ends")
    return name

async def main():
    results = await asyncio.gather(worker("A", 0.3), worker("B", 0.2), worker("C", 0.1))
    print(results)

asyncio.run(main())
`;

test("a typed program runs as CPython: its output in CPython's order, a lane per task", async () => {
  await openCodeTab();
  assert.equal(await playground.page.locator("nav.picker [data-scenario=code][aria-pressed=true]").count(), 1);
  await typeProgram(GATHER);
  assert.equal(await editorText(), GATHER, "the editor holds exactly what was typed");
  const result = await runAndWait();
  assert.equal(result.status, "done");
  const native = execFileSync("python3", ["-c", GATHER]).toString().trim().split("\n");
  assert.deepEqual(await playground.outputLines(), native);
  assert.ok(result.totalMs >= 295 && result.totalMs < 3000, `took ${result.totalMs} ms`);
  assert.ok(result.maxFrameGapMs < FAR_FROM_FROZEN_MS, `awaiting kept frames flowing: ${result.maxFrameGapMs} ms`);
  const lanes = await playground.page.locator("[data-testid=timeline] [data-lane]").evaluateAll((els) => els.map((el) => el.dataset.lane));
  for (const name of ["A", "B", "C"]) {
    assert.ok(lanes.some((lane) => lane.includes("worker")), `a worker task's lane: ${lanes}`);
    assert.ok((await playground.outputLines()).includes(`${name} ends`));
  }
  assert.ok(lanes.filter((lane) => lane.includes("worker")).length === 3, `three worker lanes: ${lanes}`);
  assert.ok(await playground.page.locator("[data-testid=timeline] [data-kind=waiting]").count() > 0);
});

test("time.sleep holds the page, await asyncio.sleep does not", async () => {
  await openCodeTab();
  await typeProgram("import time\nprint('before')\ntime.sleep(0.8)\nprint('after')\n");
  const blocking = await runAndWait();
  assert.ok(blocking.maxFrameGapMs >= 600, `time.sleep(0.8) froze frames for ${blocking.maxFrameGapMs} ms`);
  assert.ok(await playground.page.locator("[data-testid=timeline] [data-kind=blocked]").count() > 0);

  await typeProgram("import asyncio\nasync def main():\n    await asyncio.sleep(0.8)\n    print('after')\nasyncio.run(main())\n");
  const awaiting = await runAndWait();
  assert.ok(awaiting.totalMs >= 790, `${awaiting.totalMs} ms`);
  assert.ok(awaiting.maxFrameGapMs < FAR_FROM_FROZEN_MS, `an awaited sleep froze frames for ${awaiting.maxFrameGapMs} ms`);
});

// Two threads each hold their own worker for 0.6 s with time.sleep, and print from there.
const THREADS = `import asyncio
import time

def blocking(n):
    print(f"thread {n} holds its worker")
    time.sleep(0.6)
    return n * 10

async def main():
    results = await asyncio.gather(asyncio.to_thread(blocking, 1), asyncio.to_thread(blocking, 2))
    print(results)

asyncio.run(main())
`;

test("to_thread runs the function off the page's thread, in a worker: frames flow, the timeline says off-thread", async () => {
  await openCodeTab();
  await typeProgram(THREADS);
  const threaded = await runAndWait({ timeoutMs: 90_000 });
  assert.equal(threaded.status, "done");
  const lines = await playground.outputLines();
  assert.deepEqual([...lines].sort(), ["[10, 20]", "thread 1 holds its worker", "thread 2 holds its worker"]);
  assert.equal(lines.at(-1), "[10, 20]");
  // The two calls ran at once: 0.6 s, not 1.2 s.
  assert.ok(threaded.totalMs >= 590 && threaded.totalMs < 1100, `took ${threaded.totalMs} ms`);
  assert.ok(threaded.maxFrameGapMs < FAR_FROM_FROZEN_MS, `the threads' sleeps froze frames for ${threaded.maxFrameGapMs} ms`);
  const threadLanes = playground.page.locator('[data-testid=timeline] [data-lane="thread: blocking"]');
  assert.equal(await threadLanes.count(), 2);
  assert.equal(await threadLanes.locator("[data-kind=offthread]").count(), 2);
  const printers = await playground.page.locator("[data-testid=output] .line").evaluateAll((els) => els.map((el) => el.dataset.task));
  assert.equal(printers.filter((task) => task === "thread: blocking").length, 2, `printed by ${printers}`);

  // The same function called on the page's thread holds it: the lesson's contrast.
  await typeProgram(THREADS.replace("await asyncio.gather(asyncio.to_thread(blocking, 1), asyncio.to_thread(blocking, 2))", "[blocking(1), blocking(2)]"));
  const blocking = await runAndWait();
  assert.ok(blocking.maxFrameGapMs >= 500, `time.sleep on the page's thread froze frames for only ${blocking.maxFrameGapMs} ms`);
  assert.deepEqual(playground.errors, []);
});

test("a function to_thread cannot send says why; a thread's exception comes back with its line", async () => {
  await openCodeTab();
  await typeProgram(
    "import asyncio\n\ndef explode(x):\n    raise ValueError(f'bad {x}')\n\nasync def main():\n    try:\n        await asyncio.to_thread(lambda: 1)\n    except TypeError as error:\n        print(error)\n    await asyncio.to_thread(explode, 8)\n\nasyncio.run(main())\n",
  );
  const result = await runAndWait({ timeoutMs: 90_000 });
  assert.equal(result.status, "error");
  const [refusal] = await playground.outputLines();
  assert.match(refusal, /to_thread runs main\.<locals>\.<lambda> in a Web Worker .* Define the function at the top level/);
  const error = playground.page.locator("[data-testid=python-error]");
  assert.equal(await error.getAttribute("data-line"), "11");
  assert.match(await error.textContent(), /ValueError: bad 8\s+In the worker thread:\s+File "<your program>", line 4, in explode/);
});

test("Stop ends a thread that never returns; the next run gets its threads again", async () => {
  await openCodeTab();
  await typeProgram("import asyncio\n\ndef spin():\n    while True:\n        pass\n\nasync def main():\n    await asyncio.to_thread(spin)\n\nasyncio.run(main())\n");
  await playground.page.keyboard.press("ControlOrMeta+Enter");
  // The thread's lane appears once its worker has started it.
  await playground.page.locator('[data-testid=timeline] [data-lane="thread: spin"]').waitFor({ timeout: 90_000 });
  await playground.page.locator("[data-testid=stop]").click();
  const [stopped] = await playground.results();
  assert.equal(stopped.status, "stopped");
  await typeProgram(THREADS);
  const again = await runAndWait({ timeoutMs: 90_000 });
  assert.equal(again.status, "done");
  assert.equal((await playground.outputLines()).at(-1), "[10, 20]");
});

test("Python starts from the build's snapshot, draws new random numbers on each open, and runs programs as before", async () => {
  const RANDOM = "import random\nprint(random.random())\n";
  const draws = [];
  for (let open = 0; open < 2; open++) {
    await openCodeTab();
    assert.equal(await playground.page.evaluate(async () => (await import("/python/runtime.js")).pythonStart()), "snapshot");
    await typeProgram(RANDOM);
    assert.equal((await runAndWait()).status, "done");
    draws.push((await playground.outputLines()).at(-1));
  }
  assert.notEqual(draws[0], draws[1], "two starts from one snapshot drew the same number");
  await typeProgram(GATHER);
  const result = await runAndWait();
  assert.equal(result.status, "done");
  assert.deepEqual(await playground.outputLines(), execFileSync("python3", ["-c", GATHER]).toString().trim().split("\n"));
  await typeProgram(THREADS);
  assert.equal((await runAndWait({ timeoutMs: 90_000 })).status, "done");
  assert.equal((await playground.outputLines()).at(-1), "[10, 20]");
  assert.deepEqual(playground.errors, []);
});

test("without a snapshot it can use, Python starts from its files", async () => {
  // A browser of its own, with no service worker: requests a service worker answers would
  // not reach the test's stand-in.
  const own = await launchPlayground({ contextOptions: { serviceWorkers: "block" } });
  try {
    for (const answer of [{ status: 404 }, { status: 200, body: "not a gzipped snapshot" }]) {
      await own.page.unrouteAll();
      await own.page.route("**/pyodide/snapshot.bin.gz", (route) => route.fulfill(answer));
      await own.open("?s=code");
      await own.page.locator("[data-testid=python-status][data-state=ready]").waitFor({ timeout: 60_000 });
      assert.equal(await own.page.evaluate(async () => (await import("/python/runtime.js")).pythonStart()), "files");
      await own.page.locator("[data-testid=editor]").click();
      await own.page.keyboard.press("ControlOrMeta+A");
      await own.page.keyboard.insertText(GATHER);
      await own.startRun(() => own.page.keyboard.press("ControlOrMeta+Enter"), { timeoutMs: 60_000 });
      const [result] = await own.results({ timeoutMs: 60_000 });
      assert.equal(result.status, "done");
      assert.equal((await own.outputLines()).at(-1), "['A', 'B', 'C']");
    }
  } finally {
    await own.close();
  }
});

test("a live run's console draws its last 15 lines, and every line once the run ends", async () => {
  await openCodeTab();
  await typeProgram("import asyncio\n\nasync def main():\n    for i in range(500):\n        print(i)\n    await asyncio.sleep(1.5)\n\nasyncio.run(main())\n");
  await playground.startRun(() => playground.page.keyboard.press("ControlOrMeta+Enter"));
  const earlier = playground.page.locator("[data-testid=output] .earlier");
  await earlier.waitFor({ timeout: 10_000 });
  const live = await playground.outputLines();
  assert.equal(live.length, 15, "lines drawn while the run goes on");
  assert.equal(live.at(-1), "499");
  const [result] = await playground.results({ timeoutMs: 30_000 });
  assert.equal(result.status, "done");
  const lines = await playground.outputLines();
  assert.equal(lines.length, 500);
  assert.equal(lines[0], "0");
  assert.equal(await earlier.count(), 0, "no note once every line is drawn");
});

test("a syntax error shows its line before anything runs, and marks it", async () => {
  await openCodeTab();
  await typeProgram("print('one')\nprint('two')\ndef broken(:\n    pass\n");
  const result = await runAndWait();
  assert.equal(result.status, "error");
  const error = playground.page.locator("[data-testid=python-error]");
  assert.equal(await error.getAttribute("data-kind"), "syntax");
  assert.equal(await error.getAttribute("data-line"), "3");
  assert.deepEqual(await playground.outputLines(), [], "nothing ran");
});

test("an exception names the person's own line", async () => {
  await openCodeTab();
  await typeProgram("import asyncio\n\nasync def main():\n    await asyncio.sleep(0.05)\n    raise ValueError('boom')\n\nasyncio.run(main())\n");
  await runAndWait();
  const error = playground.page.locator("[data-testid=python-error]");
  assert.equal(await error.getAttribute("data-kind"), "exception");
  assert.equal(await error.getAttribute("data-line"), "5");
  assert.match(await error.textContent(), /ValueError: boom/);
});

test("Stop cancels the program's tasks: they see CancelledError", async () => {
  await openCodeTab();
  await typeProgram(
    "import asyncio\nasync def main():\n    try:\n        await asyncio.sleep(30)\n    except asyncio.CancelledError:\n        print('cancelled!')\n        raise\nasyncio.run(main())\n",
  );
  await playground.page.keyboard.press("ControlOrMeta+Enter");
  await playground.waitForRunState("running");
  await playground.page.waitForTimeout(300);
  await playground.page.locator("[data-testid=stop]").click();
  const [result] = await playground.results();
  assert.equal(result.status, "stopped");
  assert.ok((await playground.outputLines()).includes("cancelled!"));
});

test("a runaway loop stops at the freeze cap with its line, and the next run works", async () => {
  await openCodeTab();
  await typeProgram("print('spinning')\nwhile True:\n    pass\n");
  const capped = await runAndWait({ timeoutMs: 40_000 });
  assert.equal(capped.status, "error");
  const error = playground.page.locator("[data-testid=python-error]");
  assert.equal(await error.getAttribute("data-kind"), "cap");
  assert.ok(["2", "3"].includes(await error.getAttribute("data-line")), "the loop's line");
  await typeProgram("print('alive')\n");
  const next = await runAndWait();
  assert.equal(next.status, "done");
  assert.deepEqual(await playground.outputLines(), ["alive"]);
});

test("Copy link reopens the same program, and a garbled link loads nothing", async () => {
  await playground.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: playground.server.url });
  await openCodeTab();
  const program = `# ünïcode and symbols: <>&"'\n${GATHER}${"# padding\n".repeat(600)}`;
  await typeProgram(program);
  await playground.page.locator("[data-testid=copy-link]").click();
  await playground.page.locator("[data-testid=run-message]").waitFor();
  const link = await playground.page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /\?s=code#code=[A-Za-z0-9_-]+$/);
  assert.ok(program.length > 6000 && link.length < program.length, `compressed: ${link.length} for ${program.length}`);
  // Opened afresh, as from another tab (the same address would only move to the fragment).
  await playground.page.goto("about:blank");
  await playground.page.goto(link);
  await playground.page.locator("[data-testid=editor]").waitFor();
  await playground.page.waitForFunction(() => document.querySelector("[data-testid=editor]")?.textContent.includes("ünïcode"));
  // CodeMirror draws only the lines in view: the first one shows the unusual characters, and
  // packing the reopened program again gives the same link, so it came back exactly.
  assert.equal((await editorText()).split("\n")[0], program.split("\n")[0]);
  await playground.page.locator("[data-testid=copy-link]").click();
  await playground.page.locator("[data-testid=run-message]").waitFor();
  assert.equal(await playground.page.evaluate(() => navigator.clipboard.readText()), link);
  assert.equal(await playground.runState(), "idle", "a code link never runs by itself");

  await playground.page.goto("about:blank");
  await playground.open("?s=code#code=<script>alert(1)</script>");
  await playground.page.locator("[data-testid=run-message]").waitFor();
  assert.match(await playground.page.locator("[data-testid=run-message]").textContent(), /garbled/);
  assert.equal(await playground.hasPanic(), false);
});

test("Open in editor takes a lesson's listing to the editor, where it prints what python3 prints", async () => {
  for (const link of ["?s=tasks&mode=gather&speed=0.1", "?s=primes&mode=gather", "?s=chess&mode=async&speed=0.1"]) {
    await playground.page.goto("about:blank");
    await playground.open(link);
    const listing = await playground.page.locator(".listing[data-language=python]").first().evaluate((pre) => pre.textContent);
    await playground.page.locator("[data-testid=open-in-editor]").click();
    await playground.page.locator("[data-testid=python-status][data-state=ready]").waitFor({ timeout: 60_000 });
    assert.equal(playground.query().get("s"), "code");
    await playground.page.waitForFunction(() => document.querySelector("[data-testid=editor] .cm-line")?.textContent === "import asyncio");
    await playground.startRun(() => playground.page.locator("[data-testid=run]").click());
    const [result] = await playground.results();
    assert.equal(result.status, "done", link);
    const native = execFileSync("python3", ["-c", listing]).toString().trim().split("\n");
    assert.deepEqual(await playground.outputLines(), native, link);
  }
  // Every lesson offers it (Pokemon and the ice-cream server open adapted programs:
  // tests/e2e/editor-lessons.test.mjs).
  for (const lesson of ["pokemon", "icecream"]) {
    await playground.open(`?s=${lesson}`);
    assert.equal(await playground.page.locator("[data-testid=open-in-editor]").count(), 1, lesson);
  }
});
