// Draws the install icons (www/icons/icon-192.png and icon-512.png) from www/favicon.svg with
// headless Chromium. Run once by hand after the SVG changes; the PNG files are committed:
//   CHROMIUM_PATH=/usr/bin/chromium node tools/make-icons.mjs
// Browsers want PNG icons of 192 and 512 px to install a site (see www/manifest.webmanifest).
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const www = new URL("../www/", import.meta.url);
const svg = readFileSync(new URL("favicon.svg", www), "utf8");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    // The ring on a transparent square, drawn at the icon's own size (no scaling of pixels).
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: new URL(`icons/icon-${size}.png`, www).pathname, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
