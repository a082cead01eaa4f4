// End-to-end: the demo page (www/index.html, built by `make build`) in Debian's Chromium on a phone-sized
// touch screen. Real touch input through the DevTools protocol: a swipe up, a tap on a choice.
// Screenshots (390×844) go to test-output/.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { OUT, openDemo as openDemoIn, nextEvent, useWwwAndBrowser } from "./support.mjs";

const env = useWwwAndBrowser();

before(() => mkdir(OUT, { recursive: true }));

/** A phone-sized page with the demo open, recording the player's events in `window.events`. */
function openDemo() {
  return openDemoIn(env.browser, env.origin, {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
  });
}

/** The current time of the video that is playing, from inside the player's shadow root. */
function playingTime(page) {
  return page.evaluate(() => {
    const videos = document.querySelector("micro-drama").shadowRoot.querySelectorAll("video");
    const playing = [...videos].filter((v) => !v.paused);
    return playing.length === 1 ? playing[0].currentTime : -1;
  });
}

/** A real touch swipe: finger down low, up the screen in steps, lifted. */
async function swipeUp(page) {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, y) => cdp.send("Input.dispatchTouchEvent", {
    type, touchPoints: type === "touchEnd" ? [] : [{ x: 195, y }],
  });
  await touch("touchStart", 650);
  for (let y = 620; y >= 250; y -= 30) await touch("touchMove", y);
  await touch("touchEnd", 250);
}

test("a viewer plays, chooses by tapping, and swipes to the next episode", async () => {
  const { page, problems } = await openDemo();
  const ready = await nextEvent(page, "ready");
  assert.ok(ready.episodes >= 8, `the demo feed has ${ready.episodes} episodes`);

  // The first episode really plays.
  await page.waitForFunction(() => window.events.some((e) => e.name === "segmentchange"));
  await page.waitForFunction(() => {
    const v = [...document.querySelector("micro-drama").shadowRoot.querySelectorAll("video")].find((x) => !x.paused);
    return v && v.currentTime > 0.5;
  }, null, { timeout: 20000 });

  // Its choice opens; the viewer taps the first option.
  const shown = await nextEvent(page, "choiceshow");
  await page.screenshot({ path: join(OUT, "choice.png") });
  const label = shown.options[0].label;
  const button = page.locator("micro-drama button", { hasText: label }).first();
  const box = await button.boundingBox();
  assert.ok(box, `the option "${label}" is on screen`);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  const chosen = await nextEvent(page, "choice");
  assert.deepEqual(chosen,
    { seriesId: "anti-fraud", episodeId: "ep1", index: shown.options[0].index, label: shown.options[0].label, via: "tap" });

  // A swipe up moves to the next episode, which plays.
  const changes = await page.evaluate(() => window.events.filter((e) => e.name === "episodechange"));
  await swipeUp(page);
  const change = await nextEvent(page, "episodechange", changes.length);
  assert.equal(change.index, changes.at(-1).detail.index + 1);
  const t0 = await playingTime(page);
  await page.waitForFunction((start) => {
    const v = [...document.querySelector("micro-drama").shadowRoot.querySelectorAll("video")].find((x) => !x.paused);
    return v && v.currentTime > start + 0.3;
  }, t0, { timeout: 20000 });
  await page.screenshot({ path: join(OUT, "after-swipe.png") });

  assert.deepEqual(problems, [], "no uncaught error reached the console");
  await page.context().close();
});
