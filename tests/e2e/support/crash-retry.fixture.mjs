// Run by harness.test.mjs as a test file of its own: tests whose page crashes once, twice, or
// that fail an assertion, under support/playground.mjs's `test`.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { launchPlayground, test } from "./playground.mjs";

let playground;
let renewals = 0;
const attempts = { once: 0, twice: 0, failsOnce: 0 };
before(async () => {
  playground = await launchPlayground();
  playground.onNewPage = async () => {
    renewals += 1;
    await playground.open();
  };
  await playground.open();
});
after(async () => {
  await playground?.close();
});

// Crashes the page's renderer the way a browser fault does.
async function crashRenderer() {
  await playground.page.goto("chrome://crash").catch(() => {});
  await playground.page.locator("main").waitFor({ timeout: 5_000 });
}

test("crashes once", async () => {
  attempts.once += 1;
  if (attempts.once === 1) await crashRenderer();
  assert.equal(await playground.page.locator("main[data-drawn=whole]").count(), 1);
});

test("the crashed page was replaced once, and its errors start afresh", () => {
  assert.equal(attempts.once, 2);
  assert.equal(renewals, 1);
  assert.deepEqual(playground.errors, []);
});

test("crashes twice", async () => {
  attempts.twice += 1;
  await crashRenderer();
});

test("a page left crashed is replaced before the next test", async () => {
  // "crashes twice" crashed its first page and its second.
  assert.equal(renewals, 3);
  assert.equal(await playground.page.locator("main[data-drawn=whole]").count(), 1);
});

test("fails an assertion", () => {
  assert.equal(1 + 1, 3);
});

test("fails an assertion once, without a crash", () => {
  attempts.failsOnce += 1;
  assert.ok(attempts.failsOnce > 1, "the first attempt fails");
});
