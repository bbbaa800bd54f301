// Trunk's post-build hook (see Trunk.toml): makes the release build's JavaScript glue and the
// wasm's import names smaller, then updates the integrity hashes in index.html.
//
// wasm-bindgen names each import after its function plus a 16-digit hash
// (`__wbg_set_onmessage_0123456789abcdef`); the same name is an import of the wasm and a key
// of the glue's import object, and nothing else refers to it. Both copies are renamed to
// short names, and esbuild minifies the glue. Debug builds are left as they are.

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";

const HASHED_IMPORT = /^__wb\w+_[0-9a-f]{16}$/;

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as Trunk's post_build hook");

const names = readdirSync(dir);
const wasmNames = names.filter((name) => name.endsWith("_bg.wasm"));
const wasmName = wasmNames.length === 1 ? wasmNames[0] : undefined;
const jsName = wasmName && wasmName.replace(/_bg\.wasm$/, ".js");
if (!wasmName || !names.includes(jsName)) throw new Error(`not one wasm and glue pair in ${dir}: ${names.join(", ")}`);

const wasm = readFileSync(join(dir, wasmName));
const glueBefore = readFileSync(join(dir, jsName), "utf8");
let glue = glueBefore;

const renamed = new Map();
const shortName = (index) => `w${index.toString(36)}`;
const newWasm = renameImports(wasm, (name) => {
  if (!HASHED_IMPORT.test(name)) return name;
  const short = renamed.get(name) ?? shortName(renamed.size);
  renamed.set(name, short);
  return short;
});
for (const [name, short] of renamed) {
  const uses = glue.split(name).length - 1;
  if (uses !== 1) throw new Error(`the glue names ${name} ${uses} times; expected once, as an import's key`);
  glue = glue.replace(name, short);
}
if (renamed.size === 0) throw new Error("no import has a hashed name: has wasm-bindgen changed how it names them?");
const minified = transformSync(glue, { minify: true, format: "esm", target: "es2022" }).code;
// The rewritten wasm must still be a module, and every short name it imports must still be
// in the minified glue (esbuild keeps object keys).
const shortNames = new Set(renamed.values());
for (const { name } of WebAssembly.Module.imports(new WebAssembly.Module(newWasm))) {
  if (renamed.has(name)) throw new Error(`the wasm still imports ${name}`);
  if (shortNames.has(name) && !new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(minified)) {
    throw new Error(`the minified glue does not provide the wasm's import ${name}`);
  }
}

writeFileSync(join(dir, wasmName), newWasm);
writeFileSync(join(dir, jsName), minified);

// The page preloads both files with integrity hashes, which must match what is shipped.
const htmlPath = join(dir, "index.html");
let html = readFileSync(htmlPath, "utf8");
const sha384 = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
for (const [name, before, after] of [[wasmName, wasm, newWasm], [jsName, Buffer.from(glueBefore), Buffer.from(minified)]]) {
  const tag = new RegExp(`(href="[^"]*${name.replace(/\./g, "\\.")}"[^>]*integrity=")sha384-[^"]+"`, "g");
  if (!tag.test(html)) throw new Error(`index.html has no integrity hash for ${name}`);
  html = html.replace(tag, `$1${sha384(after)}"`);
  // A tag left with the old hash would make the browser refuse the file.
  if (html.includes(sha384(before))) throw new Error(`index.html still has ${name}'s old integrity hash`);
}
writeFileSync(htmlPath, html);
console.log(`shrink-glue: ${renamed.size} imports renamed; glue ${glue.length} -> ${minified.length} bytes`);

// Rewrites the field names of a wasm module's imports with `rename`.
function renameImports(bytes, rename) {
  let at = 8;
  const parts = [bytes.subarray(0, 8)];
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, sizeEnd] = readLeb(bytes, at + 1);
    const body = bytes.subarray(sizeEnd, sizeEnd + size);
    if (id === 2) {
      const newBody = renameInImportSection(body, rename);
      parts.push(Buffer.from([id]), writeLeb(newBody.length), newBody);
    } else {
      parts.push(bytes.subarray(at, sizeEnd + size));
    }
    at = sizeEnd + size;
  }
  return Buffer.concat(parts);
}

function renameInImportSection(body, rename) {
  const [count, countEnd] = readLeb(body, 0);
  const parts = [writeLeb(count)];
  let at = countEnd;
  for (let i = 0; i < count; i++) {
    const moduleEnd = readName(body, at)[1];
    const [fieldName, fieldEnd] = readName(body, moduleEnd);
    const descEnd = skipImportDesc(body, fieldEnd);
    parts.push(body.subarray(at, moduleEnd), writeName(rename(fieldName)), body.subarray(fieldEnd, descEnd));
    at = descEnd;
  }
  if (at !== body.length) throw new Error("the import section has bytes after its last import");
  return Buffer.concat(parts);
}

function skipImportDesc(body, at) {
  const kind = body[at];
  at += 1;
  if (kind === 0) return readLeb(body, at)[1]; // function: type index
  if (kind === 1) return skipLimits(body, at + 1); // table: reference type, limits
  if (kind === 2) return skipLimits(body, at); // memory: limits
  if (kind === 3) return at + 2; // global: value type, mutability
  if (kind === 4) return readLeb(body, at + 1)[1]; // tag: attribute, type index
  throw new Error(`unknown import kind ${kind}`);
}

function skipLimits(body, at) {
  const flags = body[at];
  at = readLeb(body, at + 1)[1];
  return flags & 1 ? readLeb(body, at)[1] : at;
}

function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [bytes.subarray(start, start + length).toString("utf8"), start + length];
}

function writeName(name) {
  const bytes = Buffer.from(name, "utf8");
  return Buffer.concat([writeLeb(bytes.length), bytes]);
}

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length) throw new Error("the wasm ends inside a number");
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function writeLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}
