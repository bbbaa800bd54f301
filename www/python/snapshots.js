// Python's second start in a browser comes from a memory snapshot of its first: the
// interpreter with its start-up done (measured here: 245-262 ms to start from it, against
// 1.7 s). runtime.js makes it at the page's first start; the page and its thread workers
// start from it after that. The snapshot (about 30 MB) is kept in a cache of its own, which
// the service worker's clean-up leaves alone, named for Pyodide's own files, so another
// Pyodide never loads it; one that fails to load is dropped, and Python starts as usual.

const PYODIDE_URL = new URL("../pyodide/", import.meta.url);

export const snapshots = {
  CACHE: "python-snapshot",

  // The snapshot's name for the Pyodide whose file sizes are `sizes` (pyodide/sizes.json).
  key(sizes) {
    return new URL(`snapshot-${sizes["pyodide.asm.wasm"]}-${sizes["python_stdlib.zip"]}.bin`, PYODIDE_URL).href;
  },

  // The key of this build's Pyodide, read from pyodide/sizes.json; null if it cannot be.
  async currentKey() {
    try {
      const response = await fetch(new URL("sizes.json", PYODIDE_URL));
      return response.ok ? this.key(await response.json()) : null;
    } catch {
      return null;
    }
  },

  async read(key) {
    try {
      const cache = await globalThis.caches?.open(this.CACHE);
      const response = key ? await cache?.match(key) : null;
      return response ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch {
      return null;
    }
  },

  async save(key, bytes) {
    try {
      const cache = await globalThis.caches?.open(this.CACHE);
      if (!cache) return;
      for (const old of await cache.keys()) await cache.delete(old);
      await cache.put(key, new Response(bytes));
    } catch (error) {
      console.warn("Python's snapshot was not kept", error);
    }
  },

  async drop() {
    await globalThis.caches?.delete(this.CACHE).catch(() => {});
    return null;
  },
};
