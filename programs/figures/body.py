"""A person as a stick figure: segment lengths, joint angles, and where each joint lands.

World units are roughly centimetres of an adult, with y pointing up and the
floor at y = 0. Angles are absolute, in degrees: 0 points right, 90 up,
180 left, -90 down. A pose gives the pelvis position, the torso and head
directions, and each limb either as angles or as a target for its end joint
(the ankle or the wrist), which a two-link solver turns into angles with the
knee or elbow bent to the side the pose asks for.

"Near" limbs face the viewer and are drawn dark; "far" limbs are behind the
body and drawn light. ``gap`` and ``shoulder_gap`` separate the near and far
hips (and shoulders) for views in which they do not overlap, such as a person
lying on their side seen from the front.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Point = tuple[float, float]

LENGTHS = {
    "torso": 50.0,  # pelvis centre to the point between the shoulders
    "neck": 8.0,
    "head": 10.0,  # radius
    "thigh": 44.0,
    "shin": 42.0,
    "foot": 14.0,
    "upper_arm": 29.0,
    "forearm": 27.0,
}
SIDES = ("far", "near")
LIMB_SEGMENTS = {"leg": ("thigh", "shin", "foot"), "arm": ("upper_arm", "forearm")}


@dataclass(frozen=True)
class Skeleton:
    """Joint positions of one resolved pose."""

    joints: dict[str, Point]
    face: float | None  # direction the face points, for the nose mark; None: at the viewer

    def __getitem__(self, name: str) -> Point:
        return self.joints[name]


def unit(angle: float) -> Point:
    radians = math.radians(angle)
    return math.cos(radians), math.sin(radians)


def step(start: Point, angle: float, length: float) -> Point:
    dx, dy = unit(angle)
    return start[0] + dx * length, start[1] + dy * length


def angle_of(start: Point, end: Point) -> float:
    return math.degrees(math.atan2(end[1] - start[1], end[0] - start[0]))


def solve_two_links(root: Point, target: Point, first: float, second: float, bend: int) -> tuple:
    """Angles of two links from ``root`` reaching ``target`` (as near as they can).

    ``bend`` +1 puts the middle joint counter-clockwise of the root→target line,
    -1 clockwise.
    """
    distance = math.dist(root, target)
    distance = min(max(distance, abs(first - second) + 1e-6), first + second - 1e-6)
    towards = angle_of(root, target)
    cosine = (first**2 + distance**2 - second**2) / (2 * first * distance)
    opening = math.degrees(math.acos(max(-1.0, min(1.0, cosine))))
    first_angle = towards + bend * opening
    middle = step(root, first_angle, first)
    reach = step(root, towards, distance)
    return first_angle, angle_of(middle, reach)


def _scale(pose: Mapping, segment: str, side: str) -> float:
    scales = pose.get("scale", {})
    return LENGTHS[segment] * scales.get(f"{side}_{segment}", scales.get(segment, 1.0))


def _target(spec, joints: dict[str, Point]) -> Point:
    """A target is a point, or a joint name with an offset: ``("far_knee", 0, 5)``."""
    if isinstance(spec[0], str):
        base = joints[spec[0]]
        return base[0] + spec[1], base[1] + spec[2]
    return float(spec[0]), float(spec[1])


def _limb(pose: Mapping, kind: str, side: str, root: Point, joints: dict[str, Point]) -> None:
    first, second, *rest = LIMB_SEGMENTS[kind]
    spec = pose[f"{side}_{kind}"]
    names = ("hip", "knee", "ankle", "toe") if kind == "leg" else ("shoulder", "elbow", "wrist")
    lengths = [_scale(pose, segment, side) for segment in LIMB_SEGMENTS[kind]]
    if isinstance(spec, Mapping):  # a target for the end joint
        target = _target(spec["to"], joints)
        angles = list(solve_two_links(root, target, lengths[0], lengths[1], spec.get("bend", 1)))
        if rest:
            angles.append(spec.get("foot", 0.0))
    else:
        angles = list(spec)
    point = root
    joints[f"{side}_{names[0]}"] = point
    for name, angle, length in zip(names[1:], angles, lengths, strict=False):
        point = step(point, angle, length)
        joints[f"{side}_{name}"] = point


def resolve(pose: Mapping) -> Skeleton:
    """Joint positions for a pose (see the module docstring for its keys)."""
    pelvis = (float(pose["at"][0]), float(pose["at"][1]))
    joints: dict[str, Point] = {"pelvis": pelvis}
    shoulders = step(pelvis, pose["torso"], _scale(pose, "torso", ""))
    joints["shoulders"] = shoulders
    head_angle = pose.get("head", pose["torso"])
    joints["neck"] = step(shoulders, head_angle, LENGTHS["neck"])
    joints["head"] = step(shoulders, head_angle, LENGTHS["neck"] + LENGTHS["head"])
    gap = pose.get("gap", (0.0, 0.0))
    shoulder_gap = pose.get("shoulder_gap", gap)
    for side, sign in (("far", -0.5), ("near", 0.5)):
        hip = (pelvis[0] + sign * gap[0], pelvis[1] + sign * gap[1])
        _limb(pose, "leg", side, hip, joints)
    for side, sign in (("far", -0.5), ("near", 0.5)):
        shoulder = (shoulders[0] + sign * shoulder_gap[0], shoulders[1] + sign * shoulder_gap[1])
        _limb(pose, "arm", side, shoulder, joints)
    # Upright and facing right, the face points along the torso turned a right angle clockwise.
    return Skeleton(joints=joints, face=pose.get("face", pose["torso"] - 90))


# Interpolation between two poses: numbers blend linearly, angles take the short
# way round, and targets blend as points so that a planted foot stays planted.


def _blend_angle(a: float | None, b: float | None, t: float) -> float | None:
    if a is None or b is None:
        return a if t < 0.5 else b
    delta = (b - a + 180.0) % 360.0 - 180.0
    return a + delta * t


ANGLE_KEYS = {"torso", "head", "face"}


def _blend(a, b, t: float, key: str = ""):
    if isinstance(a, Mapping):
        return {k: _blend(a[k], b[k], t, k) for k in a}
    if isinstance(a, str):
        return a
    if isinstance(a, (tuple, list)):
        angular = key.endswith(("_leg", "_arm"))
        return tuple(
            _blend_angle(x, y, t) if angular and not isinstance(x, str) else _blend(x, y, t)
            for x, y in zip(a, b, strict=True)
        )
    if key in ANGLE_KEYS:
        return _blend_angle(a, b, t)
    return a + (b - a) * t


def _as_angles(pose: Mapping, key: str, skeleton: Skeleton) -> tuple:
    """A limb given by a target, turned into its resolved angles."""
    side, kind = key.split("_")
    names = ("hip", "knee", "ankle", "toe") if kind == "leg" else ("shoulder", "elbow", "wrist")
    points = [skeleton[f"{side}_{name}"] for name in names]
    return tuple(angle_of(p, q) for p, q in zip(points, points[1:], strict=False))


def between(start: Mapping, end: Mapping, t: float) -> dict:
    """The pose a fraction ``t`` of the way from ``start`` to ``end``."""
    start, end = dict(start), dict(end)
    keys = set(start) | set(end)
    for key in ("scale", "gap", "shoulder_gap"):
        if key in keys:
            start.setdefault(key, {} if key == "scale" else (0.0, 0.0))
            end.setdefault(key, {} if key == "scale" else (0.0, 0.0))
    if "scale" in keys:
        names = set(start["scale"]) | set(end["scale"])
        start["scale"] = {n: start["scale"].get(n, 1.0) for n in names}
        end["scale"] = {n: end["scale"].get(n, 1.0) for n in names}
    for key in ("head", "face"):
        if key in keys:
            for pose in (start, end):
                pose.setdefault(key, pose["torso"] if key == "head" else pose["torso"] - 90)
    skeletons = {}
    for key in [k for k in keys if k.endswith(("_leg", "_arm"))]:
        if isinstance(start[key], Mapping) != isinstance(end[key], Mapping):
            for pose in (start, end):
                if isinstance(pose[key], Mapping):
                    skeleton = skeletons.setdefault(id(pose), resolve(pose))
                    pose[key] = _as_angles(pose, key, skeleton)
        elif isinstance(start[key], Mapping):
            extra = {"foot": 0.0, "bend": 1}
            start[key] = {**extra, **start[key]}
            end[key] = {**extra, **end[key]}
            start[key]["to"] = _absolute(start[key]["to"], start)
            end[key]["to"] = _absolute(end[key]["to"], end)
    return {key: _blend(start[key], end[key], t, key) for key in keys}


def _absolute(spec, pose: Mapping):
    """Relative targets blend badly (their joint moves too), so blend where they land."""
    if isinstance(spec[0], str):
        return _target(spec, resolve(pose).joints)
    return spec
