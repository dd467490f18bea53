from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

MAX_HOLD_SECONDS = 600  # ten minutes: anything longer is a typing mistake

# For the time estimate (``seconds_per_session``): an unheld repetition at a controlled
# pace, and the moment to get into and out of a held position.
SECONDS_PER_REP = 3
SECONDS_TO_SET_UP_A_HOLD = 2
# Flagged in the builder: a phase whose exercises take longer than this a day, or one
# exercise taking longer than LONG_EXERCISE_MINUTES: more than a client in pain keeps
# up at home, and usually a dosage typed too high (the old demo figure-4 stretch, 4 sets
# of 60 s each side 4 times a day, came to about 40 minutes on its own).
LONG_DAY_MINUTES = 40
LONG_EXERCISE_MINUTES = 20


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
    def seconds_per_session(self) -> int:
        """Estimated time for one session of this exercise: every rep of every set (a held
        rep: the hold plus getting into position; otherwise a few seconds), each side
        when per side, and the rests between sets.

        E.g. a figure-4 stretch held about 20 slow breaths (90 s), once each side:
        (90 + 2) × 2 = 184 s; at 4 sets of 60 s each side it was 4 × 62 × 2 + 3 × 30 = 586 s.
        """
        per_rep = (
            self.hold_seconds + SECONDS_TO_SET_UP_A_HOLD if self.hold_seconds else SECONDS_PER_REP
        )
        sides = 2 if self.per_side else 1
        return self.sets * self.reps * per_rep * sides + (self.sets - 1) * self.rest_seconds

    @property
    def seconds_per_day(self) -> int:
        """``seconds_per_session`` × times a day, on a day the exercise is due."""
        return self.seconds_per_session * self.times_per_day

    @property
    def session_text(self) -> str:
        """One session's share of ``dosage_text``, e.g. "3 × 10, hold 5 s, each side"."""
        text = f"{self.sets} × {self.reps}"
        if self.hold_seconds:
            text += f", hold {self.hold_seconds} s"
        if self.per_side:
            text += ", each side"
        return text

    @property
    def dosage_text(self) -> str:
        """E.g. "3 × 10, hold 5 s, each side · 2× a day, 5 days a week"."""
        text = self.session_text
        per_day = "once a day" if self.times_per_day == 1 else f"{self.times_per_day}× a day"
        week = "every day" if self.days_per_week == 7 else f"{self.days_per_week} days a week"
        return f"{text} · {per_day}, {week}"
