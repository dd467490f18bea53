"""The easier version per prescription: the practitioner picks, in the shared exercise
editor, which of the exercise's easier variations this client is offered (or none);
unset, the library's first; the guided session shows the pick."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import ProgramExercise, TemplateExercise
from programs.services import ProgramError
from tests import factories

NOT_ONE_OF_THEM = "Choose one of this exercise&#x27;s easier versions in the list, or none."


def _dosage(item, version, easier) -> dict:
    return {
        "version": version,
        "sets": item.sets,
        "reps": item.reps,
        "hold_seconds": item.hold_seconds,
        "rest_seconds": item.rest_seconds,
        "times_per_day": item.times_per_day,
        "days_per_week": item.days_per_week,
        "notes": item.notes,
        "easier": easier,
    }


@pytest.fixture
def variations(program):
    """Two easier variations of the first exercise ("Bridge" by name before "Wall")."""
    item = ProgramExercise.objects.filter(phase=program.current_phase).order_by("position")[0]
    wall = factories.ExerciseFactory(name="Wall sit, shallow")
    bridge = factories.ExerciseFactory(name="Bridge, half range")
    item.exercise.easier_variations.add(wall, bridge)
    return item, bridge, wall


def _edit_url(program, item):
    return reverse("programs:program_item_edit", args=[program.client_id, item.pk])


def _step_1(portal_client) -> str:
    return portal_client.get(reverse("programs:portal_session_step", args=[1])).content.decode()


# --- the editor ---------------------------------------------------------------------


def test_the_editor_offers_only_the_exercises_easier_variations_or_none(
    practitioner_client, program, variations
):
    item, bridge, wall = variations
    factories.ExerciseFactory(name="Plank, full")  # in the library, not an easier version
    body = practitioner_client.get(_edit_url(program, item)).content.decode()
    assert "Easier version in the guided session" in body
    options = body.split('name="easier"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>The library&#x27;s first: Bridge, half range</option>' in (
        options
    )
    assert f'<option value="{bridge.pk}">Bridge, half range</option>' in options
    assert f'<option value="{wall.pk}">Wall sit, shallow</option>' in options
    assert '<option value="none">None for this client</option>' in options
    assert "Plank" not in options


def test_the_practitioner_picks_an_easier_version_kept_in_the_history(
    practitioner_client, practitioner, program, variations
):
    item, bridge, wall = variations
    response = practitioner_client.post(
        _edit_url(program, item), _dosage(item, program.version, str(wall.pk))
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.easier_version, item.offer_easier) == (wall, True)
    latest = item.history.first()
    assert (latest.easier_version_id, latest.history_user) == (wall.pk, practitioner)
    assert item.history.count() == 2  # copied from the template, then this change
    # The page shows the pick next time.
    body = practitioner_client.get(_edit_url(program, item)).content.decode()
    assert f'<option value="{wall.pk}" selected>' in body


def test_none_for_this_client_and_back_to_the_librarys_first(
    practitioner_client, program, variations
):
    item, bridge, wall = variations
    url = _edit_url(program, item)
    practitioner_client.post(url, _dosage(item, program.version, "none"))
    item.refresh_from_db()
    assert (item.easier_version, item.offer_easier) == (None, False)
    program.refresh_from_db()
    assert '<option value="none" selected>' in practitioner_client.get(url).content.decode()
    practitioner_client.post(url, _dosage(item, program.version, ""))
    item.refresh_from_db()
    assert (item.easier_version, item.offer_easier) == (None, True)


@pytest.mark.parametrize("pick", ["other", "archived", "999999", "x"])
def test_anything_but_an_easier_variation_is_refused_at_the_field(
    practitioner_client, program, variations, pick
):
    item, bridge, wall = variations
    other = factories.ExerciseFactory(name="Plank, full")
    if pick == "other":
        pick = str(other.pk)
    elif pick == "archived":
        wall.archived_at = timezone.now()
        wall.save()
        pick = str(wall.pk)
    data = _dosage(item, program.version, pick)
    data["sets"] = 5
    response = practitioner_client.post(_edit_url(program, item), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert NOT_ONE_OF_THEM in body
    assert 'id="error_1_id_easier"' in body  # the message sits at the field
    item.refresh_from_db()
    assert item.sets != 5 and item.easier_version is None  # nothing saved


def test_the_service_refuses_an_exercise_that_is_not_an_easier_variation(
    practitioner, program, variations
):
    item, bridge, wall = variations
    other = factories.ExerciseFactory(name="Plank, full")
    values = {**item.dosage_values(), "notes": "", "easier_version": other, "offer_easier": True}
    with pytest.raises(ProgramError, match="is not an easier version of"):
        services.update_exercise(
            item=item, by=practitioner, expected_version=program.version, values=values
        )
    item.refresh_from_db()
    assert item.easier_version is None


def test_a_templates_pick_is_copied_into_the_program_assigned_from_it(
    practitioner_client, practitioner, client_record
):
    template = factories.build_template(phases=1, exercises_per_phase=1)
    item = TemplateExercise.objects.get(phase__template=template)
    easier = factories.ExerciseFactory(name="Bridge, half range")
    item.exercise.easier_variations.add(factories.ExerciseFactory(name="Abc first"), easier)
    response = practitioner_client.post(
        reverse("programs:template_item_edit", args=[template.pk, item.pk]),
        _dosage(item, template.version, str(easier.pk)),
    )
    assert response.status_code == 302
    program = services.assign_program(
        client=client_record,
        template=template,
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        by=practitioner,
    )
    copied = ProgramExercise.objects.get(phase__program=program)
    assert (copied.easier_version, copied.offer_easier) == (easier, True)


@pytest.mark.parametrize("count", [1, 15])
def test_the_editor_costs_the_same_queries_however_many_easier_variations(
    practitioner_client, program, django_assert_num_queries, count
):
    item = ProgramExercise.objects.filter(phase=program.current_phase).order_by("position")[0]
    for n in range(count):
        item.exercise.easier_variations.add(factories.ExerciseFactory(name=f"Easier {n}"))
    url = _edit_url(program, item)
    practitioner_client.get(url)  # warm the per-process caches (consent version and such)
    # session, user, savepoint, the item with its program and client, the exercise's
    # easier variations, release
    with django_assert_num_queries(5):
        body = practitioner_client.get(url).content.decode()
    assert body.count('<option value="') == count + 2


# --- the guided step ----------------------------------------------------------------


def test_the_guided_step_offers_the_practitioners_pick(
    practitioner_client, portal_client, program, variations
):
    item, bridge, wall = variations
    assert "Try the easier version: Bridge, half range" in _step_1(portal_client)  # unset
    ProgramExercise.objects.filter(pk=item.pk).update(easier_version=wall)
    body = _step_1(portal_client)
    assert "Try the easier version: Wall sit, shallow" in body
    assert wall.instruction_steps[0] in body
    ProgramExercise.objects.filter(pk=item.pk).update(easier_version=None, offer_easier=False)
    assert "Try the easier version" not in _step_1(portal_client)


def test_a_pick_no_longer_an_easier_variation_falls_back_to_the_librarys_first(
    portal_client, program, variations
):
    item, bridge, wall = variations
    ProgramExercise.objects.filter(pk=item.pk).update(easier_version=wall)
    wall.archived_at = timezone.now()
    wall.save()
    assert "Try the easier version: Bridge, half range" in _step_1(portal_client)
    item.exercise.easier_variations.remove(bridge)
    assert "Try the easier version" not in _step_1(portal_client)
