// The one module the app's wasm imports for "your own program" (wasm-bindgen snippet). It is
// small and loads nothing at first: CPython (Pyodide) and the editor (CodeMirror) are fetched
// from our own origin only when a person opens the code tab. Workers load the app's glue too,
// so nothing here touches the page at import time.

const siteUrl = (path) => new URL(path, globalThis.document?.baseURI ?? globalThis.location.href).href;

let runtime = null;
let loadedRuntime = null;
let editorModule = null;

// Loads CPython and the recorder; `onProgress(loadedBytes, totalBytes)` is called while the
// files arrive. Resolves when a program can run; rejects with a message a person can read.
export async function load_python(onProgress) {
  runtime ??= import(siteUrl("python/runtime.js"));
  const module = await runtime.catch((error) => {
    runtime = null;
    throw new Error(`the Python runtime could not be loaded (${error.message})`);
  });
  await module.loadPython({ onProgress: (loaded, total) => onProgress(loaded, total) });
  loadedRuntime = module;
}

// Whether `source` uses threads (asyncio.to_thread, run_in_executor), and how many it gets.
export function program_threads(source) {
  return loadedRuntime?.usesThreads(source) ? loadedRuntime.threadCount(source) : 0;
}

// Starts the threads `source` uses, before its run; rejects with a message a person can read.
export async function prepare_program(source) {
  if (!loadedRuntime) throw new Error("Python is not loaded yet");
  await loadedRuntime.prepareProgram(source);
}

// Runs `source` as the person's program; resolves with its outcome (see runtime.js).
export async function run_program(source) {
  if (!loadedRuntime) throw new Error("Python is not loaded yet");
  return loadedRuntime.runProgram(source);
}

// The event lines recorded since the last call (core::python_trace's format).
export function take_events() {
  return loadedRuntime ? loadedRuntime.takeEvents() : "";
}

// Cancels every task of the program that runs.
export function stop_program() {
  loadedRuntime?.stopProgram();
}

// Makes an editor in `parent` holding `text`; `onRun()` is called on Ctrl/Cmd+Enter.
export async function create_editor(parent, text, onRun) {
  editorModule ??= import(siteUrl("editor/editor.js"));
  const module = await editorModule;
  return module.createEditor(parent, text, { onRun: () => onRun() });
}

// The text in `editor`.
export function editor_text(editor) {
  return editor.getText();
}

// Replaces the text in `editor`.
export function set_editor_text(editor, text) {
  editor.setText(text);
}

// Marks line `line` (1-based) of `editor` as the one an error points at; 0 clears the mark.
export function mark_editor_line(editor, line) {
  editor.markLine(line > 0 ? line : null);
}

// `text` compressed (deflate) and written in base64url, for the `#code=` part of a link.
export async function pack_code(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// The text packed in `packed` by pack_code; rejects on anything else, and on more than
// `maxChars` characters (a link must not make the page inflate a bomb).
export async function unpack_code(packed, maxChars) {
  if (!/^[A-Za-z0-9_-]*$/.test(packed)) throw new Error("the code in the link is not base64url");
  const binary = atob(packed.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
    if (text.length > maxChars) {
      await reader.cancel();
      throw new Error(`the code in the link is longer than ${maxChars} characters`);
    }
  }
}
