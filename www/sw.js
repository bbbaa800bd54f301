// The playground's service worker: after a first visit the site opens and runs offline.
//
// tools/service-worker.mjs writes this file into the build with its constants filled in
// (it runs after tools/shrink-glue.mjs, so it lists the files as shipped):
// - BUILD: a hash of every file of the build, so a new deploy is a new service worker (the
//   browser installs a worker whose bytes changed) and a new cache;
// - FILES: every file of the build, relative to this worker (debug builds list none, so the
//   dev server is never served from a cache), cached on install;
// - LAZY: the files only "your own program" needs (Pyodide, the editor), cached the first
//   time the page asks for them, then served from the cache like the others. They have a
//   cache of their own, named after a hash of their bytes (LAZY_BUILD), so a deploy that
//   leaves them as they were keeps them: 13 MB are not fetched again for a change elsewhere.
//
// Rules:
// - The page itself (the site's root or index.html, with any query) is network first: online
//   you always get the current deploy; offline, the cached page of this worker's build.
// - The build's other files are cache first. Trunk names the glue, wasm and CSS after a hash
//   of their content, so a cached page can only load files of its own build: a wasm never
//   meets another build's glue.
// - Anything else (other origins, the API under /api/, anything in neither list) is never
//   served from the cache nor put in it: the browser fetches it as if there were no worker.
// - A new worker takes over at once and deletes the other builds' caches.
const BUILD = "__BUILD__";
const FILES = ["__FILES__"];
const LAZY_BUILD = "__LAZY_BUILD__";
const LAZY = ["__LAZY__"];

const CACHE = `playground-${BUILD}`;
const LAZY_CACHE = `playground-lazy-${LAZY_BUILD}`;
const scope = new URL("./", self.location);
const page = new URL("index.html", scope).href;
const cached = new Set(FILES.map((name) => new URL(name, scope).href));
const onFirstUse = new Set(LAZY.map((name) => new URL(name, scope).href));

self.addEventListener("install", (event) => {
  // `no-cache`: the HTTP cache may answer only after the server confirms its copy is current,
  // so the cache holds this deploy's bytes.
  const requests = [...cached].map((url) => new Request(url, { cache: "no-cache" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const stale = (name) => name.startsWith("playground-") && name !== CACHE && name !== LAZY_CACHE;
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter(stale).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  url.hash = "";
  if (request.method !== "GET" || url.origin !== scope.origin || url.pathname.includes("/api/")) return;
  const file = url.href;
  url.search = "";
  if (url.href === scope.href || url.href === page) {
    // Offline: this build's page, or the browser's own error if the cache has lost it.
    const offline = () => fromCache(page).then((response) => response ?? Response.error());
    if (cached.has(page)) event.respondWith(fetch(request).catch(offline));
  } else if (cached.has(file)) {
    event.respondWith(fromCache(file).then((response) => response ?? fetch(request)));
  } else if (onFirstUse.has(file)) {
    event.respondWith(
      fromCache(file, LAZY_CACHE).then(async (hit) => {
        if (hit) return hit;
        const response = await fetch(request);
        // The page reads the answer while a copy goes into the cache.
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(LAZY_CACHE).then((cache) => cache.put(file, copy)));
        }
        return response;
      }),
    );
  }
});

function fromCache(url, cacheName = CACHE) {
  return caches.match(url, { cacheName });
}
