"""One photo or clip of an exercise, in the order the practitioner chose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


def media_path(instance, filename: str) -> str:
    # The name is random (set by programs.media.services); never the uploader's.
    return f"exercise-media/{filename}"


class ExerciseMediaQuerySet(models.QuerySet):
    def in_order(self) -> ExerciseMediaQuerySet:
        return self.order_by("position", "id")


class ExerciseMedia(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", "Photo"
        CLIP = "clip", "Clip"

    exercise = models.ForeignKey(
        "programs.Exercise", on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveIntegerField(default=1)
    caption = models.CharField(
        max_length=200,
        help_text="What the picture or clip shows; screen readers read it out.",
    )
    file = models.FileField(upload_to=media_path, max_length=200)
    # A clip's still frame, shown before it plays (empty for a photo).
    poster = models.FileField(upload_to=media_path, max_length=200, blank=True)
    duration_seconds = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = ExerciseMediaQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "exercise media"
        verbose_name_plural = "exercise media"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.caption}"

    @property
    def is_clip(self) -> bool:
        return self.kind == self.Kind.CLIP

    @property
    def content_type(self) -> str:
        return "video/webm" if self.file.name.endswith(".webm") else "video/mp4"
