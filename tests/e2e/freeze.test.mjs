// The core claim: a busy-wait freezes the page, an awaited timer does not.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { FAR_FROM_FROZEN_MS, launchPlayground } from "./support/playground.mjs";
import { readPng, regionOf } from "./support/png.mjs";

let playground;
before(async () => {
  playground = await launchPlayground();
});
after(async () => {
  await playground?.close();
});

// The spinner's picture once it has been drawn (a PNG data URL of its canvas).
async function drawnSpinner(page) {
  const spinner = page.locator("[data-testid=spinner]");
  await spinner.waitFor();
  const blank = await spinner.evaluate((canvas) =>
    Object.assign(document.createElement("canvas"), { width: canvas.width, height: canvas.height }).toDataURL(),
  );
  for (let attempt = 0; attempt < 50; attempt++) {
    const picture = await spinner.evaluate((canvas) => canvas.toDataURL());
    if (picture !== blank) return picture;
    await page.waitForTimeout(100);
  }
  assert.fail("the spinner is never drawn");
}

test("the spinner turns while the page is idle, drawn by a worker", async () => {
  await playground.open();
  const first = await drawnSpinner(playground.page);
  await playground.page.waitForTimeout(200);
  const second = await playground.spinnerPicture();
  assert.notEqual(first, second, "the spinner moved between two readings");
  // A worker draws it: the page handed the canvas over, so the page has no context of its own.
  const handedOver = await playground.page.locator("[data-testid=spinner]").evaluate((canvas) => {
    try {
      canvas.getContext("2d");
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(handedOver, "the spinner's canvas was handed to a worker");
});

// Opens the page with `prepare(page)` done first, and checks that the spinner turns, drawn by
// the page itself; then `check(page)`, if given.
async function assertDrawnByThePage(prepare, check) {
  const context = await playground.browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      // Counts the page's own requests for the spinner's 2D context.
      const getContext = HTMLCanvasElement.prototype.getContext;
      window.__spinnerContexts = 0;
      HTMLCanvasElement.prototype.getContext = function (...args) {
        if (this.dataset.testid === "spinner" && args[0] === "2d") window.__spinnerContexts += 1;
        return getContext.apply(this, args);
      };
    });
    await prepare(page);
    await page.goto(`${playground.server.url}/`);
    const first = await drawnSpinner(page);
    await page.waitForTimeout(200);
    const second = await page.locator("[data-testid=spinner]").evaluate((canvas) => canvas.toDataURL());
    assert.notEqual(first, second, "the spinner moved between two readings");
    assert.ok((await page.evaluate(() => window.__spinnerContexts)) >= 1, "the page drew on the canvas itself");
    await check?.(page);
  } finally {
    await context.close();
  }
}

test("a browser that cannot hand a canvas to a worker still gets a turning spinner, drawn by the page", async () => {
  await assertDrawnByThePage((page) =>
    page.addInitScript(() => {
      delete HTMLCanvasElement.prototype.transferControlToOffscreen;
    }),
  );
});

test("a spinner's worker that never says it runs leaves the ring to the page within a second", async () => {
  await assertDrawnByThePage((page) =>
    page.addInitScript(() => {
      // Workers whose messages never reach the page.
      const NativeWorker = window.Worker;
      window.Worker = class extends NativeWorker {
        set onmessage(_handler) {}
        get onmessage() {
          return null;
        }
      };
    }),
  );
});

test("a page whose content policy refuses the spinner's worker still gets a turning spinner, drawn by the page", async () => {
  await assertDrawnByThePage(
    async (page) => {
      // Records that a worker was made and then reported its refusal: the path where making it
      // succeeds and the error comes after.
      await page.addInitScript(() => {
        const NativeWorker = window.Worker;
        window.__workers = { made: 0, failed: 0 };
        window.Worker = class extends NativeWorker {
          constructor(...args) {
            super(...args);
            window.__workers.made += 1;
            this.addEventListener("error", () => (window.__workers.failed += 1));
          }
        };
      });
      await page.route("**/*", async (route) => {
        if (route.request().resourceType() !== "document") return route.continue();
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), "content-security-policy": "worker-src 'self'" },
        });
      });
    },
    async (page) => {
      const workers = await page.evaluate(() => window.__workers);
      assert.ok(workers.made >= 1 && workers.failed >= 1, `a worker was made, then refused: ${JSON.stringify(workers)}`);
    },
  );
});

test("where the spinner is, the screen stands still while the page is held, though the compositor draws on", async () => {
  await playground.open();
  await playground.setProbeDuration(1500);
  // A CSS animation runs on the compositor, through the block: the screen keeps changing, so
  // the recording has pictures of the block to look at.
  const controlPx = 40;
  await playground.page.addStyleTag({
    content: `@keyframes control-turn { to { transform: rotate(360deg); } }
      #control { position: fixed; left: 0; bottom: 0; width: ${controlPx}px; height: ${controlPx}px;
        background: linear-gradient(90deg, red, blue); animation: control-turn 0.5s linear infinite; }`,
  });
  await playground.page.evaluate(() => document.body.append(Object.assign(document.createElement("div"), { id: "control" })));
  const box = await playground.page.locator("[data-testid=spinner]").boundingBox();
  const spinnerRect = { x: Math.ceil(box.x), y: Math.ceil(box.y), width: Math.floor(box.width) - 1, height: Math.floor(box.height) - 1 };
  const viewport = playground.page.viewportSize();
  const controlRect = { x: 0, y: viewport.height - controlPx, width: controlPx, height: controlPx };
  const stop = await playground.recordScreen();
  let frames;
  let pressedAtMs;
  let result;
  try {
    await playground.page.waitForTimeout(500);
    // The block starts in a task of the page's, so this call returns before it ends. That
    // task notes when it pressed: on a busy machine it may run well after this call returns.
    await playground.page.evaluate(() => {
      setTimeout(() => {
        window.blockPressedAtMs = Date.now();
        document.querySelector("[data-testid=probe-block]").click();
      }, 0);
    });
    result = await playground.probeResult();
    pressedAtMs = await playground.page.evaluate(() => window.blockPressedAtMs);
    await playground.page.waitForTimeout(300);
  } finally {
    frames = await stop();
  }
  assert.equal(result.mode, "block");
  const regions = (from, to, rect) =>
    new Set(frames.filter((frame) => frame.atMs > from && frame.atMs < to).map((frame) => regionOf(readPng(frame.picture), rect)));
  assert.ok(regions(0, pressedAtMs, spinnerRect).size >= 3, "the spinner turned before the block");
  // Well inside the block: from 200 ms after the press to 200 ms before its end.
  const [heldFrom, heldTo] = [pressedAtMs + 200, pressedAtMs + 1300];
  assert.ok(regions(heldFrom, heldTo, controlRect).size >= 3, "the compositor drew the CSS animation during the block");
  assert.equal(regions(heldFrom, heldTo, spinnerRect).size, 1, "the spinner stood still during the block");
  assert.ok(regions(pressedAtMs + 1700, Infinity, spinnerRect).size >= 2, "the spinner turned again after the block");
});

test("a 1000 ms busy-wait stalls animation frames for about a second", async () => {
  await playground.open();
  await playground.setProbeDuration(1000);
  await playground.startFrameProbe();
  await playground.pressProbeBlock();
  const result = await playground.probeResult();
  const probedGapMs = await playground.probedMaxFrameGapMs();
  assert.equal(result.mode, "block");
  assert.ok(result.totalMs >= 1000, `blocked for ${result.totalMs} ms`);
  assert.ok(result.maxFrameGapMs >= 900, `page meter saw a ${result.maxFrameGapMs} ms gap`);
  assert.ok(probedGapMs >= 900, `test probe saw a ${probedGapMs} ms gap`);
  assert.ok(result.droppedFrames >= 40, `${result.droppedFrames} frames dropped`);
});

test("a 1000 ms awaited sleep keeps animation frames flowing", async () => {
  await playground.open();
  await playground.setProbeDuration(1000);
  await playground.startFrameProbe();
  await playground.pressProbeAwait();
  const result = await playground.probeResult();
  const probedGapMs = await playground.probedMaxFrameGapMs();
  assert.equal(result.mode, "await");
  assert.ok(result.totalMs >= 1000 && result.totalMs < 2000, `slept for ${result.totalMs} ms`);
  assert.ok(result.maxFrameGapMs < FAR_FROM_FROZEN_MS, `page meter saw a ${result.maxFrameGapMs} ms gap`);
  assert.ok(probedGapMs < FAR_FROM_FROZEN_MS, `test probe saw a ${probedGapMs} ms gap`);
});

test("a duration that is not a number gets a message and no run", async () => {
  await playground.open();
  await playground.setProbeDuration("");
  await playground.page.locator("input[name=probe_ms]").pressSequentially("abc");
  const message = playground.page.locator("[data-testid=input-error]");
  await message.waitFor();
  assert.match(await message.textContent(), /milliseconds/);
  assert.ok(await playground.page.locator("[data-testid=probe-block]").isDisabled());
  assert.equal(playground.errors.length, 0, `console errors: ${playground.errors.join("; ")}`);
});

// A meter reading in ms ("17 ms", "2.78 s").
function readingMs(text) {
  const value = parseFloat(text);
  return text.trim().endsWith(" s") ? value * 1000 : value;
}

test("the meter counts from the person's last action: a click after a freeze starts it afresh", async () => {
  await playground.open();
  await playground.setProbeDuration(400);
  await playground.pressProbeBlock();
  await playground.probeResult();
  const longest = playground.page.locator("[data-testid=run-max-gap]");
  await playground.page.waitForFunction(() => parseFloat(document.querySelector("[data-testid=run-max-gap]").textContent) >= 300);
  await playground.page.locator("[data-testid=click-counter]").click();
  await playground.page.waitForTimeout(600);
  const after = readingMs(await longest.textContent());
  assert.ok(after < 300, `after a click the longest gap reads ${after} ms, not the old freeze`);
  assert.match(await playground.page.locator(".meter-readings").textContent(), /Longest since you acted/);
});

// The freezes of a run of `query` that the test's own frames saw, each with the meter's gap
// "now" as written at or after it.
async function freezesShown(query) {
  await playground.open(query);
  await playground.page.evaluate(() => {
    window.gapReadings = [];
    window.frameTimes = [];
    const tick = (frameMs) => {
      window.frameTimes.push(frameMs);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const node = document.querySelector("[data-testid=live-gap]");
    // The readings are written in a frame's callbacks: the frame's time is the timeline's.
    new MutationObserver(() => window.gapReadings.push({ frameMs: document.timeline.currentTime, text: node.textContent }))
      .observe(node, { subtree: true, childList: true, characterData: true });
  });
  await playground.startRun(() => playground.run());
  const [result] = await playground.results();
  const { readings, frameTimes, clockMs } = await playground.page.evaluate(() => ({
    readings: window.gapReadings,
    frameTimes: window.frameTimes,
    clockMs: performance.getEntriesByName("run clock starts").at(-1).startTime,
  }));
  // The freezes after the clock started; a gap counts from the clock's start at the earliest,
  // as the meter's window does.
  const freezes = [];
  for (let i = 1; i < frameTimes.length; i += 1) {
    const gapMs = frameTimes[i] - Math.max(frameTimes[i - 1], clockMs);
    if (frameTimes[i] > clockMs && gapMs >= 200) freezes.push({ frameMs: frameTimes[i], gapMs });
  }
  assert.ok(freezes.length > 0 && result.maxFrameGapMs >= 200, `${query}: the run's longest gap was ${result.maxFrameGapMs} ms`);
  const texts = readings.map((reading) => reading.text).join(", ");
  return freezes.map(({ frameMs, gapMs }) => {
    // Shown by the first reading written at or after the freeze's frame, or already showing if
    // that reading was the same text as the one before (the page does not write it again).
    const next = readings.find((reading) => reading.frameMs >= frameMs);
    const before = readings.filter((reading) => reading.frameMs < frameMs).at(-1);
    const shownMs = Math.max(next ? readingMs(next.text) : 0, before ? readingMs(before.text) : 0);
    return { gapMs, shownMs, said: `${query}: a freeze of ${gapMs.toFixed(1)} ms was shown as ${next?.text} (readings ${texts})` };
  });
}

test("during a run, the meter's gap now shows each freeze, not the gap of the frame that writes it", async () => {
  // Her rounds of moves on 33 boards hold the thread about 260 ms each, back to back; a blocking
  // server holds it for about a second, after which the page draws a frame or two before it
  // writes the readings. The meter rounds to the millisecond.
  for (const query of ["?s=chess&mode=async&n=33&gm=80&opp=60&moves=4&seed=2452&speed=0.1", "?s=icecream&mode=blocking&dur=2&speed=0.5"]) {
    for (const { gapMs, shownMs, said } of await freezesShown(query)) assert.ok(shownMs >= gapMs - 1, said);
  }
});

test("a probe block above 3 s asks first, as a run does", async () => {
  await playground.open();
  await playground.setProbeDuration(4000);
  await playground.page.locator("[data-testid=probe-block]").click();
  const confirm = playground.page.locator("[data-testid=probe-confirm]");
  await confirm.waitFor();
  assert.match(await confirm.textContent(), /4\.00 s/);
  assert.equal(await playground.page.locator("[data-testid=probe-result]").count(), 0, "nothing froze yet");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await confirm.count(), 0);
});

test("on a phone, Try it opens the meter's text box and probes", async () => {
  await playground.page.setViewportSize({ width: 390, height: 844 });
  try {
    await playground.open();
    const block = playground.page.locator("[data-testid=probe-block]");
    assert.equal(await block.isVisible(), false, "the bar is compact");
    await playground.page.locator("[data-testid=meter-more]").click();
    assert.equal(await block.isVisible(), true);
    assert.equal(await playground.page.locator("input[name=feel]").isVisible(), true);
    await playground.setProbeDuration(300);
    await playground.pressProbeBlock();
    const result = await playground.probeResult();
    assert.ok(result.maxFrameGapMs >= 250, `${result.maxFrameGapMs} ms`);
  } finally {
    await playground.page.setViewportSize({ width: 1280, height: 720 });
  }
});
