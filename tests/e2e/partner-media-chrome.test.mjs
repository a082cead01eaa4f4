// End-to-end: <micro-drama slot="media"> under media-chrome's <media-controller> (npm media-chrome,
// pinned in package.json), as a partner puts it beside their own controls: media-chrome's play, mute
// and time display drive and show the player through the media element surface (CONTRACT v2 §4.1).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { OUT, serve, launchBrowser } from "./support.mjs";

const MEDIA_CHROME = fileURLToPath(new URL("../../node_modules/media-chrome/dist/", import.meta.url));

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="favicon.svg">
<title>media-chrome and micro-drama</title>
<script src="vendor/media-chrome/iife/index.js"></script>
<script type="module" src="micro-drama.js"></script>
<style>body { margin: 0; background: #111; } media-controller { width: 270px; height: 480px; }</style>
</head><body>
<media-controller>
  <micro-drama slot="media" src="demo/catalog.json" series="anti-fraud" muted resume="off" controls="off"></micro-drama>
  <media-control-bar>
    <media-play-button></media-play-button>
    <media-mute-button></media-mute-button>
    <media-time-display showduration></media-time-display>
  </media-control-bar>
</media-controller>
</body></html>`;

let server;
let browser;
let origin;

before(async () => {
  server = await serve({ "media-chrome.html": PAGE }, { "vendor/media-chrome/": MEDIA_CHROME });
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("media-chrome's play, mute and time display drive and show <micro-drama>", async () => {
  const context = await browser.newContext({ viewport: { width: 300, height: 520 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.goto(`${origin}/media-chrome.html`);
  const controller = page.locator("media-controller");
  const player = () => page.evaluate(() => {
    const el = document.querySelector("micro-drama");
    return { paused: el.paused, muted: el.muted, attribute: el.hasAttribute("muted"), time: el.currentTime };
  });

  // It plays by itself (muted autoplay); media-chrome sees it playing.
  await page.waitForFunction(() => !document.querySelector("micro-drama").paused
    && document.querySelector("micro-drama").currentTime > 0.5, null, { timeout: 30000 });
  await page.waitForFunction(() => !document.querySelector("media-controller").hasAttribute("mediapaused"));

  // The time display shows the segment's time and its duration (0:08), and moves.
  // (media-time-display writes "0:03 / 0:08" into the slot of its shadow root.)
  const shown = () => page.evaluate(() => document.querySelector("media-time-display").shadowRoot
    .querySelector("slot").textContent.trim());
  await page.waitForFunction(() => /^0:0[1-7]\s*\/\s*0:08$/.test(document.querySelector("media-time-display")
    .shadowRoot.querySelector("slot").textContent.trim()), null, { timeout: 10000 });
  const first = await shown();

  // Its play button pauses...
  await page.locator("media-play-button").click();
  await page.waitForFunction(() => document.querySelector("micro-drama").paused, null, { timeout: 5000 });
  await page.waitForFunction(() => document.querySelector("media-controller").hasAttribute("mediapaused"));
  const paused = await player();
  await page.waitForTimeout(600);
  assert.equal((await player()).time, paused.time, "paused: the time stands still");
  // ...and resumes.
  await page.locator("media-play-button").click();
  await page.waitForFunction((t) => {
    const el = document.querySelector("micro-drama");
    return !el.paused && el.currentTime > t + 0.3;
  }, paused.time, { timeout: 5000 });
  // The display follows the player's timeupdate events: it moves on from what it showed first.
  await page.waitForFunction((before) => document.querySelector("media-time-display").shadowRoot
    .querySelector("slot").textContent.trim() !== before, first, { timeout: 5000 });
  assert.match(await shown(), /^0:0\d\s*\/\s*0:08$/);

  // Its mute button unmutes: the property and the attribute follow, and media-chrome shows it.
  assert.deepEqual((({ muted, attribute }) => ({ muted, attribute }))(await player()), { muted: true, attribute: true });
  await page.locator("media-mute-button").click();
  await page.waitForFunction(() => !document.querySelector("micro-drama").muted, null, { timeout: 5000 });
  assert.equal((await player()).attribute, false, "the muted attribute went with the sound");
  await page.waitForFunction(() => !document.querySelector("media-controller").hasAttribute("mediamuted"));
  assert.equal(await controller.getAttribute("mediavolumelevel") !== "off", true);

  await mkdir(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}partner-media-chrome.png` });
  assert.deepEqual(problems, []);
  await context.close();
});
