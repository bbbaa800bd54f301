// Presenting and sharing, as a teacher does: an embed in someone else's page, pictures of the
// timeline for slides, a results table, and short links.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { launchPlayground } from "./support/playground.mjs";

let playground;
before(async () => {
  playground = await launchPlayground();
});
after(async () => {
  await playground?.close();
});

// A page of another origin (another loopback port) that embeds `src` in an iframe.
async function serveHostPage(src) {
  const html = `<!doctype html><html><head><title>A blog post</title></head><body>
    <h1>My post about asyncio</h1>
    <iframe id="lesson" src="${src}" width="1000" height="760" style="border:0"></iframe>
  </body></html>`;
  const server = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) };
}

// The downloaded file's bytes, after `click` starts a download.
async function download(click) {
  const [file] = await Promise.all([playground.page.waitForEvent("download"), click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test("an embed link runs inside an iframe on another origin, without the picker", async () => {
  const src = `${playground.server.url}/?s=tasks&mode=gather&da=300&db=200&dc=100&n=2&embed=1`;
  const host = await serveHostPage(src);
  try {
    for (const colorScheme of ["light", "dark"]) {
      await playground.page.emulateMedia({ colorScheme });
      await playground.page.goto(host.url);
      const frame = playground.page.frameLocator("#lesson");
      await frame.locator("body[data-embed]").waitFor();
      assert.equal(await frame.locator("nav.picker").count(), 0, "no picker in an embed");
      assert.equal(await frame.locator("[data-testid=copy-link]").count(), 0);
      assert.match(await frame.locator(".embed-header h1").textContent(), /\S/);
      const full = await frame.locator("[data-testid=open-full]").getAttribute("href");
      const fullQuery = new URL(full).searchParams;
      assert.ok(full.startsWith(playground.server.url), `open link ${full}`);
      assert.equal(fullQuery.get("da"), "300", "the full page opens with the same values");
      assert.ok(!fullQuery.has("embed") && !fullQuery.has("autorun"), `open link ${full}`);
      for (const hidden of ["input[type=range]", ".code-view", "section.lesson", "[data-testid=benchmark]"]) {
        assert.equal(await frame.locator(hidden).count(), 0, `${hidden} is not in an embed`);
      }
      await frame.locator("[data-testid=run]").click();
      const card = frame.locator("[data-testid=run-result]");
      await card.waitFor({ timeout: 15_000 });
      assert.equal(await card.getAttribute("data-mode"), "gather");
      assert.ok(Number(await card.getAttribute("data-total-ms")) >= 595);
      assert.equal(await frame.locator("[data-testid=timeline] [data-lane]").count(), 4);
      // The theme follows the host's preference: a dark run card on a dark page.
      const background = await frame.locator("article.run").evaluate((el) => getComputedStyle(el).backgroundColor);
      const [r, g, b] = background.match(/\d+/g).map(Number);
      const light = r + g + b > 3 * 128;
      assert.equal(light, colorScheme === "light", `${colorScheme}: the run card is ${background}`);
    }
  } finally {
    await playground.page.emulateMedia({ colorScheme: "light" });
    await host.close();
  }
});

test("an embed never shows the full page's header, even while its wasm loads", async () => {
  // A page of its own, with no service worker to answer for the network, whose wasm arrives
  // a second late, as on a slow network.
  const context = await playground.browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    await page.route("**/*.wasm", async (route) => {
      await new Promise((done) => setTimeout(done, 1000));
      await route.continue();
    });
    // Without embed=1 the header shows while the wasm loads.
    await page.goto(`${playground.server.url}/?s=tasks`);
    await page.locator("#loading-header").waitFor({ state: "visible", timeout: 900 });
    await page.goto(`${playground.server.url}/?s=tasks&embed=1`);
    await page.locator("#loading-header").waitFor({ state: "attached" });
    assert.equal(await page.locator("main").count(), 0, "the wasm is still on its way");
    assert.equal(await page.locator("#loading-header").isVisible(), false, "no loading header in an embed");
    await page.locator("main[data-drawn=whole]").waitFor();
    assert.match(await page.locator(".embed-header h1").textContent(), /\S/);
  } finally {
    await context.close();
  }
});

test("Copy embed code gives an iframe of this scenario in embed mode", async () => {
  await playground.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: playground.server.url });
  await playground.open("?s=chess&mode=async&n=5");
  await playground.page.locator("[data-testid=copy-embed]").click();
  await playground.page.locator("[data-testid=run-message]").waitFor();
  const code = await playground.page.evaluate(() => navigator.clipboard.readText());
  assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?s=chess&amp;mode=async&amp;n=5&amp;embed=1"/);
  assert.match(code, /title="[^"]+"/);
  assert.equal(await pageOverflow(), 0, "the message wraps inside the page");
});

test("the timeline of a Compare downloads as an SVG with the lanes, the totals and one axis", async () => {
  await playground.open("?s=tasks&da=300&db=250&dc=200&n=2");
  await playground.compare();
  const [serial, gather] = await playground.results();
  const { name, bytes } = await download(() => playground.page.locator("[data-testid=export-svg]").click());
  assert.equal(name, "async-playground-tasks-serial-vs-gather.svg");
  const svg = bytes.toString("utf8");
  const parsed = await playground.page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      root: root.localName,
      namespace: root.namespaceURI,
      width: Number(root.getAttribute("width")),
      text: root.textContent,
      texts: [...root.querySelectorAll("text")].map((element) => element.textContent.trim()),
    };
  }, svg);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, "svg");
  assert.equal(parsed.namespace, "http://www.w3.org/2000/svg");
  assert.ok(parsed.width >= 1200, `${parsed.width} px wide`);
  for (const lane of ["main", "A", "B", "C"]) {
    assert.ok(parsed.texts.includes(lane), `lane ${lane} is named: ${parsed.texts.join(" | ")}`);
  }
  assert.ok(serial.totalMs > gather.totalMs);
  // Each total as its result card shows it (both use one formatter).
  const shownTotals = await playground.page.locator("[data-testid=run-result] dd.big").allTextContents();
  assert.equal(shownTotals.length, 2);
  for (const shown of shownTotals) assert.ok(parsed.text.includes(`measured ${shown}`), `the total ${shown} is written`);
});

test("the PNG export decodes and is at least 1200 px wide", async () => {
  await playground.open("?s=tasks&mode=gather&da=300&db=200&dc=100&n=2&autorun=1");
  await playground.results();
  const { name, bytes } = await download(() => playground.page.locator("[data-testid=export-png]").click());
  assert.equal(name, "async-playground-tasks-gather.png");
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "a PNG signature");
  const size = await playground.page.evaluate(async (base64) => {
    const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    // The picture is drawn, not blank: count pixels of the waiting colour (#4dabf7).
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let waitingPixels = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 0x4d) < 8 && Math.abs(data[i + 1] - 0xab) < 8 && Math.abs(data[i + 2] - 0xf7) < 8) waitingPixels++;
    }
    return { width: bitmap.width, height: bitmap.height, waitingPixels };
  }, bytes.toString("base64"));
  assert.ok(size.width >= 1200, `${size.width} px wide`);
  assert.ok(size.height >= 200, `${size.height} px high`);
  assert.ok(size.waitingPixels > 1000, `${size.waitingPixels} pixels show waiting segments`);
});

test("Copy results gives a Markdown table of both runs and the speedup", async () => {
  await playground.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: playground.server.url });
  await playground.open("?s=tasks&da=300&db=250&dc=200&n=2");
  await playground.compare();
  await playground.results();
  await playground.page.locator("[data-testid=copy-results]").click();
  await playground.page.locator("[data-testid=export-message]").waitFor();
  const table = await playground.page.evaluate(() => navigator.clipboard.readText());
  const rows = table.split("\n").filter((line) => line.startsWith("|"));
  assert.match(rows[0], /mode/i);
  assert.match(rows[0], /measured/i);
  assert.match(rows[0], /predicted/i);
  assert.match(rows[0], /frame gap/i);
  assert.match(rows[1], /^\|\s*-/);
  assert.equal(rows.length, 4, table);
  assert.match(rows[2], /serial/);
  assert.match(rows[3], /gather/);
  assert.match(table, /faster/);
});

test("a link carries only what differs from the defaults, and restores the same state as a full one", async () => {
  await playground.open("?s=tasks&mode=serial");
  await playground.nudgeSlider("da", 2);
  await playground.page.waitForFunction(() => new URL(location.href).searchParams.has("da"));
  const short = new URL(playground.page.url()).search;
  assert.deepEqual([...new URLSearchParams(short).keys()], ["s", "mode", "da"], `short link ${short}`);
  const state = async () => ({
    mode: await playground.selectedMode(),
    sliders: await playground.page
      .locator("input[type=range]")
      .evaluateAll((inputs) => inputs.map((input) => [input.name, input.value])),
    speed: await playground.speed(),
  });
  await playground.open(short);
  const fromShort = await state();
  // An old link that carries every key opens the same state.
  const full = new URLSearchParams(short);
  for (const [name, value] of fromShort.sliders) if (!full.has(name)) full.set(name, value);
  full.set("speed", "1");
  await playground.open(`?${full}`);
  assert.deepEqual(await state(), fromShort);
  assert.equal(new URL(playground.page.url()).search, short, "the address bar shortens an old link");
});

// How far the page is wider than its viewport, in px.
function pageOverflow() {
  return playground.page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}
