"""AssessmentForm is put together from one section per part of the page; each section
owns its fields, its cleaning and its layout."""

import pytest

from clients.assessments.forms import (
    SECTIONS,
    SECTIONS_BY_CODE,
    AssessmentForm,
    FunctionalScale,
    Oswestry,
    RedFlagScreen,
)
from clients.assessments.scoring import ODI_SECTIONS
from clients.models import Assessment
from clients.vocab import RED_FLAG_QUESTIONS


def _names(layout_object) -> set[str]:
    """Every field name a crispy layout object places."""
    return {name for _pointer, name in _walk(layout_object)}


def _walk(layout_object):
    for item in getattr(layout_object, "fields", []):
        if isinstance(item, str):
            yield None, item
        else:
            yield from _walk(item)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: type(s).__name__)
def test_each_section_lays_out_exactly_the_fields_it_adds_and_edits(section):
    form = AssessmentForm(instance=Assessment())
    before = set(AssessmentForm(instance=Assessment()).base_fields)
    added = {name for name in form.fields if name not in before} | set(section.model_fields)
    shown = _names(section.layout())
    mine = {name for name in shown if name in form.fields}
    assert mine == shown, "a section places only fields the form has"
    assert set(section.model_fields) <= shown
    others = set().union(*(_names(s.layout()) for s in SECTIONS if s is not section))
    assert not (shown & others), "no field is placed by two sections"
    assert added & shown


def test_the_page_places_every_field_once():
    """The date at the top, each section's fields in its own part; the edit-conflict
    version is written by the page template."""
    form = AssessmentForm(instance=Assessment())
    placed = [name for _p, name in _walk(form.helper.layout)]
    for helper in form.section_helpers.values():
        placed += [name for _p, name in _walk(helper.layout)]
    assert sorted([*placed, "loaded_version"]) == sorted(form.fields)


def test_a_section_form_holds_only_the_date_and_that_section():
    form = AssessmentForm(instance=Assessment(), section="oswestry")
    assert set(form.fields) == {"assessed_on", "loaded_version"} | {
        f"odi_{code}" for code, _label, _statements in ODI_SECTIONS
    }
    assert [section.code for section in form.sections] == ["oswestry"]


def test_a_section_saved_alone_leaves_the_other_sections_as_they_were():
    record = Assessment(
        psfs_items=[{"activity": "Stairs", "score": 4}] * 3,
        red_flag_answers={"saddle_numbness": False},
        summary="Kept",
    )
    form = AssessmentForm(
        {**BASE, "odi_pain_intensity": "2", "psfs_activity_1": "", "summary": ""},
        instance=record,
        section="oswestry",
    )
    assert form.is_valid(), form.errors
    assert form.instance.odi_answers[0] == 2
    assert form.instance.psfs_items == [{"activity": "Stairs", "score": 4}] * 3
    assert form.instance.red_flag_answers == {"saddle_numbness": False}
    assert form.instance.summary == "Kept"


def test_yes_and_no_come_in_the_order_of_every_other_yes_no_in_the_app():
    form = AssessmentForm(instance=Assessment())
    code = RED_FLAG_QUESTIONS[0][0]
    assert [label for _value, label in form.fields[f"red_flag_{code}"].choices] == ["No", "Yes"]


@pytest.mark.parametrize(
    ("section", "record", "state"),
    [
        ("red_flags", {}, "not_started"),
        ("red_flags", {"red_flag_answers": {RED_FLAG_QUESTIONS[0][0]: False}}, "started"),
        (
            "red_flags",
            {"red_flag_answers": {code: False for code, _q, _p in RED_FLAG_QUESTIONS}},
            "done",
        ),
        ("oswestry", {"odi_answers": [1] + [None] * 9}, "started"),
        ("oswestry", {"odi_answers": [1] * 10}, "done"),
        ("psfs", {"psfs_items": [{"activity": "Run", "score": 3}]}, "started"),
        ("muscles", {"muscle_notes": "Tight hip flexors"}, "done"),
        ("summary", {}, "not_started"),
        ("summary", {"summary": "Better"}, "done"),
    ],
)
def test_each_section_says_how_complete_the_saved_record_is(section, record, state):
    assert SECTIONS_BY_CODE[section].state(Assessment(**record)) == state


BASE = {
    "assessed_on": "2026-11-30",
    **{f"{measure}_unit": "mm" for measure in ("elevated_hip", "pelvic_rotation", "pelvic_tilt")},
}


def test_the_red_flag_screen_is_required_only_to_complete():
    data = dict(BASE)
    assert AssessmentForm(data, instance=Assessment()).is_valid()
    completing = AssessmentForm(data, instance=Assessment(), completing=True)
    assert not completing.is_valid()
    assert set(completing.errors) == {f"red_flag_{code}" for code, _q, _p in RED_FLAG_QUESTIONS}


def test_the_sections_pack_their_plain_fields_onto_the_record():
    data = {
        **BASE,
        "red_flag_saddle_numbness": "yes",
        "odi_pain_intensity": "3",
        "psfs_activity_1": "Sitting",
        "psfs_score_1": "4",
        "psfs_activity_2": "Walking",
        "psfs_score_2": "6",
        "psfs_activity_3": "Lifting",
        "psfs_score_3": "2",
    }
    form = AssessmentForm(data, instance=Assessment())
    assert form.is_valid(), form.errors
    record = form.instance
    assert record.red_flag_answers == {"saddle_numbness": True}
    assert record.odi_answers[0] == 3 and record.odi_answers[1:] == [None] * 9
    assert record.psfs_items[1] == {"activity": "Walking", "score": 6}
    assert isinstance(SECTIONS[0], RedFlagScreen)
    assert isinstance(SECTIONS[-3], Oswestry) and isinstance(SECTIONS[-2], FunctionalScale)


def test_the_functional_scale_needs_three_activities_each_with_a_score():
    data = {**BASE, "psfs_activity_1": "Sitting", "psfs_score_2": "4"}
    form = AssessmentForm(data, instance=Assessment())
    assert not form.is_valid()
    assert form.errors["psfs_score_1"] == ["Score this activity from 0 to 10."]
    assert form.errors["psfs_activity_2"] == ["Name the activity this score is for."]
