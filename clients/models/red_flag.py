from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.vocab import RED_FLAG_SUMMARIES


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
        INTAKE = "intake", "Client's intake form"
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

    # The alert's life after it is raised (clients.red_flags.services): the first email
    # claimed (once), a practitioner saying "seen, acting on it", and the owners told
    # when nobody had after CLINIC_RED_FLAG_ESCALATE_HOURS (claimed once, too).
    notified_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    # When the owners' escalation clock started: when it was raised, or, for a flag
    # adopted from a stranger's intake form (``raised_at`` kept as when they said it),
    # when they became a client and the converting practitioner took it on.
    escalates_from = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = RedFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["client", "resolved_at"]),
            # The scheduled escalation reads the few open, unacknowledged, unescalated flags.
            models.Index(
                fields=["escalates_from"],
                name="red_flag_to_escalate_idx",
                condition=models.Q(
                    resolved_at__isnull=True,
                    acknowledged_at__isnull=True,
                    escalated_at__isnull=True,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Red flag for {self.client} raised {self.raised_at:%Y-%m-%d}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def answer_labels(self) -> list[str]:
        """What was reported, one plain statement per "yes" ("Numbness in the saddle
        area"), not the screen's questions, which end in "?"."""
        said = [RED_FLAG_SUMMARIES.get(code, code) for code in self.answers]
        return [text[:1].upper() + text[1:] for text in said]

    @property
    def summary(self) -> str:
        """What was reported and when, in plain words: "Numbness in the saddle area —
        reported Tue 1 Dec, 08:14". The question texts are for the screen, not the alert."""
        said = "; ".join(RED_FLAG_SUMMARIES.get(code, code) for code in self.answers)
        said = said[:1].upper() + said[1:] if said else "A safety concern"
        # An f-string, as dateformat's "D j M, H:i" in English: the dashboard formats
        # every open flag's, and dateformat was a tenth of its red-flag banner.
        when = f"{timezone.localtime(self.raised_at):%a %-d %b, %H:%M}"
        return f"{said} — reported {when}"

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


class SafetyCheck(models.Model):
    """A client's answers to the portal's safety questions, kept whatever they were.

    Written by the weekly card (the three cauda-equina questions) and by every
    check-in that answered any safety question; a "yes" also raises a RedFlag,
    linked here. The portal asks the weekly card again when none is younger than
    7 days.
    """

    class Source(models.TextChoices):
        WEEKLY = "weekly", "Weekly safety card"
        CHECK_IN = "check_in", "Session check-in"
        INTAKE = "intake", "Intake form"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="safety_checks"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    # {code: True ("yes") / False ("no")} for the questions answered.
    answers = models.JSONField(default=dict)
    # All three cauda-equina questions answered: this counts as the week's check.
    cauda_equina_answered = models.BooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    red_flag = models.ForeignKey(
        RedFlag, on_delete=models.PROTECT, related_name="safety_checks", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-answered_at", "-id"]
        indexes = [models.Index(fields=["client", "cauda_equina_answered", "answered_at"])]

    def __str__(self) -> str:
        return f"Safety check for {self.client} on {self.answered_at:%Y-%m-%d}"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Safety answers are kept, never deleted.", {self})
