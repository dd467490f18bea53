"""What template phases and a client's program phases have in common."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from programs.models.dosage import Dosage
from programs.vocab import validate_client_text

if TYPE_CHECKING:
    from programs.models.exercise import Exercise


class PhaseBase(models.Model):
    """A phase: a goal, a typical length, and the criteria for moving on.

    Each numeric criterion is optional: blank means "not used in this phase".
    ``programs.progression`` evaluates them; the free text is for the
    practitioner's judgement and is shown, never computed.
    """

    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    goal = models.CharField(max_length=300, blank=True)
    # What the client reads (portal, handout, preview): plain words, no diagnosis or
    # cause. Blank: the client sees "Phase N" and no goal, never the practitioner's text.
    client_name = models.CharField(
        max_length=120,
        blank=True,
        verbose_name="name the client sees",
        validators=[validate_client_text],
        help_text="Plain words, no diagnosis or cause, e.g. “Calm things down”.",
    )
    client_goal = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="goal the client sees",
        validators=[validate_client_text],
        help_text="Plain words, e.g. “Ease the ache and get moving gently”.",
    )
    typical_weeks = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1, "A phase lasts at least a week."), MaxValueValidator(52)],
        verbose_name="typical length (weeks)",
    )
    max_worst_pain = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(10, "Pain is scored 0 to 10.")],
        verbose_name="worst pain in the last 7 days at or below",
        help_text="0-10. Leave blank to not use this criterion.",
    )
    min_adherence_percent = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100, "Adherence is a percentage, 0 to 100.")],
        verbose_name="adherence over the last 14 days at least (%)",
        help_text="Leave blank to not use this criterion.",
    )
    min_days_in_phase = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(365, "At most 365 days.")],
        verbose_name="at least this many days in the phase",
        help_text="Leave blank to not use this criterion.",
    )
    require_no_red_flag = models.BooleanField(default=True, verbose_name="no unresolved red flag")
    judgement_criteria = models.TextField(
        blank=True,
        verbose_name="criteria for the practitioner's judgement",
        help_text="One per line, e.g. “Completes the bridges without leg symptoms”.",
    )

    CRITERIA_FIELDS = (
        "name",
        "goal",
        "client_name",
        "client_goal",
        "typical_weeks",
        "max_worst_pain",
        "min_adherence_percent",
        "min_days_in_phase",
        "require_no_red_flag",
        "judgement_criteria",
    )

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def portal_name(self) -> str:
        """The phase's name as the client reads it (never the practitioner's name)."""
        return self.client_name or f"Phase {self.position}"

    def phase_values(self) -> dict:
        return {name: getattr(self, name) for name in self.CRITERIA_FIELDS}

    @property
    def judgement_list(self) -> list[str]:
        return [line.strip() for line in self.judgement_criteria.splitlines() if line.strip()]


class PhaseItemBase(Dosage):
    """An exercise inside a phase, with its own dosage and a note for this use."""

    exercise = models.ForeignKey("programs.Exercise", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    notes = models.CharField(max_length=300, blank=True, help_text="Shown to the client.")
    # The easier version offered in the guided session ("too hard today?"): the
    # practitioner's pick among the exercise's easier variations in the library. Blank:
    # the library's first (by name); ``offer_easier`` off: none for this client.
    easier_version = models.ForeignKey(
        "programs.Exercise",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="easier version",
    )
    offer_easier = models.BooleanField(default=True, verbose_name="offer an easier version")

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.exercise} ({self.dosage_text})"

    def prescription_values(self) -> dict:
        """What a copy of this item keeps: the dosage and the easier-version choice."""
        return {
            **self.dosage_values(),
            "easier_version_id": self.easier_version_id,
            "offer_easier": self.offer_easier,
        }

    def easier_to_offer(self, library: Sequence[Exercise]) -> Exercise | None:
        """The easier version the client is offered, from ``library`` (the exercise's
        active easier variations, by name): the practitioner's pick while it is still one
        of them, else the library's first; none when the practitioner chose none."""
        if not self.offer_easier:
            return None
        if self.easier_version_id is not None:
            for exercise in library:
                if exercise.pk == self.easier_version_id:
                    return exercise
        return library[0] if library else None
