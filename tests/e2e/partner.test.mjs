// End-to-end: <micro-drama> on a partner's page (issue 12's Tests): a moved element keeps its player
// (CONTRACT v2 §4.1), autopause, one voice per page and the Media Session (§4.2), `qoe` on a swipe (§4.3).
//
// The page hidden: headless Chromium never hides a page (a minimized window, another tab in front and
// Page.setWebLifecycleState "frozen" all leave document.visibilityState "visible"), so the test stubs
// document.hidden/visibilityState and dispatches visibilitychange: exactly what src/web/visibility.rs
// listens to and reads (`Document::hidden()` after `visibilitychange`).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launchBrowser } from "./support.mjs";

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="favicon.svg">
<script type="module" src="micro-drama.js"></script>
<style>body { margin: 0; } micro-drama { display: block; width: 270px; height: 480px; }
.spacer { height: 3000px; }</style></head><body>`;

const PAGES = {
  "move.html": `${HEAD}<div id="one"><micro-drama id="a" src="demo/catalog.json" series="anti-fraud" muted
resume="off"></micro-drama></div><div id="two"></div></body></html>`,
  "autopause.html": `${HEAD}<micro-drama id="a" src="demo/catalog.json" series="anti-fraud" resume="off"></micro-drama>
<div class="spacer"></div></body></html>`,
  // Side by side, both fully in view (autopause would pause one that is half out of view).
  "two.html": `${HEAD}<style>micro-drama { display: inline-block; width: 180px; height: 320px; }</style>
<micro-drama id="a" src="demo/catalog.json" series="anti-fraud" autoplay="off" resume="off"></micro-drama>
<micro-drama id="b" src="demo/catalog.json" series="night-shift" autoplay="off" resume="off"></micro-drama></body></html>`,
  "muted.html": `${HEAD}<micro-drama id="a" src="demo/catalog.json" series="anti-fraud" muted resume="off"></micro-drama>
</body></html>`,
};

let server;
let browser;
let origin;

before(async () => {
  server = await serve(PAGES);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/**
 * Before the page's scripts: records the players' events (`window.heard`), the Media Session's action
 * handlers as the page sets them (`window.actions`), and lets a test hide the page
 * (`window.setHidden(true)`: document.hidden and visibilityState say so, and visibilitychange fires).
 */
function instrument() {
  window.heard = [];
  for (const type of ["ready", "episodechange", "play", "pause", "playing", "qoe", "error"]) {
    document.addEventListener(type, (e) => window.heard.push({ id: e.target?.id, type, detail: e.detail ?? null }), true);
  }
  window.actions = {};
  const set = MediaSession.prototype.setActionHandler;
  MediaSession.prototype.setActionHandler = function (action, handler) {
    window.actions[action] = handler;
    return set.call(this, action, handler);
  };
  let hidden = false;
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
  window.setHidden = (value) => {
    hidden = value;
    document.dispatchEvent(new Event("visibilitychange"));
  };
  window.count = (id, type) => window.heard.filter((h) => h.id === id && h.type === type).length;
}

async function open(path) {
  const context = await browser.newContext({ viewport: { width: 400, height: 600 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  const requests = [];
  page.on("request", (request) => requests.push(new URL(request.url()).pathname));
  await page.addInitScript(instrument);
  await page.goto(`${origin}/${path}`);
  return { context, page, problems, requests };
}

const state = (page, id) => page.evaluate((i) => {
  const el = document.getElementById(i);
  return { paused: el.paused, time: el.currentTime };
}, id);

const until = (page, fn, arg, timeout = 10000) => page.waitForFunction(fn, arg, { timeout });
const playing = (page, id) => until(page, (i) => !document.getElementById(i).paused, id);
const paused = (page, id) => until(page, (i) => document.getElementById(i).paused, id);

test("a moved element keeps its player: no refetch, no restart, same episode and position, still playing", async () => {
  const { context, page, problems, requests } = await open("move.html");
  await until(page, () => window.count("a", "playing") >= 1 && document.getElementById("a").currentTime > 0.5, null, 30000);
  const result = await page.evaluate(async () => {
    const el = document.getElementById("a");
    const one = document.getElementById("one");
    const two = document.getElementById("two");
    const current = () => [...el.shadowRoot.querySelectorAll("video")].find((v) => v.dataset.role === "current");
    const first = current();
    const tick = () => new Promise((resolve) => setTimeout(resolve, 400));
    const out = {};
    // appendChild elsewhere: disconnected and connected in one task.
    let at = el.currentTime;
    two.appendChild(el);
    await tick();
    out.sameTask = { parent: el.parentNode.id, playing: !el.paused, sameVideo: current() === first, on: el.currentTime > at };
    // As React reconciles: removed, a microtask or two, inserted under another parent.
    two.removeChild(el);
    await Promise.resolve();
    await Promise.resolve();
    one.insertBefore(el, null);
    at = el.currentTime;
    await tick();
    out.acrossMicrotasks = { parent: el.parentNode.id, playing: !el.paused, sameVideo: current() === first, on: el.currentTime > at };
    // Paused, then moved: exactly the same position, still paused.
    el.pause();
    await tick();
    at = el.currentTime;
    two.appendChild(el);
    await tick();
    out.paused = { paused: el.paused, same: el.currentTime === at, sameVideo: current() === first };
    return out;
  });
  assert.deepEqual(result.sameTask, { parent: "two", playing: true, sameVideo: true, on: true });
  assert.deepEqual(result.acrossMicrotasks, { parent: "one", playing: true, sameVideo: true, on: true });
  assert.deepEqual(result.paused, { paused: true, same: true, sameVideo: true });
  const episodes = await page.evaluate(() => window.heard.filter((h) => h.type === "episodechange").map((h) => h.detail.episodeId));
  assert.deepEqual(episodes, ["ep1"], "no restart: the same episode, entered once");
  assert.equal(await page.evaluate(() => window.count("a", "ready")), 1, "no second ready: the player was not rebuilt");
  assert.equal(requests.filter((r) => r.endsWith("/catalog.json")).length, 1, "the catalog was fetched once");
  assert.deepEqual(problems, []);
  await context.close();
});

test("autopause: out of view or on a hidden page it pauses and resumes when back, unless the viewer or host paused", async () => {
  const { context, page, problems } = await open("autopause.html");
  await until(page, () => !document.getElementById("a").paused && document.getElementById("a").currentTime > 0.3, null, 30000);

  // Scrolled out: paused, the time stands still; scrolled back: playing again.
  await page.evaluate(() => window.scrollTo(0, 2000));
  await paused(page, "a");
  const out = await state(page, "a");
  await page.waitForTimeout(500);
  assert.equal((await state(page, "a")).time, out.time, "out of view, the time stands still");
  await page.evaluate(() => window.scrollTo(0, 0));
  await playing(page, "a");

  // Less than half in view (180 of 480 px) counts as out of view; most of it in view as back.
  await page.evaluate(() => window.scrollTo(0, 300));
  await paused(page, "a");
  await page.evaluate(() => window.scrollTo(0, 100));
  await playing(page, "a");

  // The page hidden, then shown.
  await page.evaluate(() => window.setHidden(true));
  await paused(page, "a");
  await page.waitForTimeout(300);
  assert.equal((await state(page, "a")).paused, true, "stays paused while the page is hidden");
  await page.evaluate(() => window.setHidden(false));
  await playing(page, "a");

  // The viewer pauses (Space), the page is hidden and shown again: still paused.
  await page.evaluate(() => document.getElementById("a").focus());
  await page.keyboard.press("Space");
  await paused(page, "a");
  await page.evaluate(() => window.setHidden(true));
  await page.waitForTimeout(200);
  await page.evaluate(() => window.setHidden(false));
  await page.evaluate(() => window.scrollTo(0, 2000));
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800);
  assert.equal((await state(page, "a")).paused, true, "coming back does not undo the viewer's pause");
  await page.keyboard.press("Space");
  await playing(page, "a");

  // The host pauses while it is out of view: it stays paused when back.
  await page.evaluate(() => window.scrollTo(0, 2000));
  await paused(page, "a");
  await page.evaluate(() => document.getElementById("a").pause());
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800);
  assert.equal((await state(page, "a")).paused, true, "coming back does not undo the host's pause");

  // autopause="off": out of view, it plays on.
  await page.evaluate(() => {
    const a = document.getElementById("a");
    a.setAttribute("autopause", "off");
    return a.play();
  });
  await page.evaluate(() => window.scrollTo(0, 2000));
  await page.waitForTimeout(800);
  assert.equal((await state(page, "a")).paused, false, "autopause=off plays on out of view");
  assert.deepEqual(problems, []);
  await context.close();
});

test("two players, one voice: the one that starts with sound pauses the other; a muted one pauses nobody", async () => {
  const { context, page, problems } = await open("two.html");
  await until(page, () => window.count("a", "ready") === 1 && window.count("b", "ready") === 1, null, 30000);

  await page.evaluate(() => document.getElementById("a").play());
  await until(page, () => window.count("a", "playing") >= 1);
  // b starts with sound: a pauses (a `pause` event, as a <video> paused by the page), b plays.
  await page.evaluate(() => document.getElementById("b").play());
  await until(page, () => window.count("b", "playing") >= 1);
  await paused(page, "a");
  assert.equal((await state(page, "b")).paused, false);
  assert.ok(await page.evaluate(() => window.count("a", "pause")) >= 1, "a heard its pause");

  // a plays again muted: b keeps its voice, and both play.
  await page.evaluate(() => {
    const a = document.getElementById("a");
    a.muted = true;
    return a.play();
  });
  await page.waitForTimeout(600);
  assert.deepEqual([(await state(page, "a")).paused, (await state(page, "b")).paused], [false, false],
    "a muted player silences nobody");

  // a unmuted while playing is a player that plays with sound now: b pauses.
  // (Within 2 s: the 8 s segments end, and pause for a choice, long after.)
  await page.evaluate(() => { document.getElementById("a").muted = false; });
  await until(page, () => document.getElementById("b").paused, null, 2000);
  assert.equal((await state(page, "a")).paused, false);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the Media Session stays with the player that played with sound last when the other is destroyed", async () => {
  const { context, page, problems } = await open("two.html");
  await until(page, () => window.count("a", "ready") === 1 && window.count("b", "ready") === 1, null, 30000);
  const metadata = () => page.evaluate(() => {
    const m = navigator.mediaSession.metadata;
    return m ? { title: m.title, artist: m.artist } : null;
  });

  await page.evaluate(() => document.getElementById("a").play());
  await until(page, () => window.count("a", "playing") >= 1);
  const withA = await metadata();
  assert.ok(withA, "a, playing with sound, set the Media Session's metadata");
  await page.evaluate(() => document.getElementById("b").play());
  await until(page, () => window.count("b", "playing") >= 1);
  await paused(page, "a");
  const withB = await metadata();
  assert.notDeepEqual(withB, withA, "the Media Session moved to b");
  assert.equal(withB.artist, "Night Shift", "b's series");

  // a is destroyed: b keeps the metadata and the action handlers, which drive b.
  await page.evaluate(() => document.getElementById("a").remove());
  await page.waitForTimeout(400);
  assert.deepEqual(await metadata(), withB, "destroying a did not take the Media Session from b");
  assert.deepEqual(await page.evaluate(() => [typeof window.actions.play, typeof window.actions.pause]),
    ["function", "function"], "the action handlers are still set");
  await page.evaluate(() => window.actions.pause());
  await paused(page, "b");
  await page.evaluate(() => window.actions.play());
  await playing(page, "b");
  assert.deepEqual(problems, []);
  await context.close();
});

const QOE_FIELDS = {
  seriesId: "string", episodeId: "string", startupMs: "number", watchedMs: "number", rebufferCount: "number",
  rebufferMs: "number", completed: "boolean", errors: "number",
};

/** A viewer's swipe up (a mouse drag) over the player `id`: to the next episode. */
async function swipeUp(page, id) {
  const box = await page.locator(`#${id}`).boundingBox();
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height * 0.8);
  await page.mouse.down();
  for (let step = 1; step <= 8; step += 1) {
    await page.mouse.move(x, box.y + box.height * (0.8 - 0.6 * (step / 8)));
  }
  await page.mouse.up();
}

test("qoe on a swipe: every field with its type, for the episode left, startupMs measured", async () => {
  const { context, page, problems } = await open("muted.html");
  await until(page, () => document.getElementById("a").currentTime > 1.2, null, 30000);
  const reports = () => page.evaluate(() => window.heard.filter((h) => h.type === "qoe").map((h) => h.detail));
  assert.deepEqual(await reports(), [], "no qoe before the episode is left");

  await swipeUp(page, "a");
  await until(page, () => window.count("a", "qoe") >= 1);
  const [first] = await reports();
  assert.deepEqual(Object.keys(first).sort(), Object.keys(QOE_FIELDS).sort());
  for (const [field, type] of Object.entries(QOE_FIELDS)) {
    assert.equal(typeof first[field], type, `${field}: ${JSON.stringify(first[field])}`);
  }
  assert.deepEqual([first.seriesId, first.episodeId], ["anti-fraud", "ep1"], "the episode left");
  assert.ok(Number.isFinite(first.startupMs) && first.startupMs >= 0 && first.startupMs < 10000, `startupMs ${first.startupMs}`);
  assert.ok(first.watchedMs >= 1000 && first.watchedMs < 20000, `watchedMs ${first.watchedMs}`);
  assert.ok(Number.isInteger(first.rebufferCount) && first.rebufferCount >= 0);
  assert.ok(first.rebufferMs >= 0);
  assert.equal(first.completed, false, "left by a swipe, not played to its end");
  assert.equal(first.errors, 0);
  const episodes = await page.evaluate(() => window.heard.filter((h) => h.type === "episodechange").map((h) => h.detail.episodeId));
  assert.deepEqual(episodes, ["ep1", "ep2"], "the swipe moved to the next episode");

  // The episode the swipe started: its startupMs (swipe → first moving frame) is measured too.
  await until(page, () => document.getElementById("a").currentTime > 0.5 && !document.getElementById("a").paused, null, 20000);
  await swipeUp(page, "a");
  await until(page, () => window.count("a", "qoe") >= 2);
  const second = (await reports())[1];
  assert.equal(second.episodeId, "ep2");
  assert.ok(Number.isFinite(second.startupMs) && second.startupMs >= 0 && second.startupMs < 10000, `startupMs ${second.startupMs}`);
  const stats = await page.evaluate(() => document.getElementById("a").getStats());
  assert.equal(typeof stats.startupP50Ms, "number", "getStats() counts the swipe's startup");
  assert.deepEqual(problems, []);
  await context.close();
});
