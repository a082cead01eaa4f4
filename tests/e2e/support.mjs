// Shared by the end-to-end tests: a static server for www/ on loopback and Debian's Chromium.

import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { WWW, serveWww } from "./static-server.mjs";

export const ROOT = WWW;
export const OUT = fileURLToPath(new URL("../../test-output/", import.meta.url));

/**
 * Serves www/ on 127.0.0.1 at a free port (see static-server.mjs). The same server answers as
 * http://localhost:PORT too: another origin. `pages` adds test-only HTML documents by path
 * ("blank.html": "<!doctype html>…").
 */
export function serve(pages = {}) {
  return serveWww({ pages });
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
