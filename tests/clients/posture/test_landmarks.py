"""The pose model's points map onto ours in one place, for every view."""

import pytest

from clients.posture import landmarks


def test_every_view_has_named_points_and_only_known_codes():
    for view, _label in landmarks.VIEWS:
        codes = landmarks.VIEW_LANDMARKS[view]
        assert len(codes) == len(set(codes))
        assert all(landmarks.LABELS[code] for code in codes)
    assert (
        "c7" in landmarks.VIEW_LANDMARKS["back"] and "c7" not in landmarks.VIEW_LANDMARKS["front"]
    )
    assert "asis_l" in landmarks.VIEW_LANDMARKS["front"]
    assert "psis_l" in landmarks.VIEW_LANDMARKS["back"]


@pytest.mark.parametrize("view", ["front", "back", "left", "right"])
def test_the_mapping_only_targets_points_of_that_view(view):
    mapping = landmarks.MEDIAPIPE_MAP[view]
    assert set(mapping) <= set(landmarks.VIEW_LANDMARKS[view])
    assert all(0 <= index < landmarks.MEDIAPIPE_COUNT for index in mapping.values())


def test_the_mapping_pairs_the_models_sides_with_the_clients_sides():
    front = landmarks.MEDIAPIPE_MAP["front"]
    assert front["shoulder_l"] == 11 and front["shoulder_r"] == 12
    assert front["trochanter_l"] == 23 and front["knee_r"] == 26 and front["ankle_l"] == 27
    assert front["ear_r"] == 8
    # A side view uses the side facing the camera.
    assert landmarks.MEDIAPIPE_MAP["left"] == {
        "ear": 7,
        "shoulder": 11,
        "trochanter": 23,
        "knee": 25,
        "ankle": 27,
    }
    assert landmarks.MEDIAPIPE_MAP["right"] == {
        "ear": 8,
        "shoulder": 12,
        "trochanter": 24,
        "knee": 26,
        "ankle": 28,
    }


def test_points_the_model_cannot_see_are_left_for_the_practitioner():
    points = [{"x": 0.5, "y": 0.5, "visibility": 0.9} for _ in range(33)]
    points[11] = {"x": 0.6, "y": 0.25, "visibility": 0.95}
    points[12] = {"x": 0.4, "y": 0.26, "visibility": 0.2}  # hidden right shoulder
    points[27] = {"x": 1.2, "y": 0.9, "visibility": 0.9}  # outside the picture
    found = landmarks.from_mediapipe("front", points, width=1000, height=2000)
    assert found["shoulder_l"] == [600.0, 500.0]
    assert "shoulder_r" not in found and "ankle_l" not in found
    assert "c7" not in found and "crest_l" not in found


def test_the_editor_gets_the_mapping_and_the_names():
    config = landmarks.editor_config("left")
    assert config["mediapipe"] == landmarks.MEDIAPIPE_MAP["left"]
    assert [p["code"] for p in config["points"]] == landmarks.VIEW_LANDMARKS["left"]
    assert config["points"][0] == {"code": "ear", "label": "Ear (tragus)"}
