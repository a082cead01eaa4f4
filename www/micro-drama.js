// <micro-drama>: the interactive vertical micro-drama player as a custom element (CONTRACT §4).
//
//   <script type="module" src="micro-drama.js"></script>
//   <micro-drama src="catalog.json" series="anti-fraud" muted></micro-drama>
//
// Attributes: src, series, episode, muted, autoplay (default on; autoplay="false" turns it off),
// controls (default on; controls="false" hides the buttons), timer ("normal" | "extended": twice the
// time to choose | "off": a choice waits for the viewer), lang (the player's words and catalog text;
// default: the closest ancestor's lang, else navigator.language), resume (default on: progress is kept
// in localStorage per catalog URL and series, and a returning viewer continues where they left off;
// resume="off" keeps nothing). Methods: next() prev() choose(i) play()
// pause() unlock(episodeId) saveState() loadState(s) rewind(). Events are the player's CustomEvents,
// dispatched on the element. A catalog that cannot be fetched (network, HTTP status) is
// `error {code: "catalog-fetch", message}`, one over 16 MiB `catalog-too-large` (refused before it is
// read in full), one the loader refuses carries the loader's code (`bad-json` for an HTML page, …);
// each also shows a message in the element.

import init, { Player, playerText } from "./pkg/microdrama.js";

// One WebAssembly instance per page, however many players it shows.
let wasmReady = null;
function loadWasm() {
  wasmReady ??= init();
  return wasmReady;
}

const STYLESHEET = new URL("./micro-drama.css", import.meta.url).href;

// The loader's document limit (src/catalog/limits.rs, DOCUMENT_BYTES): a bigger catalog is refused here,
// before it is downloaded in full or copied into WebAssembly memory.
const MAX_CATALOG_BYTES = 16 * 1024 * 1024;

/** A catalog that could not be read, with the `error` event's code. */
class CatalogError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * The catalog's bytes, refused with `catalog-too-large` when its Content-Length or, for a response
 * without one (chunked, compressed), the bytes read so far pass MAX_CATALOG_BYTES. Bytes, not text:
 * the player copies them into WebAssembly memory as they are, where text would be re-encoded first.
 */
async function readCatalog(response, url) {
  const tooLarge = () => new CatalogError("catalog-too-large", `${url} is larger than ${MAX_CATALOG_BYTES} bytes`);
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_CATALOG_BYTES) {
    response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_CATALOG_BYTES) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** An attribute that is on unless present with "false" or "off". */
function defaultOn(element, name) {
  const value = element.getAttribute(name);
  return value === null || !/^(false|off|0)$/i.test(value.trim());
}

/** A boolean attribute that is on when present (and not "false"). */
function presentOn(element, name) {
  const value = element.getAttribute(name);
  return value !== null && !/^(false|off|0)$/i.test(value.trim());
}

class MicroDrama extends HTMLElement {
  static observedAttributes = ["src", "series", "episode", "muted", "autoplay", "controls", "timer", "lang", "resume"];

  #player = null;
  #mount = null;
  // Bumped on every (re)load and on disconnect, so a slow fetch never builds a stale player.
  #generation = 0;
  #pendingState = null;

  connectedCallback() {
    if (!this.hasAttribute("tabindex")) this.tabIndex = 0;
    if (!this.shadowRoot) {
      const root = this.attachShadow({ mode: "open" });
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = STYLESHEET;
      this.#mount = document.createElement("div");
      this.#mount.className = "md-mount";
      this.#mount.style.cssText = "position:absolute;inset:0";
      root.append(link, this.#mount);
    }
    this.#load();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#destroy();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected || !this.#mount) return;
    if (name === "muted") {
      this.#player?.setMuted(presentOn(this, "muted"));
    } else {
      this.#load();
    }
  }

  /** Next episode in the feed. */
  next() { this.#player?.next(); }
  /** Previous episode in the feed. */
  prev() { this.#player?.prev(); }
  /** Takes option `index` of the open choice. */
  choose(index) { this.#player?.choose(index); }
  /** Plays the current video. */
  play() { this.#player?.play(); }
  /** Pauses the current video. */
  pause() { this.#player?.pause(); }
  /** The host unlocked `episodeId`. */
  unlock(episodeId) { this.#player?.unlock(String(episodeId)); }
  /** Back to the last choice point. */
  rewind() { this.#player?.rewind(); }
  /** Progress as a string ("" before the catalog has loaded). */
  saveState() { return this.#player ? this.#player.saveState() : ""; }
  /** Restores `saveState()` output; before the catalog has loaded, it is applied once it has. */
  loadState(state) {
    if (this.#player) this.#player.loadState(String(state));
    else this.#pendingState = String(state);
  }

  async #load() {
    const generation = ++this.#generation;
    this.#destroy();
    const src = this.getAttribute("src");
    if (!src) return;
    let catalog;
    let baseUrl;
    try {
      baseUrl = new URL(src, document.baseURI).href;
      const [response] = await Promise.all([fetch(baseUrl), loadWasm()]);
      if (!response.ok) throw new CatalogError("catalog-fetch", `HTTP ${response.status} for ${baseUrl}`);
      catalog = await readCatalog(response, baseUrl);
    } catch (error) {
      if (generation !== this.#generation) return;
      const code = error instanceof CatalogError ? error.code : "catalog-fetch";
      this.#emit("error", { code, message: String(error?.message ?? error) });
      this.#showError(code);
      return;
    }
    if (generation !== this.#generation) return;
    const options = {
      baseUrl,
      series: this.getAttribute("series") || undefined,
      episode: this.getAttribute("episode") || undefined,
      language: this.#language(),
      // Captions follow the element's own lang, else the viewer's browser language.
      captionLanguage: this.getAttribute("lang") || navigator.language || undefined,
      timer: this.getAttribute("timer") || undefined,
      muted: presentOn(this, "muted"),
      autoplay: defaultOn(this, "autoplay"),
      controls: defaultOn(this, "controls"),
      resume: defaultOn(this, "resume"),
    };
    try {
      this.#player = new Player(this, this.#mount, catalog, options);
    } catch (error) {
      // The player has already dispatched `error {code, message}` on this element.
      console.warn("microdrama:", error?.message ?? error);
      this.#showError(String(error?.message ?? error).split(":")[0]);
      return;
    }
    if (this.#pendingState !== null) {
      const state = this.#pendingState;
      this.#pendingState = null;
      try {
        this.#player.loadState(state);
      } catch (error) {
        console.warn("microdrama:", error?.message ?? error);
      }
    }
  }

  /** The element's language: its own or its closest ancestor's `lang`, else the browser's. */
  #language() {
    return this.closest("[lang]")?.lang || navigator.language || undefined;
  }

  /** A failure the viewer can see, in the player's language (the code stays in the `error` event). */
  #showError(code) {
    let text = "This drama could not be loaded.";
    try {
      text = playerText(this.#language() ?? "en", "loadFailed") || text;
    } catch {
      // The WebAssembly itself did not load: English it is.
    }
    const box = document.createElement("p");
    box.className = "md-error";
    box.setAttribute("role", "alert");
    box.textContent = text;
    box.title = code;
    this.#mount.replaceChildren(box);
  }

  #destroy() {
    this.#mount?.querySelector(":scope > .md-error")?.remove();
    if (!this.#player) return;
    this.#player.destroy();
    this.#player.free();
    this.#player = null;
  }

  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get("micro-drama")) customElements.define("micro-drama", MicroDrama);

export { MicroDrama };
