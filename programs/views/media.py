"""Uploaded exercise images and the library's photos and clips, served only to those who
may see them (``clinic.media``; clips answer HTTP range requests so phones can seek)."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.views.decorators.http import require_safe

from clinic.media import file_response
from programs.access import get_exercise_image_for
from programs.media.access import PREFIX, get_media_file_for


@require_safe
@transaction.non_atomic_requests  # read-only
@login_required
def media(request, name: str):
    """Queries: the session, the user, the exercise with that image (and, for a client,
    whether it is in one of their programs: one query with EXISTS)."""
    exercise = get_exercise_image_for(request.user, name)
    return file_response(exercise.image.name, request)


@require_safe
@transaction.non_atomic_requests  # read-only
@login_required
def exercise_media_file(request, filename: str):
    """A photo, clip or poster of the library (``/media/exercise-media/…``, the storage's
    own URL). Queries: the session, the user, the media with that file (and, for a
    client, whether the exercise is in an active program of theirs: one query)."""
    media = get_media_file_for(request.user, PREFIX + filename)
    name = PREFIX + filename
    return file_response(name if name in (media.file.name, media.poster.name) else "", request)
