// The lessons' stand-in modules for the person's programs: installed into every interpreter
// the code tab starts (the page's, and each worker's for to_thread), after the recorder.
//
// - installLessonModules(python) prepares the interpreter `python` (a Pyodide instance).

export async function installLessonModules(python) {
  void python;
}
