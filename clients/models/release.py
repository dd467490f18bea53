from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RecordRelease(models.Model):
    """A copy of a client's whole record handed out by practice staff (right of access):
    who took it, when, and in which form. Kept like any clinical record: never deleted."""

    class Kind(models.TextChoices):
        JSON = "json", "Machine-readable file (JSON)"
        PRINT = "print", "Readable document"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["-released_at", "-id"]
        indexes = [models.Index(fields=["client", "released_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of client {self.client_id} by {self.released_by}"
