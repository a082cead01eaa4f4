#!/usr/bin/env python3
"""make-media.py: draws the demo's scenes and writes everything in www/demo/media/.

Each clip is a small drawn scene (pycairo, frame by frame) piped to ffmpeg as raw frames, with a
sound bed synthesised in numpy (ringtone, knocks, rain, sirens, an engine, birds, muffled voices),
encoded as VP9 + Opus WebM at 360x640, 24 fps, as long as its segment in catalog.json. Next to each
clip: its poster (the first frame, WebP) and its captions in English and Chinese (WebVTT). Each
episode and each series gets a poster of its own. Nothing is written into the picture: titles come
from the player, words from the captions.

The output is deterministic: every random choice comes from a generator seeded with the clip's
name, and ffmpeg writes no dates or encoder tags, so running it twice gives the same bytes.

Usage:  python3 www/demo/make-media.py              # everything (a few minutes on one core)
        python3 www/demo/make-media.py af-ep1-s1     # only the clips and posters named
        python3 www/demo/make-media.py --list        # the names
Needs (Debian): python3-cairo python3-numpy ffmpeg (with libvpx, libopus, libwebp).
"""

import math
import os
import subprocess
import sys
import tempfile
import wave
import zlib

import cairo
import numpy as np

W, H, FPS, SR = 360, 640, 24, 48000
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "media")
# VP9 quality (lower = better and bigger): 40 keeps the whole demo near 4 MB.
CRF = int(os.environ.get("CRF", "40"))
TAU = 2 * math.pi

# ---------------------------------------------------------------------------------------------
# Small helpers


def hexrgb(h):
    """'#rrggbb' as three floats."""
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def mix(a, b, u):
    """Colour or number between a and b."""
    if isinstance(a, tuple):
        return tuple(x + (y - x) * u for x, y in zip(a, b))
    return a + (b - a) * u


def clamp(x, lo=0.0, hi=1.0):
    return max(lo, min(hi, x))


def ease(u):
    """Smoothstep of u clamped to 0..1: camera moves start and stop softly."""
    u = clamp(u)
    return u * u * (3 - 2 * u)


def ramp(t, a, b):
    """0 before a, 1 after b, eased between."""
    return ease((t - a) / (b - a)) if b > a else float(t >= a)


def pulse(t, a, b, edge=0.15):
    """1 inside [a, b], soft edges of `edge` seconds."""
    return ramp(t, a - edge, a) * (1 - ramp(t, b, b + edge))


def seed_of(name):
    return zlib.crc32(name.encode())


def rrect(c, x, y, w, h, r):
    """Rounded rectangle path."""
    r = min(r, w / 2, h / 2)
    c.new_sub_path()
    c.arc(x + w - r, y + r, r, -math.pi / 2, 0)
    c.arc(x + w - r, y + h - r, r, 0, math.pi / 2)
    c.arc(x + r, y + h - r, r, math.pi / 2, math.pi)
    c.arc(x + r, y + r, r, math.pi, 3 * math.pi / 2)
    c.close_path()


def poly(c, pts):
    c.move_to(*pts[0])
    for p in pts[1:]:
        c.line_to(*p)
    c.close_path()


def lin(x0, y0, x1, y1, stops):
    """A linear gradient from (offset, colour[, alpha]) stops."""
    g = cairo.LinearGradient(x0, y0, x1, y1)
    for s in stops:
        off, col = s[0], s[1]
        g.add_color_stop_rgba(off, *col, s[2] if len(s) > 2 else 1.0)
    return g


def vpaint(c, stops, y0=0, y1=H):
    """Fill everything with a vertical gradient."""
    c.set_source(lin(0, y0, 0, y1, stops))
    c.paint()


def glow(c, x, y, r, col, a, add=True):
    """A soft round light (added to what is below unless add=False)."""
    if a <= 0 or r <= 0:
        return
    g = cairo.RadialGradient(x, y, 0, x, y, r)
    g.add_color_stop_rgba(0, *col, a)
    g.add_color_stop_rgba(0.35, *col, a * 0.45)
    g.add_color_stop_rgba(1, *col, 0)
    c.save()
    if add:
        c.set_operator(cairo.OPERATOR_ADD)
    c.set_source(g)
    c.arc(x, y, r, 0, TAU)
    c.fill()
    c.restore()


def fill(c, col, a=1.0):
    c.set_source_rgba(*col, a)
    c.fill()


def ellipse(c, x, y, rx, ry):
    c.save()
    c.translate(x, y)
    c.scale(rx, ry)
    c.new_sub_path()
    c.arc(0, 0, 1, 0, TAU)
    c.restore()


class Camera:
    """Zoom and pan over the shot, plus a hand-held sway: apply() before drawing the world."""

    def __init__(self, dur, zoom=(1.0, 1.1), focus=((180, 320), (180, 320)), shake=0.6, roll=0.0, seed=0):
        self.dur, self.zoom, self.focus, self.shake, self.roll = dur, zoom, focus, shake, roll
        self.ph = [(seed >> (4 * i)) % 97 / 97 * TAU for i in range(6)]

    def apply(self, c, t, extra_shake=0.0):
        u = ease(t / self.dur)
        z = mix(self.zoom[0], self.zoom[1], u)
        fx = mix(self.focus[0][0], self.focus[1][0], u)
        fy = mix(self.focus[0][1], self.focus[1][1], u)
        k = self.shake + extra_shake
        p = self.ph
        dx = k * (2.0 * math.sin(0.9 * t + p[0]) + 0.8 * math.sin(2.3 * t + p[1]))
        dy = k * (1.6 * math.sin(0.7 * t + p[2]) + 0.7 * math.sin(2.9 * t + p[3]))
        rot = self.roll * math.sin(1.1 * t + p[4]) * math.pi / 180
        c.translate(W / 2 + dx, H / 2 + dy)
        c.rotate(rot)
        c.scale(z, z)
        c.translate(-fx, -fy)


def make_vignette(strength=0.75, tint=(0, 0, 0)):
    s = cairo.ImageSurface(cairo.FORMAT_ARGB32, W, H)
    c = cairo.Context(s)
    g = cairo.RadialGradient(W / 2, H * 0.48, H * 0.22, W / 2, H * 0.48, H * 0.68)
    g.add_color_stop_rgba(0, *tint, 0)
    g.add_color_stop_rgba(0.6, *tint, strength * 0.45)
    g.add_color_stop_rgba(1, *tint, strength)
    c.set_source(g)
    c.paint()
    return s


VIGNETTE = None


def vignette(c, a=1.0):
    global VIGNETTE
    if VIGNETTE is None:
        VIGNETTE = make_vignette()
    c.save()
    c.identity_matrix()
    c.set_source_surface(VIGNETTE, 0, 0)
    c.paint_with_alpha(a)
    c.restore()


def grade(c, col, a, op=cairo.OPERATOR_SOFT_LIGHT):
    """A colour wash over the frame (the shot's grade)."""
    c.save()
    c.identity_matrix()
    c.set_operator(op)
    c.set_source_rgba(*col, a)
    c.paint()
    c.restore()


class Rain:
    """Falling streaks; positions are a function of t only, so any frame can be drawn on its own."""

    def __init__(self, rng, n, box=(-40, -40, W + 80, H + 80), speed=(900, 1300), length=(14, 26),
                 slant=0.18, alpha=0.28, width=1.0, col=(0.75, 0.82, 0.95)):
        self.x = rng.uniform(0, 1, n)
        self.y = rng.uniform(0, 1, n)
        self.v = rng.uniform(*speed, n)
        self.l = rng.uniform(*length, n)
        self.box, self.slant, self.alpha, self.width, self.col = box, slant, alpha, width, col

    def draw(self, c, t, alpha_scale=1.0):
        bx, by, bw, bh = self.box
        c.save()
        c.set_line_width(self.width)
        c.set_line_cap(cairo.LINE_CAP_ROUND)
        ys = (self.y * bh + self.v * t) % bh + by
        xs = (self.x * bw + self.slant * self.v * t) % bw + bx
        for x, y, l in zip(xs, ys, self.l):
            c.move_to(x, y)
            c.line_to(x + self.slant * l, y + l)
        c.set_source_rgba(*self.col, self.alpha * alpha_scale)
        c.stroke()
        c.restore()


class Splashes:
    """Small rings on wet ground, each on its own cycle."""

    def __init__(self, rng, n, box):
        self.x = rng.uniform(box[0], box[0] + box[2], n)
        self.y = rng.uniform(box[1], box[1] + box[3], n)
        self.ph = rng.uniform(0, 1, n)
        self.per = rng.uniform(0.35, 0.7, n)

    def draw(self, c, t, col=(0.8, 0.85, 1.0), a=0.35):
        c.save()
        c.set_line_width(0.8)
        for x, y, ph, per in zip(self.x, self.y, self.ph, self.per):
            u = (t / per + ph) % 1.0
            r = 1 + 7 * u
            ellipse(c, x, y, r, r * 0.3)
            c.set_source_rgba(*col, a * (1 - u))
            c.stroke()
        c.restore()


def wet_reflection(c, x, y, w, col, a, length=120):
    """A light smeared down a wet road: a tall soft ellipse hanging from y."""
    g = cairo.RadialGradient(0, 0, 0, 0, 0, 1)
    g.add_color_stop_rgba(0, *col, a)
    g.add_color_stop_rgba(0.5, *col, a * 0.4)
    g.add_color_stop_rgba(1, *col, 0)
    c.save()
    c.set_operator(cairo.OPERATOR_ADD)
    c.translate(x, y)
    c.scale(w / 2, length)
    c.set_source(g)
    c.rectangle(-1, 0, 2, 1)
    c.fill()
    c.restore()


def talk_env(t, spans, seed=0.0):
    """How open a speaker's mouth is at t (0..1): syllables inside the spans, else 0.

    Works on a number or a numpy array, so the mouth on screen and the voice in the sound bed
    follow the same curve.
    """
    t = np.asarray(t, dtype=float)
    on = np.zeros_like(t)
    for a, b in spans:
        on = np.maximum(on, np.clip(np.minimum((t - a) / 0.06, (b - t) / 0.08), 0, 1))
    syl = 0.5 + 0.5 * np.sin(TAU * 4.1 * t + seed)
    syl2 = 0.5 + 0.5 * np.sin(TAU * 2.3 * t + 1.7 * seed)
    gap = np.clip(1.4 * np.sin(TAU * 0.55 * t + seed * 0.3) + 1.0, 0, 1)
    env = np.clip(0.85 * syl + 0.45 * syl2 - 0.25, 0, 1) * gap * on
    return float(env) if env.ndim == 0 else env


# ---------------------------------------------------------------------------------------------
# People and things


SKIN = {"a": hexrgb("#e0b08c"), "b": hexrgb("#c99472"), "c": hexrgb("#f0c6a4"), "d": hexrgb("#b98062")}


def face(c, x, y, s, t, skin="a", hair="#1c1714", style="short", shirt="#1f2b45", collar=None,
         cap=False, talk=0.0, look=0.0, smile=0.0, blink_seed=0, light=(1.0, 0.95, 0.9), light_side=1,
         tilt=0.0):
    """A head and shoulders facing the camera, head centre at (x, y), about 116*s px tall."""
    sk = SKIN[skin]
    shade = mix(sk, (0.15, 0.08, 0.08), 0.45)
    c.save()
    c.translate(x, y)
    c.scale(s, s)
    # Shoulders and chest.
    c.move_to(-190, 360)
    c.curve_to(-185, 170, -140, 106, -48, 90)
    c.line_to(48, 90)
    c.curve_to(140, 106, 185, 170, 190, 360)
    c.close_path()
    sh = hexrgb(shirt)
    c.set_source(lin(0, 90, 0, 360, [(0, mix(sh, (1, 1, 1), 0.08)), (1, mix(sh, (0, 0, 0), 0.4))]))
    c.fill()
    if collar:
        col = hexrgb(collar)
        poly(c, [(-40, 86), (0, 128), (-14, 154), (-58, 106)])
        fill(c, col)
        poly(c, [(40, 86), (0, 128), (14, 154), (58, 106)])
        fill(c, col)
    if style == "long":
        ellipse(c, 0, 30, 64, 96)
        fill(c, hexrgb(hair))
    # Neck.
    c.rectangle(-22, 40, 44, 56)
    c.set_source(lin(0, 40, 0, 96, [(0, mix(sk, shade, 0.8)), (1, mix(sk, shade, 0.3))]))
    c.fill()
    c.rotate(tilt)
    # Ears, head.
    for ex in (-47, 47):
        ellipse(c, ex, 4, 9, 15)
        fill(c, mix(sk, shade, 0.3))
    ellipse(c, 0, 0, 46, 58)
    g = cairo.RadialGradient(22 * light_side, -18, 8, 0, 0, 70)
    g.add_color_stop_rgb(0, *mix(sk, light, 0.25))
    g.add_color_stop_rgb(0.6, *sk)
    g.add_color_stop_rgb(1, *shade)
    c.set_source(g)
    c.fill()
    hc = hexrgb(hair)
    # Hair or cap.
    if cap:
        c.move_to(-50, -26)
        c.curve_to(-56, -70, -30, -88, 0, -90)
        c.curve_to(30, -88, 56, -70, 50, -26)
        c.close_path()
        fill(c, hexrgb("#1a2440"))
        c.rectangle(-50, -36, 100, 12)
        fill(c, hexrgb("#0d1326"))
        ellipse(c, 0, -24, 54, 9)
        c.set_source(lin(0, -30, 0, -16, [(0, hexrgb("#22283a")), (1, hexrgb("#05070d"))]))
        c.fill()
        # Cap badge.
        c.move_to(0, -66)
        for k in range(1, 10):
            r = 9 if k % 2 == 0 else 4
            a = -math.pi / 2 + k * math.pi / 5
            c.line_to(r * math.cos(a), -57 + r * math.sin(a))
        c.close_path()
        fill(c, hexrgb("#e4b64a"))
    elif style == "bald":
        ellipse(c, -38, -10, 10, 22)
        fill(c, hc)
        ellipse(c, 38, -10, 10, 22)
        fill(c, hc)
    elif style == "hat":  # a cook's paper hat
        c.rectangle(-44, -86, 88, 44)
        fill(c, hexrgb("#eeeeea"))
        c.rectangle(-46, -48, 92, 10)
        fill(c, hexrgb("#d8d8d2"))
    else:
        c.move_to(-48, 0)
        c.curve_to(-56, -50, -30, -70, 0, -68)
        c.curve_to(36, -70, 58, -46, 48, 0)
        c.curve_to(44, -26, 30, -40, 8, -40)
        c.curve_to(-10, -34, -34, -36, -44, -14)
        c.close_path()
        fill(c, hc)
        if style == "long":
            c.move_to(-46, -10)
            c.curve_to(-60, 40, -52, 80, -40, 96)
            c.line_to(-30, 30)
            c.close_path()
            fill(c, hc)
            c.move_to(46, -10)
            c.curve_to(60, 40, 52, 80, 40, 96)
            c.line_to(30, 30)
            c.close_path()
            fill(c, hc)
    # Brows, eyes (a blink now and then), nose, mouth.
    blink = ((t + blink_seed * 0.37) % 3.7) < 0.12
    c.set_line_cap(cairo.LINE_CAP_ROUND)
    for sx in (-1, 1):
        c.set_line_width(4)
        c.move_to(sx * 10, -19 - (2 if sx == 1 else 0) * smile)
        c.curve_to(sx * 18, -24, sx * 26, -23, sx * 32, -19)
        c.set_source_rgb(*mix(hc, (0, 0, 0), 0.2))
        c.stroke()
        ex = sx * 19
        if blink:
            c.set_line_width(2)
            c.move_to(ex - 8, -6)
            c.line_to(ex + 8, -6)
            c.set_source_rgb(*shade)
            c.stroke()
        else:
            ellipse(c, ex, -6, 9, 5.5)
            fill(c, (0.95, 0.93, 0.9))
            c.arc(ex + look * 4, -6, 4.2, 0, TAU)
            fill(c, (0.17, 0.1, 0.07))
            c.arc(ex + look * 4 + 1.3, -7.5, 1.2, 0, TAU)
            fill(c, (1, 1, 1), 0.8)
    c.set_line_width(2.5)
    c.move_to(2, -2)
    c.curve_to(5, 10, 8, 16, 1, 19)
    c.set_source_rgba(*shade, 0.8)
    c.stroke()
    mo = 1.5 + 9 * talk
    ellipse(c, 0, 33 + mo * 0.3, 13 + 3 * smile, mo)
    fill(c, (0.35, 0.1, 0.1))
    if smile > 0 and talk < 0.2:
        c.set_line_width(2.5)
        c.move_to(-15, 30)
        c.curve_to(-6, 36 + 4 * smile, 6, 36 + 4 * smile, 15, 30)
        c.set_source_rgb(0.45, 0.15, 0.15)
        c.stroke()
    c.restore()


def silhouette(c, x, y, s, col, a=1.0, style="short", profile=0):
    """A person's dark shape (head centre at x, y), for backlit shots."""
    c.save()
    c.translate(x, y)
    c.scale(s, s)
    c.move_to(-150, 400)
    c.curve_to(-150, 200, -110, 130, -40, 118)
    c.line_to(40, 118)
    c.curve_to(110, 130, 150, 200, 150, 400)
    c.close_path()
    c.rectangle(-20, 40, 40, 90)
    ellipse(c, profile * 6, 0, 44, 56)
    if profile:
        ellipse(c, profile * 44, 12, 10, 14)  # nose and chin side
    if style == "long":
        ellipse(c, 0, 30, 56, 90)
    if style == "cap":
        ellipse(c, 0, -38, 52, 22)
        ellipse(c, profile * 30 + 10, -26, 50, 8)
    c.set_source_rgba(*col, a)
    c.fill()
    c.restore()


def phone(c, x, y, w, h, screen, t, angle=0.0, squash=1.0, body="#101218"):
    """A phone centred at (x, y); screen(c, w, h, t) draws its screen in 0..w, 0..h."""
    c.save()
    c.translate(x, y)
    c.rotate(angle)
    c.scale(1, squash)
    rrect(c, -w / 2 - 6, -h / 2 - 6, w + 12, h + 12, 18)
    fill(c, hexrgb(body))
    c.save()
    rrect(c, -w / 2, -h / 2, w, h, 12)
    c.clip()
    c.translate(-w / 2, -h / 2)
    screen(c, w, h, t)
    c.restore()
    c.restore()


def call_screen(level=1.0, ring=True, answered=False):
    """An incoming-call screen: caller circle, green and red buttons (no words)."""
    def draw(c, w, h, t):
        c.set_source(lin(0, 0, 0, h, [(0, mix((0.02, 0.03, 0.06), (0.16, 0.24, 0.42), level)),
                                      (1, mix((0.01, 0.01, 0.02), (0.05, 0.08, 0.16), level))]))
        c.paint()
        if level <= 0.01:
            return
        r = w * 0.2
        c.arc(w / 2, h * 0.3, r, 0, TAU)
        fill(c, (0.55, 0.6, 0.7), level)
        c.arc(w / 2, h * 0.27, r * 0.4, 0, TAU)
        fill(c, (0.85, 0.88, 0.92), level)
        ellipse(c, w / 2, h * 0.3 + r * 0.72, r * 0.7, r * 0.45)
        fill(c, (0.85, 0.88, 0.92), level)
        if ring:
            k = (t * 1.2) % 1.0
            c.arc(w / 2, h * 0.3, r * (1 + 0.6 * k), 0, TAU)
            c.set_line_width(2)
            c.set_source_rgba(0.7, 0.85, 1, level * (1 - k))
            c.stroke()
        for bx, col in ((0.28, (0.9, 0.22, 0.2)), (0.72, (0.2, 0.8, 0.35))):
            if answered and bx > 0.5:
                continue
            cx = w * (0.5 if answered else bx)
            c.arc(cx, h * 0.82, w * 0.1, 0, TAU)
            fill(c, col, level)
        for i in range(2):  # a line of text, drawn as soft bars, not letters
            rrect(c, w * (0.3 + 0.08 * i), h * (0.47 + 0.05 * i), w * (0.4 - 0.16 * i), h * 0.022, 3)
            fill(c, (0.9, 0.92, 0.96), 0.55 * level)
    return draw


def clock(c, x, y, r, t, t0=0.0):
    """A wall clock whose second hand ticks once a second."""
    c.arc(x, y, r + 4, 0, TAU)
    fill(c, (0.1, 0.09, 0.09))
    c.arc(x, y, r, 0, TAU)
    fill(c, (0.78, 0.76, 0.7))
    c.set_line_cap(cairo.LINE_CAP_ROUND)
    for i in range(12):
        a = i * TAU / 12
        c.move_to(x + r * 0.82 * math.cos(a), y + r * 0.82 * math.sin(a))
        c.line_to(x + r * 0.94 * math.cos(a), y + r * 0.94 * math.sin(a))
    c.set_line_width(2)
    c.set_source_rgb(0.15, 0.14, 0.14)
    c.stroke()
    sec = math.floor(t + t0 + 1e-6)
    mins = 52 + (t0 + t) / 60
    for frac, length, width in ((((11 + mins / 60) / 12), 0.5, 4), (mins / 60, 0.75, 3), (sec / 60, 0.85, 1.2)):
        a = frac * TAU - math.pi / 2
        c.move_to(x, y)
        c.line_to(x + r * length * math.cos(a), y + r * length * math.sin(a))
        c.set_line_width(width)
        c.set_source_rgb(*((0.7, 0.1, 0.1) if width < 2 else (0.1, 0.1, 0.1)))
        c.stroke()


def car(c, x, y, s, body="#e8ecf0", stripe="#1d4fa8", lights=None, t=0.0, facing=1, head=True):
    """A patrol car side-on, wheels on y. lights: flash phase or None."""
    c.save()
    c.translate(x, y)
    c.scale(s * facing, s)
    bc = hexrgb(body)
    c.move_to(-110, -18)
    c.curve_to(-112, -40, -100, -44, -80, -46)
    c.line_to(-50, -48)
    c.curve_to(-36, -72, -20, -76, 10, -76)
    c.line_to(40, -76)
    c.curve_to(60, -74, 72, -56, 84, -48)
    c.curve_to(104, -46, 112, -38, 112, -18)
    c.close_path()
    c.set_source(lin(0, -76, 0, -18, [(0, mix(bc, (1, 1, 1), 0.1)), (1, mix(bc, (0, 0, 0), 0.35))]))
    c.fill()
    c.rectangle(-110, -36, 222, 7)
    fill(c, hexrgb(stripe))
    poly(c, [(-40, -50), (-26, -70), (2, -71), (2, -50)])
    poly(c, [(10, -50), (10, -71), (38, -71), (64, -50)])
    fill(c, (0.08, 0.1, 0.14))
    for wx in (-68, 68):
        c.arc(wx, -16, 17, 0, TAU)
        fill(c, (0.04, 0.04, 0.05))
        c.arc(wx, -16, 8, 0, TAU)
        fill(c, (0.5, 0.52, 0.55))
    if head:
        glow(c, 112, -36, 40, (1.0, 0.95, 0.8), 0.7)
    glow(c, -110, -36, 18, (1.0, 0.1, 0.05), 0.6)
    if lights is not None:
        on_red = (lights * 2) % 1.0 < 0.5
        c.rectangle(-18, -84, 18, 8)
        fill(c, (1, 0.15, 0.1) if on_red else (0.35, 0.05, 0.05))
        c.rectangle(0, -84, 18, 8)
        fill(c, (0.1, 0.3, 1) if not on_red else (0.05, 0.08, 0.3))
        glow(c, -9 if on_red else 9, -80, 70, (1, 0.1, 0.05) if on_red else (0.15, 0.3, 1), 0.9)
    c.restore()


def birds(c, t, flock, col=(0.08, 0.06, 0.08)):
    """A few birds flapping across: flock rows of (x0, y0, vx, size, phase)."""
    c.save()
    c.set_line_width(1.6)
    c.set_line_cap(cairo.LINE_CAP_ROUND)
    for x0, y0, vx, sz, ph in flock:
        x = x0 + vx * t
        y = y0 + 6 * math.sin(0.8 * t + ph)
        f = math.sin(TAU * 3.2 * t + ph)
        c.move_to(x - sz, y - f * sz * 0.6)
        c.curve_to(x - sz * 0.5, y - sz * 0.3, x - 2, y - 2, x, y)
        c.curve_to(x + 2, y - 2, x + sz * 0.5, y - sz * 0.3, x + sz, y - f * sz * 0.6)
    c.set_source_rgb(*col)
    c.stroke()
    c.restore()


def skyline(c, rng_vals, base, col, lit=None, lit_a=0.0, seed_t=0.0, height=(60, 200)):
    """Buildings along `base`; rng_vals is a fixed array of (w, h) pairs; lit windows optional."""
    x = -60
    i = 0
    while x < W + 60:
        bw = 30 + rng_vals[i % len(rng_vals)][0] * 50
        bh = height[0] + rng_vals[i % len(rng_vals)][1] * (height[1] - height[0])
        c.rectangle(x, base - bh, bw + 1, bh + 400)
        c.set_source_rgb(*col)
        c.fill()
        if lit is not None and lit_a > 0:
            for wy in range(int(base - bh + 10), int(base - 6), 14):
                for wx in range(int(x + 5), int(x + bw - 6), 10):
                    h = (wx * 73856093 ^ wy * 19349663 ^ i * 83492791) & 0xffff
                    if h % 5 == 0:
                        c.rectangle(wx, wy, 5, 7)
                        c.set_source_rgba(*lit, lit_a * (0.5 + (h % 7) / 12))
                        c.fill()
        x += bw + 2
        i += 1


# ---------------------------------------------------------------------------------------------
# Sound: everything at 48 kHz mono, as float arrays in -1..1


def secs(n):
    return np.arange(n) / SR


def shaped_noise(rng, n, lo, hi, tilt=0.0):
    """White noise kept between lo and hi Hz (soft edges), tilted by f**-tilt: rain, rumble, hiss."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SR)
    g = np.clip((f - lo * 0.7) / (lo * 0.3 + 1e-9), 0, 1) * np.clip((hi * 1.3 - f) / (hi * 0.3), 0, 1)
    g = g * (np.maximum(f, 20) / 1000.0) ** (-tilt)
    out = np.fft.irfft(spec * g, n)
    return out / (np.sqrt(np.mean(out ** 2)) + 1e-12)


def band(x, lo, hi):
    """x filtered to lo..hi Hz (FFT, soft edges): a phone line, a wall between."""
    spec = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / SR)
    g = np.clip((f - lo * 0.7) / (lo * 0.3 + 1e-9), 0, 1) * np.clip((hi * 1.3 - f) / (hi * 0.3), 0, 1)
    return np.fft.irfft(spec * g, len(x))


def reverb(x, rng, rt=0.5, mix_=0.25):
    """A room: x convolved with a decaying noise tail."""
    n = int(rt * SR)
    ir = rng.standard_normal(n) * np.exp(-6.9 * secs(n) / rt)
    ir = band(ir, 200, 6000)
    ir /= np.sqrt(np.sum(ir ** 2)) + 1e-12
    m = len(x) + n
    wet = np.fft.irfft(np.fft.rfft(x, m) * np.fft.rfft(ir, m), m)[:len(x)]
    return x * (1 - mix_) + wet * mix_ * 2.0


def place(buf, sig, t0, gain=1.0):
    """Adds sig into buf from t0 seconds (cut at the end)."""
    i = int(round(t0 * SR))
    if i >= len(buf) or i + len(sig) <= 0:
        return
    s0 = max(0, -i)
    j = min(len(buf), i + len(sig))
    buf[max(i, 0):j] += gain * sig[s0:s0 + j - max(i, 0)]


def tone(f, dur, decay=6.0, partials=((1, 1.0),), attack=0.004):
    """A struck tone: sine partials (ratio, level) with an exponential decay."""
    n = int(dur * SR)
    tt = secs(n)
    out = np.zeros(n)
    for ratio, lvl in partials:
        out += lvl * np.sin(TAU * f * ratio * tt) * np.exp(-decay * ratio ** 0.5 * tt)
    return out * np.clip(tt / attack, 0, 1)


def marimba_ring(dur, start=0.0, stop=None, level=0.5):
    """A phone's ringtone: a six-note marimba figure every two seconds."""
    buf = np.zeros(int(dur * SR))
    notes = [659.3, 784.0, 1046.5, 784.0, 880.0, 1046.5]
    stop = dur if stop is None else stop
    t = start
    while t < stop:
        for k, f in enumerate(notes):
            if t + k * 0.13 < stop:
                place(buf, tone(f, 0.5, 9, ((1, 1.0), (3.9, 0.25), (9.2, 0.05))), t + k * 0.13, level)
        t += 2.0
    return buf


def buzz(dur, on, level=0.3, f=165):
    """A phone vibrating on a hard surface: bursts of a rough low tone."""
    tt = secs(int(dur * SR))
    sig = np.sign(np.sin(TAU * f * tt)) * 0.5 + np.sin(TAU * 2 * f * tt) * 0.3
    env = np.zeros_like(tt)
    for a, b in on:
        env = np.maximum(env, np.clip(np.minimum((tt - a) / 0.02, (b - tt) / 0.02), 0, 1))
    return band(sig * env, 80, 2500) * level


def knock(rng, level=1.0):
    """One knuckle on a wooden door."""
    n = int(0.35 * SR)
    tt = secs(n)
    body = np.sin(TAU * 105 * tt) * np.exp(-22 * tt) + 0.6 * np.sin(TAU * 176 * tt) * np.exp(-35 * tt)
    click = band(rng.standard_normal(n), 300, 3000) * np.exp(-90 * tt) * 0.35
    return (body + click) * level


def siren(dur, period=3.2, lo=650, hi=1250, phase=0.0, yelp=False):
    """A wailing (or yelping) siren."""
    tt = secs(int(dur * SR))
    p = period / 6 if yelp else period
    sweep = 0.5 - 0.5 * np.cos(TAU * (tt / p + phase))
    f = lo + (hi - lo) * sweep
    ph = TAU * np.cumsum(f) / SR
    return np.sin(ph) + 0.35 * np.sin(2 * ph) + 0.15 * np.sin(3 * ph)


def engine(rng, dur, f0=34.0, wobble=0.04, rumble=0.6):
    """A diesel idling or cruising: low harmonics with a slow wobble, plus road rumble."""
    n = int(dur * SR)
    tt = secs(n)
    f = f0 * (1 + wobble * np.sin(TAU * 0.23 * tt) + 0.5 * wobble * np.sin(TAU * 0.71 * tt))
    ph = TAU * np.cumsum(f) / SR
    out = np.zeros(n)
    for k in range(1, 14):
        out += np.sin(k * ph + k * 1.3) / k ** 1.1
    out *= 1 + 0.25 * np.sin(ph * 0.5)
    out = out / np.sqrt(np.mean(out ** 2)) * 0.6
    return out + rumble * shaped_noise(rng, n, 30, 900, tilt=1.0)


def chirps(rng, dur, rate=1.6, level=0.25, lo=2800, hi=5200):
    """Birdsong: phrases of short rising or falling whistles at random times."""
    buf = np.zeros(int(dur * SR))
    t = rng.uniform(0, 0.6)
    while t < dur:
        f0 = rng.uniform(lo, hi)
        for k in range(int(rng.integers(2, 6))):
            d = rng.uniform(0.04, 0.11)
            n = int(d * SR)
            tt = secs(n)
            sweep = f0 * (1 + rng.uniform(-0.35, 0.35) * tt / d)
            sig = np.sin(TAU * np.cumsum(sweep) / SR) * np.sin(math.pi * tt / d) ** 2
            place(buf, sig, t + k * rng.uniform(0.08, 0.15), level * rng.uniform(0.4, 1.0))
        t += rng.exponential(1 / rate) + 0.3
    return buf


def rain(rng, dur, level=0.3, inside=False):
    """Rain: hiss plus drops; from inside, duller."""
    n = int(dur * SR)
    hiss = shaped_noise(rng, n, 300, 4000 if inside else 9000, tilt=0.3)
    drops = np.zeros(n)
    for t in rng.uniform(0, dur, int(dur * (25 if inside else 60))):
        m = int(0.01 * SR)
        place(drops, rng.standard_normal(m) * np.exp(-np.arange(m) / (0.002 * SR)), t, rng.uniform(0.3, 1.0))
    drops = band(drops, 800, 4000 if inside else 8000)
    mod = 1 + 0.15 * np.sin(TAU * 0.3 * secs(n))
    return level * (hiss * mod * 0.8 + drops * 1.5)


def room(rng, dur, level=0.04):
    """Room tone: a little air and mains hum."""
    n = int(dur * SR)
    tt = secs(n)
    return level * (shaped_noise(rng, n, 40, 600, tilt=1.0) + 0.3 * np.sin(TAU * 50 * tt) + 0.2 * np.sin(TAU * 100 * tt))


def city(rng, dur, level=0.08):
    """A city at night, far off: low roar and a car passing now and then."""
    n = int(dur * SR)
    base = shaped_noise(rng, n, 40, 1200, tilt=1.2)
    tt = secs(n)
    swell = np.zeros(n)
    for t in rng.uniform(-1, dur, max(1, int(dur / 3))):
        swell += np.exp(-((tt - t) / 0.9) ** 2)
    car_ = shaped_noise(rng, n, 150, 2500, tilt=0.5) * swell
    return level * (base + 0.8 * car_)


VOICES = {
    # pitch Hz, formants, band (the phone line or the room), level
    "you": (175, (650, 1150, 2600), (90, 7000), 0.22),
    "phone": (118, (600, 1100, 2500), (320, 3300), 0.2),
    "officer": (108, (560, 1050, 2450), (320, 3300), 0.22),
    "police": (128, (620, 1180, 2600), (320, 3300), 0.2),
    "courier": (135, (640, 1150, 2550), (150, 5000), 0.2),
    "anchor": (195, (700, 1250, 2800), (200, 6000), 0.16),
    "parents": (150, (640, 1200, 2650), (320, 3300), 0.2),
    "passenger": (140, (600, 1150, 2500), (100, 6500), 0.2),
    "cook": (98, (550, 1000, 2400), (100, 6500), 0.22),
}


def voice(rng, dur, spans, who, seed):
    """A muffled voice saying something, its syllables following talk_env (the mouth on screen)."""
    f0, formants, (lo, hi), level = VOICES[who]
    n = int(dur * SR)
    tt = secs(n)
    env = talk_env(tt, spans, seed)
    f = f0 * (1 + 0.09 * np.sin(TAU * 0.8 * tt + seed) + 0.12 * env)
    ph = np.cumsum(f) / SR
    src = 2 * (ph % 1.0) - 1 + 0.15 * rng.standard_normal(n)
    out = np.zeros(n)
    for k, fm in enumerate(formants):
        w = 0.5 + 0.5 * np.sin(TAU * (1.9 + 0.7 * k) * tt + seed * (k + 1))  # vowels change
        out += band(src, fm * 0.8, fm * 1.2) * (w if k < 2 else 0.4) / (k + 1)
    out = band(out * env, lo, hi)
    return level * out / (np.sqrt(np.mean(out[env > 0.1] ** 2)) + 1e-9 if np.any(env > 0.1) else 1.0)


def finish(x):
    """Level and soften the bed's ends (segments follow one another, so no long fades)."""
    peak = np.max(np.abs(x)) + 1e-12
    x = x * min(1.0, 0.89 / peak)
    n = len(x)
    e = int(0.03 * SR)
    x[:e] *= np.linspace(0, 1, e)
    x[n - e:] *= np.linspace(1, 0, e)
    return x


# ---------------------------------------------------------------------------------------------
# Scenes. Each is an object made once per clip (its random layout fixed by the clip's seed) whose
# draw(c, t) paints the frame at t seconds on a 360x640 context.


def pixelate(c, draw, t, factor):
    """Draws the frame small and blows it up: a video call breaking up."""
    w, h = max(1, W // factor), max(1, H // factor)
    small = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
    sc = cairo.Context(small)
    sc.scale(w / W, h / H)
    draw(sc, t)
    c.save()
    c.identity_matrix()
    c.scale(W / w, H / h)
    c.set_source_surface(small, 0, 0)
    c.get_source().set_filter(cairo.FILTER_NEAREST)
    c.paint()
    c.restore()


BUZZ_EVERY = 1.0


def buzz_spans(dur, start=0.0, stop=None):
    """When a vibrating phone buzzes (video jitter and sound use the same spans)."""
    stop = dur if stop is None else stop
    out, t = [], start
    while t < stop:
        out.append((t, min(t + 0.45, stop)))
        t += BUZZ_EVERY
    return out


def in_spans(t, spans):
    return any(a <= t < b for a, b in spans)


class Bedroom:
    """A dark bedroom, moonlight through the blinds, a phone on the bedside table."""

    def __init__(self, rng, dur, variant):
        self.v, self.dur = variant, dur
        self.bokeh = [(rng.uniform(40, 165), rng.uniform(80, 290), rng.uniform(2, 6), rng.uniform(0.2, 0.6)) for _ in range(14)]
        if variant == "ring":
            self.cam = Camera(dur, (1.0, 1.5), ((180, 340), (205, 455)), shake=0.5, seed=1)
            self.buzz = buzz_spans(dur)
        elif variant == "answer":
            self.cam = Camera(dur, (1.05, 1.18), ((180, 330), (190, 300)), shake=0.8, seed=2)
            self.buzz = []
        else:
            self.cam = Camera(dur, (1.7, 1.85), ((205, 460), (205, 455)), shake=0.4, seed=3)
            self.buzz = buzz_spans(dur, 0, 2.4) + buzz_spans(dur, 2.7, 3.1)

    def room(self, c, t, lamp=0.0):
        vpaint(c, [(0, hexrgb("#0a0f1f")), (0.6, hexrgb("#111a30")), (1, hexrgb("#0b0f1a"))])
        # Window: night sky, far windows out of focus, the blinds.
        c.rectangle(30, 70, 140, 230)
        c.set_source(lin(0, 70, 0, 300, [(0, hexrgb("#0d1a3a")), (1, hexrgb("#1d2a4a"))]))
        c.fill()
        c.save()
        c.rectangle(30, 70, 140, 230)
        c.clip()
        for x, y, r, a in self.bokeh:
            glow(c, x, y, r * 3, (1.0, 0.78, 0.45), a * 0.5)
        c.arc(140, 110, 14, 0, TAU)
        fill(c, (0.85, 0.88, 0.95), 0.85)
        glow(c, 140, 110, 60, (0.6, 0.7, 0.9), 0.25)
        for y in range(72, 300, 12):
            c.rectangle(30, y, 140, 6)
        fill(c, hexrgb("#0a1020"), 0.85)
        c.restore()
        c.rectangle(24, 64, 152, 242)
        c.set_line_width(6)
        c.set_source_rgb(*hexrgb("#070a14"))
        c.stroke()
        # Moonlight through the blinds, across the wall.
        c.save()
        c.set_operator(cairo.OPERATOR_ADD)
        for k in range(9):
            y = 150 + k * 20
            poly(c, [(190, y), (380, y + 60), (380, y + 70), (190, y + 8)])
        c.set_source_rgba(0.25, 0.32, 0.5, 0.18)
        c.fill()
        # A car passing below sweeps its lights over the ceiling.
        if self.v != "missed":
            u = (t - 1.2) / 2.4
            if 0 < u < 1:
                x = -200 + 760 * u
                poly(c, [(x, 0), (x + 90, 0), (x + 40, 200), (x - 30, 200)])
                c.set_source_rgba(0.9, 0.8, 0.6, 0.08 * math.sin(math.pi * u))
                c.fill()
        c.restore()
        # Bedside table, a lamp (off), a glass of water.
        poly(c, [(-40, 445), (400, 425), (400, 480), (-40, 505)])
        c.set_source(lin(0, 425, 0, 505, [(0, hexrgb("#3a2a22")), (1, hexrgb("#1e1612"))]))
        c.fill()
        poly(c, [(-40, 505), (400, 480), (400, 700), (-40, 700)])
        fill(c, hexrgb("#120d0b"))
        poly(c, [(40, 440), (52, 330), (98, 330), (110, 438)])
        fill(c, hexrgb("#1a1d2a"))
        c.rectangle(70, 330, 10, -40)
        fill(c, hexrgb("#151722"))
        rrect(c, 290, 380, 30, 52, 4)
        fill(c, (0.5, 0.6, 0.8), 0.18)
        c.rectangle(296, 384, 3, 44)
        fill(c, (0.8, 0.9, 1.0), 0.25)

    def draw(self, c, t):
        v = self.v
        self.cam.apply(c, t)
        self.room(c, t)
        if v == "answer":
            self.sitter(c, t)
            return self.post(c, t)
        ringing = t < 2.4 if v == "missed" else True
        level = 1.0 if ringing else (0.08 if t < 2.7 else 1.0)
        jit = 1.4 * math.sin(TAU * 31 * t) if in_spans(t, self.buzz) else 0.0
        screen = call_screen(level=level) if ringing else self.message_screen(t)
        pul = 0.5 + 0.5 * math.sin(TAU * 1.0 * t)
        glow(c, 210, 455, 190, (0.45, 0.6, 1.0), 0.22 * level + 0.06 * pul * level)
        glow(c, 210, 300, 260, (0.35, 0.45, 0.8), 0.06 * level)
        phone(c, 210 + jit, 458, 70, 140, screen, t, angle=-0.35, squash=0.42)
        if v == "ring":
            self.hand(c, t)
        self.post(c, t)

    def message_screen(self, t):
        def draw(c, w, h, tt):
            c.set_source(lin(0, 0, 0, h, [(0, hexrgb("#1a2a48")), (1, hexrgb("#0a1224"))]))
            c.paint()
            y = -40 + 52 * ramp(tt, 2.75, 3.05)
            rrect(c, 6, y, w - 12, 36, 8)
            fill(c, (0.93, 0.94, 0.97))
            c.arc(18, y + 18, 7, 0, TAU)
            fill(c, (0.9, 0.2, 0.2))
            rrect(c, 30, y + 10, w - 46, 5, 2)
            rrect(c, 30, y + 20, w - 60, 5, 2)
            fill(c, (0.4, 0.42, 0.5))
        return draw

    def hand(self, c, t):
        u = ramp(t, 3.4, 5.0)
        if u <= 0:
            return
        x = mix(430, 268, u)
        y = mix(640, 500, u)
        c.save()
        c.translate(x, y)
        c.rotate(-0.75)
        rrect(c, -26, -10, 52, 220, 24)
        ellipse(c, 0, -10, 30, 26)
        for k in range(4):
            rrect(c, -24 + k * 13, -58 + abs(k - 1.5) * 6, 11, 46, 5)
        c.set_source(lin(-30, 0, 30, 0, [(0, hexrgb("#6a7690")), (0.35, hexrgb("#2a2430")), (1, hexrgb("#120e10"))]))
        c.fill()
        c.restore()

    def sitter(self, c, t):
        # Someone sat up in bed, phone to the ear, lit by its screen.
        breathe = 2 * math.sin(TAU * 0.25 * t)
        c.save()
        c.translate(0, breathe)
        for dx, col in ((0, (0.35, 0.45, 0.75)), (3, (0.03, 0.035, 0.06))):
            c.save()
            c.translate(dx, 0)
            silhouette(c, 206, 286, 1.15, col, 1.0, style="long", profile=-1)
            c.move_to(130, 470)
            c.curve_to(90, 440, 110, 360, 160, 318)
            c.set_line_width(34)
            c.set_line_cap(cairo.LINE_CAP_ROUND)
            c.set_source_rgb(*col)
            c.stroke()
            c.restore()
        c.restore()
        glow(c, 168, 300 + breathe, 90, (0.45, 0.6, 1.0), 0.35)
        c.save()
        c.translate(166, 300 + breathe)
        c.rotate(-0.25)
        rrect(c, -9, -34, 18, 68, 5)
        fill(c, hexrgb("#0c0e14"))
        rrect(c, -7, -30, 4, 60, 2)
        fill(c, (0.55, 0.7, 1.0), 0.8)
        c.restore()
        # Duvet in the foreground.
        c.move_to(-40, 560)
        c.curve_to(80, 520, 200, 540, 400, 500)
        c.line_to(400, 700)
        c.line_to(-40, 700)
        c.close_path()
        c.set_source(lin(0, 500, 0, 640, [(0, hexrgb("#2a3350")), (1, hexrgb("#0c0f18"))]))
        c.fill()

    def post(self, c, t):
        vignette(c, 0.9)
        grade(c, (0.2, 0.35, 0.7), 0.25)


OFFICE_BG = "office"


class VideoCall:
    """The screen of a video call: the caller fills it; you in a small window top left."""

    def __init__(self, rng, dur, variant, spans):
        self.v, self.dur, self.spans = variant, dur, spans
        self.qr = rng.integers(0, 2, (13, 13))
        self.cam = Camera(dur, (1.0, 1.08), ((180, 330), (180, 310)), shake=0.35, seed=4)

    def remote(self, c, t):
        v = self.v
        if v == "parents":
            self.kitchen(c, t)
            u = talk_env(t, self.spans.get("parents", []), 1.0)
            nod = 0.05 * math.sin(TAU * 0.9 * t) if t < 4.3 else 0.0
            face(c, 112, 340, 0.95, t, skin="c", hair="#9a9590", style="long", shirt="#7a4a5a",
                 talk=u, smile=0.6, tilt=nod, blink_seed=3, look=0.3)
            face(c, 252, 318, 1.02, t, skin="b", hair="#b8b4ae", style="bald", shirt="#3e5a48",
                 collar="#d8d2c0", talk=talk_env(t - 0.15, self.spans.get("parents", []), 2.0) * 0.7,
                 smile=0.5, tilt=-nod, blink_seed=7, look=-0.3)
            return
        self.office(c, t)
        who = self.spans.get("officer", [])
        talk = talk_env(t, who, 3.0)
        look, smile = 0.0, 0.0
        if v == "id":
            smile = 0.5
        if v == "badge" and t > 4.4:
            look = -0.9
        if v == "silence":
            look = -1.0 * ramp(t, 2.6, 3.0)
        lean = 1.0 + (0.04 * ramp(t, 2.0, 4.0) if v == "id" else 0.0)
        face(c, 180, 318, 1.5 * lean, t, skin="a", hair="#15110e", style="short", shirt="#1b2740",
             collar="#8fb0d8", cap=True, talk=talk, look=look, smile=smile, blink_seed=1)
        # Shoulder boards and a chest badge.
        for sx in (-1, 1):
            poly(c, [(180 + sx * 120, 472), (180 + sx * 200, 497), (180 + sx * 205, 515), (180 + sx * 122, 489)])
            fill(c, hexrgb("#0f1628"))
        c.move_to(90, 530)
        for k in range(1, 7):
            a = -math.pi / 2 + k * TAU / 6
            c.line_to(90 + 14 * math.cos(a), 544 + 14 * math.sin(a))
        c.close_path()
        fill(c, hexrgb("#d4a63e"))
        if v == "badge":
            self.badge(c, t)
        if v == "id":
            self.qr_card(c, t)

    def office(self, c, t):
        # A set made to look like a police office: too flat, too neat.
        vpaint(c, [(0, hexrgb("#2b4a7a")), (1, hexrgb("#16263f"))])
        c.rectangle(0, 0, 70, 460)
        fill(c, hexrgb("#a8242a"), 0.85)
        c.rectangle(8, 0, 6, 460)
        fill(c, hexrgb("#e2b84a"), 0.8)
        c.save()
        c.translate(285, 120)
        c.move_to(0, -62)
        c.curve_to(40, -52, 58, -50, 58, -50)
        c.curve_to(58, 10, 40, 44, 0, 66)
        c.curve_to(-40, 44, -58, 10, -58, -50)
        c.curve_to(-58, -50, -40, -52, 0, -62)
        c.close_path()
        fill(c, hexrgb("#d7ab40"))
        c.arc(0, 0, 30, 0, TAU)
        fill(c, hexrgb("#1d3566"))
        c.move_to(0, -24)
        for k in range(1, 10):
            r = 24 if k % 2 == 0 else 10
            a = -math.pi / 2 + k * math.pi / 5
            c.line_to(r * math.cos(a), r * math.sin(a))
        c.close_path()
        fill(c, hexrgb("#e9c55a"))
        c.restore()
        glow(c, 300, 60, 160, (1, 1, 1), 0.12)
        c.rectangle(0, 460, W, 200)
        fill(c, hexrgb("#3a2b22"))

    def kitchen(self, c, t):
        vpaint(c, [(0, hexrgb("#e8d8b8")), (1, hexrgb("#b89870"))])
        c.rectangle(200, 40, 140, 170)
        c.set_source(lin(0, 40, 0, 210, [(0, hexrgb("#fbf6e6")), (1, hexrgb("#e6eef0"))]))
        c.fill()
        c.rectangle(200, 40, 140, 170)
        c.set_line_width(8)
        c.set_source_rgb(*hexrgb("#f4efe4"))
        c.stroke()
        for x in range(-10, 190, 64):
            rrect(c, x, 20, 58, 150, 4)
            fill(c, hexrgb("#8a5a3a"))
            c.arc(x + 48, 150, 3, 0, TAU)
            fill(c, hexrgb("#d8c8a0"))
        ellipse(c, 320, 250, 40, 30)
        fill(c, hexrgb("#4a7a3a"))
        glow(c, 270, 120, 220, (1, 0.95, 0.8), 0.25)

    def badge(self, c, t):
        u = ramp(t, 1.3, 2.0) * (1 - ramp(t, 4.2, 4.8))
        if u <= 0:
            return
        x = 180 + 6 * math.sin(TAU * 0.7 * t)
        y = mix(720, 350, u) + 4 * math.sin(TAU * 1.1 * t)
        c.save()
        c.translate(x, y)
        c.rotate(0.06 * math.sin(TAU * 0.5 * t))
        rrect(c, -120, -150, 240, 300, 20)
        fill(c, hexrgb("#1b1510"))
        c.move_to(0, -120)
        c.curve_to(70, -100, 96, -96, 96, -96)
        c.curve_to(96, 20, 70, 90, 0, 130)
        c.curve_to(-70, 90, -96, 20, -96, -96)
        c.curve_to(-96, -96, -70, -100, 0, -120)
        c.close_path()
        c.set_source(lin(-96, -120, 96, 130, [(0, hexrgb("#f2d27a")), (0.5, hexrgb("#b8862e")), (1, hexrgb("#e8c060"))]))
        c.fill()
        c.move_to(0, -70)
        for k in range(1, 10):
            r = 52 if k % 2 == 0 else 22
            a = -math.pi / 2 + k * math.pi / 5
            c.line_to(r * math.cos(a), -20 + r * math.sin(a))
        c.close_path()
        fill(c, hexrgb("#fff0b0"), 0.9)
        rrect(c, -50, 52, 100, 26, 4)
        fill(c, hexrgb("#5a4018"))
        g = (t * 0.8) % 1.6 - 0.3
        c.move_to(-120 + 300 * g, -150)
        c.line_to(-60 + 300 * g, -150)
        c.line_to(-160 + 300 * g, 150)
        c.line_to(-220 + 300 * g, 150)
        c.close_path()
        c.set_operator(cairo.OPERATOR_ADD)
        c.set_source_rgba(1, 1, 0.9, 0.25)
        c.fill()
        c.restore()

    def qr_card(self, c, t):
        u = ramp(t, 5.0, 5.6)
        if u <= 0:
            return
        c.save()
        c.translate(180, mix(760, 420, u))
        c.rotate(-0.05)
        rrect(c, -95, -95, 190, 190, 8)
        fill(c, (0.96, 0.96, 0.94))
        m = 170 / 13
        for i in range(13):
            for j in range(13):
                corner = (i < 3 and j < 3) or (i > 9 and j < 3) or (i < 3 and j > 9)
                if corner or self.qr[i, j]:
                    c.rectangle(-85 + i * m, -85 + j * m, m + 0.5, m + 0.5)
        fill(c, (0.08, 0.08, 0.1))
        c.restore()

    def selfview(self, c, t):
        c.save()
        rrect(c, 16, 64, 86, 124, 10)
        c.clip()
        vpaint(c, [(0, hexrgb("#101628")), (1, hexrgb("#05070c"))])
        sx = 2 * math.sin(TAU * 0.4 * t)
        face(c, 59 + sx, 122, 0.38, t, skin="c", hair="#1a1210", style="long", shirt="#2a2a38",
             talk=talk_env(t, self.spans.get("you", []), 5.0), light=(0.6, 0.75, 1.0), blink_seed=5)
        c.restore()
        rrect(c, 16, 64, 86, 124, 10)
        c.set_line_width(1.5)
        c.set_source_rgba(1, 1, 1, 0.5)
        c.stroke()

    def id_card(self, c, t):
        u = 1 - ramp(t, 2.4, 3.2)
        if u <= 0:
            return
        c.save()
        c.translate(175, mix(760, 520, u))
        c.rotate(-0.12)
        rrect(c, -150, -95, 300, 190, 14)
        c.set_source(lin(-150, -95, 150, 95, [(0, hexrgb("#cfe0ee")), (1, hexrgb("#9fb8d0"))]))
        c.fill()
        rrect(c, 60, -60, 70, 90, 6)
        fill(c, hexrgb("#6d7f95"))
        ellipse(c, 95, -25, 18, 22)
        fill(c, hexrgb("#3d4a5a"))
        for k in range(4):
            rrect(c, -125, -60 + k * 24, 150 - k * 20, 8, 3)
            fill(c, hexrgb("#52627a"), 0.7)
        rrect(c, -125, 50, 220, 12, 3)
        fill(c, hexrgb("#3a4a62"), 0.8)
        c.restore()
        # Fingers holding it.
        for k in range(3):
            rrect(c, 300 + k * 6, 470 + k * 22 + (1 - u) * 240, 60, 18, 9)
        fill(c, hexrgb("#8a6a58"))

    def frame(self, c, t):
        c.save()
        self.cam.apply(c, t)
        self.remote(c, t)
        c.restore()

    def draw(self, c, t):
        v = self.v
        if v == "silence" and t >= 3.4:
            frozen = 3.4
            if t < 5.0:
                k = int(2 + 22 * ramp(t, 3.6, 4.9))
                pixelate(c, self.frame, frozen, k)
                c.set_source_rgba(0, 0, 0, ramp(t, 4.3, 5.0))
                c.paint()
            else:
                vpaint(c, [(0, hexrgb("#0b0d14")), (1, hexrgb("#040508"))])
                a = ramp(t, 5.0, 5.4)
                c.arc(180, 320, 34, 0, TAU)
                fill(c, (0.85, 0.18, 0.18), a)
                c.save()
                c.translate(180, 322)
                c.rotate(2.3)
                rrect(c, -18, -6, 36, 12, 6)
                fill(c, (1, 1, 1), a)
                c.restore()
        elif v == "li" and 4.0 <= t < 4.3:
            pixelate(c, self.frame, t, 10)
        else:
            self.frame(c, t)
        if v == "id":
            self.id_card(c, t)
        if not (v == "silence" and t >= 5.0):
            self.selfview(c, t)
            # The call's status: a green dot and a timer, as bars.
            c.arc(150, 40, 4, 0, TAU)
            fill(c, (0.3, 0.9, 0.4), 0.9)
            rrect(c, 160, 36, 50, 8, 4)
            fill(c, (1, 1, 1), 0.55)
        vignette(c, 0.35)


class Station:
    """A police station at night in the rain: the blue lamp over the door, one window lit."""

    def __init__(self, rng, dur, spans):
        self.dur, self.spans = dur, spans
        self.far = Rain(rng, 110, alpha=0.16, length=(8, 14), speed=(600, 800))
        self.near = Rain(rng, 55, alpha=0.3, length=(20, 34), width=1.3)
        self.splash = Splashes(rng, 26, (0, 480, W, 160))
        self.lit = rng.uniform(0, 1, (4, 4))
        self.cam = Camera(dur, (1.0, 1.28), ((180, 350), (150, 300)), shake=0.5, seed=6)

    def draw(self, c, t):
        c.save()
        self.cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#0b1222")), (1, hexrgb("#1a2233"))])
        c.rectangle(-60, 60, 480, 420)
        c.set_source(lin(0, 60, 0, 480, [(0, hexrgb("#26303f")), (1, hexrgb("#1a212c"))]))
        c.fill()
        c.rectangle(-60, 56, 480, 10)
        fill(c, hexrgb("#323d4e"))
        for i in range(4):
            for j in range(4):
                x, y = 22 + i * 84, 90 + j * 72
                if j == 3 and i in (1, 2):
                    continue
                warm = self.lit[i, j] > 0.45
                op = (i, j) == (0, 2)
                col = hexrgb("#f0c878") if warm or op else hexrgb("#1c2638")
                c.rectangle(x, y, 58, 44)
                fill(c, col, 0.95 if warm or op else 1.0)
                if op:  # the officer who answers: a silhouette at a desk, phone to the ear
                    nod = 1.5 * talk_env(t, self.spans.get("police", []), 2.0)
                    silhouette(c, x + 30, y + 22 + nod, 0.16, (0.12, 0.08, 0.06), profile=1)
                    c.rectangle(x + 40, y + 16 + nod, 4, 12)
                    fill(c, (0.1, 0.07, 0.05))
                if warm or op:
                    glow(c, x + 29, y + 22, 60, (1.0, 0.75, 0.4), 0.16)
                c.rectangle(x, y, 58, 44)
                c.set_line_width(3)
                c.set_source_rgb(*hexrgb("#11161f"))
                c.stroke()
        # Entrance, steps, the blue lamp.
        c.rectangle(128, 360, 104, 110)
        c.set_source(lin(0, 360, 0, 470, [(0, hexrgb("#d8e4ee")), (1, hexrgb("#9fb0c0"))]))
        c.fill()
        c.rectangle(178, 360, 4, 110)
        fill(c, hexrgb("#2a3444"))
        for k in range(3):
            c.rectangle(112 - k * 10, 470 + k * 8, 136 + k * 20, 8)
            fill(c, mix(hexrgb("#3a4252"), hexrgb("#242a34"), k / 2))
        flick = 0.9 + 0.1 * math.sin(TAU * 7 * t) * math.sin(TAU * 0.3 * t)
        rrect(c, 160, 318, 40, 30, 4)
        fill(c, (0.25, 0.5, 1.0))
        c.move_to(180, 324)
        c.curve_to(188, 326, 192, 326, 192, 326)
        c.curve_to(192, 336, 188, 341, 180, 344)
        c.curve_to(172, 341, 168, 336, 168, 326)
        c.curve_to(168, 326, 172, 326, 180, 324)
        fill(c, (0.92, 0.96, 1.0))
        glow(c, 180, 333, 120, (0.25, 0.5, 1.0), 0.55 * flick)
        glow(c, 180, 420, 120, (0.9, 0.95, 1.0), 0.18)
        # Wet ground, the lights smeared in it.
        c.rectangle(-60, 494, 480, 200)
        c.set_source(lin(0, 494, 0, 660, [(0, hexrgb("#141a24")), (1, hexrgb("#06080c"))]))
        c.fill()
        wet_reflection(c, 180, 500, 30, (0.3, 0.55, 1.0), 0.35 * flick, 150)
        wet_reflection(c, 180, 500, 90, (0.8, 0.9, 1.0), 0.1, 110)
        for i in range(4):
            wet_reflection(c, 51 + i * 84, 500, 40, (1.0, 0.75, 0.4), 0.06, 90)
        car(c, 40, 560, 0.9, head=False)
        self.splash.draw(c, t)
        c.restore()
        self.far.draw(c, t)
        glow(c, 180, 333, 110, (0.3, 0.5, 1.0), 0.08)
        self.near.draw(c, t)
        vignette(c, 0.9)
        grade(c, (0.15, 0.3, 0.6), 0.3)


class Door:
    """The front door from the dark hall: light under it, a spyhole, a chain."""

    def __init__(self, rng, dur, variant, knocks=()):
        self.v, self.dur, self.knocks = variant, dur, knocks
        if variant == "knock":
            self.cam = Camera(dur, (1.0, 1.3), ((180, 350), (180, 300)), shake=0.5, seed=7)
        elif variant == "open":
            self.cam = Camera(dur, (1.0, 1.18), ((180, 340), (170, 330)), shake=0.7, seed=8)
        else:
            self.cam = Camera(dur, (1.15, 1.55), ((200, 330), (245, 300)), shake=0.6, seed=9)

    def angle(self, t):
        if self.v == "open":
            return 1.25 * ease((t - 0.5) / 1.6)
        if self.v == "chain":
            a = 0.2 * ease((t - 0.3) / 0.35)
            return a + (0.012 * math.sin(TAU * 9 * (t - 0.65)) * math.exp(-5 * (t - 0.65)) if t > 0.65 else 0)
        return 0.0

    def corridor(self, c, t, x0, x1):
        """What the open door shows: a bright, cold corridor (and who stands in it)."""
        c.save()
        c.rectangle(x0, 120, x1 - x0, 440)
        c.clip()
        vpaint(c, [(0, hexrgb("#c8d8c8")), (0.5, hexrgb("#a8b8a8")), (1, hexrgb("#6a7468"))], 120, 560)
        poly(c, [(95, 560), (265, 560), (205, 420), (155, 420)])
        fill(c, hexrgb("#5a6258"))
        c.rectangle(155, 280, 50, 140)
        fill(c, hexrgb("#e8f0e0"))
        glow(c, 180, 150, 140, (0.95, 1.0, 0.95), 0.5)
        if self.v == "open":
            reach = ramp(t, 3.4, 4.4)
            silhouette(c, 180, 300, 0.62, (0.09, 0.1, 0.1), style="cap")
            c.save()
            c.translate(180 + 40 * reach, 430 - 40 * reach)
            rrect(c, -16, -28, 32, 56, 5)
            fill(c, (0.05, 0.05, 0.06))
            rrect(c, -13, -24, 26, 48, 3)
            fill(c, (0.5, 0.7, 1.0), 0.4 + 0.5 * reach)
            c.restore()
            glow(c, 180 + 40 * reach, 430 - 40 * reach, 60, (0.5, 0.7, 1.0), 0.4 * reach)
        elif self.v == "chain":
            sway = 3 * math.sin(TAU * 0.4 * t)
            silhouette(c, 262 + sway, 300, 0.7, (0.08, 0.08, 0.08), style="cap", profile=-1)
        c.restore()

    def draw(self, c, t):
        c.save()
        shake = sum(1.6 * math.exp(-30 * (t - k)) for k in self.knocks if t >= k)
        self.cam.apply(c, t, extra_shake=0)
        vpaint(c, [(0, hexrgb("#15120f")), (1, hexrgb("#0a0908"))])
        # Hall: a coat on a hook, shoes, moonlight from a side window.
        c.save()
        c.set_operator(cairo.OPERATOR_ADD)
        poly(c, [(-40, 60), (60, 90), (60, 330), (-40, 360)])
        c.set_source_rgba(0.2, 0.25, 0.4, 0.18)
        c.fill()
        c.restore()
        c.move_to(20, 170)
        c.curve_to(-10, 240, -14, 360, 8, 420)
        c.line_to(52, 420)
        c.curve_to(66, 340, 60, 240, 34, 170)
        c.close_path()
        fill(c, hexrgb("#221c1a"))
        for k in range(3):
            ellipse(c, 300 + k * 24, 585, 12, 6)
            fill(c, hexrgb("#1a1412"))
        # Frame, doorway, door.
        c.rectangle(83, 108, 194, 456)
        fill(c, hexrgb("#2b221d"))
        c.rectangle(95, 120, 170, 440)
        fill(c, hexrgb("#0a0807"))
        a = self.angle(t)
        xf = 95 + 170 * math.cos(a) - 120 * math.sin(a)
        grow = 70 * math.sin(a)
        if a > 0:
            self.corridor(c, t, min(xf, 95), 265)
            # The light from the corridor on the hall floor.
            c.save()
            c.set_operator(cairo.OPERATOR_ADD)
            lo = max(xf, 95)
            poly(c, [(lo, 560), (265, 560), (360, 700), (lo - 60, 700)])
            c.set_source(lin(0, 560, 0, 700, [(0, (0.75, 0.85, 0.75), 0.5), (1, (0.75, 0.85, 0.75), 0.0)]))
            c.fill()
            c.restore()
        c.translate(shake, 0)
        poly(c, [(95, 120), (xf, 120 - grow), (xf, 560 + grow), (95, 560)])
        c.set_source(lin(95, 0, 265, 0, [(0, hexrgb("#4a2a20")), (1, hexrgb("#3a2019"))]))
        c.fill()
        # Panels and fittings, drawn on the door's own plane.
        def on_door(u, v):
            x = 95 + (xf - 95) * u
            top, bot = 120 - grow * u, 560 + grow * u
            return x, top + (bot - top) * v
        for (u0, u1, v0, v1) in ((0.12, 0.44, 0.06, 0.42), (0.56, 0.88, 0.06, 0.42), (0.12, 0.44, 0.52, 0.94), (0.56, 0.88, 0.52, 0.94)):
            poly(c, [on_door(u0, v0), on_door(u1, v0), on_door(u1, v1), on_door(u0, v1)])
            c.set_line_width(3)
            c.set_source_rgba(0.12, 0.06, 0.04, 0.8)
            c.stroke()
        hx, hy = on_door(0.9, 0.52)
        c.arc(hx, hy, 7, 0, TAU)
        fill(c, hexrgb("#b08a3a"))
        glow(c, hx - 2, hy - 2, 10, (1, 0.9, 0.6), 0.3)
        if a == 0:
            sx, sy = on_door(0.5, 0.3)
            c.arc(sx, sy, 5, 0, TAU)
            fill(c, hexrgb("#8a7050"))
            c.arc(sx, sy, 2.5, 0, TAU)
            fill(c, (0.9, 1.0, 0.9), 0.9)
            glow(c, sx, sy, 14, (0.8, 1.0, 0.8), 0.4)
            # Light under the door, feet shadows moving in it.
            c.rectangle(95, 557, 170, 4)
            fill(c, (0.85, 0.95, 0.85))
            for fx in (150 + 6 * math.sin(t * 1.3), 196 + 5 * math.sin(t * 1.1 + 1)):
                c.rectangle(fx - 14, 557, 28, 4)
                fill(c, (0.05, 0.05, 0.05))
            c.save()
            c.set_operator(cairo.OPERATOR_ADD)
            poly(c, [(95, 561), (265, 561), (330, 640), (30, 640)])
            c.set_source(lin(0, 561, 0, 640, [(0, (0.6, 0.75, 0.6), 0.35), (1, (0.6, 0.75, 0.6), 0.0)]))
            c.fill()
            c.restore()
        # The chain: hanging loose, or taut across the gap.
        cx, cy = on_door(0.86, 0.38)
        if self.v == "chain":
            ex, ey = 271, 282
        else:
            ex, ey = cx + 4, cy + 40
        c.move_to(cx, cy)
        c.curve_to(cx + (ex - cx) * 0.3, cy + (30 if self.v != "chain" else 4), ex, ey - 10, ex, ey)
        c.set_line_width(3)
        c.set_dash([4, 3])
        c.set_source_rgb(*hexrgb("#b8b0a0"))
        c.stroke()
        c.set_dash([])
        if self.v == "chain":
            glow(c, (cx + ex) / 2, (cy + ey) / 2, 20, (1, 1, 0.9), 0.35)
        c.restore()
        vignette(c, 0.95)
        grade(c, (0.55, 0.4, 0.25), 0.18)


class Spyhole:
    """The corridor through the spyhole: bent by the lens, empty, a phone on the mat."""

    def __init__(self, rng, dur):
        self.dur = dur
        self.cam = Camera(dur, (1.0, 1.1), ((180, 320), (180, 335)), shake=1.2, seed=10)
        self.buzz = buzz_spans(dur, 2.8)

    def draw(self, c, t):
        vpaint(c, [(0, hexrgb("#0b0908")), (1, hexrgb("#050404"))])
        c.save()
        self.cam.apply(c, t)
        cx, cy, r = 180, 320, 165
        c.save()
        c.arc(cx, cy, r, 0, TAU)
        c.clip()
        flick = 0.55 if 0.8 < t < 0.9 or 1.05 < t < 1.12 else 1.0
        vpaint(c, [(0, mix((0.2, 0.22, 0.2), (0.78, 0.84, 0.76), flick)), (1, hexrgb("#3a3e38"))], cy - r, cy + r)
        # Walls and floor bowing out around the vanishing point.
        vx, vy = cx, cy - 10
        c.move_to(cx - r, cy + r)
        c.curve_to(cx - r * 0.7, cy + r * 0.2, vx - 60, vy + 60, vx - 40, vy + 40)
        c.line_to(vx + 40, vy + 40)
        c.curve_to(vx + 60, vy + 60, cx + r * 0.7, cy + r * 0.2, cx + r, cy + r)
        c.close_path()
        fill(c, hexrgb("#5d5448"))
        c.move_to(cx - r, cy - r)
        c.curve_to(cx - r * 0.7, cy - r * 0.3, vx - 60, vy - 50, vx - 40, vy - 40)
        c.line_to(vx + 40, vy - 40)
        c.curve_to(vx + 60, vy - 50, cx + r * 0.7, cy - r * 0.3, cx + r, cy - r)
        c.close_path()
        fill(c, mix((0.25, 0.27, 0.25), (0.62, 0.66, 0.6), flick))
        c.rectangle(vx - 40, vy - 40, 80, 80)
        fill(c, mix((0.3, 0.32, 0.3), (0.82, 0.86, 0.8), flick))
        # Doors along the walls, a light tube above.
        for k, s in ((0, -1), (1, -1), (0, 1), (1, 1)):
            x = vx + s * (70 - 30 * k)
            poly(c, [(x, vy - 30 + 10 * k), (x + s * (30 - 10 * k), vy - 38 + 12 * k),
                     (x + s * (30 - 10 * k), vy + 56 - 8 * k), (x, vy + 44 - 6 * k)])
            fill(c, hexrgb("#4a3a30"))
        ellipse(c, vx, vy - 80, 40, 7)
        fill(c, (1, 1, 0.95), flick)
        glow(c, vx, vy - 80, 90, (0.9, 1.0, 0.9), 0.3 * flick)
        # The doormat, and a phone on it, buzzing.
        ellipse(c, cx, cy + 120, 110, 34)
        fill(c, hexrgb("#3a2c20"))
        on = t > 2.8
        jit = 1.2 * math.sin(TAU * 29 * t) if in_spans(t, self.buzz) else 0
        c.save()
        c.translate(cx + 10 + jit, cy + 118)
        c.rotate(0.4)
        c.scale(1, 0.5)
        rrect(c, -22, -40, 44, 80, 6)
        fill(c, hexrgb("#0b0c10"))
        rrect(c, -19, -36, 38, 72, 4)
        fill(c, (0.5, 0.7, 1.0) if on else (0.06, 0.07, 0.09), 0.9)
        c.restore()
        if on:
            glow(c, cx + 10, cy + 118, 90, (0.5, 0.7, 1.0), 0.4 + 0.15 * math.sin(TAU * t))
        # The lens: dark at the rim, a hint of colour fringe.
        g = cairo.RadialGradient(cx, cy, r * 0.55, cx, cy, r)
        g.add_color_stop_rgba(0, 0, 0, 0, 0)
        g.add_color_stop_rgba(0.8, 0, 0, 0, 0.45)
        g.add_color_stop_rgba(1, 0, 0, 0, 1)
        c.set_source(g)
        c.paint()
        c.restore()
        c.arc(cx, cy, r - 2, 0, TAU)
        c.set_line_width(3)
        c.set_source_rgba(0.4, 0.7, 0.8, 0.15)
        c.stroke()
        c.restore()
        grade(c, (0.4, 0.6, 0.4), 0.2)


class Deadline:
    """Night, a wall clock, a phone counting down on the desk, hands gripping its edge."""

    def __init__(self, rng, dur, beats):
        self.dur, self.beats = dur, beats
        self.cam = Camera(dur, (1.25, 1.55), ((180, 210), (180, 480)), shake=0.6, seed=11)

    def screen(self, c, w, h, t):
        c.set_source(lin(0, 0, 0, h, [(0, hexrgb("#2a0c10")), (1, hexrgb("#120406"))]))
        c.paint()
        left = 1 - 0.12 * t / self.dur - 0.1
        c.arc(w / 2, h * 0.42, w * 0.32, 0, TAU)
        c.set_line_width(6)
        c.set_source_rgba(1, 1, 1, 0.12)
        c.stroke()
        c.arc(w / 2, h * 0.42, w * 0.32, -math.pi / 2, -math.pi / 2 + TAU * left)
        c.set_source_rgb(0.95, 0.25, 0.22)
        c.stroke()
        a = -math.pi / 2 + TAU * left
        c.arc(w / 2 + w * 0.32 * math.cos(a), h * 0.42 + w * 0.32 * math.sin(a), 5, 0, TAU)
        fill(c, (1, 0.6, 0.55), 0.6 + 0.4 * math.sin(TAU * 2 * t))
        for k in range(3):
            rrect(c, w * 0.2, h * (0.68 + 0.06 * k), w * (0.6 - 0.12 * k), h * 0.025, 3)
            fill(c, (1, 0.8, 0.8), 0.35)

    def draw(self, c, t):
        c.save()
        beat = sum(0.012 * math.exp(-14 * (t - b)) for b in self.beats if t >= b)
        c.translate(W / 2, H / 2)
        c.scale(1 + beat, 1 + beat)
        c.translate(-W / 2, -H / 2)
        self.cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#16121a")), (1, hexrgb("#0a080c"))])
        c.save()
        c.set_operator(cairo.OPERATOR_ADD)
        poly(c, [(250, -20), (400, -20), (400, 420), (300, 420)])
        c.set_source_rgba(0.2, 0.25, 0.45, 0.12)
        c.fill()
        c.restore()
        clock(c, 180, 200, 50, t)
        glow(c, 180, 200, 100, (0.9, 0.3, 0.25), 0.06)
        poly(c, [(-40, 420), (400, 420), (420, 700), (-60, 700)])
        c.set_source(lin(0, 420, 0, 700, [(0, hexrgb("#2a2020")), (1, hexrgb("#0e0a0a"))]))
        c.fill()
        glow(c, 180, 490, 200, (1.0, 0.2, 0.18), 0.3)
        phone(c, 180, 490, 84, 168, self.screen, t, angle=0.05, squash=0.55)
        for sx in (-1, 1):
            c.save()
            c.translate(180 + sx * 105, 610)
            c.scale(sx, 1)
            rrect(c, -30, -30, 140, 60, 26)
            for k in range(4):
                rrect(c, 90, -26 + k * 14, 40, 12, 6)
            c.set_source(lin(0, -30, 0, 30, [(0, hexrgb("#5a3030")), (1, hexrgb("#150c0c"))]))
            c.fill()
            c.restore()
        c.restore()
        vignette(c, 1.0)
        grade(c, (0.6, 0.15, 0.15), 0.2)


class Sent:
    """The banking screen: the balance drains, the call ends, the phone drops."""

    def __init__(self, rng, dur):
        self.dur = dur
        self.cam = Camera(dur, (1.05, 1.0), ((180, 320), (180, 320)), shake=1.0, seed=12)

    def screen(self, c, w, h, t):
        red = ramp(t, 2.2, 2.5)
        c.set_source(lin(0, 0, 0, h, [(0, mix(hexrgb("#0e2a4a"), hexrgb("#3a0c10"), red)), (1, hexrgb("#06080c"))]))
        c.paint()
        c.rectangle(0, 0, w, 46)
        fill(c, mix(hexrgb("#1a5aa0"), hexrgb("#a02020"), red))
        bal = 1 - ramp(t, 1.0, 2.2)
        rrect(c, 20, 90, w - 40, 26, 13)
        fill(c, (1, 1, 1), 0.12)
        if bal > 0.01:
            rrect(c, 20, 90, (w - 40) * bal, 26, 13)
            fill(c, (0.3, 0.85, 0.5))
        fly = ramp(t, 0.4, 1.6)
        if 0 < fly < 1:
            c.save()
            c.translate(w / 2 + 60 * fly, 230 - 200 * fly)
            c.rotate(-0.6)
            poly(c, [(-20, 8), (24, 0), (-20, -8), (-12, 0)])
            fill(c, (1, 1, 1), 1 - fly)
            c.restore()
        if t > 2.4:
            a = ramp(t, 2.4, 2.7)
            c.arc(w / 2, h * 0.62, 34, 0, TAU)
            fill(c, (0.9, 0.2, 0.2), a)
            c.save()
            c.translate(w / 2, h * 0.62 + 2)
            c.rotate(2.3)
            rrect(c, -18, -6, 36, 12, 6)
            fill(c, (1, 1, 1), a)
            c.restore()
        for k in range(3):
            rrect(c, 24, 150 + 24 * k, (w - 48) * (0.8 - 0.2 * k), 10, 4)
            fill(c, (1, 1, 1), 0.18)

    def draw(self, c, t):
        c.save()
        self.cam.apply(c, t, extra_shake=2.0 * ramp(t, 2.3, 2.6))
        vpaint(c, [(0, hexrgb("#0c0d14")), (1, hexrgb("#050507"))])
        glow(c, 300, 80, 200, (0.3, 0.4, 0.7), 0.12)
        drop = ramp(t, 4.6, 5.5)
        gl = (0.4, 0.6, 1.0) if t < 2.3 else (1.0, 0.25, 0.2)
        glow(c, 180 + 40 * drop, 320 + 330 * drop ** 2, 260, gl, 0.25 * (1 - 0.5 * drop))
        phone(c, 180 + 40 * drop, 320 + 330 * drop ** 2, 200, 400, self.screen, t, angle=1.1 * drop,
              squash=1 - 0.45 * drop)
        if drop < 1:
            c.save()
            c.translate(60 * drop, 600 * drop ** 2)
            for k in range(4):
                rrect(c, 262, 330 + k * 34, 80, 28, 14)
            rrect(c, 300, 300, 100, 200, 40)
            c.set_source(lin(260, 0, 360, 0, [(0, hexrgb("#3a3040")), (1, hexrgb("#0a080c"))]))
            c.fill()
            c.restore()
        c.restore()
        if t > 5.4:  # it hits the floor
            c.set_source_rgba(1, 1, 1, 0.05 * math.exp(-12 * (t - 5.4)))
            c.paint()
        vignette(c, 0.9)
        grade(c, (0.3, 0.3, 0.5), 0.2)


class Patrol:
    """Patrol cars pulling up on a wet street at night, lights going."""

    def __init__(self, rng, dur, spans):
        self.dur, self.spans = dur, spans
        self.bld = rng.uniform(0, 1, (12, 2))
        self.rain = Rain(rng, 70, alpha=0.2, speed=(800, 1000))
        self.splash = Splashes(rng, 20, (0, 470, W, 170))
        self.cam = Camera(dur, (1.05, 1.15), ((190, 330), (170, 360)), shake=1.3, roll=0.5, seed=13)

    def pos(self, t, t0, t1, x0, x1):
        u = clamp((t - t0) / (t1 - t0))
        return mix(x0, x1, 1 - (1 - u) ** 2)

    def draw(self, c, t):
        c.save()
        self.cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#070a14")), (1, hexrgb("#141826"))])
        skyline(c, self.bld, 470, hexrgb("#141a26"), lit=hexrgb("#e8b870"), lit_a=0.7, height=(180, 380))
        flash = (t * 1.7) % 1.0 < 0.5
        on = ramp(t, 0.2, 0.5)
        red, blue = (1.0, 0.12, 0.08), (0.15, 0.3, 1.0)
        glow(c, 100, 300, 330, red if flash else blue, 0.32 * on)
        glow(c, 280, 330, 300, blue if flash else red, 0.26 * on)
        c.rectangle(-60, 470, 480, 220)
        c.set_source(lin(0, 470, 0, 660, [(0, hexrgb("#10131c")), (1, hexrgb("#05060a"))]))
        c.fill()
        c.rectangle(-60, 462, 480, 10)
        fill(c, hexrgb("#23262e"))
        x1 = self.pos(t, 0.0, 2.6, 520, 130)
        x2 = self.pos(t, 1.0, 3.8, 620, 280)
        for x, y, s, ph in ((x1, 530, 0.95, 0.0), (x2, 600, 1.15, 0.31)):
            wet_reflection(c, x - 10, y, 60 * s, red if flash else blue, 0.25, 90)
        # Officers get out of the first car.
        u = ramp(t, 4.4, 5.6)
        if u > 0:
            silhouette(c, x1 + 70 + 25 * u, 462 - 4 * u, 0.2, (0.05, 0.05, 0.07), style="cap")
        car(c, x1, 530, 0.95, lights=t * 1.7, t=t, facing=-1)
        car(c, x2, 600, 1.15, lights=t * 1.7 + 0.31, t=t, facing=-1)
        self.splash.draw(c, t)
        c.restore()
        self.rain.draw(c, t)
        vignette(c, 0.9)
        grade(c, (0.2, 0.25, 0.55), 0.25)


class News:
    """Next morning: the TV news in a sunny room, the phone buzzing on the table."""

    def __init__(self, rng, dur, spans, buzz):
        self.dur, self.spans, self.buzz = dur, spans, buzz
        self.cam = Camera(dur, (1.15, 1.12), ((180, 290), (190, 400)), shake=0.5, seed=14)
        self.motes = rng.uniform(0, 1, (30, 3))

    def tv(self, c, t):
        vpaint(c, [(0, hexrgb("#14306a")), (1, hexrgb("#0a1838"))], 200, 340)
        face(c, 110, 255, 0.42, t, skin="c", hair="#2a1a12", style="long", shirt="#283a70",
             collar="#e8e8f0", talk=talk_env(t, self.spans.get("anchor", []), 4.0), blink_seed=2)
        rrect(c, 172, 214, 124, 80, 4)
        fill(c, hexrgb("#0a0c14"))
        fl = (t * 1.7) % 1.0 < 0.5
        glow(c, 210, 260, 50, (1, 0.15, 0.1) if fl else (0.2, 0.3, 1), 0.8)
        glow(c, 260, 250, 40, (0.2, 0.3, 1) if fl else (1, 0.15, 0.1), 0.6)
        c.rectangle(176, 270, 116, 20)
        fill(c, hexrgb("#101218"))
        c.rectangle(54, 312, 252, 18)
        fill(c, hexrgb("#c0202a"))
        off = (t * 40) % 60
        for k in range(6):
            rrect(c, 60 + k * 60 - off, 318, 40, 6, 2)
        fill(c, (1, 1, 1), 0.8)
        c.rectangle(54, 300, 60, 12)
        fill(c, hexrgb("#f0f0f0"))

    def draw(self, c, t):
        c.save()
        self.cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#d8c0a0")), (1, hexrgb("#8a6a50"))])
        # Sun through the window on the right, across the wall.
        c.rectangle(318, 60, 90, 260)
        fill(c, hexrgb("#fff6dc"))
        for k in range(3):
            ellipse(c, 350 + 20 * k, 100 + 30 * k + 3 * math.sin(t + k), 40, 24)
            fill(c, hexrgb("#6a8a4a"), 0.7)
        c.save()
        c.set_operator(cairo.OPERATOR_ADD)
        poly(c, [(318, 60), (318, 320), (-40, 480), (-40, 200)])
        c.set_source_rgba(1, 0.85, 0.55, 0.16)
        c.fill()
        for mx, my, ms in self.motes:
            x = -20 + mx * 340 + 8 * math.sin(t * 0.5 + ms * 9)
            y = 200 + my * 200 - 10 * t * ms
            c.arc(x, y, 1 + ms, 0, TAU)
        c.set_source_rgba(1, 0.95, 0.8, 0.35)
        c.fill()
        c.restore()
        # The TV on its stand.
        rrect(c, 44, 194, 272, 146, 6)
        fill(c, hexrgb("#0c0c10"))
        c.save()
        c.rectangle(54, 204, 252, 126)
        c.clip()
        self.tv(c, t)
        c.restore()
        glow(c, 180, 270, 200, (0.4, 0.5, 1.0), 0.1)
        c.rectangle(30, 345, 300, 40)
        fill(c, hexrgb("#4a3426"))
        # Coffee table: a mug, the phone.
        poly(c, [(-40, 520), (400, 505), (400, 700), (-40, 700)])
        c.set_source(lin(0, 505, 0, 640, [(0, hexrgb("#6a4a34")), (1, hexrgb("#2a1c14"))]))
        c.fill()
        rrect(c, 70, 470, 40, 50, 6)
        fill(c, hexrgb("#e8e2d8"))
        c.set_line_width(2)
        for k in range(2):
            c.move_to(82 + k * 14, 465)
            c.curve_to(76 + k * 14 + 8 * math.sin(t * 2 + k), 440, 92 + k * 14, 425, 84 + k * 14, 400 - 6 * math.sin(t + k))
        c.set_source_rgba(1, 1, 1, 0.22)
        c.stroke()
        on = t > 5.5
        jit = 1.2 * math.sin(TAU * 31 * t) if in_spans(t, self.buzz) else 0
        if on:
            glow(c, 230, 560, 120, (0.6, 0.75, 1.0), 0.3)
        phone(c, 230 + jit, 560, 60, 120, call_screen(level=1.0 if on else 0.0, ring=on), t, angle=0.3, squash=0.45)
        c.restore()
        vignette(c, 0.6)
        grade(c, (1.0, 0.8, 0.5), 0.15)


class Window:
    """A grey, rainy afternoon: someone at the window with a phone, seen from behind."""

    def __init__(self, rng, dur):
        self.dur = dur
        self.drops = rng.uniform(0, 1, (40, 4))
        self.bld = rng.uniform(0, 1, (12, 2))
        self.cam = Camera(dur, (1.25, 1.05), ((180, 330), (180, 320)), shake=0.4, seed=15)

    def draw(self, c, t):
        c.save()
        self.cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#3a3e44")), (1, hexrgb("#1a1c20"))])
        c.save()
        c.rectangle(30, 60, 300, 440)
        c.clip()
        vpaint(c, [(0, hexrgb("#aab2ba")), (1, hexrgb("#7a848e"))], 60, 500)
        skyline(c, self.bld, 430, hexrgb("#6a727c"), height=(80, 220))
        skyline(c, self.bld[::-1], 470, hexrgb("#545b64"), height=(40, 140))
        for x, y, r, v in self.drops:
            px = 30 + x * 300
            py = 60 + ((y * 440 + v * 25 * t) % 440)
            c.arc(px, py, 1.5 + 3 * r, 0, TAU)
            fill(c, (0.85, 0.9, 0.95), 0.35)
            c.move_to(px, py)
            c.line_to(px, py - 10 - 30 * v)
            c.set_line_width(1)
            c.set_source_rgba(0.85, 0.9, 0.95, 0.15)
            c.stroke()
        c.restore()
        for x, y, w_, h_ in ((24, 54, 312, 12), (24, 494, 312, 16), (24, 54, 12, 452), (324, 54, 12, 452), (174, 54, 12, 452)):
            c.rectangle(x, y, w_, h_)
        fill(c, hexrgb("#202226"))
        # The phone on the sill: a list, one row swiped away, then dark.
        def screen(sc, w, h, tt):
            lit = 1 - ramp(tt, 2.6, 3.0)
            sc.set_source_rgb(*mix((0.02, 0.02, 0.03), (0.85, 0.87, 0.9), lit))
            sc.paint()
            for k in range(5):
                off = -w * ramp(tt, 1.0, 1.5) if k == 1 else 0
                gone = ramp(tt, 1.5, 1.8) if k >= 1 else 0
                y = 14 + k * 26 - (26 * gone if k > 1 else 0)
                if k == 1 and tt > 1.5:
                    continue
                rrect(sc, 8 + off, y, w - 16, 20, 4)
                sc.set_source_rgba(0.5, 0.52, 0.58, lit)
                sc.fill()
        silhouette(c, 140, 340, 1.2, (0.07, 0.07, 0.08), style="long")
        glow(c, 292, 530, 70, (0.8, 0.85, 0.95), 0.25 * (1 - ramp(t, 2.6, 3.0)))
        phone(c, 292, 530, 56, 110, screen, t, angle=-0.2, squash=0.6)
        c.restore()
        vignette(c, 0.8)
        grade(c, (0.45, 0.55, 0.65), 0.3)



class BusInside:
    """Inside the last bus, looking down the aisle: seats, poles, streetlights sliding past."""

    F, VX, VY = 300.0, 180.0, 300.0

    def __init__(self, rng, dur, variant, spans):
        self.v, self.dur, self.spans = variant, dur, spans
        self.lights = rng.uniform(0, 1, (10, 2))
        if variant == "last":
            self.cam = Camera(dur, (1.0, 1.1), ((180, 320), (180, 310)), shake=1.0, roll=0.6, seed=16)
        else:
            self.cam = Camera(dur, (1.15, 1.9), ((190, 320), (244, 294)), shake=0.9, roll=0.5, seed=17)

    def p(self, x, y, z):
        return (self.VX + x * self.F / z, self.VY + y * self.F / z)

    def quad(self, c, pts, col, a=1.0):
        poly(c, [self.p(*q) for q in pts])
        fill(c, col, a)

    def draw(self, c, t):
        dark = 0.6 if self.v == "stay" else 1.0
        c.save()
        bump = 1.5 * math.sin(TAU * 1.7 * t) * math.sin(TAU * 0.37 * t)
        c.translate(0, bump)
        self.cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#1a2230")), (1, hexrgb("#0c1018"))])
        X, Y0, Y1, Z0, Z1 = 1.3, -1.0, 1.1, 1.0, 7.0
        # Ceiling, floor, back wall.
        self.quad(c, [(-X, Y0, Z0), (X, Y0, Z0), (X, Y0, Z1), (-X, Y0, Z1)], hexrgb("#2a3240"))
        self.quad(c, [(-X, Y1, Z0), (X, Y1, Z0), (X, Y1, Z1), (-X, Y1, Z1)], hexrgb("#1c1e24"))
        self.quad(c, [(-X, Y0, Z1), (X, Y0, Z1), (X, Y1, Z1), (-X, Y1, Z1)], hexrgb("#222a36"))
        for side in (-1, 1):
            self.quad(c, [(side * X, Y0, Z0), (side * X, Y0, Z1), (side * X, Y1, Z1), (side * X, Y1, Z0)], hexrgb("#283040"))
        # Windows, with the night outside sliding past.
        for side in (-1, 1):
            for k in range(5):
                z0, z1 = 1.2 + k * 1.15, 2.15 + k * 1.15
                pts = [(side * X, -0.62, z0), (side * X, -0.62, z1), (side * X, 0.02, z1), (side * X, 0.02, z0)]
                c.save()
                poly(c, [self.p(*q) for q in pts])
                c.clip()
                vpaint(c, [(0, hexrgb("#0a1020")), (1, hexrgb("#141a28"))])
                for lx, ly in self.lights:
                    z = 1.0 + ((lx * 6 + t * 2.2 * (1.2 if side < 0 else 1.0)) % 6.5)
                    x, y = self.p(side * (X + 0.4), -0.5 + 0.35 * ly, z)
                    glow(c, x, y, 26 * 3 / z + 8, (1.0, 0.7, 0.35), 0.9 * dark)
                c.restore()
                poly(c, [self.p(*q) for q in pts])
                c.set_line_width(3)
                c.set_source_rgb(*hexrgb("#12161e"))
                c.stroke()
        # Ceiling light strips.
        for sx in (-0.55, 0.55):
            self.quad(c, [(sx - 0.05, Y0 + 0.01, 1.8), (sx + 0.05, Y0 + 0.01, 1.8), (sx + 0.05, Y0 + 0.01, 6.6), (sx - 0.05, Y0 + 0.01, 6.6)],
                      (0.85, 0.95, 1.0), 0.55 * dark)
        glow(c, 180, 200, 260, (0.7, 0.85, 1.0), 0.12 * dark)
        # The passenger: a face at the back on the right, turned to the window (or to you).
        turn = ramp(t, 0.6, 1.4) if self.v == "stay" else 0.0
        hx, hy = self.p(0.75, -0.2, 4.0)
        face(c, hx, hy, 0.22, t, skin="b", hair="#3a3a3a", style="short", shirt="#3a2e2a",
             talk=talk_env(t, self.spans.get("passenger", []), 6.0), look=mix(1.0, -0.6, turn),
             smile=0.8 * turn, blink_seed=4)
        # Seats, far to near, and the poles.
        for z in (6.2, 5.3, 4.4, 3.5, 2.6, 1.7):
            for side in (-1, 1):
                x0, x1 = side * 0.3, side * 1.25
                self.quad(c, [(x0, 0.1, z), (x1, 0.1, z), (x1, 0.95, z), (x0, 0.95, z)], hexrgb("#2b3a5a"))
                self.quad(c, [(x0, 0.1, z), (x1, 0.1, z), (x1, 0.2, z), (x0, 0.2, z)], hexrgb("#3e5078"))
                self.quad(c, [(x0, 0.55, z - 0.05), (x1, 0.55, z - 0.05), (x1, 0.6, z - 0.55), (x0, 0.6, z - 0.55)], hexrgb("#22304c"))
            if z in (5.3, 3.5):
                for side in (-1, 1):
                    a, b = self.p(side * 0.3, Y0, z - 0.3), self.p(side * 0.3, Y1, z - 0.3)
                    c.move_to(*a)
                    c.line_to(*b)
                    c.set_line_width(max(2, 9 / z))
                    c.set_source_rgb(*hexrgb("#d8b030"))
                    c.stroke()
                    bx, by = self.p(side * 0.3, -0.15, z - 0.3)
                    lit = self.v == "last" and t > 5.3 and z == 3.5
                    c.arc(bx, by, max(2, 12 / z), 0, TAU)
                    fill(c, (1.0, 0.2, 0.15) if lit else (0.45, 0.1, 0.1))
                    if lit:
                        glow(c, bx, by, 40, (1, 0.2, 0.1), 0.6)
        # The light of a streetlamp sweeping through the bus.
        u = (t * 0.45) % 1.0
        glow(c, mix(-100, 460, u), 360, 220, (1.0, 0.7, 0.4), 0.14 * dark * math.sin(math.pi * u))
        c.restore()
        vignette(c, 0.9)
        grade(c, (0.3, 0.45, 0.7), 0.2)


class BusStop:
    """A bus stop in the rain: the bus pulls away and leaves you under the shelter."""

    def __init__(self, rng, dur):
        self.dur = dur
        self.bld = rng.uniform(0, 1, (12, 2))
        self.rain = Rain(rng, 80, alpha=0.22, speed=(900, 1200))
        self.cone = Rain(rng, 60, box=(20, 120, 140, 420), alpha=0.55, length=(10, 20), speed=(900, 1200), col=(1.0, 0.85, 0.6))
        self.splash = Splashes(rng, 24, (0, 520, W, 120))
        self.cam = Camera(dur, (1.08, 1.0), ((180, 330), (190, 340)), shake=0.6, seed=18)

    def bus(self, c, x, t):
        c.save()
        c.translate(x, 0)
        rrect(c, 0, 300, 420, 200, 16)
        c.set_source(lin(0, 300, 0, 500, [(0, hexrgb("#2a8a8a")), (1, hexrgb("#104444"))]))
        c.fill()
        for k in range(6):
            rrect(c, 16 + k * 66, 322, 56, 80, 5)
            fill(c, hexrgb("#f0d8a0"), 0.92)
        silhouette(c, 16 + 3 * 66 + 28, 362, 0.14, (0.2, 0.16, 0.12), profile=-1)
        c.rectangle(0, 420, 420, 8)
        fill(c, hexrgb("#e8e0c8"))
        for wx in (70, 340):
            c.arc(wx, 500, 28, 0, TAU)
            fill(c, (0.04, 0.04, 0.05))
        glow(c, 2, 470, 40, (1, 0.15, 0.1), 0.7)
        glow(c, 2, 470, 120, (1, 0.15, 0.1), 0.2)
        c.restore()
        wet_reflection(c, x + 2, 520, 40, (1, 0.2, 0.1), 0.4, 100)
        wet_reflection(c, x + 200, 520, 300, (1.0, 0.85, 0.55), 0.12, 90)

    def draw(self, c, t):
        c.save()
        self.cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#060914")), (1, hexrgb("#121828"))])
        skyline(c, self.bld, 330, hexrgb("#0e131e"), lit=hexrgb("#e0b070"), lit_a=0.5, height=(120, 280))
        c.rectangle(-60, 500, 480, 200)
        c.set_source(lin(0, 500, 0, 660, [(0, hexrgb("#141820")), (1, hexrgb("#06070a"))]))
        c.fill()
        # Streetlamp.
        c.rectangle(36, 110, 6, 400)
        fill(c, hexrgb("#0a0c10"))
        c.move_to(39, 112)
        c.curve_to(50, 96, 80, 96, 90, 112)
        c.set_line_width(5)
        c.set_source_rgb(*hexrgb("#0a0c10"))
        c.stroke()
        c.save()
        c.set_operator(cairo.OPERATOR_ADD)
        poly(c, [(80, 116), (100, 116), (170, 520), (10, 520)])
        c.set_source(lin(0, 116, 0, 520, [(0, (1, 0.8, 0.5), 0.22), (1, (1, 0.8, 0.5), 0.04)]))
        c.fill()
        c.restore()
        glow(c, 90, 116, 60, (1, 0.8, 0.5), 0.8)
        wet_reflection(c, 90, 520, 60, (1, 0.8, 0.5), 0.25, 120)
        # Shelter: glass, a lit panel, you under it.
        c.rectangle(196, 290, 156, 10)
        fill(c, hexrgb("#1c222c"))
        c.rectangle(200, 300, 150, 210)
        fill(c, (0.6, 0.7, 0.8), 0.08)
        rrect(c, 300, 330, 46, 150, 3)
        fill(c, hexrgb("#d8e8f0"))
        glow(c, 323, 405, 110, (0.8, 0.9, 1.0), 0.3)
        silhouette(c, 252, 396, 0.42, (0.05, 0.05, 0.07), style="long")
        self.splash.draw(c, t)
        # The bus, pulling away to the left.
        go = max(0.0, t - 1.1)
        bx = -10 - 60 * go * go
        if bx > -440:
            self.bus(c, bx, t)
        c.restore()
        self.cone.draw(c, t)
        self.rain.draw(c, t)
        vignette(c, 0.9)
        grade(c, (0.2, 0.35, 0.6), 0.25)


class Diner:
    """An all-night diner in the rain, then inside at the counter with the cook."""

    def __init__(self, rng, dur, variant, spans):
        self.v, self.dur, self.spans = variant, dur, spans
        self.rain = Rain(rng, 70, alpha=0.2)
        self.glass = Rain(rng, 40, box=(-20, 0, 130, 300), alpha=0.25, speed=(300, 500), length=(10, 20), slant=0.05)
        self.splash = Splashes(rng, 18, (0, 520, W, 110))
        self.outside_cam = Camera(3.2, (1.0, 1.35), ((180, 360), (170, 390)), shake=0.6, seed=19)
        self.cam = Camera(dur, (1.0, 1.12), ((180, 330), (185, 315)), shake=0.5, seed=20)
        self.cut = 3.2 if variant == "arrive" else -1.0

    def outside(self, c, t):
        self.outside_cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#050814")), (1, hexrgb("#10141e"))])
        c.rectangle(-40, 260, 440, 260)
        fill(c, hexrgb("#1a1a22"))
        c.rectangle(-40, 252, 440, 12)
        fill(c, hexrgb("#2a2a34"))
        # The big window: warm inside, a counter, stools, the cook.
        c.rectangle(10, 310, 270, 150)
        c.set_source(lin(0, 310, 0, 460, [(0, hexrgb("#f4d49a")), (1, hexrgb("#c89058"))]))
        c.fill()
        c.save()
        c.rectangle(10, 310, 270, 150)
        c.clip()
        for k in range(4):
            glow(c, 50 + k * 65, 320, 50, (1, 0.9, 0.6), 0.5)
        silhouette(c, 160, 372, 0.26, (0.3, 0.18, 0.1), style="short")
        c.rectangle(10, 410, 270, 50)
        fill(c, hexrgb("#8a2a2a"))
        c.rectangle(10, 406, 270, 6)
        fill(c, hexrgb("#d8d8d8"))
        for k in range(5):
            c.rectangle(36 + k * 52, 436, 4, 24)
            fill(c, hexrgb("#404040"))
            ellipse(c, 38 + k * 52, 434, 14, 5)
            fill(c, hexrgb("#c03030"))
        c.restore()
        glow(c, 145, 385, 220, (1, 0.75, 0.4), 0.2)
        # The door, with its own little window.
        c.rectangle(292, 320, 58, 190)
        fill(c, hexrgb("#2a2026"))
        c.rectangle(302, 334, 38, 60)
        fill(c, hexrgb("#e8c488"))
        # A neon coffee cup over the window (it flickers).
        on = 0.25 if 1.15 < t < 1.3 or 1.42 < t < 1.5 else 1.0
        c.save()
        c.translate(150, 190)
        for width, a in ((12, 0.15 * on), (6, 0.35 * on), (2.5, 0.95 * on)):
            c.set_line_width(width)
            c.set_source_rgba(1.0, 0.35, 0.6, a)
            c.move_to(-40, -10)
            c.line_to(-34, 40)
            c.curve_to(-30, 52, 30, 52, 34, 40)
            c.line_to(40, -10)
            c.close_path()
            c.stroke()
            c.arc(50, 14, 16, -math.pi / 2, math.pi / 2)
            c.stroke()
            c.set_source_rgba(0.4, 0.9, 1.0, a)
            for k in range(3):
                x = -18 + k * 18
                c.move_to(x, -20)
                c.curve_to(x - 8, -32, x + 8, -40, x, -52)
            c.stroke()
        c.restore()
        glow(c, 150, 200, 120, (1.0, 0.35, 0.6), 0.25 * on)
        c.rectangle(-40, 510, 440, 200)
        c.set_source(lin(0, 510, 0, 660, [(0, hexrgb("#16141a")), (1, hexrgb("#060508"))]))
        c.fill()
        wet_reflection(c, 145, 515, 260, (1, 0.75, 0.4), 0.2, 120)
        wet_reflection(c, 150, 515, 90, (1.0, 0.35, 0.6), 0.2 * on, 110)
        self.splash.draw(c, t)

    def inside(self, c, t):
        self.cam.apply(c, t)
        vpaint(c, [(0, hexrgb("#6a4a34")), (1, hexrgb("#3a281e"))])
        # Tiles, a shelf with cups, the window on the left with the rain.
        c.set_line_width(1)
        for y in range(120, 420, 26):
            c.move_to(-40, y)
            c.line_to(400, y)
        for x in range(110, 400, 26):
            c.move_to(x, 120)
            c.line_to(x, 420)
        c.set_source_rgba(1, 0.9, 0.75, 0.12)
        c.stroke()
        c.save()
        c.rectangle(-20, 60, 120, 300)
        c.clip()
        vpaint(c, [(0, hexrgb("#0a1224")), (1, hexrgb("#1a2238"))], 60, 360)
        glow(c, 40, 240, 40, (1, 0.6, 0.3), 0.5)
        glow(c, 80, 150, 20, (0.5, 0.7, 1.0), 0.5)
        self.glass.draw(c, t)
        c.restore()
        c.rectangle(-20, 60, 120, 300)
        c.set_line_width(8)
        c.set_source_rgb(*hexrgb("#2a1c16"))
        c.stroke()
        c.rectangle(150, 110, 230, 8)
        fill(c, hexrgb("#3a2418"))
        for k in range(5):
            rrect(c, 160 + k * 40, 88, 24, 22, 4)
            fill(c, hexrgb("#e8e4da"))
        # Steam from the grill behind the cook.
        for k in range(5):
            ph = (t * 0.35 + k / 5) % 1.0
            glow(c, 290 + 20 * math.sin(TAU * (ph + k * 0.3)), 380 - 220 * ph, 40 + 40 * ph, (1, 1, 1), 0.12 * (1 - ph), add=False)
        # The cook.
        face(c, 190, 290, 1.0, t, skin="d", hair="#1a1410", style="hat", shirt="#e6e2d8", collar="#c8c2b4",
             talk=talk_env(t, self.spans.get("cook", []), 7.0), smile=0.4, look=-0.2, blink_seed=6,
             light=(1, 0.85, 0.6), light_side=-1)
        # Pendant lamps.
        for lx in (80, 290):
            c.move_to(lx, -20)
            c.line_to(lx, 40)
            c.set_line_width(2)
            c.set_source_rgb(0.1, 0.08, 0.06)
            c.stroke()
            poly(c, [(lx - 26, 70), (lx - 10, 40), (lx + 10, 40), (lx + 26, 70)])
            fill(c, hexrgb("#7a2a1a"))
            glow(c, lx, 80, 150, (1, 0.8, 0.5), 0.4)
        # The counter, and your coffee on it, steaming.
        c.rectangle(-40, 470, 440, 200)
        c.set_source(lin(0, 470, 0, 640, [(0, hexrgb("#9a2a26")), (1, hexrgb("#4a1010"))]))
        c.fill()
        c.rectangle(-40, 452, 440, 22)
        c.set_source(lin(0, 452, 0, 474, [(0, hexrgb("#f0f0f0")), (1, hexrgb("#8a8a90"))]))
        c.fill()
        rrect(c, 90, 410, 54, 50, 6)
        fill(c, hexrgb("#f2eee6"))
        ellipse(c, 117, 412, 27, 6)
        fill(c, hexrgb("#2a160c"))
        c.arc(150, 432, 12, -math.pi / 2, math.pi / 2)
        c.set_line_width(5)
        c.set_source_rgb(*hexrgb("#f2eee6"))
        c.stroke()
        c.set_line_width(2.5)
        for k in range(3):
            c.move_to(104 + k * 12, 404)
            c.curve_to(96 + k * 12 + 10 * math.sin(t * 1.8 + k), 370, 120 + k * 12, 350, 108 + k * 12, 320 - 8 * math.sin(t + k))
        c.set_source_rgba(1, 1, 1, 0.25)
        c.stroke()

    def draw(self, c, t):
        c.save()
        if t < self.cut:
            self.outside(c, t)
            c.restore()
            self.rain.draw(c, t)
            vignette(c, 0.9)
            grade(c, (0.25, 0.3, 0.6), 0.2)
        else:
            self.inside(c, t - max(self.cut, 0))
            c.restore()
            vignette(c, 0.7)
            grade(c, (1.0, 0.7, 0.4), 0.15)


class Dawn:
    """Dawn over the river: the sky going grey to gold, the bus crossing the bridge, birds."""

    def __init__(self, rng, dur):
        self.dur = dur
        self.bld = rng.uniform(0, 1, (14, 2))
        self.flock = [(rng.uniform(-160, -20), rng.uniform(140, 260), rng.uniform(45, 70), rng.uniform(5, 9), rng.uniform(0, 6)) for _ in range(7)]
        self.cam = Camera(dur, (1.12, 1.0), ((180, 370), (180, 330)), shake=0.3, seed=21)

    def draw(self, c, t):
        u = t / self.dur
        c.save()
        self.cam.apply(c, t)
        top = mix(hexrgb("#1a2448"), hexrgb("#3a5a8a"), u)
        mid = mix(hexrgb("#6a5a7a"), hexrgb("#e89a8a"), u)
        low = mix(hexrgb("#c8906a"), hexrgb("#f8b878"), u)
        vpaint(c, [(0, top), (0.45, mid), (0.72, low), (1, low)], -100, 460)
        sy = 470 - 130 * ease(u)
        glow(c, 180, sy, 340, (1.0, 0.6, 0.35), 0.25 + 0.15 * u)
        c.arc(180, sy, 26, 0, TAU)
        fill(c, (1.0, 0.82, 0.55))
        for k, (cy, cw) in enumerate(((170, 200), (230, 150), (120, 240))):
            cx = 60 + k * 110 + 6 * t
            ellipse(c, cx, cy, cw, 9)
            c.set_source(lin(0, cy - 9, 0, cy + 9, [(0, mix(top, mid, 0.6)), (1, mix(low, (1, 0.7, 0.6), 0.5))]))
            c.fill()
        skyline(c, self.bld, 450, mix(hexrgb("#141428"), hexrgb("#3a2a3a"), u), lit=hexrgb("#ffd890"),
                lit_a=0.6 * (1 - u), height=(20, 90))
        # The bridge and the bus on it.
        c.rectangle(-40, 446, 440, 10)
        fill(c, hexrgb("#1a1420"))
        for x in range(-20, 400, 60):
            c.rectangle(x, 456, 8, 30)
            fill(c, hexrgb("#1a1420"))
        bx = -90 + 62 * t
        rrect(c, bx, 420, 84, 26, 5)
        fill(c, hexrgb("#1e4a4a"))
        for k in range(5):
            c.rectangle(bx + 6 + k * 15, 425, 11, 9)
            fill(c, (1, 0.85, 0.55), 0.85)
        glow(c, bx + 86, 438, 30, (1, 0.95, 0.8), 0.5 * (1 - u))
        # The river, with the sun in it.
        c.rectangle(-40, 486, 440, 220)
        c.set_source(lin(0, 486, 0, 660, [(0, mix(low, mid, 0.5)), (1, mix(top, (0, 0, 0), 0.5))]))
        c.fill()
        c.set_line_width(2)
        for k in range(14):
            y = 494 + k * 11
            w = 50 - k * 2.5 + 10 * math.sin(t * 1.5 + k)
            c.move_to(180 - w + 6 * math.sin(t + k * 1.7), y)
            c.line_to(180 + w + 6 * math.sin(t + k * 1.7), y)
        c.set_source_rgba(1.0, 0.9, 0.65, 0.5)
        c.stroke()
        birds(c, t, self.flock)
        c.restore()
        vignette(c, 0.6)
        grade(c, (1.0, 0.7, 0.45), 0.15)


# ---------------------------------------------------------------------------------------------
# Sound beds, one per clip: sb_<what>(rng, dur, spans, seed) -> samples


def voices(rng, dur, spans):
    out = np.zeros(int(dur * SR))
    for k, (who, sp) in enumerate(sorted(spans.items())):
        seed = {"officer": 3.0, "parents": 1.0, "anchor": 4.0, "you": 5.0, "police": 2.0}.get(who, 6.0 + k)
        out += voice(rng, dur, sp, who, seed)
    return out


def sb_ring(rng, dur, spans, ring_stop=None, msg_at=None):
    n = int(dur * SR)
    stop = dur if ring_stop is None else ring_stop
    bed = room(rng, dur, 0.05) + city(rng, dur, 0.04)
    ring = marimba_ring(dur, 0.0, stop, 0.32) + buzz(dur, buzz_spans(dur, 0, stop), 0.22)
    if msg_at is not None:
        place(ring, tone(1318.5, 0.4, 10, ((1, 1), (2, 0.2))), msg_at, 0.3)
        place(ring, tone(1760, 0.5, 8, ((1, 1), (2, 0.2))), msg_at + 0.12, 0.3)
        place(ring, buzz(0.4, [(0, 0.35)], 0.22), msg_at + 0.05)
    return reverb(ring, rng, 0.5, 0.3)[:n] + bed + voices(rng, dur, spans)


def sb_call(rng, dur, spans, office=True):
    bed = room(rng, dur, 0.04)
    line = band(shaped_noise(rng, int(dur * SR), 300, 3400), 300, 3400) * 0.012
    if office:  # a "police office" that sounds like a call centre: phones far off
        far = np.zeros(int(dur * SR))
        for t in (1.1, 4.6):
            place(far, marimba_ring(1.5, 0, 1.0, 1.0), t)
        line += band(far, 400, 2500) * 0.03
    return bed + line + voices(rng, dur, spans)


def sb_dial(rng, dur, spans):
    out = rain(rng, dur, 0.12, inside=False) + city(rng, dur, 0.03)
    keys = ((697, 1209), (697, 1209), (941, 1336))
    for k, (a, b) in enumerate(keys):
        tt = secs(int(0.16 * SR))
        place(out, 0.12 * (np.sin(TAU * a * tt) + np.sin(TAU * b * tt)), 0.25 + k * 0.28)
    tt = secs(int(0.9 * SR))
    place(out, 0.1 * np.sin(TAU * 450 * tt) * np.clip(np.minimum(tt, 0.9 - tt) / 0.02, 0, 1), 1.05)
    return out + voices(rng, dur, spans)


def sb_knock(rng, dur, spans, knocks):
    out = room(rng, dur, 0.05)
    k = np.zeros(int(dur * SR))
    for t in knocks:
        place(k, knock(rng), t, 0.8)
    return out + reverb(k, rng, 0.4, 0.3) + band(voices(rng, dur, spans), 150, 1800)


def sb_open(rng, dur, spans):
    out = room(rng, dur, 0.05)
    fx = np.zeros(int(dur * SR))
    place(fx, knock(rng, 0.3), 0.3)  # the latch
    tt = secs(int(1.4 * SR))
    creak_f = 280 + 140 * tt + 30 * np.sin(TAU * 7 * tt)
    creak = np.sin(TAU * np.cumsum(creak_f) / SR) * (0.5 + 0.5 * np.sin(TAU * 23 * tt)) * np.sin(math.pi * tt / 1.4)
    place(fx, band(creak, 200, 3000), 0.55, 0.12)
    hum = 0.05 * np.sin(TAU * 100 * secs(int(dur * SR))) * ramp_arr(dur, 0.6, 1.6)
    corridor = shaped_noise(rng, int(dur * SR), 100, 3000, 0.8) * 0.05 * ramp_arr(dur, 0.6, 1.6)
    return out + reverb(fx, rng, 0.5, 0.3) + hum + corridor + voices(rng, dur, spans)


def ramp_arr(dur, a, b):
    tt = secs(int(dur * SR))
    u = np.clip((tt - a) / (b - a), 0, 1)
    return u * u * (3 - 2 * u)


def sb_spyhole(rng, dur, spans):
    out = room(rng, dur, 0.04) + 0.02 * np.sin(TAU * 100 * secs(int(dur * SR)))
    bz = buzz(dur, buzz_spans(dur, 2.8), 0.12)
    return out + band(bz, 100, 1500)


def sb_chain(rng, dur, spans):
    out = room(rng, dur, 0.05) + shaped_noise(rng, int(dur * SR), 100, 3000, 0.8) * 0.04
    fx = np.zeros(int(dur * SR))
    for t in rng.uniform(0.55, 0.95, 9):
        place(fx, tone(rng.uniform(2500, 4200), 0.08, 60, ((1, 1), (2.7, 0.5), (5.1, 0.3))), t, 0.15)
    place(fx, knock(rng, 0.5), 0.66)
    return out + reverb(fx, rng, 0.4, 0.25) + voices(rng, dur, spans)


def sb_deadline(rng, dur, spans, beats):
    n = int(dur * SR)
    out = room(rng, dur, 0.04)
    tt = secs(n)
    out += 0.05 * np.sin(TAU * 55 * tt) * ramp_arr(dur, 2, 8)  # a low drone rising
    fx = np.zeros(n)
    for s in range(1, int(dur) + 1):
        m = int(0.02 * SR)
        place(fx, band(rng.standard_normal(m), 1500, 6000) * np.exp(-np.arange(m) / (0.003 * SR)), s, 0.25 if s % 2 else 0.18)
    for b in beats:
        place(fx, tone(52, 0.25, 18), b, 0.5)
        place(fx, tone(46, 0.25, 18), b + 0.22, 0.35)
    return out + reverb(fx, rng, 0.6, 0.2) + voices(rng, dur, spans)


def sb_sent(rng, dur, spans):
    n = int(dur * SR)
    out = room(rng, dur, 0.04)
    fx = np.zeros(n)
    w = shaped_noise(rng, int(0.9 * SR), 500, 6000) * np.sin(math.pi * secs(int(0.9 * SR)) / 0.9) ** 2
    place(fx, w, 0.4, 0.12)
    for k, f in enumerate((880, 660, 440)):
        place(fx, tone(f, 0.2, 3), 2.35 + k * 0.18, 0.18)
    for k in range(3):
        tt = secs(int(0.35 * SR))
        place(fx, 0.08 * np.sin(TAU * 450 * tt), 3.0 + k * 0.7)
    place(fx, knock(rng, 1.0), 5.45)
    place(fx, knock(rng, 0.4), 5.6)
    tt = secs(n)
    fx += 0.05 * np.sin(TAU * 41 * tt) * ramp_arr(dur, 5.5, 6.5)
    return out + reverb(fx, rng, 0.5, 0.25)


def sb_patrol(rng, dur, spans):
    n = int(dur * SR)
    approach = ramp_arr(dur, 0.0, 2.6)
    cut = 1 - ramp_arr(dur, 3.6, 3.9)
    s = (siren(dur, 3.2) * 0.5 + siren(dur, 3.2, 720, 1400, 0.3, yelp=True) * 0.35) * (0.3 + 0.7 * approach) * cut
    s = band(s, 300, 5000) * 0.35
    eng = engine(rng, dur, 30, 0.05, 0.4) * 0.12
    tyres = shaped_noise(rng, n, 400, 5000, 0.3) * 0.08 * (1 - ramp_arr(dur, 2.5, 4.0))
    fx = np.zeros(n)
    for t in (4.5, 4.95):
        place(fx, knock(rng, 1.0), t, 0.6)
    return rain(rng, dur, 0.1) + s + eng + tyres + reverb(fx, rng, 0.5, 0.3) + voices(rng, dur, spans)


def sb_news(rng, dur, spans, buzz_):
    n = int(dur * SR)
    out = room(rng, dur, 0.03) + chirps(rng, dur, 0.8, 0.05)
    tv = np.zeros(n)
    for k, f in enumerate((392, 523.3, 659.3, 784)):
        place(tv, tone(f, 1.2, 2.5, ((1, 1), (2, 0.4), (3, 0.2))), 0.05 * k, 0.12)
    tv += voices(rng, dur, spans)
    out += band(tv, 150, 7000)
    out += buzz(dur, buzz_, 0.18)
    return out


def sb_parents(rng, dur, spans):
    return room(rng, dur, 0.03) + chirps(rng, dur, 0.8, 0.04) * 0.6 + voices(rng, dur, spans)


def sb_window(rng, dur, spans):
    n = int(dur * SR)
    out = rain(rng, dur, 0.14, inside=True) + room(rng, dur, 0.03)
    fx = np.zeros(n)
    place(fx, tone(2200, 0.05, 80), 1.2, 0.1)
    for s in range(1, int(dur) + 1):
        place(fx, tone(3000, 0.02, 200), s - 0.5, 0.05)
    return out + fx



def rattles(rng, dur, rate=6.0, level=0.05):
    """Loose panels of an old bus ticking over bumps."""
    out = np.zeros(int(dur * SR))
    for t in rng.uniform(0, dur, int(dur * rate)):
        place(out, tone(rng.uniform(600, 1800), 0.05, 90, ((1, 1), (2.3, 0.5))), t, level * rng.uniform(0.3, 1))
    return out


def sb_bus(rng, dur, spans, bell_at=None):
    out = engine(rng, dur, 36, 0.05, 0.5) * 0.16 + shaped_noise(rng, int(dur * SR), 80, 2500, 0.6) * 0.05
    out += rattles(rng, dur)
    if bell_at is not None:
        place(out, tone(1400, 1.2, 3, ((1, 1), (2.76, 0.4), (5.4, 0.15))), bell_at, 0.25)
    return out + voices(rng, dur, spans)


def sb_busstop(rng, dur, spans):
    n = int(dur * SR)
    hiss = shaped_noise(rng, int(0.8 * SR), 1500, 9000) * np.exp(-4 * secs(int(0.8 * SR)))
    out = rain(rng, dur, 0.3) + city(rng, dur, 0.03)
    place(out, hiss, 0.2, 0.2)
    away = 1 - ramp_arr(dur, 1.2, 5.0)
    tt = secs(n)
    rev = engine(rng, dur, 32, 0.02, 0.3) * (0.35 * away) * (1 + 0.5 * np.exp(-((tt - 1.4) / 0.5) ** 2))
    return out + band(rev, 30, 2000) * 0.6


def sb_diner(rng, dur, spans, cut=None):
    n = int(dur * SR)
    tt = secs(n)
    inside = np.ones(n) if cut is None else (tt >= cut).astype(float)
    hum = 0.03 * (np.sin(TAU * 60 * tt) + 0.5 * np.sin(TAU * 120 * tt)) + room(rng, dur, 0.03)
    sizzle = shaped_noise(rng, n, 2500, 10000, 0.2) * 0.025 * (1 + 0.3 * np.sin(TAU * 0.4 * tt))
    fx = np.zeros(n)
    for t in rng.uniform(0, dur, int(dur * 0.8)):
        place(fx, tone(rng.uniform(2400, 3800), 0.3, 25, ((1, 1), (2.4, 0.6), (4.1, 0.3))), t, 0.05)
    bed = (hum + sizzle + fx) * (0.25 + 0.75 * inside)
    if cut is not None:
        bed += rain(rng, dur, 0.25) * (1 - inside) + rain(rng, dur, 0.05, inside=True) * inside
        place(bed, tone(1900, 1.0, 4, ((1, 1), (2.76, 0.5), (5.4, 0.2))), 0.7, 0.12)
    else:
        bed += rain(rng, dur, 0.04, inside=True)
    return bed + voices(rng, dur, spans)


def sb_dawn(rng, dur, spans):
    n = int(dur * SR)
    tt = secs(n)
    wind = shaped_noise(rng, n, 60, 1500, 0.8) * 0.04
    bus = engine(rng, dur, 34, 0.03, 0.3) * 0.08 * np.exp(-((tt - 4.0) / 2.2) ** 2)
    return wind + band(bus, 30, 1500) + chirps(rng, dur, 2.2, 0.12) + chirps(rng, dur, 1.0, 0.07, 1800, 3000)


# ---------------------------------------------------------------------------------------------
# The clips: scene, sound bed and captions. Durations come from catalog.json (the segment whose
# src is media/<name>.webm), so a clip is always as long as its segment.
# A cue is (start s, end s, English, Chinese, who speaks or None); a speaker's mouth and voice
# follow the cue's span.

KNOCKS = (0.6, 0.85, 1.1, 5.0, 5.2, 5.4)
BEATS = tuple(5.2 + 0.78 * k for k in range(5))
NEWS_BUZZ = buzz_spans(8.0, 5.6)

CLIPS = {
    "af-ep1-s1": (lambda r, d, s: Bedroom(r, d, "ring"), lambda r, d, s: sb_ring(r, d, s), [
        (0.3, 2.4, "[Phone vibrating]", "[手机振动]", None),
        (2.5, 4.9, "Who calls at midnight?", "谁会半夜打电话？", None),
        (5.0, 8.0, "[Ringing]", "[铃声不断]", None)]),
    "af-ep1-s2": (lambda r, d, s: Bedroom(r, d, "answer"), lambda r, d, s: sb_call(r, d, s, office=False), [
        (0.2, 1.2, "Hello?", "喂？", "you"),
        (1.4, 4.4, "This is your bank's security desk.", "这里是银行安全中心。", "phone"),
        (4.6, 7.8, "Your account is at risk. Stay on the line.", "您的账户有风险，请不要挂断。", "phone")]),
    "af-ep1-s3": (lambda r, d, s: Bedroom(r, d, "missed"), lambda r, d, s: sb_ring(r, d, s, ring_stop=2.4, msg_at=2.75), [
        (0.2, 2.5, "[Ringing]", "[铃声]", None),
        (2.6, 4.0, "[Message tone]", "[短信提示音]", None),
        (4.1, 6.0, "Text: \"URGENT. Call us back.\"", "短信：“紧急，请回电。”", None)]),
    "af-ep2-s1": (lambda r, d, s: VideoCall(r, d, "li", s), lambda r, d, s: sb_call(r, d, s), [
        (0.2, 2.8, "I'm Officer Li, city police.", "我是市公安局的李警官。", "officer"),
        (3.0, 5.6, "Your bank card was used in a crime.", "你的银行卡涉嫌一宗案件。", "officer"),
        (5.8, 7.9, "Tell no one. This is confidential.", "不要告诉任何人，这是机密。", "officer")]),
    "af-ep2-s2": (lambda r, d, s: VideoCall(r, d, "id", s), lambda r, d, s: sb_call(r, d, s), [
        (0.2, 2.4, "[You read out your ID number]", "[你念出了身份证号]", "you"),
        (2.6, 5.0, "Thank you. Now, to protect you...", "谢谢配合。现在，为了保护你……", "officer"),
        (5.2, 7.9, "...move your savings to this safe account.", "……把存款转到这个安全账户。", "officer")]),
    "af-ep2-s3": (lambda r, d, s: VideoCall(r, d, "badge", s), lambda r, d, s: sb_call(r, d, s), [
        (0.2, 1.6, "Your badge number?", "你的警号是多少？", "you"),
        (1.8, 4.2, "Badge 4471.", "警号4471。", "officer"),
        (4.4, 6.9, "He said it too fast. Like a script.", "他答得太快了，像在背稿。", None)]),
    "af-ep2-s4": (lambda r, d, s: Station(r, d, s), lambda r, d, s: sb_dial(r, d, s), [
        (0.2, 1.8, "[Dialling 1-1-0]", "[拨打110]", None),
        (2.0, 4.4, "Police. Hang up on them. Never transfer money.", "这里是110。挂断电话，千万不要转账。", "police"),
        (4.6, 6.9, "Real police never ask for your savings.", "真警察绝不会要你的存款。", "police")]),
    "af-ep3-s1": (lambda r, d, s: Door(r, d, "knock", KNOCKS), lambda r, d, s: sb_knock(r, d, s, KNOCKS), [
        (0.5, 2.0, "[Knocking]", "[敲门声]", None),
        (2.4, 4.4, "Delivery for you!", "您的快递！", "courier"),
        (4.8, 7.8, "I didn't order anything.", "我没买东西啊。", None)]),
    "af-ep3-s2": (lambda r, d, s: Door(r, d, "open"), lambda r, d, s: sb_open(r, d, s), [
        (0.3, 2.0, "[Door opens]", "[开门声]", None),
        (2.2, 4.4, "Someone wants a word with you.", "有人要跟你说话。", "courier"),
        (4.6, 6.9, "Officer Li. On a stranger's phone.", "李警官……在陌生人的手机上。", None)]),
    "af-ep3-s3": (lambda r, d, s: Spyhole(r, d), lambda r, d, s: sb_spyhole(r, d, s), [
        (0.3, 2.5, "Nobody there.", "门外没人。", None),
        (2.8, 5.9, "[A phone buzzes on the doormat]", "[门垫上的手机在振动]", None)]),
    "af-ep3-s4": (lambda r, d, s: Door(r, d, "chain"), lambda r, d, s: sb_chain(r, d, s), [
        (0.3, 2.6, "Open up. Badge 4471.", "开门。警号4471。", "officer"),
        (2.8, 4.6, "The same voice as the call.", "和电话里是同一个声音。", None),
        (4.8, 6.9, "[You keep the chain on]", "[你没有解开门链]", None)]),
    "af-ep4-s1": (lambda r, d, s: Deadline(r, d, BEATS), lambda r, d, s: sb_deadline(r, d, s, BEATS), [
        (0.3, 2.9, "Transfer 50,000 in ten minutes...", "十分钟内转账五万……", "phone"),
        (3.1, 5.5, "...or a warrant goes out for your arrest.", "……否则就对你发逮捕令。", "phone"),
        (5.8, 8.8, "[Clock ticking]", "[时钟滴答]", None)]),
    "af-ep4-s2": (lambda r, d, s: Sent(r, d), lambda r, d, s: sb_sent(r, d, s), [
        (0.3, 2.2, "[Transfer sent]", "[转账已发送]", None),
        (2.4, 4.5, "[The line goes dead]", "[电话断了]", None),
        (4.7, 6.9, "Fifty thousand. Gone.", "五万块，没了。", None)]),
    "af-ep4-s3": (lambda r, d, s: Patrol(r, d, s), lambda r, d, s: sb_patrol(r, d, s), [
        (0.3, 2.3, "[Sirens]", "[警笛声]", None),
        (2.5, 4.4, "On the line: \"They're here! Cut it!\"", "电话那头：“警察来了，快挂！”", "phone"),
        (4.7, 6.9, "Police! Nobody move!", "警察！都别动！", "police")]),
    "af-ep4-s4": (lambda r, d, s: VideoCall(r, d, "silence", s), lambda r, d, s: sb_call(r, d, s), [
        (0.3, 2.6, "Who is Officer Li, really?", "李警官到底是谁？", "you"),
        (2.8, 4.8, "[A long silence]", "[长久的沉默]", None),
        (5.0, 6.9, "[Click. The call has ended]", "[咔嗒，通话结束]", None)]),
    "af-ep5-s1": (lambda r, d, s: News(r, d, s, NEWS_BUZZ), lambda r, d, s: sb_news(r, d, s, NEWS_BUZZ), [
        (0.3, 2.8, "...police broke up a phone-scam ring downtown.", "……警方在市中心捣毁了一个电信诈骗团伙。", "anchor"),
        (3.0, 5.4, "Anyone who was called should come forward.", "接到过此类电话的市民请尽快报案。", "anchor"),
        (5.6, 7.9, "[Phone buzzing]", "[手机振动]", None)]),
    "af-ep5-s2": (lambda r, d, s: VideoCall(r, d, "parents", s), lambda r, d, s: sb_parents(r, d, s), [
        (0.2, 2.6, "Mum, Dad: never transfer money on a call.", "爸、妈：接到电话千万别转账。", "you"),
        (2.7, 4.3, "Hang up, then call 110.", "挂掉，再打110。", "you"),
        (4.4, 5.9, "We will. Thank you, love.", "知道了，谢谢你提醒。", "parents")]),
    "af-ep5-s3": (lambda r, d, s: Window(r, d), lambda r, d, s: sb_window(r, d, s), [
        (0.3, 2.8, "[You delete the number]", "[你删掉了那个号码]", None),
        (3.0, 5.9, "No one needs to know.", "没必要让别人知道。", None)]),
    "ns-ep1-s1": (lambda r, d, s: BusInside(r, d, "last", s), lambda r, d, s: sb_bus(r, d, s, bell_at=5.35), [
        (0.3, 2.6, "[Engine hum]", "[引擎低鸣]", None),
        (2.8, 5.2, "The last bus. One other passenger.", "末班车。只有一位乘客。", None),
        (5.4, 7.9, "[Ding] Next stop: yours.", "[叮] 下一站：到你家了。", None)]),
    "ns-ep1-s2": (lambda r, d, s: BusStop(r, d), lambda r, d, s: sb_busstop(r, d, s), [
        (0.2, 2.4, "[Doors hiss shut]", "[车门嘶地关上]", None),
        (2.6, 5.9, "[Rain. The bus pulls away]", "[雨声。公交车开走了]", None)]),
    "ns-ep1-s3": (lambda r, d, s: BusInside(r, d, "stay", s), lambda r, d, s: sb_bus(r, d, s), [
        (0.6, 2.8, "You missed your stop.", "你坐过站了。", "passenger"),
        (3.0, 5.9, "So did I. Every night.", "我也是。每天晚上都是。", "passenger")]),
    "ns-ep2-s1": (lambda r, d, s: Diner(r, d, "arrive", s), lambda r, d, s: sb_diner(r, d, s, cut=3.2), [
        (0.3, 2.6, "[Rain. A bell over the door]", "[雨声，门铃叮当]", None),
        (3.3, 5.0, "Coffee. Black.", "咖啡，黑的。", "you"),
        (5.1, 6.9, "Coming up.", "马上来。", "cook")]),
    "ns-ep2-s2": (lambda r, d, s: Diner(r, d, "counter", s), lambda r, d, s: sb_diner(r, d, s), [
        (0.3, 3.2, "Rough night?", "今晚不顺？", "cook"),
        (3.4, 6.9, "Aren't they all.", "哪晚顺过。", "you")]),
    "ns-ep3-s1": (lambda r, d, s: Dawn(r, d), lambda r, d, s: sb_dawn(r, d, s), [
        (0.3, 3.5, "[Birdsong]", "[鸟鸣]", None),
        (3.8, 7.8, "The sky turns grey, then gold. Shift's over.", "天空由灰变金。下班了。", None)]),
}

# Posters of episodes and series: (clip whose scene is drawn, at t seconds).
POSTERS = {
    "af-ep1": ("af-ep1-s1", 4.9), "af-ep2": ("af-ep2-s3", 3.0), "af-ep3": ("af-ep3-s1", 6.0),
    "af-ep4": ("af-ep4-s3", 4.2), "af-ep5": ("af-ep5-s1", 6.5),
    "ns-ep1": ("ns-ep1-s2", 0.6), "ns-ep2": ("ns-ep2-s1", 1.6), "ns-ep3": ("ns-ep3-s1", 6.5),
    "anti-fraud": ("af-ep2-s1", 1.0), "night-shift": ("ns-ep1-s1", 2.0),
}


# ---------------------------------------------------------------------------------------------
# Output


def durations():
    import json
    with open(os.path.join(HERE, "catalog.json"), encoding="utf-8") as f:
        cat = json.load(f)
    out = {}
    for series in cat["series"]:
        for ep in series["episodes"]:
            for seg in ep["segments"]:
                src = seg.get("src") or seg["sources"][0]["src"]
                name = os.path.basename(src).rsplit(".", 1)[0]
                out[name] = seg["durationMs"] / 1000
    return out


def spans_of(cues):
    spans = {}
    for a, b, _, _, who in cues:
        if who:
            spans.setdefault(who, []).append((a + 0.1, b - 0.25))
    return spans


def vtt_time(s):
    ms = int(round(s * 1000))
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def write_vtt(path, cues, lang):
    lines = ["WEBVTT", ""]
    for i, cue in enumerate(cues, 1):
        text = cue[2] if lang == "en" else cue[3]
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [str(i), f"{vtt_time(cue[0])} --> {vtt_time(cue[1])}", text, ""]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]


def ffmpeg(args, stdin=None):
    return subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + args, stdin=stdin)


def frame(scene, t):
    surf = cairo.ImageSurface(cairo.FORMAT_RGB24, W, H)
    c = cairo.Context(surf)
    scene.draw(c, t)
    surf.flush()
    return bytes(surf.get_data())


def write_webp(path, data, quality):
    p = ffmpeg(["-f", "rawvideo", "-pix_fmt", "bgr0", "-s", f"{W}x{H}", "-i", "-", "-frames:v", "1",
                "-c:v", "libwebp", "-quality", str(quality), "-compression_level", "6"] + BITEXACT + [path],
               stdin=subprocess.PIPE)
    p.communicate(data)
    if p.returncode:
        sys.exit(f"ffmpeg failed on {path}")


def render(name, dur):
    make_scene, make_sound, cues = CLIPS[name]
    seed = seed_of(name)
    spans = spans_of(cues)
    scene = make_scene(np.random.default_rng(seed), dur, spans)
    audio = finish(make_sound(np.random.default_rng(seed + 1), dur, spans))
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()
    with tempfile.TemporaryDirectory() as tmp:
        wav_path = os.path.join(tmp, "bed.wav")
        with wave.open(wav_path, "wb") as wf:
            wf.setnchannels(1)
            wf.setsampwidth(2)
            wf.setframerate(SR)
            wf.writeframes(pcm)
        out = os.path.join(OUT, name + ".webm")
        p = ffmpeg(["-f", "rawvideo", "-pix_fmt", "bgr0", "-s", f"{W}x{H}", "-r", str(FPS), "-i", "-",
                    "-i", wav_path, "-map", "0:v", "-map", "1:a",
                    "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", str(CRF), "-deadline", "good", "-cpu-used", "2",
                    "-row-mt", "1", "-threads", "2", "-g", str(FPS * 5), "-pix_fmt", "yuv420p",
                    "-c:a", "libopus", "-b:a", "24k", "-ac", "1", "-t", f"{dur:.3f}"] + BITEXACT + [out],
                   stdin=subprocess.PIPE)
        for i in range(int(round(dur * FPS))):
            p.stdin.write(frame(scene, i / FPS))
        p.stdin.close()
        if p.wait():
            sys.exit(f"ffmpeg failed on {out}")
    write_webp(os.path.join(OUT, name + ".webp"), frame(scene, 0.0), 60)
    write_vtt(os.path.join(OUT, name + ".en.vtt"), cues, "en")
    write_vtt(os.path.join(OUT, name + ".zh-CN.vtt"), cues, "zh")


def render_poster(name, dur_of):
    clip, t = POSTERS[name]
    make_scene, _, cues = CLIPS[clip]
    scene = make_scene(np.random.default_rng(seed_of(clip)), dur_of[clip], spans_of(cues))
    write_webp(os.path.join(OUT, name + ".webp"), frame(scene, t), 72)


def main(argv):
    dur_of = durations()
    names = sorted(CLIPS) + sorted(POSTERS)
    if "--list" in argv:
        print("\n".join(names))
        return
    wanted = [a for a in argv if not a.startswith("-")] or names
    unknown = [n for n in wanted if n not in CLIPS and n not in POSTERS]
    if unknown:
        sys.exit(f"unknown: {' '.join(unknown)} (see --list)")
    missing = [n for n in CLIPS if n not in dur_of]
    if missing:
        sys.exit(f"not in catalog.json: {' '.join(missing)}")
    os.makedirs(OUT, exist_ok=True)
    for n in wanted:
        print(n, flush=True)
        if n in CLIPS:
            render(n, dur_of[n])
        else:
            render_poster(n, dur_of)


if __name__ == "__main__":
    main(sys.argv[1:])
