"""The editor's live measures and proposal mapping (JavaScript) agree with the Python ones."""

import json
import shutil
import subprocess  # noqa: S404 - runs node on our own static files
from pathlib import Path

import pytest

from clients.posture import landmarks, measures

STATIC = Path(__file__).resolve().parents[3] / "static" / "js"
NODE = shutil.which("node")

CASES = [
    ("back", {"shoulder_l": [100, 500], "shoulder_r": [300, 520]}, None),
    (
        "back",
        {
            "shoulder_l": [100, 500],
            "shoulder_r": [300, 520],
            "crest_l": [180, 912],
            "crest_r": [420, 900],
        },
        {"a": [50, 100], "b": [50, 600], "mm": 1000},
    ),
    (
        "front",
        {
            "shoulder_l": [330, 500],
            "shoulder_r": [130, 500],
            "asis_l": [320, 900],
            "asis_r": [140, 900],
            "ankle_l": [260, 1800],
            "ankle_r": [180, 1800],
            "trochanter_r": [200, 1000],
            "knee_r": [220, 1400],
        },
        None,
    ),
    (
        "left",
        {
            "c7": [500, 400],
            "ear": [560, 330],
            "asis": [560, 900],
            "psis": [440, 890],
            "knee": [520, 1400],
            "shoulder": [470, 500],
            "ankle": [500, 1800],
        },
        {"a": [0, 0], "b": [0, 400], "mm": 1000},
    ),
    (
        "right",
        {
            "asis": [300, 690],
            "psis": [420, 700],
            "knee": [480, 1400],
            "ankle": [500, 1800],
            "plumb": [505, 10],
            "shoulder": [520, 400],
        },
        None,
    ),
]


def run_node(script: str):
    result = subprocess.run(  # noqa: S603
        [NODE, "-e", script], capture_output=True, text=True, check=True, timeout=30
    )
    return json.loads(result.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize(("view", "points", "scale"), CASES)
def test_the_javascript_measures_match_the_python_ones(view, points, scale):
    script = (
        f"const m = require({json.dumps(str(STATIC / 'posture-measures.js'))});"
        f"console.log(JSON.stringify(m.compute({json.dumps(view)}, {json.dumps(points)},"
        f" {json.dumps(scale)})));"
    )
    from_js = [(m["code"], m["value"], m["unit"], m["direction"]) for m in run_node(script)]
    from_python = [
        (m.code, m.value, m.unit, m.direction) for m in measures.compute(view, points, scale)
    ]
    assert from_js == from_python
    assert from_python  # each case measures something


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_javascript_mapping_matches_the_python_one():
    found = [
        {"x": 0.1 + i / 50, "y": 0.05 + i / 40, "visibility": 0.3 + (i % 3) / 3} for i in range(33)
    ]
    for view, _label in landmarks.VIEWS:
        config = {**landmarks.editor_config(view), "width": 800, "height": 1200}
        script = (
            "global.window = {}; global.performance = {now: () => 0};"
            f"require({json.dumps(str(STATIC / 'posture-pose.js'))});"
            f"console.log(JSON.stringify(window.PosturePose.fromMediapipe({json.dumps(config)},"
            f" {json.dumps(found)})));"
        )
        assert run_node(script) == landmarks.from_mediapipe(view, found, 800, 1200)
