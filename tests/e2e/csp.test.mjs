// End-to-end: the demo page under its strict Content-Security-Policy (the <meta> in www/index.html,
// which is the policy the README gives partners): no inline script, no eval, WebAssembly compiled under
// 'wasm-unsafe-eval' only. The player must become ready and play with no violation reported.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, useWwwAndBrowser } from "./support.mjs";

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; "
  + "media-src 'self' blob:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'";

const env = useWwwAndBrowser();

test("the demo page declares the partner CSP", async () => {
  const html = await readFile(join(ROOT, "index.html"), "utf8");
  assert.ok(html.includes(`content="${POLICY}"`), "index.html carries exactly the documented policy");
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), "no inline script");
});

test("under the strict CSP the player gets ready and plays, with no violation", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  await page.addInitScript(() => {
    window.violations = [];
    window.events = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.violations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    }, true);
    for (const name of ["ready", "episodechange", "error"]) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail }), true);
    }
  });
  await page.goto(`${env.origin}/index.html`);
  await page.waitForFunction(() => window.events.some((e) => e.name === "ready"), null, { timeout: 20000 });
  await page.waitForFunction(() => {
    const videos = document.querySelector("micro-drama").shadowRoot.querySelectorAll("video");
    return [...videos].some((v) => !v.paused && v.currentTime > 1);
  }, null, { timeout: 20000 });
  // A swipe's worth of work too: the next episode (preloaded media, posters, captions) under the policy.
  await page.evaluate(() => document.querySelector("micro-drama").next());
  await page.waitForFunction(() => window.events.filter((e) => e.name === "episodechange").length >= 2);
  await page.waitForTimeout(1000);

  const violations = await page.evaluate(() => window.violations);
  assert.deepEqual(violations, [], "no securitypolicyviolation");
  const errors = await page.evaluate(() => window.events.filter((e) => e.name === "error"));
  assert.deepEqual(errors, [], "no error event");
  assert.deepEqual(problems, [], "nothing reached the console as an error");
  await context.close();
});
