from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.models import Archivable


class SessionNote(Archivable):
    """A short, dated note a practitioner writes after a session."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="session_notes"
    )
    noted_on = models.DateField(default=timezone.localdate, verbose_name="session date")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(verbose_name="note")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-noted_on", "-id"]
        indexes = [models.Index(fields=["client", "noted_on"])]

    def __str__(self) -> str:
        return f"Note on {self.client} ({self.noted_on:%Y-%m-%d})"
