"""Every measure on points computed by hand (y grows downwards, as in the photo)."""

import math

import pytest

from clients.posture import measures


def by_code(view, points, scale=None):
    return {m.code: m for m in measures.compute(view, points, scale)}


def test_shoulder_tilt_worked_example():
    # dy = 20, dx = 200: atan(0.1) = 5.71°; the right shoulder is lower.
    found = by_code("back", {"shoulder_l": [100, 500], "shoulder_r": [300, 520]})
    tilt = found["shoulder_tilt"]
    assert (tilt.value, tilt.unit, tilt.direction) == (5.7, "°", "right")
    assert tilt.description == "lower on the right"
    assert "shoulder_tilt_mm" not in found  # no scale yet


def test_tilt_reads_the_same_on_a_front_view_where_left_is_on_the_right():
    found = by_code("front", {"shoulder_l": [300, 520], "shoulder_r": [100, 500]})
    assert (found["shoulder_tilt"].value, found["shoulder_tilt"].direction) == (5.7, "left")


def test_level_shoulders():
    found = by_code("front", {"shoulder_l": [300, 500], "shoulder_r": [100, 500]})
    assert (found["shoulder_tilt"].value, found["shoulder_tilt"].direction) == (0.0, "level")


def test_scale_from_two_points_gives_the_height_difference_in_mm():
    # Scale marks 500 px apart are 1000 mm apart: 2 mm per pixel; dy = 20 px = 40 mm.
    scale = {"a": [50, 100], "b": [50, 600], "mm": 1000}
    assert measures.scale_from(scale) == 2.0
    found = by_code("back", {"shoulder_l": [100, 500], "shoulder_r": [300, 520]}, scale)
    assert (found["shoulder_tilt_mm"].value, found["shoulder_tilt_mm"].unit) == (40.0, "mm")


def test_diagonal_scale_marks():
    # 3-4-5 triangle: 300 px by 400 px = 500 px for 250 mm, 0.5 mm per pixel.
    assert measures.mm_per_pixel((0, 0), (300, 400), 250) == 0.5
    assert measures.mm_per_pixel((7, 7), (7, 7), 250) is None


def test_pelvic_lateral_tilt_prefers_the_iliac_crests():
    # Crests: dy = -12 over dx = 240 -> atan(0.05) = 2.86°; the left is lower.
    points = {
        "crest_l": [180, 912],
        "crest_r": [420, 900],
        "psis_l": [200, 950],
        "psis_r": [400, 950],
    }
    tilt = by_code("back", points)["pelvic_tilt"]
    assert (tilt.value, tilt.direction) == (2.9, "left")


def test_pelvic_lateral_tilt_from_the_asis_on_a_front_view():
    # dy = 10 over dx = 200 -> 2.86°, right lower. With 1.5 mm/px: 15 mm.
    points = {"asis_l": [400, 900], "asis_r": [200, 910]}
    scale = {"a": [10, 10], "b": [10, 210], "mm": 300}
    found = by_code("front", points, scale)
    assert (found["pelvic_tilt"].value, found["pelvic_tilt"].direction) == (2.9, "right")
    assert found["pelvic_tilt_mm"].value == 15.0


def test_knee_angle_hip_knee_ankle():
    # Hip (200, 1000), knee (220, 1400), ankle (200, 1800): each segment leans 20 px in 400,
    # atan(0.05) = 2.862° each side: 180 - 2 * 2.862 = 174.3°.
    points = {"trochanter_r": [200, 1000], "knee_r": [220, 1400], "ankle_r": [200, 1800]}
    knee = by_code("front", points)["knee_angle_r"]
    assert knee.value == 174.3
    assert knee.description == "5.7° from straight"
    straight = by_code("front", {"trochanter_l": [5, 0], "knee_l": [5, 10], "ankle_l": [5, 20]})
    assert straight["knee_angle_l"].value == 180.0


def test_trunk_shift_from_the_plumb_line_on_a_front_view():
    # Mid-trunk x = (330 + 130 + 320 + 140) / 4 = 230; plumb through the ankles' middle
    # x = 220: 10 px to the picture's right, which is the client's left on a front view.
    points = {
        "shoulder_l": [330, 500],
        "shoulder_r": [130, 500],
        "asis_l": [320, 900],
        "asis_r": [140, 900],
        "ankle_l": [260, 1800],
        "ankle_r": [180, 1800],
    }
    shift = by_code("front", points)["trunk_shift"]
    assert (shift.value, shift.unit, shift.direction) == (10.0, "px", "left")
    # On a back view the same picture-right is the client's right; with 2 mm/px, 20 mm.
    back = {**points, "psis_l": points["asis_l"], "psis_r": points["asis_r"]}
    shift = by_code("back", back, {"a": [0, 0], "b": [0, 100], "mm": 200})["trunk_shift"]
    assert (shift.value, shift.unit, shift.direction) == (20.0, "mm", "right")


def test_a_placed_plumb_line_point_wins_over_the_ankles():
    points = {
        "shoulder_l": [330, 500],
        "shoulder_r": [130, 500],
        "crest_l": [320, 850],
        "crest_r": [140, 850],
        "plumb": [230, 40],
    }
    assert by_code("front", points)["trunk_shift"].direction == "centre"


def test_craniovertebral_angle_worked_example():
    # C7 (500, 400), tragus (560, 330): atan(70 / 60) = 49.4°, under 50: head forward.
    head = by_code("left", {"c7": [500, 400], "ear": [560, 330]})["craniovertebral"]
    assert (head.value, head.direction) == (49.4, "forward")
    upright = by_code("right", {"c7": [500, 400], "ear": [450, 320]})["craniovertebral"]
    assert upright.value == round(math.degrees(math.atan2(80, 50)), 1) == 58.0
    assert upright.direction == "neutral"


def test_sagittal_pelvic_tilt_worked_example():
    # ASIS (600, 700), PSIS (480, 680): atan(20 / 120) = 9.46°, front lower: anterior.
    tilt = by_code("left", {"asis": [600, 700], "psis": [480, 680]})["sagittal_tilt"]
    assert (tilt.value, tilt.direction) == (9.5, "anterior")
    tilt = by_code("right", {"asis": [300, 690], "psis": [420, 700]})["sagittal_tilt"]
    assert (tilt.value, tilt.direction) == (4.8, "posterior")


def test_side_view_knee_and_trunk_against_the_plumb_line():
    # Facing the picture's right (ASIS ahead of PSIS). Plumb through the ankle at x = 500.
    points = {
        "asis": [560, 900],
        "psis": [440, 890],
        "knee": [520, 1400],
        "shoulder": [470, 500],
        "ankle": [500, 1800],
    }
    found = by_code("left", points, {"a": [0, 0], "b": [0, 400], "mm": 1000})
    assert (found["knee_offset"].value, found["knee_offset"].direction) == (50.0, "forward")
    assert (found["shoulder_offset"].value, found["shoulder_offset"].direction) == (75.0, "behind")
    # The same picture mirrored (client facing left) reads the same.
    mirrored = {code: [1000 - x, y] for code, (x, y) in points.items()}
    found = by_code("right", mirrored)
    assert (found["knee_offset"].value, found["knee_offset"].direction) == (20.0, "forward")


def test_missing_points_give_no_measure():
    assert measures.compute("front", {"shoulder_l": [1, 2]}) == []
    assert measures.compute("left", {}) == []


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        # Lower on the right -> the left hip is the higher one; degrees without a scale.
        (
            {"pelvic_tilt": [100, 500, 300, 520]},
            [measures.HipFinding("elevated_hip", "left", 5.7, "deg")],
        ),
    ],
)
def test_hip_findings_from_a_lateral_tilt(found, expected):
    x1, y1, x2, y2 = found["pelvic_tilt"]
    result = measures.hip_findings(
        measures.compute("back", {"crest_l": [x1, y1], "crest_r": [x2, y2]})
    )
    assert result == expected


def test_hip_findings_use_mm_when_the_photo_has_a_scale_and_side_views_give_the_tilt():
    scale = {"a": [0, 0], "b": [0, 100], "mm": 100}
    front = measures.compute("front", {"asis_l": [400, 912], "asis_r": [200, 900]}, scale)
    assert measures.hip_findings(front) == [
        measures.HipFinding("elevated_hip", "right", 12.0, "mm")
    ]
    side = measures.compute("left", {"asis": [600, 700], "psis": [480, 680]})
    assert measures.hip_findings(side) == [
        measures.HipFinding("pelvic_tilt", "anterior", 9.5, "deg")
    ]
    level = measures.compute("front", {"asis_l": [400, 900], "asis_r": [200, 900]})
    assert measures.hip_findings(level) == []
