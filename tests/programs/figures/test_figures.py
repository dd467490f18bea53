"""The drawn figures: every demo exercise has one, and each is a sound picture of a body."""

import math
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own output only

import pytest

from clinic.seed.demo.library import EXERCISES
from programs import figures
from programs.figures import body, svg
from programs.figures.library import FIGURES

SVG = "{http://www.w3.org/2000/svg}"
EQUIPMENT_COLOURS = {code: svg.COLOURS[code] for code in ("band", "ball", "mat", "wall", "roller")}


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own markup


def test_every_demo_exercise_has_its_own_drawn_figure():
    keys = [data["figure"] for data in EXERCISES]
    assert len(keys) == len(set(keys)) == len(EXERCISES)
    assert set(keys) == set(figures.BY_KEY)


@pytest.mark.parametrize("data", EXERCISES, ids=lambda data: data["figure"])
def test_each_figure_draws_the_equipment_its_exercise_lists(data):
    pictures = figures.still_svg(data["figure"], "start") + figures.still_svg(data["figure"], "end")
    for code in data["equipment"]:
        if code == "chair":
            assert svg.COLOURS["chair"] in pictures, code
        else:
            assert EQUIPMENT_COLOURS[code] in pictures, code


@pytest.mark.parametrize("figure", FIGURES, ids=lambda figure: figure.key)
def test_each_still_is_a_labelled_image_with_a_head_and_four_limbs(figure):
    for which, text in (("start", figure.start_text), ("end", figure.end_text)):
        root = _parse(figures.still_svg(figure.key, which))
        assert root.get("role") == "img"
        assert root.get("aria-label") == text
        assert root.find(f"{SVG}title").text == text
        assert len(root.findall(f"{SVG}circle")) >= 1  # the head
        strokes = [p for p in root.findall(f"{SVG}path") if p.get("stroke") in (svg.NEAR, svg.FAR)]
        assert len(strokes) >= 7  # trunk, two girdles, two legs, two arms


@pytest.mark.parametrize("figure", FIGURES, ids=lambda figure: figure.key)
def test_no_part_of_the_body_goes_through_the_floor_in_any_frame(figure):
    skeletons, _box = svg._frame(figure)
    for skeleton in skeletons:
        assert min(y for _x, y in skeleton.joints.values()) >= 0


@pytest.mark.parametrize("figure", FIGURES, ids=lambda figure: figure.key)
def test_the_end_position_differs_from_the_start_or_marks_the_muscle_at_work(figure):
    start, end = body.resolve(figure.start), body.resolve(figure.end)
    moved = max(math.dist(start[name], end[name]) for name in start.joints)
    glows = [mark for mark in figure.marks if mark["kind"] == "glow"]
    assert moved > 5 or glows


def test_the_moving_picture_loops_through_every_frame_and_back():
    markup = figures.motion_svg("bridge")
    root = _parse(markup)
    animations = root.iter(f"{SVG}animate")
    first = next(animations)
    values = first.get("values").split(";")
    assert len(values) == len(first.get("keyTimes").split(";")) == 2 * svg.FRAMES + 4
    assert values[0] == values[-1]  # it ends where it started
    assert values[1] == values[0]  # and holds the start a moment
    assert first.get("repeatCount") == "indefinite"
    assert "(moving picture)" in root.get("aria-label")


def test_a_target_within_reach_is_reached_with_the_joint_bent_the_asked_way():
    first, second = body.solve_two_links((0, 0), (50, 0), 44, 42, bend=1)
    knee = body.step((0, 0), first, 44)
    ankle = body.step(knee, second, 42)
    assert math.dist(ankle, (50, 0)) < 1e-6
    assert knee[1] > 0  # counter-clockwise of the line: above it
    first, _ = body.solve_two_links((0, 0), (50, 0), 44, 42, bend=-1)
    assert body.step((0, 0), first, 44)[1] < 0


def test_the_bridge_lifts_the_hips_while_the_feet_stay_planted():
    figure = figures.BY_KEY["bridge"]
    start, end = body.resolve(figure.start), body.resolve(figure.end)
    assert end["pelvis"][1] - start["pelvis"][1] > 20
    assert math.dist(start["near_ankle"], end["near_ankle"]) < 1e-6
    # knees, hips and shoulders roughly in one line at the top
    slope = body.angle_of(end["shoulders"], end["pelvis"])
    assert abs(body.angle_of(end["pelvis"], end["near_knee"]) - slope) < 25


def test_figure_descriptions_are_escaped_in_the_markup():
    figure = svg.Figure(
        key="x",
        title='<script>"',
        start_text="<b>",
        end_text="&",
        start=figures.BY_KEY["bridge"].start,
        end=figures.BY_KEY["bridge"].end,
    )
    assert "<script>" not in svg.animated(figure)
    assert "&lt;b&gt;" in svg.still(figure, "start")


def test_the_demo_seed_draws_every_exercise_even_in_a_library_seeded_before(db, practitioner):
    from clinic.seed.demo.programs import seed_exercises
    from programs.models import Exercise

    seed_exercises(practitioner)
    Exercise.objects.update(figure="")  # as a database seeded before the figures existed
    seed_exercises(practitioner)
    assert not Exercise.objects.filter(figure="").exists()
    assert Exercise.objects.get(name="Bridges").figure == "bridge"
