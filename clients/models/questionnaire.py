"""Questionnaires between visits: what the practitioner scheduled, and each one sent.

A schedule asks a client for some of NPRS, ODI and PSFS (with the client's own
activities) every N weeks from a start date. Each due date becomes one
``QuestionnaireResponse`` row: emailed once, open for ``ANSWER_WINDOW_DAYS``, then
answered or missed. Answers keep the practitioner's shapes (``pain_now``,
``odi_answers``, ``psfs_items``) and are scored by ``clients.assessments.scoring``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.assessments import scoring

MEASURES = [("nprs", "Pain now (NPRS)"), ("odi", "Oswestry (ODI)"), ("psfs", "Activities (PSFS)")]
ANSWER_WINDOW_DAYS = 7


class QuestionnaireSchedule(models.Model):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="questionnaire_schedules"
    )
    measures = models.JSONField(default=list)  # codes from MEASURES, in that order
    psfs_activities = models.JSONField(default=list, blank=True)  # the client's own words
    every_weeks = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(stopped_at__isnull=True),
                name="one_running_questionnaire_schedule_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"Questionnaires every {self.every_weeks} weeks for {self.client}"

    @property
    def is_running(self) -> bool:
        return self.stopped_at is None

    @property
    def measure_labels(self) -> list[str]:
        labels = dict(MEASURES)
        return [labels[code] for code in self.measures]

    def due_dates(self, *, until) -> list:
        """Every due date from ``starts_on`` up to and including ``until``."""
        dates, day = [], self.starts_on
        while day <= until:
            dates.append(day)
            day += timedelta(weeks=self.every_weeks)
        return dates

    def next_due_after(self, day):
        """The first due date after ``day``."""
        if day < self.starts_on:
            return self.starts_on
        weeks = (day - self.starts_on).days // 7 // self.every_weeks + 1
        return self.starts_on + timedelta(weeks=weeks * self.every_weeks)


class QuestionnaireResponseQuerySet(models.QuerySet):
    def open_on(self, day) -> QuestionnaireResponseQuerySet:
        """Due, unanswered, and still inside their answer window on ``day``."""
        return self.filter(answered_at__isnull=True, due_on__lte=day, closes_on__gte=day)

    def missed_on(self, day) -> QuestionnaireResponseQuerySet:
        return self.filter(answered_at__isnull=True, closes_on__lt=day)

    def answered(self) -> QuestionnaireResponseQuerySet:
        return self.filter(answered_at__isnull=False)


class QuestionnaireResponse(scoring.ScoredOutcomes, models.Model):
    """One due questionnaire: asked, emailed, answered (or missed). Client-reported, and
    scored by the same code as an assessment (``scoring.ScoredOutcomes``)."""

    schedule = models.ForeignKey(
        QuestionnaireSchedule, on_delete=models.PROTECT, related_name="responses"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    due_on = models.DateField()
    closes_on = models.DateField()
    # What was asked, copied from the schedule when it fell due.
    measures = models.JSONField(default=list)
    psfs_activities = models.JSONField(default=list, blank=True)
    # Set by the one run of send_reminders that claimed the email (conditional UPDATE).
    emailed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    pain_now = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_answers = models.JSONField(default=list, blank=True)  # ten ints 0-5 or None
    psfs_items = models.JSONField(default=list, blank=True)  # [{"activity": str, "score": int}]

    history = HistoricalRecords()
    objects = QuestionnaireResponseQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "due_on"], name="one_questionnaire_per_due_date"
            )
        ]
        indexes = [
            models.Index(fields=["client", "due_on"]),
            models.Index(
                fields=["due_on"],
                condition=Q(emailed_at__isnull=True, answered_at__isnull=True),
                name="questionnaire_to_email_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaire due {self.due_on} for {self.client}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_missed(self, today=None) -> bool:
        return not self.is_answered and (today or timezone.localdate()) > self.closes_on
