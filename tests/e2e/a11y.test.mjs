// End-to-end accessibility: the demo page with the keyboard alone (swipe with ArrowDown, choose with a
// digit, Tab to the Episodes button, Enter, jump with the arrows and Enter) and axe-core on the page
// with a choice open and with the episode drawer open (no serious or critical violation, the player's
// open shadow root included).

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { openDemo as openDemoIn, nextEvent, useWwwAndBrowser } from "./support.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const env = useWwwAndBrowser();

/** The demo on a laptop-sized page without touch, recording the player's events in `window.events`. */
function openDemo() {
  // bypassCSP: the demo declares the partner CSP (no inline script), and axe goes in as one.
  return openDemoIn(env.browser, env.origin, { viewport: { width: 800, height: 900 }, bypassCSP: true });
}

const count = (page, name) => page.evaluate((n) => window.events.filter((e) => e.name === n).length, name);

/** The focused element inside the player's shadow root: its class and accessible name. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.querySelector("micro-drama").shadowRoot.activeElement;
    if (!el) return null;
    const style = getComputedStyle(el);
    return {
      className: el.className,
      label: el.getAttribute("aria-label") ?? [...el.childNodes]
        .filter((n) => n.nodeType === 3 || n.getAttribute("aria-hidden") !== "true").map((n) => n.textContent).join(""),
      outline: style.outlineStyle, outlineWidth: style.outlineWidth,
    };
  });
}

test("axe-core finds no serious or critical violation with a choice open", async () => {
  const { page, problems } = await openDemo();
  await nextEvent(page, "choiceshow");
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  // The choice was still open while axe looked.
  assert.equal(await count(page, "choice"), 0, "axe ran with the choice open");
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the keyboard alone swipes, chooses, opens the drawer and jumps", async () => {
  const { page, problems } = await openDemo();
  await nextEvent(page, "ready");

  // A choice opens: focus is on its first option; the digit 1 takes it.
  const shown = await nextEvent(page, "choiceshow");
  await page.waitForFunction(() =>
    document.querySelector("micro-drama").shadowRoot.activeElement?.classList.contains("md-option"));
  await page.keyboard.press("1");
  assert.deepEqual(await nextEvent(page, "choice"),
    { seriesId: "anti-fraud", episodeId: "ep1", index: shown.options[0].index, label: shown.options[0].label, via: "key" });

  // ArrowDown: the next episode.
  const changes = await count(page, "episodechange");
  const before = (await nextEvent(page, "episodechange", changes - 1)).index;
  await page.keyboard.press("ArrowDown");
  const swiped = await nextEvent(page, "episodechange", changes);
  assert.equal(swiped.index, before + 1);

  // Tab to the Episodes button (a visible focus ring on the way), Enter opens the drawer.
  let at = null;
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press("Tab");
    at = await focused(page);
    if (at?.className === "md-episodes") break;
  }
  assert.equal(at?.className, "md-episodes", "Tab reaches the Episodes button");
  assert.equal(at.label, "Episodes");
  assert.equal(at.outline, "solid", "a visible focus ring");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.querySelector("micro-drama").shadowRoot.querySelector(".md-drawer").hidden);
  const current = await focused(page);
  assert.match(current.className, /md-tile/);
  assert.match(current.label, /playing now/);

  // The open drawer (a modal dialog with the tiles) passes axe too.
  await page.addScriptTag({ path: AXE });
  const drawerViolations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  assert.deepEqual(drawerViolations, [], JSON.stringify(drawerViolations));

  // The next tile along, Enter: the feed jumps there and the drawer closes.
  await page.keyboard.press("ArrowRight");
  const target = await focused(page);
  const index = await page.evaluate(() =>
    Number(document.querySelector("micro-drama").shadowRoot.activeElement.dataset.index));
  assert.equal(index, swiped.index + 1, `the next tile is ${target.label}`);
  const n = await count(page, "episodechange");
  await page.keyboard.press("Enter");
  const jumped = await nextEvent(page, "episodechange", n);
  assert.equal(jumped.index, index);
  const drawerHidden = await page.evaluate(() =>
    document.querySelector("micro-drama").shadowRoot.querySelector(".md-drawer").hidden);
  assert.ok(drawerHidden, "the drawer closed");
  assert.equal((await focused(page))?.className, "md-episodes", "focus back on the opener");

  assert.deepEqual(problems, []);
  await page.context().close();
});
