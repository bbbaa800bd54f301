// CPython in the page: loads Pyodide from the site's own pyodide/ folder (never a CDN) and
// runs a person's asyncio program on the page's event loop, recorded by recorder.py. The app
// reaches it only through bridge.js, which imports it when a person first opens the code tab.
//
// - loadPython({ onProgress }) loads Python once; onProgress(loadedBytes, totalBytes) is
//   called while the files arrive.
// - runProgram(source) runs a program; it resolves with its outcome (see runProgram).
// - takeEvents() drains the event lines recorded so far (crates/core/src/python_trace.rs's
//   format); call it while the program runs and once more after it ends.
// - stopProgram() cancels every task of the running program.
// - prepareProgram(source) starts the program's threads, when it uses asyncio.to_thread or
//   run_in_executor: Web Workers running CPython (threads.js), each with the program's module
//   loaded. runProgram does it too; calling it first keeps that wait out of the run.
//
// A program that holds the page for HOLD_CAP_MS without a break is interrupted: Pyodide reads
// an "interrupt buffer" now and then while Python runs, and ours answers SIGINT once the page
// has been held that long (see holdWatch). The recorder turns the KeyboardInterrupt into a
// "cap" outcome with the program's line.

import { installLessonModules } from "./lesson-modules.js";
import { importRecorder } from "./recorder-module.js";
import { SNAPSHOT_FILE, forgetOldSnapshot, snapshotWanted, startPython } from "./snapshots.js";
import { endThreads, prepareThreads, threadCall, threadCount } from "./threads.js";

const PYODIDE_URL = new URL("../pyodide/", import.meta.url);
const RECORDER_URL = new URL("recorder.py", import.meta.url);
// Must equal recorder.py's HOLD_CAP_MS.
const HOLD_CAP_MS = 15_000;
const SIGINT = 2;
// A hold that goes on after SIGINT (the program caught it) gets another after this long.
const HOLD_CAP_AGAIN_MS = 2_000;
// The files loadPython fetches or imports, whose sizes the build writes in pyodide/sizes.json.
const COUNTED_FILES = [
  "pyodide.mjs",
  "pyodide.asm.mjs",
  "pyodide.asm.wasm",
  "python_stdlib.zip",
  "pyodide-lock.json",
  "recorder.py",
];
// Progress is reported at most this often (and once at the end).
const PROGRESS_INTERVAL_MS = 50;

// The load in progress or done: its promise and who wants its progress.
let loading = null;
// The recorder's functions, as Python proxies.
let recorder = null;
// The interpreter's Emscripten module, whose memory only grows.
let emscripten = null;
let running = null;
// Whether Python died in a run and loads again for the next one.
let reloadForNextRun = false;
// Whether this interpreter has run a thread's call path once (recorder.warm_threads).
let threadsWarm = false;
// How Python last started: "snapshot" (the build's, see snapshots.js) or "files".
let startedFrom = null;

// Loads CPython and the recorder. Every call returns the same promise until a load fails;
// after a failure the next call tries again.
export function loadPython({ onProgress } = {}) {
  if (!loading) {
    const listeners = new Set();
    const attempt = { listeners, promise: null };
    attempt.promise = load(listeners).then(
      () => listeners.clear(),
      (error) => {
        if (loading === attempt) loading = null;
        listeners.clear();
        throw new Error(`Python could not be loaded: ${error?.message ?? error}`);
      },
    );
    loading = attempt;
  }
  if (onProgress) loading.listeners.add(onProgress);
  return loading.promise;
}

// Runs `source` as the person's program. Resolves with { status: "done" | "stopped" | "error",
// kind: null | "syntax" | "exception" | "cap", line: the program's line or null, message,
// totalMs }; never rejects for anything the program does.
export async function runProgram(source) {
  if (!recorder && reloadForNextRun) await loadPython();
  if (!recorder) throw new Error("Python is not loaded yet");
  if (running) throw new Error("a program is already running");
  try {
    await prepareProgram(source);
  } catch (error) {
    return failedRun(error.message);
  }
  let result;
  holdWatch.start();
  try {
    running = recorder.runProgram.callPromising(String(source));
    result = await running;
  } catch (error) {
    if (error?.type) {
      // A Python exception escaped the recorder: Python itself is fine.
      return failedRun(`the playground failed to run the program: ${error.message}`);
    }
    // The interpreter itself failed (a fatal error, such as the engine's stack overflowing):
    // it cannot run anything more. The page stays; a new one loads for the next run.
    recorder = null;
    loading = null;
    reloadForNextRun = true;
    const cause = error?.message || error?.name || String(error);
    return failedRun(`Python itself stopped working (${cause}); it loads again for the next run.`);
  } finally {
    holdWatch.stop();
    running = null;
    // A thread still running when its program ended is ended too.
    endThreads();
  }
  try {
    const outcome = result.toJs({ dict_converter: Object.fromEntries });
    return {
      status: outcome.status,
      kind: outcome.kind ?? null,
      line: outcome.line ?? null,
      message: outcome.message ?? "",
      totalMs: outcome.totalMs ?? 0,
    };
  } finally {
    result.destroy();
  }
}

// The size of the page's Python's WebAssembly memory in bytes (0 before it has loaded). It
// never shrinks: memory a program frees is used again by the next.
export function memoryBytes() {
  return emscripten?.HEAPU8.byteLength ?? 0;
}

// How Python last started: "snapshot", "files", or null before it has.
export function pythonStart() {
  return startedFrom;
}

// Whether `source` may use threads: its to_thread and run_in_executor calls go to workers.
export function usesThreads(source) {
  return /\b(to_thread|run_in_executor)\b/.test(String(source));
}

// The number of threads `source` gets, if it uses them.
export { threadCount };

export async function prepareProgram(source) {
  if (!usesThreads(source)) return;
  try {
    const first = !threadsWarm;
    await prepareThreads(String(source));
    if (first && recorder) {
      recorder.warmThreads();
      threadsWarm = true;
    }
  } catch (error) {
    throw new Error(`the program's threads (Web Workers running Python) could not start: ${error?.message ?? error}`);
  }
}

function failedRun(message) {
  return { status: "error", kind: "exception", line: null, message, totalMs: 0 };
}

// The event lines recorded since the last call, each ending in a line break.
export function takeEvents() {
  return recorder ? recorder.takeEvents() : "";
}

// Cancels every task of the running program: each sees CancelledError; the outcome is "stopped".
export function stopProgram() {
  if (running && recorder) recorder.stopProgram();
}

async function load(listeners) {
  // asyncio.run waits for the page's event loop by suspending WebAssembly (JSPI).
  if (typeof WebAssembly.Suspending !== "function" || typeof WebAssembly.promising !== "function") {
    throw new Error(
      "this browser cannot suspend WebAssembly (JSPI), which asyncio in the page needs; " +
        "a recent Chromium-based browser (Chrome, Edge) can",
    );
  }
  const sizes = await fetch(new URL("sizes.json", PYODIDE_URL)).then((response) => {
    if (!response.ok) {
      throw new Error(`pyodide/sizes.json: HTTP ${response.status} (is Python part of this build?)`);
    }
    return response.json();
  });
  const counted = snapshotWanted() ? [...COUNTED_FILES, SNAPSHOT_FILE] : COUNTED_FILES;
  const progress = new Progress(listeners, counted.reduce((sum, name) => sum + (sizes[name] ?? 0), 0));
  // Pyodide imports pyodide.asm.mjs itself; importing the same URL here shares the one
  // download and says when it has arrived (an import cannot report bytes).
  const loaderUrl = new URL("pyodide.mjs", PYODIDE_URL).href;
  const glueUrl = new URL("pyodide.asm.mjs", PYODIDE_URL).href;
  const glue = import(glueUrl).then(() => progress.add(sizes["pyodide.asm.mjs"] ?? 0));
  const recorderSource = fetchText(RECORDER_URL, (n) => progress.add(n));
  // Awaited below; if loading fails first, their failures are that one's.
  glue.catch(() => {});
  recorderSource.catch(() => {});
  const { loadPyodide } = await import(loaderUrl);
  progress.add(sizes["pyodide.mjs"] ?? 0);
  const start = (options) =>
    withCountedFetches(PYODIDE_URL.href, (n) => progress.add(n), () =>
      loadPyodide({
        indexURL: PYODIDE_URL.href,
        packages: [],
        // Nothing may open a prompt() dialog: the program's input() is refused by the recorder.
        stdin: () => null,
        ...options,
      }),
    );
  // The snapshot's download starts before `start` counts Pyodide's own fetches, so it is
  // counted once, here.
  forgetOldSnapshot();
  const started = await startPython(start, { onSnapshotBytes: (n) => progress.add(n) });
  const python = started.python;
  startedFrom = started.from;
  await glue;
  const module = importRecorder(python, await recorderSource);
  module.install(() => holdWatch.capFired(), threadCall);
  await installLessonModules(python);
  emscripten = python._module;
  recorder = {
    runProgram: module.run_program,
    takeEvents: module.take_events,
    stopProgram: module.stop_program,
    warmThreads: module.warm_threads,
  };
  threadsWarm = false;
  python.setInterruptBuffer(holdWatch.buffer);
  reloadForNextRun = false;
  progress.finish();
}

// Bytes loaded out of the total, reported to every listener at most every PROGRESS_INTERVAL_MS.
class Progress {
  constructor(listeners, totalBytes) {
    this.listeners = listeners;
    this.totalBytes = totalBytes;
    this.loadedBytes = 0;
    this.reportedAt = -Infinity;
    this.report();
  }

  add(bytes) {
    this.loadedBytes = Math.min(this.totalBytes, this.loadedBytes + bytes);
    if (performance.now() - this.reportedAt >= PROGRESS_INTERVAL_MS) this.report();
  }

  finish() {
    this.loadedBytes = this.totalBytes;
    this.report();
  }

  report() {
    this.reportedAt = performance.now();
    for (const listener of this.listeners) {
      try {
        listener(this.loadedBytes, this.totalBytes);
      } catch (error) {
        console.error("a Python load progress listener failed", error);
      }
    }
  }
}

// Runs `body` with fetch() counting the bytes of every response under `baseUrl` as they
// arrive (Pyodide fetches the wasm, the standard library and the lock file with fetch; the
// wasm is still compiled while it streams in). A file that fails to arrive rejects at once:
// Pyodide itself would only log it and wait forever.
async function withCountedFetches(baseUrl, onBytes, body) {
  const originalFetch = globalThis.fetch;
  let fail;
  const failed = new Promise((_, reject) => (fail = reject));
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(baseUrl)) return originalFetch(input, init);
    const path = new URL(url).pathname;
    let response;
    try {
      response = await originalFetch(input, init);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      const problem = new Error(`${path} could not be downloaded (${error.message})`);
      fail(problem);
      throw problem;
    }
    if (!response.body) return response;
    const reader = response.body.getReader();
    const counted = new ReadableStream({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          onBytes(value.byteLength);
          controller.enqueue(value);
        } catch (error) {
          fail(new Error(`the download of ${path} broke off (${error.message})`));
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(counted, { status, statusText, headers });
  };
  try {
    return await Promise.race([body(), failed]);
  } finally {
    globalThis.fetch = originalFetch;
  }
}

async function fetchText(url, onBytes) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  const text = await response.text();
  onBytes(new TextEncoder().encode(text).length);
  return text;
}

// Whether the page has been held for HOLD_CAP_MS without a break, as Pyodide's interrupt
// buffer: while Python runs, CPython reads `buffer[0]` every few dozen bytecodes and raises
// KeyboardInterrupt when it reads SIGINT (then writes 0). A hold starts at the first read
// after the page was last free. "Free" is seen by a message posted to ourselves: it is
// delivered only when the thread is not held, and unlike a timer it is not slowed down in a
// hidden tab.
const holdWatch = (() => {
  let active = false;
  let capFired = false;
  let signalPending = false;
  let freeSeen = true;
  let pingOutstanding = false;
  let holdStartMs = 0;
  let nextSignalAtMs = HOLD_CAP_MS;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    pingOutstanding = false;
    freeSeen = true;
  };
  const buffer = {
    get 0() {
      if (!active) return 0;
      if (signalPending) return SIGINT;
      const now = performance.now();
      if (freeSeen) {
        freeSeen = false;
        holdStartMs = now;
        nextSignalAtMs = HOLD_CAP_MS;
      }
      if (!pingOutstanding) {
        pingOutstanding = true;
        channel.port2.postMessage(0);
      }
      if (now - holdStartMs > nextSignalAtMs) {
        capFired = true;
        signalPending = true;
        nextSignalAtMs += HOLD_CAP_AGAIN_MS;
        return SIGINT;
      }
      return 0;
    },
    set 0(value) {
      if (value === 0) signalPending = false;
    },
  };
  return {
    buffer,
    start() {
      active = true;
      capFired = signalPending = false;
      freeSeen = true;
    },
    stop() {
      active = false;
      signalPending = false;
    },
    // Whether the cap sent SIGINT in this run.
    capFired() {
      return capFired;
    },
  };
})();
