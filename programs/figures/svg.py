"""Draw a figure's poses and equipment as SVG: a still of one pose, or a loop between two.

Everything here is built from the numbers in ``programs.figures.library``; the
only text is the figure's own description, escaped. Colours are presentation
attributes (not ``style``), so the pictures need no inline CSS under the site's
content security policy and look the same in a browser, a PDF and the contact
sheet. The animation is SVG's own (``<animate>``); the page's CSS decides whether
it is shown at all (not to those who ask for reduced motion).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.html import escape

from programs.figures.body import Skeleton, angle_of, between, resolve, step

NEAR = "#1d3a5f"
FAR = "#8ea2bb"
SKIN = "#1d3a5f"
GLOW = "#e4572e"
ARROW = "#c2410c"
COLOURS = {
    "mat": "#6aa88f",
    "chair": "#7a5230",
    "ball": "#d62839",
    "roller": "#2f7fc1",
    "band": "#f2a900",
    "wall": "#b9bec6",
    "post": "#6b7280",
    "floor": "#4b5563",
}
WIDTHS = {"torso": 15, "leg": 10, "arm": 8, "band": 4}
FLOOR_Y = 0.0
PADDING = 8.0
FRAMES = 8  # poses per movement in the animated loop
LOOP_SECONDS = 5


@dataclass(frozen=True)
class Figure:
    """An exercise's key poses (start and end), its equipment and its marks."""

    key: str
    title: str  # what a screen reader hears for the picture as a whole
    start_text: str
    end_text: str
    start: Mapping
    end: Mapping
    equipment: tuple = ()
    marks: tuple = field(default=())  # arrows and highlights, drawn on the end pose
    floor: bool = True  # False for a view from above, where the mat lies behind the body


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _xy(point) -> str:
    return f"{_fmt(point[0])} {_fmt(-point[1])}"


def _path(points) -> str:
    return "M" + " L".join(_xy(p) for p in points)


def _where(spec, skeleton: Skeleton):
    if isinstance(spec[0], str):
        base = skeleton[spec[0]]
        return base[0] + spec[1], base[1] + spec[2]
    return spec


# Parts of the body and the moving equipment, each as (tag, attributes-that-move,
# fixed attributes). Every frame yields the same parts in the same order, so the
# animation can move each part from frame to frame.


def _body_parts(skeleton: Skeleton) -> list[tuple[str, dict, dict]]:
    parts = []
    for side, colour in (("far", FAR), ("near", NEAR)):
        if side == "near":
            trunk = [skeleton["pelvis"], skeleton["shoulders"], skeleton["neck"]]
            parts.append(("path", {"d": _path(trunk)}, _stroke(NEAR, WIDTHS["torso"])))
            # Hip and shoulder girdles: a dot seen side on, a bar seen from the front.
            for joint in ("hip", "shoulder"):
                girdle = [skeleton[f"far_{joint}"], skeleton[f"near_{joint}"]]
                parts.append(("path", {"d": _path(girdle)}, _stroke(NEAR, WIDTHS["leg"])))
            parts.extend(_head(skeleton))
        leg = [skeleton[f"{side}_{j}"] for j in ("hip", "knee", "ankle", "toe")]
        arm = [skeleton[f"{side}_{j}"] for j in ("shoulder", "elbow", "wrist")]
        parts.append(("path", {"d": _path(leg)}, _stroke(colour, WIDTHS["leg"])))
        parts.append(("path", {"d": _path(arm)}, _stroke(colour, WIDTHS["arm"])))
    return parts


def _head(skeleton: Skeleton) -> list[tuple[str, dict, dict]]:
    centre = skeleton["head"]
    radius = 10.0
    head = (
        "circle",
        {"cx": _fmt(centre[0]), "cy": _fmt(-centre[1])},
        {"r": _fmt(radius), "fill": SKIN},
    )
    if skeleton.face is None:  # facing the viewer: no profile to mark
        return [head]
    tip = step(centre, skeleton.face, radius + 4)
    base = [step(centre, skeleton.face + turn, radius - 1) for turn in (-35, 35)]
    nose = ("path", {"d": _path([base[0], tip, base[1]]) + "Z"}, {"fill": SKIN})
    return [head, nose]


def _stroke(colour: str, width: float) -> dict:
    return {
        "fill": "none",
        "stroke": colour,
        "stroke-width": _fmt(width),
        "stroke-linecap": "round",
        "stroke-linejoin": "round",
    }


def _moving_equipment(item: Mapping, skeleton: Skeleton) -> list[tuple[str, dict, dict]]:
    kind = item["kind"]
    if kind == "ball":
        centre = _where(item["at"], skeleton)
        return [
            (
                "circle",
                {"cx": _fmt(centre[0]), "cy": _fmt(-centre[1])},
                {"r": _fmt(item.get("r", 6)), "fill": COLOURS["ball"]},
            )
        ]
    if kind == "band":
        points = [_where(p, skeleton) for p in item["points"]]
        return [("path", {"d": _path(points)}, _stroke(COLOURS["band"], WIDTHS["band"]))]
    return []


MOVING = {"ball", "band"}


def _fixed_equipment(item: Mapping) -> list[str]:
    return FIXED_DRAWERS[item["kind"]](item)


def _mat(item):
    """Seen edge on, or (with ``depth``) from above and in front, as a strip behind the body."""
    x0, x1 = item["from"], item["to"]
    depth = item.get("depth", 3)
    opacity = ' fill-opacity="0.35"' if "depth" in item else ""
    return [
        f'<rect x="{_fmt(x0)}" y="{_fmt(-depth)}" width="{_fmt(x1 - x0)}" height="{_fmt(depth)}" '
        f'rx="1.5" fill="{COLOURS["mat"]}"{opacity}/>'
    ]


def _chair(item):
    """Side view; ``x`` is the backrest, the seat runs towards ``facing``."""
    x, colour = item["x"], COLOURS["chair"]
    depth = 42 if item.get("facing", "right") == "right" else -42
    seat = item.get("seat", 45)
    front = x + depth
    width = _stroke(colour, 4)
    attrs = " ".join(f'{k}="{v}"' for k, v in width.items())
    lines = [
        _path([(x, seat), (front, seat)]),
        _path([(x, 0), (x, seat + 45)]),
        _path([(front, 0), (front, seat)]),
    ]
    return [f'<path d="{d}" {attrs}/>' for d in lines]


def _wall(item):
    x = item["x"]
    thick = 8 if item.get("side", "left") == "left" else -8
    left = min(x, x - thick)
    return [
        f'<rect x="{_fmt(left)}" y="-200" width="8" height="200" fill="{COLOURS["wall"]}"/>',
        *(
            f'<path d="{_path([(left, y), (left + 8, y + 8)])}" stroke="#8a919b" stroke-width="1"/>'
            for y in range(4, 196, 12)
        ),
    ]


def _roller(item):
    x, y = item["at"]
    r = item.get("r", 9)
    return [
        f'<circle cx="{_fmt(x)}" cy="{_fmt(-y)}" r="{_fmt(r)}" fill="{COLOURS["roller"]}"/>',
        f'<circle cx="{_fmt(x)}" cy="{_fmt(-y)}" r="{_fmt(r * 0.45)}" fill="none" '
        f'stroke="#d9e9f7" stroke-width="1.5"/>',
    ]


def _post(item):
    x, height = item["x"], item.get("h", 30)
    return [
        f'<rect x="{_fmt(x - 3)}" y="{_fmt(-height)}" width="6" height="{_fmt(height)}" '
        f'fill="{COLOURS["post"]}"/>'
    ]


def _chair_front(item):
    """A chair seen from the front: the seat, its front legs and the backrest's posts."""
    x, seat = item["x"], item.get("seat", 45)
    attrs = " ".join(f'{k}="{v}"' for k, v in _stroke(COLOURS["chair"], 4).items())
    lines = [
        _path([(x - 24, seat), (x + 24, seat)]),
        _path([(x - 22, 0), (x - 22, seat)]),
        _path([(x + 22, 0), (x + 22, seat)]),
        _path([(x - 24, seat), (x - 24, seat + 45)]),
        _path([(x + 24, seat), (x + 24, seat + 45)]),
        _path([(x - 24, seat + 45), (x + 24, seat + 45)]),
    ]
    return [f'<path d="{d}" {attrs}/>' for d in lines]


FIXED_DRAWERS: dict[str, Callable[[Mapping], list[str]]] = {
    "mat": _mat,
    "chair": _chair,
    "wall": _wall,
    "roller": _roller,
    "post": _post,
    "chair_front": _chair_front,
}


def _marks(figure: Figure, start: Skeleton, end: Skeleton) -> list[str]:
    out = []
    for mark in figure.marks:
        if mark["kind"] == "arrow":
            begin, finish = _where(mark["from"], start), _where(mark["to"], end)
            out.extend(_arrow(begin, finish, mark.get("bow", 0.0)))
        elif mark["kind"] == "glow":
            centre = _where(mark["at"], end)
            out.append(
                f'<circle cx="{_fmt(centre[0])}" cy="{_fmt(-centre[1])}" '
                f'r="{_fmt(mark.get("r", 11))}" fill="{GLOW}" fill-opacity="0.45"/>'
            )
    return out


def _arrow(begin, finish, bow: float) -> list[str]:
    """A curved arrow from ``begin`` to ``finish``; ``bow`` bends it (a fraction of its length)."""
    length = math.dist(begin, finish)
    direction = angle_of(begin, finish)
    middle = ((begin[0] + finish[0]) / 2, (begin[1] + finish[1]) / 2)
    control = step(middle, direction + 90, bow * length)
    head_angle = angle_of(control, finish)
    wings = [step(finish, head_angle + 180 + turn, 7) for turn in (-28, 28)]
    stroke = " ".join(f'{k}="{v}"' for k, v in _stroke(ARROW, 3).items())
    curve = f"M{_xy(begin)} Q{_xy(control)} {_xy(finish)}"
    return [
        f'<path d="{curve}" {stroke} stroke-dasharray="5 4"/>',
        f'<path d="{_path([wings[0], finish, wings[1]])}Z" fill="{ARROW}"/>',
    ]


def _parts(figure: Figure, skeleton: Skeleton) -> list[tuple[str, dict, dict]]:
    moving = []
    for item in figure.equipment:
        if item["kind"] in MOVING and not item.get("front"):
            moving.extend(_moving_equipment(item, skeleton))
    moving.extend(_body_parts(skeleton))
    for item in figure.equipment:
        if item["kind"] in MOVING and item.get("front"):
            moving.extend(_moving_equipment(item, skeleton))
    return moving


def _element(tag: str, attrs: dict, fixed: dict, inner: str = "") -> str:
    text = " ".join(f'{k}="{v}"' for k, v in {**attrs, **fixed}.items())
    return f"<{tag} {text}>{inner}</{tag}>" if inner else f"<{tag} {text}/>"


def _bounds(figure: Figure, skeletons: list[Skeleton]) -> tuple[float, float, float, float]:
    xs, ys = [], [FLOOR_Y]
    for skeleton in skeletons:
        for x, y in skeleton.joints.values():
            xs.append(x)
            ys.append(y)
        hx, hy = skeleton["head"]
        xs.extend([hx - 14, hx + 14])
        ys.extend([hy - 14, hy + 14])
    for item in figure.equipment:
        kind = item["kind"]
        if kind == "mat":
            xs.extend([item["from"], item["to"]])
            ys.append(item.get("depth", 3))
        elif kind == "chair":
            depth = 42 if item.get("facing", "right") == "right" else -42
            xs.extend([item["x"], item["x"] + depth])
            ys.append(item.get("seat", 45) + 45)
        elif kind == "wall":
            xs.extend([item["x"] - 8, item["x"] + 8])
        elif kind == "roller":
            xs.extend([item["at"][0] - 10, item["at"][0] + 10])
        elif kind == "chair_front":
            xs.extend([item["x"] - 26, item["x"] + 26])
            ys.append(item.get("seat", 45) + 45)
        elif kind == "post":
            xs.append(item["x"])
            ys.append(item.get("h", 30))
    left, right = min(xs) - PADDING, max(xs) + PADDING
    bottom, top = min(ys) - PADDING, max(ys) + PADDING
    return left, -top, right - left, top - bottom


def _frame(figure: Figure) -> tuple[list[Skeleton], tuple]:
    """Every pose of the loop (start, in-betweens, end) and the box that holds them all."""
    poses = [between(figure.start, figure.end, _ease(i / FRAMES)) for i in range(FRAMES + 1)]
    skeletons = [resolve(pose) for pose in poses]
    return skeletons, _bounds(figure, skeletons)


def _ease(t: float) -> float:
    return t * t * (3 - 2 * t)


def _open(box, label: str, extra: str = "") -> str:
    left, top, width, height = box
    view = " ".join(_fmt(v) for v in (left, top, width, height))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" '
        f'width="{_fmt(width * 2)}" height="{_fmt(height * 2)}" role="img" '
        f'aria-label="{escape(label)}" class="figure-svg{extra}" focusable="false">'
        f"<title>{escape(label)}</title>"
    )


def _scenery(figure: Figure, box) -> list[str]:
    left, _top, width, _height = box
    floor = (
        f'<path d="M{_fmt(left)} 0 H{_fmt(left + width)}" stroke="{COLOURS["floor"]}" '
        'stroke-width="2"/>'
    )
    fixed = [floor] if figure.floor else []
    for item in figure.equipment:
        if item["kind"] not in MOVING:
            fixed.extend(_fixed_equipment(item))
    return fixed


def still(figure: Figure, which: str) -> str:
    """One pose ("start" or "end") as an SVG document."""
    skeletons, box = _frame(figure)
    skeleton = skeletons[0] if which == "start" else skeletons[-1]
    label = figure.start_text if which == "start" else figure.end_text
    body = [_element(tag, attrs, fixed) for tag, attrs, fixed in _parts(figure, skeleton)]
    marks = _marks(figure, skeletons[0], skeletons[-1]) if which == "end" else []
    return "".join([_open(box, label), *_scenery(figure, box), *body, *marks, "</svg>"])


def animated(figure: Figure) -> str:
    """The loop start → end → start as one SVG, each part moving through every frame."""
    skeletons, box = _frame(figure)
    frames = [_parts(figure, skeleton) for skeleton in skeletons]
    # Hold at the start and the end; the way back retraces the way there.
    order = [0, *range(FRAMES + 1), FRAMES, *range(FRAMES - 1, -1, -1)]
    times = [0.0, *(0.15 + 0.3 * i / FRAMES for i in range(FRAMES + 1))]
    times += [0.65, *(0.65 + 0.3 * (i + 1) / FRAMES for i in range(FRAMES))]
    times[-1] = 0.95
    order.append(0)
    times.append(1.0)
    key_times = ";".join(f"{t:.4f}" for t in times)
    elements = []
    for index, (tag, attrs, fixed) in enumerate(frames[0]):
        animations = "".join(
            f'<animate attributeName="{name}" dur="{LOOP_SECONDS}s" repeatCount="indefinite" '
            f'keyTimes="{key_times}" '
            f'values="{";".join(frames[i][index][1][name] for i in order)}"/>'
            for name in attrs
        )
        elements.append(_element(tag, attrs, fixed, animations))
    label = f"{figure.title} (moving picture)"
    return "".join(
        [_open(box, label, " figure-motion-svg"), *_scenery(figure, box), *elements, "</svg>"]
    )
