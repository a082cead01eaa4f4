// A partner's typed use of <micro-drama> (`make test-types` runs `tsc --noEmit` over it): the element
// from HTMLElementTagNameMap, its media properties, and typed event details. Each `@ts-expect-error`
// line must stay an error: were the types to decay to `any`, tsc would fail on it.
import type { MicroDrama, QoeDetail } from "../../package/micro-drama";

const el = document.createElement("micro-drama");
const same: MicroDrama | null = document.querySelector("micro-drama");
el.src = "demo/catalog.json";
el.series = "anti-fraud";
el.muted = true;
el.volume = 0.5;
el.playbackRate = 1.5;
el.currentTime = 3;
const left: number = el.duration - el.currentTime;
const state: boolean = el.paused || el.ended;
const ready: number = el.readyState;

el.addEventListener("choice", (e) => console.log(e.detail.label, e.detail.via, e.detail.episodeId));
el.addEventListener("episodechange", (e) => console.log(e.detail.number, e.detail.title));
el.addEventListener("qoe", (e) => {
  const report: QoeDetail = e.detail;
  console.log(report.startupMs ?? "no frame", report.rebufferCount);
});
el.addEventListener("timeupdate", () => console.log(el.currentTime));
el.addEventListener("error", (e) => console.log(e.detail.code));

async function start(player: MicroDrama): Promise<void> {
  try {
    await player.play();
  } catch (error) {
    if (error instanceof DOMException && error.name === "NotAllowedError") player.muted = true;
  }
  const stats = player.getStats();
  if (stats) console.log(stats.startupP95Ms);
}
void start(el);
void [same, left, state, ready];

// @ts-expect-error: a choice's detail has no `prompt` (that is choiceshow's).
el.addEventListener("choice", (e) => e.detail.prompt);
// @ts-expect-error: paused is read-only, as a <video>'s.
el.paused = true;
// @ts-expect-error: play() is a Promise, not a boolean.
const wrong: boolean = el.play();
void wrong;
