// Python starts from a memory snapshot that the build made (tools/python-snapshot.mjs): the
// interpreter with its start-up done and the modules the recorder imports already imported,
// gzipped (about 30 MB of memory, 6 MB to download). Measured here, starting from it takes
// about half a second where starting from Pyodide's files takes over two, and the browser
// stays free while it downloads. The page and every thread worker start this way.
//
// A connection that asks to save data, or a slow one, skips it: there, 6 MB more to download
// would cost more than the seconds of start-up they save. So does a build without one.

const PYODIDE_URL = new URL("../pyodide/", import.meta.url);
export const SNAPSHOT_FILE = "snapshot.bin.gz";
// A snapshot an earlier version of the page kept in this browser's Cache API.
const OLD_CACHE = "python-snapshot";

// Deletes the snapshot an earlier version of the page kept; the page does it once as it
// starts Python (its thread workers need not).
export function forgetOldSnapshot() {
  globalThis.caches?.delete(OLD_CACHE).catch(() => {});
}

// Whether this start should download the snapshot.
export function snapshotWanted() {
  const connection = globalThis.navigator?.connection;
  if (!connection) return true;
  return !connection.saveData && !["slow-2g", "2g", "3g"].includes(connection.effectiveType);
}

// The snapshot's bytes, gunzipped; `onBytes(n)` is told of each compressed chunk as it
// arrives. Rejects with a message naming what failed.
export async function fetchSnapshot(onBytes = () => {}) {
  const url = new URL(SNAPSHOT_FILE, PYODIDE_URL);
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  const counted = response.body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
  const unzipped = counted.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(unzipped).arrayBuffer());
}

// Run once after a start from the snapshot: it suspends WebAssembly as asyncio.run does, and
// reseeds random, since every start from one snapshot would otherwise draw the same numbers.
const SELF_CHECK = "import asyncio, random\nfrom pyodide.ffi import run_sync\nrun_sync(asyncio.sleep(0))\nrandom.seed()";

// Starts Python with `start(options)` (loadPyodide with the caller's options): from the
// snapshot when it is wanted and loads, else from Pyodide's files. Resolves with the
// interpreter and where it came from, "snapshot" or "files".
export async function startPython(start, { onSnapshotBytes } = {}) {
  if (snapshotWanted()) {
    try {
      const python = await start({ _loadSnapshot: fetchSnapshot(onSnapshotBytes) });
      // asyncio.run needs WebAssembly to suspend (JSPI); an interpreter whose snapshot was
      // made where it could not would fail only then, so it is tried here.
      await python.runPythonAsync(SELF_CHECK);
      return { python, from: "snapshot" };
    } catch (error) {
      console.warn("Python's snapshot did not load; it starts from its files", error);
    }
  }
  return { python: await start({}), from: "files" };
}
