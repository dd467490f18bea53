"""A person standing square to the camera, drawn with Pillow for the pose-model test.

The project draws it itself, so it may ship under the project's own licence, and
every joint is where the drawing put it: the points a practitioner would place are
known exactly, not marked by eye. The pose model (static/vendor/mediapipe-pose/)
finds a person in it: a face with eyes, nose and mouth, a shirt, trousers, hands
and shoes, in proportions of a real body (about 7.5 heads tall).

Front view, as the posture page shows it: the person's right is on the picture's left.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 320, 640
SKIN, SHIRT, TROUSERS = (224, 180, 150), (60, 110, 170), (50, 55, 70)
HAIR, SHOE, SOCK = (60, 40, 30), (30, 30, 30), (235, 235, 230)

# Each joint (x, y) in picture pixels, by the name the posture editor gives its point.
JOINTS = {
    "Right shoulder (acromion)": (112, 150),
    "Left shoulder (acromion)": (208, 150),
    "Right outer hip (greater trochanter)": (128, 318),
    "Left outer hip (greater trochanter)": (192, 318),
    "Right knee": (130, 445),
    "Left knee": (190, 445),
    "Right ankle": (132, 560),
    "Left ankle": (188, 560),
}
ELBOWS = {"right": (100, 240), "left": (220, 240)}
WRISTS = {"right": (96, 320), "left": (224, 320)}


def _limb(draw, start, end, start_width, end_width, fill) -> None:
    """A rounded, tapering segment from ``start`` to ``end``."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    draw.polygon(
        [
            (x1 + nx * start_width / 2, y1 + ny * start_width / 2),
            (x2 + nx * end_width / 2, y2 + ny * end_width / 2),
            (x2 - nx * end_width / 2, y2 - ny * end_width / 2),
            (x1 - nx * start_width / 2, y1 - ny * start_width / 2),
        ],
        fill=fill,
    )
    for (x, y), width in ((start, start_width), (end, end_width)):
        draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=fill)


def draw() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), (228, 226, 220))  # a plain wall
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 520, WIDTH, HEIGHT], fill=(190, 180, 165))  # the floor
    for side, outward in (("Right", -1), ("Left", 1)):
        hip = JOINTS[f"{side} outer hip (greater trochanter)"]
        knee, ankle = JOINTS[f"{side} knee"], JOINTS[f"{side} ankle"]
        _limb(pen, ankle, (ankle[0], ankle[1] - 14), 16, 16, SOCK)
        _limb(pen, hip, knee, 44, 32, TROUSERS)
        _limb(pen, knee, (ankle[0], ankle[1] - 12), 32, 24, TROUSERS)
        toe = ankle[0] + 6 * outward
        pen.ellipse([toe - 16, ankle[1] - 2, toe + 16, ankle[1] + 20], fill=SHOE)
    pen.polygon([(100, 145), (220, 145), (204, 330), (116, 330)], fill=SHIRT)
    pen.rectangle([116, 300, 204, 335], fill=TROUSERS)
    for side in ("Right", "Left"):
        elbow, wrist = ELBOWS[side.lower()], WRISTS[side.lower()]
        _limb(pen, JOINTS[f"{side} shoulder (acromion)"], elbow, 30, 24, SHIRT)
        _limb(pen, elbow, wrist, 22, 18, SKIN)
        pen.ellipse([wrist[0] - 10, wrist[1] - 4, wrist[0] + 10, wrist[1] + 24], fill=SKIN)
    pen.rectangle([148, 110, 172, 150], fill=SKIN)  # the neck
    pen.ellipse([132, 52, 188, 124], fill=SKIN)
    pen.chord([130, 44, 190, 100], 180, 360, fill=HAIR)
    pen.ellipse([128, 80, 138, 98], fill=SKIN)
    pen.ellipse([182, 80, 192, 98], fill=SKIN)
    for eye in (149, 171):
        pen.ellipse([eye - 6, 82, eye + 6, 89], fill=(250, 250, 250))
        pen.ellipse([eye - 3, 82, eye + 3, 89], fill=HAIR)
        pen.line([eye - 8, 76, eye + 7, 75], fill=HAIR, width=3)
    pen.polygon([(160, 88), (155, 103), (165, 103)], fill=(200, 150, 120))
    pen.line([150, 111, 170, 111], fill=(160, 80, 80), width=3)
    return image.filter(ImageFilter.GaussianBlur(0.8))  # soft edges, as a camera gives


def save(path: Path) -> Path:
    draw().save(path, format="JPEG", quality=92)
    return path
