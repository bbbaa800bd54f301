// The harness's own promise: a test whose page's renderer crashed runs once more in a new page,
// and nothing else is forgiven (a second crash, a failed assertion, even one that would pass
// a second time).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

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
