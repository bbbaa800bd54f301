// Makes the page fetch its wasm after its first paint (a post-build step, after
// tools/shrink-glue.mjs, which writes the wasm as shipped).
//
// Trunk preloads the wasm from the page's head, so its download shares the network with the
// stylesheet the first paint waits for, and on a slow network the page stays blank longer.
// Instead, the page first draws the header in index.html, then the loader (Trunk.toml's
// pattern_script) fetches the wasm. This step removes Trunk's preload of the wasm and gives
// the loader's fetch the wasm's integrity hash, which the preload carried.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PLACEHOLDER = "__WASM_INTEGRITY__";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as Trunk's post_build hook");
const wasmNames = readdirSync(dir).filter((name) => name.endsWith("_bg.wasm"));
if (wasmNames.length !== 1) throw new Error(`not one wasm in ${dir}: ${wasmNames.join(", ")}`);
const [wasmName] = wasmNames;

const htmlPath = join(dir, "index.html");
let html = readFileSync(htmlPath, "utf8");
const preload = new RegExp(`<link rel="preload" href="[^"]*${wasmName.replace(/\./g, "\\.")}"[^>]*>`, "g");
if (html.match(preload)?.length !== 1) throw new Error(`index.html has not one preload of ${wasmName}`);
html = html.replace(preload, "");
if (html.split(PLACEHOLDER).length !== 2) throw new Error(`index.html's loader must hold ${PLACEHOLDER} once (Trunk.toml's pattern_script)`);
const integrity = `sha384-${createHash("sha384").update(readFileSync(join(dir, wasmName))).digest("base64")}`;
html = html.replace(PLACEHOLDER, integrity);
writeFileSync(htmlPath, html);
console.log(`wasm-after-paint: ${wasmName} is fetched after the first paint`);
