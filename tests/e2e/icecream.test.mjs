// The ice-cream server in a real browser: blocking against awaiting against threads.
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

async function served(index) {
  const card = playground.page.locator("[data-testid=run-result]").nth(index);
  return { served: Number(await card.getAttribute("data-served")), rps: Number(await card.getAttribute("data-rps")) };
}

test("async serves at least 10x the requests of blocking, in the same test", async () => {
  await playground.open("?s=icecream&work=200&clients=20&dur=2");
  await playground.compare();
  const [blocking, concurrent] = await playground.results();
  assert.equal(blocking.mode, "blocking");
  const blockingServed = await served(0);
  const asyncServed = await served(1);
  assert.ok(blockingServed.served >= 1, `blocking served ${blockingServed.served}`);
  assert.ok(asyncServed.served >= 10 * blockingServed.served, `async ${asyncServed.served} vs blocking ${blockingServed.served}`);
  assert.ok(blocking.maxFrameGapMs >= 1000, `blocking froze frames for ${blocking.maxFrameGapMs} ms`);
  assert.ok(concurrent.maxFrameGapMs < FAR_FROM_FROZEN_MS, `async's longest frame gap was ${concurrent.maxFrameGapMs} ms`);
});

test("to_thread keeps the page far from frozen while blocking does not", async () => {
  // Two threads on a two-core machine: the test checks the lesson, not the scheduler.
  await playground.open("?s=icecream&mode=to-thread&work=200&clients=20&dur=2&workers=2&autorun=1");
  const [toThread] = await playground.results();
  const { served: toThreadServed } = await served(0);
  assert.ok(toThread.maxFrameGapMs < FAR_FROM_FROZEN_MS, `to_thread's longest frame gap was ${toThread.maxFrameGapMs} ms`);
  // Each thread serves about one request per 200 ms: 20 in 2 s with two, 10 with one.
  assert.ok(toThreadServed >= 15, `to_thread served ${toThreadServed}`);
  assert.ok(await playground.page.locator("[data-testid=timeline] [data-kind=offthread]").count() > 0);

  await playground.open("?s=icecream&mode=blocking&work=200&clients=20&dur=2&autorun=1");
  const [blocking] = await playground.results();
  assert.ok(blocking.maxFrameGapMs >= 1000, `blocking's longest frame gap was ${blocking.maxFrameGapMs} ms`);
});
