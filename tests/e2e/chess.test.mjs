// The simultaneous exhibition in a real browser.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchPlayground } from "./support/playground.mjs";

let playground;
before(async () => {
  playground = await launchPlayground();
});
after(async () => {
  await playground?.close();
});

test("async at the defaults is at least 5x faster than sync, and boards fill in while it runs", async () => {
  await playground.open("?s=chess");
  await playground.compare();
  // Before its turn, while the sync run still goes on, the async run already shows its ten
  // boards, every one at the start.
  const boards = playground.page.locator("article.run").nth(1).locator(".mini-board");
  await playground.page.waitForFunction(
    () =>
      document.querySelectorAll("article.run")[1]?.querySelectorAll(".mini-board").length > 0 &&
      !document.querySelector("[data-testid=run-result][data-mode=sync]"),
    null,
    { timeout: 5_000, polling: "raf" },
  );
  assert.equal(await boards.count(), 10);
  assert.equal(await boards.and(playground.page.locator('[data-plies="0"]')).count(), 10);
  await playground.page.locator("[data-testid=run-result][data-mode=sync]").waitFor({ timeout: 30_000 });
  // While the async run goes on, its boards already show moves.
  await playground.page.waitForFunction(
    () => {
      const asyncRun = document.querySelectorAll("article.run")[1];
      const movedBoards = asyncRun?.querySelectorAll('.mini-board:not([data-plies="0"])').length ?? 0;
      return movedBoards > 0 && !document.querySelector("[data-testid=run-result][data-mode=async]");
    },
    null,
    { timeout: 10_000, polling: "raf" },
  );
  const [sync, concurrent] = await playground.results();
  assert.equal(sync.predictedMs, 10000);
  assert.ok(sync.totalMs >= 10000, `sync took ${sync.totalMs} ms`);
  assert.ok(sync.totalMs / concurrent.totalMs >= 5, `sync ${sync.totalMs} ms vs async ${concurrent.totalMs} ms`);
  assert.equal(await boards.count(), 10);
  assert.equal(await boards.and(playground.page.locator('[data-finished="true"]')).count(), 10);
  assert.equal(await playground.page.locator('[data-testid=timeline] [data-lane="grandmaster"]').count(), 2);
});
