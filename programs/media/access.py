"""Who may reach an exercise's media: practice staff, and a client with that exercise in
an active program of theirs. Everyone else gets the same 404 as for a missing file."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from clients.models import Client
from programs.media.models import ExerciseMedia
from programs.models import ClientProgram, ProgramExercise

PREFIX = "exercise-media/"


def get_media_for(user, exercise_pk: int, media_pk: int) -> ExerciseMedia:
    """One media item of the exercise, for the practice's media page."""
    return get_object_or_404(
        ExerciseMedia.objects.select_related("exercise"), pk=media_pk, exercise_id=exercise_pk
    )


def get_media_file_for(user, name: str) -> ExerciseMedia:
    """The media whose stored clip, photo or poster is ``name``, if ``user`` may see it.

    Queries: one (with EXISTS over the client's active programs for a client)."""
    media = ExerciseMedia.objects.filter(Q(file=name) | Q(poster=name)).only(
        "id", "file", "poster", "kind"
    )
    if user.is_practice_staff:
        return get_object_or_404(media[:1])
    if user.is_client_user:
        prescribed = ProgramExercise.objects.active().filter(
            exercise=OuterRef("exercise_id"),
            phase__program__status=ClientProgram.Status.ACTIVE,
            phase__program__client__in=Client.objects.visible_to(user),
        )
        return get_object_or_404(media.filter(Exists(prescribed))[:1])
    raise Http404("No such file.")
