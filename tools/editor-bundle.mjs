// A post-build step: bundles the code editor, www/editor/editor.js with CodeMirror, into one
// self-contained ES module, <build>/editor/editor.js, which www/python/bridge.js imports
// when a person opens the code tab (and nothing imports before that). The build's folder is
// Trunk's TRUNK_STAGING_DIR, as for the other post-build steps.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as Trunk's post_build hook");
const sourceDir = process.env.TRUNK_SOURCE_DIR ?? new URL("..", import.meta.url).pathname;

const outDir = join(dir, "editor");
const outFile = join(outDir, "editor.js");
mkdirSync(outDir, { recursive: true });
const result = await build({
  entryPoints: [join(sourceDir, "www", "editor", "editor.js")],
  // CodeMirror resolves from the project's node_modules, whatever the working directory.
  absWorkingDir: sourceDir,
  outfile: outFile,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  // One file: no chunks, no source map, no license comments file beside it.
  splitting: false,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
});
// One output file that imports nothing, or bridge.js would import a module whose own imports
// are not in the build.
const outputs = Object.entries(result.metafile.outputs);
if (outputs.length !== 1) throw new Error(`the editor bundle is ${outputs.length} files, not one: ${outputs.map(([name]) => name).join(", ")}`);
const imports = outputs[0][1].imports.map((entry) => entry.path);
if (imports.length) throw new Error(`the editor bundle imports ${imports.join(", ")}: it must be self-contained`);

const bytes = readFileSync(outFile);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`editor-bundle: editor/editor.js ${kib(bytes.length)} (${kib(gzipSync(bytes, { level: 9 }).length)} gzip)`);
