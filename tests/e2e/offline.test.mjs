// Install and offline: the manifest and the service worker, a run with the server gone, and a
// new deploy replacing the cache. Each test has a browser of its own (a fresh profile, so no
// worker or cache of another test) and cuts the network the way a phone loses it: the
// browser is set offline, and the server stops listening.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchPlayground } from "./support/playground.mjs";

const TASKS_RUN = "?s=tasks&mode=gather&da=300&db=200&dc=100&n=2&autorun=1";
// A file of the code tab's Python runtime, which the service worker caches on first use.
const LAZY_FILE = "python/runtime.js";

test("the manifest and the service worker are found", async (t) => {
  const playground = await launchPlayground();
  t.after(() => playground.close());
  const { page } = playground;
  await playground.open();
  const manifestUrl = await page.locator("link[rel=manifest]").evaluate((link) => link.href);
  const manifest = await page.evaluate((url) => fetch(url).then((response) => response.json()), manifestUrl);
  assert.equal(manifest.name, "Async playground");
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
  assert.equal(new URL(manifest.start_url, manifestUrl).href, `${playground.server.url}/`);
  for (const size of ["192x192", "512x512"]) {
    const icon = manifest.icons.find((entry) => entry.sizes === size && entry.type === "image/png");
    assert.ok(icon, `the manifest has a ${size} PNG icon`);
    const drawn = await page.evaluate(async (url) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      return `${image.naturalWidth}x${image.naturalHeight}`;
    }, new URL(icon.src, manifestUrl).href);
    assert.equal(drawn, size);
  }
  const worker = await activeWorker(page);
  assert.equal(worker.scope, `${playground.server.url}/`, "the worker's scope is the site's root");
  assert.equal(worker.scriptUrl, `${playground.server.url}/sw.js`);
  assert.ok(worker.controlled, "the first visit's page is controlled once the worker is active");
  assert.deepEqual(playground.errors, []);
});

test("offline after a first visit, the page reloads and a tasks run completes", async (t) => {
  const playground = await launchPlayground();
  t.after(() => playground.close());
  await playground.open("?s=tasks");
  await activeWorker(playground.page);
  await cutNetwork(playground);
  await playground.page.goto(`${playground.server.url}/${TASKS_RUN}`);
  const [result] = await playground.results();
  assert.equal(result.mode, "gather");
  assert.equal(result.status, "done");
  assert.equal(result.predictedMs, 600);
  assert.deepEqual(playground.errors, []);
});

test("offline, to_thread workers load the page's glue and wasm, and the Pokemon list", async (t) => {
  const playground = await launchPlayground();
  t.after(() => playground.close());
  await playground.open("?s=pokemon&mode=to-thread");
  await activeWorker(playground.page);
  await cutNetwork(playground);
  await playground.page.goto(`${playground.server.url}/?s=pokemon&mode=to-thread&autorun=1`);
  const [result] = await playground.results();
  assert.equal(result.mode, "to-thread");
  assert.equal(result.status, "done");
  assert.equal(await playground.page.locator("[data-testid=names] li[data-name]").count(), 20);
  assert.deepEqual(playground.errors, []);
});

test("offline, the real PokeAPI mode says it is offline, while the offline API still works", async (t) => {
  const playground = await launchPlayground();
  t.after(() => playground.close());
  await playground.open("?s=pokemon&mode=gather");
  await activeWorker(playground.page);
  await cutNetwork(playground);
  await playground.page.goto(`${playground.server.url}/?s=pokemon&mode=gather&api=pokeapi&n=3&tmo=2000&autorun=1`);
  const [failed] = await playground.results();
  assert.equal(failed.status, "done");
  const errors = await playground.page
    .locator("[data-testid=names] li")
    .evaluateAll((items) => items.map((li) => li.dataset.error ?? null));
  assert.equal(errors.length, 3);
  for (const error of errors) assert.match(error ?? "", /^offline: /, "each request says the browser is offline");

  await playground.page.goto(`${playground.server.url}/?s=pokemon&mode=gather&n=3&autorun=1`);
  await playground.results();
  assert.equal(await playground.page.locator("[data-testid=names] li[data-name]").count(), 3);
});

test("the API and other sites are never cached nor answered from the cache", async (t) => {
  const playground = await launchPlayground();
  t.after(() => playground.close());
  const { page, server } = playground;
  await playground.open();
  await activeWorker(page);
  // The failing API's id 2 answers well: the answer reaches the page, and not the cache.
  const online = await page.evaluate(() => fetch("/api/v2/pokemon/2").then((response) => response.json()));
  assert.equal(online.name, "mon-2");
  const cachedUrls = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
  const shipped = readdirSync(process.env.PLAYGROUND_DIST ?? new URL("../../dist", import.meta.url).pathname, { recursive: true });
  for (const url of cachedUrls) {
    const { origin, pathname } = new URL(url);
    assert.equal(origin, server.url, `${url} is of this site`);
    assert.ok(shipped.includes(pathname.slice(1)), `${url} is a file of the build`);
  }
  await cutNetwork(playground);
  const offline = await page.evaluate(async () => {
    const outcome = (url) => fetch(url).then((response) => `answered ${response.status}`, () => "failed");
    return [await outcome("/api/v2/pokemon/2"), await outcome("https://pokeapi.co/api/v2/pokemon/2")];
  });
  assert.deepEqual(offline, ["failed", "failed"]);
});

test("a file cached on first use (the code tab's Python runtime) is there offline", async (t) => {
  const dist = process.env.PLAYGROUND_DIST ?? new URL("../../dist", import.meta.url).pathname;
  const file = LAZY_FILE;
  if (!readdirSync(dist, { recursive: true }).includes(file)) return t.skip(`the build has no ${file}`);
  const playground = await launchPlayground();
  t.after(() => playground.close());
  const { page } = playground;
  await playground.open();
  await activeWorker(page);
  const read = () => page.evaluate((url) => fetch(url).then((response) => response.text(), () => "failed"), file);
  const inCache = () => page.evaluate((url) => caches.match(url).then((response) => response !== undefined), file);
  assert.equal(await inCache(), false, "not cached on install");
  const online = await read();
  // The copy goes into the cache while the page reads the answer.
  for (let waitedMs = 0; !(await inCache()) && waitedMs < 5000; waitedMs += 100) await page.waitForTimeout(100);
  assert.equal(await inCache(), true, "cached once asked for");
  await cutNetwork(playground);
  assert.equal(await read(), online);
});

test("a new deploy replaces the cache: the page runs the new files, the old cache is gone, unchanged Python stays", async (t) => {
  // A copy of the build, served and then rewritten in place as a deploy does.
  const site = mkdtempSync(join(tmpdir(), "playground-deploy-"));
  cpSync(process.env.PLAYGROUND_DIST ?? new URL("../../dist", import.meta.url).pathname, site, { recursive: true });
  const shipped = process.env.PLAYGROUND_DIST;
  process.env.PLAYGROUND_DIST = site;
  const playground = await launchPlayground().finally(() => {
    if (shipped === undefined) delete process.env.PLAYGROUND_DIST;
    else process.env.PLAYGROUND_DIST = shipped;
  });
  t.after(async () => {
    await playground.close();
    rmSync(site, { recursive: true, force: true });
  });
  const { page } = playground;
  await playground.open("?s=tasks");
  await activeWorker(page);
  const [firstCache] = await buildCaches(page);
  const firstGlue = await glueUrl(page);
  // A file cached on first use (when the build has one): the deploy does not change it.
  const lazyFile = readdirSync(site, { recursive: true }).includes(LAZY_FILE) ? LAZY_FILE : undefined;
  if (lazyFile) {
    await page.evaluate((url) => fetch(url).then((response) => response.text()), lazyFile);
    for (let waitedMs = 0; (await lazyCaches(page)).length === 0 && waitedMs < 5000; waitedMs += 100) await page.waitForTimeout(100);
  }
  const firstLazyCaches = await lazyCaches(page);
  assert.equal(firstLazyCaches.length, lazyFile ? 1 : 0);

  // The second deploy: the glue and wasm under new names (as a changed build gets from Trunk),
  // the old ones gone, and the service worker written anew by the build's own step.
  const stem = readdirSync(site).find((name) => name.endsWith("_bg.wasm")).replace(/_bg\.wasm$/, "");
  const newStem = `${stem.replace(/-[0-9a-f]+$/, "")}-5ec0deb1d0000000`;
  for (const name of [`${stem}.js`, `${stem}_bg.wasm`, "index.html"]) {
    const text = readFileSync(join(site, name), name.endsWith(".wasm") ? null : "utf8");
    writeFileSync(join(site, name), typeof text === "string" ? text.replaceAll(stem, newStem) : text);
  }
  renameSync(join(site, `${stem}.js`), join(site, `${newStem}.js`));
  renameSync(join(site, `${stem}_bg.wasm`), join(site, `${newStem}_bg.wasm`));
  execFileSync(process.execPath, [new URL("../../tools/service-worker.mjs", import.meta.url).pathname], {
    env: { ...process.env, TRUNK_PROFILE: "release", TRUNK_STAGING_DIR: site },
  });

  // The first reload gets the new page from the network; its visit updates the worker, which
  // caches the new build and deletes the old cache. The second reload runs the new files.
  await page.reload();
  await page.evaluate(async (old) => {
    const replaced = async () => {
      const names = (await caches.keys()).filter((name) => !name.startsWith("playground-lazy-"));
      return names.length === 1 && names[0] !== old;
    };
    for (const start = performance.now(); !(await replaced()); ) {
      if (performance.now() - start > 30_000) throw new Error("the new build's cache did not replace the old one in 30 s");
      await new Promise((done) => setTimeout(done, 100));
    }
  }, firstCache);
  await page.reload();
  await playground.waitUntilDrawn();
  const secondGlue = await glueUrl(page);
  assert.notEqual(secondGlue, firstGlue);
  assert.ok(secondGlue.includes(newStem), `the page runs ${secondGlue}`);
  const caches = await buildCaches(page);
  assert.equal(caches.length, 1, `one cache, not ${caches.join(", ")}`);
  assert.notEqual(caches[0], firstCache, "the old cache is gone");
  assert.deepEqual(await lazyCaches(page), firstLazyCaches, "the files cached on first use are kept");

  // Offline, the new build runs from the new cache: its files are the only ones left.
  await cutNetwork(playground);
  await page.goto(`${playground.server.url}/${TASKS_RUN}`);
  const [result] = await playground.results();
  assert.equal(result.status, "done");
  assert.ok((await glueUrl(page)).includes(newStem));
  assert.deepEqual(playground.errors, []);
});

// Waits until the service worker is active and controls the page; its scope and script.
async function activeWorker(page) {
  return page.evaluate(async () => {
    const controlled = (async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) return;
      await new Promise((done) => navigator.serviceWorker.addEventListener("controllerchange", done, { once: true }));
    })();
    const late = new Promise((_, fail) => setTimeout(() => fail(new Error("no service worker controls the page after 30 s")), 30_000));
    await Promise.race([controlled, late]);
    const registration = await navigator.serviceWorker.ready;
    return {
      scope: registration.scope,
      scriptUrl: registration.active.scriptURL,
      controlled: navigator.serviceWorker.controller !== null,
    };
  });
}

// The network to the server is cut: the browser is offline (its service worker's and workers'
// requests too), and the server no longer listens. Its close is not awaited: it ends only when
// the browser's idle connections do, at the browser's close.
async function cutNetwork(playground) {
  await playground.page.context().setOffline(true);
  playground.server.close();
  const seenErrors = playground.errors.length;
  const outcome = await playground.page.evaluate(() => fetch("/not-cached").then(() => "answered", () => "failed"));
  assert.equal(outcome, "failed", "the network is cut");
  playground.errors.splice(seenErrors); // The browser's report of that failed request.
}

// The names of the site's build caches (the build's files), and of its caches of the files
// cached on first use.
function buildCaches(page) {
  return page.evaluate(async () => (await caches.keys()).filter((name) => !name.startsWith("playground-lazy-")));
}

function lazyCaches(page) {
  return page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith("playground-lazy-")));
}

// The address of the glue the page loaded.
function glueUrl(page) {
  return page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name).find((url) => /\/playground-app-[^/]*\.js$/.test(url)));
}
