from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.models.consent import SIGNED_NAME_MAX_LENGTH
from clients.models.invitation import hash_token


class IntakeLinkQuerySet(models.QuerySet):
    def open(self) -> IntakeLinkQuerySet:
        """Neither submitted nor revoked (they may still have expired)."""
        return self.filter(submitted_at__isnull=True, revoked_at__isnull=True)

    def usable(self, now=None) -> IntakeLinkQuerySet:
        return self.open().filter(expires_at__gt=now or timezone.now())


class IntakeLink(models.Model):
    """A private link to fill the intake form before the first visit: a client's, or
    (``client`` empty) the person's who booked ``consultation`` without a client record.

    Only a hash of the token is stored: the link in the email is the only copy. The
    answers are kept per section as the client saves each one (``answers``:
    {section code: {field: value}}), so a lost connection loses at most the section
    on screen. Submitting writes them into a draft assessment
    (``clients.intake.services.submit_intake``) and closes the link for good.

    A consultation's link keeps everything on itself until the practitioner makes the
    person a client (``adopt``): the safety answers (saved first; a "yes" alerts the
    practitioner, ``flagged_at`` / ``flag_notified_at``), the answers, and the consent
    signed with the form (``consent_version``, ``consent_name``, ``consent_signed_at``).
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="intakes", null=True, blank=True
    )
    consultation = models.ForeignKey(
        "clients.Consultation",
        on_delete=models.PROTECT,
        related_name="intakes",
        null=True,
        blank=True,
    )
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
    # A consultation's link, before the person is a client (see the class docstring).
    safety_answers = models.JSONField(default=dict, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    flag_notified_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.ForeignKey(
        "clients.ConsentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_signatures",
    )
    consent_name = models.CharField(max_length=SIGNED_NAME_MAX_LENGTH, blank=True)
    consent_signed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["answers", "safety_answers", "consent_name"])
    objects = IntakeLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at"], name="intake_client_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client__isnull=False) | models.Q(consultation__isnull=False),
                name="intake_link_client_or_consultation",
            )
        ]

    def __str__(self) -> str:
        if self.client_id is None:
            return f"Intake link for consultation {self.consultation_id}"
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
    def first_name(self) -> str:
        """Whom the form greets: the client, or the person who booked."""
        person = self.client if self.client_id is not None else self.consultation
        return person.first_name

    @property
    def saved_sections(self) -> set[str]:
        return set(self.answers)
