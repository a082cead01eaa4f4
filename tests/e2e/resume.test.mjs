// End-to-end: a viewer closes the demo page and comes back. The player itself keeps the progress in
// localStorage (the page does nothing): the reopened page resumes at the same episode, story state and,
// near enough, media position. A save that cannot be used is set aside, and resume="off" starts over.

import { test } from "node:test";
import assert from "node:assert/strict";
import { useWwwAndBrowser } from "./support.mjs";

const env = useWwwAndBrowser();

/** Records the player's events in `window.events` from the start of every document. */
async function recordEvents(page) {
  await page.addInitScript(() => {
    window.events = [];
    for (const name of ["ready", "episodechange", "segmentchange", "choiceshow", "choice", "warning", "error"]) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail }), true);
    }
  });
}

function waitEvent(page, name, count = 1) {
  return page.waitForFunction(([n, k]) => window.events.filter((e) => e.name === n)[k - 1]?.detail ?? null,
    [name, count], { timeout: 20000 }).then((h) => h.jsonValue());
}

function playingPast(page, seconds) {
  return page.waitForFunction((s) => {
    const videos = document.querySelector("micro-drama").shadowRoot.querySelectorAll("video");
    return [...videos].some((v) => !v.paused && v.currentTime > s);
  }, seconds, { timeout: 20000 });
}

const state = (page) => page.evaluate(() => JSON.parse(document.querySelector("micro-drama").saveState()));

test("reload resumes at the same episode, story state and position", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await recordEvents(page);
  await page.goto(`${env.origin}/index.html`);
  await waitEvent(page, "ready");
  // A choice that changes the story: the first option of the first choice.
  const shown = await waitEvent(page, "choiceshow");
  await page.evaluate((i) => document.querySelector("micro-drama").choose(i), shown.options[0].index);
  await waitEvent(page, "choice");
  // On to the next episode, and into it.
  const changes = await page.evaluate(() => window.events.filter((e) => e.name === "episodechange").length);
  await page.evaluate(() => document.querySelector("micro-drama").next());
  const change = await waitEvent(page, "episodechange", changes + 1);
  await playingPast(page, 2);
  const before = await state(page);

  await page.reload();
  const ready = await waitEvent(page, "ready");
  assert.ok(ready.episodes > 1);
  const resumed = await waitEvent(page, "episodechange");
  assert.deepEqual(resumed, change, "the reopened page starts at the episode the viewer was on");
  await playingPast(page, 0);
  const position = await page.evaluate(() => {
    const videos = document.querySelector("micro-drama").shadowRoot.querySelectorAll("video");
    return [...videos].find((v) => !v.paused).currentTime;
  });
  assert.ok(position >= 1.5, `it continues mid-segment (at ${position} s), not from the start`);
  const after = await state(page);
  const series = change.seriesId;
  for (const field of ["vars", "seen", "endings", "history"]) {
    assert.deepEqual(after.series[series][field], before.series[series][field], `story ${field} restored`);
  }
  const warnings = await page.evaluate(() => window.events.filter((e) => e.name === "warning"));
  assert.deepEqual(warnings, []);
  await context.close();
});

test("a corrupt save is set aside with a warning; resume=\"off\" starts over and leaves storage alone", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await recordEvents(page);
  await page.goto(`${env.origin}/index.html`);
  await waitEvent(page, "ready");
  // The player writes a moment after the change, outside the input's task.
  const key = await (await page.waitForFunction(() => Object.keys(localStorage).find((k) => k.startsWith("microdrama:save:")))).jsonValue();
  assert.ok(key, "the player saved under its own key");
  // Written from another page of the origin: leaving the player writes its own save first.
  await page.goto(`${env.origin}/demo/catalog.json`);
  await page.evaluate((k) => localStorage.setItem(k, "{\"version\": 1, \"series\": "), key);
  await page.goto(`${env.origin}/index.html`);
  const warning = await waitEvent(page, "warning");
  assert.equal(warning.code, "save-set-aside");
  assert.equal(await page.evaluate((k) => localStorage.getItem(`${k}:rejected`), key), "{\"version\": 1, \"series\": ");
  const first = await waitEvent(page, "episodechange");
  assert.equal(first.index, 0, "started from the beginning");

  // resume="off": the page opts out; nothing is read or written. (The sentinel goes in after the old
  // player is gone: a player writes its last progress when it is removed, a task after the removal,
  // since an element moved within one task keeps its player.)
  await page.evaluate(async (k) => {
    const old = document.querySelector("micro-drama");
    const fresh = document.createElement("micro-drama");
    fresh.setAttribute("src", old.getAttribute("src"));
    fresh.setAttribute("resume", "off");
    window.events = [];
    old.replaceWith(fresh);
    await new Promise((resolve) => setTimeout(resolve, 50));
    localStorage.setItem(k, "sentinel");
  }, key);
  await waitEvent(page, "ready");
  await playingPast(page, 0.5);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), "sentinel");
  await context.close();
});
