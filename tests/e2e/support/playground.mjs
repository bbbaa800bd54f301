// A page object for the playground: its methods speak the user's words.
import { test as nodeTest } from "node:test";
import { chromium } from "playwright-core";
import { serveDirectory } from "./server.mjs";

// The features Playwright turns off in every Chromium it starts (playwright-core 1.65.1).
// Chromium reads only the last --disable-features it is given, so ours repeats them;
// tests/e2e/harness.test.mjs checks that none is lost.
const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion",
];

// Chromium's in-process heap profiler, which Chromium turns on by chance in one or two browser
// starts in a hundred, records where a sampled allocation was made by walking the stack's frame
// pointers. An allocation made while WebAssembly runs on a stack of its own (JSPI: every Python
// program here) sends that walk past the stack's end, and the renderer crashes (SIGSEGV, the
// "Target crashed" of earlier runs). Turned on by force, it crashed 4 of 5 first programs.
export const HEAP_PROFILER_FEATURE = "HeapProfilerReporting";

const CHROMIUM_ARGS = [
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, HEAP_PROFILER_FEATURE].join(",")}`,
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
  // For the long-session test: a GC it can call, and heap sizes that are not rounded.
  "--js-flags=--expose-gc",
  "--enable-precise-memory-info",
];

// The lesson's claim for an awaited or off-thread run: it stays far from frozen. Its longest
// frame gap stays under this bound, which leaves room for a shared, noisy machine (a frame is
// about 17 ms); the blocking runs these tests set against it freeze for 900 ms and more.
// The exact smoothness target (two frames) is reported by `cargo xtask bench`, not tested.
export const FAR_FROM_FROZEN_MS = 250;

// The page once every part of it is drawn (the app draws the lesson first, the rest after).
export const PAGE_DRAWN = "main[data-drawn=whole]";

// Starts the server over the release build and a headless Chromium; close() ends both. The
// page is in a browser context of its own, made with `contextOptions` (Playwright's).
export async function launchPlayground({ initScript, contextOptions } = {}) {
  const dist = process.env.PLAYGROUND_DIST ?? new URL("../../../dist", import.meta.url).pathname;
  const server = await serveDirectory(dist);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  const playground = new Playground(server, browser, { initScript, contextOptions });
  await playground.newPage();
  return playground;
}

// Renderer crashes seen so far in this file's browsers, and the playgrounds still open.
let crashesSeen = 0;
const openPlaygrounds = new Set();
// How long a failed test waits for word of a crash before it fails, in ms.
const CRASH_REPORT_WAIT_MS = 500;

// node:test's `test`, for files whose pages run Python. A page whose renderer crashed is
// replaced before the test starts. A test during which a renderer crashed runs once more, in
// new pages, with the errors its first attempt collected dropped; a second crash fails it. Each
// crash is reported in the output. The crashes seen so far were Chromium's heap profiler's (see
// HEAP_PROFILER_FEATURE), which these browsers no longer turn on; this is for any other
// browser fault (no page may crash its renderer).
export function test(name, ...rest) {
  const fn = rest.pop();
  nodeTest(name, ...rest, async (context) => {
    await replaceCrashedPages();
    const crashesBefore = crashesSeen;
    const errorsBefore = new Map([...openPlaygrounds].map((playground) => [playground, playground.errors.length]));
    try {
      return await fn(context);
    } catch (error) {
      // Playwright may reject the call in flight before it reports the crash.
      for (let waitedMs = 0; crashesSeen === crashesBefore && waitedMs < CRASH_REPORT_WAIT_MS; waitedMs += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (crashesSeen === crashesBefore) throw error;
      const said = `Chromium's renderer crashed during "${name}" (${String(error?.message).split("\n")[0]}); it runs once more in a new page`;
      console.log(said);
      for (const [playground, length] of errorsBefore) playground.errors.length = Math.min(length, playground.errors.length);
      await replaceCrashedPages();
      return await fn(context);
    }
  });
}

// Gives each open playground whose renderer crashed a new page.
async function replaceCrashedPages() {
  for (const playground of openPlaygrounds) {
    if (playground.crashed) await playground.newPage();
  }
}

// Waits until the body's data-run-state of `page` is `state`. It does not poll: a
// MutationObserver in the page wakes only when the attribute changes, so the wait takes no
// time from a run (the driver's polling took 1-3 ms of the main thread every 500 ms).
export async function waitForRunState(page, state, { timeoutMs = 30_000 } = {}) {
  await page.evaluate(([state, timeoutMs]) => new Promise((resolve, reject) => {
    const body = document.body;
    if (body.dataset.runState === state) return resolve();
    const observer = new MutationObserver(() => {
      const now = body.dataset.runState;
      if (now !== state && now !== "error") return;
      observer.disconnect();
      clearTimeout(timer);
      if (now === state) resolve();
      else reject(new Error(`the page panicked while waiting for the run state ${state}`));
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`the run state stayed ${body.dataset.runState} for ${timeoutMs} ms, never ${state}`));
    }, timeoutMs);
    observer.observe(body, { attributes: true, attributeFilter: ["data-run-state"] });
  }), [state, timeoutMs]);
}

export class Playground {
  constructor(server, browser, { initScript, contextOptions } = {}) {
    this.page = null;
    this.server = server;
    this.browser = browser;
    this.errors = [];
    this.initScript = initScript;
    this.contextOptions = contextOptions;
    // Whether this page's renderer crashed, and what runs after a new page replaces it.
    this.crashed = false;
    this.onNewPage = null;
    openPlaygrounds.add(this);
  }

  // Gives the playground a new, blank page in a new browser context (its first, or one for a
  // page whose renderer crashed), with the same init script; `onNewPage` runs after a crash's.
  async newPage() {
    await this.page?.context().close().catch(() => {});
    const page = await (await this.browser.newContext(this.contextOptions)).newPage();
    if (this.initScript) await page.addInitScript(this.initScript);
    page.on("pageerror", (error) => this.errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") this.errors.push(message.text());
    });
    page.on("crash", () => {
      this.crashed = true;
      crashesSeen += 1;
    });
    this.page = page;
    const replaced = this.crashed;
    this.crashed = false;
    if (replaced && this.onNewPage) await this.onNewPage();
  }

  // Opens the playground with an optional query string such as "?s=tasks".
  async open(query = "") {
    await this.page.goto(`${this.server.url}/${query}`);
    await this.waitUntilDrawn();
  }

  // Waits until the page is drawn whole: it draws itself in parts at start-up.
  async waitUntilDrawn() {
    await this.page.locator(PAGE_DRAWN).waitFor();
  }

  // The freeze meter's probe: block or await for a number of ms.
  async setProbeDuration(durationMs) {
    await this.page.locator("input[name=probe_ms]").fill(String(durationMs));
  }

  async pressProbeBlock() {
    await this.page.locator("[data-testid=probe-block]").click();
  }

  async pressProbeAwait() {
    await this.page.locator("[data-testid=probe-await]").click();
  }

  // Waits for the probe to finish and reads its result.
  async probeResult() {
    const card = this.page.locator("[data-testid=probe-result]");
    await card.waitFor({ timeout: 30_000 });
    return readResult(card);
  }

  async run() {
    await this.page.locator("[data-testid=run]").click();
  }

  async compare() {
    await this.page.locator("[data-testid=compare]").click();
  }

  async stop() {
    await this.page.locator("[data-testid=stop]").click();
  }

  async runState() {
    return this.page.locator("body").getAttribute("data-run-state");
  }

  // Starts a run with `start` and waits until the page has said "running". A blocking run
  // freezes the page right after that, so a poll sent then would run only after the freeze,
  // when the page already says "done": a MutationObserver installed before the start
  // witnesses the moment instead. Reading that witness may itself wait out the freeze.
  async startRun(start, { timeoutMs = 30_000 } = {}) {
    await this.page.evaluate(() => {
      window.__runStarted = false;
      const observer = new MutationObserver(() => {
        if (document.body.dataset.runState !== "running") return;
        window.__runStarted = true;
        observer.disconnect();
      });
      observer.observe(document.body, { attributes: true, attributeFilter: ["data-run-state"] });
    });
    await start();
    await this.page.waitForFunction(() => window.__runStarted === true, null, { timeout: timeoutMs, polling: 50 });
  }

  // Waits until a run's card says it is running: its clock starts within a few frames (a
  // page's first run first waits for the page to settle, and says it is getting ready
  // meanwhile), or the session has already ended.
  async waitUntilRunning() {
    await this.waitForRunState("running", { timeoutMs: 10_000 });
    await this.page.waitForFunction(
      () =>
        document.body.dataset.runState === "done" ||
        [...document.querySelectorAll(".result.pending h3")].some((heading) => heading.textContent.endsWith("Running…")),
      null,
      { timeout: 10_000, polling: 20 },
    );
  }

  async waitForRunState(state, { timeoutMs = 30_000 } = {}) {
    await waitForRunState(this.page, state, { timeoutMs });
  }

  // Waits for the session to end and reads every result card, in order.
  async results({ timeoutMs = 30_000 } = {}) {
    await this.waitForRunState("done", { timeoutMs });
    const cards = this.page.locator("[data-testid=run-result]");
    // The panel draws at the next frame: a run stopped within its first frame has no card yet.
    await cards.first().waitFor({ timeout: 5_000 });
    const results = [];
    for (let i = 0; i < (await cards.count()); i++) results.push(await readResult(cards.nth(i)));
    return results;
  }

  async sliderValue(key) {
    return Number(await this.page.locator(`input[type=range][name=${key}]`).inputValue());
  }

  // Moves a slider the way a keyboard user does: focus it, press an arrow key.
  async nudgeSlider(key, steps) {
    const slider = this.page.locator(`input[type=range][name=${key}]`);
    await slider.focus();
    for (let i = 0; i < Math.abs(steps); i++) await slider.press(steps > 0 ? "ArrowRight" : "ArrowLeft");
  }

  async selectedMode() {
    return this.page.locator(".modes [aria-checked=true]").getAttribute("data-mode");
  }

  async speed() {
    return Number(await this.page.locator("select[name=speed]").inputValue());
  }

  query() {
    return new URL(this.page.url()).searchParams;
  }

  async noticeText() {
    const notice = this.page.locator("[data-testid=notice]");
    return (await notice.count()) ? notice.textContent() : "";
  }

  async outputLines() {
    return this.page.locator("[data-testid=output] .line .text").allTextContents();
  }

  async timelineHtml() {
    return this.page.locator("[data-testid=timeline]").evaluateAll((els) => els.map((el) => el.innerHTML).join(""));
  }

  async hasPanic() {
    return (await this.page.locator("[data-testid=panic]").count()) > 0;
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

  // The spinner's picture as drawn now (a PNG data URL of its canvas).
  async spinnerPicture() {
    return this.page.locator("[data-testid=spinner]").evaluate((canvas) => canvas.toDataURL());
  }

  // Records what the screen shows, as the compositor sends it, until the returned function is
  // called; that gives the pictures (base64 PNG) with the time each was drawn (ms since the
  // epoch, as Date.now()).
  async recordScreen() {
    const cdp = await this.page.context().newCDPSession(this.page);
    const frames = [];
    cdp.on("Page.screencastFrame", (frame) => {
      frames.push({ atMs: frame.metadata.timestamp * 1000, picture: frame.data });
      cdp.send("Page.screencastFrameAck", { sessionId: frame.sessionId }).catch(() => {});
    });
    await cdp.send("Page.startScreencast", { format: "png", everyNthFrame: 1 });
    return async () => {
      await cdp.send("Page.stopScreencast");
      await cdp.detach();
      return frames;
    };
  }

  async close() {
    openPlaygrounds.delete(this);
    await this.browser.close();
    await this.server.close();
  }
}

async function readResult(card) {
  const number = async (name) => Number(await card.getAttribute(name));
  return {
    mode: await card.getAttribute("data-mode"),
    status: await card.getAttribute("data-status"),
    totalMs: await number("data-total-ms"),
    predictedMs: await number("data-predicted-ms"),
    maxFrameGapMs: await number("data-max-frame-gap-ms"),
    droppedFrames: await number("data-dropped-frames"),
  };
}
