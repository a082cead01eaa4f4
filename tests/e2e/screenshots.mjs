// Screenshots as a product check (issue 11, item 6): every screen state of the demo page at four sizes,
// in English and in Chinese, and one contact sheet of them all, to be looked at as a viewer would.
//
//   node tests/e2e/screenshots.mjs [FILTER]     (`make screenshots` builds first)
//
// Writes test-output/screenshots/<lang>/<size>-<state>.png and test-output/screenshots/contact-sheet.png
// (every PNG in those folders, so a filtered run keeps the others on the sheet). FILTER shoots only the
// shots whose "<lang>/<size>-<state>" contains it: `choice`, `zh-CN`, `390x844-lock`.
// For each shot it prints layoutProblems (layout.mjs); those are the e2e tests' to assert, so they do not
// fail the run. It exits 1 when a state could not be reached in time (a NAME.failed.png shows where it
// stood). SCREENSHOT_JOBS=N takes N shots at once (default 2).
//
// Not a node:test file (`node --test tests/e2e/` runs only *.test.mjs): it takes minutes.

import { mkdir, readdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUT, launchBrowser, nextEvent, seekToEnd, serve, shows as showsIn } from "./support.mjs";
import { WWW } from "./static-server.mjs";
import { layoutProblems } from "./layout.mjs";

const SHOTS = join(OUT, "screenshots");
const LANGS = { en: "en-US", "zh-CN": "zh-CN" };
const SIZES = [[320, 568], [390, 844], [844, 390], [1280, 800]];
const STATE_TIMEOUT_MS = 30000;
// Shots taken at once (SCREENSHOT_JOBS=1: one at a time).
const JOBS = Math.max(1, Number(process.env.SCREENSHOT_JOBS) || 2);

// The demo page with a catalog that cannot be fetched, for the error state, one per language (the page
// has no inline script to read ?lang): error-en.html, error-zh-CN.html.
const DEMO_PAGE = readFileSync(join(WWW, "index.html"), "utf8");
const ERROR_PAGES = Object.fromEntries(Object.keys(LANGS).map((lang) => [`error-${lang}.html`,
  DEMO_PAGE.replace('src="demo/catalog.json"', `src="/nope.json" lang="${lang}"`)]));

// Page functions below find the player themselves: the demo's CSP has no 'unsafe-eval' to build them.

/** Waits until `fn(arg)` is truthy in the page. */
const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: STATE_TIMEOUT_MS, polling: 50 });

/** Waits until the player's shadow root shows `selector`. */
const shows = (page, selector) => showsIn(page, selector, STATE_TIMEOUT_MS);

/** The count of recorded player events named `name`. */
const count = (page, name) => page.evaluate((n) => window.events.filter((e) => e.name === n).length, name);

/** Waits for the `skip`+1-th event `name`; its detail. */
const event = (page, name, skip = 0) => nextEvent(page, name, skip, STATE_TIMEOUT_MS);

/** The current video playing, past `seconds` into its segment, nothing waiting for data. */
const playingPast = (page, seconds) => until(page, (s) => {
  const el = document.querySelector("micro-drama");
  return !el.paused && el.currentTime >= s && el.getAttribute("aria-busy") !== "true";
}, seconds);

/** Moves the feed to episode index `index` with next()/prev(), as a viewer's swipes would. */
async function goToIndex(page, index) {
  for (let step = 0; step < 20; step++) {
    const changes = await count(page, "episodechange");
    const at = (await event(page, "episodechange", changes - 1)).index;
    if (at === index) return;
    await page.evaluate((forward) => {
      const el = document.querySelector("micro-drama");
      return forward ? el.next() : el.prev();
    }, at < index);
    await event(page, "episodechange", changes);
  }
  throw new Error(`could not reach episode ${index}`);
}

const settle = (page, ms = 500) => page.waitForTimeout(ms);

/** Opens the choice of the demo's first segment (at 5 s) and waits for it to show. */
async function openFirstChoice(page) {
  await playingPast(page, 0.3);
  await page.evaluate(() => { document.querySelector("micro-drama").currentTime = 4.6; });
  await event(page, "choiceshow");
  await shows(page, ".md-choices");
}

/**
 * The screen states: `reach(page)` gets there on a freshly opened page (`path`, default the demo) and
 * resolves once the screen is ready to shoot; `blockMedia` holds a video's request forever.
 */
const STATES = {
  playing: async (page) => {
    await playingPast(page, 2.5);
  },
  buffering: {
    // The first segment's video never arrives: the poster, aria-busy and the spinner.
    blockMedia: "**/demo/media/af-ep1-s1.webm",
    reach: async (page) => {
      await until(page, () => document.querySelector("micro-drama").getAttribute("aria-busy") === "true");
      await shows(page, ".md-spinner");
      await settle(page, 900); // the spinner fades in after 0.4 s
    },
  },
  choice: async (page) => {
    await openFirstChoice(page);
    await settle(page, 400);
  },
  countdown: async (page) => {
    await openFirstChoice(page);
    await settle(page, 3500); // of the choice's 6 s
  },
  drawer: async (page) => {
    await playingPast(page, 0.5);
    await page.locator("micro-drama .md-controls [data-action=drawer]").click();
    await shows(page, ".md-drawer");
    await settle(page);
  },
  captions: async (page) => {
    await playingPast(page, 0.5);
    await page.locator("micro-drama .md-cc").click();
    await shows(page, ".md-menu");
    await settle(page, 300);
  },
  speed: async (page) => {
    await playingPast(page, 0.5);
    await page.locator("micro-drama .md-rate").click();
    await shows(page, ".md-menu");
    await settle(page, 300);
  },
  lock: async (page) => {
    // Anti-Fraud's ep5 is the demo's locked episode (www/demo/catalog.json), the feed's fifth entry.
    await playingPast(page, 0.3);
    await goToIndex(page, 4);
    await event(page, "locked");
    await shows(page, ".md-lock");
    await settle(page);
  },
  ending: async (page) => {
    // Anti-Fraud ep4: its choice at the end of s1; "Send the money" leads to the ending "Scammed".
    await playingPast(page, 0.3);
    await goToIndex(page, 3);
    await playingPast(page, 0.1);
    await seekToEnd(page, 0.4);
    await event(page, "choiceshow");
    const segments = await count(page, "segmentchange");
    await page.evaluate(() => document.querySelector("micro-drama").choose(0));
    await event(page, "segmentchange", segments);
    await playingPast(page, 0.1);
    await seekToEnd(page, 0.4);
    await event(page, "ending");
    await shows(page, ".md-ending");
    await settle(page);
  },
  feedend: async (page) => {
    // The feed's last entry, Night Shift ep3, ends on an ending card; its Next leads to the end card.
    await playingPast(page, 0.3);
    await goToIndex(page, 7);
    await playingPast(page, 0.1);
    await seekToEnd(page, 0.4);
    await shows(page, ".md-ending");
    await page.locator("micro-drama .md-ending [data-action=next]").click();
    await shows(page, ".md-feedend");
    await settle(page);
  },
  error: {
    path: (lang) => `error-${lang}.html`,
    reach: async (page) => {
      await until(page, () => document.querySelector("micro-drama").shadowRoot?.querySelector(".md-error"));
      await settle(page, 300);
    },
  },
};

/** The player's events, recorded in `window.events` from the start. */
const EVENTS = ["ready", "episodechange", "segmentchange", "choiceshow", "choice", "ending", "locked", "feedend", "error"];

/** A new page in its own context at `width`×`height` in `lang`; phones (under 1000 px) are touch devices. */
async function newPage(browser, { lang, width, height }) {
  const phone = width < 1000;
  const context = await browser.newContext({
    viewport: { width, height }, locale: LANGS[lang], hasTouch: phone, isMobile: phone,
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => console.log(`  page error: ${error}`));
  await page.addInitScript((names) => {
    window.events = [];
    for (const name of names) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail }), true);
    }
  }, EVENTS);
  return page;
}

/** Opens the state's page in `lang` and reaches `state`; throws when it is not reached in time. */
async function reach(page, origin, lang, state) {
  const spec = typeof STATES[state] === "function" ? { reach: STATES[state] } : STATES[state];
  if (spec.blockMedia) await page.route(spec.blockMedia, () => {});
  await page.goto(`${origin}/${spec.path?.(lang) ?? "index.html"}?lang=${lang}`);
  if (!spec.path) await ensureLang(page, lang);
  await spec.reach(page);
}

/**
 * The demo page follows ?lang= (www/app.js). Until it does, the player is given `lang` itself, once it
 * is ready, so that the Chinese shots are Chinese; this is said once per run.
 */
let warnedLang = false;
async function ensureLang(page, lang) {
  await event(page, "ready");
  const spoken = await page.evaluate(() => document.querySelector("micro-drama").shadowRoot.querySelector(".md-root")?.lang);
  if (spoken === lang) return;
  if (!warnedLang) {
    console.log(`note: the demo page ignores ?lang=${lang} (its player speaks "${spoken}"): setting lang on the element`);
    warnedLang = true;
  }
  const ready = await count(page, "ready");
  await page.evaluate((l) => document.querySelector("micro-drama").setAttribute("lang", l), lang);
  await event(page, "ready", ready).catch(() => {}); // a rebuild may or may not announce itself again
}

/** Renders every PNG under SHOTS as one labelled grid (rows: states; columns: language × size). */
async function contactSheet(browser, origin) {
  const states = Object.keys(STATES);
  const columns = Object.keys(LANGS).flatMap((lang) => SIZES.map(([w, h]) => ({ lang, size: `${w}x${h}`, w, h })));
  const have = new Set();
  for (const lang of Object.keys(LANGS)) {
    for (const file of await readdir(join(SHOTS, lang)).catch(() => [])) have.add(`${lang}/${file}`);
  }
  const HEIGHT = 240;
  const cell = (c, state) => {
    const file = `${c.lang}/${c.size}-${state}.png`;
    const width = Math.round((HEIGHT * c.w) / c.h);
    return `<td>${have.has(file)
      ? `<img src="/shots/${file}" style="height:${HEIGHT}px;width:${width}px">`
      : `<div class="missing" style="height:${HEIGHT}px;width:${width}px">missing</div>`}</td>`;
  };
  const html = `<!doctype html><meta charset="utf-8"><style>
    body { margin: 16px; background: #222; color: #eee; font: 14px/1.3 sans-serif; }
    table { border-spacing: 8px; } th { font-weight: 600; text-align: left; vertical-align: top; }
    td { vertical-align: top; padding: 0; } img { display: block; outline: 1px solid #555; }
    .missing { display: grid; place-items: center; background: #333; color: #888; }
  </style><h1 style="font-size:18px">microdrama: every screen state (test-output/screenshots/)</h1><table>
  <tr><th></th>${columns.map((c) => `<th>${c.lang} ${c.size}</th>`).join("")}</tr>
  ${states.map((state) => `<tr><th>${state}</th>${columns.map((c) => cell(c, state)).join("")}</tr>`).join("\n")}
  </table>`;
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await writeFile(join(SHOTS, "contact-sheet.html"), html);
  await page.goto(`${origin}/shots/contact-sheet.html`);
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  await page.screenshot({ path: join(SHOTS, "contact-sheet.png"), fullPage: true });
  await page.close();
}

const filter = process.argv[2] ?? "";
const started = performance.now();
const server = await serve(ERROR_PAGES, { "shots/": `${SHOTS}/` });
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchBrowser();
const failed = [];
let shot = 0;

/** Reaches and shoots one state; prints its line and layout problems in one piece. */
async function shoot({ lang, width, height, state, name }) {
  const t0 = performance.now();
  const page = await newPage(browser, { lang, width, height });
  try {
    await reach(page, origin, lang, state);
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    const problems = await layoutProblems(page);
    shot++;
    const took = `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    console.log([`${name}.png (${took})${problems.length ? "" : ": no layout problem"}`,
      ...problems.map((problem) => `  ${problem}`)].join("\n"));
  } catch (error) {
    failed.push(name);
    console.log(`${name}: NOT REACHED: ${String(error.message).split("\n")[0]}`);
    await page.screenshot({ path: join(SHOTS, `${name}.failed.png`) }).catch(() => {});
  } finally {
    await page.context().close();
  }
}

try {
  const jobs = [];
  for (const lang of Object.keys(LANGS)) {
    await mkdir(join(SHOTS, lang), { recursive: true });
    for (const [width, height] of SIZES) {
      for (const state of Object.keys(STATES)) {
        const name = `${lang}/${width}x${height}-${state}`;
        if (name.includes(filter)) jobs.push({ lang, width, height, state, name });
      }
    }
  }
  // A few pages at once: a shot mostly waits for playback, not for the CPU.
  const workers = Array.from({ length: JOBS }, async () => {
    while (jobs.length) await shoot(jobs.shift());
  });
  await Promise.all(workers);
  await contactSheet(browser, origin);
} finally {
  await browser.close();
  server.close();
}
console.log(`${shot} screenshots and ${join(SHOTS, "contact-sheet.png")} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (failed.length) {
  console.log(`not reached: ${failed.join(", ")}`);
  process.exit(1);
}
