// The studio (studio.html?src=<catalog URL>): a catalog's story map for its author. The core reads the
// catalog (`Studio`, src/web/studio.rs, built into studio-pkg/ by `make build`): diagnostics, one node per
// segment, edges, reachability and locks. dagre lays the map out left to right; this page draws it as
// SVG, lists the diagnostics and endings, and plays a selected segment in a <micro-drama> from a save the
// core builds with the variables edited and the segments ticked as seen here. The selection (series,
// segment, ending) lives in the URL's hash, so a reload of the page keeps it. Catalog text is only ever
// set as text (textContent).

import init, { Studio } from "./studio-pkg/microdrama.js";
import dagre from "./vendor/dagre.esm.js";

const SVG = "http://www.w3.org/2000/svg";
const NODE_WIDTH = 150;
const NODE_HEIGHT = 46;
// Labels longer than this are cut on the map; the whole text is in the edge's tooltip.
const LABEL_CHARS = 28;
// The smallest zoom a map opens at; "Fit" shows the whole of it however small.
const MIN_SCALE = 0.8;

const src = new URLSearchParams(location.search).get("src") ?? "demo/catalog.json";
const catalogUrl = new URL(src, document.baseURI).href;
const $ = (id) => document.getElementById(id);

/** What the page shows and keeps across a reload. */
const view = {
  studio: null,
  map: null,
  series: null,
  segment: null,
  ending: null,
  // The map's viewBox: pan and zoom move it.
  box: null,
  // The laid-out map's width and height.
  size: null,
  // The variables as edited, by series id: name → value.
  vars: new Map(),
  // The segments ticked as seen, by series id: a Set of "episode/segment".
  seen: new Map(),
  // Each drawn node's centre on the map, by "episode/segment".
  centres: new Map(),
};

/** The selection as the URL's hash keeps it: `#series=…&segment=…&ending=…`. */
function readHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  view.series = hash.get("series");
  view.segment = hash.get("segment");
  view.ending = hash.get("ending");
}

function writeHash() {
  const hash = new URLSearchParams();
  for (const key of ["series", "segment", "ending"]) if (view[key]) hash.set(key, view[key]);
  const text = hash.toString();
  // replaceState: selecting is not a navigation, and it fires no hashchange.
  history.replaceState(null, "", `${location.pathname}${location.search}${text ? `#${text}` : ""}`);
}

/** An element with text content (never parsed as HTML). */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function cut(text) {
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}

/** Fetches and reads the catalog, then draws everything, keeping the selection. */
async function load(reveal = false) {
  $("status").textContent = "Loading…";
  let bytes;
  try {
    const [response] = await Promise.all([fetch(catalogUrl, { cache: "no-store" }), init()]);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${catalogUrl}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    $("status").textContent = `Cannot fetch the catalog: ${error?.message ?? error}`;
    return;
  }
  view.studio?.free();
  view.studio = new Studio(bytes);
  view.map = JSON.parse(view.studio.map());
  const ids = view.map.series.map((s) => s.id);
  if (!ids.includes(view.series)) view.series = ids[0] ?? null;
  $("catalog-title").textContent = view.map.title || catalogUrl;
  const select = $("series");
  select.replaceChildren(...view.map.series.map((s) => {
    const option = el("option", `${s.title || s.id} (${s.id})`);
    option.value = s.id;
    return option;
  }));
  select.value = view.series ?? "";
  const errors = view.map.diagnostics.filter((d) => d.severity === "error").length;
  $("status").textContent = view.map.playable ? "" : `${errors} error(s): fix them to play the catalog.`;
  drawSeries(true);
  if (reveal) centreOn(view.segment);
}

function currentSeries() {
  return view.map?.series.find((s) => s.id === view.series) ?? null;
}

/** Everything that depends on the series shown; `fit` resets the view to the whole map. */
function drawSeries(fit) {
  const series = currentSeries();
  const nodeIds = new Set(series?.episodes.flatMap((e) => e.nodes.map((n) => n.id)) ?? []);
  if (!nodeIds.has(view.segment)) view.segment = null;
  if (!series?.endings.some((e) => e.id === view.ending)) view.ending = null;
  drawDiagnostics();
  drawEndings(series);
  drawVariables(series);
  drawSeen(series);
  drawMap(series, fit);
  select(view.segment);
}

function drawDiagnostics() {
  const list = $("diagnostics");
  if (view.map.diagnostics.length === 0) {
    list.replaceChildren(el("li", "No problems found."));
    return;
  }
  list.replaceChildren(...view.map.diagnostics.map((d) => {
    const button = el("button", undefined);
    button.type = "button";
    button.append(el("span", d.code, "code"), el("span", d.message, "message"), el("span", d.path, "path"));
    button.addEventListener("click", () => {
      if (d.series && d.series !== view.series) {
        view.series = d.series;
        $("series").value = d.series;
        drawSeries(true);
      }
      if (d.segment) {
        select(d.segment);
        centreOn(d.segment);
      }
    });
    const item = el("li", undefined, d.severity);
    item.append(button);
    return item;
  }));
}

function reachText(ending) {
  if (!ending.reachable) return "unreachable";
  const choices = `${ending.shortest} choice${ending.shortest === 1 ? "" : "s"}`;
  const path = ending.shortestPath.length ? `: ${ending.shortestPath.join(" → ")}` : "";
  const locks = ending.lockedEpisodes.length
    ? `; needs ${ending.lockedEpisodes.join(", ")} unlocked` : "; no unlock needed";
  return `reachable in ${choices}${path}${locks}`;
}

function drawEndings(series) {
  const list = $("endings");
  if (!series || series.endings.length === 0) {
    list.replaceChildren(el("li", "No endings."));
    return;
  }
  list.replaceChildren(...series.endings.map((ending) => {
    const button = el("button");
    button.type = "button";
    button.dataset.ending = ending.id;
    button.setAttribute("aria-pressed", String(ending.id === view.ending));
    button.append(el("span", `${ending.title || ending.id} (${ending.id}, at ${ending.segment})`),
      el("span", reachText(ending), "reach"));
    button.addEventListener("click", () => {
      view.ending = view.ending === ending.id ? null : ending.id;
      highlightPath();
      writeHash();
    });
    const item = el("li", undefined, ending.reachable ? "" : "unreachable-ending");
    item.append(button);
    return item;
  }));
}

/** One labelled input per series variable, typed as declared, keeping what was edited. */
function drawVariables(series) {
  const box = $("variables");
  box.replaceChildren(el("legend", "Variables on arrival"));
  if (!series) return;
  const edited = view.vars.get(series.id) ?? new Map();
  view.vars.set(series.id, edited);
  if (series.variables.length === 0) box.append(el("p", "This series has no variables."));
  series.variables.forEach((variable, index) => {
    const label = el("label");
    const input = document.createElement("input");
    input.id = `var-${index}`;
    input.dataset.variable = variable.name;
    const value = edited.has(variable.name) ? edited.get(variable.name) : variable.initial;
    if (variable.type === "bool") {
      input.type = "checkbox";
      input.checked = Boolean(value);
      input.addEventListener("change", () => edited.set(variable.name, input.checked));
    } else if (variable.type === "int") {
      input.type = "number";
      input.step = "1";
      input.value = String(value);
      input.addEventListener("input", () => edited.set(variable.name, Number.parseInt(input.value, 10) || 0));
    } else {
      input.type = "text";
      input.value = String(value);
      input.addEventListener("input", () => edited.set(variable.name, input.value));
    }
    label.append(el("span", `${variable.name} (${variable.type})`), input);
    box.append(label);
  });
}

/** One checkbox per segment a `seen()` of the series tests (only those change what it shows). */
function drawSeen(series) {
  const box = $("seen");
  box.replaceChildren(el("legend", "Seen on arrival"));
  if (!series) return;
  const ticked = view.seen.get(series.id) ?? new Set();
  view.seen.set(series.id, ticked);
  // A reloaded catalog may no longer test some: those no longer count.
  for (const id of ticked) if (!series.seenTested.includes(id)) ticked.delete(id);
  if (series.seenTested.length === 0) box.append(el("p", "No condition tests seen()."));
  series.seenTested.forEach((id, index) => {
    const label = el("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.id = `seen-${index}`;
    input.dataset.seen = id;
    input.checked = ticked.has(id);
    input.addEventListener("change", () => {
      if (input.checked) ticked.add(id);
      else ticked.delete(id);
    });
    label.append(el("span", id), input);
    box.append(label);
  });
}

/** Lays the series out with dagre (episodes as clusters) and draws it as SVG. */
function drawMap(series, fit) {
  const map = $("map");
  map.replaceChildren(svg("defs"));
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9,
    markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" });
  marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8a93a8" }));
  map.firstChild.append(marker);
  if (!series) return;

  const graph = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  graph.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 60, edgesep: 12, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const episode of series.episodes) {
    graph.setNode(`cluster:${episode.id}`, { label: episode.id, paddingTop: 28 });
    for (const node of episode.nodes) {
      graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
      graph.setParent(node.id, `cluster:${episode.id}`);
    }
  }
  for (const missing of series.missing) graph.setNode(missing.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  series.edges.forEach((edge, index) => {
    const text = edgeText(edge);
    graph.setEdge(edge.from, edge.to, {
      width: text ? Math.min(text.length, LABEL_CHARS) * 6.2 : 0, height: text ? 16 : 0, labelpos: "c",
    }, String(index));
  });
  dagre.layout(graph);
  view.centres = new Map(series.episodes.flatMap((e) => e.nodes.map((n) => {
    const { x, y } = graph.node(n.id);
    return [n.id, { x, y }];
  })));

  const layer = (name) => map.appendChild(svg("g", { class: name }));
  const clusters = layer("clusters");
  const edges = layer("edges");
  const nodes = layer("nodes");

  for (const episode of series.episodes) {
    const box = graph.node(`cluster:${episode.id}`);
    if (!box || !box.width) continue;
    const group = svg("g", { class: `cluster${episode.locked ? " locked" : ""}`, "data-episode": episode.id });
    group.append(
      svg("rect", { x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height, rx: 8 }),
      svg("text", { x: box.x - box.width / 2 + 10, y: box.y - box.height / 2 + 18 },
        cut(`${episode.id}${episode.title ? ` · ${episode.title}` : ""}${episode.locked ? " · locked" : ""}`)),
    );
    clusters.append(group);
  }

  series.edges.forEach((edge, index) => {
    const layout = graph.edge(edge.from, edge.to, String(index));
    const classes = ["edge", edge.kind];
    if (edge.jump) classes.push("jump");
    if (edge.neverOffered) classes.push("never");
    const group = svg("g", { class: classes.join(" "), "data-from": edge.from, "data-to": edge.to });
    const d = layout.points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    group.append(svg("path", { d, "marker-end": "url(#arrow)" }));
    const text = edgeText(edge);
    if (text) {
      group.append(svg("title", {}, text));
      group.append(svg("text", { x: layout.x, y: layout.y + 4, "text-anchor": "middle" }, cut(text)));
    }
    edges.append(group);
  });

  for (const episode of series.episodes) {
    for (const node of episode.nodes) {
      const classes = ["node"];
      if (node.start) classes.push("start");
      if (node.ending) classes.push("ending");
      if (node.unreachable) classes.push("unreachable");
      if (node.problem) classes.push(node.problem);
      const sub = node.ending ? `ending: ${node.ending.title || node.ending.id}`
        : node.unreachable ? "unreachable" : node.prompt ?? "";
      nodes.append(drawNode(graph.node(node.id), classes, node.segment, sub, node.id));
    }
  }
  for (const missing of series.missing) {
    nodes.append(drawNode(graph.node(missing.id), ["node", "missing"], `missing: ${missing.target}`, "no such target",
      null));
  }

  const size = graph.graph();
  view.size = size;
  if (fit || !view.box) view.box = initialBox(size, fit === "whole");
  applyBox();
  highlightPath();
}

/**
 * The whole map, or when that would shrink the text below MIN_SCALE, its left part at that scale
 * (the story's start), centred vertically.
 */
function initialBox(size, whole) {
  const width = Math.max(size.width, 200);
  const height = Math.max(size.height, 200);
  const map = $("map");
  const scale = Math.min(map.clientWidth / width, map.clientHeight / height);
  if (whole || !map.clientWidth || scale >= MIN_SCALE) return { x: 0, y: 0, w: width, h: height };
  const w = map.clientWidth / MIN_SCALE;
  const h = map.clientHeight / MIN_SCALE;
  return { x: 0, y: (height - h) / 2, w, h };
}

/** Moves the map so that node `id` is in the middle of the view, at the current zoom. */
function centreOn(id) {
  const centre = id && view.centres.get(id);
  if (!centre || !view.box) return;
  view.box = { ...view.box, x: centre.x - view.box.w / 2, y: centre.y - view.box.h / 2 };
  applyBox();
}

function edgeText(edge) {
  let text = edge.label ?? "";
  if (edge.condition) text += `${text ? " " : ""}if ${edge.condition}`;
  if (edge.neverOffered) text += " (never offered)";
  return text;
}

function drawNode(box, classes, title, sub, id) {
  const attributes = { class: classes.join(" "), transform: `translate(${box.x - NODE_WIDTH / 2},${box.y - NODE_HEIGHT / 2})` };
  if (id) Object.assign(attributes, { "data-segment": id, role: "button", tabindex: 0 });
  const group = svg("g", attributes);
  group.append(svg("rect", { class: "outer", width: NODE_WIDTH, height: NODE_HEIGHT }));
  if (classes.includes("ending")) {
    group.append(svg("rect", { class: "inner", x: 3, y: 3, width: NODE_WIDTH - 6, height: NODE_HEIGHT - 6 }));
  }
  // The title is the node's accessible name (no aria-label: the visible text is cut, and a name must
  // contain what is shown) and its tooltip.
  group.append(svg("title", {}, id ? `${id}${sub ? ` — ${sub}` : ""}` : title));
  group.append(svg("text", { x: 10, y: 19 }, cut(title).slice(0, 22)));
  if (sub) group.append(svg("text", { x: 10, y: 36, class: "sub" }, cut(sub).slice(0, 24)));
  if (id) {
    group.addEventListener("click", () => { if (!moved) select(id); });
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(id);
      }
    });
  }
  return group;
}

/** Selects a segment on the map (or none) and says what "Play from here" will play. */
function select(id) {
  view.segment = id;
  for (const node of $("map").querySelectorAll(".node.selected")) node.classList.remove("selected");
  const node = id ? $("map").querySelector(`[data-segment="${CSS.escape(id)}"]`) : null;
  node?.classList.add("selected");
  $("selected").textContent = id ? `${view.series} · ${id}` : "none";
  $("play").disabled = !id || !view.map?.playable;
  $("play-note").textContent = id && !view.map?.playable ? "The catalog has errors: fix them to play it." : "";
  writeHash();
}

/** Lights the selected ending's shortest path. */
function highlightPath() {
  const map = $("map");
  for (const item of map.querySelectorAll(".on-path")) item.classList.remove("on-path");
  for (const button of $("endings").querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.ending === view.ending));
  }
  const ending = currentSeries()?.endings.find((e) => e.id === view.ending);
  if (!ending?.reachable) return;
  const segments = ending.shortestSegments;
  segments.forEach((id, i) => {
    map.querySelector(`.node[data-segment="${CSS.escape(id)}"]`)?.classList.add("on-path");
    if (i + 1 < segments.length) {
      map.querySelector(`.edge[data-from="${CSS.escape(id)}"][data-to="${CSS.escape(segments[i + 1])}"]`)
        ?.classList.add("on-path");
    }
  });
}

/** Plays the selected segment in a fresh player from the state the variable editor describes. */
function playFromHere() {
  if (!view.segment || !view.studio) return;
  const series = currentSeries();
  const segment = view.segment;
  const vars = Object.fromEntries(view.vars.get(series.id) ?? []);
  const seen = [...view.seen.get(series.id) ?? []];
  let played;
  try {
    played = JSON.parse(view.studio.playFrom(series.id, segment, JSON.stringify(vars), JSON.stringify(seen)));
  } catch (error) {
    $("play-note").textContent = String(error?.message ?? error);
    return;
  }
  $("play-note").textContent = "";
  $("visible").textContent = played.visible.length
    ? played.visible.map(([, label]) => label).join(" · ") : "(no choice here)";
  $("player-options").textContent = "";
  const player = document.createElement("micro-drama");
  player.setAttribute("src", catalogUrl);
  player.setAttribute("series", series.id);
  player.setAttribute("resume", "off");
  player.setAttribute("timer", "off");
  player.setAttribute("aria-label", `Playing ${segment}`);
  player.muted = true;
  player.setAttribute("muted", "");
  player.addEventListener("playing", () => {
    $("play-note").textContent = `Playing ${series.id} · ${segment}`;
  }, { once: true });
  player.addEventListener("choiceshow", (event) => {
    $("player-options").textContent = event.detail.options.map((o) => o.label).join(" · ");
  });
  player.loadState(played.save);
  $("player").replaceChildren(player);
  player.scrollIntoView({ block: "nearest" });
}

/** The viewBox as `view.box` says. */
function applyBox() {
  const { x, y, w, h } = view.box;
  $("map").setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
}

// Pan (drag) and zoom (wheel) move the viewBox. A drag past a few pixels is not a click on a node.
let drag = null;
let moved = false;
const mapElement = $("map");
mapElement.addEventListener("pointerdown", (event) => {
  if (!view.box) return;
  drag = { x: event.clientX, y: event.clientY, box: { ...view.box } };
  moved = false;
});
mapElement.addEventListener("pointermove", (event) => {
  if (!drag) return;
  const dx = event.clientX - drag.x;
  const dy = event.clientY - drag.y;
  if (!moved && Math.hypot(dx, dy) < 4) return;
  if (!moved) mapElement.setPointerCapture(event.pointerId);
  moved = true;
  mapElement.classList.add("dragging");
  const scale = drag.box.w / mapElement.clientWidth;
  const scaleY = drag.box.h / mapElement.clientHeight;
  view.box = { ...drag.box, x: drag.box.x - dx * Math.max(scale, scaleY), y: drag.box.y - dy * Math.max(scale, scaleY) };
  applyBox();
});
const endDrag = () => {
  drag = null;
  mapElement.classList.remove("dragging");
};
mapElement.addEventListener("pointerup", endDrag);
mapElement.addEventListener("pointercancel", endDrag);
mapElement.addEventListener("wheel", (event) => {
  if (!view.box) return;
  event.preventDefault();
  const factor = Math.exp(event.deltaY * 0.0015);
  const point = mapElement.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  const at = point.matrixTransform(mapElement.getScreenCTM().inverse());
  const { x, y, w, h } = view.box;
  view.box = { x: at.x - (at.x - x) * factor, y: at.y - (at.y - y) * factor, w: w * factor, h: h * factor };
  applyBox();
}, { passive: false });

$("series").addEventListener("change", () => {
  view.series = $("series").value;
  view.segment = null;
  view.ending = null;
  drawSeries(true);
});
$("reload").addEventListener("click", () => load());
$("fit").addEventListener("click", () => {
  view.box = initialBox(view.size, true);
  applyBox();
});
$("play").addEventListener("click", playFromHere);

readHash();
load(true);
