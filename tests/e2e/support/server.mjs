// A static file server for the release build, on loopback only.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
};

// Serves `root` on 127.0.0.1, at `port` or else a free one; resolves to { url, close }.
export async function serveDirectory(root, { port: wantedPort = 0 } = {}) {
  const rootDir = resolve(root);
  await stat(join(rootDir, "index.html")).catch(() => {
    throw new Error(`${rootDir}/index.html is missing: run the release build first`);
  });
  const server = createServer(async (request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    } catch {
      // A malformed escape such as "/%" gets an answer, not a crash of the server.
      response.writeHead(400, { "content-type": "text/plain" }).end("bad request");
      return;
    }
    if (path.startsWith("/api/")) {
      await failingApi(path, response);
      return;
    }
    let file = normalize(join(rootDir, path));
    if (!file.startsWith(rootDir + sep) && file !== rootDir) {
      response.writeHead(403).end();
      return;
    }
    if (path.endsWith("/")) file = join(file, "index.html");
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": MIME_TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(wantedPort, "127.0.0.1", done);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

// A deliberately unreliable PokeAPI stand-in, by id modulo 5: 0 is missing (404), 1 answers
// malformed JSON, 2 answers well, 3 answers well but only after SLOW_ANSWER_MS, 4 drops the
// connection without an answer, as a server that is offline.
const SLOW_ANSWER_MS = 3000;

async function failingApi(path, response) {
  const match = /^\/api\/v2\/pokemon\/(\d+)$/.exec(path);
  const id = match ? Number(match[1]) : 0;
  const json = { "content-type": "application/json", "cache-control": "no-store" };
  switch (id % 5) {
    case 0:
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      break;
    case 1:
      response.writeHead(200, json).end('{"name": "unterminated');
      break;
    case 2:
      response.writeHead(200, json).end(JSON.stringify({ forms: [{ name: "form" }], name: `mon-${id}` }));
      break;
    case 4:
      response.socket?.destroy();
      break;
    default:
      await new Promise((done) => setTimeout(done, SLOW_ANSWER_MS));
      if (!response.destroyed) response.writeHead(200, json).end(JSON.stringify({ name: `late-${id}` }));
  }
}
