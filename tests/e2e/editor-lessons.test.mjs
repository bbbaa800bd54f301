// "Open in editor" from the lessons whose listings need what the page lacks: Pokemon's program
// opens with the offline stand-ins of aiohttp and requests, the ice-cream server's as a load
// generator around its handler, and each runs in the code tab to its end.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launchPlayground, test } from "./support/playground.mjs";

const NATIONAL_LIST = new Set(
  readFileSync(new URL("../../www/pokemon-names.txt", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line && !line.startsWith("#")),
);

let playground;
before(async () => {
  playground = await launchPlayground();
});
after(async () => {
  await playground?.close();
});

// Opens a lesson, presses "Open in editor", runs the program in the code tab and returns
// its result and output lines.
async function openInEditorAndRun(link) {
  await playground.page.goto("about:blank");
  await playground.open(link);
  await playground.page.locator("[data-testid=open-in-editor]").click();
  await playground.page.locator("[data-testid=python-status][data-state=ready]").waitFor({ timeout: 60_000 });
  assert.equal(playground.query().get("s"), "code");
  // The adapted program says first what differs from the listing.
  await playground.page.waitForFunction(() =>
    document.querySelector("[data-testid=editor] .cm-line")?.textContent.startsWith("# The lesson's"),
  );
  await playground.startRun(() => playground.page.locator("[data-testid=run]").click(), { timeoutMs: 60_000 });
  const [result] = await playground.results({ timeoutMs: 60_000 });
  const lines = await playground.outputLines();
  const error = playground.page.locator("[data-testid=python-error]");
  // What the run printed, and its error if it had one: the assertions' messages.
  const said = [...lines, (await error.count()) ? await error.textContent() : ""].join("\n");
  return { result, lines, said };
}

test("Pokemon opens with the offline aiohttp and requests, and prints names from the national list", async () => {
  // Awaited with aiohttp: five names, gathered, while the counter ticks.
  const gathered = await openInEditorAndRun("?s=pokemon&mode=gather&n=5");
  assert.equal(gathered.result.status, "done", gathered.said);
  const list = gathered.lines.filter((line) => line.startsWith("["));
  assert.equal(list.length, 1, gathered.said);
  const names = list[0].slice(1, -1).split(", ").map((name) => name.replace(/^['"]|['"]$/g, ""));
  assert.equal(names.length, 5, list[0]);
  for (const name of names) assert.ok(NATIONAL_LIST.has(name), `${name} is in the national list`);

  // Blocking with requests: three names one after another, and the counter never ticks.
  const blocking = await openInEditorAndRun("?s=pokemon&mode=blocking&n=3");
  assert.equal(blocking.result.status, "done", blocking.said);
  assert.equal(blocking.lines.length, 3, blocking.said);
  for (const name of blocking.lines) assert.ok(NATIONAL_LIST.has(name), `${name} is in the national list`);
  assert.ok(blocking.result.maxFrameGapMs >= 40, `requests held the page: ${blocking.result.maxFrameGapMs} ms`);
  assert.equal(await playground.page.locator("[data-testid=python-error]").count(), 0);
  assert.deepEqual(playground.errors, []);
});

test("Pokemon's to_thread program gets its names from requests in a worker's Python", async () => {
  const threaded = await openInEditorAndRun("?s=pokemon&mode=to-thread&n=3");
  assert.equal(threaded.result.status, "done", threaded.said);
  const names = threaded.lines.filter((line) => !line.startsWith("counter: "));
  assert.equal(names.length, 3, threaded.said);
  for (const name of names) assert.ok(NATIONAL_LIST.has(name), `${name} is in the national list`);
  assert.ok(threaded.lines.length > 3, `the counter ticked while the threads waited: ${threaded.said}`);
  assert.deepEqual(playground.errors, []);
});

test("the ice-cream server opens as a load generator and reports its requests per second", async () => {
  // Five clients awaiting a 100 ms model for 1 s: about 50 requests per second.
  const { result, lines, said } = await openInEditorAndRun("?s=icecream&mode=async&clients=5&work=100&dur=1");
  assert.equal(result.status, "done", said);
  const servedLine = /^The load stopped after 1\.0 s: (\d+) requests served$/;
  const served = lines.map((line) => line.match(servedLine)).find(Boolean);
  assert.ok(served, said);
  assert.ok(Number(served[1]) >= 20 && Number(served[1]) <= 50, `${served[1]} requests served`);
  const rps = (lines.at(-1) ?? "").match(/^([\d.]+) requests per second$/);
  assert.ok(rps, said);
  assert.ok(Number(rps[1]) > 30 && Number(rps[1]) < 60, `${rps[1]} requests per second, predicted 50`);
  assert.ok(result.totalMs >= 990 && result.totalMs < 5000, `took ${result.totalMs} ms`);
  assert.equal(await playground.page.locator("[data-testid=timeline] [data-lane='client 1']").count(), 1);
  assert.equal(await playground.page.locator("[data-testid=python-error]").count(), 0);
  assert.deepEqual(playground.errors, []);
});
