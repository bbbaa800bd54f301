// Puts CPython (Pyodide) and the playground's Python runtime into a build: a step of Trunk's
// post-build hook (tools/post-build.mjs), which must run before tools/service-worker.mjs so
// the worker lists these files too. Debug and release builds both get them.
//
//   <dist>/pyodide/  what loading Pyodide fetches, copied from node_modules/pyodide:
//                    pyodide.mjs (the loader, imported), pyodide.asm.mjs (the Emscripten glue,
//                    imported), pyodide.asm.wasm and python_stdlib.zip (fetched), and
//                    pyodide-lock.json (fetched) with its package list emptied: no package
//                    ships, so Python says "No module named 'numpy'" instead of offering to
//                    download one from a CDN; snapshot.bin.gz, Python started from these files
//                    (tools/python-snapshot.mjs); sizes.json, the byte size of each file, so
//                    the page can show how much of the download has arrived.
//   <dist>/python/   www/python/runtime.js, lesson-modules.js, threads.js, thread-worker.js,
//                    recorder-module.js, snapshots.js and recorder.py; in python/shims/, the
//                    offline stand-ins of aiohttp and requests (www/python/shims/*.py) that
//                    lesson-modules.js installs.
//
// The build directory is the first argument, or else Trunk's TRUNK_STAGING_DIR.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeSnapshot } from "./python-snapshot.mjs";

const root = new URL("..", import.meta.url).pathname;
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("no build directory: pass it as the argument, or run this as Trunk's post_build hook");
if (!existsSync(join(dir, "index.html"))) throw new Error(`${dir} has no index.html: is it a build?`);

const pyodideDir = join(root, "node_modules", "pyodide");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies?.pyodide;
const installed = JSON.parse(readFileSync(join(pyodideDir, "package.json"), "utf8")).version;
if (installed !== pinned) {
  throw new Error(`node_modules has pyodide ${installed}, package.json pins ${pinned}: run \`cargo xtask setup\``);
}

const outPyodide = join(dir, "pyodide");
mkdirSync(outPyodide, { recursive: true });
const sizes = {};
for (const name of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]) {
  copyFileSync(join(pyodideDir, name), join(outPyodide, name));
  sizes[name] = statSync(join(outPyodide, name)).size;
}
// Pyodide checks the lock file's ABI version against its own, so its `info` is kept as it is.
const lock = JSON.parse(readFileSync(join(pyodideDir, "pyodide-lock.json"), "utf8"));
if (!lock.info?.abi_version) throw new Error("pyodide-lock.json has no info.abi_version: has its format changed?");
const lockText = JSON.stringify({ info: lock.info, packages: {} });
writeFileSync(join(outPyodide, "pyodide-lock.json"), lockText);
sizes["pyodide-lock.json"] = Buffer.byteLength(lockText);

const outPython = join(dir, "python");
mkdirSync(outPython, { recursive: true });
for (const name of ["runtime.js", "lesson-modules.js", "threads.js", "thread-worker.js", "recorder-module.js", "snapshots.js", "recorder.py"]) {
  copyFileSync(join(root, "www", "python", name), join(outPython, name));
  sizes[name] = statSync(join(outPython, name)).size;
}
// The lessons' offline stand-ins (aiohttp, requests), which lesson-modules.js installs.
const shimsDir = join(root, "www", "python", "shims");
const shims = readdirSync(shimsDir).filter((name) => name.endsWith(".py"));
if (!shims.includes("aiohttp.py")) throw new Error(`${shimsDir} has no aiohttp.py: is the checkout whole?`);
mkdirSync(join(outPython, "shims"), { recursive: true });
for (const name of shims) {
  copyFileSync(join(shimsDir, name), join(outPython, "shims", name));
  sizes[`shims/${name}`] = statSync(join(outPython, "shims", name)).size;
}
const snapshotBytes = await makeSnapshot(outPyodide);
if (snapshotBytes !== null) sizes["snapshot.bin.gz"] = snapshotBytes;
writeFileSync(join(outPyodide, "sizes.json"), `${JSON.stringify(sizes, null, 1)}\n`);

const totalBytes = Object.values(sizes).reduce((sum, size) => sum + size, 0);
console.log(`python-assets: Pyodide ${installed} and the runtime, ${(totalBytes / 1e6).toFixed(1)} MB, into ${dir}`);
