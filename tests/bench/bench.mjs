// Benchmarks in headless Chromium against the release build: prints a table and writes
// BENCHMARKS.md. Figures, not tests: nothing here fails on a slow machine.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launchPlayground } from "../e2e/support/playground.mjs";
import { CATEGORIES, PAGES, describeScores, lighthouseScores } from "./lighthouse.mjs";
import { exhibitionMs, openFloorPage, turnRing } from "./floor.mjs";
import { describe, fidelityMatrix, summarize } from "./matrix.mjs";

const dist = process.env.PLAYGROUND_DIST ?? new URL("../../dist", import.meta.url).pathname;
const output = process.env.BENCHMARKS_MD ?? new URL("../../BENCHMARKS.md", import.meta.url).pathname;
const rows = [];
const record = (name, how, target, figure, met, detail = "") => {
  rows.push({ name, how, target, figure, met, detail });
  console.log(`${met ? "met   " : "MISSED"} ${name}: ${figure}${detail ? ` (${detail})` : ""}`);
};

const playground = await launchPlayground();
const { page } = playground;
const browserVersion = playground.browser.version();

// Scale: 10,000 tasks each awaiting 1000 ms, gathered, three ways.
await playground.open("?s=tasks");
// The median of three, each way, as the lesson advises; the runs alternate.
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const oursRuns = [];
const plainRuns = [];
for (let i = 0; i < 3; i++) {
  oursRuns.push(await page.evaluate(() => window.wasmBindings.bench_gather(10000, 1000)));
  plainRuns.push(await page.evaluate(async () => {
    const start = performance.now();
    await Promise.all(Array.from({ length: 10000 }, () => new Promise((done) => setTimeout(done, 1000))));
    return performance.now() - start;
  }));
}
const ours = median(oursRuns);
const plainJs = median(plainRuns);
let cpython = NaN;
try {
  const script =
    "import asyncio, time\n" +
    "async def main():\n" +
    "    start = time.perf_counter()\n" +
    "    await asyncio.gather(*(asyncio.sleep(1) for _ in range(10000)))\n" +
    "    print((time.perf_counter() - start) * 1000)\n" +
    "asyncio.run(main())\n";
  cpython = Number(execFileSync("python3", ["-c", script]).toString().trim());
} catch (error) {
  console.log(`CPython asyncio could not run: ${error.message}`);
}
const overhead = (ms) => ms - 1000;
record(
  "scale",
  "10,000 tasks awaiting 1000 ms, gathered: our runtime, plain JS Promise.all of setTimeout (same page and run), CPython asyncio",
  "our overhead <= plain JS's; <= half CPython's",
  `ours ${overhead(ours).toFixed(1)} ms, plain JS ${overhead(plainJs).toFixed(1)} ms, CPython ${overhead(cpython).toFixed(1)} ms overhead (medians of 3)`,
  overhead(ours) <= overhead(plainJs) && overhead(ours) <= overhead(cpython) / 2,
);

// The browser's floor for the chess exhibition at its defaults (ChessParams::default: 10
// boards, the grandmaster's 10 ms blocking, the opponents' 90 ms awaited, 10 move pairs) in
// plain JS on a blank page, as the lesson writes it (tests/bench/floor.mjs). First with no
// frames asked for, then with a ring drawn by the page on a canvas at every
// requestAnimationFrame (the playground's own spinner is drawn by a worker). It shows what the
// browser alone adds to a thread that her thinking fills; the timing fidelity below holds the
// async exhibition, which her thinking fills, to 2% of the second, as the matrix does.
const blank = await openFloorPage(playground.browser);
const defaults = { nBoards: 10, gmMoveMs: 10, opponentMoveMs: 90, nMovePairs: 10, sync: false };
// Two runs first, not counted: a page's first runs of the games are its slowest.
await exhibitionMs(blank, defaults, 2);
const floor = { quiet: await exhibitionMs(blank, defaults) };
await turnRing(blank, true);
floor.turned = await exhibitionMs(blank, defaults);
await blank.close();
const [quietMs, turnedMs] = [median(floor.quiet), median(floor.turned)];

// Timing fidelity: every scenario at its defaults in its two canonical modes, three runs each
// through the page's own Benchmark button; the median is compared, as the page advises.
const fidelity = [];
for (const scenario of ["primes", "chess", "pokemon", "tasks", "icecream"]) {
  await playground.open(`?s=${scenario}&reps=3`);
  await page.locator("[data-testid=benchmark]").click();
  const confirm = page.locator("[data-testid=confirm-run]");
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await page.waitForTimeout(200);
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await playground.waitForRunState("done", { timeoutMs: 300_000 });
  const rows = page.locator("[data-testid=bench-chart] .bench-row");
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const mode = await row.getAttribute("data-bench-mode");
    const totalMs = Number(await row.getAttribute("data-median-ms"));
    // CPU work has no ideal duration: where the page measures it (primes' prime tests), the
    // prediction is the sleeps' ideal plus the CPU time the runs measured.
    const predictedMs = Number(await row.getAttribute("data-predicted-ms"));
    // The same allowance as the page's result card (`core::fidelity::on_time`); where her
    // thinking fills the thread (chess async), up to 2% over the browser's floor too, as the
    // issue's goal and the matrix have it.
    const allowedMs = Math.max(0.02 * predictedMs, 5);
    const offMs = totalMs - predictedMs;
    const floorMs = scenario === "chess" && mode === "async" ? turnedMs : undefined;
    const withinFloor = floorMs !== undefined && totalMs >= predictedMs - allowedMs && totalMs <= 1.02 * floorMs;
    fidelity.push({ scenario, mode, totalMs, predictedMs, floorMs, ok: Math.abs(offMs) <= allowedMs || withinFloor });
  }
}
record(
  "timing fidelity",
  "every scenario at its defaults in its two canonical modes, median of 3 runs (primes: sleeps' ideal plus the measured CPU)",
  "measured within max(2%, 5 ms) of the prediction; chess async, which her thinking fills, within 2% of the browser's floor (plain JS with a frame drawn at every frame, measured in this run) if that is more",
  `${fidelity.filter((f) => f.ok).length} of ${fidelity.length} within`,
  fidelity.every((f) => f.ok),
  fidelity.map((f) => `${f.scenario} ${f.mode} ${f.totalMs.toFixed(0)}/${f.predictedMs.toFixed(0)} ms${f.floorMs === undefined ? "" : ` (floor ${f.floorMs.toFixed(0)} ms, x${(f.totalMs / f.floorMs).toFixed(3)})`}`).join("; ") +
    " (measured median / predicted)",
);

// The fidelity matrix: every mode at its defaults, each slider's ends and 20 seeded random
// sets per scenario, each opened cold from its link and run again warm (tests/bench/matrix.mjs).
const matrix = summarize(await fidelityMatrix(playground, { log: () => {} }));
const matrixLines = [];
for (const temperature of ["cold", "warm"]) {
  const s = matrix[temperature];
  record(
    `fidelity matrix, ${temperature}`,
    `${temperature === "cold" ? "a fresh browser context opens each link with autorun=1" : "Run again in that page"}: every mode at its defaults, each slider's two ends, 20 seeded random sets per scenario (long cases run with the Delays setting that keeps them under 4 s)`,
    "total within max(2%, 5 ms) of its prediction (a chess run that her thinking fills: or within 2% of the same games in plain JS, measured before it); longest frame gap <= max(34 ms, the run's own longest hold of the thread + 17 ms)",
    `${s.onTime} of ${s.n} on time (of the ${s.n - s.onTime} late, ${s.lateByView} by no more than the allowance plus the time their live view's redraws held them up, and ${s.lateByOverrun} more by no more than that and the time their holds of the thread ran over, as the page measured both), ${s.smooth} of ${s.n} smooth; latest: ${describe(s.worstRatio)}; worst gap: ${describe(s.worstGap)}`,
    s.onTime === s.n && s.smooth === s.n,
  );
  for (const miss of s.misses) matrixLines.push(`| ${temperature} | ${miss.scenario} ${miss.kind} | \`${miss.query}\` | ${describe(miss)} | ${miss.onTime ? "" : miss.lateByView ? "late (within its live view) " : miss.lateByOverrun ? (miss.viewHeldUpMs >= 0.5 ? "late (within its live view and its holds' overrun) " : "late (within its holds' overrun) ") : "late "}${miss.smooth ? "" : "not smooth"} |`);
}
const matrixSection = `## Fidelity matrix: the runs that missed

${matrix.failed.length ? `Could not run: ${matrix.failed.map((r) => `\`${r.query}\` (${r.error})`).join("; ")}.\n\n` : ""}| run | case | link | measured | missed |
|---|---|---|---|---|
${matrixLines.join("\n") || "| | none | | | |"}
`;

const chessAsync = fidelity.find((f) => f.scenario === "chess" && f.mode === "async");
const chessLimit = chessAsync
  ? `; the page predicts ${chessAsync.predictedMs.toFixed(0)} ms and allows up to ${Math.max(chessAsync.predictedMs * 1.02, chessAsync.predictedMs + 5).toFixed(1)}, or 2% over the second floor, ${(turnedMs * 1.02).toFixed(1)}`
  : "";
const references = [
  `browser floor: the chess exhibition at its defaults in plain JS on a blank ` +
    `page (a task per board, a busy loop for her move, setTimeout for the opponent's) takes ` +
    `${quietMs.toFixed(1)} ms with no frames asked for and ${turnedMs.toFixed(1)} ms with a ring drawn by the ` +
    `page on a canvas at every frame (medians of 3${chessLimit}; the timing fidelity holds the async ` +
    `exhibition to 2% of the second, and the matrix each chess run that her thinking fills to 2% of such a ` +
    `floor of its own where it is above the run's prediction)`,
];
console.log(references[0]);

// Freeze fidelity: a 1000 ms block.
await playground.open("");
await playground.setProbeDuration(1000);
await playground.pressProbeBlock();
const block = await playground.probeResult();
record("freeze fidelity", "a 1000 ms block (the meter's probe)", "longest frame gap >= 950 ms",
  `${block.maxFrameGapMs.toFixed(1)} ms`, block.maxFrameGapMs >= 950);

// Smoothness: an awaited run of 5 s with the timeline drawing live (50 clients).
await playground.open("?s=icecream&mode=async&autorun=1");
const [smooth] = await playground.results({ timeoutMs: 60_000 });
record("smoothness", "the ice-cream server, async, 5 s, 50 live lanes", "longest frame gap <= 34 ms",
  `${smooth.maxFrameGapMs.toFixed(1)} ms`, smooth.maxFrameGapMs <= 34);

// Rendering: a timeline of 1,000 lanes growing live.
await playground.open("");
const [fps] = await page.evaluate(() => window.wasmBindings.bench_render_live(1000, 2, 1, 3000).then((cost) => [...cost]));
record("rendering", "a live timeline of 1,000 lanes for 3 s", ">= 50 frames per second", `${fps.toFixed(1)} fps`, fps >= 50);
// The live view's cost must not grow with the run's history: 1,000 tasks that each sleep 45
// times and print 10 lines over 5 s, drawn live with their output (about 50,000 segments and
// 10,000 lines by the end, the figures #18 sets). Three runs, each in the page loaded afresh: one
// run's pair of figures has gone either way from bench to bench on this machine kind (266 then
// 308 ms, 303 then 259, 344 then 350), while five runs in a row spent 410-510 ms on frames in
// their first second and 301-324 in their last.
const historyRuns = [];
for (let i = 0; i < 3; i += 1) {
  await playground.open("");
  historyRuns.push(await page.evaluate(() => window.wasmBindings.bench_render_live(1000, 45, 10, 5000).then((cost) => [...cost])));
}
const [historyFps, firstSecondMs, lastSecondMs, nSegments, nLines] = [0, 1, 2, 3, 4].map((k) => median(historyRuns.map((run) => run[k])));
record("rendering at scale", "a live run of 1,000 tasks for 5 s, its timeline and output growing to the figures given; the thread's time on frames in the first and the last second; medians of 3 runs",
  ">= 50 frames per second; the last second costs no more than the first",
  `${historyFps.toFixed(1)} fps; ${firstSecondMs.toFixed(0)} ms on frames in the first second, ${lastSecondMs.toFixed(0)} ms in the last (runs: ${historyRuns.map((run) => `${run[1].toFixed(0)} then ${run[2].toFixed(0)}`).join(", ")}); ${nSegments} segments, ${nLines} lines`,
  historyFps >= 50 && lastSecondMs <= firstSecondMs);

// Size: wasm + js shipped, gzip. The service worker (fetched after the page has loaded) and
// the code tab's files (Pyodide, the editor: folders of their own, loaded only there) are not
// part of the lessons' page.
const shipped = readdirSync(dist).filter((name) => /\.(wasm|js)$/.test(name) && name !== "sw.js");
const gzipKb = (names) => names.reduce((sum, name) => sum + gzipSync(readFileSync(join(dist, name)), { level: 9 }).length, 0) / 1024;
const allKb = gzipKb(shipped);
const wasmKb = gzipKb(shipped.filter((name) => name.endsWith(".wasm")));
record("size", "the lessons' page: wasm + js shipped, gzip (every file; workers load the page's own wasm again; the Pokemon list, 5 KB gzip, is data the offline API fetches when a run needs it; the service worker and the code tab's Pyodide and editor are not counted)", "<= 200 KB",
  `${allKb.toFixed(1)} KB (wasm ${wasmKb.toFixed(1)} KB, js ${(allKb - wasmKb).toFixed(1)} KB)`, allKb <= 200);

// First paint: open the page cold on loopback, five times in new contexts (no cache); the
// page itself notes when the scenario's heading is first in the document and the frame that
// draws it begins, so the figure does not include the test driver's polling.
const paints = [];
for (let i = 0; i < 5; i++) {
  const context = await playground.browser.newContext();
  const cold = await context.newPage();
  await cold.addInitScript(() => {
    const seen = () => {
      if (window.__paintedMs === undefined && !window.__waiting && document.querySelector(".lesson h2")) {
        window.__waiting = true;
        requestAnimationFrame((frameMs) => { window.__paintedMs = frameMs; });
      }
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  });
  await cold.goto(`${playground.server.url}/?s=tasks`);
  await cold.waitForFunction(() => window.__paintedMs !== undefined);
  paints.push(await cold.evaluate(() => window.__paintedMs));
  await context.close();
}
const paintMs = median([...paints]);
record("first paint", "open ?s=tasks cold on loopback (new context, no cache), until the frame that draws the scenario; median of 5", "<= 300 ms",
  `${paintMs.toFixed(0)} ms (runs ${paints.map((ms) => ms.toFixed(0)).join(", ")})`, paintMs <= 300);

// Memory: 200 runs of one scenario.
await playground.open("?s=tasks&mode=gather&da=10&db=10&dc=10&n=1");
const memory = () => page.evaluate(async () => {
  window.gc?.();
  await new Promise((done) => setTimeout(done, 50));
  return performance.memory.usedJSHeapSize + window.wasmBindings.wasm_memory_bytes();
});
const runMany = (count) => page.evaluate(async (n) => {
  const waitFor = (check) => new Promise((done) => { const poll = () => (check() ? done() : requestAnimationFrame(poll)); poll(); });
  for (let i = 0; i < n; i++) {
    document.querySelector("[data-testid=run]").click();
    await waitFor(() => document.body.dataset.runState === "running");
    await waitFor(() => document.body.dataset.runState === "done");
  }
}, count);
await runMany(1);
const before = await memory();
await runMany(200);
const grownMb = ((await memory()) - before) / 1024 / 1024;
record("memory", "200 runs of the tasks lab in a row", "JS heap + wasm memory growth < 5 MB", `${grownMb.toFixed(2)} MB`, grownMb < 5);

// Your own program: CPython in the page, against the machine's own CPython.
// The moment the status says ready, seen by a MutationObserver in the page: a locator's
// waitFor polls up to every 500 ms, which added 400-450 ms to a second open's 0.6 s.
const PYTHON_READY_WATCH = () => {
  new MutationObserver((_, observer) => {
    if (document.querySelector("[data-testid=python-status][data-state=ready]")) {
      globalThis.pythonReadyMs = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
};
const pythonReadyMs = async (target) => {
  await target.goto(`${playground.server.url}/?s=code`);
  await target.locator("[data-testid=python-status][data-state=ready]").waitFor({ timeout: 120_000 });
  return target.evaluate(() => globalThis.pythonReadyMs);
};
const coldOpens = [];
const warmOpens = [];
for (let i = 0; i < 3; i++) {
  const context = await playground.browser.newContext();
  const fresh = await context.newPage();
  await fresh.addInitScript(PYTHON_READY_WATCH);
  coldOpens.push(await pythonReadyMs(fresh));
  // The same browser again: its HTTP cache, code cache and service worker are warm.
  warmOpens.push(await pythonReadyMs(fresh));
  await context.close();
}
const coldOpenMs = median([...coldOpens]);
const warmOpenMs = median([...warmOpens]);
record("python cold open", "open ?s=code in a new browser context until Python is ready (Pyodide 314.0.7 and the build's snapshot from our origin); median of 3", "<= 3000 ms",
  `${coldOpenMs.toFixed(0)} ms (runs ${coldOpens.map((ms) => ms.toFixed(0)).join(", ")}; a bare loadPyodide took 5000-5800 ms on this machine kind)`, coldOpenMs <= 3000);
record("python second open", "open ?s=code again in the same browser (caches warm); median of 3", "<= 1000 ms",
  `${warmOpenMs.toFixed(0)} ms (runs ${warmOpens.map((ms) => ms.toFixed(0)).join(", ")})`, warmOpenMs <= 1000);

// A program run in the code tab and by the machine's python3; each prints one figure in ms.
// Chromium's renderer sometimes crashes at a fresh browser's first Python programs (a browser
// fault: 3 of 180 on this Chromium, see the e2e harness's `test`): then the playground gets a
// new page and the program runs once more, and the bench says so.
const runInPage = async (source) => {
  try {
    return await runProgram(source);
  } catch (error) {
    for (let waitedMs = 0; !playground.crashed && waitedMs < 500; waitedMs += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!playground.crashed) throw error;
    console.log(`Chromium's renderer crashed running a Python program (${String(error?.message).split("\n")[0]}); it runs once more in a new page`);
    await playground.newPage();
    return runProgram(source);
  }
};
const runProgram = async (source) => {
  const page = playground.page;
  await page.goto("about:blank");
  await playground.open("?s=code");
  await page.locator("[data-testid=python-status][data-state=ready]").waitFor({ timeout: 120_000 });
  await page.locator("[data-testid=editor]").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(source);
  // A program with no await holds the page from its start to its end: the moment it starts
  // is witnessed by an observer set before the click, not looked for after it.
  await playground.startRun(() => page.locator("[data-testid=run]").click(), { timeoutMs: 10_000 });
  await playground.waitForRunState("done", { timeoutMs: 120_000 });
  return Number((await playground.outputLines()).at(-1));
};
const runNative = (source) => {
  try {
    return Number(execFileSync("python3", ["-c", source]).toString().trim().split("\n").at(-1));
  } catch (error) {
    console.log(`python3 could not run: ${error.message}`);
    return NaN;
  }
};
const GATHER_1000 = "import asyncio, time\nasync def main():\n    start = time.perf_counter()\n    await asyncio.gather(*(asyncio.sleep(1) for _ in range(1000)))\n    print((time.perf_counter() - start) * 1000)\nasyncio.run(main())\n";
const gatherPage = median([await runInPage(GATHER_1000), await runInPage(GATHER_1000), await runInPage(GATHER_1000)]);
const gatherNative = median([runNative(GATHER_1000), runNative(GATHER_1000), runNative(GATHER_1000)]);
record("python scale", "1,000 tasks awaiting asyncio.sleep(1), gathered: the code tab's CPython (recorded live) against the machine's python3; medians of 3", "our overhead <= CPython's",
  `page ${(gatherPage - 1000).toFixed(1)} ms, python3 ${(gatherNative - 1000).toFixed(1)} ms overhead`, gatherPage - 1000 <= gatherNative - 1000);
// Reference, not a target: the machine's own CPython on a chain of short awaited sleeps, as
// the Pokemon lesson's sequential mode makes at x0.1. The lesson's arithmetic is an ideal that
// asyncio's own event loop misses too, by how late its timers wake it.
const SLEEP_CHAIN = "import asyncio, time\nasync def main():\n    start = time.perf_counter()\n    for _ in range(200):\n        await asyncio.sleep(0.01)\n    print((time.perf_counter() - start) * 1000)\nasyncio.run(main())\n";
const chainNative = median([runNative(SLEEP_CHAIN), runNative(SLEEP_CHAIN), runNative(SLEEP_CHAIN)]);
if (Number.isFinite(chainNative)) references.push(
  `CPython's own event loop (a reference, not a target): 200 awaited sleeps of 10 ms, one after another, took ${chainNative.toFixed(0)} ms in python3 against the arithmetic's 2000 (x${(chainNative / 2000).toFixed(3)}, median of 3); Pokemon's sequential mode at x0.1 makes such a chain, and the matrix holds it to 2%`,
);
const CPU_LOOP = "import time\nstart = time.perf_counter()\ntotal = 0\nfor i in range(2_000_000):\n    total += i * i % 7\nprint((time.perf_counter() - start) * 1000)\n";
const cpuPage = median([await runInPage(CPU_LOOP), await runInPage(CPU_LOOP), await runInPage(CPU_LOOP)]);
const cpuNative = median([runNative(CPU_LOOP), runNative(CPU_LOOP), runNative(CPU_LOOP)]);
references.push(
  `python CPU (a reference, not a target): a 2,000,000-step loop took ${cpuPage.toFixed(0)} ms in the code tab and ${cpuNative.toFixed(0)} ms in python3, ${(cpuPage / cpuNative).toFixed(2)}x (medians of 3)`,
);

await playground.close();

// Lighthouse: its four categories for the home page and a scenario page, in a browser of its
// own (tests/bench/lighthouse.mjs), once the benchmarks above have closed theirs.
const lighthouseTarget = "100 in all four categories on both pages";
try {
  const lighthouse = await lighthouseScores({ dist });
  record(
    "lighthouse",
    `Lighthouse ${lighthouse.version}, its default mobile emulation (a mid-range phone on slow 4G, simulated), ${PAGES.join(" and ")}; median of ${lighthouse.runs} runs per page`,
    lighthouseTarget,
    lighthouse.pages.map(({ path, scores }) => `${path}: ${describeScores(scores)}`).join("; "),
    lighthouse.pages.every(({ scores }) => CATEGORIES.every((id) => scores[id] === 100)),
    lighthouse.pages
      .map(({ path, lcpMs, tbtMs, benchmarkIndex, lostPoints }) =>
        `${path}: largest contentful paint ${lcpMs.map((ms) => ms.toFixed(0)).join(", ")} ms, total blocking time ` +
        `${tbtMs.map((ms) => ms.toFixed(0)).join(", ")} ms (Lighthouse's benchmark index of the machine ${benchmarkIndex})` +
        (lostPoints.length ? `; points lost in some run: ${lostPoints.join("; ")}` : ""))
      .join(". "),
  );
} catch (error) {
  record("lighthouse", `Lighthouse, ${PAGES.join(" and ")}`, lighthouseTarget, `could not run: ${error.message}`, false);
}

const date = new Date().toISOString().slice(0, 10);
const table = [
  "| benchmark | how | target | measured | met |",
  "|---|---|---|---|---|",
  ...rows.map((r) => `| ${r.name} | ${r.how} | ${r.target} | ${r.figure} | ${r.met ? "yes" : "**no**"} |`),
].join("\n");
const details = [...rows.filter((r) => r.detail).map((r) => `${r.name}: ${r.detail}`), ...references]
  .map((line) => `- ${line}`)
  .join("\n");
const markdown = `# Benchmarks

Written by \`cargo xtask bench\` on ${date}: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}),
headless Chromium ${browserVersion}, release build served on loopback. These are figures, not
tests; a missed target is said plainly here.

${table}

${details}

${matrixSection}`;
// The analysis written by hand below the figures survives a new run.
const NOTES_HEADING = "## Where the misses come from";
let notes = "";
try {
  const previous = readFileSync(output, "utf8");
  const at = previous.indexOf(NOTES_HEADING);
  if (at >= 0) notes = `\n${previous.slice(at)}`;
} catch {
  // No earlier file: nothing to keep.
}
writeFileSync(output, markdown + notes);
console.log(`\n${table}\n\nwritten to ${output}`);
