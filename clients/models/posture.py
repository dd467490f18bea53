from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.posture import landmarks, measures
from clinic.models import Archivable, ArchiveQuerySet


class PosturePhotoQuerySet(ArchiveQuerySet):
    def visible_to(self, user) -> PosturePhotoQuerySet:
        """Photos of clients ``user`` may see (practice staff: all of the clinic's)."""
        from clients.models.client import Client

        return self.filter(assessment__client__in=Client.objects.visible_to(user))


class PosturePhoto(Archivable):
    """One standard-view photo in an assessment, with the landmarks placed on it.

    The picture itself lives in the private storage under a random name
    (clients/posture/photos.py); these columns say which files, never a URL. A newer photo
    of the same view archives this one, so earlier photos and their points stay in the
    record. Erasing the client deletes the files and blanks the names (``erased_at``).
    """

    class View(models.TextChoices):
        FRONT = landmarks.FRONT, "Front"
        BACK = landmarks.BACK, "Back"
        LEFT = landmarks.LEFT, "Left side"
        RIGHT = landmarks.RIGHT, "Right side"

    assessment = models.ForeignKey(
        "clients.Assessment", on_delete=models.PROTECT, related_name="posture_photos"
    )
    view = models.CharField(max_length=10, choices=View.choices)
    image_name = models.CharField(max_length=100, blank=True, editable=False)
    thumbnail_name = models.CharField(max_length=100, blank=True, editable=False)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # The upload form's one-time token: a double tap returns the photo already saved.
    upload_token = models.UUIDField(unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    # {landmark code: [x, y]} in the stored picture's pixels.
    landmarks = models.JSONField(default=dict, blank=True)
    # Two points a known distance apart: {"a": [x, y], "b": [x, y], "mm": distance}.
    scale = models.JSONField(default=dict, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = PosturePhotoQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "view", "-uploaded_at"]
        indexes = [models.Index(fields=["assessment", "view", "archived_at"])]

    def __str__(self) -> str:
        return f"{self.get_view_display()} photo"

    def get_absolute_url(self) -> str:
        return reverse(
            "clients:posture_photo",
            args=[self.assessment.client_id, self.assessment_id, self.pk],
        )

    @property
    def is_side_view(self) -> bool:
        return self.view in landmarks.SIDE_VIEWS

    def measures(self) -> list[measures.Measure]:
        return measures.compute(self.view, self.landmarks, self.scale)


class PostureShareQuerySet(ArchiveQuerySet):
    def for_client(self, client) -> PostureShareQuerySet:
        return self.active().filter(before__assessment__client=client)


class PostureShare(Archivable):
    """A before/after pair of photos of the same view that the practitioner shows the
    client in the portal. Un-sharing archives it."""

    before = models.ForeignKey(PosturePhoto, on_delete=models.PROTECT, related_name="+")
    after = models.ForeignKey(PosturePhoto, on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = PostureShareQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at", "-id"]

    def __str__(self) -> str:
        return f"Before and after: {self.after.get_view_display()}"
