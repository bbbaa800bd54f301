// Puts recorder.py into a Pyodide interpreter, the page's or a thread worker's, and imports it
// as the module `recorder`, which it returns.
export function importRecorder(python, source) {
  python.FS.mkdirTree("/playground");
  python.FS.writeFile("/playground/recorder.py", source);
  python.runPython(
    [
      "import importlib.util, sys",
      'spec = importlib.util.spec_from_file_location("recorder", "/playground/recorder.py")',
      "module = importlib.util.module_from_spec(spec)",
      'sys.modules["recorder"] = module',
      "spec.loader.exec_module(module)",
      "del spec, module",
    ].join("\n"),
  );
  return python.pyimport("recorder");
}
