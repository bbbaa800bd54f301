// Reliability: hostile links, stop and re-run, no stray timers, long sessions.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { FAR_FROM_FROZEN_MS, launchPlayground } from "./support/playground.mjs";

// Counts the timers the page has pending: setTimeout wrapped before any page script runs.
function countTimers() {
  const pending = new Set();
  const { setTimeout: set, clearTimeout: clear } = window;
  window.setTimeout = (callback, delay, ...rest) => {
    const id = set((...args) => {
      pending.delete(id);
      if (typeof callback === "function") callback(...args);
    }, delay, ...rest);
    pending.add(id);
    return id;
  };
  window.clearTimeout = (id) => {
    pending.delete(id);
    clear(id);
  };
  window.__pendingTimers = () => pending.size;
}

let playground;
before(async () => {
  playground = await launchPlayground({ initScript: countTimers });
});
after(async () => {
  await playground?.close();
});

/// A small seeded generator, so the hostile links are the same on every run.
function rng(seed) {
  let state = seed >>> 0;
  return (n) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state % n;
  };
}

const HOSTILE_VALUES = [
  "-1", "NaN", "Infinity", "-inf", "1e999", "2.5", "99999999999999999999", "0x10", "", "%", "%ZZ", "%00",
  "<script>window.__pwned=1</script>", "<img src=x onerror=window.__pwned=1>", "\"><b>x</b>",
  "javascript:alert(1)", "\u202e\u0000", "💥".repeat(50), "a".repeat(3000),
];
const KEYS_OF = {
  primes: ["a", "b", "c", "sleep", "test"],
  chess: ["n", "gm", "opp", "moves", "seed"],
  pokemon: ["n", "lat", "jit", "seed", "api", "tmo", "tick"],
  tasks: ["da", "db", "dc", "n", "bg", "fast", "slow", "op", "limit"],
  icecream: ["work", "clients", "dur", "workers", "wa", "wb"],
};
const SCENARIOS = Object.keys(KEYS_OF);
const KEYS = ["s", "mode", "speed", "autorun", "reps", "zz", ...new Set(Object.values(KEYS_OF).flat())];

function hostileLink(next) {
  const scenario = SCENARIOS[next(SCENARIOS.length)];
  const pairs = [`s=${scenario}`];
  // At least one value of this scenario is bad, so every link has something to fix. "0x10"
  // and "" are left out here: 16 and the default can be fine for some parameters.
  const ownKeys = [...KEYS_OF[scenario], "mode", "speed"];
  const surelyBad = HOSTILE_VALUES.filter((value) => !["0x10", "", "2.5"].includes(value));
  pairs.push(`${ownKeys[next(ownKeys.length)]}=${encodeURIComponent(surelyBad[next(surelyBad.length)])}`);
  for (let i = next(8); i > 0; i--) {
    const value = HOSTILE_VALUES[next(HOSTILE_VALUES.length)];
    pairs.push(`${KEYS[next(KEYS.length)]}=${next(2) ? encodeURIComponent(value) : value}`);
  }
  return `?${pairs.join("&")}`;
}

test("50 hostile links each render the page, explain the fix and inject nothing", async () => {
  const next = rng(20261121);
  for (let i = 0; i < 50; i++) {
    const link = hostileLink(next);
    await playground.page.goto(`${playground.server.url}/${link}`);
    await playground.waitUntilDrawn();
    const where = `link ${i}: ${link.slice(0, 200)}`;
    assert.ok(await playground.page.locator("main.page").count(), `${where}: no page`);
    assert.ok(await playground.page.locator("[data-testid=notice]").count(), `${where}: no notice`);
    assert.equal(await playground.hasPanic(), false, `${where}: panic`);
    assert.equal(await playground.page.locator("img, b, iframe, script:not([type=module], #embed-check)").count(), 0, `${where}: injected`);
    assert.equal(await playground.page.evaluate(() => window.__pwned), undefined, `${where}: script ran`);
    // A notice is text: the link's markup stays escaped.
    assert.equal(await playground.page.locator("[data-testid=notice] *:not(p, ul, li, button)").count(), 0, where);
    // A long freeze may be asked about, but nothing runs without asking.
    assert.notEqual(await playground.runState(), "error", where);
  }
  assert.equal(playground.errors.length, 0, `console errors: ${playground.errors.join("; ")}`);
});

test("100 quick run/stop cycles leave no stray timers", async () => {
  await playground.open("?s=tasks&mode=gather");
  await playground.page.waitForTimeout(300);
  const before = await playground.page.evaluate(() => window.__pendingTimers());
  const stopped = await playground.page.evaluate(async () => {
    const waitFor = (check) =>
      new Promise((done) => {
        const poll = () => (check() ? done() : requestAnimationFrame(poll));
        poll();
      });
    let stopped = 0;
    for (let i = 0; i < 100; i++) {
      const session = Number(document.querySelector("section.results")?.dataset.session ?? 0) + 1;
      document.querySelector("[data-testid=run]").click();
      // Stop once the run has really started: its tasks are sleeping on timers.
      await waitFor(() => document.querySelector(`section.results[data-session="${session}"] [data-lane="A"]`));
      document.querySelector("[data-testid=stop]").click();
      await waitFor(() => document.body.dataset.runState === "done");
      if (document.querySelector("[data-testid=run-result][data-status=stopped]")) stopped += 1;
    }
    return stopped;
  });
  assert.equal(stopped, 100, "every run was stopped mid-way");
  await playground.page.waitForTimeout(300);
  const after = await playground.page.evaluate(() => window.__pendingTimers());
  assert.ok(after <= before, `timers pending: ${before} before, ${after} after 100 cycles`);
});

test("moving a slider during a run changes the next run, not this one", async () => {
  await playground.open("?s=tasks&mode=gather&da=600&db=500&dc=400&n=1");
  await playground.run();
  await playground.waitUntilRunning();
  const run = playground.page.locator("[data-testid=run]");
  assert.equal(await run.getAttribute("aria-disabled"), "true", "Run says it is unavailable while a run goes on");
  // It keeps the focus (a disabled button would lose it, in a blur on the run's clock), and a
  // click on it now starts nothing and says nothing.
  assert.ok(await run.evaluate((button) => document.activeElement === button), "Run keeps the focus");
  const session = await playground.page.locator("section.results").getAttribute("data-session");
  await run.evaluate((button) => button.click());
  await playground.page.waitForTimeout(100);
  assert.equal(await playground.page.locator("section.results").getAttribute("data-session"), session, "no new run");
  assert.equal(await playground.page.locator("[data-testid=run-message]").count(), 0, "no message");
  await playground.nudgeSlider("da", 4);
  const [result] = await playground.results();
  assert.equal(result.predictedMs, 600);
  assert.ok(result.totalMs >= 595 && result.totalMs < 1000, `the run took ${result.totalMs} ms`);
  assert.equal(await playground.sliderValue("da"), 800);
  await playground.run();
  const [next] = await playground.results();
  assert.equal(next.predictedMs, 800);
});

test("200 runs in a row keep memory flat and the page smooth", async () => {
  await playground.open("?s=tasks&mode=gather&da=10&db=10&dc=10&n=1");
  const runMany = (n) =>
    playground.page.evaluate(async (count) => {
      const waitFor = (check) =>
        new Promise((done) => {
          const poll = () => (check() ? done() : requestAnimationFrame(poll));
          poll();
        });
      for (let i = 0; i < count; i++) {
        document.querySelector("[data-testid=run]").click();
        await waitFor(() => document.body.dataset.runState === "running");
        await waitFor(() => document.body.dataset.runState === "done");
      }
    }, n);
  const memory = () =>
    playground.page.evaluate(async () => {
      window.gc?.();
      await new Promise((done) => setTimeout(done, 50));
      return performance.memory.usedJSHeapSize + window.wasmBindings.wasm_memory_bytes();
    });
  await runMany(20);
  const warm = await memory();
  await runMany(180);
  const grown = (await memory()) - warm;
  assert.ok(grown < 5 * 1024 * 1024, `memory grew by ${(grown / 1024 / 1024).toFixed(2)} MB over 180 runs`);
  await playground.page.locator("[data-testid=run]").click();
  const [last] = await playground.results();
  assert.ok(last.maxFrameGapMs < FAR_FROM_FROZEN_MS, `the 201st run's longest frame gap was ${last.maxFrameGapMs} ms`);
});
