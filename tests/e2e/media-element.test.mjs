// End-to-end: <micro-drama> as a media element (CONTRACT v2 §4, §4.1), side by side with a real
// <video> in the same page, which is the reference for every property, method, event and bad value.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launchBrowser } from "./support.mjs";

const MEDIA_EVENTS = ["play", "pause", "playing", "waiting", "timeupdate", "durationchange", "volumechange",
  "ratechange", "ended"];
const CONTRACT_EVENTS = ["ready", "episodechange", "segmentchange", "choiceshow", "choice", "ending", "locked",
  "autoplayblocked", "warning", "error", "qoe"];

/** A page with one player (its attributes as given) and one <video> of the demo's first clip. */
function sideBySide(attributes) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="favicon.svg">
<script type="module" src="micro-drama.js"></script>
<style>micro-drama, video { display: inline-block; width: 270px; height: 480px; }</style></head><body>
<micro-drama id="el" ${attributes}></micro-drama>
<video id="video" src="demo/media/af-ep1-s1.webm" muted preload="auto"></video>
</body></html>`;
}

const PAGES = {
  "side.html": sideBySide('src="demo/catalog.json" series="anti-fraud" muted autoplay="off" resume="off"'),
  "playing.html": sideBySide('src="demo/catalog.json" series="anti-fraud" muted resume="off"'),
  "nosrc.html": sideBySide('muted resume="off"'),
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
 * Runs before the page's scripts: records every media and contract event heard on the player and on
 * the video (`window.heard`), what reaches the document's bubbling phase (`window.bubbled`) and
 * window.onerror (`window.errors`); `window.next(target, type)` resolves on the next such event.
 */
function instrument([media, contract]) {
  window.heard = [];
  window.bubbled = [];
  window.errors = [];
  window.addEventListener("error", (e) => window.errors.push(String(e.message)));
  for (const type of [...media, ...contract]) {
    document.addEventListener(type, (e) => {
      const id = e.target?.id;
      if (id === "el" || id === "video") {
        window.heard.push({ id, type, bubbles: e.bubbles, detail: e.detail ?? null, at: performance.now() });
      }
    }, true);
    document.addEventListener(type, (e) => {
      if (e.target?.id === "el") window.bubbled.push(type);
    });
  }
  window.next = (target, type) => new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
  window.count = (id, type) => window.heard.filter((h) => h.id === id && h.type === type).length;
}

async function open(path) {
  const context = await browser.newContext({ viewport: { width: 600, height: 600 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.addInitScript(instrument, [MEDIA_EVENTS, CONTRACT_EVENTS]);
  const requests = [];
  page.on("request", (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(`${origin}/${path}`);
  return { context, page, problems, requests };
}

test("each media property, method and event of §4.1 behaves as a <video>'s in the same page", async () => {
  const { context, page, problems } = await open("side.html");
  await page.waitForFunction(() => window.count("el", "ready") === 1, null, { timeout: 30000 });
  const result = await page.evaluate(async () => {
    const el = document.getElementById("el");
    const video = document.getElementById("video");
    const both = [el, video];
    const snap = (t) => ({ paused: t.paused, ended: t.ended, muted: t.muted, volume: t.volume,
      playbackRate: t.playbackRate, finiteDuration: Number.isFinite(t.duration) });
    const out = {};
    // The player waits for a play() (autoplay off): as a <video> that has not been played.
    await Promise.all(both.map((t) => (t.readyState >= 1 ? null : window.next(t, "durationchange"))));
    out.start = both.map(snap);
    out.duration = both.map((t) => t.duration);

    const plays = await Promise.allSettled(both.map((t) => t.play()));
    out.played = plays.map((p) => p.status);
    out.afterPlay = both.map(snap);
    await Promise.all(both.map((t) => window.next(t, "timeupdate")));
    out.moving = both.map((t) => t.currentTime > 0);

    both.forEach((t) => t.pause());
    out.afterPause = both.map(snap);
    await Promise.all(both.map((t) => (window.count(t.id, "pause") ? null : window.next(t, "pause"))));

    const seeked = both.map((t) => window.next(t, "timeupdate"));
    both.forEach((t) => { t.currentTime = 3; });
    await Promise.all(seeked);
    out.seekedTo = both.map((t) => Math.round(t.currentTime * 10) / 10);

    const volume = both.map((t) => window.next(t, "volumechange"));
    both.forEach((t) => { t.volume = 0.5; });
    await Promise.all(volume);
    const unmute = both.map((t) => window.next(t, "volumechange"));
    both.forEach((t) => { t.muted = false; });
    await Promise.all(unmute);
    out.unmuted = both.map(snap);
    out.attributeAfterUnmute = el.hasAttribute("muted");
    el.muted = true;
    out.attributeAfterMute = el.hasAttribute("muted");
    el.removeAttribute("muted");
    out.propertyAfterRemove = el.muted;
    el.setAttribute("muted", "");
    out.propertyAfterSet = el.muted;
    video.muted = true;

    const rate = both.map((t) => window.next(t, "ratechange"));
    both.forEach((t) => { t.playbackRate = 1.5; });
    await Promise.all(rate);
    out.rate = both.map((t) => t.playbackRate);

    // play() then pause() at once, with data enough to play: as the video settles it (resolved: the
    // play was taken before the pause).
    const aborted = await Promise.allSettled(both.map((t) => { const p = t.play(); t.pause(); return p; }));
    out.aborted = aborted.map((p) => p.reason?.name ?? p.status);

    // Played to the end: `ended` on both, `paused` as the video's.
    both.forEach((t) => { t.playbackRate = 1; t.currentTime = t.duration - 0.4; });
    const ended = both.map((t) => window.next(t, "ended").then(() => snap(t)));
    await Promise.all(both.map((t) => t.play()));
    out.atEnd = await Promise.all(ended);

    // The attributes as properties.
    out.reflect = { src: el.src, series: el.series, episode: el.episode };
    el.episode = "ep2";
    out.episodeAttribute = el.getAttribute("episode");
    out.order = ["el", "video"].map((id) => window.heard.filter((h) => h.id === id && ["play", "playing", "pause"]
      .includes(h.type)).map((h) => h.type).slice(0, 3));
    out.kinds = ["el", "video"].map((id) => [...new Set(window.heard.filter((h) => h.id === id
      && !h.detail).map((h) => h.type))].sort());
    return out;
  });

  assert.deepEqual(result.start[0], result.start[1], "before play()");
  assert.equal(result.start[0].paused, true);
  assert.equal(result.duration[0], result.duration[1], "the segment's duration, as the same clip's <video> gives it");
  assert.equal(Math.round(result.duration[0]), 8);
  assert.deepEqual(result.played, ["fulfilled", "fulfilled"]);
  assert.deepEqual(result.afterPlay[0], result.afterPlay[1], "after play()");
  assert.deepEqual(result.moving, [true, true]);
  assert.deepEqual(result.afterPause[0], result.afterPause[1], "after pause()");
  assert.equal(result.afterPause[0].paused, true);
  assert.deepEqual(result.seekedTo, [3, 3]);
  assert.deepEqual(result.unmuted[0], result.unmuted[1], "volume 0.5, unmuted");
  assert.equal(result.unmuted[0].volume, 0.5);
  assert.equal(result.attributeAfterUnmute, false, "muted = false removes the attribute");
  assert.equal(result.attributeAfterMute, true, "muted = true sets it");
  assert.equal(result.propertyAfterRemove, false, "removing the attribute unmutes");
  assert.equal(result.propertyAfterSet, true, "setting it mutes");
  assert.deepEqual(result.rate, [1.5, 1.5]);
  assert.equal(result.aborted[0], result.aborted[1], "play() then pause()");
  assert.deepEqual(result.atEnd[0], result.atEnd[1], "at the end");
  assert.equal(result.atEnd[0].ended, true);
  assert.deepEqual(result.reflect, { src: "demo/catalog.json", series: "anti-fraud", episode: "" });
  assert.equal(result.episodeAttribute, "ep2");
  assert.deepEqual(result.order[0], result.order[1], "play, playing, pause in the video's order");
  for (const kind of ["play", "pause", "playing", "timeupdate", "durationchange", "volumechange", "ratechange",
    "ended"]) {
    assert.ok(result.kinds[0].includes(kind), `the player fired ${kind} (heard: ${result.kinds[0]})`);
    assert.ok(result.kinds[1].includes(kind), `the video fired ${kind}`);
  }
  const heard = await page.evaluate(() => window.heard.filter((h) => h.id === "el"));
  assert.ok(heard.length > 10);
  assert.deepEqual(heard.filter((h) => h.bubbles).map((h) => h.type), [], "no event of the player bubbles");
  assert.deepEqual(await page.evaluate(() => window.bubbled), [], "nothing reaches the document's bubbling phase");
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Each bad value on the player and on the <video>: the exception's name (or "ok") and the value after. */
async function badValues(page) {
  return page.evaluate(() => {
    const el = document.getElementById("el");
    const video = document.getElementById("video");
    const cases = [["playbackRate", -1], ["playbackRate", NaN], ["playbackRate", Infinity], ["volume", 2],
      ["volume", -0.1], ["volume", NaN], ["currentTime", NaN], ["currentTime", -Infinity]];
    const one = (t, name, value) => {
      try {
        t[name] = value;
        return "ok";
      } catch (error) {
        return `${error.constructor.name}/${error.name}`;
      }
    };
    return cases.map(([name, value]) => ({
      name, value: String(value), el: one(el, name, value), video: one(video, name, value),
      after: [el[name], video[name]],
    }));
  });
}

test("bad values behave like a <video>'s, before the player exists and while it plays; the player is unharmed", async () => {
  // No catalog: values are checked by a detached <video> before any player exists.
  {
    const { context, page, problems } = await open("nosrc.html");
    await page.waitForFunction(() => customElements.get("micro-drama"));
    for (const row of await badValues(page)) {
      assert.equal(row.el, row.video, `${row.name} = ${row.value} without a player`);
      assert.notEqual(row.el, "ok", `${row.name} = ${row.value} is refused`);
    }
    // play() before any player waits; pause() aborts it, as on a <video> still loading.
    const aborted = await page.evaluate(() => {
      const el = document.getElementById("el");
      const p = el.play();
      el.pause();
      return p.then(() => "fulfilled", (e) => e.name);
    });
    assert.equal(aborted, "AbortError");
    assert.deepEqual(problems, []);
    await context.close();
  }
  const { context, page, problems } = await open("playing.html");
  await page.waitForFunction(() => window.count("el", "playing") >= 1, null, { timeout: 30000 });
  for (const row of await badValues(page)) {
    assert.equal(row.el, row.video, `${row.name} = ${row.value} while playing`);
    assert.deepEqual(row.after, [1, 1].map((v, i) => (row.name === "currentTime" ? row.after[i] : v)),
      `${row.name} kept its value`);
  }
  const result = await page.evaluate(async () => {
    const el = document.getElementById("el");
    const video = document.getElementById("video");
    await new Promise((resolve) => (video.readyState >= 1 ? resolve() : video.addEventListener("loadedmetadata", resolve)));
    el.currentTime = -5;
    video.currentTime = -5;
    // Read at once: the player's video plays on from there, the other <video> is paused.
    const clamped = [el.currentTime, video.currentTime].map((t) => Math.round(t * 10) / 10);
    const episode = window.heard.filter((h) => h.id === "el" && h.type === "episodechange").at(-1).detail.episodeId;

    const unknownSeries = window.next(el, "error");
    el.setAttribute("series", "nope");
    const seriesError = (await unknownSeries).detail;
    const unknownEpisode = window.next(el, "error");
    el.unlock("unknown");
    const unlockError = (await unknownEpisode).detail;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stillPlaying = !el.paused && el.readyState >= 2;
    const sameEpisode = window.heard.filter((h) => h.id === "el" && h.type === "episodechange").at(-1)
      .detail.episodeId === episode;
    return { clamped, seriesError, unlockError, stillPlaying, sameEpisode };
  });
  assert.deepEqual(result.clamped, [0, 0], "currentTime = -5 clamps to 0 on both");
  assert.equal(result.seriesError.code, "unknown-series");
  assert.equal(result.unlockError.code, "unknown-episode");
  assert.ok(result.stillPlaying, "the player plays on");
  assert.ok(result.sameEpisode, "on the same episode");

  // loadState of another catalog's or another series' save: a warning, and the progress unchanged.
  const saves = await page.evaluate(async () => {
    const el = document.getElementById("el");
    const before = el.saveState();
    // Another catalog's save: another hash, series this catalog does not have.
    const otherCatalog = JSON.parse(before);
    otherCatalog.catalogHash = "0000000000000000";
    otherCatalog.series = Object.fromEntries(Object.entries(otherCatalog.series).map(([id, v]) => [`x-${id}`, v]));
    if (otherCatalog.current) otherCatalog.current[0] = `x-${otherCatalog.current[0]}`;
    const warnings = [];
    el.addEventListener("warning", (e) => warnings.push(e.detail.code));
    const errors = [];
    el.addEventListener("error", (e) => errors.push(e.detail.code));
    el.loadState(JSON.stringify(otherCatalog));
    // A save made in the other series of the same catalog.
    const other = document.createElement("micro-drama");
    other.setAttribute("src", "demo/catalog.json");
    other.setAttribute("series", "night-shift");
    other.setAttribute("muted", "");
    other.setAttribute("resume", "off");
    other.setAttribute("autoplay", "off");
    const ready = new Promise((resolve) => other.addEventListener("ready", resolve, { once: true }));
    document.body.append(other);
    await ready;
    el.loadState(other.saveState());
    other.remove();
    return { before, after: el.saveState(), warnings, errors, text: before.slice(0, 200) };
  });
  assert.deepEqual(saves.warnings, ["save-other-catalog", "save-other-series"], saves.text);
  assert.deepEqual(saves.errors, []);
  // The position moves on as it plays; everything else is as it was.
  const progress = (text) => text.replace(/"positionMs":\d+/, "");
  assert.equal(progress(saves.after), progress(saves.before), "the progress is unchanged");
  assert.deepEqual(await page.evaluate(() => window.errors), [], "no error reached window.onerror");
  assert.deepEqual(problems, []);
  await context.close();
});
