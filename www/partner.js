// partner.html: what a partner site does around the player, both ways — the <micro-drama> element,
// driven by its methods and events, and embed.html in an iframe, driven by postMessage (the protocol is
// described at the top of embed.js). Each gets the same buttons and an event log.
//
// Query parameters (optional): player=URL of embed.html (http or https; default: ./embed.html, so the
// iframe is on this page's own origin), series=ID for both players.

const EVENTS = [
  "ready", "episodechange", "segmentchange", "choiceshow", "choice", "ending", "locked",
  "autoplayblocked", "warning", "error", "unlockrequest",
];
const BUTTONS = [
  ["Prev", "prev", []],
  ["Next", "next", []],
  ["Choose 1", "choose", [0]],
  ["Choose 2", "choose", [1]],
  ["Play", "play", []],
  ["Pause", "pause", []],
  ["Unlock ep5", "unlock", ["ep5"]],
];
const MAX_LOG_ENTRIES = 200;

const params = new URLSearchParams(location.search);

/** Appends one line to `log`, as text; the oldest lines go once there are many. */
function logEvent(log, name, detail) {
  const entry = document.createElement("li");
  entry.dataset.event = name;
  let text;
  try {
    text = JSON.stringify(detail ?? {});
  } catch {
    text = String(detail);
  }
  entry.textContent = `${name} ${text}`;
  log.append(entry);
  while (log.childElementCount > MAX_LOG_ENTRIES) log.firstElementChild.remove();
  log.scrollTop = log.scrollHeight;
}

/** One real <button> per command, each calling `send(command, args)`. */
function addButtons(container, label, send) {
  for (const [text, command, args] of BUTTONS) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.dataset.command = command;
    button.setAttribute("aria-label", `${text} (${label})`);
    button.addEventListener("click", () => send(command, args));
    container.append(button);
  }
}

// The custom element: methods in, DOM events out.
{
  const section = document.getElementById("element-player");
  const player = section.querySelector("micro-drama");
  const log = section.querySelector(".log");
  const series = params.get("series");
  if (series) player.setAttribute("series", series);
  for (const name of EVENTS) {
    player.addEventListener(name, (event) => logEvent(log, name, event.detail));
  }
  addButtons(section.querySelector(".controls"), "element", (command, args) => player[command](...args));
}

/** The embed page's URL: ?player= when it is an http(s) URL, else embed.html beside this page. */
function embedUrl() {
  const given = params.get("player");
  if (given) {
    try {
      const url = new URL(given, location.href);
      if (url.protocol === "http:" || url.protocol === "https:") return url;
    } catch {
      // Not a URL: use the default.
    }
    console.warn("partner: ignored ?player=, not an http(s) URL");
  }
  return new URL("embed.html", location.href);
}

// The iframe: postMessage in both directions, each addressed to one origin, never "*".
{
  const section = document.getElementById("frame-player");
  const frame = section.querySelector("iframe");
  const log = section.querySelector(".log");
  const url = embedUrl();
  url.search = "";
  // A relative src resolves against embed.html, so the catalog comes from the player's own host.
  url.searchParams.set("src", "demo/catalog.json");
  const series = params.get("series");
  if (series) url.searchParams.set("series", series);
  url.searchParams.set("origin", location.origin);
  url.searchParams.set("muted", "");
  const playerOrigin = url.origin;

  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || event.origin !== playerOrigin) return;
    const data = event.data;
    if (typeof data !== "object" || data === null || data.type !== "microdrama:event"
        || typeof data.event !== "string") return;
    logEvent(log, data.event, data.detail);
  });

  const send = (command, args) => {
    frame.contentWindow?.postMessage({ type: "microdrama:command", command, args }, playerOrigin);
  };
  addButtons(section.querySelector(".controls"), "iframe", send);
  frame.src = url.href;
}
