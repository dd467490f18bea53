"""Posture measures from landmark points on one photo: the only place they are computed.

Points are (x, y) in the stored photo's pixels, y growing downwards as in every image.
Each function states its convention; tests/clients/posture/test_measures.py holds a worked
example, computed by hand, for each. static/js/posture-editor.js mirrors these formulas
for the live display while points move; what is saved and shown afterwards comes from here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from clients.posture.landmarks import BACK, FRONT, SIDE_VIEWS

Point = tuple[float, float]


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    value: float  # rounded to one decimal
    unit: str  # "°" or "mm" or "px"
    direction: str  # machine word: "left", "right", "anterior", "forward", "level", ...
    description: str  # plain words for the page, e.g. "lower on the right"


def _r(value: float) -> float:
    return round(value + 0.0, 1)


def tilt(left: Point, right: Point) -> tuple[float, str]:
    """Angle to the horizontal of the line from the left to the right point, and which
    side is lower ("left", "right" or "level"). The angle does not depend on which side of
    the picture each point is, so front and back views read the same way.

    Left shoulder (100, 500), right (300, 520): atan(20 / 200) = 5.7°, lower on the right.
    """
    dy = right[1] - left[1]
    dx = abs(right[0] - left[0])
    degrees = math.degrees(math.atan2(abs(dy), dx))
    lower = "right" if dy > 0 else "left" if dy < 0 else "level"
    return degrees, lower


def mm_per_pixel(a: Point, b: Point, distance_mm: float) -> float | None:
    """The scale from two points a known distance apart; None if they coincide."""
    pixels = math.dist(a, b)
    if pixels == 0 or distance_mm <= 0:
        return None
    return distance_mm / pixels


def height_difference(left: Point, right: Point, scale: float) -> float:
    """Vertical distance between two points in mm, at ``scale`` mm per pixel."""
    return abs(right[1] - left[1]) * scale


def angle_at(a: Point, vertex: Point, b: Point) -> float:
    """The angle a-vertex-b in degrees (180 = the three points in a straight line)."""
    first = (a[0] - vertex[0], a[1] - vertex[1])
    second = (b[0] - vertex[0], b[1] - vertex[1])
    norms = math.hypot(*first) * math.hypot(*second)
    if norms == 0:
        return 0.0
    cosine = (first[0] * second[0] + first[1] * second[1]) / norms
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def craniovertebral(c7: Point, ear: Point) -> float:
    """Angle between the horizontal through C7 and the line from C7 to the ear (tragus).
    Smaller = head further forward. C7 (500, 400), ear (560, 330): atan(70 / 60) = 49.4°."""
    return math.degrees(math.atan2(c7[1] - ear[1], abs(ear[0] - c7[0])))


def sagittal_tilt(asis: Point, psis: Point) -> tuple[float, str]:
    """Angle of the ASIS-PSIS line to the horizontal on a side view, and its direction:
    "anterior" when the front hip bone sits lower than the back one.
    ASIS (600, 700), PSIS (480, 680): atan(20 / 120) = 9.5° anterior."""
    dy = asis[1] - psis[1]
    degrees = math.degrees(math.atan2(abs(dy), abs(asis[0] - psis[0])))
    return degrees, "anterior" if dy > 0 else "posterior" if dy < 0 else "level"


def facing(points: dict[str, Point]) -> int:
    """+1 if the client faces the right of the picture on a side view, -1 if the left,
    0 if the points cannot tell: the front hip bone is ahead of the back one, and the ear
    ahead of C7."""
    for front, back in (("asis", "psis"), ("ear", "c7")):
        if front in points and back in points and points[front][0] != points[back][0]:
            return 1 if points[front][0] > points[back][0] else -1
    return 0


def plumb_x(view: str, points: dict[str, Point]) -> float | None:
    """Where the plumb line is: the placed plumb-line point if any, else through the ankle
    (side views) or midway between the ankles (front and back)."""
    if "plumb" in points:
        return points["plumb"][0]
    if view in SIDE_VIEWS:
        return points["ankle"][0] if "ankle" in points else None
    if "ankle_l" in points and "ankle_r" in points:
        return (points["ankle_l"][0] + points["ankle_r"][0]) / 2
    return None


def _client_side(view: str, dx: float) -> str:
    """Which of the client's sides an offset of ``dx`` pixels (positive = to the right of
    the picture) points to: on a front view the client's left is on the picture's right."""
    if dx == 0:
        return "centre"
    to_picture_right = dx > 0
    if view == FRONT:
        return "left" if to_picture_right else "right"
    return "right" if to_picture_right else "left"


def _distance(pixels: float, scale: float | None) -> tuple[float, str]:
    return (_r(pixels * scale), "mm") if scale else (_r(pixels), "px")


def _tilt_measure(code, label, left, right, scale) -> list[Measure]:
    degrees, lower = tilt(left, right)
    words = "level" if lower == "level" else f"lower on the {lower}"
    found = [Measure(code, label, _r(degrees), "°", lower, words)]
    if scale:
        found.append(
            Measure(
                f"{code}_mm",
                f"{label}: height difference",
                _r(height_difference(left, right, scale)),
                "mm",
                lower,
                words,
            )
        )
    return found


def _pelvis_pair(view: str, points: dict[str, Point]) -> tuple[Point, Point] | None:
    prefixes = ["crest", "asis" if view == FRONT else "psis"]
    for prefix in prefixes:
        if f"{prefix}_l" in points and f"{prefix}_r" in points:
            return points[f"{prefix}_l"], points[f"{prefix}_r"]
    return None


def _front_back(view: str, p: dict[str, Point], scale: float | None) -> list[Measure]:
    found: list[Measure] = []
    if "shoulder_l" in p and "shoulder_r" in p:
        found += _tilt_measure(
            "shoulder_tilt", "Shoulder tilt", p["shoulder_l"], p["shoulder_r"], scale
        )
    pelvis = _pelvis_pair(view, p)
    if pelvis:
        found += _tilt_measure("pelvic_tilt", "Pelvic (lateral) tilt", *pelvis, scale)
    plumb = plumb_x(view, p)
    if plumb is not None and "shoulder_l" in p and "shoulder_r" in p and pelvis:
        mid_x = (p["shoulder_l"][0] + p["shoulder_r"][0] + pelvis[0][0] + pelvis[1][0]) / 4
        side = _client_side(view, mid_x - plumb)
        value, unit = _distance(abs(mid_x - plumb), scale)
        words = "on the plumb line" if side == "centre" else f"towards the {side}"
        found.append(
            Measure("trunk_shift", "Trunk shift from the plumb line", value, unit, side, words)
        )
    for side, name in (("l", "left"), ("r", "right")):
        hip, knee, ankle = (f"trochanter_{side}", f"knee_{side}", f"ankle_{side}")
        if hip in p and knee in p and ankle in p:
            angle = angle_at(p[hip], p[knee], p[ankle])
            found.append(
                Measure(
                    f"knee_angle_{side}",
                    f"{name.capitalize()} knee angle (hip-knee-ankle)",
                    _r(angle),
                    "°",
                    name,
                    "straight" if round(angle, 1) == 180 else f"{_r(180 - angle)}° from straight",
                )
            )
    return found


def _side(view: str, p: dict[str, Point], scale: float | None) -> list[Measure]:
    found: list[Measure] = []
    if "c7" in p and "ear" in p:
        angle = craniovertebral(p["c7"], p["ear"])
        words = "head forward (under 50°)" if angle < 50 else "within the usual range"
        found.append(
            Measure(
                "craniovertebral",
                "Head position (craniovertebral angle)",
                _r(angle),
                "°",
                "forward" if angle < 50 else "neutral",
                words,
            )
        )
    if "asis" in p and "psis" in p:
        degrees, direction = sagittal_tilt(p["asis"], p["psis"])
        found.append(
            Measure(
                "sagittal_tilt",
                "Pelvic tilt (front to back)",
                _r(degrees),
                "°",
                direction,
                direction,
            )
        )
    plumb, ahead = plumb_x(view, p), facing(p)
    for code, label in (("knee", "Knee"), ("shoulder", "Trunk (shoulder)")):
        if plumb is None or not ahead or code not in p:
            continue
        offset = (p[code][0] - plumb) * ahead
        value, unit = _distance(abs(offset), scale)
        direction = "forward" if offset > 0 else "behind" if offset < 0 else "on"
        words = (
            "on the plumb line"
            if direction == "on"
            else (
                "in front of the plumb line" if direction == "forward" else "behind the plumb line"
            )
        )
        found.append(
            Measure(
                f"{code}_offset", f"{label} against the plumb line", value, unit, direction, words
            )
        )
    return found


def scale_from(scale: dict) -> float | None:
    """mm per pixel from a saved scale {"a": [x, y], "b": [x, y], "mm": distance}."""
    try:
        return mm_per_pixel(tuple(scale["a"]), tuple(scale["b"]), float(scale["mm"]))
    except (KeyError, TypeError, ValueError):
        return None


def compute(
    view: str, landmarks: dict[str, list[float]], scale: dict | None = None
) -> list[Measure]:
    """Every measure the placed points of one photo support."""
    points = {code: (float(x), float(y)) for code, (x, y) in landmarks.items()}
    mm = scale_from(scale) if scale else None
    if view in (FRONT, BACK):
        return _front_back(view, points, mm)
    return _side(view, points, mm)


@dataclass(frozen=True)
class HipFinding:
    """A hip-disparity field group of the assessment, as a photo measures it."""

    prefix: str  # "elevated_hip" or "pelvic_tilt", as in clients.models.HIP_DISPARITIES
    side: str  # elevated hip: the higher side; pelvic tilt: anterior / posterior
    magnitude: float
    unit: str  # "mm" or "deg", as clients.models.assessment.Unit


def hip_findings(measures: list[Measure]) -> list[HipFinding]:
    """The hip-disparity values a photo's measures support: the elevated hip from the
    lateral pelvic tilt (in mm when the photo has a scale, else degrees), the pelvic
    girdle tilt from a side view. A level pelvis gives nothing to fill in."""
    by_code = {m.code: m for m in measures}
    found = []
    lateral = by_code.get("pelvic_tilt")
    if lateral and lateral.direction in ("left", "right"):
        higher = "left" if lateral.direction == "right" else "right"
        in_mm = by_code.get("pelvic_tilt_mm")
        amount, unit = (in_mm.value, "mm") if in_mm else (lateral.value, "deg")
        found.append(HipFinding("elevated_hip", higher, amount, unit))
    sagittal = by_code.get("sagittal_tilt")
    if sagittal and sagittal.direction in ("anterior", "posterior"):
        found.append(HipFinding("pelvic_tilt", sagittal.direction, sagittal.value, "deg"))
    return found
