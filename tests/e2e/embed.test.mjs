// End-to-end: embed.html in a cross-origin iframe, driven by postMessage (CONTRACT §4), and the partner
// page (www/partner.html) under its Content-Security-Policy. Two servers on loopback give three origins:
//   A = http://127.0.0.1:P1  the partner page (the listed parent)
//   B = http://localhost:P2  the player's host (embed.html)
//   C = http://localhost:P1  a parent that is not listed
// Inside every embed frame an init script wraps window.parent (a [Replaceable] attribute) to record the
// targetOrigin of each postMessage, and maps MessageEvent.source back to the wrapper so the page's
// `event.source === window.parent` check sees the same object.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launchBrowser } from "./support.mjs";

const EVENT_NAMES = [
  "ready", "episodechange", "segmentchange", "choiceshow", "choice", "ending", "locked",
  "autoplayblocked", "warning", "error",
];

let servers = [];
let browser;
let A;
let B;
let C;

before(async () => {
  // A bare page for the unlisted parent C (Chromium's local network checks want a real loopback response).
  const blank = { "blank.html": "<!doctype html><title>not listed</title><link rel=\"icon\" href=\"favicon.svg\">" };
  servers = [await serve(blank), await serve(blank)];
  const [p1, p2] = servers.map((s) => s.address().port);
  A = `http://127.0.0.1:${p1}`;
  B = `http://localhost:${p2}`;
  C = `http://localhost:${p1}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

/** Runs in every frame before its scripts: records player events, messages, posts and CSP violations. */
function instrument(eventNames) {
  window.__events = [];
  for (const name of eventNames) {
    document.addEventListener(name, (e) => window.__events.push({ name, detail: e.detail }), true);
  }
  window.__violations = [];
  document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  window.__messages = [];
  window.addEventListener("message", (e) => {
    if (e.data?.type === "microdrama:event") window.__messages.push({ origin: e.origin, ...e.data });
  });
  if (window === window.top || !location.pathname.endsWith("/embed.html")) return;
  const realParent = window.parent;
  window.__posted = [];
  const wrapper = {
    postMessage(message, targetOrigin, ...rest) {
      const target = typeof targetOrigin === "object" && targetOrigin !== null
        ? targetOrigin.targetOrigin ?? "/" : targetOrigin;
      window.__posted.push({ targetOrigin: String(target), event: message?.event });
      return realParent.postMessage(message, targetOrigin, ...rest);
    },
  };
  Object.defineProperty(window, "parent", { value: wrapper, configurable: true, writable: true });
  const source = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "source");
  Object.defineProperty(MessageEvent.prototype, "source", {
    configurable: true,
    get() {
      const s = source.get.call(this);
      return s === realParent ? wrapper : s;
    },
  });
}

/** A fresh context and page with `instrument` in every frame; console errors and page errors collected. */
async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const warnings = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
    if (message.type() === "warning") warnings.push(message.text());
  });
  await context.addInitScript(instrument, EVENT_NAMES);
  return { context, page, problems, warnings };
}

/** The page's iframe running embed.html. */
async function embedFrame(page) {
  const handle = await page.waitForSelector("iframe[src*='embed.html']");
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => Array.isArray(window.__posted));
  return frame;
}

/** Waits until `target` (page or frame) has a record in `list` matching `match`; returns it. */
async function waitFor(target, list, match, timeout = 30000) {
  const handle = await target.waitForFunction(
    ([l, m]) => window[l].find((x) => Object.entries(m).every(([k, v]) =>
      k === "index" ? x.detail?.index === v : x[k] === v)) ?? null,
    [list, match], { timeout },
  );
  return handle.jsonValue();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("a listed parent gets the iframe's events and drives it; a sibling window cannot", async () => {
  const { context, page, problems, warnings } = await openPage();
  await page.goto(`${A}/partner.html?player=${encodeURIComponent(`${B}/embed.html`)}`);
  const frame = await embedFrame(page);
  assert.equal(new URL(frame.url()).origin, B);
  assert.deepEqual(new URL(frame.url()).searchParams.getAll("origin"), [A]);

  // ready and the first episode reach the parent, from the player's origin.
  const ready = await waitFor(page, "__messages", { event: "ready" });
  assert.equal(ready.origin, B);
  assert.ok(ready.detail.episodes >= 8, `the feed has ${ready.detail.episodes} episodes`);
  const first = await waitFor(page, "__messages", { event: "episodechange", index: 0 });
  assert.equal(first.origin, B);
  assert.equal(first.detail.seriesId, ready.detail.series[0]);

  // Malformed commands from the parent are ignored and break nothing.
  await page.evaluate((b) => {
    const w = document.querySelector("iframe").contentWindow;
    for (const data of [null, "next", 42, { type: "microdrama:command" }, { type: "microdrama:command", command: "constructor" },
      { type: "microdrama:command", command: "choose", args: ["x"] }, { type: "microdrama:command", command: "next", args: "no" },
      { type: "microdrama:command", command: "unlock", args: ["<img>"] }, { type: "other", command: "next" }]) {
      w.postMessage(data, b);
    }
  }, B);

  // The partner's Next button (a postMessage to B) moves the iframe's feed.
  await page.locator('#frame-player .controls button[data-command="next"]').click();
  const second = await waitFor(page, "__messages", { event: "episodechange", index: 1 });
  assert.equal(second.origin, B);
  await waitFor(frame, "__events", { name: "episodechange", index: 1 });

  // saveState answers with a state event.
  await page.evaluate((b) => document.querySelector("iframe").contentWindow.postMessage(
    { type: "microdrama:command", command: "saveState", args: [] }, b), B);
  const state = await waitFor(page, "__messages", { event: "state" });
  assert.equal(typeof state.detail.state, "string");
  assert.ok(state.detail.state.length > 0);

  // A sibling frame on the listed origin A posts `next`: not the parent, so ignored.
  await page.evaluate(() => {
    const sibling = document.createElement("iframe");
    sibling.id = "sibling";
    document.body.append(sibling);
  });
  const sibling = await (await page.$("#sibling")).contentFrame();
  await sibling.evaluate((b) => {
    const player = window.parent.document.querySelector("iframe[src*='embed.html']").contentWindow;
    player.postMessage({ type: "microdrama:command", command: "next", args: [] }, b);
    player.postMessage({ type: "microdrama:command", command: "next", args: [] }, "*");
  }, B);
  await sleep(1500);
  const changes = (list) => list.filter((x) => (x.name ?? x.event) === "episodechange").map((x) => x.detail.index);
  assert.deepEqual(changes(await frame.evaluate(() => window.__events)), [0, 1], "the sibling's next was ignored");
  assert.deepEqual(changes(await page.evaluate(() => window.__messages)), [0, 1]);

  // Every message the frame posted went to A: never "*", never another origin.
  const posted = await frame.evaluate(() => window.__posted);
  assert.ok(posted.length >= 4, `${posted.length} messages posted`);
  assert.deepEqual([...new Set(posted.map((p) => p.targetOrigin))], [A]);
  for (const name of ["ready", "episodechange", "segmentchange", "state"]) {
    assert.ok(posted.some((p) => p.event === name), `${name} was posted`);
  }
  // The parent saw them all, and nothing from anyone else.
  let received = await page.evaluate(() => window.__messages);
  for (let tries = 0; received.length < posted.length && tries < 20; tries++) {
    await sleep(100);
    received = await page.evaluate(() => window.__messages);
  }
  assert.ok(received.length >= posted.length, `${received.length} received, ${posted.length} posted`);
  assert.ok(received.every((m) => m.origin === B));

  // The malformed commands were each ignored with a warning from inside the frame (which also shows
  // that the console of the cross-origin frame is being watched).
  const ignored = warnings.filter((w) => w.includes("ignored a malformed command"));
  assert.equal(ignored.length, 5, ignored.join("\n"));
  const violations = [await page.evaluate(() => window.__violations), await frame.evaluate(() => window.__violations)];
  assert.deepEqual(violations, [[], []], "no CSP violation in the page or the iframe");

  assert.deepEqual(problems, [], "no error reached the console");
  await context.close();
});

test("a parent whose origin is not listed can neither drive the iframe nor hear from it", async () => {
  const { context, page, problems } = await openPage();
  // A page on origin C that frames the player with only A listed.
  await page.goto(`${C}/blank.html`);
  const embed = `${B}/embed.html?src=demo/catalog.json&origin=${encodeURIComponent(A)}&muted`;
  await page.evaluate((src) => {
    const iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.width = "360";
    iframe.height = "640";
    document.body.append(iframe);
  }, embed);
  const frame = await embedFrame(page);

  // The player runs (its own events, recorded inside the frame)...
  await waitFor(frame, "__events", { name: "ready" });
  await waitFor(frame, "__events", { name: "episodechange", index: 0 });
  // ...but a command from C, the real parent, is not on the list.
  await page.evaluate((b) => document.querySelector("iframe").contentWindow.postMessage(
    { type: "microdrama:command", command: "next", args: [] }, b), B);
  await sleep(1500);
  const changes = await frame.evaluate(
    () => window.__events.filter((e) => e.name === "episodechange").map((e) => e.detail.index));
  assert.deepEqual(changes, [0], "C's next was ignored");
  // Nothing was posted at all (the parent's origin is known and not listed), so C heard nothing.
  assert.deepEqual(await frame.evaluate(() => window.__posted), []);
  assert.deepEqual(await page.evaluate(() => window.__messages), []);

  assert.deepEqual(problems, [], "no error reached the console");
  await context.close();
});

test("the partner page loads under its CSP and both players become ready and take their buttons", async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${A}/partner.html`);
  const frame = await embedFrame(page);
  assert.equal(new URL(frame.url()).origin, A, "the iframe is on the partner's own origin");

  for (const id of ["element-player", "frame-player"]) {
    await page.waitForSelector(`#${id} .log li[data-event="ready"]`, { timeout: 30000 });
    await page.waitForSelector(`#${id} .log li[data-event="episodechange"]`, { timeout: 30000 });
    const buttons = await page.locator(`#${id} .controls button`).allTextContents();
    assert.deepEqual(buttons, ["Prev", "Next", "Choose 1", "Choose 2", "Play", "Pause", "Unlock ep5"]);
  }

  // Next on each moves that player alone to episode index 1.
  for (const id of ["element-player", "frame-player"]) {
    await page.locator(`#${id} .controls button[data-command="next"]`).click();
    await page.waitForFunction((sel) => [...document.querySelectorAll(sel)]
      .some((li) => li.textContent.includes('"index":1')), `#${id} .log li[data-event="episodechange"]`,
    { timeout: 30000 });
  }

  // The log is text: a detail with markup shows up as characters, not elements.
  assert.equal(await page.locator(".log li *").count(), 0);

  const violations = [await page.evaluate(() => window.__violations), await frame.evaluate(() => window.__violations)];
  assert.deepEqual(violations, [[], []], "no CSP violation in the page or the iframe");
  assert.deepEqual(problems, [], "no error reached the console");
  await context.close();
});

test("the origin list takes exact origins only, repeated or comma-separated", async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${A}/blank.html`);
  const query = (origins) => origins.map((o) => `origin=${encodeURIComponent(o)}`).join("&");
  const frames = {
    // A appears only inside a comma-separated value, among values that are not origins.
    listed: `${B}/embed.html?src=demo/catalog.json&muted&${query([`${A}/`, "javascript:alert(1)", `${C}, ${A}`])}`,
    // Nothing valid: A with a path, a wildcard, A in upper case, an origin with credentials.
    invalid: `${B}/embed.html?src=demo/catalog.json&muted&${query([`${A}/x`, "*", A.toUpperCase(),
      A.replace("//", "//user@")])}`,
  };
  await page.evaluate((srcs) => {
    for (const [name, src] of Object.entries(srcs)) {
      const iframe = document.createElement("iframe");
      iframe.name = name;
      iframe.src = src;
      iframe.width = "240";
      iframe.height = "426";
      document.body.append(iframe);
    }
  }, frames);
  const listed = await (await page.waitForSelector("iframe[name=listed]")).contentFrame();
  const invalid = await (await page.waitForSelector("iframe[name=invalid]")).contentFrame();
  await waitFor(listed, "__events", { name: "episodechange", index: 0 });
  await waitFor(invalid, "__events", { name: "episodechange", index: 0 });

  await page.evaluate((b) => {
    for (const name of ["listed", "invalid"]) {
      window.frames[name].postMessage({ type: "microdrama:command", command: "next", args: [] }, b);
    }
  }, B);
  await waitFor(listed, "__events", { name: "episodechange", index: 1 });
  await sleep(1500);
  const indexes = (frame) => frame.evaluate(
    () => window.__events.filter((e) => e.name === "episodechange").map((e) => e.detail.index));
  assert.deepEqual(await indexes(invalid), [0], "no valid origin listed: commands ignored");

  const posted = { listed: await listed.evaluate(() => window.__posted), invalid: await invalid.evaluate(() => window.__posted) };
  assert.ok(posted.listed.length > 0);
  assert.deepEqual([...new Set(posted.listed.map((p) => p.targetOrigin))], [A]);
  assert.deepEqual(posted.invalid, [], "no valid origin listed: nothing posted");

  assert.deepEqual(problems, [], "no error reached the console");
  await context.close();
});

test("a cross-origin parent drives the iframe's media and hears its media events, at its origin only", async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${A}/blank.html`);
  await page.evaluate((src) => {
    const iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.width = "270";
    iframe.height = "480";
    iframe.allow = "autoplay";
    document.body.append(iframe);
  }, `${B}/embed.html?src=demo/catalog.json&series=anti-fraud&muted&origin=${encodeURIComponent(A)}`);
  const frame = await embedFrame(page);
  await waitFor(page, "__messages", { event: "playing" });
  const send = (command, args) => page.evaluate(([c, a, b]) => document.querySelector("iframe").contentWindow
    .postMessage({ type: "microdrama:command", command: c, args: a }, b), [command, args, B]);

  // timeupdate at most four a second, while it plays.
  const count = () => page.evaluate(() => window.__messages.filter((m) => m.event === "timeupdate").length);
  const before = await count();
  await sleep(3000);
  const inThree = (await count()) - before;
  assert.ok(inThree >= 6 && inThree <= 13, `${inThree} timeupdates in 3 s`);

  // Each media command, answered by its media event with the state as detail.
  const latest = (event) => page.evaluate((e) => window.__messages.filter((m) => m.event === e).at(-1) ?? null, event);
  const heard = (event, test) => page.waitForFunction(([e, t]) => window.__messages.some((m) => m.event === e
    && Object.entries(t).every(([k, v]) => (typeof v === "number" ? Math.abs(m.detail[k] - v) < 0.6 : m.detail[k] === v))),
  [event, test], { timeout: 10000 });
  await send("setMuted", [false]);
  await heard("volumechange", { muted: false });
  await send("setVolume", [0.25]);
  await heard("volumechange", { volume: 0.25 });
  await send("setPlaybackRate", [1.5]);
  await heard("ratechange", { playbackRate: 1.5 });
  await send("pause", []);
  await heard("pause", { paused: true });
  await send("seek", [5]);
  await heard("timeupdate", { currentTime: 5, paused: true });
  await send("play", []);
  await heard("play", { paused: false });
  assert.equal((await latest("durationchange"))?.detail.duration !== undefined, true);

  // A value a <video> refuses is a bad-value error, and the player plays on.
  await send("setVolume", [2]);
  await send("setPlaybackRate", [-1]);
  const errors = await page.waitForFunction(() => {
    const list = window.__messages.filter((m) => m.event === "error" && m.detail.code === "bad-value");
    return list.length === 2 ? list.map((m) => m.detail.message) : null;
  }, null, { timeout: 10000 });
  const messages = await errors.jsonValue();
  assert.match(messages[0], /^volume: IndexSizeError/);
  assert.match(messages[1], /^playbackRate: NotSupportedError/);
  // Malformed media commands are ignored (a string, no value, two values).
  for (const [command, args] of [["seek", ["5"]], ["setMuted", [1]], ["setVolume", []], ["setPlaybackRate", [1, 2]]]) {
    await send(command, args);
  }
  const state = await frame.evaluate(() => {
    const el = document.querySelector("micro-drama");
    return { muted: el.muted, volume: el.volume, rate: el.playbackRate };
  });
  assert.deepEqual(state, { muted: false, volume: 0.25, rate: 1.5 });

  const posted = await frame.evaluate(() => window.__posted);
  assert.deepEqual([...new Set(posted.map((p) => p.targetOrigin))], [A], "every post went to A alone");
  for (const name of ["play", "pause", "playing", "timeupdate", "durationchange", "volumechange", "ratechange"]) {
    assert.ok(posted.some((p) => p.event === name), `${name} was relayed`);
  }
  assert.deepEqual(problems, [], "no error reached the console");
  await context.close();
});

test("a cross-origin parent's prev, choose and unlock reach the iframe's player", async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${A}/blank.html`);
  await page.evaluate((src) => {
    const iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.width = "270";
    iframe.height = "480";
    document.body.append(iframe);
  }, `${B}/embed.html?src=demo/catalog.json&series=anti-fraud&muted&origin=${encodeURIComponent(A)}`);
  await embedFrame(page);
  await waitFor(page, "__messages", { event: "episodechange", index: 0 });
  const send = (command, args = []) => page.evaluate(([c, a, b]) => document.querySelector("iframe").contentWindow
    .postMessage({ type: "microdrama:command", command: c, args: a }, b), [command, args, B]);
  const messages = (event) => page.evaluate((e) => window.__messages.filter((m) => m.event === e).map((m) => m.detail), event);

  // next then prev: back on ep1, which plays again from its start.
  await send("next");
  await waitFor(page, "__messages", { event: "episodechange", index: 1 });
  await send("prev");
  await page.waitForFunction(() => window.__messages.filter((m) => m.event === "episodechange").length === 3);
  assert.deepEqual((await messages("episodechange")).map((d) => d.index), [0, 1, 0]);

  // ep1's choice opens (at 5 s); "choose" takes option 1: a choice via "api", then its segment.
  await page.waitForFunction(() => window.__messages.some((m) => m.event === "choiceshow"), null, { timeout: 20000 });
  await send("choose", [1]);
  const chosen = await waitFor(page, "__messages", { event: "choice" });
  assert.deepEqual([chosen.detail.index, chosen.detail.via], [1, "api"]);
  await page.waitForFunction(() => window.__messages.some((m) => m.event === "segmentchange" && m.detail.segmentId === "s3"));

  // Four next: ep5, locked; "unlock" plays it.
  for (let i = 0; i < 4; i += 1) await send("next");
  const locked = await waitFor(page, "__messages", { event: "locked" });
  assert.equal(locked.detail.episodeId, "ep5");
  const segments = (await messages("segmentchange")).length;
  await send("unlock", ["ep5"]);
  await page.waitForFunction((n) => window.__messages.filter((m) => m.event === "segmentchange").length > n, segments);
  assert.equal((await messages("segmentchange")).at(-1).segmentId, "s1");
  assert.deepEqual(problems, [], "no error reached the console");
  await context.close();
});
