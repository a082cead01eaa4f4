// A fault-injecting server for the end-to-end tests, on loopback: the www/ tree as a normal static
// server would serve it (with byte ranges, as media servers do), plus routes that fail on purpose.
// Every request is logged with its arrival time, so a test can count retries.
//
//   /fault/player.html?src=URL   a page with one <micro-drama src=URL muted resume="off">
//   /fault/catalog/NAME.json     a catalog the test registered with `catalog(NAME, object)`
//   /fault/404/ANY               always 404
//   /fault/stall/CLIP            www/demo/media/CLIP, but only its first half: the bytes after the
//                                half-way mark never come and the connection is held open
//   /fault/media/FILE[?bytes=N]  tests/e2e/media/FILE (h264.mp4, hevc.mp4, truncated.webm), or only
//                                its first N bytes, as a whole (shorter) file
//   /fault/catalog-html.json     an HTML page (200, text/html), as a misconfigured server sends
//   /fault/catalog-huge.json     a 20 MB catalog with its Content-Length
//   /fault/catalog-huge-chunked.json   the same 20 MB, chunked, with no Content-Length
//
// Fault routes are sent with `Cache-Control: no-store`, so that every retry reaches the log.
// MICRODRAMA_PKG=dir serves the player's wasm-bindgen output (www/pkg/) from dir instead.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./support.mjs";
import { TYPES, requestPath, sendBytes, sendFile } from "./static-server.mjs";

const MEDIA = fileURLToPath(new URL("./media/", import.meta.url));
const PKG = process.env.MICRODRAMA_PKG || join(ROOT, "pkg");

/** Size of the huge catalogs: over the player's 16 MiB document limit. */
export const HUGE_BYTES = 20 * 1000 * 1000;

const PLAYER_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>microdrama fault test</title>
<link rel="icon" href="data:,">
<style>body{margin:0} micro-drama{display:block;position:relative;width:390px;height:700px}</style>
<script type="module">
  import "/micro-drama.js";
  const element = document.createElement("micro-drama");
  element.setAttribute("src", new URLSearchParams(location.search).get("src") ?? "");
  element.setAttribute("muted", "");
  element.setAttribute("resume", "off");
  document.body.append(element);
</script>
`;

const HTML_CATALOG = `<!doctype html><html><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>
`;

/** A valid catalog padded with a long title to `bytes` bytes. */
function hugeCatalog(bytes) {
  const head = '{"format":1,"title":"';
  const tail = '","series":[{"id":"s","title":"S","episodes":[{"id":"e","title":"E","segments":[{"id":"a","src":"/demo/media/ns-ep1-s2.webm"}]}]}]}';
  return Buffer.from(head + "x".repeat(bytes - head.length - tail.length) + tail);
}

/**
 * Starts the server on 127.0.0.1 at a free port. Returns `{ origin, log, requests(prefix), catalog(name,
 * object), close() }`; `log` holds `{ path, range, at }` per request, `at` in ms since the epoch.
 */
export async function startFaultServer() {
  const log = [];
  const catalogs = new Map();
  const held = new Set();
  const huge = hugeCatalog(HUGE_BYTES);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const path = requestPath(req);
    if (path === null) {
      res.writeHead(404).end();
      return;
    }
    log.push({ path: `/${path}`, range: req.headers.range ?? null, at: performance.timeOrigin + performance.now() });
    if (path.startsWith("fault/")) res.setHeader("cache-control", "no-store");
    let match;
    if (path === "fault/player.html") {
      res.writeHead(200, { "content-type": "text/html" }).end(PLAYER_PAGE);
    } else if ((match = /^fault\/catalog\/([\w-]+)\.json$/.exec(path)) && catalogs.has(match[1])) {
      res.writeHead(200, { "content-type": "application/json" }).end(catalogs.get(match[1]));
    } else if (path.startsWith("fault/404/")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    } else if ((match = /^fault\/stall\/([\w.-]+)$/.exec(path))) {
      try {
        const body = await readFile(join(ROOT, "demo/media", match[1]));
        const onHeld = (response) => {
          held.add(response);
          response.on("close", () => held.delete(response));
        };
        sendBytes(req, res, body, TYPES[extname(match[1])], { limit: Math.floor(body.length / 2), onHeld });
      } catch {
        res.writeHead(404).end();
      }
    } else if ((match = /^fault\/media\/([\w.-]+)$/.exec(path))) {
      const cut = url.searchParams.has("bytes") ? Number(url.searchParams.get("bytes")) : undefined;
      await sendFile(req, res, join(MEDIA, match[1]), cut);
    } else if (path === "fault/catalog-html.json") {
      res.writeHead(200, { "content-type": "text/html" }).end(HTML_CATALOG);
    } else if (path === "fault/catalog-huge.json") {
      res.writeHead(200, { "content-type": "application/json", "content-length": huge.length }).end(huge);
    } else if (path === "fault/catalog-huge-chunked.json") {
      res.writeHead(200, { "content-type": "application/json" });
      // 64 KiB at a time, as a streaming server would; stops when the client goes.
      let offset = 0;
      const pump = () => {
        while (offset < huge.length && !res.destroyed) {
          const chunk = huge.subarray(offset, offset + 65536);
          offset += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    } else if (path.startsWith("pkg/")) {
      await sendFile(req, res, join(PKG, path.slice(4)));
    } else {
      await sendFile(req, res, join(ROOT, path || "index.html"));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    log,
    /** The logged requests whose path starts with `prefix`. */
    requests: (prefix) => log.filter((entry) => entry.path.startsWith(prefix)),
    /** Registers `object` as /fault/catalog/NAME.json and returns that path. */
    catalog(name, object) {
      catalogs.set(name, JSON.stringify(object));
      return `/fault/catalog/${name}.json`;
    },
    close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
