// The usual open-source vertical video feed, for comparison in `make bench` only: Swiper in vertical mode,
// one <video> per slide (muted, playsinline), the active slide's neighbours preloaded, the active video
// played on `slideChange` and every other one paused. Swiper's defaults otherwise: touch on, its keyboard
// module on (ArrowDown / ArrowUp). The clips are the demo's, in catalog order, repeated to fill the slides.
//
//   /bench/swiper/?n=60   n slides (default 60)
//   &clip=/demo/media/af-ep1-s1.webm   every slide plays this clip instead, each at its own URL (`?e=` the
//                         slide's index), as the player's bench catalogs do: no slide shares another's media
//
// Swiper is the global that index.html's classic <script> (swiper-bundle.min.js, all modules) defines.

const params = new URLSearchParams(location.search);
const slides = Number(params.get("n") ?? 60);
const clip = params.get("clip");
const catalogUrl = new URL("/demo/catalog.json", location.href);
const clips = clip ? [] : (await (await fetch(catalogUrl)).json()).series.flatMap((series) =>
  series.episodes.flatMap((episode) => episode.segments.map((segment) => new URL(segment.src, catalogUrl).href)));

const wrapper = document.querySelector(".swiper-wrapper");
for (let i = 0; i < slides; i++) {
  const slide = document.createElement("div");
  slide.className = "swiper-slide";
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.preload = "none";
  video.src = clip ? `${clip}?e=${i}` : clips[i % clips.length];
  slide.append(video);
  wrapper.append(slide);
}

const videoAt = (swiper, index) => swiper.slides[index]?.querySelector("video") ?? null;

/** Starts buffering a slide's video once (it stays loaded afterwards). */
function preload(video) {
  if (!video || video.preload === "auto") return;
  video.preload = "auto";
  video.load();
}

/** Plays the active slide, pauses the rest, preloads the slides either side. */
function show(swiper) {
  const active = swiper.activeIndex;
  swiper.slides.forEach((slide, i) => {
    const video = slide.querySelector("video");
    if (i === active) {
      preload(video);
      video.play().catch((e) => console.warn("play:", e.name));
    } else {
      video.pause();
    }
  });
  preload(videoAt(swiper, active - 1));
  preload(videoAt(swiper, active + 1));
}

const swiper = new Swiper(".swiper", {
  direction: "vertical",
  keyboard: { enabled: true },
  on: { init: show, slideChange: show },
});

// What run.mjs's shared measurement (measure.js) and its counters read.
window.swiper = swiper;
window.videos = () => [...document.querySelectorAll("video")];
window.role = (r) => videoAt(swiper, swiper.activeIndex + { current: 0, next: 1, prev: -1 }[r]);
// Swiper's slide animation is over: a touch that starts during it is taken from mid-animation.
window.atRest = () => !swiper.animating;
window.counts = () => ({ videos: videos().length, holdingMedia: videos().filter((v) => v.readyState > 0).length });
window.ready = true;
