"""Fetch-and-authorize helpers: one place that says which objects a user may reach.

Everything here is practice data (the library, templates, clients' programs),
so the practice views are already limited to owners and practitioners by
``practice_required``; these helpers scope the object to the URL it came with
and turn "not there" and "not yours" into the same 404.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from clients.models import Client
from programs.models import (
    ClientProgram,
    Exercise,
    ProgramExercise,
    ProgramPhase,
    ProgramTemplate,
    TemplateExercise,
    TemplatePhase,
)


def get_exercise_for(user, pk: int) -> Exercise:
    return get_object_or_404(Exercise.objects.all(), pk=pk)


def get_template_for(user, pk: int) -> ProgramTemplate:
    return get_object_or_404(ProgramTemplate.objects.all(), pk=pk)


def get_template_phase_for(user, template_pk: int, phase_pk: int) -> TemplatePhase:
    return get_object_or_404(
        TemplatePhase.objects.select_related("template"), pk=phase_pk, template_id=template_pk
    )


def get_template_item_for(user, template_pk: int, item_pk: int) -> TemplateExercise:
    return get_object_or_404(
        TemplateExercise.objects.select_related("phase__template", "exercise"),
        pk=item_pk,
        phase__template_id=template_pk,
    )


def get_active_program(client: Client) -> ClientProgram | None:
    return (
        ClientProgram.objects.active()
        .filter(client=client)
        .select_related("current_phase", "assigned_by")
        .first()
    )


def get_program_phase_for(user, client_pk: int, phase_pk: int) -> ProgramPhase:
    return get_object_or_404(
        ProgramPhase.objects.select_related("program__client").filter(
            program__client__in=Client.objects.visible_to(user),
            program__status=ClientProgram.Status.ACTIVE,
        ),
        pk=phase_pk,
        program__client_id=client_pk,
    )


def get_program_item_for(user, client_pk: int, item_pk: int) -> ProgramExercise:
    """An exercise still in the client's active program."""
    return get_object_or_404(
        ProgramExercise.objects.active()
        .select_related("phase__program__client", "exercise")
        .filter(
            phase__program__client__in=Client.objects.visible_to(user),
            phase__program__status=ClientProgram.Status.ACTIVE,
        ),
        pk=item_pk,
        phase__program__client_id=client_pk,
    )
