// Trunk's post-build hook (Trunk.toml): its steps, one after the other, in this order.
// Trunk 0.21 starts all the hooks of a stage at once (src/hooks.rs spawns a task per hook and
// waits for them all), so steps that depend on one another are chained here, not listed as
// hooks of their own.
// 1. tools/shrink-glue.mjs (release builds): rewrites the wasm, the glue and index.html.
// 2. tools/wasm-after-paint.mjs: the page fetches the wasm as shipped after its first paint.
// 3. tools/python-assets.mjs: Pyodide's files and the recorder, for "your own program".
// 4. tools/editor-bundle.mjs: the code editor, one bundled module.
// 5. tools/service-worker.mjs: writes sw.js, which lists the files as shipped.
import { execFileSync } from "node:child_process";

const steps = ["shrink-glue.mjs", "wasm-after-paint.mjs", "python-assets.mjs", "editor-bundle.mjs", "service-worker.mjs"];
for (const step of steps) {
  // The same environment (Trunk's TRUNK_* variables); a failing step throws and fails the build.
  execFileSync(process.execPath, [new URL(step, import.meta.url).pathname], { stdio: "inherit" });
}
