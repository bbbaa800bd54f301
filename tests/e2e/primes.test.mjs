// The primes lesson in a real browser: sync freezes the page, gather does not.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { FAR_FROM_FROZEN_MS, launchPlayground } from "./support/playground.mjs";

let playground;
before(async () => {
  playground = await launchPlayground();
});
after(async () => {
  await playground?.close();
});

test("sync freezes the page for most of its run; gather does not and prints the 1000 line first", async () => {
  await playground.open("?s=primes&mode=sync&autorun=1");
  const [sync] = await playground.results();
  assert.equal(sync.mode, "sync");
  assert.ok(sync.totalMs >= 355, `sync took ${sync.totalMs} ms`);
  assert.ok(sync.maxFrameGapMs >= 0.5 * sync.totalMs, `sync's longest frame gap was ${sync.maxFrameGapMs} ms of ${sync.totalMs} ms`);
  const syncResults = (await playground.outputLines()).filter((line) => line.startsWith("Highest"));
  assert.deepEqual(syncResults, [
    "Highest prime below 100000 is 99991",
    "Highest prime below 10000 is 9973",
    "Highest prime below 1000 is 997",
  ]);

  await playground.open("?s=primes&mode=gather&autorun=1");
  const [gather] = await playground.results();
  assert.equal(gather.mode, "gather");
  assert.ok(gather.maxFrameGapMs < FAR_FROM_FROZEN_MS, `gather's longest frame gap was ${gather.maxFrameGapMs} ms`);
  assert.ok(gather.totalMs < sync.totalMs, `gather ${gather.totalMs} ms vs sync ${sync.totalMs} ms`);
  const gatherResults = (await playground.outputLines()).filter((line) => line.startsWith("Highest"));
  assert.deepEqual(gatherResults, [
    "Highest prime below 1000 is 997",
    "Highest prime below 100000 is 99991",
    "Highest prime below 10000 is 9973",
  ]);
  assert.equal(await playground.page.locator("[data-testid=timeline] [data-lane]").count(), 4);
});
