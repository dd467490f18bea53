"""The portal's app icon, drawn once from the shapes below: the SVG source and the PNGs
(``manage.py make_app_icons``) come from the same numbers, so they never drift apart.

The figure is the favicon's: a person with arms out on the clinic's green. The
"maskable" icon keeps the figure inside the middle 80 % that Android may crop to.
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw

THEME_COLOUR = "#1f6f5c"
FIGURE_COLOUR = "#ffffff"
VIEWBOX = 64
CORNER = 14  # rounded square (the "any" icon); the maskable one is a full square
HEAD = (32, 15, 6)  # cx, cy, r
STROKE = 6
LIMBS = (((32, 23), (32, 43)), ((20, 30), (44, 30)), ((32, 43), (23, 56)), ((32, 43), (41, 56)))
MASKABLE_SCALE = 0.7  # the figure's share of a maskable icon (safe zone: 80 %)

# (file name under static/img/, size in px, maskable)
PNGS = (
    ("app-icon-192.png", 192, False),
    ("app-icon-512.png", 512, False),
    ("app-icon-maskable-512.png", 512, True),
    ("apple-touch-icon.png", 180, True),  # iOS rounds the corners itself
)
SVG_NAME = "app-icon.svg"


def svg() -> str:
    (cx, cy, r) = HEAD
    limbs = "".join(f"M{a[0]} {a[1]}L{b[0]} {b[1]}" for a, b in LIMBS)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEWBOX} {VIEWBOX}">'
        f'<rect width="{VIEWBOX}" height="{VIEWBOX}" rx="{CORNER}" fill="{THEME_COLOUR}"/>'
        f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{FIGURE_COLOUR}"/>'
        f'<path d="{limbs}" stroke="{FIGURE_COLOUR}" stroke-width="{STROKE}" '
        'stroke-linecap="round" fill="none"/></svg>\n'
    )


def png(size: int, *, maskable: bool) -> bytes:
    """The icon at ``size`` px, drawn four times larger and scaled down for smooth edges."""
    big = size * 4
    unit = big / VIEWBOX
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=THEME_COLOUR)
        scale, offset = MASKABLE_SCALE * unit, big * (1 - MASKABLE_SCALE) / 2
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=CORNER * unit, fill=THEME_COLOUR)
        scale, offset = unit, 0.0

    def point(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    cx, cy, r = HEAD
    x, y = point(cx, cy)
    draw.ellipse((x - r * scale, y - r * scale, x + r * scale, y + r * scale), fill=FIGURE_COLOUR)
    half = STROKE * scale / 2
    for a, b in LIMBS:
        draw.line((point(*a), point(*b)), fill=FIGURE_COLOUR, width=round(STROKE * scale))
        for end in (a, b):  # round caps
            ex, ey = point(*end)
            draw.ellipse((ex - half, ey - half, ex + half, ey + half), fill=FIGURE_COLOUR)
    out = BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()
