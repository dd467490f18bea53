"""The posture landmarks: which points each view has, their names, and how the in-browser
pose model's points map onto them.

This is the one place the mapping lives. The posture editor page embeds ``editor_config()``
as JSON, so the JavaScript reads the same names, order and mapping the tests check here.
Points are named by the *client's* side: on a front view the client's left shoulder is on
the right of the picture.
"""

from __future__ import annotations

FRONT, BACK, LEFT, RIGHT = "front", "back", "left", "right"
VIEWS = [
    (FRONT, "Front"),
    (BACK, "Back"),
    (LEFT, "Left side"),
    (RIGHT, "Right side"),
]
SIDE_VIEWS = frozenset({LEFT, RIGHT})

LABELS = {
    "ear_l": "Left ear",
    "ear_r": "Right ear",
    "ear": "Ear (tragus)",
    "c7": "C7 (base of the neck)",
    "shoulder_l": "Left shoulder (acromion)",
    "shoulder_r": "Right shoulder (acromion)",
    "shoulder": "Shoulder (acromion)",
    "asis_l": "Left front hip bone (ASIS)",
    "asis_r": "Right front hip bone (ASIS)",
    "asis": "Front hip bone (ASIS)",
    "psis_l": "Left back hip dimple (PSIS)",
    "psis_r": "Right back hip dimple (PSIS)",
    "psis": "Back hip dimple (PSIS)",
    "crest_l": "Left top of the pelvis (iliac crest)",
    "crest_r": "Right top of the pelvis (iliac crest)",
    "trochanter_l": "Left outer hip (greater trochanter)",
    "trochanter_r": "Right outer hip (greater trochanter)",
    "trochanter": "Outer hip (greater trochanter)",
    "knee_l": "Left knee",
    "knee_r": "Right knee",
    "knee": "Knee",
    "ankle_l": "Left ankle",
    "ankle_r": "Right ankle",
    "ankle": "Ankle (outer ankle bone)",
    "plumb": "Plumb line",
}

_PAIRED = ["ear", "shoulder", "crest", "trochanter", "knee", "ankle"]
VIEW_LANDMARKS: dict[str, list[str]] = {
    FRONT: ["ear_l", "ear_r", "shoulder_l", "shoulder_r", "asis_l", "asis_r"]
    + [f"{part}_{side}" for part in _PAIRED[2:] for side in "lr"]
    + ["plumb"],
    BACK: ["ear_l", "ear_r", "c7", "shoulder_l", "shoulder_r", "psis_l", "psis_r"]
    + [f"{part}_{side}" for part in _PAIRED[2:] for side in "lr"]
    + ["plumb"],
    LEFT: ["ear", "c7", "shoulder", "asis", "psis", "trochanter", "knee", "ankle", "plumb"],
    RIGHT: ["ear", "c7", "shoulder", "asis", "psis", "trochanter", "knee", "ankle", "plumb"],
}

# MediaPipe Pose (BlazePose) landmark indexes, named as in its documentation. Its
# "left" is the person's left, as ours is.
MEDIAPIPE_INDEX = {
    "left_ear": 7,
    "right_ear": 8,
    "left_shoulder": 11,
    "right_shoulder": 12,
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
}
MEDIAPIPE_COUNT = 33

_BOTH_SIDES = {
    "ear_l": "left_ear",
    "ear_r": "right_ear",
    "shoulder_l": "left_shoulder",
    "shoulder_r": "right_shoulder",
    # The model's hip point is the hip joint's centre, level with the greater trochanter.
    "trochanter_l": "left_hip",
    "trochanter_r": "right_hip",
    "knee_l": "left_knee",
    "knee_r": "right_knee",
    "ankle_l": "left_ankle",
    "ankle_r": "right_ankle",
}


def _one_side(side: str) -> dict[str, str]:
    return {
        part: f"{side}_{model_part}"
        for part, model_part in [
            ("ear", "ear"),
            ("shoulder", "shoulder"),
            ("trochanter", "hip"),
            ("knee", "knee"),
            ("ankle", "ankle"),
        ]
    }


# Our landmark code -> the model's landmark index, per view. C7, the iliac spines and
# crests, and the plumb line are not in the model: the practitioner places those.
# A side view shows the side facing the camera: the left view uses the model's left points.
MEDIAPIPE_MAP: dict[str, dict[str, int]] = {
    FRONT: {code: MEDIAPIPE_INDEX[name] for code, name in _BOTH_SIDES.items()},
    BACK: {code: MEDIAPIPE_INDEX[name] for code, name in _BOTH_SIDES.items()},
    LEFT: {code: MEDIAPIPE_INDEX[name] for code, name in _one_side("left").items()},
    RIGHT: {code: MEDIAPIPE_INDEX[name] for code, name in _one_side("right").items()},
}
# Below this visibility the model is guessing; leave the point for the practitioner.
MIN_VISIBILITY = 0.5


def from_mediapipe(
    view: str, points: list[dict], width: int, height: int
) -> dict[str, list[float]]:
    """Our landmarks from MediaPipe's normalised points ({x, y, visibility}), in pixels.

    The Python twin of ``fromMediapipe`` in static/js/posture-editor.js, which reads
    ``MEDIAPIPE_MAP`` from the page; the tests hold both to the same answers.
    """
    proposed = {}
    for code, index in MEDIAPIPE_MAP[view].items():
        if index >= len(points):
            continue
        point = points[index]
        if point.get("visibility", 1) < MIN_VISIBILITY:
            continue
        x, y = point["x"] * width, point["y"] * height
        if 0 <= x <= width and 0 <= y <= height:
            proposed[code] = [round(x, 1), round(y, 1)]
    return proposed


def editor_config(view: str) -> dict:
    """What the editor's JavaScript needs for one view: points in order, names, mapping."""
    return {
        "view": view,
        "points": [{"code": code, "label": LABELS[code]} for code in VIEW_LANDMARKS[view]],
        "mediapipe": MEDIAPIPE_MAP[view],
        "minVisibility": MIN_VISIBILITY,
    }
