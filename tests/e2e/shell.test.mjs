// The playground shell, as a person uses it: links, sliders, Run, Compare, Stop.
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

test("a share link restores scenario, mode, every parameter and speed", async () => {
  await playground.open("?s=tasks&mode=serial&da=700&db=650&dc=250&n=4&speed=0.5");
  assert.equal(await playground.selectedMode(), "serial");
  assert.equal(await playground.sliderValue("da"), 700);
  assert.equal(await playground.sliderValue("db"), 650);
  assert.equal(await playground.sliderValue("dc"), 250);
  assert.equal(await playground.sliderValue("n"), 4);
  assert.equal(await playground.sliderValue("limit"), 2000, "a missing key takes its default");
  assert.equal(await playground.speed(), 0.5);
  assert.equal(await playground.noticeText(), "");
});

test("moving a slider updates the address in place", async () => {
  await playground.open("?s=tasks&da=1500");
  const historyLength = await playground.page.evaluate(() => history.length);
  await playground.nudgeSlider("da", 2);
  assert.equal(await playground.sliderValue("da"), 1600);
  await playground.page.waitForFunction(() => new URL(location.href).searchParams.get("da") === "1600");
  assert.equal(playground.query().get("s"), "tasks");
  assert.equal(await playground.page.evaluate(() => history.length), historyLength, "no history entries added");
});

test("a link with autorun=1 runs on open and shows the result", async () => {
  await playground.open("?s=tasks&mode=gather&da=300&db=200&dc=100&n=2&autorun=1");
  const [result] = await playground.results();
  assert.equal(result.mode, "gather");
  assert.equal(result.predictedMs, 600);
  assert.ok(result.totalMs >= 595 && result.totalMs < 1200, `gather took ${result.totalMs} ms`);
  const lines = await playground.outputLines();
  assert.deepEqual(lines.slice(0, 3), ["Task A: iteration 1", "Task B: iteration 1", "Task C: iteration 1"]);
  assert.equal(await playground.page.locator("[data-testid=timeline] [data-lane]").count(), 4);
});

test("a hostile link shows a notice, sane values, no panic and nothing injected", async () => {
  const hostile =
    "?s=tasks&mode=%3Cscript%3Ealert(1)%3C/script%3E&da=-5&db=NaN&dc=99999999999&n=2.5&n=7" +
    "&speed=inf&autorun=%3Cb%3E&zz=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E";
  await playground.open(hostile);
  const notice = await playground.noticeText();
  assert.match(notice, /mode/);
  assert.match(notice, /not a number/);
  assert.match(notice, /given 2 times/);
  assert.equal(await playground.selectedMode(), "gather");
  assert.equal(await playground.sliderValue("da"), 0);
  assert.equal(await playground.sliderValue("db"), 1200);
  assert.equal(await playground.sliderValue("dc"), 10000);
  assert.equal(await playground.sliderValue("n"), 3);
  assert.equal(await playground.speed(), 1);
  assert.equal(await playground.hasPanic(), false);
  assert.equal(await playground.page.locator("img, b, [onerror]").count(), 0, "no element came from the link");
  assert.equal(await playground.page.evaluate(() => window.__pwned), undefined);
  assert.equal(await playground.runState(), "idle", "a malformed autorun does not run");
});

test("an unknown scenario shows the picker with a notice", async () => {
  await playground.open("?s=nonsense&da=5");
  assert.match(await playground.noticeText(), /Unknown scenario "nonsense"/);
  assert.ok((await playground.page.locator(".picker [data-scenario=tasks]").count()) === 1);
  assert.equal(await playground.page.locator("[data-testid=run]").count(), 0);
});

test("Stop ends an awaited run and nothing is recorded after it", async () => {
  await playground.open("?s=tasks&mode=gather");
  await playground.run();
  await playground.waitUntilRunning();
  await playground.page.waitForTimeout(400);
  await playground.stop();
  const [result] = await playground.results();
  assert.equal(result.status, "stopped");
  assert.ok(result.totalMs < 2000, `stopped after ${result.totalMs} ms`);
  const linesAtStop = await playground.outputLines();
  const timelineAtStop = await playground.timelineHtml();
  assert.match(timelineAtStop, /data-event="cancel"/);
  await playground.page.waitForTimeout(1700);
  assert.deepEqual(await playground.outputLines(), linesAtStop, "nothing printed after Stop");
  assert.equal(await playground.timelineHtml(), timelineAtStop, "nothing recorded after Stop");
});

test("Compare runs serial then gather and gather is at least twice as fast", async () => {
  await playground.open("?s=tasks&da=300&db=250&dc=200&n=2");
  await playground.compare();
  const [serial, gather] = await playground.results();
  assert.equal(serial.mode, "serial");
  assert.equal(gather.mode, "gather");
  assert.ok(serial.totalMs / gather.totalMs >= 2, `serial ${serial.totalMs} ms, gather ${gather.totalMs} ms`);
  assert.equal(await playground.page.locator("[data-testid=timeline]").count(), 2);
  assert.ok(Number(await playground.page.locator("[data-testid=speedup]").getAttribute("data-factor")) >= 2);
});

// From now on, notes every heading a pending run's card shows, in order, as the page writes
// them, in `window.pendingHeadings`.
async function notePendingHeadings() {
  await playground.page.evaluate(() => {
    window.pendingHeadings = [];
    const note = () => {
      for (const heading of document.querySelectorAll(".result.pending h3")) {
        if (!window.pendingHeadings.includes(heading.textContent)) window.pendingHeadings.push(heading.textContent);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

test("a run says it is getting ready until its clock starts, and the next one that it waits for it", async () => {
  await playground.open("?s=tasks&da=300&db=250&dc=200&n=2");
  await notePendingHeadings();
  await playground.compare();
  await playground.results();
  const headings = await playground.page.evaluate(() => window.pendingHeadings);
  const at = (text) => headings.indexOf(text);
  assert.ok(at("serial: Getting ready…") >= 0, `headings: ${headings.join(" | ")}`);
  assert.ok(at("serial: Getting ready…") < at("serial: Running…"), `headings: ${headings.join(" | ")}`);
  assert.equal(at("serial: Waiting for the run before it"), -1, "the first run waits for no other");
  assert.ok(at("gather: Waiting for the run before it") >= 0, `headings: ${headings.join(" | ")}`);
  assert.ok(at("gather: Getting ready…") > at("serial: Running…"), `headings: ${headings.join(" | ")}`);
});

test("Stop pressed while a run gets ready means it is not run, and it never shows as running", async () => {
  await playground.open("?s=tasks&mode=gather");
  await notePendingHeadings();
  await playground.run();
  // A page's first run waits for the page to settle before its clock starts.
  await playground.page.locator(".result.pending h3", { hasText: "Getting ready…" }).waitFor();
  await playground.stop();
  await playground.waitForRunState("done");
  await playground.page.locator(".result.pending h3", { hasText: "Not run: stopped" }).waitFor();
  const headings = await playground.page.evaluate(() => window.pendingHeadings);
  assert.equal(headings.indexOf("gather: Running…"), -1, `headings: ${headings.join(" | ")}`);
});

test("wait_for shows the timeout and the cancel mark", async () => {
  await playground.open("?s=tasks&mode=timeout&op=1000&limit=400&autorun=1");
  const [result] = await playground.results();
  assert.ok(result.totalMs >= 395 && result.totalMs < 900, `took ${result.totalMs} ms`);
  assert.ok((await playground.outputLines()).some((line) => line.startsWith("TimeoutError")));
  const operationLane = playground.page.locator('[data-testid=timeline] [data-lane="operation"]');
  assert.equal(await operationLane.locator("[data-event=cancel]").count(), 1);
  const mainLane = playground.page.locator('[data-testid=timeline] [data-lane="main"]');
  assert.equal(await mainLane.locator("[data-event=timeout]").count(), 1);
});

test("a long blocking run asks first, and a short one freezes the page for its length", async () => {
  await playground.open("?s=tasks&mode=blocking&autorun=1");
  await playground.page.locator("[data-testid=freeze-confirm]").waitFor();
  assert.match(await playground.page.locator("[data-testid=freeze-confirm]").textContent(), /11\.10 s/);
  assert.equal(await playground.runState(), "idle");
  await playground.page.locator("[data-testid=cancel-run]").click();

  await playground.open("?s=tasks&mode=blocking&da=300&db=200&dc=100&n=2&autorun=1");
  const [blocking] = await playground.results();
  assert.ok(blocking.maxFrameGapMs >= 900, `blocking froze frames for ${blocking.maxFrameGapMs} ms`);
  const lines = await playground.outputLines();
  assert.deepEqual(lines.slice(0, 2), ["Task A: iteration 1", "Task A: iteration 2"], "no interleaving");
  assert.equal(playground.errors.length, 0, `console errors: ${playground.errors.join("; ")}`);
});

test("Copy link gives the link that reopens this scenario", async () => {
  await playground.open("?s=tasks&mode=first&fast=700");
  await playground.page.locator("[data-testid=copy-link]").click();
  const message = playground.page.locator("[data-testid=run-message]");
  await message.waitFor();
  const text = await message.textContent();
  assert.match(text, /s=tasks&mode=first&/);
  assert.match(text, /fast=700/);
  assert.match(await playground.page.locator("[data-testid=formula]").textContent(), /max\(700, 5000\) ms = 5\.00 s/);
});

test("Benchmark repeats both modes and shows min, median and max per mode", async () => {
  await playground.open("?s=tasks&da=120&db=100&dc=80&n=2&reps=3");
  await playground.page.locator("[data-testid=benchmark]").click();
  await playground.waitForRunState("done");
  const rows = playground.page.locator("[data-testid=bench-chart] .bench-row");
  assert.equal(await rows.count(), 2);
  for (const [index, mode, predictedMs] of [[0, "serial", 600], [1, "gather", 240]]) {
    const row = rows.nth(index);
    assert.equal(await row.getAttribute("data-bench-mode"), mode);
    assert.equal(await row.getAttribute("data-n-runs"), "3");
    const [min, median, max] = await Promise.all(
      ["data-min-ms", "data-median-ms", "data-max-ms"].map(async (name) => Number(await row.getAttribute(name))),
    );
    assert.ok(min <= median && median <= max, `${mode}: ${min} ${median} ${max}`);
    assert.ok(median >= predictedMs - 1 && median < predictedMs * 1.5 + 50, `${mode} median ${median} ms`);
  }
  assert.match(await playground.page.locator(".bench-advice").textContent(), /median/);
});

test("a live timeline keeps room for every task from the start, so the page below it does not move", async () => {
  // On a laptop and on a phone, where past 24 lanes the group's label moves the names onto
  // lines of their own.
  const laptop = playground.page.viewportSize();
  try {
    for (const size of [laptop, { width: 390, height: 844 }]) {
      await playground.page.setViewportSize(size);
      // Thirty requests one after another, 150 ms each: a lane starts every 150 ms, and past
      // 24 lanes the requests fold into a group row. The counter ticks once a second, so every
      // wait leaves room to redraw, even for redraws made slow by a busy machine (the page
      // skips a redraw that would make a timer late).
      await playground.open("?s=pokemon&mode=sequential&n=30&lat=150&jit=0&tick=1000");
      await playground.run();
      await playground.waitUntilRunning();
      // At every frame of the live run (its timeline drawn on a canvas) until it ends: the
      // lanes drawn, the timeline's height, and where what follows it starts.
      const frames = await playground.page.evaluate(
        () =>
          new Promise((done) => {
            const seen = [];
            const sample = () => {
              const timeline = document.querySelector("[data-testid=timeline]");
              const below = timeline?.nextElementSibling;
              if (timeline?.querySelector("canvas.live-canvas") && below) {
                seen.push({
                  lanes: timeline.querySelectorAll("g.lane").length,
                  heightPx: Math.round(timeline.getBoundingClientRect().height),
                  belowPx: Math.round(below.getBoundingClientRect().top - timeline.getBoundingClientRect().top),
                });
              }
              if (document.body.dataset.runState !== "running") done(seen);
              else requestAnimationFrame(sample);
            };
            sample();
          }),
      );
      const at = `${size.width} px wide`;
      assert.ok(frames.length > 0, `${at}: no frame of the live run was seen`);
      const lanes = frames.map((frame) => frame.lanes);
      assert.ok(Math.min(...lanes) <= 4 && Math.max(...lanes) >= 16, `${at}: lanes drawn during the run: ${[...new Set(lanes)].join(", ")}`);
      const heights = [...new Set(frames.map((frame) => frame.heightPx))];
      const below = [...new Set(frames.map((frame) => frame.belowPx))];
      assert.equal(heights.length, 1, `${at}: the timeline's height while lanes started: ${heights.join(", ")} px`);
      assert.equal(below.length, 1, `${at}: where what follows the timeline starts, below its top: ${below.join(", ")} px`);
      // Once over, the run draws the rows it ended with (the requests folded into one), which
      // never need more room than the live run kept.
      await playground.waitForRunState("done");
      const finalPx = await playground.page.locator("[data-testid=timeline]").first().evaluate((el) => Math.round(el.getBoundingClientRect().height));
      assert.ok(finalPx <= heights[0], `${at}: the timeline was ${heights[0]} px high while live and ${finalPx} px once over`);
    }
  } finally {
    await playground.page.setViewportSize(laptop);
  }
});

test("an awaited run's timeline grows at the display's pace, while a busy one is still redrawn", async () => {
  // Counts the distinct positions of "now" the page draws until the run ends.
  const countRedraws = () =>
    playground.page.evaluate(
      () =>
        new Promise((done) => {
          const seen = new Set();
          const sample = () => {
            const curtain = document.querySelector("[data-testid=timeline] .curtain");
            if (curtain) seen.add(curtain.getAttribute("x"));
            // Any state but running ends the count, so a panic fails the test instead of hanging it.
            if (document.body.dataset.runState !== "running") done(seen.size);
            else requestAnimationFrame(sample);
          };
          sample();
        }),
    );
  // Mostly asleep (1.2 s): nearly every frame may redraw, so well over ten positions.
  await playground.open("?s=tasks&mode=gather&da=600&db=500&dc=400&n=2");
  await playground.run();
  await playground.waitUntilRunning();
  const idleRedraws = await countRedraws();
  assert.ok(idleRedraws >= 20, `an awaited run of 1.2 s was drawn at ${idleRedraws} places`);
  // The result counts the redraws the page measured, and what they cost the thread.
  const viewCost = async () => {
    await playground.waitForRunState("done");
    const card = playground.page.locator("[data-testid=run-result]").first();
    const [redraws, viewMs, heldUpMs, totalMs] = await Promise.all(
      ["data-view-redraws", "data-view-ms", "data-view-held-up-ms", "data-total-ms"].map(async (name) => Number(await card.getAttribute(name))),
    );
    assert.ok(heldUpMs >= 0 && heldUpMs <= viewMs, `redraws of ${viewMs} ms held the run up ${heldUpMs} ms`);
    assert.match(await card.locator("[data-testid=live-view-cost]").textContent(), new RegExp(`^${redraws} redraws?, \\d+ ms; held the run up \\d+ ms$`));
    return { redraws, viewMs, heldUpMs, totalMs };
  };
  const idle = await viewCost();
  assert.ok(idle.redraws >= idleRedraws - 2, `the page counted ${idle.redraws} redraws, the test saw ${idleRedraws} places`);
  assert.ok(idle.viewMs > 0 && idle.viewMs < idle.totalMs, `${idle.viewMs} ms of redraws in ${idle.totalMs}`);
  // Mostly asleep, the run leaves most frames room for a redraw, which then holds up nothing.
  assert.ok(idle.heldUpMs < idle.viewMs / 2, `redraws of ${idle.viewMs} ms held an awaited run up ${idle.heldUpMs} ms`);
  // The chess exhibition keeps the thread busy (45 move pairs, 4.9 s): redraws wait, but a
  // stale view is drawn, at least every two seconds.
  await playground.open("?s=chess&mode=async&moves=45");
  await playground.run();
  await playground.waitUntilRunning();
  const busyRedraws = await countRedraws();
  assert.ok(busyRedraws >= 2, `a busy run of 4.9 s was drawn at ${busyRedraws} places`);
  // Forced on a busy thread, the redraws keep to a small share of it (the policy's is 1.5%, or
  // a redraw every two seconds for a view that costs more than 30 ms).
  const busy = await viewCost();
  assert.ok(busy.redraws >= 2, `the page counted ${busy.redraws} redraws`);
  assert.ok(busy.viewMs > 0 && busy.viewMs < 0.25 * busy.totalMs, `${busy.viewMs} ms of redraws in ${busy.totalMs}`);
});
