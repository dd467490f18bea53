"""The body chart's vocabulary: zones, sides, symptom kinds, and how far down the leg.

Zones are the ones worth telling apart in low-back and sciatic pain (shared/domain.md),
each marked left or right. ``level`` says how far down the leg a zone sits: 0 the
back itself, 1 the buttock and the top of the leg, up to 5 the foot. The furthest
level marked is what "centralising" (it moves up) and "peripheralising" (it moves
down) compare between two charts.

Each zone also carries its drawing: the view (front or back) and a rectangle on
that view's 200 x 420 canvas for the client's left side; the right side is the
mirror image (front: the client's right is on the viewer's left; back: the other
way round).
"""

from __future__ import annotations

from dataclasses import dataclass

# The form fields' prefix: "chart_calf_left".
PREFIX = "chart_"
FRONT = "front"
BACK = "back"
SIDES = [("left", "Left"), ("right", "Right")]
SIDE_LABELS = dict(SIDES)

# In the order tapping a zone cycles through them.
KINDS = [
    ("pain", "Pain"),
    ("ache", "Ache"),
    ("burning", "Burning"),
    ("tingling", "Tingling (pins and needles)"),
    ("numbness", "Numbness"),
]
KIND_LABELS = dict(KINDS)
# The legend's colours and a one-letter mark, so a kind is never told by colour alone.
KIND_STYLE = {
    "pain": ("#b3261e", "P"),
    "ache": ("#c25e00", "A"),
    "burning": ("#7b1fa2", "B"),
    "tingling": ("#1565c0", "T"),
    "numbness": ("#2e7d32", "N"),
}


@dataclass(frozen=True)
class Zone:
    code: str
    label: str
    level: int
    view: str
    # The client's LEFT side on the view: x, y, width, height.
    box: tuple[int, int, int, int]


# Top to bottom, the order the list view and the summaries use.
ZONES = [
    Zone("low_back", "Low back", 0, BACK, (74, 118, 25, 28)),
    Zone("sacrum", "Sacrum", 0, BACK, (87, 147, 13, 16)),
    Zone("buttock", "Buttock", 1, BACK, (66, 164, 33, 38)),
    Zone("hip_outer", "Outer hip", 1, FRONT, (133, 150, 11, 42)),
    Zone("groin", "Groin", 1, FRONT, (102, 164, 18, 20)),
    Zone("saddle", "Saddle area", 1, FRONT, (100, 185, 11, 15)),
    Zone("thigh_front", "Front of the thigh", 2, FRONT, (102, 200, 23, 84)),
    Zone("thigh_outer", "Outer thigh", 2, FRONT, (126, 200, 10, 84)),
    Zone("thigh_back", "Back of the thigh", 2, BACK, (66, 204, 33, 80)),
    Zone("knee_back", "Back of the knee", 3, BACK, (70, 286, 27, 22)),
    Zone("calf", "Calf", 4, BACK, (70, 310, 27, 64)),
    Zone("shin", "Shin", 4, FRONT, (104, 310, 26, 64)),
    Zone("foot_top", "Top of the foot", 5, FRONT, (104, 377, 30, 22)),
    Zone("foot_sole", "Sole of the foot", 5, BACK, (66, 377, 30, 22)),
]
ZONE_BY_CODE = {zone.code: zone for zone in ZONES}
# The red-flag zone: numbness there is one of the cauda-equina signs.
SADDLE = "saddle"

LEVEL_WORDS = {
    0: "the back only",
    1: "the buttock or hip",
    2: "the thigh",
    3: "the knee",
    4: "the lower leg",
    5: "the foot",
}


def zone_label(code: str, side: str) -> str:
    """ "Left calf", "Right sole of the foot"."""
    return f"{SIDE_LABELS[side]} {ZONE_BY_CODE[code].label.lower()}"


def field_name(code: str, side: str) -> str:
    return f"{code}_{side}"


def box_for(zone: Zone, side: str) -> tuple[int, int, int, int]:
    """The zone's rectangle for ``side`` on its view (the mirror of the left side's
    when the side is drawn on the other half)."""
    x, y, w, h = zone.box
    left_on_viewers_right = zone.view == FRONT
    on_right_half = (side == "left") == left_on_viewers_right
    # The boxes are given for the client's left: on the front that is the viewer's right.
    given_on_right_half = left_on_viewers_right
    if on_right_half != given_on_right_half:
        x = 200 - x - w
    return x, y, w, h


def furthest_level(marks) -> int | None:
    """How far down the leg the furthest marked zone sits; None without any mark.

    ``marks`` is any iterable of zone codes."""
    levels = [ZONE_BY_CODE[code].level for code in marks if code in ZONE_BY_CODE]
    return max(levels) if levels else None


def marks_by_field(marks) -> dict[str, str]:
    """{"calf_left": "tingling", ...} from BodyChartMark rows."""
    return {field_name(mark.zone, mark.side): mark.kind for mark in marks}


def mark_rows(marks) -> list[tuple[str, str]]:
    """("Left calf", "Tingling (pins and needles)") per mark, top of the body first."""
    order = {zone.code: index for index, zone in enumerate(ZONES)}
    ordered = sorted(marks, key=lambda m: (order.get(m.zone, len(order)), m.side))
    return [(zone_label(m.zone, m.side), KIND_LABELS.get(m.kind, m.kind)) for m in ordered]
