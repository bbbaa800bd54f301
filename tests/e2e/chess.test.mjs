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

test("async at the defaults is at least 5x faster than sync, and shows every board from the start", async () => {
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
  const [sync, concurrent] = await playground.results();
  assert.equal(sync.predictedMs, 10000);
  assert.ok(sync.totalMs >= 10000, `sync took ${sync.totalMs} ms`);
  assert.ok(sync.totalMs / concurrent.totalMs >= 5, `sync ${sync.totalMs} ms vs async ${concurrent.totalMs} ms`);
  assert.equal(await boards.count(), 10);
  assert.equal(await boards.and(playground.page.locator('[data-finished="true"]')).count(), 10);
  assert.equal(await playground.page.locator('[data-testid=timeline] [data-lane="grandmaster"]').count(), 2);
});

test("boards fill in while a busy async exhibition runs", async () => {
  // Her moves leave no room between them (45 move pairs, 4.9 s): the boards are drawn when
  // the view goes stale, every two seconds at the most, so more than once in this run.
  await playground.open("?s=chess&mode=async&moves=45");
  await playground.run();
  await playground.waitUntilRunning();
  await playground.page.waitForFunction(
    () => {
      const movedBoards = document.querySelectorAll('article.run .mini-board:not([data-plies="0"])').length;
      return movedBoards > 0 && document.body.dataset.runState === "running";
    },
    null,
    { timeout: 10_000, polling: "raf" },
  );
  const [result] = await playground.results();
  assert.equal(result.status, "done");
  assert.equal(await playground.page.locator('article.run .mini-board[data-finished="true"]').count(), 10);
});

test("a run's card says how much longer than asked its holds took, which its total carries", async () => {
  // What the card says, with the figure read as written (a missing one is no 0).
  const overrunOf = async () => {
    await playground.waitForRunState("done");
    const card = playground.page.locator("[data-testid=run-result]").first();
    const written = await card.getAttribute("data-hold-overrun-ms");
    assert.match(written ?? "", /^\d+\.\d$/, `the card gives the holds' overrun as ${written}`);
    const [totalMs, goalMs] = await Promise.all(["data-total-ms", "data-goal-ms"].map(async (name) => Number(await card.getAttribute(name))));
    const line = card.locator("[data-testid=hold-overrun]");
    // Under a millisecond in all, the card keeps quiet about it.
    assert.equal(await line.count(), Number(written) >= 1 ? 1 : 0);
    if (Number(written) >= 1) assert.match(await line.textContent(), /^\d+(\.\d+)? ms$/);
    return { overrunMs: Number(written), totalMs, goalMs };
  };
  // One game after another: every move of hers is a hold on the run's only path, so whatever
  // her holds ran over is in the total, on top of the lesson's arithmetic (15 holds of 1 ms).
  // On a quiet machine nothing runs over: this checks what reaches the card, and the native
  // tests in core's `ctx` check the sum.
  await playground.open("?s=chess&mode=sync&n=3&moves=5&speed=0.1");
  await playground.run();
  const sync = await overrunOf();
  assert.ok(sync.totalMs >= sync.goalMs + sync.overrunMs - 3, `${sync.totalMs} ms against ${sync.goalMs} predicted, with holds ${sync.overrunMs} ms over`);
  // An awaited run holds nothing, so nothing of it can run over.
  await playground.open("?s=tasks&mode=gather&da=300&db=200&dc=100&n=2");
  await playground.run();
  assert.equal((await overrunOf()).overrunMs, 0);
});
