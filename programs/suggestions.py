"""Exercises suggested for assessment findings, from the clinic's editable rule table."""

from __future__ import annotations

from dataclasses import dataclass, field

from clients.vocab import FINDING_CODES
from programs.models import Exercise, SuggestionRule


@dataclass
class Suggestion:
    exercise: Exercise
    # (finding label, reason) pairs: why the app proposes this exercise.
    reasons: list[tuple[str, str]] = field(default_factory=list)


def suggest_exercises(*, finding_codes: set[str]) -> list[Suggestion]:
    """One suggestion per exercise matched by any of ``finding_codes``, in library order.

    Archived exercises are never suggested. One query.
    """
    if not finding_codes:
        return []
    rules = (
        SuggestionRule.objects.filter(finding__in=finding_codes, exercise__archived_at__isnull=True)
        .select_related("exercise")
        .order_by("exercise__name", "finding")
    )
    suggestions: dict[int, Suggestion] = {}
    for rule in rules:
        suggestion = suggestions.setdefault(rule.exercise_id, Suggestion(exercise=rule.exercise))
        suggestion.reasons.append((FINDING_CODES.get(rule.finding, rule.finding), rule.reason))
    return list(suggestions.values())
