// Writes the build's service worker, sw.js, from www/sw.js: the list of files to cache and a
// build id taken from their bytes. It must run after every step that changes a file of the
// build (tools/post-build.mjs runs it after tools/shrink-glue.mjs), or the worker would cache
// files that are not the ones shipped.
//
// Every file of the build is listed, so a file added to the site later is cached with no
// change here. The large ones that only "your own program" needs (Pyodide, the recorder, the
// editor: about 15 MB) are listed apart and cached on first use, not on every install, in a
// cache named after their own hash, which a deploy that leaves them unchanged keeps.
//
// Debug builds list no file: `cargo xtask dev` is never served from a cache, and its worker,
// a new one on the origin, deletes the caches a release build left there.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { transformSync } from "esbuild";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as Trunk's post_build hook");
const sourceDir = process.env.TRUNK_SOURCE_DIR ?? new URL("..", import.meta.url).pathname;
const release = process.env.TRUNK_PROFILE === "release";

const files = release ? listFiles(dir).filter((name) => name !== "sw.js") : [];
if (release && !files.includes("index.html")) throw new Error(`${dir} has no index.html`);
// The worker never answers for the API; a file there would not be there offline.
const underApi = files.filter((name) => name.split("/").includes("api"));
if (underApi.length) throw new Error(`the service worker would never serve ${underApi.join(", ")} (under api/)`);

// Folders whose files are cached the first time the page asks for them.
const ON_FIRST_USE = ["pyodide/", "python/", "editor/"];
const lazy = files.filter((name) => ON_FIRST_USE.some((folder) => name.startsWith(folder)));
const eager = files.filter((name) => !lazy.includes(name));

// A hash of the files' names and bytes: the id of a build, or of its files cached on first use.
const hashOf = (names) => {
  const hash = createHash("sha256");
  for (const name of names) hash.update(`${name}\0`).update(readFileSync(join(dir, name))).update("\0");
  return hash.digest("hex").slice(0, 16);
};
const build = release ? hashOf(files) : "debug";
const lazyBuild = release ? hashOf(lazy) : "debug";

let worker = readFileSync(join(sourceDir, "www", "sw.js"), "utf8");
const constants = [['"__BUILD__"', build], ['["__FILES__"]', eager], ['"__LAZY_BUILD__"', lazyBuild], ['["__LAZY__"]', lazy]];
for (const [placeholder, value] of constants) {
  if (worker.split(placeholder).length !== 2) throw new Error(`www/sw.js must hold ${placeholder} once`);
  worker = worker.replace(placeholder, () => JSON.stringify(value));
}
// Release builds ship it minified, as the glue is (the comments are in www/sw.js).
if (release) worker = transformSync(worker, { minify: true, target: "es2022" }).code;
writeFileSync(join(dir, "sw.js"), worker);
console.log(`service-worker: build ${build}, ${eager.length} files cached on install, ${lazy.length} on first use`);

// Every file under `root`, as a path relative to it with forward slashes, sorted.
function listFiles(root) {
  const names = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join("/"));
  return names.sort();
}
