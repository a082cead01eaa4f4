// The swipe and choice measurement, loaded as a classic script by every page tests/bench/run.mjs measures
// (its player page and the Swiper feed in swiper/), so both are timed by the same code. The page defines
// `window.videos()` (all its <video> elements) and `window.role(r)` (the video on screen for "current",
// the one a swipe would bring in for "next" and "prev").

// Arms one measurement: the next input event starts it; it ends in the first animation frame in which
// a video other than the one on screen now is current and its currentTime has passed its value at input.
// Resolves to { ms, at, queued, dispatch } (at: the input event's timeStamp; queued: how long the browser
// held the event before dispatching it; dispatch: from the event reaching window in the capture phase to
// its return there in the bubble phase, i.e. the page's own listeners for it, the player's included; null
// if it never came back), or null after
// 5 s. Arm it and let the call return before sending the input (see `measure` in run.mjs): an input
// sent alongside the arming call can reach the page first, and then the swipe goes unmeasured.
window.arm = () => new Promise((resolve) => {
  const before = role("current");
  let t0 = null, queued = 0, first = null, dispatched = null, dispatch = null;
  const start = new Map();
  const onInput = (e) => {
    if (t0 !== null) return;
    t0 = e.timeStamp;
    first = e.type;
    dispatched = performance.now();
    queued = dispatched - e.timeStamp;
    for (const v of videos()) start.set(v, v.currentTime);
  };
  const onReturn = (e) => { if (e.type === first && dispatch === null) dispatch = performance.now() - dispatched; };
  const kinds = ["keydown", "touchend", "pointerup"];
  for (const k of kinds) window.addEventListener(k, onInput, true);
  for (const k of kinds) window.addEventListener(k, onReturn, false);
  window.startInput = () => onInput({ timeStamp: performance.now() });
  const deadline = performance.now() + 5000;
  const frame = () => {
    const now = performance.now();
    const v = role("current");
    if (t0 !== null && v && v !== before && v.currentTime > start.get(v)) return done({ ms: now - t0, at: t0, queued, dispatch });
    if (now > deadline) return done(null);
    requestAnimationFrame(frame);
  };
  const done = (ms) => {
    for (const k of kinds) window.removeEventListener(k, onInput, true);
    for (const k of kinds) window.removeEventListener(k, onReturn, false);
    resolve(ms);
  };
  requestAnimationFrame(frame);
});
