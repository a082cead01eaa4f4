// Shared by the end-to-end tests: the static server for www/, Debian's Chromium, the demo page with its events.

import { before, after } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { WWW, serveWww } from "./static-server.mjs";

export const ROOT = WWW;
export const OUT = fileURLToPath(new URL("../../test-output/", import.meta.url));

/**
 * Serves www/ on 127.0.0.1 at a free port (see static-server.mjs). The same server answers as
 * http://localhost:PORT too: another origin. `pages` adds test-only HTML documents by path
 * ("blank.html": "<!doctype html>…"); `roots` other directories by path prefix.
 */
export function serve(pages = {}, roots = {}) {
  return serveWww({ pages, roots });
}

/**
 * For the test file that calls it: `before` its tests, www/ is served and Chromium launched; `after`
 * them, both stop. Returns `{ browser, origin }`, filled in once `before` has run.
 */
export function useWwwAndBrowser() {
  const env = { browser: null, origin: null };
  let server;
  before(async () => {
    server = await serve();
    env.origin = `http://127.0.0.1:${server.address().port}`;
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    server?.close();
  });
  return env;
}

/** Debian's Chromium, headless, allowed to autoplay with sound. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

/** The player's events (CONTRACT §4 and the extensions) that `openDemo` records. */
const EVENTS = ["ready", "episodechange", "segmentchange", "choiceshow", "choice", "ending", "locked",
  "autoplayblocked", "feedend", "warning", "error"];

/**
 * Opens the demo page (`www/index.html` at `origin`, with `query` such as "?lang=zh-CN") in a new
 * context of `browser` with `contextOptions`, recording the player's events in `window.events` from
 * the start. Returns the page and `problems`, which collects page errors and console errors.
 */
export async function openDemo(browser, origin, contextOptions, query = "") {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  await page.addInitScript((names) => {
    window.events = [];
    for (const name of names) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail }), true);
    }
  }, EVENTS);
  await page.goto(`${origin}/index.html${query}`);
  return { page, problems };
}

/** Waits until the player's shadow root shows `selector` (present, not `hidden`). */
export function shows(page, selector, timeout = 20000) {
  return page.waitForFunction((s) => {
    const found = document.querySelector("micro-drama").shadowRoot.querySelector(s);
    return found && !found.hidden;
  }, selector, { timeout, polling: 50 });
}

/** Seeks the current segment to `before` seconds before its end. */
export function seekToEnd(page, before) {
  return page.evaluate((b) => {
    const el = document.querySelector("micro-drama");
    el.currentTime = Math.max(0, el.duration - b);
  }, before);
}

/** Waits for the event `name` after the first `skip` of them (recorded by `openDemo`); its detail. */
export async function nextEvent(page, name, skip = 0, timeout = 20000) {
  const handle = await page.waitForFunction(
    ([n, k]) => window.events.filter((e) => e.name === n)[k]?.detail ?? null, [name, skip], { timeout },
  );
  return handle.jsonValue();
}
