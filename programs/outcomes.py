"""Per-exercise outcomes of the client's sessions: done, skipped (and why), "this hurt".

Two readers: the practitioner's program page (a table per exercise over the
adherence window) and the dashboard's "Needs attention" list (an exercise marked
"this hurt" in two sessions or more in the last 7 days). The attention check
exists twice, as SQL annotations on the dashboard's programs query
(``hurt_often_annotations``) and in Python on completion rows (``hurt_often``);
``tests/programs/test_outcomes.py`` holds them to the same answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery

from programs.models import ExerciseCompletion
from programs.progression import adherence_window

HURT_WINDOW_DAYS = 7
HURT_TIMES = 2  # "this hurt" in this many sessions of the window: the practitioner looks
SKIPPED = ExerciseCompletion.Status.SKIPPED
REASON_LABELS = dict(ExerciseCompletion.SkipReason.choices)


def hurt_window(today: date) -> tuple[date, date]:
    """The days (first, last; both included) the check reads: the 7 ending today."""
    return today - timedelta(days=HURT_WINDOW_DAYS - 1), today


def hurt_often(completions: Iterable, *, today: date) -> list[tuple[str, int]]:
    """(exercise name, times) for each exercise marked "this hurt" in at least
    ``HURT_TIMES`` sessions of the window, by name. ``completions``: rows with
    ``hurt``, ``log.performed_on`` and ``program_exercise.exercise.name``."""
    first, last = hurt_window(today)
    counts = Counter(
        c.program_exercise.exercise.name
        for c in completions
        if c.hurt and first <= c.log.performed_on <= last
    )
    return sorted((name, n) for name, n in counts.items() if n >= HURT_TIMES)


def hurt_often_annotations(*, today: date) -> dict:
    """``hurt_often``'s first exercise for a ``ClientProgram`` queryset, as SQL:
    ``hurt_exercise`` (its name, or None) and ``hurt_times``. One correlated
    subquery each, over the program's completions in the window grouped by exercise."""
    first, last = hurt_window(today)
    grouped = (
        ExerciseCompletion.objects.filter(
            log__program=OuterRef("pk"),
            hurt=True,
            log__performed_on__gte=first,
            log__performed_on__lte=last,
        )
        .values("program_exercise__exercise__name")
        .annotate(times=Count("pk"))
        .filter(times__gte=HURT_TIMES)
        .order_by("program_exercise__exercise__name")
    )
    return {
        "hurt_exercise": Subquery(grouped.values("program_exercise__exercise__name")[:1]),
        "hurt_times": Subquery(grouped.values("times")[:1]),
    }


@dataclass(frozen=True)
class ExerciseRow:
    """One exercise of the current phase over the adherence window, for the program page."""

    name: str
    prescribed: int  # sessions its dosage asks for in the window
    done: int
    skipped: int
    reasons: str  # "No time ×2, Too painful"
    hurt: int
    hurt_this_week: int

    @property
    def needs_a_look(self) -> bool:
        return self.hurt_this_week >= HURT_TIMES


# The counts ``exercise_rows`` reads of each exercise.
OUTCOME_COUNTS = (
    "n_done",
    "n_skipped",
    "n_hurt",
    "n_hurt_week",
    *(f"n_{code}" for code in REASON_LABELS),
)


def _outcome_counts(*, program_id, start: date, today: date, prefix: str = "") -> dict:
    """The counts of ``exercise_rows`` as aggregates over completions (``prefix``: the
    path from the queried model to ``ExerciseCompletion``). The adherence window's "not
    before the program's start" is a second lower bound (``adherence_window``'s max()),
    so that every date is ``today`` or ``start`` plus a fixed number of days
    (``clinic.prepared``)."""
    earliest, last = adherence_window(program_start=date.min, today=today)
    week_first, _ = hurt_window(today)

    def q(**lookups):
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    in_window = q(
        log__performed_on__gte=earliest,
        log__performed_on__lte=last,
        log__program=program_id,
    ) & q(log__performed_on__gte=start)
    pk = f"{prefix}pk" if prefix else "pk"
    return {
        # "n_": an annotation named like a field ("hurt") would shadow it in the filters
        "n_done": Count(pk, filter=in_window & ~q(status=SKIPPED)),
        "n_skipped": Count(pk, filter=in_window & q(status=SKIPPED)),
        "n_hurt": Count(pk, filter=in_window & q(hurt=True)),
        "n_hurt_week": Count(
            pk, filter=in_window & q(hurt=True, log__performed_on__gte=week_first)
        ),
        **{
            f"n_{code}": Count(pk, filter=in_window & q(skip_reason=code)) for code in REASON_LABELS
        },
    }


def outcome_annotations(*, program_id, start: date, today: date) -> dict:
    """``exercise_rows``' counts as annotations on a ``ProgramExercise`` queryset of the
    items of the program ``program_id`` (which started on ``start``), so that the program
    page reads them with its items (no query of its own): pass the annotated items to
    ``exercise_rows``."""
    return _outcome_counts(program_id=program_id, start=start, today=today, prefix="completions__")


def exercise_rows(program, items: list, *, today: date) -> list[ExerciseRow]:
    """Per exercise of ``items`` (the current phase's): sessions prescribed, done,
    skipped with the reasons, and "this hurt" marks over the adherence window (the 14
    days ending today, from the program's start). One query, none when the items are
    annotated with ``outcome_annotations``."""
    first, last = adherence_window(program_start=program.start_date, today=today)
    if all(hasattr(item, "n_done") for item in items):
        counts = {item.pk: {name: getattr(item, name) for name in OUTCOME_COUNTS} for item in items}
    else:
        counts = {
            row["program_exercise_id"]: row
            for row in ExerciseCompletion.objects.filter(
                log__program=program, program_exercise__in=[i.pk for i in items]
            )
            .values("program_exercise_id")
            .annotate(
                **_outcome_counts(program_id=program.pk, start=program.start_date, today=today)
            )
            .order_by()
        }
    days = (last - first).days + 1
    rows = []
    for item in items:
        found = counts.get(item.pk, {})
        reasons = [
            label + (f" ×{found[f'n_{code}']}" if found[f"n_{code}"] > 1 else "")
            for code, label in REASON_LABELS.items()
            if found.get(f"n_{code}")
        ]
        rows.append(
            ExerciseRow(
                name=item.exercise.name,
                prescribed=round(item.times_per_day * item.days_per_week * days / 7),
                done=found.get("n_done", 0),
                skipped=found.get("n_skipped", 0),
                reasons=", ".join(reasons),
                hurt=found.get("n_hurt", 0),
                hurt_this_week=found.get("n_hurt_week", 0),
            )
        )
    return rows
