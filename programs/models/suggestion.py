from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from clients.vocab import FINDING_CODES


class SuggestionRule(models.Model):
    """The clinic's rule table: this assessment finding suggests that exercise, because…"""

    finding = models.CharField(max_length=40, choices=sorted(FINDING_CODES.items()))
    exercise = models.ForeignKey(
        "programs.Exercise", on_delete=models.PROTECT, related_name="suggestion_rules"
    )
    reason = models.CharField(
        max_length=200, help_text="Shown to the practitioner next to the suggestion."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "exercise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "exercise"],
                name="one_rule_per_pair",
                violation_error_message="That finding already suggests this exercise.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_finding_display()} → {self.exercise}"
