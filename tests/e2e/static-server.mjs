// The project's one static server, for `make serve` and the end-to-end tests: files with the types the
// player needs (wasm streaming wants application/wasm) and byte ranges, as a CDN answers them — Chromium
// seeks in a video only within what it can fetch by range.
//
//   node tests/e2e/static-server.mjs [PORT]   serves www/ at http://localhost:PORT (default 8080)

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const WWW = fileURLToPath(new URL("../../www/", import.meta.url));

export const TYPES = {
  ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".wasm": "application/wasm", ".webm": "video/webm", ".mp4": "video/mp4", ".vtt": "text/vtt",
  ".webp": "image/webp", ".jpg": "image/jpeg", ".png": "image/png", ".svg": "image/svg+xml",
};

/** The request's path below the root (`demo/catalog.json`), or null when it climbs out of it. */
export function requestPath(req) {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^[/\\]+/, "");
  return path === ".." || path.startsWith(`..${sep}`) ? null : path;
}

/** `Range: bytes=a-b` as [start, end] (inclusive) within `size`, or null for none or unsupported. */
export function parseRange(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") return [Math.max(0, size - Number(match[2])), size - 1];
  return [Number(match[1]), match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1)];
}

/**
 * Sends `body` (a Buffer) honouring a byte range. Bytes at and past `limit` are never sent: the response
 * stalls there with the connection open (fault tests); `onHeld(res)` is told of such a response.
 */
export function sendBytes(req, res, body, type, { limit = body.length, onHeld } = {}) {
  const size = body.length;
  const range = parseRange(req.headers.range, size);
  if (range && range[0] >= size) {
    res.writeHead(416, { "content-range": `bytes */${size}` }).end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  const headers = { "content-type": type, "accept-ranges": "bytes", "content-length": end - start + 1 };
  if (range) headers["content-range"] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (end < limit) {
    res.end(body.subarray(start, end + 1));
    return;
  }
  if (start < limit) res.write(body.subarray(start, limit));
  onHeld?.(res);
}

/** Sends the file at `path` (its first `cut` bytes, if given), or a 404. */
export async function sendFile(req, res, path, cut) {
  try {
    if (!(await stat(path)).isFile()) throw new Error("not a file");
    const body = (await readFile(path)).subarray(0, cut);
    sendBytes(req, res, body, TYPES[extname(path)] ?? "application/octet-stream");
  } catch {
    res.writeHead(404).end();
  }
}

/**
 * Serves www/ on 127.0.0.1 at `port` (0: a free one). `pages` adds documents by path
 * (`{ "blank.html": "<!doctype html>…" }`); `roots` serves other directories under a path prefix
 * (`{ "vendor/media-chrome/": "/abs/node_modules/media-chrome/dist/" }`). Resolves to the listening
 * server.
 */
export function serveWww({ port = 0, pages = {}, roots = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = requestPath(req);
    const root = path === null ? undefined : Object.keys(roots).find((prefix) => path.startsWith(prefix));
    if (path === null) {
      res.writeHead(404).end();
    } else if (root !== undefined) {
      await sendFile(req, res, join(roots[root], path.slice(root.length)));
    } else if (Object.hasOwn(pages, path)) {
      res.writeHead(200, { "content-type": "text/html" }).end(pages[path]);
    } else {
      await sendFile(req, res, join(WWW, path || "index.html"));
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.argv[2] ?? 8080);
  await serveWww({ port });
  console.log(`microdrama demo: http://localhost:${port}`);
}
