// <micro-drama>: the interactive vertical micro-drama player as a custom element (CONTRACT §4), and a
// media element for the segment playing now (§4.1): partners' controls (media-chrome's
// <media-controller>, Vidstack), frameworks and analytics drive it as they drive a <video>.
//
//   <script type="module" src="micro-drama.js"></script>
//   <micro-drama src="catalog.json" series="anti-fraud" muted></micro-drama>
//
// Attributes (all act live; only a new `src` fetches a catalog): src, series, episode, muted (reflects
// the `muted` property both ways), autoplay (default on; autoplay="false" turns it off), controls
// (default on; controls="false" hides the buttons), autopause (default on: paused while less than half
// in view or the page hidden), timer ("normal" | "extended": twice the time to choose | "off": a choice
// waits for the viewer), lang (the player's words and catalog text; default: the closest ancestor's
// lang, else navigator.language), resume (default on: progress is kept in localStorage per catalog URL
// and series; resume="off" keeps nothing).
// Methods: next() prev() choose(i) play() → Promise, pause(), unlock(episodeId) saveState() loadState(s)
// rewind() getStats(). Media properties: paused ended currentTime duration muted volume playbackRate
// readyState, and src series episode (reflecting their attributes). Events are the player's CustomEvents
// and plain media Events, dispatched on the element; none bubbles. A catalog that cannot be fetched
// (network, HTTP status) is `error {code: "catalog-fetch", message}`, one over 16 MiB
// `catalog-too-large` (refused before it is read in full), one the loader refuses carries the loader's
// code (`bad-json` for an HTML page, …); each also shows a message in the element.

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

/** A DOMException as a <video> would reject or throw it. */
function domError(name, message) {
  return new DOMException(message, name);
}

/** Attributes whose change re-creates the player from the catalog it already has. */
const REBUILD = new Set(["series", "lang", "resume"]);

class MicroDrama extends HTMLElement {
  static observedAttributes = [
    "src", "series", "episode", "muted", "autoplay", "controls", "autopause", "timer", "lang", "resume",
  ];

  #player = null;
  #mount = null;
  // Bumped on every (re)load and on a real disconnect, so a slow fetch never builds a stale player.
  #generation = 0;
  #pendingState = null;
  // The catalog as fetched, for rebuilding the player when `series`, `lang` or `resume` change.
  #catalog = null;
  #baseUrl = null;
  // The `series` attribute the running player was built with, and the code of the last refusal.
  #builtSeries = null;
  #lastError = "";
  // A detached <video>: every value set on a media property goes through it first, so a bad one
  // throws exactly what the browser's own <video> throws (TypeError, IndexSizeError, NotSupportedError).
  #probe = document.createElement("video");
  // What the page set before the player existed; handed to it once it does.
  #volume = 1;
  #rate = 1;
  #startTime = null;
  #hostPaused = false;
  // play() calls made before the player exists: settled once it exists (or the catalog fails).
  #waitingPlays = [];
  // A disconnect waits one task: a framework that moves the element connects it again meanwhile.
  #teardown = null;
  #playingWhenMoved = false;

  constructor() {
    super();
    // The viewer's own mute button (or a blocked autoplay) changes the sound: the attribute follows.
    this.addEventListener("volumechange", () => this.#reflectMuted());
  }

  connectedCallback() {
    if (this.#teardown !== null) {
      // Moved, not removed: the player goes on as it was.
      clearTimeout(this.#teardown);
      this.#teardown = null;
      if (this.#player && this.#playingWhenMoved && this.#player.paused) this.#player.play().catch(() => {});
      return;
    }
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
    // The browser pauses media taken out of the document once its task's microtasks are done; a
    // player that was playing plays on if it comes back.
    this.#playingWhenMoved = Boolean(this.#player && !this.#player.paused);
    this.#teardown = setTimeout(() => {
      this.#teardown = null;
      if (this.isConnected) return;
      this.#generation++;
      this.#destroy();
      this.#catalog = null;
      this.#abortWaitingPlays();
    }, 0);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.#mount || !this.isConnected) return;
    const player = this.#player;
    if (name === "src" || (!player && !this.#catalog)) {
      this.#load();
    } else if (REBUILD.has(name) || !player) {
      this.#rebuild();
    } else if (name === "episode") {
      if (newValue) player.goToEpisode(newValue);
    } else if (name === "muted") {
      player.setMuted(presentOn(this, "muted"));
    } else if (name === "autoplay") {
      player.setAutoplay(defaultOn(this, "autoplay"));
    } else if (name === "controls") {
      player.setControls(defaultOn(this, "controls"));
    } else if (name === "autopause") {
      player.setAutopause(defaultOn(this, "autopause"));
    } else if (name === "timer") {
      player.setTimer(this.getAttribute("timer") ?? "normal");
    }
  }

  // The attributes as properties, as a <video>'s `src` is.
  get src() { return this.getAttribute("src") ?? ""; }
  set src(value) { this.setAttribute("src", value); }
  get series() { return this.getAttribute("series") ?? ""; }
  set series(value) { this.setAttribute("series", value); }
  get episode() { return this.getAttribute("episode") ?? ""; }
  set episode(value) { this.setAttribute("episode", value); }

  /** Whether the current segment is paused (true before anything plays). */
  get paused() { return this.#player ? this.#player.paused : true; }
  /** Whether the current segment played to its end. */
  get ended() { return this.#player ? this.#player.ended : false; }
  /** Seconds into the current segment; setting it seeks within the segment. */
  get currentTime() { return this.#player ? this.#player.currentTime : (this.#startTime ?? 0); }
  set currentTime(value) {
    this.#probe.currentTime = value;
    const seconds = Number(value);
    if (this.#player) this.#player.seek(seconds);
    else this.#startTime = Math.max(0, seconds);
  }
  /** Seconds the current segment lasts; NaN until known. */
  get duration() { return this.#player ? this.#player.duration : NaN; }
  /** A <video>'s readyState for the current segment (0 to 4). */
  get readyState() { return this.#player ? this.#player.readyState : 0; }
  get muted() { return this.#player ? this.#player.muted : presentOn(this, "muted"); }
  set muted(value) { this.toggleAttribute("muted", Boolean(value)); }
  get volume() { return this.#player ? this.#player.volume : this.#volume; }
  set volume(value) {
    this.#probe.volume = value;
    this.#volume = this.#probe.volume;
    this.#player?.setVolume(this.#volume);
  }
  get playbackRate() { return this.#player ? this.#player.playbackRate : this.#rate; }
  set playbackRate(value) {
    this.#probe.playbackRate = value;
    this.#rate = this.#probe.playbackRate;
    this.#player?.setPlaybackRate(this.#rate);
  }

  /** Next episode in the feed. */
  next() { this.#player?.next(); }
  /** Previous episode in the feed. */
  prev() { this.#player?.prev(); }
  /** Takes option `index` of the open choice. */
  choose(index) { this.#player?.choose(index); }
  /**
   * Plays the current segment. Resolves once it plays; rejects as a <video>'s play() does: AbortError
   * when pause() comes first, NotAllowedError when the browser refuses even muted playback,
   * NotSupportedError when the catalog cannot be loaded.
   */
  play() {
    this.#hostPaused = false;
    if (this.#player) return this.#player.play();
    return new Promise((resolve, reject) => this.#waitingPlays.push({ resolve, reject }));
  }
  /** Pauses the current segment. */
  pause() {
    if (this.#player) {
      this.#player.pause();
      return;
    }
    // As a <video> that has not loaded yet: no autoplay once paused, and pending play()s abort.
    this.#hostPaused = true;
    this.#abortWaitingPlays();
  }
  /** The host unlocked `episodeId`. */
  unlock(episodeId) { this.#player?.unlock(String(episodeId)); }
  /** Back to the last choice point. */
  rewind() { this.#player?.rewind(); }
  /** The session's QoE figures so far (CONTRACT §4.3); null before the catalog has loaded. */
  getStats() { return this.#player ? this.#player.getStats() : null; }
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
    this.#catalog = null;
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
      this.#failWaitingPlays();
      return;
    }
    if (generation !== this.#generation) return;
    this.#catalog = catalog;
    this.#baseUrl = baseUrl;
    const player = this.#create(this.#mount);
    if (!player) {
      this.#showError(this.#lastError);
      this.#failWaitingPlays();
      return;
    }
    this.#player = player;
    this.#handOver();
  }

  /**
   * A new player over the catalog already fetched, with the attributes as they are now, taking over
   * from the running one only once it exists: a `series` the catalog lacks is an `error` event and the
   * running player plays on. Position and progress go across through a save.
   */
  #rebuild() {
    if (!this.#catalog) return;
    const old = this.#player;
    const mount = document.createElement("div");
    mount.className = "md-mount";
    mount.style.cssText = "position:absolute;inset:0";
    // Another series' save would be refused: that series' own progress comes back through `resume`.
    const series = this.getAttribute("series") ?? "";
    const state = old && this.#builtSeries === series ? old.saveState() : null;
    const player = this.#create(mount);
    if (!player) {
      if (!old) this.#showError(this.#lastError);
      return;
    }
    if (state) {
      try {
        player.loadState(state);
      } catch (error) {
        console.warn("microdrama:", error?.message ?? error);
      }
    }
    this.#destroy();
    this.#mount.replaceWith(mount);
    this.#mount = mount;
    this.#player = player;
    this.#handOver();
  }

  /** A Player in `mount`, or null when it refused (it has dispatched `error {code}` on the element). */
  #create(mount) {
    const options = {
      baseUrl: this.#baseUrl,
      series: this.getAttribute("series") || undefined,
      episode: this.getAttribute("episode") || undefined,
      language: this.#language(),
      // Captions follow the element's own lang, else the viewer's browser language.
      captionLanguage: this.getAttribute("lang") || navigator.language || undefined,
      timer: this.getAttribute("timer") || undefined,
      muted: presentOn(this, "muted"),
      autoplay: defaultOn(this, "autoplay") && !this.#hostPaused,
      controls: defaultOn(this, "controls"),
      autopause: defaultOn(this, "autopause"),
      resume: defaultOn(this, "resume"),
      volume: this.#volume,
      playbackRate: this.#rate,
    };
    try {
      const player = new Player(this, mount, this.#catalog, options);
      this.#builtSeries = this.getAttribute("series") ?? "";
      return player;
    } catch (error) {
      console.warn("microdrama:", error?.message ?? error);
      this.#lastError = typeof error?.code === "string" ? error.code : "error";
      return null;
    }
  }

  /** What the page asked of the element before this player existed goes to it now. */
  #handOver() {
    const player = this.#player;
    if (this.#pendingState !== null) {
      const state = this.#pendingState;
      this.#pendingState = null;
      try {
        player.loadState(state);
      } catch (error) {
        console.warn("microdrama:", error?.message ?? error);
      }
    }
    if (this.#startTime !== null) {
      player.seek(this.#startTime);
      this.#startTime = null;
    }
    for (const { resolve, reject } of this.#waitingPlays.splice(0)) player.play().then(resolve, reject);
  }

  /** pause() came first, or the element went away: pending play()s reject as a <video>'s do. */
  #abortWaitingPlays() {
    for (const { reject } of this.#waitingPlays.splice(0)) {
      reject(domError("AbortError", "The play() request was interrupted by a call to pause()."));
    }
  }

  /** The catalog could not be played: pending play()s reject as for a source a <video> cannot play. */
  #failWaitingPlays() {
    for (const { reject } of this.#waitingPlays.splice(0)) {
      reject(domError("NotSupportedError", "The element has no supported sources."));
    }
  }

  /** The `muted` attribute says what the player does. */
  #reflectMuted() {
    if (this.#player && this.#player.muted !== this.hasAttribute("muted")) {
      this.toggleAttribute("muted", this.#player.muted);
    }
  }

  /** The element's language: its own or its closest ancestor's `lang`, else the browser's. */
  #language() {
    return this.closest("[lang]")?.lang || navigator.language || undefined;
  }

  /** A failure the viewer can see, in the player's language (the code stays in the `error` event),
   * with a button that tries again (a network that came back, a catalog fixed meanwhile). */
  #showError(code) {
    const words = { loadFailed: "This drama could not be loaded.", retry: "Try again" };
    for (const key of Object.keys(words)) {
      try {
        words[key] = playerText(this.#language() ?? "en", key) || words[key];
      } catch {
        // The WebAssembly itself did not load: English it is.
      }
    }
    const failed = document.createElement("div");
    failed.className = "md-failed";
    const box = document.createElement("p");
    box.className = "md-error";
    box.setAttribute("role", "alert");
    box.textContent = words.loadFailed;
    box.title = code;
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "md-retry";
    retry.textContent = words.retry;
    retry.addEventListener("click", () => this.#load());
    failed.append(box, retry);
    this.#mount.replaceChildren(failed);
  }

  #destroy() {
    this.#mount?.querySelector(":scope > .md-failed")?.remove();
    if (!this.#player) return;
    this.#player.destroy();
    this.#player.free();
    this.#player = null;
  }

  /** A contract event of the element's own; like a <video>'s events, it does not bubble. */
  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}

if (!customElements.get("micro-drama")) customElements.define("micro-drama", MicroDrama);

export { MicroDrama };
