// End-to-end: failure injection. The player in Debian's Chromium against tests/e2e/fault-server.mjs,
// which serves the www/ tree and routes that fail on purpose. Each test asserts the defined outcome,
// that the feed still works afterwards (`next()` plays the next episode), and that no uncaught
// exception, unhandled promise rejection or console error (beyond the expected "404" resource lines)
// reached the page.
//
// Outcomes (README, "Failures"):
// - a video that fails (404, a header that cannot be opened, a codec the browser lacks) is loaded 3
//   times in all, 0.5 s then 1 s apart, then skipped with `error {code: "media-skipped"}`, and the feed
//   moves on;
// - a WebM truncated mid-file plays the frames it has, ends, and the feed moves on: no error;
// - `sources` are tried in order with canPlayType: the first the browser may play is the one loaded;
// - a video that stops receiving bytes halfway stops moving while it should play; the player's stall
//   watchdog (STALL_TIMEOUT_MS, 5 s, in src/session.rs) reports it as a media error: retried from
//   where it stopped, then skipped;
// - a catalog that 404s is `catalog-fetch`, an HTML page `bad-json`, 20 MB `catalog-too-large`
//   (with or without a Content-Length); each shows a message in the element as text, and setting a
//   good `src` afterwards plays.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser } from "./support.mjs";
import { startFaultServer } from "./fault-server.mjs";

/** The player's stall watchdog, as in src/session.rs. */
const STALL_TIMEOUT_MS = 5000;
/** What Chromium logs for a 404 (media, catalog): expected where a test asks for one. */
const RESOURCE_404 = /^Failed to load resource: the server responded with a status of 404/;

let server;
let browser;

before(async () => {
  server = await startFaultServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Good clips from the demo (VP9/Opus WebM, 6 to 8 s). */
const GOOD = ["/demo/media/ns-ep1-s3.webm", "/demo/media/ns-ep2-s1.webm", "/demo/media/ns-ep2-s2.webm"];

/** A one-series catalog: one episode per segment given (a `src` string or a segment object). */
function feed(...segments) {
  return {
    format: 1,
    title: "Faults",
    series: [{
      id: "faults",
      title: "Faults",
      episodes: segments.map((segment, i) => ({
        id: `e${i}`,
        title: `Episode ${i}`,
        segments: [{ id: "s", ...(typeof segment === "string" ? { src: segment } : segment) }],
      })),
    }],
  };
}

let catalogs = 0;
/** Registers `catalog` with the server under a fresh name and returns its path. */
function serveCatalog(catalog) {
  catalogs += 1;
  return server.catalog(`c${catalogs}`, catalog);
}

/**
 * A page with `<micro-drama src=…>`, recording the element's events in `window.events`, its videos'
 * media events in `window.media` (from inside the shadow root: they neither bubble nor leave it), and
 * problems: uncaught exceptions, unhandled rejections, console errors.
 */
async function open(src) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const at = () => performance.timeOrigin + performance.now();
    window.events = [];
    window.media = [];
    window.played = {};
    window.rejections = [];
    window.addEventListener("unhandledrejection", (e) => window.rejections.push(String(e.reason?.stack ?? e.reason)));
    const names = ["ready", "episodechange", "segmentchange", "choiceshow", "ending", "error", "warning"];
    for (const name of names) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail, at: at() }), true);
    }
    const hook = () => {
      const root = document.querySelector("micro-drama")?.shadowRoot;
      if (!root) return void setTimeout(hook, 5);
      for (const type of ["waiting", "stalled", "playing", "ended", "error", "emptied"]) {
        root.addEventListener(type, (e) => {
          const v = e.target;
          if (v.tagName !== "VIDEO") return;
          window.media.push({ type, role: v.dataset.role, src: v.currentSrc, t: v.currentTime, error: v.error?.code ?? null, at: at() });
        }, true);
      }
      root.addEventListener("timeupdate", (e) => {
        const v = e.target;
        window.played[v.currentSrc] = Math.max(window.played[v.currentSrc] ?? 0, v.currentTime);
      }, true);
    };
    hook();
  });
  await page.goto(`${server.origin}/fault/player.html?src=${encodeURIComponent(src)}`);
  return { page, problems };
}

/** Waits for the `skip`-th event `name` (whose detail matches `where`, if given) and returns it. */
async function event(page, name, { skip = 0, where = {}, timeout = 20000 } = {}) {
  const handle = await page.waitForFunction(([n, k, w]) => {
    const found = window.events.filter((e) => e.name === n
      && Object.entries(w).every(([key, value]) => e.detail?.[key] === value));
    return found[k] ?? null;
  }, [name, skip, where], { timeout });
  return handle.jsonValue();
}

/** The events `name` so far. */
function events(page, name) {
  return page.evaluate((n) => window.events.filter((e) => e.name === n), name);
}

/** Waits until the video on screen plays `src` (a path) and has moved past 0.3 s. */
async function playing(page, src, timeout = 20000) {
  await page.waitForFunction((s) => {
    const videos = document.querySelector("micro-drama").shadowRoot.querySelectorAll("video");
    const v = [...videos].find((x) => x.dataset.role === "current");
    // A slot being reloaded has no currentSrc for a moment: not yet, rather than an invalid URL.
    return v && v.currentSrc !== "" && !v.paused && new URL(v.currentSrc).pathname === s && v.currentTime > 0.3;
  }, src, { timeout });
}

/** The feed still works: `next()` moves to the next entry, whose video `src` plays. */
async function nextPlays(page, src) {
  const changes = await events(page, "episodechange");
  const index = changes.at(-1).detail.index;
  await page.evaluate(() => document.querySelector("micro-drama").next());
  const change = await event(page, "episodechange", { skip: changes.length });
  assert.equal(change.detail.index, index + 1, "next() moved to the next entry");
  await playing(page, src);
}

/** No uncaught exception, unhandled rejection or console error beyond `allowed` lines. */
async function noProblems(page, problems, allowed = []) {
  const rejections = await page.evaluate(() => window.rejections);
  const unexpected = [...problems, ...rejections.map((r) => `unhandledrejection: ${r}`)]
    .filter((p) => !allowed.some((pattern) => pattern.test(p.replace(/^console: /, ""))));
  assert.deepEqual(unexpected, [], "nothing unexpected reached the page's console");
}

/** Requests for `path` (query included in the match) logged before `at` (ms since the epoch). */
function requestsBefore(path, at) {
  return server.log.filter((entry) => entry.path === path && entry.at < at);
}

test("a video that 404s is loaded 3 times, 0.5 s then 1 s apart, then skipped; the feed moves on", async () => {
  const bad = "/fault/404/missing.webm";
  const { page, problems } = await open(serveCatalog(feed(bad, GOOD[0], GOOD[1])));
  const skipped = await event(page, "error", { where: { code: "media-skipped" } });
  // The session's own loads, up to the skip (the skipped episode is then the previous entry, which the
  // pool may preload again as a neighbour).
  const loads = requestsBefore(bad, skipped.at);
  assert.equal(loads.length, 3, `three attempts: ${JSON.stringify(loads)}`);
  const gaps = [loads[1].at - loads[0].at, loads[2].at - loads[1].at];
  assert.ok(gaps[0] >= 450 && gaps[0] < 1500, `first back-off ${gaps[0]} ms (0.5 s)`);
  assert.ok(gaps[1] >= 950 && gaps[1] < 2500, `second back-off ${gaps[1]} ms (1 s)`);
  assert.match(skipped.detail.message, /failed to play 3 times/);
  // The feed moved on by itself, and goes on.
  const change = await event(page, "episodechange", { where: { index: 1 } });
  assert.ok(change.at >= skipped.at);
  await playing(page, GOOD[0]);
  await nextPlays(page, GOOD[1]);
  assert.equal((await events(page, "error")).length, 1, "one error event");
  await noProblems(page, problems, [RESOURCE_404]);
  await page.context().close();
});

test("a WebM truncated mid-file plays what it has, ends, and the feed moves on without an error", async () => {
  const cut = "/fault/media/truncated.webm";
  const { page, problems } = await open(serveCatalog(feed(cut, GOOD[0], GOOD[1])));
  await event(page, "episodechange", { where: { index: 1 } });
  const media = (await page.evaluate(() => window.media)).filter((m) => m.src.endsWith(cut));
  const started = media.find((m) => m.type === "playing");
  const ended = media.find((m) => m.type === "ended");
  assert.ok(started && ended, `it played and ended: ${JSON.stringify(media)}`);
  // 45% of a 6 s clip: about 3 s of frames, then the end (Chromium then puts currentTime at the
  // duration the header declares).
  const seconds = (ended.at - started.at) / 1000;
  assert.ok(seconds > 2 && seconds < 4.5, `it played for ${seconds} s of the 6 s clip`);
  await playing(page, GOOD[0]);
  await nextPlays(page, GOOD[1]);
  assert.deepEqual(await events(page, "error"), [], "no error event");
  await noProblems(page, problems);
  await page.context().close();
});

test("a WebM cut inside its header cannot be opened: retried, then skipped with media-skipped", async () => {
  const cut = "/fault/media/truncated.webm?bytes=300";
  const { page, problems } = await open(serveCatalog(feed(cut, GOOD[0], GOOD[1])));
  const skipped = await event(page, "error", { where: { code: "media-skipped" } });
  const failures = await page.evaluate(() => window.media.filter((m) => m.type === "error"));
  // MEDIA_ERR_SRC_NOT_SUPPORTED: Chromium's demuxer could not open it. Three loads, three failures.
  const before = failures.filter((m) => m.at <= skipped.at);
  assert.equal(before.length, 3, JSON.stringify(before));
  assert.ok(before.every((m) => m.error === 4 && m.src.endsWith(cut)));
  await event(page, "episodechange", { where: { index: 1 } });
  await playing(page, GOOD[0]);
  const busy = await page.evaluate(() => {
    const host = document.querySelector("micro-drama");
    return { aria: host.getAttribute("aria-busy"), spinner: host.shadowRoot.querySelector(".md-spinner").hidden };
  });
  assert.deepEqual(busy, { aria: null, spinner: true }, "playing again: no longer busy");
  await nextPlays(page, GOOD[1]);
  await noProblems(page, problems);
  await page.context().close();
});

test("a codec the browser cannot play, as the only source, is skipped with media-skipped", async () => {
  // Debian's Chromium plays H.264; without a hardware decoder it has no HEVC.
  const hevc = "/fault/media/hevc.mp4";
  const { page, problems } = await open(serveCatalog(feed(hevc, GOOD[0], GOOD[1])));
  const answer = await page.evaluate(() => document.createElement("video").canPlayType('video/mp4; codecs="hvc1.1.6.L63.90"'));
  assert.equal(answer, "", "this Chromium has no HEVC");
  const skipped = await event(page, "error", { where: { code: "media-skipped" } });
  const failures = await page.evaluate(() => window.media.filter((m) => m.type === "error"));
  const before = failures.filter((m) => m.at <= skipped.at);
  assert.equal(before.length, 3, JSON.stringify(before));
  assert.ok(before.every((m) => m.error === 4 && m.src.endsWith(hevc)), "MEDIA_ERR_SRC_NOT_SUPPORTED");
  await event(page, "episodechange", { where: { index: 1 } });
  await playing(page, GOOD[0]);
  const busy = await page.evaluate(() => {
    const host = document.querySelector("micro-drama");
    return { aria: host.getAttribute("aria-busy"), spinner: host.shadowRoot.querySelector(".md-spinner").hidden };
  });
  assert.deepEqual(busy, { aria: null, spinner: true }, "playing again: no longer busy");
  await nextPlays(page, GOOD[1]);
  await noProblems(page, problems);
  await page.context().close();
});

test("sources: the first one canPlayType accepts is loaded (WebM after an HEVC MP4; H.264 where it plays)", async () => {
  const hevcThenWebm = {
    sources: [
      { src: "/fault/media/hevc.mp4?for=sources", type: 'video/mp4; codecs="hvc1.1.6.L63.90"' },
      { src: GOOD[0], type: 'video/webm; codecs="vp9, opus"' },
    ],
  };
  const h264ThenWebm = {
    sources: [
      { src: "/fault/media/h264.mp4", type: 'video/mp4; codecs="avc1.42E01E"' },
      { src: GOOD[1], type: 'video/webm; codecs="vp9, opus"' },
    ],
  };
  const opened = performance.timeOrigin + performance.now();
  const { page, problems } = await open(serveCatalog(feed(hevcThenWebm, h264ThenWebm, GOOD[2])));
  await playing(page, GOOD[0]);
  assert.deepEqual(server.log.filter((e) => e.path === "/fault/media/hevc.mp4" && e.at > opened), [], "the HEVC file was never requested");
  // H.264 is the first choice wherever the browser says it may play it (Debian's Chromium does).
  const h264 = await page.evaluate(() => document.createElement("video").canPlayType('video/mp4; codecs="avc1.42E01E"'));
  await nextPlays(page, h264 ? "/fault/media/h264.mp4" : GOOD[1]);
  await nextPlays(page, GOOD[2]);
  assert.deepEqual(await events(page, "error"), [], "no error event");
  await noProblems(page, problems);
  await page.context().close();
});

test(`a video that stalls halfway is noticed by the watchdog (${STALL_TIMEOUT_MS / 1000} s), retried where it stopped, then skipped`, { timeout: 90000 }, async () => {
  // 248 KB, 8 s: its first half holds about 3 s of frames, then the server sends nothing more.
  const stall = "/fault/stall/af-ep1-s1.webm";
  const { page, problems } = await open(serveCatalog(feed(stall, GOOD[0], GOOD[1])));
  // CONTRACT §5: while it waits for data the host is aria-busy and the spinner shows.
  await page.waitForFunction(() => {
    const host = document.querySelector("micro-drama");
    const spinner = host.shadowRoot.querySelector(".md-spinner");
    return host.getAttribute("aria-busy") === "true" && spinner && !spinner.hidden && spinner.getBoundingClientRect().width > 0;
  }, null, { timeout: 20000 });
  const skipped = await event(page, "error", { where: { code: "media-skipped" }, timeout: 60000 });
  const media = await page.evaluate(() => window.media);
  const played = await page.evaluate((s) => window.played[s] ?? 0, server.origin + stall);
  assert.ok(played > 2, `it played the first half (${played} s)`);
  // It stopped mid-file while playing: `waiting` past 2 s.
  const stuck = media.find((m) => m.type === "waiting" && m.t > 2 && m.src.endsWith(stall));
  assert.ok(stuck, `waiting mid-file: ${JSON.stringify(media)}`);
  // Nothing failed on its own: no `error` from the video, and the browser's `stalled` (which fires
  // after 3 s without bytes) found it with a frame to show. The first reload is the watchdog's, after
  // its timeout and the 0.5 s back-off, and resumes where the video stopped (a range request past 0).
  const loads = requestsBefore(stall, skipped.at);
  assert.ok(loads.length >= 2 && loads.length <= 3, `bounded retries: ${JSON.stringify(loads)}`);
  const waited = loads[1].at - stuck.at;
  assert.ok(waited >= STALL_TIMEOUT_MS + 400 && waited < STALL_TIMEOUT_MS + 3000,
    `first retry ${waited} ms after the stall (watchdog ${STALL_TIMEOUT_MS} ms + 500 ms back-off)`);
  assert.match(loads[1].range ?? "", /^bytes=[1-9]\d*-/, "the retry resumes mid-file");
  assert.ok(!media.some((m) => m.type === "error" && m.src.endsWith(stall) && m.at < skipped.at), "no media error of its own");
  await event(page, "episodechange", { where: { index: 1 } });
  await playing(page, GOOD[0]);
  const busy = await page.evaluate(() => {
    const host = document.querySelector("micro-drama");
    return { aria: host.getAttribute("aria-busy"), spinner: host.shadowRoot.querySelector(".md-spinner").hidden };
  });
  assert.deepEqual(busy, { aria: null, spinner: true }, "playing again: no longer busy");
  await nextPlays(page, GOOD[1]);
  await noProblems(page, problems);
  await page.context().close();
});

/** The message the element shows for a catalog it could not use: visible, as text. */
async function shownError(page) {
  const handle = await page.waitForFunction(() => {
    const box = document.querySelector("micro-drama").shadowRoot.querySelector(".md-error");
    if (!box) return null;
    const rect = box.getBoundingClientRect();
    return {
      text: box.textContent, role: box.getAttribute("role"), elements: box.children.length,
      visible: rect.width > 0 && rect.height > 0 && getComputedStyle(box).visibility !== "hidden",
    };
  }, null, { timeout: 20000 });
  return handle.jsonValue();
}

/** After a catalog failure, a good catalog set as `src` loads and the feed plays on. */
async function recovers(page) {
  await page.evaluate((src) => document.querySelector("micro-drama").setAttribute("src", src), serveCatalog(feed(GOOD[0], GOOD[1])));
  await event(page, "ready");
  await playing(page, GOOD[0]);
  const box = await page.evaluate(() => document.querySelector("micro-drama").shadowRoot.querySelector(".md-error"));
  assert.equal(box, null, "the message is gone");
  await nextPlays(page, GOOD[1]);
}

for (const [name, src, code, allowed] of [
  ["404s", "/fault/404/catalog.json", "catalog-fetch", [RESOURCE_404]],
  ["is an HTML page", "/fault/catalog-html.json", "bad-json", []],
  ["is 20 MB (Content-Length)", "/fault/catalog-huge.json", "catalog-too-large", []],
  ["is 20 MB (chunked, no Content-Length)", "/fault/catalog-huge-chunked.json", "catalog-too-large", []],
]) {
  test(`a catalog that ${name} gives error {code: "${code}"} and a message in the element`, async () => {
    const { page, problems } = await open(src);
    const error = await event(page, "error");
    assert.equal(error.detail.code, code, error.detail.message);
    assert.ok(error.detail.message.length > 0);
    const shown = await shownError(page);
    assert.ok(shown.visible, "the message is visible");
    assert.equal(shown.role, "alert");
    assert.equal(shown.elements, 0, "plain text");
    assert.match(shown.text, /\w{3,}/, `a readable message: ${shown.text}`);
    assert.equal((await events(page, "ready")).length, 0, "no player started");
    await recovers(page);
    assert.equal((await events(page, "error")).length, 1, "one error event");
    await noProblems(page, problems, allowed);
    await page.context().close();
  });
}

test("after a failed catalog, the element's Try again button loads it again", async () => {
  const src = server.catalog("later", "not a catalog yet");
  const { page, problems } = await open(src);
  await event(page, "error");
  await shownError(page);
  const retry = await page.evaluate(() => {
    const button = document.querySelector("micro-drama").shadowRoot.querySelector(".md-failed .md-retry");
    const rect = button.getBoundingClientRect();
    return { text: button.textContent, big: rect.width >= 44 && rect.height >= 44 };
  });
  assert.deepEqual(retry, { text: "Try again", big: true });
  server.catalog("later", feed(GOOD[0], GOOD[1]));
  await page.evaluate(() => document.querySelector("micro-drama").shadowRoot.querySelector(".md-retry").click());
  await event(page, "ready");
  await playing(page, GOOD[0]);
  assert.equal(await page.evaluate(() => document.querySelector("micro-drama").shadowRoot.querySelector(".md-failed")), null);
  await noProblems(page, problems);
  await page.context().close();
});
