// A page object for the playground: its methods speak the user's words.
import { chromium } from "playwright-core";
import { serveDirectory } from "./server.mjs";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

// Starts the server over the release build and a headless Chromium; close() ends both.
export async function launchPlayground() {
  const dist = process.env.PLAYGROUND_DIST ?? new URL("../../../dist", import.meta.url).pathname;
  const server = await serveDirectory(dist);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return new Playground(page, server, browser, errors);
}

export class Playground {
  constructor(page, server, browser, errors) {
    this.page = page;
    this.server = server;
    this.browser = browser;
    this.errors = errors;
  }

  // Opens the playground with an optional query string such as "?s=tasks".
  async open(query = "") {
    await this.page.goto(`${this.server.url}/${query}`);
    await this.page.locator("[data-testid=spinner]").waitFor();
  }

  async setDuration(durationMs) {
    await this.page.locator("input[name=ms]").fill(String(durationMs));
  }

  async pressBlock() {
    await this.page.locator("[data-testid=block]").click();
  }

  async pressAwait() {
    await this.page.locator("[data-testid=await]").click();
  }

  // Waits for the run to finish and reads the result card.
  async result() {
    await this.page.locator("body[data-run-state=done]").waitFor({ timeout: 30_000 });
    const card = this.page.locator("[data-testid=run-result]");
    const number = async (name) => Number(await card.getAttribute(name));
    return {
      mode: await card.getAttribute("data-mode"),
      totalMs: await number("data-total-ms"),
      predictedMs: await number("data-predicted-ms"),
      maxFrameGapMs: await number("data-max-frame-gap-ms"),
      droppedFrames: await number("data-dropped-frames"),
    };
  }

  // Starts the test's own requestAnimationFrame probe, independent of the page's meter.
  async startFrameProbe() {
    await this.page.evaluate(() => {
      const probe = { last: performance.now(), maxGapMs: 0 };
      window.__frameProbe = probe;
      const onFrame = (now) => {
        if (window.__frameProbe !== probe) return;
        probe.maxGapMs = Math.max(probe.maxGapMs, now - probe.last);
        probe.last = now;
        requestAnimationFrame(onFrame);
      };
      requestAnimationFrame(onFrame);
    });
  }

  // The longest frame gap the probe saw since it started.
  async probedMaxFrameGapMs() {
    return this.page.evaluate(() => window.__frameProbe.maxGapMs);
  }

  async spinnerTransform() {
    return this.page.locator("[data-testid=spinner]").evaluate((el) => el.style.transform);
  }

  async close() {
    await this.browser.close();
    await this.server.close();
  }
}
