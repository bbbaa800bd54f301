// The harness's own promise: a test whose page's renderer crashed runs once more in a new page,
// and nothing else is forgiven (a second crash, a failed assertion, even one that would pass
// a second time).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { HEAP_PROFILER_FEATURE, launchPlayground } from "./support/playground.mjs";

test("a renderer crash reruns the test once; a second crash or a failed assertion still fails", () => {
  const fixture = new URL("./support/crash-retry.fixture.mjs", import.meta.url).pathname;
  // Without NODE_TEST_CONTEXT, which would make the inner run report to this one, not in TAP.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const run = spawnSync(process.execPath, ["--test", "--test-reporter=tap", fixture], {
    encoding: "utf8",
    env,
    timeout: 120_000,
  });
  const said = `${run.stdout}\n${run.stderr}`;
  const verdict = (name) => said.match(new RegExp(`^\\s*(ok|not ok) \\d+ - ${name}$`, "m"))?.[1];
  assert.equal(verdict("crashes once"), "ok", said);
  assert.equal(verdict("the crashed page was replaced once, and its errors start afresh"), "ok", said);
  assert.equal(verdict("crashes twice"), "not ok", said);
  assert.equal(verdict("a page left crashed is replaced before the next test"), "ok", said);
  assert.equal(verdict("fails an assertion"), "not ok", said);
  assert.equal(verdict("fails an assertion once, without a crash"), "not ok", said);
  assert.match(said, /renderer crashed during "crashes once"/);
  assert.notEqual(run.status, 0, "the fixture's run fails");
});

test("the test browser turns Chromium's heap profiler off, and keeps every feature Playwright turns off", async () => {
  const playground = await launchPlayground();
  try {
    await playground.page.goto("chrome://version");
    const commandLine = await playground.page.locator("#command_line").textContent();
    const lists = [...commandLine.matchAll(/--disable-features=(\S*)/g)].map((match) => match[1].split(","));
    assert.ok(lists.length >= 2, `Playwright's list and ours: ${commandLine}`);
    // Chromium reads only the last one.
    const used = new Set(lists.at(-1));
    assert.ok(used.has(HEAP_PROFILER_FEATURE), commandLine);
    for (const feature of lists.slice(0, -1).flat()) assert.ok(used.has(feature), `${feature} is no longer turned off`);
  } finally {
    await playground.close();
  }
});
