"""AssessmentForm is put together from one section per part of the page; each section
owns its fields, its cleaning and its layout."""

import pytest

from clients.assessments.forms import (
    SECTIONS,
    AssessmentForm,
    FunctionalScale,
    Oswestry,
    RedFlagScreen,
)
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
    form = AssessmentForm(instance=Assessment())
    placed = [name for _p, name in _walk(form.helper.layout)]
    assert sorted(placed) == sorted(form.fields)


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
    assert isinstance(SECTIONS[-2], Oswestry) and isinstance(SECTIONS[-1], FunctionalScale)


def test_the_functional_scale_needs_three_activities_each_with_a_score():
    data = {**BASE, "psfs_activity_1": "Sitting", "psfs_score_2": "4"}
    form = AssessmentForm(data, instance=Assessment())
    assert not form.is_valid()
    assert form.errors["psfs_score_1"] == ["Score this activity from 0 to 10."]
    assert form.errors["psfs_activity_2"] == ["Name the activity this score is for."]
