// A layout checker for the player as a viewer sees it, shared by the screenshots script and the e2e
// tests: `await layoutProblems(page)` lists what is wrong on screen now, in words (empty: nothing).
//
// It looks at the first <micro-drama> of the page, inside its shadow root, and at the page around it.
// A control is a button, a[href], [role=slider] or a focusable [tabindex] (not -1), and it counts only
// when the viewer can see and tap it: a non-zero box inside the viewport, not `hidden`, visible and
// not transparent (checkVisibility), and the top element at its centre (elementFromPoint of its own
// root, so the shadow root for the player's controls) is the control or inside it. While a modal is
// open (the episode drawer, `.md-drawer:not([hidden])`), only what is inside it counts.
//
// Problems reported:
//   (a) two controls whose boxes overlap by more than 1 px each way (a tap there hits the wrong one);
//   (b) a control smaller than 44×44 CSS px (WCAG 2.5.5; the element's own box, a slider's too);
//   (c) visible text (an element of the shadow root with a text node of its own) under 12 px, except
//       screen-reader-only text (a box of 1×1 px or less);
//   (d) a control of the player partly outside the player's box.
// Overlaps and (d) look at what the viewer sees of a control: its box clipped by its scrolling or
// clipping ancestors (a tile half scrolled out of the drawer's grid); (b) at its whole box.

/** The layout problems of the page's player now, each a sentence naming the elements. */
export function layoutProblems(page) {
  return page.evaluate(() => {
    const MIN_TARGET = 44;
    const MIN_FONT = 12;
    const host = document.querySelector("micro-drama");
    const shadow = host?.shadowRoot ?? null;
    const view = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    const CONTROL = 'button, a[href], [role="slider"], [tabindex]:not([tabindex="-1"])';

    const modal = shadow?.querySelector(".md-drawer:not([hidden])") ?? null;
    const inScope = (el) => !modal || modal.contains(el);

    const intersect = (a, b) => ({
      w: Math.min(a.right, b.right) - Math.max(a.left, b.left),
      h: Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top),
    });
    const shown = (el, rect) => rect.width > 0 && rect.height > 0 && !el.closest("[hidden]")
      && el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      && intersect(rect, view).w > 0 && intersect(rect, view).h > 0;
    /** Whether the viewer can tap `el`: shown, and on top at its centre in its own tree. */
    const tappable = (el, rect) => {
      if (!shown(el, rect)) return false;
      const top = el.getRootNode().elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      return top !== null && (top === el || el.contains(top));
    };
    const name = (el) => {
      const label = el.getAttribute("aria-label") ?? el.textContent.trim().replace(/\s+/g, " ");
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      const role = el.getAttribute("role") ? `[role=${el.getAttribute("role")}]` : "";
      return `${el.localName}${role}${cls}${label ? ` "${label.slice(0, 40)}"` : ""}`;
    };
    /** What of `rect` the viewer sees: clipped by each scrolling or clipping ancestor (the drawer's
     * grid scrolls: a tile half scrolled out is cut at the drawer's edge, not outside the player). */
    const visible = (el, rect) => {
      let r = { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
      for (let p = el.parentElement ?? el.getRootNode().host; p && p !== host; p = p.parentElement ?? p.getRootNode().host) {
        const style = getComputedStyle(p);
        if (style.overflowX === "visible" && style.overflowY === "visible") continue;
        const c = p.getBoundingClientRect();
        r = { left: Math.max(r.left, c.left), top: Math.max(r.top, c.top), right: Math.min(r.right, c.right), bottom: Math.min(r.bottom, c.bottom) };
      }
      return { ...r, width: Math.max(0, r.right - r.left), height: Math.max(0, r.bottom - r.top) };
    };
    const box = (r) => `${Math.round(r.width)}×${Math.round(r.height)} at (${Math.round(r.left)},${Math.round(r.top)})`;

    // The page's own controls (the host itself is the player, not a control on it), then the player's.
    const candidates = [
      ...[...document.querySelectorAll(CONTROL)].filter((el) => el.localName !== "micro-drama" && !modal),
      ...(shadow ? [...shadow.querySelectorAll(CONTROL)].filter(inScope) : []),
    ];
    const controls = candidates.map((el) => ({ el, rect: el.getBoundingClientRect() }))
      .filter(({ el, rect }) => tappable(el, rect))
      .map(({ el, rect }) => ({ el, rect, seen: visible(el, rect) }));

    const problems = [];
    for (const [i, a] of controls.entries()) {
      for (const b of controls.slice(i + 1)) {
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const o = intersect(a.seen, b.seen);
        if (o.w > 1 && o.h > 1) {
          problems.push(`overlap: ${name(a.el)} and ${name(b.el)} share ${Math.round(o.w)}×${Math.round(o.h)} px`);
        }
      }
      if (a.rect.width < MIN_TARGET || a.rect.height < MIN_TARGET) {
        problems.push(`small target: ${name(a.el)} is ${box(a.rect)} (under ${MIN_TARGET}×${MIN_TARGET})`);
      }
    }

    if (shadow) {
      const player = host.getBoundingClientRect();
      for (const { el, seen } of controls) {
        if (!shadow.contains(el)) continue;
        const o = intersect(seen, player);
        if (o.w < seen.width - 0.5 || o.h < seen.height - 0.5) {
          problems.push(`outside the player: ${name(el)} is ${box(seen)}, the player ${box(player)}`);
        }
      }
      for (const el of shadow.querySelectorAll("*")) {
        if (!inScope(el) || el.closest("svg, style")) continue;
        const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent).join("").trim();
        if (!text) continue;
        const rect = el.getBoundingClientRect();
        if (!shown(el, rect) || (rect.width <= 1 && rect.height <= 1)) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < MIN_FONT) problems.push(`small text: ${size} px "${text.slice(0, 40)}" in ${name(el)}`);
      }
    }
    return problems;
  });
}
