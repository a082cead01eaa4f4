// The viewer's screen (CONTRACT §5) on the demo page in Debian's Chromium: the series title and the
// episode label, the progress bar, the lock screen's poster, the feed's end card, the sound button,
// the overlay following a drag, the viewer's settings across a reload, a four-option choice at every
// size with nothing overlapping, and every state at the smallest size under layoutProblems and axe.
// (Buffering's aria-busy and spinner are in faults.test.mjs, where a video really stalls.)

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { useWwwAndBrowser, openDemo, nextEvent, seekToEnd, shows } from "./support.mjs";
import { layoutProblems } from "./layout.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const env = useWwwAndBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true };
/** The demo feed: five Anti-Fraud episodes (the fifth locked), then three of Night Shift. */
const LAST = 7;

/** Runs `fn(shadowRoot, host)` in the page and returns its result. */
function inPlayer(page, fn, arg) {
  return page.evaluate(([source, a]) => {
    const host = document.querySelector("micro-drama");
    return new Function("root", "host", "arg", `return (${source})(root, host, arg);`)(host.shadowRoot, host, a);
  }, [fn.toString(), arg]);
}

/** Waits for the ending card (the `ending` event comes when the ending's segment starts). */
const endingCard = (page) => shows(page, ".md-ending");

/** Waits until the current video has played past `seconds`. */
function playsPast(page, seconds) {
  return page.waitForFunction((s) => {
    const video = document.querySelector("micro-drama").shadowRoot.querySelector("video[data-role=current]");
    return video && !video.paused && video.currentTime > s;
  }, seconds, { timeout: 20000 });
}

test("the series title and EP n show bottom left, in the page's language (?lang=zh-CN: 第n集)", async () => {
  for (const [query, series, label, next] of [
    ["?lang=en", "Anti-Fraud", "EP 1", "EP 2"],
    ["?lang=zh-CN", "反诈", "第1集", "第2集"],
  ]) {
    const { page, problems } = await openDemo(env.browser, env.origin, PHONE, query);
    await playsPast(page, 0.3);
    const info = () => inPlayer(page, (root) => ({
      series: root.querySelector(".md-info-series").textContent,
      ep: root.querySelector(".md-info-ep").textContent,
      lang: root.querySelector(".md-root").getAttribute("lang"),
      play: root.querySelector(".md-play").getAttribute("aria-label"),
      box: root.querySelector(".md-info").getBoundingClientRect().toJSON(),
    }));
    const shown = await info();
    assert.ok(shown.series.startsWith(series), `${query}: ${shown.series}`);
    assert.equal(shown.ep, label);
    assert.ok(shown.box.left < 40 && shown.box.bottom > 844 - 120, `bottom left: ${JSON.stringify(shown.box)}`);
    if (query.includes("zh")) {
      assert.equal(shown.lang, "zh-CN", "the player's words follow ?lang");
      assert.equal(shown.play, "播放");
      const track = await inPlayer(page, (root) =>
        [...root.querySelector("video[data-role=current]").textTracks].find((t) => t.mode === "hidden" || t.mode === "showing")?.language);
      assert.equal(track, "zh-CN", "the caption track follows the same choice");
    }
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((n) => document.querySelector("micro-drama").shadowRoot.querySelector(".md-info-ep").textContent === n, next);
    assert.deepEqual(problems, []);
    await page.context().close();
  }
});

test("the progress bar advances as a slider; arrow keys and a press along it seek within the segment", async () => {
  const { page, problems } = await openDemo(env.browser, env.origin, PHONE);
  await playsPast(page, 1.2);
  const slider = () => inPlayer(page, (root) => {
    const bar = root.querySelector("[role=slider]");
    return { now: Number(bar.getAttribute("aria-valuenow")), max: Number(bar.getAttribute("aria-valuemax")),
      text: bar.getAttribute("aria-valuetext"), rect: bar.getBoundingClientRect().toJSON(),
      time: root.querySelector("video[data-role=current]").currentTime };
  });
  // aria-valuenow follows `timeupdate` (about four a second), in whole seconds.
  await page.waitForFunction(() =>
    Number(document.querySelector("micro-drama").shadowRoot.querySelector("[role=slider]").getAttribute("aria-valuenow")) >= 1,
  null, { timeout: 10000 });
  const first = await slider();
  assert.equal(first.max, 8, "the first segment lasts 8 s");
  assert.match(first.text, /^0:0\d of 0:08$/);
  assert.ok(first.rect.height >= 44 && first.rect.width >= 380, `a full-width 44 px strip: ${JSON.stringify(first.rect)}`);
  // Keys: Home goes back to the start, ArrowRight steps 5 s.
  await inPlayer(page, (root) => root.querySelector("[role=slider]").focus());
  await page.keyboard.press("Home");
  let moved = await slider();
  assert.ok(moved.time < 1, `Home: ${moved.time}`);
  await page.keyboard.press("ArrowRight");
  moved = await slider();
  // (It plays on meanwhile: a loaded machine reads the time later.)
  assert.ok(moved.time >= 4.9 && moved.time < 6.5, `ArrowRight: +5 s (${moved.time})`);
  // A press a quarter of the way along: 2 s into the 8 s segment (the choice at 5 s had opened: a
  // seek before it plays on).
  const { rect } = moved;
  await page.mouse.click(rect.left + rect.width / 4, rect.top + rect.height / 2);
  moved = await slider();
  assert.ok(moved.time > 1.6 && moved.time < 3.5, `a press seeks back: ${moved.time}`);
  assert.equal(await inPlayer(page, (root) => root.querySelector("video[data-role=current]").paused), false, "it plays on");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a locked episode's lock screen shows its own poster, label and title", async () => {
  const { page, problems } = await openDemo(env.browser, env.origin, PHONE);
  await playsPast(page, 0.3);
  await page.evaluate(() => { document.querySelector("micro-drama").episode = "ep5"; });
  await nextEvent(page, "locked");
  const lock = await inPlayer(page, (root) => {
    const img = root.querySelector(".md-lock-poster");
    return { hidden: root.querySelector(".md-lock").hidden, src: img.src, shown: !img.hidden && img.naturalWidth > 0 || img.complete,
      title: root.querySelector(".md-lock-title").textContent, text: root.querySelector(".md-lock-text").textContent };
  });
  assert.equal(lock.hidden, false);
  assert.match(lock.src, /media\/af-ep5\.webp$/, "episode 5's own poster");
  assert.ok(lock.title.length > 0 && lock.text.length > 0, JSON.stringify(lock));
  await page.waitForFunction(() => document.querySelector("micro-drama").shadowRoot.querySelector(".md-lock-poster").naturalWidth > 0);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the feed's last ending leads to the end card: feedend, Replay and Episodes, ▼ disabled", async () => {
  const { page, problems } = await openDemo(env.browser, env.origin, PHONE);
  await playsPast(page, 0.3);
  // Down the feed by keys, past the lock screen, to the last entry.
  for (let index = 1; index <= LAST; index++) {
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((i) => window.events.some((e) => e.name === "episodechange" && e.detail.index === i), index);
  }
  await playsPast(page, 0.3);
  const edges = await inPlayer(page, (root) => [root.querySelector(".md-prev"), root.querySelector(".md-next")]
    .map((b) => b.getAttribute("aria-disabled")));
  assert.deepEqual(edges, [null, "true"], "▼ is disabled at the last entry, ▲ is not");
  await seekToEnd(page, 0.3);
  await endingCard(page);
  await inPlayer(page, (root) => root.querySelector(".md-ending-next").click());
  await nextEvent(page, "feedend");
  const card = await inPlayer(page, (root) => {
    const card = root.querySelector(".md-feedend");
    return { hidden: card.hidden, buttons: [...card.querySelectorAll("button")].map((b) => b.textContent),
      focused: root.activeElement?.className ?? null };
  });
  assert.equal(card.hidden, false);
  assert.deepEqual(card.buttons, ["Replay", "Episodes"]);
  // Replay plays the last episode again from its start.
  await inPlayer(page, (root) => root.querySelector(".md-replay").click());
  await page.waitForFunction(() => document.querySelector("micro-drama").shadowRoot.querySelector(".md-feedend").hidden);
  await playsPast(page, 0.3);
  assert.equal(await page.evaluate(() => document.querySelector("micro-drama").currentTime < 2), true);
  // Episodes opens the list from the card.
  await seekToEnd(page, 0.3);
  await endingCard(page);
  await inPlayer(page, (root) => root.querySelector(".md-ending-next").click());
  await nextEvent(page, "feedend", 1);
  await inPlayer(page, (root) => root.querySelector(".md-feedend-episodes").click());
  assert.equal(await inPlayer(page, (root) => root.querySelector(".md-drawer").hidden), false, "the drawer opens");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the sound button is there muted and unmuted, and says what a press does", async () => {
  const { page, problems } = await openDemo(env.browser, env.origin, PHONE);
  await playsPast(page, 0.3);
  const sound = () => inPlayer(page, (root) => {
    const button = root.querySelector(".md-controls .md-sound");
    const rect = button.getBoundingClientRect();
    return { name: button.getAttribute("aria-label"), visible: rect.width >= 44 && rect.height >= 44,
      muted: root.querySelector("video[data-role=current]").muted, pill: !root.querySelector(".md-mute").hidden,
      icons: [...button.querySelectorAll("svg")].map((svg) => svg.hasAttribute("hidden")) };
  });
  assert.deepEqual(await sound(), { name: "Mute", visible: true, muted: false, pill: false, icons: [false, true] });
  await inPlayer(page, (root) => root.querySelector(".md-sound").click());
  assert.deepEqual(await sound(), { name: "Unmute", visible: true, muted: true, pill: true, icons: [true, false] });
  await inPlayer(page, (root) => root.querySelector(".md-sound").click());
  assert.equal((await sound()).muted, false);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the title and an open choice slide with their video during a drag, and come back", async () => {
  const { page, problems } = await openDemo(env.browser, env.origin, PHONE);
  await playsPast(page, 0.3);
  await page.evaluate(() => { document.querySelector("micro-drama").currentTime = 4.7; });
  await nextEvent(page, "choiceshow");
  const offsets = () => inPlayer(page, (root) => ["md-info", "md-choices", "md-caption"].map((name) =>
    new DOMMatrix(getComputedStyle(root.querySelector(`.${name}`)).transform).m42));
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, y) => cdp.send("Input.dispatchTouchEvent",
    { type, touchPoints: type === "touchEnd" ? [] : [{ x: 200, y }] });
  await touch("touchStart", 500);
  for (const y of [480, 440, 400, 380]) await touch("touchMove", y);
  await page.waitForTimeout(100);
  const dragged = await offsets();
  assert.ok(dragged[1] < -60, `the open choice follows the finger up: ${dragged}`);
  assert.deepEqual([dragged[0], dragged[2]], [dragged[1], dragged[1]], "the info and the caption move with it");
  // Back down where it started, and let go: no swipe, everything at rest, the choice still open.
  for (const y of [440, 500]) await touch("touchMove", y);
  await touch("touchEnd");
  await page.waitForTimeout(400);
  assert.deepEqual((await offsets()).map(Math.round), [0, 0, 0]);
  assert.equal(await inPlayer(page, (root) => root.querySelector(".md-choices").hidden), false);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("sound, speed and the caption language are kept across a reload (resume on)", async () => {
  const { page, problems } = await openDemo(env.browser, env.origin, PHONE);
  await playsPast(page, 0.3);
  await inPlayer(page, (root) => root.querySelector(".md-sound").click());
  await inPlayer(page, (root) => root.querySelector(".md-rate").click());
  await inPlayer(page, (root) => [...root.querySelectorAll(".md-menu-item")].find((b) => b.textContent === "1.5×").click());
  await inPlayer(page, (root) => root.querySelector(".md-cc").click());
  await inPlayer(page, (root) => root.querySelector(".md-menu-item[data-value='']").click());
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("microdrama:settings")));
  assert.deepEqual(stored, { muted: true, volume: 1, rate: 1.5, captions: null });
  await page.reload();
  await playsPast(page, 0.3);
  const after = await inPlayer(page, (root, host) => ({
    muted: host.muted, rate: host.playbackRate, video: root.querySelector("video[data-role=current]").playbackRate,
    cc: root.querySelector(".md-cc").getAttribute("aria-pressed"), speed: root.querySelector(".md-rate").textContent,
  }));
  assert.deepEqual(after, { muted: true, rate: 1.5, video: 1.5, cc: "false", speed: "1.5×" });
  // A corrupt text is set aside with a warning, and the defaults play.
  await page.evaluate(() => localStorage.setItem("microdrama:settings", "{not json"));
  await page.reload();
  const warning = await nextEvent(page, "warning");
  assert.equal(warning.code, "save-set-aside");
  await playsPast(page, 0.3);
  assert.equal(await page.evaluate(() => document.querySelector("micro-drama").playbackRate), 1);
  assert.deepEqual(problems, []);
  await page.context().close();
});

/** The demo catalog with its first choice given four long options. */
async function fourOptions(context) {
  await context.route("**/demo/catalog.json", async (route) => {
    const catalog = await (await route.fetch()).json();
    const choice = catalog.series[0].episodes[0].segments[0].choice;
    choice.prompt = "The caller says he is from the police. What do you do, and who do you tell first?";
    choice.options = [
      "Answer and give him everything he asks for, right now",
      "Answer, but ask for his name, badge number and station",
      "Let it ring and call the number on the bank card instead",
      "Hang up, call 110 and tell the family group chat",
    ].map((label, i) => ({ label, goto: i % 2 ? "s3" : "s2" }));
    await route.fulfill({ json: catalog });
  });
}

for (const [width, height] of [[320, 568], [375, 667], [390, 844], [430, 932], [568, 320], [844, 390], [1280, 800]]) {
  test(`a four-option choice at ${width}×${height}: no control covers another, every target 44 px, no text under 12 px`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height }, hasTouch: true });
    await fourOptions(context);
    const page = await context.newPage();
    await page.goto(`${env.origin}/index.html?lang=en`);
    await page.waitForFunction(() => document.querySelector("micro-drama")?.shadowRoot?.querySelector("video[data-role=current]")?.currentTime > 0.2);
    await page.evaluate(() => { document.querySelector("micro-drama").currentTime = 4.8; });
    await page.waitForFunction(() => {
      const root = document.querySelector("micro-drama").shadowRoot;
      return root.querySelectorAll(".md-option").length === 4 && !root.querySelector(".md-choices").hidden;
    });
    await page.waitForTimeout(300);
    const shown = await inPlayer(page, (root) => {
      const all = [...root.querySelectorAll(".md-option, .md-prompt")];
      const box = root.querySelector(".md-choices").getBoundingClientRect();
      return { tops: all.map((el) => el.getBoundingClientRect().top), panel: box.toJSON(),
        scroll: root.querySelector(".md-choices").scrollHeight - root.querySelector(".md-choices").clientHeight };
    });
    assert.ok(shown.panel.top >= 0 && shown.panel.bottom <= height, `the panel is on screen: ${JSON.stringify(shown.panel)}`);
    assert.deepEqual(await layoutProblems(page), []);
    await context.close();
  });
}

test("every state at 320×568 in Chinese: no layout problem, no serious axe violation", async () => {
  const context = await env.browser.newContext({ viewport: { width: 320, height: 568 }, hasTouch: true, bypassCSP: true, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${env.origin}/index.html?lang=zh-CN`);
  await page.addScriptTag({ path: AXE });
  await page.waitForFunction(() => document.querySelector("micro-drama")?.shadowRoot?.querySelector("video[data-role=current]")?.currentTime > 0.2);
  const check = async (state) => {
    await page.waitForTimeout(300);
    assert.deepEqual(await layoutProblems(page), [], `${state}: layout`);
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] }))
      .violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
    assert.deepEqual(violations, [], `${state}: axe`);
  };
  const click = (selector) => inPlayer(page, (root, host, s) => root.querySelector(s).click(), selector);
  await check("playing");
  await page.evaluate(() => { document.querySelector("micro-drama").currentTime = 4.8; });
  await shows(page, ".md-choices");
  await check("choice");
  await click(".md-rate");
  await check("speed menu");
  await click(".md-cc");
  await check("captions menu");
  await click(".md-cc");
  await click(".md-controls [data-action=drawer]");
  await check("drawer");
  await click(".md-drawer-close");
  await page.evaluate(() => { document.querySelector("micro-drama").episode = "ep5"; });
  await shows(page, ".md-lock");
  await check("lock");
  await page.evaluate(() => { document.querySelector("micro-drama").pause(); });
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => window.location && document.querySelector("micro-drama").shadowRoot.querySelector(".md-info-ep").textContent === "第3集");
  await playsPast(page, 0.2);
  await seekToEnd(page, 0.3);
  await endingCard(page);
  await check("ending");
  await click(".md-ending-next");
  await shows(page, ".md-feedend");
  await check("feed end");
  await click(".md-sound");
  await click(".md-replay");
  await shows(page, ".md-mute");
  await check("muted, with the unmute pill");
  await context.close();
});
