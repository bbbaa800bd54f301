// The core claim: a busy-wait freezes the page, an awaited timer does not.
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

test("the spinner turns while the page is idle", async () => {
  await playground.open();
  const first = await playground.spinnerPicture();
  await playground.page.waitForTimeout(200);
  const second = await playground.spinnerPicture();
  const blank = await playground.page.evaluate(() => {
    const canvas = document.querySelector("[data-testid=spinner]");
    return Object.assign(document.createElement("canvas"), { width: canvas.width, height: canvas.height }).toDataURL();
  });
  assert.notEqual(first, blank, "the spinner is drawn");
  assert.notEqual(first, second, "the spinner moved between two readings");
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
