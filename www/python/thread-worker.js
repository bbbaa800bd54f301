// A "thread" of the person's program: a Web Worker running CPython (Pyodide) too, for
// asyncio.to_thread and loop.run_in_executor (Pyodide has no threads). threads.js starts it.
//
// Messages in:  { type: "prepare", source }  load the program's module (before its clock)
//               { type: "call", id, payload }  run a pickled call (recorder.worker_call)
// Messages out: { type: "ready" } once Python is loaded, or { type: "failed", message }
//               { type: "prepared", problem }   "" when the module loaded
//               { type: "print", id, text }     a line the call printed
//               { type: "result", id, payload } the pickled outcome (or `error`, a message)
import { installLessonModules } from "./lesson-modules.js";
import { importRecorder } from "./recorder-module.js";
import { startPython } from "./snapshots.js";

const PYODIDE_URL = new URL("../pyodide/", import.meta.url);
const RECORDER_URL = new URL("recorder.py", import.meta.url);

// The call running now, whose prints go to the page.
let currentId = null;

const started = (async () => {
  const { loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE_URL).href);
  const start = (options) => loadPyodide({ indexURL: PYODIDE_URL.href, packages: [], stdin: () => null, ...options });
  const { python } = await startPython(start);
  const response = await fetch(RECORDER_URL);
  if (!response.ok) throw new Error(`${RECORDER_URL.pathname}: HTTP ${response.status}`);
  const recorder = importRecorder(python, await response.text());
  await installLessonModules(python);
  recorder.worker_install((text) => postMessage({ type: "print", id: currentId, text: String(text) }));
  return recorder;
})();

started.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "failed", message: error?.message ?? String(error) }),
);

onmessage = async ({ data }) => {
  const recorder = await started;
  if (data.type === "prepare") {
    postMessage({ type: "prepared", problem: String(recorder.worker_prepare(data.source)) });
  } else if (data.type === "call") {
    currentId = data.id;
    try {
      postMessage({ type: "result", id: data.id, payload: recorder.worker_call(data.payload) });
    } catch (error) {
      // Python itself failed (worker_call catches what the call raises).
      postMessage({ type: "result", id: data.id, error: `the thread's Python failed: ${error?.message ?? error}` });
    } finally {
      currentId = null;
    }
  }
};
