"""Where a guided session has got to: carried from page to page in the query string.

Nothing is stored until the end screen is sent, so a session left half way leaves
no trace, and without JavaScript each step is a plain link or GET form. Per exercise
(its ``ProgramExercise`` id ``N``):

- ``oN``: ``done`` or ``skip``;
- ``rN``: why it was skipped (``ExerciseCompletion.SkipReason``);
- ``hN``: ``1`` when it hurt;
- ``sN``: the sets counted on the step's buttons (0-20).

Anything else in the query string, or a value out of these ranges, is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from programs.models import ExerciseCompletion

DONE, SKIP = "done", "skip"
MAX_SETS = 20
REASONS = ExerciseCompletion.SkipReason


@dataclass(frozen=True)
class Progress:
    """What the client said about one exercise so far (blank: nothing yet)."""

    status: str = ""
    reason: str = ""
    hurt: bool = False
    sets: int | None = None

    def fields(self, item_id: int) -> list[tuple[str, str]]:
        """The query parameters that carry this progress to the next page."""
        pairs = []
        if self.status:
            pairs.append((f"o{item_id}", self.status))
        if self.reason:
            pairs.append((f"r{item_id}", self.reason))
        if self.hurt:
            pairs.append((f"h{item_id}", "1"))
        if self.sets is not None:
            pairs.append((f"s{item_id}", str(self.sets)))
        return pairs


def _sets(raw: str) -> int | None:
    if raw.isascii() and raw.isdigit() and len(raw) <= 2 and int(raw) <= MAX_SETS:
        return int(raw)
    return None


def progress_from(query: Mapping[str, str], item_ids: Iterable[int]) -> dict[int, Progress]:
    """Each exercise's progress read from ``query`` (a QueryDict or a dict)."""
    found = {}
    for item_id in item_ids:
        status = query.get(f"o{item_id}", "")
        reason = query.get(f"r{item_id}", "")
        found[item_id] = Progress(
            status=status if status in (DONE, SKIP) else "",
            reason=reason if reason in REASONS.values else "",
            hurt=query.get(f"h{item_id}") == "1",
            sets=_sets(query.get(f"s{item_id}", "")),
        )
    return found


def carried_fields(progress: Mapping[int, Progress], *, leave_out: int | None = None):
    """Hidden (name, value) pairs for every exercise's progress but ``leave_out``'s."""
    return [
        pair
        for item_id, item_progress in progress.items()
        if item_id != leave_out
        for pair in item_progress.fields(item_id)
    ]
