"""The template builder through its pages (works without JavaScript)."""

import pytest
from django.urls import reverse

from programs.models import ProgramTemplate, TemplateExercise, TemplatePhase
from tests import factories


@pytest.mark.parametrize("count", [1, 30])
def test_the_template_page_costs_the_same_queries_for_1_or_30_exercises(
    practitioner_client, django_assert_num_queries, count
):
    template = factories.ProgramTemplateFactory()
    phase = factories.TemplatePhaseFactory(template=template)
    for _ in range(count):
        factories.TemplateExerciseFactory(phase=phase)
    # savepoint, session, user, template, phases, their exercises, library for the
    # "add exercise" menus, release
    with django_assert_num_queries(7):
        response = practitioner_client.get(reverse("programs:template_detail", args=[template.pk]))
    assert response.content.decode().count("Dosage<span") == count


@pytest.mark.parametrize("count", [1, 30])
def test_the_preview_costs_the_same_queries_for_1_or_30_exercises(
    practitioner_client, django_assert_num_queries, count
):
    template = factories.ProgramTemplateFactory()
    phase = factories.TemplatePhaseFactory(template=template)
    for _ in range(count):
        factories.TemplateExerciseFactory(phase=phase)
    # savepoint, session, user, template, phases, their exercises, the exercises'
    # photos and clips, release
    with django_assert_num_queries(7):
        response = practitioner_client.get(reverse("programs:template_preview", args=[template.pk]))
    body = response.content.decode()
    assert body.count('class="exercise-card card') == count
    assert "not a diagnosis" in body


@pytest.mark.parametrize("count", [1, 30])
def test_the_template_list_costs_the_same_queries_for_1_or_30_templates(
    practitioner_client, django_assert_num_queries, count
):
    factories.ProgramTemplateFactory.create_batch(count)
    # savepoint, session, user, templates with counts, release
    with django_assert_num_queries(4):
        practitioner_client.get(reverse("programs:template_list"))


def test_a_practitioner_builds_a_template_from_scratch(practitioner_client, practitioner):
    bridges = factories.ExerciseFactory(name="Bridges", sets=3, reps=10, hold_seconds=5)
    practitioner_client.post(
        reverse("programs:template_create"),
        {"name": "Hip reset", "client_name": "Desk-day reset", "description": "For desks"},
    )
    template = ProgramTemplate.objects.get(name="Hip reset")
    assert template.created_by == practitioner
    practitioner_client.post(
        reverse("programs:template_phase_add", args=[template.pk]),
        {
            "version": template.version,
            "name": "Activation",
            "goal": "Glutes on",
            "typical_weeks": 2,
            "max_worst_pain": 4,
            "min_adherence_percent": 75,
            "min_days_in_phase": 14,
            "require_no_red_flag": "on",
            "judgement_criteria": "Bridges without cramp",
        },
    )
    phase = TemplatePhase.objects.get(template=template)
    assert (phase.max_worst_pain, phase.min_adherence_percent) == (4, 75)
    template.refresh_from_db()
    practitioner_client.post(
        reverse("programs:template_item_add", args=[template.pk, phase.pk]),
        {"version": template.version, "exercise": bridges.pk},
    )
    item = TemplateExercise.objects.get(phase=phase)
    assert (item.exercise, item.sets, item.reps, item.hold_seconds) == (bridges, 3, 10, 5)
    template.refresh_from_db()
    response = practitioner_client.post(
        reverse("programs:template_item_edit", args=[template.pk, item.pk]),
        {
            "version": template.version,
            "sets": 2,
            "reps": 8,
            "hold_seconds": 10,
            "times_per_day": 1,
            "days_per_week": 5,
            "rest_seconds": 30,
            "notes": "Slowly",
        },
    )
    assert response.url == template.get_absolute_url()
    item.refresh_from_db()
    assert (item.sets, item.reps, item.hold_seconds, item.notes) == (2, 8, 10, "Slowly")
    page = practitioner_client.get(template.get_absolute_url()).content.decode()
    assert "2 × 8, hold 10 s" in page
    assert "worst pain ≤ 4/10" in page


def test_a_stale_builder_form_is_refused_with_a_message(practitioner_client):
    template = factories.build_template(phases=1, exercises_per_phase=2)
    first, second = TemplateExercise.objects.filter(phase__template=template)
    url = reverse("programs:template_item_move", args=[template.pk, second.pk])
    practitioner_client.post(url, {"version": template.version, "direction": "up"})
    response = practitioner_client.post(
        url, {"version": template.version, "direction": "up"}, follow=True
    )
    assert "Someone changed this template" in response.content.decode()
    order = list(TemplateExercise.objects.filter(phase__template=template))
    assert order == [second, first]


def test_an_impossible_dosage_in_the_builder_shows_a_message_and_saves_nothing(
    practitioner_client,
):
    template = factories.build_template(phases=1, exercises_per_phase=1)
    item = TemplateExercise.objects.get(phase__template=template)
    response = practitioner_client.post(
        reverse("programs:template_item_edit", args=[template.pk, item.pk]),
        {
            "version": template.version,
            "sets": 0,
            "reps": 10,
            "hold_seconds": 900,
            "times_per_day": 1,
            "days_per_week": 5,
            "rest_seconds": 30,
        },
    )
    body = response.content.decode()
    assert "At least one set." in body
    assert "at most 10 minutes" in body
    item.refresh_from_db()
    assert item.sets == 3


def test_copying_a_template_from_its_page_opens_the_copy(practitioner_client):
    template = factories.build_template(phases=2)
    response = practitioner_client.post(
        reverse("programs:template_copy", args=[template.pk]), {"name": "My variant"}
    )
    copy = ProgramTemplate.objects.get(name="My variant")
    assert response.url == copy.get_absolute_url()
    assert copy.phases.count() == 2


def test_an_archived_template_is_not_offered_for_assignment(practitioner_client, client_record):
    template = factories.build_template(phases=1, name="Retired plan")
    practitioner_client.post(reverse("programs:template_archive", args=[template.pk]), follow=True)
    body = practitioner_client.get(
        reverse("programs:program_assign", args=[client_record.pk])
    ).content.decode()
    assert "Retired plan" not in body
