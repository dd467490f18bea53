from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.models import ArchiveOnlyError

PAIN_VALIDATORS = [MaxValueValidator(10, "Pain is scored from 0 (none) to 10 (worst imaginable).")]


class SessionLog(models.Model):
    """One session's check-in by the client: pain before and after, how the leg felt, effort.

    A home program is often prescribed several times a day and each session counts,
    so a day can have several logs, numbered 1, 2, ... per program and day (a unique
    constraint on program, day and number; the check-in gives the next number while
    holding the program's row lock). Progression criteria (``programs.progression``)
    read these rows.
    """

    class LegSymptoms(models.TextChoices):
        SPREAD = "spread", "Spread further down the leg"
        SAME = "same", "About the same"
        EASED = "eased", "Eased or moved up"
        NONE = "none", "No leg symptoms"

    class Effort(models.TextChoices):
        EASY = "easy", "Easy"
        MODERATE = "moderate", "Moderate"
        HARD = "hard", "Hard"
        TOO_HARD = "too_hard", "Too hard"

    program = models.ForeignKey(
        "programs.ClientProgram", on_delete=models.PROTECT, related_name="logs"
    )
    # The phase the client was in that day, so a phase's logs can be told apart.
    phase = models.ForeignKey(
        "programs.ProgramPhase", on_delete=models.PROTECT, related_name="logs", null=True
    )
    performed_on = models.DateField()
    # 1 for the day's first session, 2 for the second... (db_default: bulk inserts that
    # leave it out, such as the bench's, get 1).
    session_number = models.PositiveSmallIntegerField(default=1, db_default=1)
    pain_before = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    pain_after = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    leg_symptoms = models.CharField(
        max_length=10, choices=LegSymptoms.choices, default=LegSymptoms.SAME
    )
    effort = models.CharField(max_length=10, choices=Effort.choices, default=Effort.MODERATE)
    note = models.TextField(blank=True)
    # Where the client felt symptoms that day, if they marked the body chart.
    body_chart = models.OneToOneField(
        "clients.BodyChart",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_log",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-performed_on", "-session_number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "performed_on", "session_number"],
                name="one_session_log_per_program_day_number",
            ),
            models.CheckConstraint(
                condition=Q(session_number__gte=1), name="session_log_number_from_1"
            ),
            models.CheckConstraint(
                condition=Q(pain_before__lte=10) & Q(pain_after__lte=10),
                name="session_log_pain_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.session_number} on {self.performed_on:%Y-%m-%d}"

    @property
    def worst_pain(self) -> int:
        return max(self.pain_before, self.pain_after)

    def delete(self, *args, **kwargs):
        raise ArchiveOnlyError("Session logs are kept.")


class ExerciseCompletion(models.Model):
    """What became of one exercise of the program in a session: done or skipped (with
    the reason), and whether it hurt. The check-in form records the exercises done; a
    guided session records every exercise it walked through.
    """

    class Status(models.TextChoices):
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"

    class SkipReason(models.TextChoices):
        PAIN = "pain", "Too painful"
        TIME = "time", "No time"
        EQUIPMENT = "equipment", "No equipment"
        OTHER = "other", "Another reason"

    log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="completions")
    program_exercise = models.ForeignKey(
        "programs.ProgramExercise", on_delete=models.PROTECT, related_name="completions"
    )
    # db_default: bulk inserts that leave them out (the bench's) are exercises done.
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DONE, db_default=Status.DONE
    )
    skip_reason = models.CharField(
        max_length=10, choices=SkipReason.choices, blank=True, default="", db_default=""
    )
    # "This hurt": the client's mark on an exercise done (or tried) in the session.
    hurt = models.BooleanField(default=False, db_default=False)
    sets_done = models.PositiveSmallIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["log", "program_exercise"], name="one_completion_per_exercise_per_log"
            ),
            # A skipped exercise says why; a done one has no reason.
            models.CheckConstraint(
                condition=(Q(status="done") & Q(skip_reason=""))
                | (Q(status="skipped") & ~Q(skip_reason="")),
                name="completion_skip_reason_iff_skipped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_exercise.exercise} {self.get_status_display().lower()}"

    @property
    def skipped(self) -> bool:
        return self.status == self.Status.SKIPPED
