// End-to-end: the studio (www/studio.html, built by `make build`) in Debian's Chromium: the demo
// catalog's map, a hostile catalog's problems shown as text, "Play from here" with edited
// variables and ticked seen segments, the selection kept by a reload (button and page), and axe-core
// with a node selected. The screenshot for the README goes to test-output/studio.png.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { OUT, ROOT, serve, launchBrowser } from "./support.mjs";

const TESTS = fileURLToPath(new URL("../", import.meta.url));
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const env = { browser: null, origin: null };
let server;

before(async () => {
  await mkdir(OUT, { recursive: true });
  // tests/ too, for the fixtures (their media are in tests/e2e/media/).
  server = await serve({}, { "tests/": TESTS });
  env.origin = `http://127.0.0.1:${server.address().port}`;
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  server?.close();
});

/** The studio on `src`, once its map is drawn; `problems` collects page errors and dialogs. */
async function openStudio(src, viewport = { width: 1400, height: 900 }, options = {}, hash = "") {
  const context = await env.browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  page.on("dialog", (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  await page.goto(`${env.origin}/studio.html?src=${encodeURIComponent(src)}${hash}`);
  await page.waitForSelector("#map [data-segment]");
  return { page, problems };
}

const texts = (page, selector) => page.$$eval(selector, (list) => list.map((e) => e.textContent));

test("the demo catalog: every segment has its node, every ending its reachability", async () => {
  const catalog = JSON.parse(await readFile(join(ROOT, "demo/catalog.json"), "utf8"));
  const { page, problems } = await openStudio("demo/catalog.json");
  for (const series of catalog.series) {
    await page.selectOption("#series", series.id);
    const want = series.episodes.flatMap((e) => e.segments.map((s) => `${e.id}/${s.id}`)).sort();
    const got = (await page.$$eval("#map .node[data-segment]", (l) => l.map((n) => n.dataset.segment))).sort();
    assert.deepEqual(got, want, `${series.id}: one node per segment`);
    const endings = series.episodes.flatMap((e) => e.segments.filter((s) => s.ending).map((s) => s.ending.id));
    const listed = await page.$$eval("#endings button", (l) => l.map((b) => b.dataset.ending));
    assert.deepEqual([...new Set(listed)].sort(), [...new Set(endings)].sort(), `${series.id}: every ending listed`);
    for (const text of await texts(page, "#endings .reach")) assert.match(text, /^(reachable in \d+ choices?|unreachable)/);
    const locked = series.episodes.filter((e) => e.locked).map((e) => e.id).sort();
    assert.deepEqual((await page.$$eval("#map .cluster.locked", (l) => l.map((g) => g.dataset.episode))).sort(), locked);
  }
  await page.selectOption("#series", "anti-fraud");
  const reach = Object.fromEntries(await page.$$eval("#endings button",
    (l) => l.map((b) => [b.dataset.ending, b.querySelector(".reach").textContent])));
  assert.match(reach.scammed, /no unlock needed/);
  assert.match(reach.wiser, /needs ep5 unlocked/);
  assert.ok((await page.$$("#diagnostics li")).length >= 1, "the diagnostics list is shown");
  assert.equal(await page.isDisabled("#play"), true, "nothing selected: nothing to play");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a hostile catalog: its problems are shown, its text stays text", async () => {
  const { page, problems } = await openStudio("tests/fixtures/graph/problems.json");
  const diagnostics = await page.$$eval("#diagnostics button", (l) => l.map((b) => ({
    code: b.querySelector(".code").textContent, path: b.querySelector(".path").textContent })));
  const dangling = diagnostics.find((d) => d.code === "dangling-target");
  assert.ok(dangling, JSON.stringify(diagnostics));
  assert.equal(dangling.path, "series[0].episodes[0].segments[0].choice.options[1].goto");
  assert.ok(diagnostics.some((d) => d.code === "unreachable-segment"), JSON.stringify(diagnostics));
  // The dangling target is drawn, and its diagnostic selects its segment.
  assert.deepEqual(await texts(page, "#map .node.missing > text:first-of-type"), ["missing: s9"]);
  await page.click(`#diagnostics button:has(.code:text-is("dangling-target"))`);
  assert.deepEqual(await page.$$eval("#map .node.selected", (l) => l.map((n) => n.dataset.segment)), ["ep1/s1"]);
  assert.equal(await page.isDisabled("#play"), true, "a catalog with errors cannot be played");
  const reach = Object.fromEntries(await page.$$eval("#endings button",
    (l) => l.map((b) => [b.dataset.ending, b.querySelector(".reach").textContent])));
  assert.equal(reach.hero, "unreachable");
  assert.match(reach.free, /^reachable in 1 choice/);
  assert.ok(await page.$('#map .node.unreachable[data-segment="ep1/s4"]'));
  assert.ok(await page.$('#map .edge.never[data-to="ep1/s3"]'), "the option no state shows is marked");
  // The HTML in the catalog is shown as written and never parsed.
  assert.equal(await page.textContent("#catalog-title"), "Problems <i>on</i> the map");
  assert.ok((await texts(page, "#endings button")).some((t) => t.startsWith("<b>Free</b> (free")));
  assert.ok((await texts(page, "#map .edge text")).some((t) => t.startsWith("1. <img src=x")));
  const parsed = await page.$$eval("header *, aside *, #map *",
    (l) => l.filter((e) => ["IMG", "B", "I", "SCRIPT", "IFRAME"].includes(e.tagName.toUpperCase())).length);
  assert.equal(parsed, 0, "no element came from the catalog's text");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("Play from here: the segment plays with the edited state and offers what it allows", async () => {
  const { page, problems } = await openStudio("tests/fixtures/graph/play.json");
  // courage 2, +1 as ep1/s1 starts: "Open" (courage >= 3) shows; a name: "Call out" shows; not brave.
  await page.fill('[data-variable="courage"]', "2");
  await page.fill('[data-variable="name"]', "Ann");
  await page.click('#map [data-segment="ep1/s1"]');
  assert.equal(await page.textContent("#selected"), "door · ep1/s1");
  await page.click("#play");
  assert.equal(await page.textContent("#visible"), "Wait · Open · Call out");
  await page.waitForFunction(() => document.querySelector("#play-note").textContent.startsWith("Playing"),
    null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => document.querySelector("#player micro-drama").paused), false);
  await page.waitForFunction(() => document.querySelector("#player-options").textContent !== "", null,
    { timeout: 30000 });
  assert.equal(await page.textContent("#player-options"), "Wait · Open · Call out");

  // Initial values: only the unconditional option.
  await page.fill('[data-variable="courage"]', "0");
  await page.fill('[data-variable="name"]', "");
  await page.click("#play");
  assert.equal(await page.textContent("#visible"), "Wait");
  await page.waitForFunction(() => document.querySelector("#player-options").textContent !== "", null,
    { timeout: 30000 });
  assert.equal(await page.textContent("#player-options"), "Wait");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("Play from here: an option gated on seen() shows only when that segment is ticked", async () => {
  const { page, problems } = await openStudio("tests/fixtures/graph/play.json");
  // One box per segment a seen() tests: ep1's seen("s2") and ep2's seen("ep1/s3").
  assert.deepEqual(await page.$$eval("#seen [data-seen]", (l) => l.map((i) => i.dataset.seen)), ["ep1/s2", "ep1/s3"]);
  assert.equal(await page.textContent('label:has([data-seen="ep1/s3"])'), "ep1/s3");
  /** Plays ep2/s1 ("Hide" if brave || seen("ep1/s3")) and returns what the embedded player offers. */
  const play = async () => {
    await page.click("#play");
    await page.waitForFunction(() => document.querySelector("#player-options").textContent !== "", null,
      { timeout: 30000 });
    return { visible: await page.textContent("#visible"), offered: await page.textContent("#player-options") };
  };
  await page.click('#map [data-segment="ep2/s1"]');
  assert.deepEqual(await play(), { visible: "Stay", offered: "Stay" });
  await page.check('[data-seen="ep1/s3"]');
  assert.deepEqual(await play(), { visible: "Stay · Hide", offered: "Stay · Hide" });
  // The tick is kept across a reload of the catalog; unticked, "Hide" goes again.
  await page.click("#reload");
  await page.waitForFunction(() => document.querySelector("#status").textContent === "");
  assert.equal(await page.isChecked('[data-seen="ep1/s3"]'), true);
  await page.uncheck('[data-seen="ep1/s3"]');
  assert.deepEqual(await play(), { visible: "Stay", offered: "Stay" });
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the selection is in the URL's hash: a reload of the page keeps it", async () => {
  const { page, problems } = await openStudio("demo/catalog.json");
  // Not the first series, so the hash is what brings it back.
  await page.selectOption("#series", "night-shift");
  await page.click('#endings button[data-ending="dawn"]');
  await page.click('#map [data-segment="ep2/s1"]');
  const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  assert.deepEqual(Object.fromEntries(hash), { series: "night-shift", segment: "ep2/s1", ending: "dawn" });
  await page.reload();
  await page.waitForSelector("#map .node.selected");
  assert.equal(await page.inputValue("#series"), "night-shift");
  assert.equal(await page.textContent("#selected"), "night-shift · ep2/s1");
  assert.deepEqual(await page.$$eval("#map .node.selected", (l) => l.map((n) => n.dataset.segment)), ["ep2/s1"]);
  assert.equal(await page.getAttribute('#endings button[data-ending="dawn"]', "aria-pressed"), "true");
  assert.ok((await page.$$("#map .node.on-path")).length >= 2, "the path is lit again");
  assert.equal(await page.isDisabled("#play"), false);
  // A hash naming what the catalog lacks selects nothing (the first series is shown), and says so.
  await page.goto("about:blank");
  await page.goto(`${env.origin}/studio.html?src=demo%2Fcatalog.json#series=nope&segment=ep9%2Fs9`);
  await page.waitForSelector("#map [data-segment]");
  assert.equal(await page.textContent("#selected"), "none");
  assert.equal(await page.evaluate(() => location.hash), "#series=anti-fraud");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("axe-core finds no serious or critical violation with a node selected", async () => {
  // bypassCSP: the studio's CSP allows no inline script, and axe goes in as one.
  const { page, problems } = await openStudio("tests/fixtures/graph/problems.json", undefined, { bypassCSP: true },
    "#segment=ep1%2Fs1");
  assert.deepEqual(await page.$$eval("#map .node.selected", (l) => l.map((n) => n.dataset.segment)), ["ep1/s1"]);
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], JSON.stringify(bad, null, 1));
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the README screenshot: the demo's map with a path lit and a segment playing", async () => {
  const { page, problems } = await openStudio("demo/catalog.json", { width: 1600, height: 900 });
  await page.click('#endings button[data-ending="alone"]');
  assert.ok((await page.$$("#map .node.on-path")).length >= 2, "the shortest path is lit");
  await page.click('#map [data-segment="ep2/s1"]');
  await page.click("#play");
  await page.waitForFunction(() => document.querySelector("#play-note").textContent.startsWith("Playing"),
    null, { timeout: 30000 });
  // Reload keeps the selection.
  await page.click("#reload");
  await page.waitForFunction(() => document.querySelector("#status").textContent === "");
  assert.deepEqual(await page.$$eval("#map .node.selected", (l) => l.map((n) => n.dataset.segment)), ["ep2/s1"]);
  assert.ok((await page.$$("#map .node.on-path")).length >= 2, "the path stays lit");
  // Wheel zooms out around the pointer, a drag pans: both move the viewBox.
  const viewBox = () => page.$eval("#map", (m) => m.getAttribute("viewBox").split(" ").map(Number));
  const map = await page.$eval("#map", (m) => { const r = m.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
  const before = await viewBox();
  await page.mouse.move(map.x + map.w / 3, map.y + map.h / 2);
  await page.mouse.wheel(0, 250);
  await page.waitForFunction((w) => Number(document.querySelector("#map").getAttribute("viewBox").split(" ")[2]) > w,
    before[2] * 1.2);
  const zoomed = await viewBox();
  await page.mouse.down();
  await page.mouse.move(map.x + map.w / 3 - 150, map.y + map.h / 2 - 40, { steps: 5 });
  await page.mouse.up();
  const panned = await viewBox();
  assert.ok(panned[0] > zoomed[0] + 100 && panned[1] > zoomed[1], `dragged left and up: ${zoomed} → ${panned}`);
  assert.deepEqual(await page.$$eval("#map .node.selected", (l) => l.map((n) => n.dataset.segment)), ["ep2/s1"],
    "a drag is not a click");
  await page.screenshot({ path: join(OUT, "studio.png") });
  assert.deepEqual(problems, []);
  await page.context().close();
});
