// The demo page's host logic: what a partner site would do around <micro-drama>.
// It keeps progress in localStorage and "unlocks" a locked episode when the viewer asks (a real site
// would take a payment, show an ad or ask for a login first).

const player = document.querySelector("micro-drama");
const KEY = "microdrama-demo-progress";

player.addEventListener("ready", () => {
  const saved = localStorage.getItem(KEY);
  if (saved) {
    try {
      player.loadState(saved);
    } catch {
      localStorage.removeItem(KEY);
    }
  }
}, { once: true });

for (const name of ["episodechange", "choice", "ending"]) {
  player.addEventListener(name, () => localStorage.setItem(KEY, player.saveState()));
}

player.addEventListener("unlockrequest", (event) => player.unlock(event.detail.episodeId));

player.addEventListener("error", (event) => console.warn("microdrama:", event.detail.code, event.detail.message));

// Keys reach the player only while it has focus: give it focus on load.
customElements.whenDefined("micro-drama").then(() => player.focus({ preventScroll: true }));
