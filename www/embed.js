// embed.html: the <micro-drama> player full-frame, for an <iframe> on a partner site (CONTRACT §4).
//
//   <iframe src="https://player.example/embed.html?src=demo/catalog.json&series=anti-fraud
//                &origin=https://partner.example" allow="autoplay; fullscreen"></iframe>
//
// Query parameters:
//   src      catalog URL (http or https), resolved against this page's URL. Required.
//   series   series id (default: every series in feed order); episode: start episode id.
//   origin   the parent origins allowed to drive the player, each an exact serialized origin
//            (`scheme://host[:port]`, http or https, no path or trailing slash, as `URL.origin` writes it).
//            Repeat the parameter or separate origins with commas; any other value is ignored.
//   muted, autoplay, controls, lang: as the element's attributes (extension).
//
// The protocol (window.postMessage, structured-clone data):
//   parent → player  { type: "microdrama:command", command, args: [...] }
//     command: "next" | "prev" | "play" | "pause" | "rewind" | "saveState"   (args: [])
//              "choose" [index: integer ≥ 0] | "unlock" [episodeId] | "loadState" [state: string]
//              media (CONTRACT §4.1): "seek" [seconds] | "setMuted" [boolean] | "setVolume" [0..1]
//              | "setPlaybackRate" [rate]; a number the element refuses (as a <video> would) is
//              answered with error {code: "bad-value", message}
//     Accepted only when event.origin is on the list AND event.source is window.parent. Other origins,
//     other windows and other message types are ignored silently; a malformed command from the parent
//     (unknown name, wrong args) is ignored with a console.warn. Commands that arrive before `ready`
//     are queued (up to 32) and run in order once the player is ready.
//   player → parent  { type: "microdrama:event", event: name, detail: {...} }
//     every player event: ready, episodechange, segmentchange, choiceshow, choice, ending, locked,
//     autoplayblocked, warning, error, qoe, feedend, and unlockrequest {episodeId} (the viewer asked
//     to unlock); and the media events play, pause, playing, waiting, timeupdate (at most four a
//     second, the latest sent late rather than dropped), durationchange, volumechange, ratechange,
//     ended, each with the media state as detail: {currentTime, duration (null until known), paused,
//     ended, muted, volume, playbackRate}.
//     Extensions to CONTRACT §4:
//       state {state}               the reply to "saveState"
//       error {code: "load-state"}  "loadState" was given a state the player refused
//       error {code: "embed-src"}   the src parameter is missing or not an http(s) URL
//     Messages go to the parent's own origin, and only when it is on the list; never to "*". The
//     parent's origin is location.ancestorOrigins[0] where the browser has it (Chromium, Safari), else
//     the referrer's origin when it is listed, else the only listed origin; with several listed and
//     neither known, events wait (up to 100) for the first accepted command, whose origin then is the
//     target. With no valid origin listed, or no parent (the page opened on its own), nothing is posted.

import "./micro-drama.js";

const EVENTS = [
  "ready", "episodechange", "segmentchange", "choiceshow", "choice", "ending", "locked",
  "autoplayblocked", "warning", "error", "unlockrequest", "qoe", "feedend",
];
const MEDIA_EVENTS = [
  "play", "pause", "playing", "waiting", "timeupdate", "durationchange", "volumechange", "ratechange", "ended",
];
// timeupdate goes to the parent at most this often per second (a <video> fires it about four times a
// second, more after seeks).
const MAX_TIMEUPDATES_PER_SECOND = 4;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_QUEUED_COMMANDS = 32;
const MAX_QUEUED_EVENTS = 100;
const MAX_STATE_CHARS = 1 << 20;

const params = new URLSearchParams(location.search);

/** The exact origins among the `origin` parameters; anything that is not one is dropped. */
function allowedOrigins(values) {
  const origins = new Set();
  for (const value of values.flatMap((v) => v.split(","))) {
    const candidate = value.trim();
    let url;
    try {
      url = new URL(candidate);
    } catch {
      continue;
    }
    if ((url.protocol === "http:" || url.protocol === "https:") && url.origin === candidate) {
      origins.add(candidate);
    }
  }
  return origins;
}

const allowed = allowedOrigins(params.getAll("origin"));
const framed = window.parent !== window;

/**
 * The origin events go to: a listed origin, or null (post nothing), or undefined (not known yet).
 * `location.ancestorOrigins` is the browser's own word on who the parent is, so it wins.
 */
function initialTarget() {
  if (!framed || allowed.size === 0) return null;
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) return allowed.has(ancestors[0]) ? ancestors[0] : null;
  try {
    const referrer = document.referrer && new URL(document.referrer).origin;
    if (referrer && allowed.has(referrer)) return referrer;
  } catch {
    // No usable referrer: fall through.
  }
  return allowed.size === 1 ? [...allowed][0] : undefined;
}

let target = initialTarget();
const waitingEvents = [];

/** Posts one message to the parent at `target`; queues it while the target is unknown. */
function post(event, detail) {
  if (target === null) return;
  // CustomEvent details are plain JSON from the player; the round trip guarantees they clone.
  let plain;
  try {
    plain = JSON.parse(JSON.stringify(detail ?? {}));
  } catch {
    plain = {};
  }
  const message = { type: "microdrama:event", event, detail: plain };
  if (target === undefined) {
    if (waitingEvents.length < MAX_QUEUED_EVENTS) waitingEvents.push(message);
    return;
  }
  window.parent.postMessage(message, target);
}

const player = document.createElement("micro-drama");
player.setAttribute("aria-label", "Interactive drama player");
for (const name of ["series", "episode", "muted", "autoplay", "controls"]) {
  const value = params.get(name);
  if (value !== null) player.setAttribute(name, value);
}
const lang = params.get("lang");
if (lang && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang)) document.documentElement.lang = lang;

for (const name of EVENTS) {
  player.addEventListener(name, (event) => post(name, event.detail));
}

/** What the parent cannot read across origins: the media element's state now. */
function mediaState() {
  const duration = player.duration;
  return {
    currentTime: player.currentTime, duration: Number.isFinite(duration) ? duration : null,
    paused: player.paused, ended: player.ended, muted: player.muted, volume: player.volume,
    playbackRate: player.playbackRate,
  };
}

const timeupdates = [];
// A timeupdate over the limit is sent late, not dropped: the last one (a seek while paused) is the
// position the parent shows until the next.
let lateTimeupdate = null;
function postTimeupdate() {
  const now = performance.now();
  while (timeupdates.length > 0 && now - timeupdates[0] >= 1000) timeupdates.shift();
  if (timeupdates.length >= MAX_TIMEUPDATES_PER_SECOND) {
    lateTimeupdate ??= setTimeout(() => {
      lateTimeupdate = null;
      postTimeupdate();
    }, timeupdates[0] + 1000 - now);
    return;
  }
  timeupdates.push(now);
  post("timeupdate", mediaState());
}
for (const name of MEDIA_EVENTS) {
  player.addEventListener(name, () => (name === "timeupdate" ? postTimeupdate() : post(name, mediaState())));
}

// Commands that arrive before the catalog has loaded wait for `ready`: the element's methods do
// nothing until then.
let ready = false;
const waitingCommands = [];
player.addEventListener("ready", () => {
  ready = true;
  for (const [command, args] of waitingCommands.splice(0)) run(command, args);
});

const noArgs = (args) => args.length === 0;
const oneNumber = (args) => args.length === 1 && typeof args[0] === "number";

/** Sets a media property; a value the element refuses (as a <video> would) is a `bad-value` error. */
function setMedia(name, value) {
  try {
    player[name] = value;
  } catch (error) {
    post("error", { code: "bad-value", message: `${name}: ${error?.name ?? "Error"}: ${error?.message ?? error}` });
  }
}
const COMMANDS = {
  next: { valid: noArgs, run: () => player.next() },
  prev: { valid: noArgs, run: () => player.prev() },
  // A refused play() is the player's own business (autoplayblocked, the play button), not the parent's.
  play: { valid: noArgs, run: () => player.play().catch(() => {}) },
  pause: { valid: noArgs, run: () => player.pause() },
  rewind: { valid: noArgs, run: () => player.rewind() },
  choose: {
    valid: (args) => args.length === 1 && Number.isSafeInteger(args[0]) && args[0] >= 0,
    run: ([index]) => player.choose(index),
  },
  unlock: {
    valid: (args) => args.length === 1 && typeof args[0] === "string" && ID.test(args[0]),
    run: ([episodeId]) => player.unlock(episodeId),
  },
  saveState: { valid: noArgs, run: () => post("state", { state: player.saveState() }) },
  seek: { valid: oneNumber, run: ([seconds]) => setMedia("currentTime", seconds) },
  setMuted: {
    valid: (args) => args.length === 1 && typeof args[0] === "boolean",
    run: ([muted]) => setMedia("muted", muted),
  },
  setVolume: { valid: oneNumber, run: ([volume]) => setMedia("volume", volume) },
  setPlaybackRate: { valid: oneNumber, run: ([rate]) => setMedia("playbackRate", rate) },
  loadState: {
    valid: (args) => args.length === 1 && typeof args[0] === "string" && args[0].length <= MAX_STATE_CHARS,
    run: ([state]) => {
      try {
        player.loadState(state);
      } catch (error) {
        post("error", { code: "load-state", message: String(error?.message ?? error) });
      }
    },
  },
};

function run(command, args) {
  COMMANDS[command].run(args);
}

window.addEventListener("message", (event) => {
  // Who is asking comes first: only the parent window, and only from a listed origin.
  if (event.source !== window.parent || !allowed.has(event.origin)) return;
  const data = event.data;
  if (typeof data !== "object" || data === null || data.type !== "microdrama:command") return;
  const { command } = data;
  const args = data.args === undefined ? [] : data.args;
  if (typeof command !== "string" || !Object.hasOwn(COMMANDS, command) || !Array.isArray(args)
      || !COMMANDS[command].valid(args)) {
    console.warn("microdrama embed: ignored a malformed command", String(command).slice(0, 64));
    return;
  }
  if (target === undefined) {
    // The parent just showed its origin (a listed one): events go there from now on.
    target = event.origin;
    for (const message of waitingEvents.splice(0)) window.parent.postMessage(message, target);
  }
  if (ready) {
    run(command, args);
  } else if (waitingCommands.length < MAX_QUEUED_COMMANDS) {
    waitingCommands.push([command, args]);
  } else {
    console.warn("microdrama embed: too many commands before ready; dropped", command);
  }
});

/** The catalog URL: `src` resolved against this page, http(s) only. */
function catalogUrl() {
  const src = params.get("src");
  if (!src) return null;
  try {
    const url = new URL(src, location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

const src = catalogUrl();
if (src) {
  player.setAttribute("src", src);
  document.body.append(player);
} else {
  const message = "embed.html needs a src parameter: the catalog's http(s) URL";
  const note = document.createElement("p");
  note.className = "embed-note";
  note.textContent = message;
  document.body.append(note);
  post("error", { code: "embed-src", message });
}
