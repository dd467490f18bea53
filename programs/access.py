"""Fetch-and-authorize helpers: one place that says which objects a user may reach.

Everything here is practice data (the library, templates, clients' programs),
so the practice views are already limited to owners and practitioners by
``practice_required``; these helpers scope the object to the URL it came with
and turn "not there" and "not yours" into the same 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from clients.access import get_client_for
from clients.models import Client, RedFlag
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


@dataclass
class ClientPrograms:
    """A client's programs (a handful, active and ended) and the client's open red flags."""

    client: Client
    programs: list[ClientProgram]
    open_flags: list[RedFlag]

    @property
    def active(self) -> ClientProgram | None:
        return next((p for p in self.programs if p.is_active), None)

    @property
    def ended(self) -> list[ClientProgram]:
        return [p for p in self.programs if p.status == ClientProgram.Status.ENDED]


def client_programs_queryset(user, client_pk: int, *, annotations=None):
    """The programs of the client ``client_pk`` if ``user`` may see them, with the client,
    the current phase and whether a red flag is open; ``annotations`` (about the
    client) ride along."""
    return (
        ClientProgram.objects.visible_to(user)
        .filter(client_id=client_pk)
        .select_related("client", "current_phase")
        .annotate(
            has_open_flag=Exists(RedFlag.objects.unresolved().filter(client=OuterRef("client_id"))),
            **(annotations or {}),
        )
    )


def get_client_programs_for(
    user, client_pk: int, *, annotations=None, programs: list | None = None
) -> ClientPrograms:
    """The program page's access rule: a client the user may see (else a 404), with
    their programs.

    The programs come with their client and whether it has an open red flag in one
    query (``client_programs_queryset``; ``programs``: its rows, already read). Only a
    client without any program is loaded on its own (a 404 if not the user's), and the
    flags are listed only when there are some (one client in thirty on the bench).
    """
    if programs is None:
        programs = list(client_programs_queryset(user, client_pk, annotations=annotations))
    if programs:
        client = programs[0].client
        open_flags = list(client.red_flags.unresolved()) if programs[0].has_open_flag else []
    else:
        client = get_client_for(user, client_pk)
        open_flags = list(client.red_flags.unresolved())
    return ClientPrograms(client=client, programs=programs, open_flags=open_flags)


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


def get_exercise_image_for(user, name: str) -> Exercise:
    """The exercise whose stored image is ``name``, if ``user`` may see it: practice staff
    see every image; a client sees those of exercises in one of their own programs."""
    exercises = Exercise.objects.filter(image=name).only("id", "image")
    if user.is_practice_staff:
        return get_object_or_404(exercises[:1])
    if user.is_client_user:
        prescribed = ProgramExercise.objects.filter(
            exercise=OuterRef("pk"),
            phase__program__client__in=Client.objects.visible_to(user),
        )
        return get_object_or_404(exercises.filter(Exists(prescribed))[:1])
    raise Http404("No such file.")
