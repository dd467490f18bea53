"""Adding, captioning, reordering and removing an exercise's photos and clips.

Files that are no longer used (a removed photo, a clip and its poster, an exercise
image that was replaced) are deleted from storage only once the database change has
committed: a rolled-back change keeps its files, and a committed one leaves none
behind.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from clinic.history import record_change
from programs.images import clean_image
from programs.media import video
from programs.media.models import ExerciseMedia


def delete_files_on_commit(*names: str) -> None:
    """Delete the stored files ``names`` (empty ones skipped) after the commit."""
    names = tuple(name for name in names if name)
    if not names:
        return

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


def prepare_upload(kind: str, upload) -> dict:
    """The files to store for ``upload`` (already read and re-written), or ValidationError.

    Runs before any row is written, so a refused file saves nothing."""
    if kind == ExerciseMedia.Kind.PHOTO:
        return {"file": clean_image(upload)}
    clip = video.prepare_clip(upload)
    stem = uuid.uuid4().hex
    return {
        "file": ContentFile(clip.video, name=f"{stem}.{clip.extension}"),
        "poster": ContentFile(clip.poster, name=f"{stem}-poster.jpg"),
        "duration_seconds": clip.duration,
    }


@transaction.atomic
def add_media(*, exercise, kind: str, caption: str, prepared: dict, by) -> ExerciseMedia:
    """Store ``prepared`` (from ``prepare_upload``) as the exercise's last media."""
    # The exercise row is the lock: two uploads at once get different positions.
    list(type(exercise).objects.select_for_update().filter(pk=exercise.pk).values_list("pk"))
    last = exercise.media.aggregate(last=Max("position"))["last"] or 0
    media = ExerciseMedia(
        exercise=exercise,
        kind=kind,
        caption=caption,
        position=last + 1,
        duration_seconds=prepared.get("duration_seconds"),
        created_by=by,
    )
    media.file.save(prepared["file"].name, prepared["file"], save=False)
    if prepared.get("poster"):
        media.poster.save(prepared["poster"].name, prepared["poster"], save=False)
    record_change(media, by=by, reason="Added to the exercise")
    try:
        media.save()
    except Exception:  # the row is not there: neither should its files be
        for name in (media.file.name, media.poster.name):
            if name:
                default_storage.delete(name)
        raise
    return media


def set_caption(media: ExerciseMedia, caption: str, *, by) -> None:
    if media.caption != caption:
        media.caption = caption
        record_change(media, by=by, reason="Caption changed")
        media.save(update_fields=["caption"])


@transaction.atomic
def move_media(media: ExerciseMedia, direction: str, *, by) -> None:
    """Swap ``media`` with its neighbour above ("up") or below ("down")."""
    siblings = list(
        ExerciseMedia.objects.select_for_update()
        .filter(exercise_id=media.exercise_id)
        .order_by("position", "id")
    )
    index = next(i for i, item in enumerate(siblings) if item.pk == media.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        if item.position != position:
            item.position = position
            record_change(item, by=by, reason="Reordered")
            item.save(update_fields=["position"])


@transaction.atomic
def remove_media(media: ExerciseMedia, *, by) -> None:
    record_change(media, by=by, reason="Removed from the exercise")
    files = (media.file.name, media.poster.name)
    media.delete()
    delete_files_on_commit(*files)
