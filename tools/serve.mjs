// Serves a built site on loopback, as `cargo xtask serve` does: node tools/serve.mjs DIST PORT.
// It is the end-to-end tests' server, so the page under your eyes is the one they check,
// failing local Pokemon endpoint (`api=local`) included.
import { serveDirectory } from "../tests/e2e/support/server.mjs";

const [dist = "dist", port = "8080"] = process.argv.slice(2);
try {
  const server = await serveDirectory(dist, { port: Number(port) });
  console.log(`open ${server.url}/ (Ctrl-C stops)`);
} catch (error) {
  const reason = error.code === "EADDRINUSE" ? `port ${port} is in use: stop whatever serves it first` : error.message;
  console.error(`serve: ${reason}`);
  process.exit(1);
}
