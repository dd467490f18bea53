"""Progression criteria: each one met, not met, or not enough data — computed in one place.

Inputs are plain values (the phase, its start date, the recent session logs,
the prescribed frequency, whether a red flag is open) so the program page and
the dashboard can fetch them in a fixed number of queries and tests can
construct them directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

PAIN_WINDOW_DAYS = 7
ADHERENCE_WINDOW_DAYS = 14
# A program younger than this has too few days for a fair adherence figure.
MIN_ADHERENCE_DAYS = 7


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return {"met": "Met", "not_met": "Not met", "no_data": "Not enough data"}[self.value]


@dataclass(frozen=True)
class CriterionResult:
    label: str
    status: Status
    detail: str


@dataclass(frozen=True)
class Evaluation:
    results: list[CriterionResult]
    judgement: list[str]
    has_next_phase: bool

    @property
    def ready(self) -> bool:
        """All computed criteria met, at least one set, and a phase to move on to."""
        return (
            self.has_next_phase
            and bool(self.results)
            and all(result.status is Status.MET for result in self.results)
        )


def worst_pain(logs: Iterable, *, today: date) -> int | None:
    """Highest pain (before or after) logged in the 7 days ending today; None without logs."""
    since = today - timedelta(days=PAIN_WINDOW_DAYS - 1)
    values = [
        max(log.pain_before, log.pain_after) for log in logs if since <= log.performed_on <= today
    ]
    return max(values) if values else None


def adherence_percent(
    logs: Iterable, *, program_start: date, frequency_per_week: int, today: date
) -> int | None:
    """Sessions logged against sessions prescribed over the last 14 days, as a whole percent.

    - The window is the 14 days ending today (today included), starting no
      earlier than the program's start date.
    - Prescribed sessions = ``frequency_per_week`` × window days / 7, where the
      frequency is the most days a week any exercise of the current phase asks
      for (one session on each day something is due).
    - Logged sessions = days in the window with a session log (one log per day).
    - The result is capped at 100. None ("not enough data") when the window is
      shorter than 7 days or nothing is prescribed.
    """
    start = max(today - timedelta(days=ADHERENCE_WINDOW_DAYS - 1), program_start)
    window_days = (today - start).days + 1
    if window_days < MIN_ADHERENCE_DAYS or frequency_per_week <= 0:
        return None
    logged = len({log.performed_on for log in logs if start <= log.performed_on <= today})
    prescribed = frequency_per_week * window_days / 7
    return min(100, round(logged / prescribed * 100))


def evaluate_phase(
    *,
    phase,
    phase_started_on: date,
    program_start: date,
    logs: Iterable,
    frequency_per_week: int,
    has_red_flag: bool,
    has_next_phase: bool,
    today: date,
) -> Evaluation:
    """Evaluate every criterion ``phase`` uses; blank thresholds are not criteria."""
    logs = list(logs)
    results: list[CriterionResult] = []
    if phase.max_worst_pain is not None:
        label = f"Worst pain in the last 7 days at or below {phase.max_worst_pain}/10"
        pain = worst_pain(logs, today=today)
        if pain is None:
            results.append(CriterionResult(label, Status.NO_DATA, "No sessions logged this week."))
        else:
            status = Status.MET if pain <= phase.max_worst_pain else Status.NOT_MET
            results.append(CriterionResult(label, status, f"Worst logged: {pain}/10."))
    if phase.min_adherence_percent is not None:
        label = f"Adherence over the last 14 days at least {phase.min_adherence_percent}%"
        percent = adherence_percent(
            logs, program_start=program_start, frequency_per_week=frequency_per_week, today=today
        )
        if percent is None:
            detail = (
                "No exercises prescribed in this phase."
                if frequency_per_week <= 0
                else "The program is less than a week old."
            )
            results.append(CriterionResult(label, Status.NO_DATA, detail))
        else:
            status = Status.MET if percent >= phase.min_adherence_percent else Status.NOT_MET
            results.append(CriterionResult(label, status, f"Adherence: {percent}%."))
    if phase.min_days_in_phase is not None:
        label = f"At least {phase.min_days_in_phase} days in this phase"
        days = (today - phase_started_on).days
        status = Status.MET if days >= phase.min_days_in_phase else Status.NOT_MET
        results.append(CriterionResult(label, status, f"{days} days so far."))
    if phase.require_no_red_flag:
        label = "No unresolved red flag"
        if has_red_flag:
            results.append(CriterionResult(label, Status.NOT_MET, "A red flag is open."))
        else:
            results.append(CriterionResult(label, Status.MET, "None open."))
    return Evaluation(
        results=results, judgement=phase.judgement_list, has_next_phase=has_next_phase
    )


def frequency_of(items: Iterable) -> int:
    """Sessions a week a phase asks for: the most days any of its exercises is due."""
    return max((item.days_per_week for item in items), default=0)


def evaluate_program(
    program, *, phases: list, has_red_flag: bool, today: date, logs: Iterable | None = None
) -> Evaluation | None:
    """Evaluate ``program``'s current phase. One query, the recent session logs, unless given.

    ``phases`` are the program's phases in order, each with ``active_items``
    prefetched (the program page has them already). ``logs``, if given, must hold
    the program's logs of at least the 14 days ending ``today`` (older ones are
    ignored): the program page passes its 8 weeks of chart logs. None for an ended
    program.
    """
    current = next((phase for phase in phases if phase.pk == program.current_phase_id), None)
    if not program.is_active or current is None:
        return None
    if logs is None:
        since = today - timedelta(days=ADHERENCE_WINDOW_DAYS - 1)
        logs = program.logs.filter(performed_on__gte=since, performed_on__lte=today)
    return evaluate_phase(
        phase=current,
        phase_started_on=program.phase_started_on or program.start_date,
        program_start=program.start_date,
        logs=logs,
        frequency_per_week=frequency_of(current.active_items),
        has_red_flag=has_red_flag,
        has_next_phase=current is not phases[-1],
        today=today,
    )
