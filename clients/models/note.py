from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.models import Archivable


class SessionNote(Archivable):
    """A practitioner's note about a session.

    Older notes are one free-text ``text``. A note written from an appointment has the
    four parts of a SOAP note instead and is a draft until it is signed; a signed note
    is never edited again: later changes are ``SessionNoteAmendment`` rows beside it.
    """

    PARTS = ("subjective", "objective", "assessment", "plan")

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="session_notes"
    )
    appointment = models.ForeignKey(
        "clients.Consultation",
        on_delete=models.PROTECT,
        related_name="session_notes",
        null=True,
        blank=True,
    )
    noted_on = models.DateField(default=timezone.localdate, verbose_name="session date")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(verbose_name="note", blank=True)
    subjective = models.TextField(blank=True, help_text="What the client reports.")
    objective = models.TextField(blank=True, help_text="What you observed and measured.")
    assessment = models.TextField(blank=True, help_text="Your reading of it.")
    plan = models.TextField(blank=True, help_text="What happens next.")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-noted_on", "-id"]
        indexes = [models.Index(fields=["client", "noted_on"])]
        constraints = [
            # One note per appointment (a double tap, two tabs): amendments add to it.
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(appointment__isnull=False, archived_at__isnull=True),
                name="session_note_one_per_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"Note on {self.client} ({self.noted_on:%Y-%m-%d})"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def part_rows(self) -> list[tuple[str, str]]:
        """(label, text) of each filled part, or the old free text."""
        rows = [
            (self._meta.get_field(name).verbose_name.capitalize(), getattr(self, name))
            for name in self.PARTS
        ]
        rows = [(label, value) for label, value in rows if value]
        if self.text:
            rows.insert(0, ("Note", self.text))
        return rows

    @property
    def summary(self) -> str:
        """All of the note as one text, for the timeline (an old free-text note: its text)."""
        rows = self.part_rows()
        if len(rows) == 1 and rows[0][0] == "Note":
            return rows[0][1]
        return " · ".join(f"{label}: {value}" for label, value in rows)


class SessionNoteAmendment(models.Model):
    """A change to a signed session note, kept beside it with who wrote it and when."""

    note = models.ForeignKey(SessionNote, on_delete=models.PROTECT, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("amendment")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Amendment to {self.note} ({self.created_at:%Y-%m-%d %H:%M})"
