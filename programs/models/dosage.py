from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

MAX_HOLD_SECONDS = 600  # ten minutes: anything longer is a typing mistake


class Dosage(models.Model):
    """How much of an exercise: the library's default, or a phase's prescription.

    A phase item copies the exercise's default when it is added, so later edits
    of the library never change a prescription already written.
    """

    sets = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1, "At least one set."), MaxValueValidator(20)]
    )
    reps = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1, "At least one repetition."), MaxValueValidator(200)],
        help_text="Repetitions per set (for a held stretch: how many holds).",
    )
    hold_seconds = models.PositiveSmallIntegerField(
        default=0,
        validators=[
            MaxValueValidator(MAX_HOLD_SECONDS, "A hold can be at most 10 minutes (600 seconds).")
        ],
        verbose_name="hold (seconds)",
        help_text="0 if the exercise is not held.",
    )
    per_side = models.BooleanField(default=False, verbose_name="each side")
    times_per_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1, "At least once a day."), MaxValueValidator(10)]
    )
    days_per_week = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1, "At least one day a week."), MaxValueValidator(7)],
    )
    rest_seconds = models.PositiveSmallIntegerField(
        default=30,
        validators=[MaxValueValidator(MAX_HOLD_SECONDS, "Rest can be at most 10 minutes.")],
        verbose_name="rest between sets (seconds)",
    )

    DOSAGE_FIELDS = (
        "sets",
        "reps",
        "hold_seconds",
        "per_side",
        "times_per_day",
        "days_per_week",
        "rest_seconds",
    )

    class Meta:
        abstract = True

    def dosage_values(self) -> dict:
        return {name: getattr(self, name) for name in self.DOSAGE_FIELDS}

    @property
    def dosage_text(self) -> str:
        """E.g. "3 × 10, hold 5 s, each side · 2× a day, 5 days a week"."""
        text = f"{self.sets} × {self.reps}"
        if self.hold_seconds:
            text += f", hold {self.hold_seconds} s"
        if self.per_side:
            text += ", each side"
        per_day = "once a day" if self.times_per_day == 1 else f"{self.times_per_day}× a day"
        week = "every day" if self.days_per_week == 7 else f"{self.days_per_week} days a week"
        return f"{text} · {per_day}, {week}"
