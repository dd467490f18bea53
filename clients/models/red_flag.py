from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.vocab import RED_FLAG_LABELS


class RedFlagQuerySet(models.QuerySet):
    def unresolved(self) -> RedFlagQuerySet:
        return self.filter(resolved_at__isnull=True)

    def visible_to(self, user) -> RedFlagQuerySet:
        from clients.models.client import Client

        return self.filter(client__in=Client.objects.visible_to(user))


class RedFlag(models.Model):
    """A positive red-flag screen: stop exercise and refer, until a practitioner resolves it.

    Raised by an assessment's screen or by a client's check-in. Never deleted;
    resolving it records who, when and how (e.g. medical clearance received),
    and the history keeps both states.
    """

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        CHECK_IN = "check_in", "Client check-in"
        PRACTITIONER = "practitioner", "Practitioner"

    class Resolution(models.TextChoices):
        MEDICAL_CLEARANCE = "medical_clearance", "Medical clearance received"
        REFERRED = "referred", "Referred out; care paused"
        NOT_CONFIRMED = "not_confirmed", "Not confirmed on follow-up"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="red_flags")
    source = models.CharField(max_length=20, choices=Source.choices)
    # Codes from clients.vocab.RED_FLAG_QUESTIONS answered "yes".
    answers = models.JSONField(default=list)
    details = models.TextField(blank=True)
    # The assessment whose screen raised it, so re-saving that assessment updates this flag.
    assessment = models.ForeignKey(
        "clients.Assessment",
        on_delete=models.PROTECT,
        related_name="red_flags",
        null=True,
        blank=True,
    )
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    resolution = models.CharField(max_length=30, choices=Resolution.choices, blank=True)
    resolution_note = models.TextField(blank=True)
    cleared_by_name = models.CharField(
        max_length=200, blank=True, help_text="Who gave the medical clearance, if any."
    )
    cleared_on = models.DateField(
        null=True, blank=True, help_text="When the clearance or referral outcome was received."
    )

    history = HistoricalRecords()
    objects = RedFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["client", "resolved_at"])]

    def __str__(self) -> str:
        return f"Red flag for {self.client} raised {self.raised_at:%Y-%m-%d}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def answer_labels(self) -> list[str]:
        return [RED_FLAG_LABELS.get(code, code) for code in self.answers]

    def resolve(
        self,
        *,
        by,
        resolution: str,
        note: str,
        cleared_by_name: str = "",
        cleared_on=None,
    ) -> None:
        self.resolved_at = timezone.now()
        self.cleared_on = cleared_on
        self.resolved_by = by
        self.resolution = resolution
        self.resolution_note = note
        self.cleared_by_name = cleared_by_name
        self._history_user = by
        self.save()

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Red flags are resolved, never deleted.", {self})
