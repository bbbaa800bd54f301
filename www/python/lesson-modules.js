// The lessons' stand-in modules for the person's programs: installed into every interpreter
// the code tab starts (the page's, and each worker's for to_thread), after the recorder.
//
// - installLessonModules(python) prepares the interpreter `python` (a Pyodide instance): it
//   writes the offline stand-ins of aiohttp and requests (python/shims/, see their
//   docstrings) and the national Pokemon list they answer from into its file system, and
//   puts the shims' folder on sys.path, so `import aiohttp` works in a person's program.
//
// The files go where the site keeps them, under SITE_DIR: the shims find the list two
// folders above their own, as they do in the repository (www/python/shims/ and
// www/pokemon-names.txt), where the native tests run them.

const SHIMS = ["aiohttp.py", "requests.py", "_offline_pokeapi.py"];
const SHIMS_URL = new URL("shims/", import.meta.url);
const NAMES_URL = new URL("../pokemon-names.txt", import.meta.url);
const SITE_DIR = "/playground/site";
const SHIMS_DIR = `${SITE_DIR}/python/shims`;

// The files' texts, by their path under SITE_DIR: downloaded once for every interpreter.
let downloads = null;

export async function installLessonModules(python) {
  if (!downloads) {
    const files = SHIMS.map((name) => [`python/shims/${name}`, new URL(name, SHIMS_URL)]);
    files.push(["pokemon-names.txt", NAMES_URL]);
    downloads = Promise.all(files.map(async ([path, url]) => [path, await fetchText(url)]));
    // A failed download is tried again by the next interpreter.
    downloads.catch(() => (downloads = null));
  }
  const texts = await downloads;
  python.FS.mkdirTree(SHIMS_DIR);
  for (const [path, text] of texts) python.FS.writeFile(`${SITE_DIR}/${path}`, text);
  const dir = JSON.stringify(SHIMS_DIR);
  python.runPython(`import sys\nif ${dir} not in sys.path:\n    sys.path.append(${dir})`);
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.text();
}
