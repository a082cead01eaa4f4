// The demo page's host logic: what a partner site would do around <micro-drama>.
// The player keeps the viewer's progress itself (in localStorage, per catalog and series; resume="off"
// turns that off). The page only "unlocks" a locked episode when the viewer asks: a real site would
// take a payment, show an ad or ask for a login first.
//
// Loaded before micro-drama.js: the language is chosen before the element starts, so the player's
// words, the catalog's text and the default caption track all come from the one choice.

const player = document.querySelector("micro-drama");

// ?lang=zh-CN, else the browser's language. The page speaks it too.
const lang = new URLSearchParams(location.search).get("lang") || navigator.language || "en";
document.documentElement.lang = lang;
player.setAttribute("lang", lang);
if (lang.toLowerCase().startsWith("zh")) player.setAttribute("aria-label", "互动短剧播放器");

player.addEventListener("unlockrequest", (event) => player.unlock(event.detail.episodeId));

for (const name of ["warning", "error"]) {
  player.addEventListener(name, (event) => console.warn("microdrama:", event.detail.code, event.detail.message));
}

// Keys reach the player only while it has focus: give it focus on load (without a focus ring: the
// viewer did not tab there).
customElements.whenDefined("micro-drama").then(() => player.focus({ preventScroll: true, focusVisible: false }));
