// Makes the memory snapshot Python starts from in the page and in its thread workers
// (www/python/snapshots.js): Pyodide started in headless Chromium from the files the build
// ships, with the modules the recorder imports already imported, before any of the
// playground's own code has run. tools/python-assets.mjs calls it.
//
// It is made in the browser because the interpreter's memory records what its first start
// found there: a snapshot made in Node 20, whose WebAssembly cannot suspend the way
// Chromium's does (JSPI), loads in the page but cannot run asyncio.run.
//
// A snapshot holds the interpreter's memory only: the files it reads come from the page's
// own download of the standard library, and JavaScript's side is set up again on each start.
// It is kept in target/python-snapshot/ under a hash of what it depends on, so a build that
// changes none of that takes it from there.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";

// What the recorder (www/python/recorder.py) and the lessons' stand-ins import at start-up.
// A module left out is only imported later, when the program starts.
const IMPORTS = [
  "import ast, asyncio, asyncio.base_events, asyncio.events, asyncio.tasks, asyncio.threads",
  "import asyncio.timeouts, builtins, heapq, importlib, importlib.util, inspect, io, json",
  "import linecache, math, pickle, random, reprlib, signal, socket, threading, traceback",
  "import types, warnings",
].join("\n");

const FILE = "snapshot.bin.gz";
const root = new URL("..", import.meta.url).pathname;

// Writes `<pyodideDir>/snapshot.bin.gz` for the Pyodide files in `pyodideDir` (the build's
// copy). Resolves with its size in bytes, or with null when no Chromium is there to make it
// (the page then starts Python from its files, about two seconds slower).
export async function makeSnapshot(pyodideDir) {
  const hash = createHash("sha256");
  for (const name of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]) {
    hash.update(readFileSync(join(pyodideDir, name)));
  }
  hash.update(IMPORTS).update(readFileSync(new URL(import.meta.url)));
  const cacheDir = join(root, "target", "python-snapshot");
  const cached = join(cacheDir, `${hash.digest("hex").slice(0, 16)}.bin.gz`);
  if (!existsSync(cached)) {
    const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    if (!existsSync(executablePath)) {
      console.warn(`python-snapshot: no Chromium at ${executablePath}, so no snapshot: Python will start from its files`);
      return null;
    }
    const bytes = await snapshotInChromium(pyodideDir, executablePath);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, bytes);
  }
  copyFileSync(cached, join(pyodideDir, FILE));
  return readFileSync(cached).length;
}

async function snapshotInChromium(pyodideDir, executablePath) {
  const { chromium } = await import("playwright-core");
  const server = await serve(pyodideDir);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const base64 = await page.evaluate(async (imports) => {
      const indexURL = new URL("/pyodide/", location.href).href;
      const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
      const python = await loadPyodide({ indexURL, packages: [], stdin: () => null, _makeSnapshot: true });
      python.runPython(imports);
      const zipped = new Blob([python.makeMemorySnapshot()]).stream().pipeThrough(new CompressionStream("gzip"));
      const bytes = new Uint8Array(await new Response(zipped).arrayBuffer());
      let text = "";
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    }, IMPORTS);
    return Buffer.from(base64, "base64");
  } finally {
    await browser.close();
    server.close();
  }
}

// Serves `pyodideDir` under /pyodide/ and an empty page at /, on loopback.
async function serve(pyodideDir) {
  const types = { ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    const name = path.startsWith("/pyodide/") ? path.slice("/pyodide/".length) : null;
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>snapshot</title>");
    } else if (name && /^[\w.-]+$/.test(name) && existsSync(join(pyodideDir, name))) {
      const type = types[extname(name)] ?? "application/octet-stream";
      response.writeHead(200, { "content-type": type }).end(readFileSync(join(pyodideDir, name)));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
