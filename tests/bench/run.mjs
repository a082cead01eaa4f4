// `make bench`: shipped bytes, the host benches (criterion's samples) and the player in headless
// Chromium, written to BENCHMARKS.md with the machine, the command and the budgets.
//
// Needs `make build` (www/pkg), the catalogs in target/bench/ (tests/bench/catalog.mjs) and
// `cargo bench --bench catalog` (target/criterion/, or $CARGO_TARGET_DIR/criterion/). Every browser
// figure is measured in the page: from the input event's timeStamp to performance.now() in the first
// requestAnimationFrame callback in which the newly shown <video>'s currentTime has moved (tests/bench/measure.js, loaded by every page
// measured). The same swipes are measured on the usual open-source feed for comparison: Swiper, from
// node_modules, in the page tests/bench/swiper/ (never part of www/ or the package). The player's work
// per input (the issue's "per-input work in wasm < 1 ms") is read from a CDP CPU profile of each of a
// separate pass of keyboard swipes and choices (`playerTime`).
//
// BENCH_OUT=file writes the report there instead of BENCHMARKS.md (a trial run on a busy machine).
// BENCH_ROWS=skimming measures only those rows (after `make build`; no catalogs or cargo bench needed;
// `element` wants target/bench/catalog-10000.json, and criterion's load/10000 for its host row)
// and replaces only their section of the report, the rest as it was: `BENCH_ROWS=skimming node
// tests/bench/run.mjs`. Selectable: the keys of SECTIONS below.

import { createServer } from "node:http";
import { writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { catalogText } from "./catalog.mjs";
import { WWW, requestPath, sendBytes, sendFile } from "../e2e/static-server.mjs";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const BENCH = join(REPO, "tests/bench");
const SWIPES = Number(process.env.BENCH_SWIPES ?? 55);
const CHOICES = Number(process.env.BENCH_CHOICES ?? 100);
const SOAK_SWIPES = Number(process.env.BENCH_SOAK_SWIPES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PROFILED_CHOICES = Number(process.env.BENCH_PROFILED_CHOICES ?? 30);
/** Skimming: swipes of each kind (keys, then touch), one every SKIM_MS. */
const SKIMS = Number(process.env.BENCH_SKIMS ?? 25);
const SKIM_MS = 300;
/** The media of every skimming episode and Swiper slide, each at its own URL (`?e=`): the same bytes on
 * both sides. */
const SKIM_MEDIA = "/demo/media/af-ep1";
/** The CPU profiler's sampling interval asked for (µs; Chromium samples less often on a busy machine). */
const SAMPLING_US = 50;
/** How long a profiled input's window stays open after the new video moved: the player's later work
 * for the input (the `playing` handler, the neighbour's load) falls inside it. */
const SETTLE_MS = 150;
/** How many median sampling gaps one sample may stand for in the capped wasm figure (`playerTime`). */
const CAP_GAPS = 4;

/** What a partner ships: the wasm, its JS glue, the element and its stylesheet. */
export const SHIPPED = ["pkg/microdrama_bg.wasm", "pkg/microdrama.js", "micro-drama.js", "micro-drama.css"];

export function sizes(files) {
  let raw = 0, gzip = 0, brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) };
}

// ---- the server: the project's static server (tests/e2e/static-server.mjs: types, byte ranges) over www/
// at /, plus the bench catalogs at /bench-data/, the player's bench page, tests/bench/ at /bench/ and
// Swiper at /node_modules/swiper/ ---------------------------------------------------------------------------

function serve(data) {
  const server = createServer(async (req, res) => {
    const path = requestPath(req);
    if (path === null) {
      res.writeHead(404).end();
    } else if (path.startsWith("bench-data/") && Object.hasOwn(data, path.slice(11))) {
      sendBytes(req, res, Buffer.from(data[path.slice(11)]), "application/json");
    } else if (path === "bench.html") {
      res.writeHead(200, { "content-type": "text/html" }).end(BENCH_PAGE);
    } else if (path === "bench-phone.html") {
      res.writeHead(200, { "content-type": "text/html" }).end(BENCH_PHONE_PAGE);
    } else if (path.startsWith("bench/")) {
      await sendFile(req, res, join(BENCH, path.slice(6).replace(/\/$|^$/, "$&index.html")));
    } else if (path.startsWith("node_modules/swiper/")) {
      await sendFile(req, res, join(REPO, path));
    } else {
      await sendFile(req, res, join(WWW, path || "index.html"));
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// A phone-sized page with one player; `?src=` names its catalog. Exposes the wasm instance (the same one
// micro-drama.js uses: init() runs once per module), `videos`/`role` for the measuring script and counters.
const BENCH_PAGE = `<!doctype html><meta charset="utf-8"><title>bench</title>
<style>html,body{margin:0;height:100%}micro-drama{display:block;position:relative;width:100vw;height:100vh}</style>
<micro-drama muted></micro-drama>
<script src="/bench/measure.js"></script>
<script type="module">
import "/micro-drama.js";
import init, { Player } from "/pkg/microdrama.js";
window.Player = Player;
window.wasm = await init();
const el = document.querySelector("micro-drama");
window.events = [];
for (const n of ["ready", "episodechange", "choiceshow", "choice", "error"]) el.addEventListener(n, (e) => events.push(n));
window.videos = () => [...el.shadowRoot.querySelectorAll("video")];
window.role = (r) => videos().find((v) => v.dataset.role === r);
// Whether the video placed as the neighbour \`r\` holds that neighbour's episode (its \`?e=\`, see
// distinctMedia), not the media it held before the player gave it its new source.
el.addEventListener("episodechange", (e) => { window.index = e.detail.index; });
window.holds = (r) => { const v = role(r); return !!v?.src && new URL(v.src).searchParams.get("e") == index + { next: 1, prev: -1 }[r]; };
window.counts = () => ({ videos: el.shadowRoot.querySelectorAll("video").length,
  nodes: document.getElementsByTagName("*").length + el.shadowRoot.querySelectorAll("*").length,
  wasm: wasm.memory.buffer.byteLength });
const query = new URLSearchParams(location.search);
if (query.get("episode")) el.setAttribute("episode", query.get("episode"));
el.setAttribute("src", query.get("src"));
</script>`;

// The same laid out as a phone lays out a page made for it (the demo's and a partner's): 390 CSS px
// wide, not the 980 px a mobile browser gives a page without a viewport.
const BENCH_PHONE_PAGE = BENCH_PAGE.replace("<title>", `<meta name="viewport" content="width=device-width"><title>`);

// ---- browser measurements ------------------------------------------------------------------------------

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e));
  return page;
}

async function openBench(browser, origin, src) {
  const page = await newPage(browser);
  await page.goto(`${origin}/bench.html?src=${encodeURIComponent(src)}`);
  await page.waitForFunction(() => window.events?.includes("ready"), null, { timeout: 20000 });
  await page.waitForFunction(() => { const v = role("current"); return v && v.currentTime > 0.2; }, null, { timeout: 20000 });
  return page;
}

/**
 * Waits until the slot a swipe would bring in holds its first frame, and the feed is at rest where the
 * page says when (`atRest`: the Swiper page, whose 300 ms slide animation takes over a touch that starts
 * during it and snaps back; the player's page has none). On the player's page the slot must hold the
 * neighbour's own media (`holds`): the player gives a slot its new source only once the swiped-to video
 * plays, and until then the slot's `readyState` is that of the media it held before.
 */
function neighbourReady(page, which) {
  return page.waitForFunction((r) => (role(r)?.readyState ?? 0) >= 2 && (window.atRest?.() ?? true)
    && (window.holds?.(r) ?? true), which, { timeout: 10000 }).catch(() => {});
}

/**
 * The catalog `text` with each episode's clips at their own URL (`?e=` its index; the server ignores the
 * query), as in a real feed where no two episodes share media: no slot can pass for a neighbour it does
 * not hold, and no clip is served from the media cache of another episode's element.
 */
function distinctMedia(text) {
  const catalog = JSON.parse(text);
  catalog.series[0].episodes.forEach((episode, i) => {
    for (const segment of episode.segments) segment.src += `?e=${i}`;
  });
  return JSON.stringify(catalog);
}

/** Arms a measurement in the page, then sends the input: what `arm` resolves to. */
async function measure(page, input) {
  await page.evaluate(() => { window.measurement = arm(); });
  await input();
  return page.evaluate(() => window.measurement);
}

// A swipe of 520 px, 62% of the 844 px screen, in 40 px moves. CDP acknowledges each move on a frame, so
// it lasts 400–500 ms; Swiper's defaults page on a drag that long only past half the screen
// (`longSwipesMs` 300, `longSwipesRatio` 0.5), and the 400 px swipe this once was snapped back.
async function touchSwipe(page, cdp, up) {
  const touch = (type, y) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x: 195, y }] });
  const [from, to, step] = up ? [770, 250, -40] : [250, 770, 40];
  await touch("touchStart", from);
  for (let y = from + step; up ? y >= to : y <= to; y += step) await touch("touchMove", y);
  await touch("touchEnd", to);
}

// ---- per-input work: a sampled CPU profile (CDP Profiler) of each input, from before it is sent to
// SETTLE_MS after the new video moved ------------------------------------------------------------------

/**
 * The time the sampled CPU profile `profile` (CDP `Profiler.stop`) spent in the player's wasm module, in
 * ms: `wasm`, samples whose innermost frame is the module's code (Chromium names its functions
 * `wasm-function[i]` with the .wasm file as url, and its js-to-wasm wrappers); `calls`, samples with the
 * module anywhere on the stack (the JS→wasm calls whole: the glue around them and the browser APIs the
 * wasm calls, `load()`, `play()`, the DOM, included). A wasm-to-js frame is the module calling out: the
 * browser's native DOM and media methods have no frame of their own, so their time shows as that frame,
 * and it counts as a call, not as wasm code. `largest`, the longest run of
 * consecutive such samples (one call, as far as sampling can tell). A sample lasts until the next one.
 * `wasmCapped`: as `wasm`, a sample lasting at most CAP_GAPS median gaps (the profiler thread sometimes
 * takes no sample for milliseconds; the frame it sampled last then stands for all of them).
 * `interval`: the median gap between samples, µs.
 */
export function playerTime(profile, module = /\/microdrama_bg\.wasm$/) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const code = (n) => module.test(n.callFrame.url);
  const callingOut = (n) => n.callFrame.functionName === "wasm-to-js";
  const kinds = new Map(); // node id → [innermost frame is the module's code, the module on the stack]
  const kind = (id) => {
    if (!kinds.has(id)) {
      const node = nodes.get(id);
      const mine = code(node);
      kinds.set(id, [mine, mine || callingOut(node) || (parent.has(id) && kind(parent.get(id))[1])]);
    }
    return kinds.get(id);
  };
  const { samples, timeDeltas } = profile;
  const gaps = timeDeltas.slice(1).sort((a, b) => a - b);
  const interval = gaps[gaps.length >> 1] ?? 0;
  let wasm = 0, wasmCapped = 0, calls = 0, largest = 0, run = 0;
  for (let i = 0; i < samples.length; i++) {
    const lasts = i + 1 < samples.length ? timeDeltas[i + 1] : 0;
    const [leaf, onStack] = kind(samples[i]);
    if (leaf) {
      wasm += lasts;
      wasmCapped += Math.min(lasts, CAP_GAPS * interval);
    }
    run = onStack ? run + lasts : 0;
    calls += onStack ? lasts : 0;
    largest = Math.max(largest, run);
  }
  return { wasm: wasm / 1000, wasmCapped: wasmCapped / 1000, calls: calls / 1000, largest: largest / 1000, interval };
}

/** Profiles `input` (sent through `measure`): the player's time in it, or null if it went unmeasured. */
async function profiled(page, cdp, input) {
  await cdp.send("Profiler.setSamplingInterval", { interval: SAMPLING_US });
  await cdp.send("Profiler.start");
  const m = await measure(page, input);
  await page.waitForTimeout(SETTLE_MS);
  const { profile } = await cdp.send("Profiler.stop");
  return m && { ...playerTime(profile), dispatch: m.dispatch };
}

/** `count` windows of `ms` with no input: the player's background work (timers, media events). */
async function idleWindows(page, cdp, count, ms) {
  const out = [];
  for (let i = 0; i < count; i++) {
    await cdp.send("Profiler.setSamplingInterval", { interval: SAMPLING_US });
    await cdp.send("Profiler.start");
    await page.waitForTimeout(ms);
    out.push(playerTime((await cdp.send("Profiler.stop")).profile));
  }
  return out;
}

function perInput(list) {
  const got = list.filter(Boolean);
  const intervals = stats(got.map((r) => r.interval));
  return { n: got.length, wasm: stats(got.map((r) => r.wasm)), wasmCapped: stats(got.map((r) => r.wasmCapped)),
    calls: stats(got.map((r) => r.calls)),
    largest: stats(got.map((r) => r.largest)), total: got.reduce((a, r) => a + r.wasm, 0),
    totalCalls: got.reduce((a, r) => a + r.calls, 0), interval: intervals.median,
    dispatch: stats(got.map((r) => r.dispatch).filter((d) => d != null)) };
}

/** SWIPES keyboard swipes forward (ArrowDown), then SWIPES touch swipes back, each measured. */
async function swipes(page) {
  const cdp = await page.context().newCDPSession(page);
  const keyboard = [], keyboardDispatch = [], touch = [], touchQueued = [];
  let missed = 0;
  for (let i = 0; i < SWIPES; i++) {
    await neighbourReady(page, "next");
    const m = await measure(page, () => page.keyboard.press("ArrowDown"));
    if (m === null) missed++;
    else { keyboard.push(m.ms); if (m.dispatch !== null) keyboardDispatch.push(m.dispatch); }
  }
  for (let i = 0; i < SWIPES; i++) {
    await neighbourReady(page, "prev");
    const m = await measure(page, () => touchSwipe(page, cdp, false));
    if (m === null) missed++;
    else { touch.push(m.ms); touchQueued.push(m.queued); }
  }
  return { keyboard: stats(keyboard), keyboardDispatch: stats(keyboardDispatch), touch: stats(touch),
    touchQueued: stats(touchQueued), missed };
}

/**
 * The measured swipes, then (back at the first episode) SWIPES keyboard swipes forward again, each
 * profiled, and as many windows with no input.
 */
async function swipeBench(browser, origin) {
  const page = await openBench(browser, origin, "/bench-data/swipe.json");
  await page.focus("micro-drama");
  const result = await swipes(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  const work = [];
  for (let i = 0; i < SWIPES; i++) {
    await neighbourReady(page, "next");
    work.push(await profiled(page, cdp, () => page.keyboard.press("ArrowDown")));
  }
  result.work = perInput(work);
  // Few enough to end before the episode's timed choice opens (5 s): no story step in them.
  result.idle = perInput(await idleWindows(page, cdp, 10, 200));
  await cdp.send("Profiler.disable");
  // Back up to the first episode, each key as soon as the previous swipe's video moved: no wait for the
  // new neighbour, so a swipe can come while the player still holds its load back.
  const rapid = [];
  for (let i = 0; i < SWIPES; i++) {
    const m = await measure(page, () => page.keyboard.press("ArrowUp"));
    if (m === null) result.missed++;
    else rapid.push(m.ms);
  }
  result.rapid = stats(rapid);
  await page.context().close();
  return result;
}

/** The same swipes on the Swiper feed (tests/bench/swiper/), SWIPES + 5 slides; and its counts after. */
async function swiperBench(browser, origin) {
  const page = await newPage(browser);
  await page.goto(`${origin}/bench/swiper/?n=${SWIPES + 5}`);
  await page.waitForFunction(() => window.ready, null, { timeout: 20000 });
  await page.waitForFunction(() => { const v = role("current"); return v && v.currentTime > 0.2; }, null, { timeout: 20000 });
  const result = await swipes(page);
  result.counts = await page.evaluate(() => counts());
  await page.context().close();
  return result;
}

// ---- skimming: a swipe every SKIM_MS, whatever the feed has loaded meanwhile ------------------------------

/**
 * A flick up: 240 px in 4 moves (CDP acknowledges each on a frame: about 70 ms in all). Fast and long
 * enough for both feeds to page: the player's flick velocity (0.5 px/ms) and commit distance (20% of
 * the screen), Swiper's short swipe (under `longSwipesMs`, 300 ms, any distance past its threshold).
 */
async function flick(cdp) {
  const touch = (type, y) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x: 195, y }] });
  await touch("touchStart", 600);
  for (let y = 540; y >= 360; y -= 60) await touch("touchMove", y);
  await touch("touchEnd", 360);
}

/**
 * SKIMS keyboard swipes forward (ArrowDown), then SKIMS touch flicks forward, one every SKIM_MS from the
 * input before, without waiting for any neighbour: a viewer flicking past episodes. Each pass starts at
 * rest (the neighbour loaded). A swipe is sent once the one before it has moved its video: one that
 * took longer than SKIM_MS makes the next one late (counted; the cadence goes on from it). `gap`: the
 * time between consecutive inputs as the page received them.
 */
async function skim(page) {
  const cdp = await page.context().newCDPSession(page);
  const result = {};
  for (const [kind, input] of [["keyboard", () => page.keyboard.press("ArrowDown")], ["touch", () => flick(cdp)]]) {
    await neighbourReady(page, "next");
    const times = [], queued = [], gaps = [];
    let missed = 0, late = 0, slot = performance.now(), last = null;
    for (let i = 0; i < SKIMS; i++) {
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else if (i > 0) late++;
      slot = Math.max(slot, performance.now()) + SKIM_MS;
      const m = await measure(page, input);
      if (m === null) { missed++; last = null; continue; }
      times.push(m.ms);
      queued.push(m.queued);
      if (last !== null) gaps.push(m.at - last);
      last = m.at;
    }
    result[kind] = { ...stats(times), queued: stats(queued), gap: stats(gaps), missed, late };
  }
  return result;
}

/** Skimming on the player's bench page and on the Swiper feed, the same media on each, in one browser. */
async function skimBench(browser, origin) {
  const n = 2 * SKIMS + 5;
  const player = await openBench(browser, origin, "/bench-data/skim.json");
  await player.focus("micro-drama");
  const microdrama = await skim(player);
  await player.context().close();
  const page = await newPage(browser);
  await page.goto(`${origin}/bench/swiper/?n=${n}&clip=${SKIM_MEDIA}-s1.webm`);
  await page.waitForFunction(() => window.ready, null, { timeout: 20000 });
  await page.waitForFunction(() => { const v = role("current"); return v && v.currentTime > 0.2; }, null, { timeout: 20000 });
  const swiper = await skim(page);
  await page.context().close();
  return { microdrama, swiper };
}

async function heap(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const { nodes } = await cdp.send("Memory.getDOMCounters");
  return { usedSize, domNodes: nodes };
}

async function choiceAndSoak(browser, origin) {
  const page = await openBench(browser, origin, "/bench-data/choice.json");
  const cdp = await page.context().newCDPSession(page);
  await page.focus("micro-drama");
  const before = { ...(await page.evaluate(() => counts())), ...(await heap(cdp)) };
  const choice = [], choiceDispatch = [], work = [];
  let missed = 0;
  // CHOICES measured, then PROFILED_CHOICES profiled (the profiler slows the page down).
  for (let i = 0; i < CHOICES + PROFILED_CHOICES; i++) {
    if (i > 0) {
      await neighbourReady(page, "next");
      await page.keyboard.press("ArrowDown");
    }
    await page.waitForFunction((k) => events.filter((e) => e === "choiceshow").length > k, i, { timeout: 10000 });
    await page.waitForTimeout(300); // the targets were preloaded before the choice opened; let them settle
    if (i === CHOICES) await cdp.send("Profiler.enable");
    if (i >= CHOICES) {
      work.push(await profiled(page, cdp, () => page.keyboard.press("1")));
      continue;
    }
    const m = await measure(page, () => page.keyboard.press("1"));
    if (m === null) missed++;
    else { choice.push(m.ms); if (m.dispatch !== null) choiceDispatch.push(m.dispatch); }
  }
  if (PROFILED_CHOICES > 0) await cdp.send("Profiler.disable");
  const save = await page.evaluate(() => document.querySelector("micro-drama").saveState());
  // The soak: SOAK_SWIPES swipes, up and down in runs of 20, as fast as keys arrive.
  const t = performance.now();
  for (let i = 0; i < SOAK_SWIPES; i++) {
    await page.keyboard.press(Math.floor(i / 20) % 2 ? "ArrowUp" : "ArrowDown");
    await page.waitForTimeout(20);
  }
  const soakSeconds = (performance.now() - t) / 1000;
  await page.waitForTimeout(500);
  const after = { ...(await page.evaluate(() => counts())), ...(await heap(cdp)) };
  await page.context().close();
  return { choice: stats(choice), choiceDispatch: stats(choiceDispatch), work: perInput(work), missed, before, after,
    soakSeconds, save: saveSizes(save) };
}

/**
 * The save's length, its choice points, and the length the same save had in version 1, whose choice
 * points listed their segments seen instead of counting them.
 */
function saveSizes(text) {
  const save = JSON.parse(text);
  let points = 0;
  for (const series of Object.values(save.series)) {
    const list = (point) => { point.seen = series.seen.slice(0, point.seen); };
    series.history.forEach(list);
    if (series.position) list(series.position);
    points += series.history.length;
  }
  save.version = 1;
  return { bytes: text.length, points, version1: JSON.stringify(save).length };
}

async function catalogBench(browser, origin) {
  const page = await openBench(browser, origin, "/bench-data/swipe.json");
  const result = await page.evaluate(async (runs) => {
    // The bytes as fetched (what <micro-drama> hands the player), and the same decoded to text.
    const bytes = new Uint8Array(await (await fetch("/bench-data/catalog-10000.json")).arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const host = document.createElement("div");
    const mount = document.createElement("div");
    document.body.append(host);
    host.append(mount);
    const parse = [], player = [], fromText = [];
    const timed = (into, catalog) => {
      const t = performance.now();
      const p = new Player(host, mount, catalog, { autoplay: false, muted: true });
      into.push(performance.now() - t);
      p.destroy();
      p.free();
    };
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      JSON.parse(text);
      parse.push(performance.now() - t);
      timed(player, bytes);
      timed(fromText, text);
    }
    return { parse, player, fromText, bytes: bytes.length };
  }, RUNS);
  await page.context().close();
  return { parse: stats(result.parse), player: stats(result.player), fromText: stats(result.fromText), bytes: result.bytes };
}

/**
 * Issue 14's measure: a `<micro-drama>` created on the 10k catalog until its `ready` (its fetch of
 * the document, load + validate, session and DOM), against `JSON.parse` of the same text in the same
 * page, the two alternating run by run.
 */
async function elementBench(browser, origin) {
  const page = await openBench(browser, origin, "/bench-data/swipe.json");
  const result = await page.evaluate(async (runs) => {
    const src = "/bench-data/catalog-10000.json";
    const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const host = document.createElement("div");
    const mount = document.createElement("div");
    document.body.append(host);
    host.append(mount);
    const parse = [], player = [], element = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      JSON.parse(text);
      parse.push(performance.now() - t);
      t = performance.now();
      const p = new Player(host, mount, bytes, { autoplay: false, muted: true });
      player.push(performance.now() - t);
      p.destroy();
      p.free();
      const el = document.createElement("micro-drama");
      for (const [name, value] of [["autoplay", "false"], ["resume", "off"], ["muted", ""]]) el.setAttribute(name, value);
      const ready = new Promise((resolve, reject) => {
        el.addEventListener("ready", resolve, { once: true });
        setTimeout(() => reject(new Error("no ready within 20 s")), 20000);
      });
      t = performance.now();
      el.setAttribute("src", src);
      document.body.append(el);
      await ready;
      element.push(performance.now() - t);
      el.remove();
    }
    host.remove();
    return { parse, player, element };
  }, RUNS);
  await page.context().close();
  return { parse: stats(result.parse), player: stats(result.player), element: stats(result.element) };
}

async function startBench(browser, origin) {
  const instantiate = [], firstFrame = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      const poll = () => {
        const v = [...(document.querySelector("micro-drama")?.shadowRoot?.querySelectorAll("video") ?? [])]
          .find((x) => x.currentTime > 0);
        if (v) window.firstFrame = performance.now(); else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.firstFrame, null, { timeout: 20000 });
    firstFrame.push(await page.evaluate(() => window.firstFrame));
    instantiate.push(await page.evaluate(async () => {
      const t = performance.now();
      await WebAssembly.compileStreaming(fetch("/pkg/microdrama_bg.wasm", { cache: "no-store" }));
      return performance.now() - t;
    }));
    await page.context().close();
  }
  return { instantiate: stats(instantiate), firstFrame: stats(firstFrame) };
}

/** Opens of the drawer measured, one after the other in one page. */
const DRAWER_OPENS = Number(process.env.BENCH_DRAWER_OPENS ?? 20);
/** The episode the drawer bench plays (its tile is the one that must show): the middle of the 10k feed. */
const DRAWER_EPISODE = "ep5000";

/**
 * Issue 11's drawer: the 10k catalog (catalog.mjs's text, its clips at the demo's URL so the episode
 * plays), at DRAWER_EPISODE; DRAWER_OPENS times a mouse click on ☰, then Escape. Each open is timed
 * from the `click` event's `timeStamp` to the end of the first animation frame in which the drawer
 * shows and the current episode's tile lies inside its scrolling body (a message posted from that
 * frame's `requestAnimationFrame` callback: it is handled once the frame's style, layout and paint are
 * done). `handler`: the `click` event's dispatch, window capture to window bubble (the player's open,
 * wasm and DOM). `tiles`: the tile buttons in the drawer once it showed.
 */
async function drawerBench(browser, origin) {
  const page = await newPage(browser);
  await page.goto(`${origin}/bench-phone.html?src=${encodeURIComponent("/bench-data/drawer-10000.json")}&episode=${DRAWER_EPISODE}`);
  await page.waitForFunction(() => window.events?.includes("ready"), null, { timeout: 30000 });
  await page.waitForFunction(() => { const v = role("current"); return v && v.currentTime > 0.2; }, null, { timeout: 20000 });
  const button = await page.evaluate(() => {
    const r = document.querySelector("micro-drama").shadowRoot.querySelector(".md-episodes").getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  const open = [], shown = [], handler = [], tiles = [];
  let missed = 0, hidden = 0;
  for (let i = 0; i < DRAWER_OPENS; i++) {
    await page.evaluate(() => {
      const root = document.querySelector("micro-drama").shadowRoot;
      window.measurement = new Promise((resolve) => {
        let t0 = null, dispatched = null, handled = null;
        const onClick = (e) => { if (t0 === null) { t0 = e.timeStamp; dispatched = performance.now(); } };
        const onReturn = () => { if (handled === null && dispatched !== null) handled = performance.now() - dispatched; };
        window.addEventListener("click", onClick, true);
        window.addEventListener("click", onReturn, false);
        let deadline = performance.now() + 5000, shown = null, tiles = 0;
        const open = () => !root.querySelector(".md-drawer").hidden && root.querySelector(".md-drawer .md-tile");
        const currentInView = () => {
          const body = root.querySelector(".md-drawer-body");
          const tile = root.querySelector(".md-drawer .md-tile[aria-current=true]");
          if (!tile) return false;
          const b = body.getBoundingClientRect(), t = tile.getBoundingClientRect();
          return t.top >= b.top && t.bottom <= b.bottom && t.height > 0;
        };
        const done = (current) => {
          window.removeEventListener("click", onClick, true);
          window.removeEventListener("click", onReturn, false);
          resolve(shown === null ? null : { shown, current, handler: handled, tiles });
        };
        // The end of this frame: a message posted now is handled after its style, layout and paint.
        const afterFrame = (then) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => then(performance.now() - t0);
          channel.port2.postMessage(null);
        };
        const frame = () => {
          if (t0 !== null && shown === null && open()) {
            tiles = root.querySelectorAll(".md-drawer .md-tile").length;
            const inView = currentInView();
            afterFrame((ms) => {
              shown = ms;
              // A drawer that does not show the current tile at once gets a second more to scroll to it.
              if (inView) done(ms); else { deadline = performance.now() + 1000; requestAnimationFrame(frame); }
            });
            return;
          }
          if (shown !== null && currentInView()) return afterFrame(done);
          if (performance.now() > deadline) return done(null);
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    });
    await page.mouse.click(button.x, button.y);
    const m = await page.evaluate(() => window.measurement);
    if (m === null) missed++;
    else {
      shown.push(m.shown);
      if (m.current !== null) open.push(m.current); else hidden++;
      if (m.handler !== null) handler.push(m.handler);
      tiles.push(m.tiles);
    }
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => document.querySelector("micro-drama").shadowRoot.querySelector(".md-drawer").hidden);
    await page.waitForTimeout(300);
  }
  await page.context().close();
  return { open: stats(open), shown: stats(shown), handler: stats(handler), tiles: stats(tiles), missed, hidden };
}

function drawerSection({ open, shown, handler, tiles, missed, hidden }, run) {
  return `## Episode drawer (issue 11; the 10,000-episode catalog, 390×844 touch screen)

Measured ${run.date} UTC at ${run.commit}, headless Chromium ${run.version}, load average ${run.load} at the
start (${cpus().length} cores): \`${run.command}\`.

| what | median | p95 | budget (p95) |
|---|---|---|---|
| ☰ clicked → first frame showing the drawer with the current tile in view (n = ${open.n}) | ${ms(open)} | ≤ 50 ms: ${verdict(open, 50)} |
| ☰ clicked → first frame showing the drawer (n = ${shown.n}) | ${ms(shown)} | — |
| of which the \`click\` dispatch: the player's open (wasm and DOM) | ${ms(handler)} | — |

The catalog is tests/bench/catalog.mjs's 10,000 episodes in one series (its clips at the demo's URL, so
the episode plays), the player at episode 5000 (\`episode="${DRAWER_EPISODE}"\`); ${DRAWER_OPENS} opens in one page,
each a mouse click (CDP) on the ☰ button, then Escape and 300 ms. Timed from the \`click\` event's
\`timeStamp\` to the end of the first animation frame in which the drawer shows and the current
episode's tile lies inside its scrolling body (a message posted from that frame's
\`requestAnimationFrame\` callback, handled after the frame's style, layout and paint). Tile buttons in the
drawer once it showed: ${tiles.n ? `${tiles.median} (median), ${tiles.max} at most` : "n/a"}. Opens that showed
no drawer within 5 s: ${missed}; that showed it without the current tile in view (nor a second later): ${hidden}.

Before the drawer rendered only the tiles near the view (b263b55, measured by this row by hand on
2026-12-07): it built all 10,000 tiles at each opening and never scrolled to the current one (no open
showed it in view); ☰ → the first frame showing the drawer took 2282 ms median, 5328 ms p95 at load
average 6.8 (1137 | 1415 ms at load 0.9 on the page without its viewport, 980 px wide).
`;
}

// ---- host: criterion's raw samples -----------------------------------------------------------------------

function criterion(group, n) {
  const file = join(process.env.CARGO_TARGET_DIR ?? join(REPO, "target"), `criterion/${group}/${n}/new/sample.json`);
  if (!existsSync(file)) return null;
  const { iters, times } = JSON.parse(readFileSync(file, "utf8"));
  return stats(times.map((ns, i) => ns / iters[i] / 1e6));
}

// ---- the report ------------------------------------------------------------------------------------------

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (s, digits = 1) => (s?.n ? `${s.median.toFixed(digits)} ms | ${s.p95.toFixed(digits)} ms` : "n/a | n/a");
const mean = (sum, n) => (n ? `${(sum / n).toFixed(2)} ms` : "n/a");
const verdict = (s, budget) => (!s?.n ? "n/a" : s.p95 < budget ? "met" : "**missed**");

/** When, where and how a section was measured: its first line, since BENCH_ROWS remeasures it alone. */
function runInfo(version, command) {
  let commit = "an unknown commit";
  try {
    commit = execSync("git describe --always --dirty", { cwd: REPO, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    // Not a git checkout (a tarball): the date and the command still say which run it was.
  }
  return { version, command, commit, date: new Date().toISOString().slice(0, 16).replace("T", " "),
    load: loadavg()[0].toFixed(1) };
}

function skimmingSection({ microdrama: m, swiper: s }, run) {
  const budget = (mine, peer) => (!mine.n ? "n/a"
    : `≤ 20 ms: ${mine.p95 <= 20 ? "met" : "**missed**"}; ≤ Swiper's: ${mine.p95 <= peer.p95 ? "met" : "**missed**"}`);
  const counts = (r) => `${r.keyboard.late} and ${r.keyboard.missed}; ${r.touch.late} and ${r.touch.missed}`;
  return `## Skimming (a swipe every ${SKIM_MS} ms, 390×844 touch screen, ${SKIMS} swipes of each kind)

Measured ${run.date} UTC at ${run.commit}, headless Chromium ${run.version}, load average ${run.load} at the
start (${cpus().length} cores): \`${run.command}\`.

| what | median | p95 | budget (p95) |
|---|---|---|---|
| skimming, keyboard: ArrowDown every ${SKIM_MS} ms (n = ${m.keyboard.n}) | ${ms(m.keyboard)} | ${budget(m.keyboard, s.keyboard)} |
| skimming, touch: a flick up every ${SKIM_MS} ms (n = ${m.touch.n}) | ${ms(m.touch)} | ${budget(m.touch, s.touch)} |
| Swiper feed, skimming, keyboard (n = ${s.keyboard.n}), same run | ${ms(s.keyboard)} | (reference) |
| Swiper feed, skimming, touch (n = ${s.touch.n}), same run | ${ms(s.touch)} | (reference) |

A viewer flicking past episodes: each feed in a fresh page, ${SKIMS} ArrowDown from the first episode,
then ${SKIMS} flicks on forward (240 px up in 4 CDP touch moves, about 70 ms), one every ${SKIM_MS} ms
from the input before, never waiting for a neighbour to load (each pass starts with it loaded). Timed
as the swipe rows above: input event's \`timeStamp\` → first animation frame in which the swiped-to
video moved. A swipe goes out once the one before it moved: one that took longer than ${SKIM_MS} ms
makes the next late. Both feeds play the same clip, \`${SKIM_MEDIA}-s1.webm\`, at its own URL per
episode or slide (\`?e=\`), ${2 * SKIMS + 5} of them; the Swiper feed is the one described under the
swipe rows.

- Late and missed (no moving video within 5 s), keys; touch: microdrama ${counts(m)}; Swiper ${counts(s)}.
- Time between inputs as the page got them, keys; touch: microdrama ${ms(m.keyboard.gap)};
  ${ms(m.touch.gap)}; Swiper ${ms(s.keyboard.gap)}; ${ms(s.touch.gap)}.
- Chromium held the flick's release before dispatching it: microdrama ${ms(m.touch.queued)}; Swiper
  ${ms(s.touch.queued)}.
`;
}

function elementSection({ parse, player, element }, run) {
  const host = criterion("load", 10000);
  const ratio = element.median / parse.median;
  const shipped = sizes(SHIPPED.map((f) => join(WWW, f)));
  const peer = sizes(["swiper/swiper-bundle.min.js", "swiper/swiper-bundle.min.css", "hls.js/dist/hls.light.min.js"]
    .map((f) => join(REPO, "node_modules", f)));
  return `## Catalog load against the browser's parser (issue 14)

Measured ${run.date} UTC at ${run.commit}, headless Chromium ${run.version}, load average ${run.load} at the
start (${cpus().length} cores): \`${run.command}\`; the host row is criterion's last
\`cargo bench --bench catalog\` in target/criterion/.

| what | median | p95 | budget |
|---|---|---|---|
| browser: \`JSON.parse\` of the 10k text, same page (n = ${parse.n}) | ${ms(parse)} | — |
| browser: \`new Player(…)\` on the 10k bytes, no fetch (n = ${player.n}) | ${ms(player)} | (${(player.median / parse.median).toFixed(1)}× JSON.parse, medians) |
| browser: \`<micro-drama src>\` created → \`ready\` on the 10k catalog (n = ${element.n}) | ${ms(element)} | ≤ 1.5× JSON.parse: ${!element.n ? "n/a" : ratio <= 1.5 ? "met" : "**missed**"} (${ratio.toFixed(1)}×, medians) |
| host: load + validate, 10,000 episodes | ${ms(host)} | < 40 ms: ${!host?.n ? "n/a" : host.median < 40 ? "met" : "**missed**"} (median) |

The element's time is everything a page waits for: its fetch of the 7 MB document from the bench's local
server, the wasm reading it with serde_json into types that borrow its strings, the validating walk that
builds the owned model, the session and the DOM. The shipped build (opt-level "z" for every crate).

| bytes (gzip -9, same run) | raw | gzip | brotli |
|---|---|---|---|
| microdrama, shipped (${SHIPPED.join(", ")}) | ${kb(shipped.raw)} | ${kb(shipped.gzip)} | ${kb(shipped.brotli)} |
| the usual open-source feed: Swiper ${version("swiper")} bundle (js + css) + hls.js ${version("hls.js")} light | ${kb(peer.raw)} | ${kb(peer.gzip)} | ${kb(peer.brotli)} |

microdrama ships ${(shipped.gzip / peer.gzip).toFixed(2)}× the peer's gzip bytes, serde (serde_json,
serde_path_to_error, serde-wasm-bindgen) included; the wasm is built as a cdylib alone.

Designs compared by hand on 2026-12-07 (12:50–13:00 UTC, load average 2–3, this section's rows, 15 runs
each, two runs of each build; element → \`ready\` median, its ratio to \`JSON.parse\` in the same page,
shipped gzip):
- before serde (76ef102, the crate's own JSON reader, cdylib + rlib): 200.2 and 205.9 ms (6.5×, 5.3×), 144.1 KB;
- serde_json at opt-level "z" (shipped): 208.2 and 222.3 ms (5.5×, 5.6×), 194.1 KB;
- serde, serde_core, serde_json, serde_path_to_error at opt-level 3
  (\`[profile.release.package.<name>]\`): 180.7 and 192.4 ms (6.0×, 6.0×), 195.3 KB (the derived visitors are
  generic code instantiated in microdrama, so much of the hot code stays at "z");
- the same and microdrama at opt-level 3: 161.5 and 227.9 ms (4.8×, 6.4×), 260.4 KB.
None comes near 1.5×; none is a gain this machine separates from noise, so the shipped build stays at
"z". \`new Player\` on the bytes alone is about 100 ms of the element's 200 (rows above): the other half
is outside the loader, in the element's streamed fetch of 7 MB and what comes before its \`ready\` (not
profiled). The second design the issue names (\`JSON.parse\`, then
serde-wasm-bindgen into the same types) was not built here.
`;
}

/** A package's version, from node_modules. */
function version(name) {
  return JSON.parse(readFileSync(join(REPO, "node_modules", name, "package.json"), "utf8")).version;
}

/**
 * The sections `BENCH_ROWS` can measure alone: what measures them, the text, and the heading a section
 * new to the report goes before.
 */
const SECTIONS = {
  skimming: { measure: skimBench, text: skimmingSection, before: "## Per-input work" },
  element: { measure: elementBench, text: elementSection, before: "## Swipe and choice" },
  drawer: { measure: drawerBench, text: drawerSection, before: "## Per-input work" },
};

/** `md` with its section `## Name…` replaced by `section` (which starts with its heading). */
function replaceSection(md, section, before) {
  const heading = section.slice(0, section.search(/ \(|\n/));
  const start = md.search(new RegExp(`^${heading}\\b`, "m"));
  if (start < 0) {
    const at = md.indexOf(`\n${before}`);
    return at < 0 ? `${md.trimEnd()}\n\n${section}` : `${md.slice(0, at + 1)}${section}\n${md.slice(at + 1)}`;
  }
  const end = md.indexOf("\n## ", start);
  return `${md.slice(0, start)}${section}${end < 0 ? "" : md.slice(end)}`;
}

export { serve, swipeBench, swiperBench, choiceAndSoak, skimBench };

async function main() {
  const rows = (process.env.BENCH_ROWS ?? "").split(",").filter(Boolean);
  for (const row of rows) {
    if (!Object.hasOwn(SECTIONS, row)) {
      throw new Error(`BENCH_ROWS: no rows "${row}" (selectable: ${Object.keys(SECTIONS).join(", ")})`);
    }
  }
  const out = process.env.BENCH_OUT ?? join(REPO, "BENCHMARKS.md");
  const data = {
    "swipe.json": distinctMedia(catalogText(60, "/demo/media/af-ep1")),
    "choice.json": distinctMedia(catalogText(CHOICES + PROFILED_CHOICES + 20, "/demo/media/af-ep1", 300)),
    "skim.json": distinctMedia(catalogText(2 * SKIMS + 5, SKIM_MEDIA)),
    "drawer-10000.json": catalogText(10000, "/demo/media/af-ep1"),
  };
  if (!rows.length || rows.includes("element")) data["catalog-10000.json"] = readFileSync(join(REPO, "target/bench/catalog-10000.json"), "utf8");
  const server = await serve(data);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--autoplay-policy=no-user-gesture-required", "--enable-precise-memory-info"],
  });
  const version = browser.version();
  if (rows.length) {
    const run = runInfo(version, `BENCH_ROWS=${rows.join(",")} node tests/bench/run.mjs`);
    let md = readFileSync(out, "utf8");
    try {
      for (const row of rows) {
        const { measure, text, before } = SECTIONS[row];
        const section = text(await measure(browser, origin), run);
        console.log(section);
        md = replaceSection(md, section, before);
      }
    } finally {
      await browser.close();
      server.close();
    }
    await writeFile(out, md);
    return;
  }
  const run = runInfo(version, "make bench");
  const shipped = sizes(SHIPPED.map((f) => join(WWW, f)));
  const hls = sizes([join(REPO, "node_modules/hls.js/dist/hls.light.min.js")]);
  const swiperVersion = JSON.parse(readFileSync(join(REPO, "node_modules/swiper/package.json"))).version;
  let start, catalog, element, swipe, swiper, soak, skimming, drawer;
  try {
    start = await startBench(browser, origin);
    catalog = await catalogBench(browser, origin);
    element = await elementBench(browser, origin);
    swipe = await swipeBench(browser, origin);
    swiper = await swiperBench(browser, origin);
    skimming = await skimBench(browser, origin);
    drawer = await drawerBench(browser, origin);
    soak = await choiceAndSoak(browser, origin);
  } finally {
    await browser.close();
    server.close();
  }
  const host = Object.fromEntries(["load", "paths"].flatMap((g) => [1000, 10000, 20000].map((n) => [`${g}/${n}`, criterion(g, n)])));
  const cpu = cpus()[0]?.model ?? "unknown";
  const rustc = execSync("rustc --version").toString().trim();
  const b = soak.before, a = soak.after;
  const gzipBudget = 45000;

  const md = `# Benchmarks

Written by \`make bench\` (tests/bench/run.mjs, benches/catalog.rs); do not edit by hand.
Machine: ${cpus().length} cores (nproc), ${cpu}; headless Chromium ${version} (Debian /usr/bin/chromium,
--disable-gpu); ${rustc}; node ${process.version}. Date: ${new Date().toISOString().slice(0, 10)}.
Command: \`make bench\`. Times are median | p95 over the runs shown.

## Shipped bytes

Everything a partner serves: ${SHIPPED.map((f) => `\`www/${f}\``).join(", ")}. gzip -9 and brotli -q 11 of
each file, summed.

| what | raw | gzip | brotli | budget (gzip) |
|---|---|---|---|---|
| microdrama, shipped | ${kb(shipped.raw)} | ${kb(shipped.gzip)} | ${kb(shipped.brotli)} | ≤ 45 KB: **missed by ${kb(shipped.gzip - gzipBudget)} (${(shipped.gzip / gzipBudget).toFixed(1)}×)** |
| hls.js ${JSON.parse(readFileSync(join(REPO, "node_modules/hls.js/package.json"))).version} light (\`hls.light.min.js\`), same run | ${kb(hls.raw)} | ${kb(hls.gzip)} | ${kb(hls.brotli)} | (reference) |

shipped-gzip-bytes: ${shipped.gzip}

The size guard (\`make size-check\`, part of \`make test\`) fails when the shipped gzip size exceeds the
figure on the line above by more than 5%.

## Size levers

Build settings, measured 2026-11-25 (wasm after wasm-bindgen, gzip -9): opt-level "z" with LTO,
codegen-units 1, panic abort and \`strip\` beats "s" (150 against 161 KB gzip at the time); \`wasm-opt\` -O1
is kept because the higher levels inline more and compress worse (on the module of commit 8346b82: -O1
150,156 B, -O2 160,646, -Os 159,921, -Oz 160,451). Then code went, each step measured with \`make build\`:

| change (commit) | wasm gzip | glue gzip |
|---|---|---|
| start of the session (ba2b310) | 187,214 B | 10,281 B |
| options and Media Session metadata over \`Reflect\` (4dfc0ca, bf6df35) | 186,186 B | — |
| own JSON reader and writer; serde, serde_json, serde-wasm-bindgen out of the build (c0b7b67) | 162,747 B | — |
| no float formatting or parsing in the web layer (38802fb) | 150,168 B | — |
| terser on wasm-bindgen's glue (8346b82) | — | 6,620 B |
| no sort instantiations from collecting into B-trees (52fe82f) | 140,764 B | — |
| two B-tree types fewer (f519abc) | 139,222 B | — |
| no \`f64::clamp\`, whose panic message kept float formatting (4bab071) | 129,052 B | — |

What is left is code the player runs: the web layer (DOM building, input, overlay, drawer, menus: ~50 KB
before compression), the catalog loader and validator, the expression language, the story engine,
saves, the state explorer behind the \`no-visible-option\` warning, and std's collections, formatting
and allocator. The 45 KB budget would need about a third of today's code: a layer that builds the DOM in
JS instead of through wasm-bindgen calls, or fewer features in the shipped module.

## Start (demo page, local files, ${RUNS} fresh pages)

| what | median | p95 | budget |
|---|---|---|---|
| wasm fetch + compile (\`compileStreaming\`, no cache) | ${ms(start.instantiate)} | — |
| page load → first frame of the first episode (\`currentTime > 0\`) | ${ms(start.firstFrame)} | — |

## Catalog

Generated by tests/bench/catalog.mjs: one series, three-segment branching episodes (a timed choice with a
condition and effects, a \`next\` to the following episode, an ending), two-language titles, captions.
The 10,000-episode document is ${kb(catalog.bytes)}.

| what | median | p95 | budget |
|---|---|---|---|
| browser: \`JSON.parse\` of the 10k text | ${ms(catalog.parse)} | — |
| browser: \`new Player(…)\` on the 10k bytes, as \`<micro-drama>\` passes them (load + validate, session, DOM; wasm) | ${ms(catalog.player)} | ≤ 30 ms: ${catalog.player.p95 <= 30 ? "met" : `**missed by ${(catalog.player.median - 30).toFixed(0)} ms** (median)`}; ≤ 3× JSON.parse: ${catalog.player.median <= 3 * catalog.parse.median ? "met" : "**missed**"} (${(catalog.player.median / catalog.parse.median).toFixed(1)}×, medians) |
| browser: \`new Player(…)\` on the same as a JS string | ${ms(catalog.fromText)} | — |
| host: load + validate, 1,000 episodes | ${ms(host["load/1000"])} | — |
| host: load + validate, 10,000 episodes | ${ms(host["load/10000"])} | — |
| host: load + validate, 20,000 episodes (EPISODES_PER_SERIES) | ${ms(host["load/20000"])} | — |
| host: \`paths\`, 1,000 episodes | ${ms(host["paths/1000"])} | — |
| host: \`paths\`, 10,000 episodes | ${ms(host["paths/10000"])} | — |
| host: \`paths\`, 20,000 episodes | ${ms(host["paths/20000"])} | — |

Host figures: criterion (10 samples each; per-iteration time of each sample), \`cargo bench --bench
catalog\` at opt-level 3. 100,000 three-segment episodes exceed DOCUMENT_BYTES (16 MiB) and SEGMENTS_TOTAL
(250,000): that catalog is refused before parsing, so 20,000 (the per-series maximum) is the largest
size measured. The \`paths\` rows are complete explorations (the bench asserts it): the generated story
state is bounded (\`trust\` counts up only \`if trust < 3\`; "No" sets fixed values), 8 states per episode
(79,991 at 10,000 episodes), so they grow with the episode count, not with MAX_STATES (200,000).

Why the 30 ms budget is missed: the browser's own \`JSON.parse\` of this text takes ${ms(catalog.parse)}
here, so no loader that reads the whole document can meet 30 ms on this machine; the relative budget is
the one to hold the player to. Where \`new Player\` spends its time (CPU profile of a build with function
names, 2026-11-25): \`catalog::load\` is about 82% of it, the JSON parse 27% and the validating walk that
builds the model about 50% (object member lookups, URL checks, \`set\` assignments and id indexes, 6–7%
each); allocating and freeing the model's owned strings is most of the rest. Going further needs a model
that borrows its strings from the document.

${elementSection(element, run)}
## Swipe and choice (390×844 touch screen, ${SWIPES} swipes each way)

Input event's \`timeStamp\` → first animation frame in which the newly shown video's \`currentTime\` has
moved. Keyboard: ArrowDown through CDP \`Input.dispatchKeyEvent\`; touch: a swipe down through CDP
\`Input.dispatchTouchEvent\` (520 px in 40 px moves). Each episode's clips have their own URL. Each swipe
waits until the neighbour holds its own first frame (on the Swiper page, below, also until its slide
animation is over); each measurement is armed in the page before its input is sent.

| what | median | p95 | budget (p95) |
|---|---|---|---|
| swipe, keyboard (n = ${swipe.keyboard.n}) | ${ms(swipe.keyboard)} | ≤ 20 ms: ${swipe.keyboard.p95 <= 20 ? "met" : "**missed**"} |
| swipe, touch (n = ${swipe.touch.n}) | ${ms(swipe.touch)} | ≤ 20 ms: ${swipe.touch.p95 <= 20 ? "met" : "**missed**"} |
| swipe, keyboard, back to back: ArrowUp as soon as the previous swipe's video moved (n = ${swipe.rapid.n}) | ${ms(swipe.rapid)} | — (see below) |
| Swiper feed, keyboard (n = ${swiper.keyboard.n}), same run | ${ms(swiper.keyboard)} | (reference) |
| Swiper feed, touch (n = ${swiper.touch.n}), same run | ${ms(swiper.touch)} | (reference) |
| choice (key 1) → target playing (n = ${soak.choice.n}) | ${ms(soak.choice)} | ≤ 25 ms: ${soak.choice.p95 <= 25 ? "met" : "**missed**"} |

Swipes that never showed a moving video within 5 s: ${swipe.missed}; choices: ${soak.missed}. Of the touch
figure, Chromium held the \`pointerup\` between its \`timeStamp\` and dispatching it (touch input is
delivered on frame boundaries; no page script runs meanwhile): ${ms(swipe.touchQueued)}. That is why touch
misses the budget: from dispatch to the moving frame, the player takes ${(swipe.touch.median - swipe.touchQueued.median).toFixed(1)} ms (medians), as for a key.

Back to back, a swipe may come before the player has loaded its target: the player gives the new
neighbours their sources only once the swiped-to video reports \`playing\` (or after 250 ms), so that their
decoders do not compete with the one that must start now, and Chromium dispatches \`playing\` tens of
milliseconds after the picture starts to move. A swipe in that gap loads its target at the swipe.

The Swiper rows are the usual open-source feed, measured by the same code in the same browser right after
the player: tests/bench/swiper/, Swiper ${swiperVersion} (npm, served from node_modules; no part of the player,
www/ or the package) in vertical mode with its defaults, touch and its keyboard module on, ${SWIPES + 5} slides
of one muted \`playsinline\` \`<video>\` each (the demo's WebM clips in turn), the active slide's neighbours
preloaded (\`preload="auto"\` and \`load()\`), the active video played on \`slideChange\` and the others
paused. Swipes that never showed a moving video within 5 s: ${swiper.missed}; its touch \`pointerup\` was held
${ms(swiper.touchQueued)}. After the swipes the page had ${swiper.counts.videos} \`<video>\` elements (one per
slide), ${swiper.counts.holdingMedia} of them holding media; the player keeps ${soak.after.videos} whatever the feed's length.

${skimmingSection(skimming, run)}
${drawerSection(drawer, run)}
## Per-input work in wasm (CPU profile; ${swipe.work.n} keyboard swipes, ${soak.work.n} choices)

| what | median | p95 | budget (p95) |
|---|---|---|---|
| swipe, keyboard: in wasm code (self) | ${ms(swipe.work.wasm, 2)} | < 1 ms: ${verdict(swipe.work.wasm, 1)} |
| swipe, keyboard: in wasm code (self), a sample counting at most ${CAP_GAPS} median gaps | ${ms(swipe.work.wasmCapped, 2)} | < 1 ms: ${verdict(swipe.work.wasmCapped, 1)} |
| swipe, keyboard: JS→wasm calls, whole (the browser calls they make included) | ${ms(swipe.work.calls, 2)} | < 1 ms, read as the whole call: ${verdict(swipe.work.calls, 1)} |
| swipe, keyboard: largest single call of the input | ${ms(swipe.work.largest, 2)} | — |
| choice (key 1): in wasm code (self) | ${ms(soak.work.wasm, 2)} | < 1 ms: ${verdict(soak.work.wasm, 1)} |
| choice (key 1): in wasm code (self), a sample counting at most ${CAP_GAPS} median gaps | ${ms(soak.work.wasmCapped, 2)} | < 1 ms: ${verdict(soak.work.wasmCapped, 1)} |
| choice (key 1): JS→wasm calls, whole | ${ms(soak.work.calls, 2)} | < 1 ms, read as the whole call: ${verdict(soak.work.calls, 1)} |
| choice (key 1): largest single call of the input | ${ms(soak.work.largest, 2)} | — |
| no input, ${swipe.idle.n} windows of 200 ms: JS→wasm calls, whole | ${ms(swipe.idle.calls, 2)} | — |
| \`keydown\` dispatch, not profiled: swipe (n = ${swipe.keyboardDispatch.n}) | ${ms(swipe.keyboardDispatch)} | — |
| \`keydown\` dispatch, not profiled: choice (n = ${soak.choiceDispatch.n}) | ${ms(soak.choiceDispatch)} | — |
| \`keydown\` dispatch, profiled: swipe (n = ${swipe.work.dispatch.n}) | ${ms(swipe.work.dispatch)} | — |
| \`keydown\` dispatch, profiled: choice (n = ${soak.work.dispatch.n}) | ${ms(soak.work.dispatch)} | — |

Sums over the inputs divided by their number: swipe ${mean(swipe.work.total, swipe.work.n)} in wasm code and
${mean(swipe.work.totalCalls, swipe.work.n)} in JS→wasm calls; choice ${mean(soak.work.total, soak.work.n)} and ${mean(soak.work.totalCalls, soak.work.n)}.

Method: each input is profiled on its own, in a pass after the latency rows above on the same page (the
swipes after its ${2 * SWIPES} measured ones, from the first episode again; the choices after its ${CHOICES}
measured ones, so in a story ${CHOICES} choices long). CDP \`Profiler.start\` (\`setSamplingInterval\`
${SAMPLING_US} µs) before the key is sent, \`Profiler.stop\` ${SETTLE_MS} ms after the new video moved. A sample
counts as wasm code when its innermost frame is the module (\`wasm-function[i]\` or a js-to-wasm wrapper,
url \`pkg/microdrama_bg.wasm\`), as a JS→wasm call when the module is anywhere on its stack; a wasm-to-js
frame is the module calling out (the browser's native DOM and media methods have no frame of their own,
so their time shows there) and counts as a call, not as wasm code; a run
of consecutive such samples is one call. Sampling is approximate: each sample stands for the gap to the
next one (median ${swipe.work.interval} µs here, not the ${SAMPLING_US} asked for), so a figure is good to about
one sample, and the profiler itself slows the page (compare the two \`keydown\` dispatch rows). Dispatch
needs no profiler: from the key event reaching \`window\` in the capture phase to its return there in the
bubble phase, i.e. the page's keydown listeners, of which only the player's does work; "not profiled" is
measured during the latency rows.

Why the p95 misses (read in a build with function names, 2026-11-25): the slowest profiles are mostly
one sample standing for a gap of several milliseconds in which the profiler took none (on two cores its
thread competes with the page, the compositor and the media threads), charged to whatever wasm frame it
caught last: \`core::fmt::write\`, a closure's entry, \`__externref_table_alloc\`, each for 2–5 ms in
one sample. The capped rows count such a sample as at most ${CAP_GAPS} median gaps. What stays above 1 ms
is spread over many small functions: the first input on a page (code not
yet optimised by the browser), and inputs whose window also holds the save written a second after the
previous input.

## Soak (${CHOICES} choices, then ${SOAK_SWIPES} keyboard swipes in ${soak.soakSeconds.toFixed(0)} s, one page)

| what | before | after | budget |
|---|---|---|---|
| \`<video>\` elements | ${b.videos} | ${a.videos} | constant: ${b.videos === a.videos ? "met" : "**missed**"} |
| DOM nodes (page + shadow root) | ${b.nodes} | ${a.nodes} | constant up to the overlay's state (a choice panel's buttons, a countdown bar): ${Math.abs(a.nodes - b.nodes) <= 12 ? "met" : "**missed**"} (${a.nodes - b.nodes >= 0 ? "+" : ""}${a.nodes - b.nodes}) |
| DOM nodes (CDP \`Memory.getDOMCounters\`, after GC) | ${b.domNodes} | ${a.domNodes} | — |
| JS heap used (CDP, after GC) | ${kb(b.usedSize)} | ${kb(a.usedSize)} | growth < 1 MB: ${a.usedSize - b.usedSize < 1e6 ? "met" : "**missed**"} |
| wasm memory | ${kb(b.wasm)} | ${kb(a.wasm)} | — |

The save after the ${CHOICES + PROFILED_CHOICES} choices (${soak.save.points} choice points in its history, and the position): ${kb(soak.save.bytes)}; the
same save in format version 1, whose points listed their segments seen: ${kb(soak.save.version1)}.
`;
  await writeFile(out, md);
  console.log(md);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
