"""One editor for a template's phases and a client's program's: the same services and
views, with what differs (lock, which exercises count, what removing means) per side."""

import pytest
from django.urls import reverse

from programs import services
from programs.models import ProgramExercise, TemplateExercise, TemplatePhase
from tests import factories


def _template_side(template, program):
    return template, template.phases.first()


def _program_side(template, program):
    return program, program.phases.first()


SIDES = [_template_side, _program_side]


@pytest.mark.django_db
@pytest.mark.parametrize("side", SIDES)
def test_one_service_changes_a_phase_of_either_and_bumps_its_version(
    side, template, program, practitioner
):
    container, phase = side(template, program)
    version = container.version
    services.update_phase(
        phase=phase, by=practitioner, expected_version=version, values={"name": "Gentle start"}
    )
    container.refresh_from_db()
    phase.refresh_from_db()
    assert (phase.name, container.version) == ("Gentle start", version + 1)
    assert phase.history.latest().history_user == practitioner
    with pytest.raises(services.ProgramError, match="Someone changed this"):
        services.update_phase(
            phase=phase, by=practitioner, expected_version=version, values={"name": "Stale"}
        )


@pytest.mark.django_db
def test_a_template_may_list_an_exercise_twice_a_clients_phase_may_not(
    template, program, practitioner
):
    exercise = factories.ExerciseFactory()
    for container, phase in (_template_side(template, program), _program_side(template, program)):
        services.add_exercise(
            phase=phase, exercise=exercise, by=practitioner, expected_version=container.version
        )
        container.refresh_from_db()
    services.add_exercise(
        phase=template.phases.first(),
        exercise=exercise,
        by=practitioner,
        expected_version=template.version,
    )
    with pytest.raises(services.ProgramError, match="already in"):
        services.add_exercise(
            phase=program.phases.first(),
            exercise=exercise,
            by=practitioner,
            expected_version=program.version,
        )


@pytest.mark.django_db
def test_removing_deletes_from_a_template_but_archives_in_a_clients_program(
    template, program, practitioner
):
    template_item = template.phases.first().items.first()
    program_item = program.phases.first().items.first()
    services.remove_exercise(item=template_item, by=practitioner, expected_version=template.version)
    services.remove_exercise(item=program_item, by=practitioner, expected_version=program.version)
    assert not TemplateExercise.objects.filter(pk=template_item.pk).exists()
    assert ProgramExercise.objects.archived().get(pk=program_item.pk).archived_by == practitioner


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("side", "url_name", "owner_kwarg", "message"),
    [
        (_template_side, "programs:template_phase_edit", "pk", "Phase “Gentle start” saved."),
        (
            _program_side,
            "programs:program_phase_edit",
            "client_pk",
            "Phase “Gentle start” saved for ",
        ),
    ],
)
def test_the_phase_page_of_either_saves_through_the_same_editor(
    side, url_name, owner_kwarg, message, template, program, practitioner_client
):
    container, phase = side(template, program)
    owner_pk = container.client_id if owner_kwarg == "client_pk" else container.pk
    url = reverse(url_name, kwargs={owner_kwarg: owner_pk, "phase_pk": phase.pk})
    data = {
        name: "" if getattr(phase, name) is None else getattr(phase, name)
        for name in TemplatePhase.CRITERIA_FIELDS
    }
    data.update(version=container.version, name="Gentle start")
    response = practitioner_client.post(url, data, follow=True)
    phase.refresh_from_db()
    assert phase.name == "Gentle start"
    assert response.redirect_chain[-1][0] == container.get_absolute_url()
    assert message in response.content.decode()
