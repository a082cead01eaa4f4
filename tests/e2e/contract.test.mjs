// End-to-end: the lines of CONTRACT §4 and §4.1 that no other test covered (docs/contract-tests.md maps
// every line to its test): the element's methods, keys and buttons; attributes acting live, with the
// catalog fetched again only for a new `src`; the element before it has a player; `waiting`; play()
// refused by the browser; and nothing sent anywhere.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launchBrowser } from "./support.mjs";

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="favicon.svg">
<script type="module" src="micro-drama.js"></script>
<style>body { margin: 0; } micro-drama { display: inline-block; width: 270px; height: 480px; }</style></head><body>`;

const PAGES = {
  "methods.html": `${HEAD}<micro-drama id="el" src="demo/catalog.json" series="anti-fraud" muted resume="off"></micro-drama>
<micro-drama id="bare" tabindex="-1"></micro-drama><button id="outside">outside</button></body></html>`,
  "live.html": `${HEAD}<micro-drama id="el" src="demo/catalog.json" series="anti-fraud" muted resume="off"
autoplay="off"></micro-drama></body></html>`,
};

const EVENTS = ["ready", "episodechange", "segmentchange", "choiceshow", "choice", "ending", "locked", "autoplayblocked", "error",
  "play", "pause", "playing", "waiting", "volumechange"];

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

/** Before the page's scripts: every event heard on #el, in `window.heard`. */
function instrument(names) {
  window.heard = [];
  for (const type of names) {
    document.addEventListener(type, (e) => {
      if (e.target?.id === "el") {
        window.heard.push({ type, bubbles: e.bubbles, custom: e instanceof CustomEvent, detail: e.detail ?? null });
      }
    }, true);
  }
  window.all = (type) => window.heard.filter((h) => h.type === type);
}

async function open(path, initScript) {
  const context = await browser.newContext({ viewport: { width: 600, height: 600 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  const requests = [];
  page.on("request", (request) => requests.push({ url: new URL(request.url()), type: request.resourceType() }));
  await page.addInitScript(instrument, EVENTS);
  if (initScript) await page.addInitScript(initScript);
  await page.goto(`${origin}/${path}`);
  return { context, page, problems, requests };
}

/** Waits until `type` was heard more than `seen` times; the detail of the one after those. */
async function nth(page, type, seen, timeout = 15000) {
  const handle = await page.waitForFunction(([t, n]) => window.all(t)[n]?.detail ?? null, [type, seen], { timeout });
  return handle.jsonValue();
}

const count = (page, type) => page.evaluate((t) => window.all(t).length, type);
const el = (page, fn, arg) => page.evaluate(([source, a]) => {
  const f = new Function("el", "arg", `return (${source})(el, arg);`);
  return f(document.getElementById("el"), a);
}, [fn.toString(), arg]);
const until = (page, fn, timeout = 10000) => page.waitForFunction(fn, null, { timeout });
const catalogFetches = (requests) => requests.filter((r) => r.url.pathname.endsWith("/catalog.json")).length;

test("§4 on the element: focusable, keys while it or its inside has focus, its buttons, next/prev/choose/rewind/unlock/saveState/loadState", async () => {
  const { context, page, problems, requests } = await open("methods.html");
  await until(page, () => window.all("playing").length >= 1, 30000);

  // Focusable unless the page sets a tabindex.
  assert.deepEqual(await page.evaluate(() => ["el", "bare"].map((id) => document.getElementById(id).tabIndex)), [0, -1]);

  // M mutes and unmutes (the attribute follows), K pauses and plays.
  await page.focus("#el");
  await page.keyboard.press("m");
  await until(page, () => !document.getElementById("el").muted);
  assert.equal(await el(page, (e) => e.hasAttribute("muted")), false);
  await page.keyboard.press("M");
  await until(page, () => document.getElementById("el").muted);
  await page.keyboard.press("k");
  await until(page, () => document.getElementById("el").paused);
  await page.keyboard.press("K");
  await until(page, () => !document.getElementById("el").paused);

  // PageDown / PageUp page the feed.
  await page.keyboard.press("PageDown");
  assert.equal((await nth(page, "episodechange", 1)).index, 1);
  await page.keyboard.press("PageUp");
  assert.equal((await nth(page, "episodechange", 2)).index, 0);

  // Keys while something inside the player has focus act too; with focus elsewhere on the page, not.
  await page.evaluate(() => document.getElementById("el").shadowRoot.querySelector(".md-next").focus());
  await page.keyboard.press("PageDown");
  assert.equal((await nth(page, "episodechange", 3)).index, 1);
  await page.focus("#outside");
  await page.keyboard.press("PageDown");
  await page.keyboard.press("m");
  await page.waitForTimeout(300);
  assert.equal(await count(page, "episodechange"), 4, "a key outside the player does not page it");
  assert.equal(await el(page, (e) => e.muted), true, "nor mute it");

  // The visible previous/next buttons.
  await page.locator("#el .md-prev").click();
  assert.equal((await nth(page, "episodechange", 4)).index, 0);
  await page.locator("#el .md-next").click();
  assert.equal((await nth(page, "episodechange", 5)).index, 1);

  // next() and prev().
  await el(page, (e) => e.next());
  assert.equal((await nth(page, "episodechange", 6)).index, 2);
  await el(page, (e) => e.prev());
  const [shows, choices] = [await count(page, "choiceshow"), await count(page, "choice")];
  await el(page, (e) => e.prev());
  assert.equal((await nth(page, "episodechange", 8)).index, 0);

  // ep1's choice (at 5 s): choiceshow's detail, then choose(1) is a choice via "api" to its segment.
  const shown = await nth(page, "choiceshow", shows, 20000);
  assert.equal(shown.prompt, "Answer the call?");
  assert.deepEqual(shown.options, [{ index: 0, label: "Answer" }, { index: 1, label: "Let it ring" }]);
  assert.equal(shown.timeoutMs, 6000);
  const segments = await count(page, "segmentchange");
  await el(page, (e) => e.choose(1));
  const chosen = await nth(page, "choice", choices);
  assert.deepEqual([chosen.index, chosen.via], [1, "api"]);
  assert.equal((await nth(page, "segmentchange", segments)).segmentId, "s3", "the option's segment");
  const save = await el(page, (e) => e.saveState());
  assert.equal(typeof save, "string");

  // rewind(): back to the choice point, whose choice opens again.
  await el(page, (e) => e.rewind());
  const again = await nth(page, "choiceshow", shows + 1, 15000);
  assert.equal(again.prompt, "Answer the call?");

  // ep5 is locked: the `episode` attribute moves there, unlock() plays it.
  await el(page, (e) => { e.episode = "ep5"; });
  assert.equal((await nth(page, "locked", 0)).episodeId, "ep5");
  assert.equal((await page.evaluate(() => window.all("episodechange").at(-1).detail)).episodeId, "ep5");
  const beforeUnlock = await count(page, "segmentchange");
  await el(page, (e) => e.unlock("ep5"));
  assert.equal((await nth(page, "segmentchange", beforeUnlock)).segmentId, "s1");
  await until(page, () => !document.getElementById("el").paused && document.getElementById("el").currentTime > 0.2);

  // loadState() of the save made on ep1's s3: back there.
  const [entered, started] = [await count(page, "episodechange"), await count(page, "segmentchange")];
  await el(page, (e, text) => e.loadState(text), save);
  assert.equal((await nth(page, "episodechange", entered)).episodeId, "ep1");
  assert.equal((await nth(page, "segmentchange", started)).segmentId, "s3");

  // Nothing is sent anywhere (§4.3): every request is for the page, the player's files, the catalog
  // and its media, on the page's own origin; the only fetches are the catalog and the wasm.
  assert.deepEqual([...new Set(requests.map((r) => r.url.origin))], [origin]);
  const fetched = requests.filter((r) => ["fetch", "xhr", "ping", "eventsource", "websocket"].includes(r.type))
    .map((r) => r.url.pathname.split("/").at(-1));
  assert.deepEqual([...new Set(fetched)].sort(), ["catalog.json", "microdrama_bg.wasm"]);
  assert.deepEqual(await page.evaluate(() => window.all("error")), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("§4.1 before a player exists the element reads as a <video> without a source; waiting is relayed for the current video only", async () => {
  const { context, page, problems } = await open("methods.html");
  const bare = await page.evaluate(async () => {
    await customElements.whenDefined("micro-drama");
    const read = (t) => ({ paused: t.paused, ended: t.ended, nanDuration: Number.isNaN(t.duration),
      currentTime: t.currentTime, readyState: t.readyState });
    return [read(document.getElementById("bare")), read(document.createElement("video"))];
  });
  assert.deepEqual(bare[0], bare[1]);
  assert.deepEqual(bare[0], { paused: true, ended: false, nanDuration: true, currentTime: 0, readyState: 0 });

  await until(page, () => window.all("playing").length >= 1 && document.getElementById("el").readyState >= 2, 30000);
  // A `waiting` of a neighbour video is not the player's; one of the video on screen is, as a plain,
  // non-bubbling Event.
  // (Read synchronously around each dispatch: a real `waiting` may come any time.)
  const heard = await page.evaluate(() => {
    const videos = [...document.getElementById("el").shadowRoot.querySelectorAll("video")];
    let before = window.all("waiting").length;
    for (const v of videos.filter((x) => x.dataset.role !== "current")) v.dispatchEvent(new Event("waiting"));
    const neighbour = window.all("waiting").length - before;
    before = window.all("waiting").length;
    videos.find((v) => v.dataset.role === "current").dispatchEvent(new Event("waiting"));
    return { neighbour, current: window.all("waiting").slice(before) };
  });
  assert.equal(heard.neighbour, 0, "a neighbour's waiting is not relayed");
  assert.deepEqual(heard.current, [{ type: "waiting", bubbles: false, custom: false, detail: null }]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("§4.1 play() rejects with NotAllowedError when the browser refuses even muted playback", async () => {
  const refuse = () => {
    HTMLMediaElement.prototype.play = function play() {
      return Promise.reject(new DOMException("refused by the test", "NotAllowedError"));
    };
  };
  const { context, page, problems } = await open("live.html", refuse);
  // With data enough to play (a play() the browser took would resolve at once): refused all the same.
  await until(page, () => window.all("ready").length === 1 && document.getElementById("el").readyState >= 3, 30000);
  const outcome = await el(page, (e) => e.play().then(() => "fulfilled", (error) => error.name));
  assert.equal(outcome, "NotAllowedError");
  assert.equal(await el(page, (e) => e.paused), true);
  // Issue 13 (Low Power Mode, a data saver): a large tap-to-play over the poster, and autoplayblocked.
  await until(page, () => window.all("autoplayblocked").length >= 1);
  const play = await el(page, (e) => {
    const button = e.shadowRoot.querySelector(".md-play");
    const rect = button.getBoundingClientRect();
    return { blocked: button.hasAttribute("data-blocked"), hidden: button.hidden, size: Math.min(rect.width, rect.height),
      label: button.querySelector(".md-play-label").textContent };
  });
  assert.deepEqual({ ...play, size: play.size >= 120 }, { blocked: true, hidden: false, size: true, label: "Tap to play" });
  assert.deepEqual(problems, []);
  await context.close();
});

test("§4.1 attributes act live: autoplay, timer, controls, series, episode, lang; only a new src fetches the catalog", async () => {
  const { context, page, problems, requests } = await open("live.html");
  await until(page, () => window.all("ready").length === 1, 30000);

  // autoplay="off" waits; turned on, the waiting player starts.
  await page.waitForTimeout(500);
  assert.equal(await el(page, (e) => e.paused), true, "autoplay off: waiting");
  await el(page, (e) => e.setAttribute("autoplay", "on"));
  await until(page, () => !document.getElementById("el").paused);

  // timer="off" before ep1's choice opens: no time limit; "extended", a choice, and back to that
  // choice point: twice its 6 s.
  await el(page, (e) => e.setAttribute("timer", "off"));
  assert.equal((await nth(page, "choiceshow", 0, 20000)).timeoutMs, null);
  await el(page, (e) => { e.setAttribute("timer", "extended"); e.choose(0); e.rewind(); });
  assert.equal((await nth(page, "choiceshow", 1, 15000)).timeoutMs, 12000);

  // controls="off" hides the buttons, "on" shows them again.
  const nextVisible = () => el(page, (e) => e.shadowRoot.querySelector(".md-next").checkVisibility());
  assert.equal(await nextVisible(), true);
  await el(page, (e) => e.setAttribute("controls", "off"));
  assert.equal(await nextVisible(), false);
  await el(page, (e) => e.setAttribute("controls", "on"));
  assert.equal(await nextVisible(), true);

  // series and episode move the feed; lang changes the player's words; no new fetch.
  const changes = await count(page, "episodechange");
  await el(page, (e) => { e.series = "night-shift"; });
  const series = await nth(page, "episodechange", changes);
  assert.deepEqual([series.seriesId, series.episodeId], ["night-shift", "ep1"]);
  await el(page, (e) => { e.episode = "ep2"; });
  const episode = await nth(page, "episodechange", changes + 1);
  assert.deepEqual([episode.seriesId, episode.episodeId], ["night-shift", "ep2"]);
  await el(page, (e) => e.setAttribute("lang", "zh-CN"));
  await until(page, () => document.getElementById("el").shadowRoot.querySelector(".md-next")
    ?.getAttribute("aria-label") === "下一集");
  assert.equal(catalogFetches(requests), 1, "series, episode, lang, timer, controls, autoplay: no refetch");

  // A new src loads its catalog, starting at the `episode` attribute's episode.
  const [ready, entered] = [await count(page, "ready"), await count(page, "episodechange")];
  await el(page, (e) => { e.src = "demo/catalog.json?again"; });
  await nth(page, "ready", ready, 30000);
  assert.equal(catalogFetches(requests), 2);
  const start = await nth(page, "episodechange", entered);
  assert.deepEqual([start.seriesId, start.episodeId], ["night-shift", "ep2"]);
  assert.deepEqual(await page.evaluate(() => window.all("error")), []);
  assert.deepEqual(problems, []);
  await context.close();
});
