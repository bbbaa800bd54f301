// Lighthouse's four scores for the home page and a scenario page of the release build, served
// on loopback by the end-to-end tests' server. Run alone it prints them:
//   PLAYGROUND_DIST=dist node tests/bench/lighthouse.mjs
// `cargo xtask bench` (tests/bench/bench.mjs) reports them in BENCHMARKS.md.
//
// Lighthouse (npm, pinned in package.json) drives Debian's Chromium, never a downloaded one,
// with its default settings: a mid-range phone on a slow 4G network, simulated from a run at
// full speed (so a busy machine lowers the performance score). Each page is measured
// LIGHTHOUSE_RUNS times (5 unless set) and each score is the median of its runs, as
// Lighthouse's docs advise for the variance of the performance score.
// LIGHTHOUSE_REPORTS=dir keeps every run's full JSON report there.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { serveDirectory } from "../e2e/support/server.mjs";

export const PAGES = ["/", "/?s=tasks"];
export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const CLI = new URL("../../node_modules/lighthouse/cli/index.js", import.meta.url).pathname;

// Lighthouse's version, the runs per page, and by page: the scores 0-100 by category (medians),
// each run's largest contentful paint and total blocking time, the machine's benchmark index
// (median), and the audits that cost points in any run.
export async function lighthouseScores({ dist, runs = Number(process.env.LIGHTHOUSE_RUNS ?? 5) } = {}) {
  if (!existsSync(CLI)) throw new Error("Lighthouse is not installed: run `npm ci`");
  const reportDir = process.env.LIGHTHOUSE_REPORTS;
  if (reportDir) mkdirSync(reportDir, { recursive: true });
  const server = await serveDirectory(dist);
  try {
    const pages = [];
    let version;
    for (const path of PAGES) {
      const reports = [];
      for (let run = 0; run < runs; run++) {
        const report = await runLighthouse(`${server.url}${path}`);
        if (reportDir) writeFileSync(join(reportDir, `${slug(path)}-${run + 1}.json`), JSON.stringify(report));
        reports.push(report);
        version = report.lighthouseVersion;
      }
      const scores = Object.fromEntries(
        CATEGORIES.map((id) => [id, median(reports.map((report) => Math.round(report.categories[id].score * 100)))]),
      );
      const lcpMs = reports.map((report) => report.audits["largest-contentful-paint"].numericValue);
      const tbtMs = reports.map((report) => report.audits["total-blocking-time"].numericValue);
      // Lighthouse's measure of this machine's speed at the time (its CPU slowdown assumes a
      // fast one): a busy machine reads low, and its pages block longer.
      const benchmarkIndex = median(reports.map((report) => report.environment.benchmarkIndex));
      pages.push({ path, scores, lcpMs, tbtMs, benchmarkIndex, lostPoints: lostPoints(reports) });
    }
    return { version, runs, pages };
  } finally {
    await server.close();
  }
}

// One run of the Lighthouse command line; its JSON report.
async function runLighthouse(url) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      CLI,
      url,
      "--output=json",
      "--output-path=stdout",
      "--quiet",
      `--only-categories=${CATEGORIES.join(",")}`,
      "--chrome-flags=--headless=new --no-sandbox",
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }, maxBuffer: 256 << 20 },
  );
  const report = JSON.parse(stdout);
  if (report.runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${report.runtimeError.message}`);
  return report;
}

// The scored audits below a full score in any run, with what they measured ("title: value").
function lostPoints(reports) {
  const lost = new Map();
  for (const report of reports) {
    for (const id of CATEGORIES) {
      for (const { id: auditId, weight } of report.categories[id].auditRefs) {
        const audit = report.audits[auditId];
        if (weight === 0 || audit.score === null || audit.score >= 1) continue;
        const values = lost.get(audit.title) ?? [];
        values.push(audit.displayValue || `score ${audit.score}`);
        lost.set(audit.title, values);
      }
    }
  }
  return [...lost].map(([title, values]) => `${title}: ${values.join(" / ")}`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const slug = (path) => (path === "/" ? "home" : path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, ""));

// "performance 100, accessibility 100, best-practices 100, seo 100"
export const describeScores = (scores) => CATEGORIES.map((id) => `${id} ${scores[id]}`).join(", ");

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = process.env.PLAYGROUND_DIST ?? new URL("../../dist", import.meta.url).pathname;
  const { version, runs, pages } = await lighthouseScores({ dist });
  console.log(`Lighthouse ${version}, mobile, median of ${runs} runs`);
  for (const { path, scores, lcpMs, tbtMs, benchmarkIndex, lostPoints: lost } of pages) {
    console.log(`${path}: ${describeScores(scores)}`);
    console.log(`  LCP ${lcpMs.map((ms) => ms.toFixed(0)).join(", ")} ms; TBT ${tbtMs.map((ms) => ms.toFixed(0)).join(", ")} ms; benchmark index ${benchmarkIndex}`);
    for (const line of lost) console.log(`  ${line}`);
  }
}
