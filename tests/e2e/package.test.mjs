// End-to-end: the npm package (`make package` → target/package/) used the way a partner without a
// bundler would: installed under /node_modules/microdrama/, imported by bare specifier through an
// import map built from the package's own `exports`.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT, launchBrowser } from "./support.mjs";

const PACKAGE = fileURLToPath(new URL("../../target/package/", import.meta.url));
const TYPES = {
  ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".wasm": "application/wasm", ".webm": "video/webm", ".vtt": "text/vtt", ".webp": "image/webp",
};

/** The import map a partner writes: one entry per export of the package that is JavaScript. */
function importMap() {
  const manifest = JSON.parse(readFileSync(join(PACKAGE, "package.json"), "utf8"));
  const imports = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const file = typeof target === "string" ? target : target.default;
    if (file.endsWith(".js")) imports[join("microdrama", subpath)] = `/node_modules/microdrama/${file.replace(/^\.\//, "")}`;
  }
  return { imports };
}

const page = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<script type="importmap">${JSON.stringify(importMap())}</script>
<script type="module" src="/app.mjs"></script>
</head><body><micro-drama src="/demo/catalog.json" muted style="display:block;width:360px;height:640px"></micro-drama></body></html>`;

const APP = `import { MicroDrama } from "microdrama";
import init, { Player } from "microdrama/player";
window.imported = { element: typeof MicroDrama, player: typeof Player, init: typeof init,
  defined: customElements.get("micro-drama") === MicroDrama };`;

let server;
let browser;
let origin;

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
    if (path === "" || path === "index.html") return res.writeHead(200, { "content-type": "text/html" }).end(page());
    if (path === "favicon.ico") return res.writeHead(204).end();
    if (path === "app.mjs") return res.writeHead(200, { "content-type": "text/javascript" }).end(APP);
    const file = path.startsWith("node_modules/microdrama/")
      ? join(PACKAGE, path.slice("node_modules/microdrama/".length))
      : path.startsWith("demo/") ? join(ROOT, path) : null;
    try {
      if (!file) throw new Error("not served");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("a page imports the package by bare specifier through an import map, and it plays",
  { skip: !existsSync(join(PACKAGE, "package.json")) && "no target/package: run `make package`" }, async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const problems = [];
    tab.on("pageerror", (error) => problems.push(String(error)));
    tab.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
    await tab.addInitScript(() => {
      window.events = [];
      for (const name of ["ready", "error"]) document.addEventListener(name, (e) => window.events.push(name), true);
    });
    await tab.goto(`${origin}/index.html`);
    await tab.waitForFunction(() => window.imported && window.events.includes("ready"), null, { timeout: 20000 });
    assert.deepEqual(await tab.evaluate(() => window.imported),
      { element: "function", player: "function", init: "function", defined: true });
    await tab.waitForFunction(() => [...document.querySelector("micro-drama").shadowRoot.querySelectorAll("video")]
      .some((v) => !v.paused && v.currentTime > 0.5), null, { timeout: 20000 });
    const styled = await tab.evaluate(() =>
      [...document.querySelector("micro-drama").shadowRoot.styleSheets].some((s) => s.href?.endsWith("/micro-drama.css")));
    assert.ok(styled, "the stylesheet loads from the package");
    assert.deepEqual(await tab.evaluate(() => window.events.filter((e) => e === "error")), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
