from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.models.invitation import hash_token


class IntakeLinkQuerySet(models.QuerySet):
    def open(self) -> IntakeLinkQuerySet:
        """Neither submitted nor revoked (they may still have expired)."""
        return self.filter(submitted_at__isnull=True, revoked_at__isnull=True)

    def usable(self, now=None) -> IntakeLinkQuerySet:
        return self.open().filter(expires_at__gt=now or timezone.now())


class IntakeLink(models.Model):
    """A client's private link to fill their intake form before the first visit.

    Only a hash of the token is stored: the link in the email is the only copy. The
    answers are kept per section as the client saves each one (``answers``:
    {section code: {field: value}}), so a lost connection loses at most the section
    on screen. Submitting writes them into a draft assessment
    (``clients.intake.services.submit_intake``) and closes the link for good.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="intakes")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # None: sent by the booking confirmation, not by a person.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answers = models.JSONField(default=dict, blank=True)
    body_chart = models.OneToOneField(
        "clients.BodyChart",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    assessment = models.ForeignKey(
        "clients.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intakes",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["answers"])
    objects = IntakeLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at"], name="intake_client_created_idx")]

    def __str__(self) -> str:
        return f"Intake link for client {self.client_id}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(token: str) -> str:
        return hash_token(token)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def state(self) -> str:
        if self.submitted_at:
            return "submitted"
        if self.revoked_at:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "pending"

    @property
    def saved_sections(self) -> set[str]:
        return set(self.answers)
