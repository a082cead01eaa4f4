// Shared by the end-to-end tests: a static server for www/ on loopback and Debian's Chromium.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../../www/", import.meta.url));
export const OUT = fileURLToPath(new URL("../../test-output/", import.meta.url));

const TYPES = {
  ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".wasm": "application/wasm", ".webm": "video/webm", ".vtt": "text/vtt", ".webp": "image/webp",
  ".jpg": "image/jpeg", ".png": "image/png", ".svg": "image/svg+xml",
};

/**
 * Serves www/ on 127.0.0.1 at a free port, with the types the player needs (wasm streaming wants
 * application/wasm). The same server answers as http://localhost:PORT too: another origin.
 * `pages` adds test-only HTML documents by path ("blank.html": "<!doctype html>…").
 */
export function serve(pages = {}) {
  return new Promise((resolve) => {
    const s = createServer(async (req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
      if (Object.hasOwn(pages, path)) {
        res.writeHead(200, { "content-type": "text/html" }).end(pages[path]);
        return;
      }
      try {
        const body = await readFile(join(ROOT, path || "index.html"));
        res.writeHead(200, { "content-type": TYPES[extname(path || ".html")] ?? "application/octet-stream" });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

/** Debian's Chromium, headless, allowed to autoplay with sound. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}
