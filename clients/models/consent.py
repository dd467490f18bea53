"""The clinic's consent text, in numbered versions, and the clients' signatures of it.

A version is the text as the owner wrote it. While nobody has signed it the owner
may still correct it in place; from the first signature on it never changes, and
an edit becomes the next version (``clients.consent.services.save_consent_text``).
The highest number is the current version: a client must agree to it before
being assessed, given a program or invited to the portal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.models import ArchiveOnlyError

CONSENT_TEXT_MAX_LENGTH = 20_000
SIGNED_NAME_MAX_LENGTH = 200


class ConsentVersionQuerySet(models.QuerySet):
    def current(self) -> ConsentVersion | None:
        return self.order_by("-number").first()


class ConsentVersion(models.Model):
    number = models.PositiveIntegerField(unique=True)
    text = models.TextField(max_length=CONSENT_TEXT_MAX_LENGTH)
    change_note = models.CharField(
        max_length=300, blank=True, verbose_name="what changed", help_text="Shown in the history."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()
    objects = ConsentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("clients:consent_version", args=[self.number])

    def delete(self, *args, **kwargs):
        raise ArchiveOnlyError("Consent versions are kept for the record, never deleted.")


class ConsentSignature(models.Model):
    """One client's agreement to one version: how, when and with what name."""

    class How(models.TextChoices):
        REMOTE_LINK = "remote_link", "Remote link"
        PORTAL = "portal", "Portal"
        IN_CLINIC = "in_clinic", "In the clinic"
        PAPER = "paper", "On paper"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="consent_signatures"
    )
    version = models.ForeignKey(ConsentVersion, on_delete=models.PROTECT, related_name="signatures")
    # The name the client typed (blank for a paper form: the paper holds the signature).
    full_name = models.CharField(max_length=SIGNED_NAME_MAX_LENGTH, blank=True)
    how = models.CharField(max_length=20, choices=How.choices)
    signed_at = models.DateTimeField(default=timezone.now)
    # For a paper form: the date written on it (``signed_at`` is when it was recorded).
    paper_signed_on = models.DateField(null=True, blank=True)
    # The practitioner who handed the device over or recorded the paper form.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-version__number", "-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "version"], name="one_consent_signature_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} agreed to {self.version}"

    @property
    def signed_on(self):
        """The day of the agreement: the paper's date, or the day it was signed here."""
        return self.paper_signed_on or timezone.localdate(self.signed_at)

    def delete(self, *args, **kwargs):
        raise ArchiveOnlyError("Consent signatures are kept for the record, never deleted.")
