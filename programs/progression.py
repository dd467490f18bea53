"""Progression criteria: each one met, not met, or not enough data — computed in one place.

Inputs are plain values (the phase, its start date, the recent session logs or
their summary, the prescribed frequency, whether a red flag is open) so the
program page and the dashboard can fetch them in a fixed number of queries and
tests can construct them directly.

The criteria read two figures from the session logs (``LogSummary``): the worst
pain over the pain window and the sessions logged over the adherence window. They
are computed either from log rows in Python (``summarize_logs``, the program
page: one program, a few rows) or in SQL as annotations on a ``ClientProgram``
queryset (``log_summary_annotations``, the dashboard: every active program of a
caseload, without building a model instance per log). Both read the windows
from ``pain_window`` and ``adherence_window`` below, and tests compare them.

Adherence counts sessions, not days: a home program is often prescribed several
times a day (``Prescription``: times a day × days a week), and each session counts.
A day counts at most as many sessions as are prescribed a day, so five sessions
logged on one day do not make up for four days missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

PAIN_WINDOW_DAYS = 7
# SessionLog.LegSymptoms.SPREAD ("spread further down the leg"), kept as a plain value so
# this module needs no model import at load time.
SPREAD = "spread"
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


def pain_window(today: date) -> tuple[date, date]:
    """The days (first, last; both included) the pain criterion reads: the 7 ending today."""
    return today - timedelta(days=PAIN_WINDOW_DAYS - 1), today


def adherence_window(*, program_start: date, today: date) -> tuple[date, date]:
    """The days (first, last; both included) adherence reads: the 14 ending today, starting
    no earlier than the program's start date."""
    return max(today - timedelta(days=ADHERENCE_WINDOW_DAYS - 1), program_start), today


@dataclass(frozen=True)
class Prescription:
    """How many sessions a phase asks for, from its exercises' dosage.

    ``per_day``: the most times a day any exercise is due (a day counts at most this
    many sessions). ``per_week``: the most sessions a week any exercise asks for
    (its times a day × days a week): the sessions needed to do every exercise as
    prescribed. Both 0 for a phase with no exercise.
    """

    per_day: int
    per_week: int


def prescription_of(items: Iterable) -> Prescription:
    """The prescription of a phase's exercises (those not archived)."""
    items = list(items)
    return Prescription(
        per_day=max((item.times_per_day for item in items), default=0),
        per_week=max((item.times_per_day * item.days_per_week for item in items), default=0),
    )


def prescription_annotations(phase=None) -> dict:
    """``prescription_of`` the phase ``phase`` refers to (default: the outer row's
    ``current_phase``), as SQL subqueries ``prescribed_per_day`` and
    ``prescribed_per_week``; 0 when it has no exercise."""
    from programs.models import ProgramExercise

    items = ProgramExercise.objects.filter(
        phase=phase if phase is not None else OuterRef("current_phase"), archived_at__isnull=True
    )
    week = items.annotate(week=F("times_per_day") * F("days_per_week"))
    return {
        "prescribed_per_day": Coalesce(
            Subquery(items.order_by("-times_per_day").values("times_per_day")[:1]), 0
        ),
        "prescribed_per_week": Coalesce(Subquery(week.order_by("-week").values("week")[:1]), 0),
    }


def prescription_from_annotations(program) -> Prescription:
    return Prescription(per_day=program.prescribed_per_day, per_week=program.prescribed_per_week)


@dataclass(frozen=True)
class LogSummary:
    """What the criteria read from a program's session logs."""

    worst_pain: int | None  # highest pain (before or after) in the pain window; None: no log
    # sessions in the adherence window, each day counting at most the prescribed per day
    sessions_logged: int
    # The day of the pain window's latest log, when its leg symptoms spread further down
    # the leg than before: a warning sign that blocks progressing (None otherwise).
    legs_spread_on: date | None = None


def worst_pain(logs: Iterable, *, today: date) -> int | None:
    """Highest pain (before or after) logged in the 7 days ending today; None without logs."""
    first, last = pain_window(today)
    values = [
        max(log.pain_before, log.pain_after) for log in logs if first <= log.performed_on <= last
    ]
    return max(values) if values else None


def sessions_logged(logs: Iterable, *, program_start: date, today: date, per_day: int) -> int:
    """Sessions logged in the adherence window, a day counting at most ``per_day`` of them
    (the day's sessions are numbered 1, 2, ...: those numbered up to ``per_day``)."""
    first, last = adherence_window(program_start=program_start, today=today)
    return sum(
        1 for log in logs if first <= log.performed_on <= last and log.session_number <= per_day
    )


def legs_spread_on(logs: Iterable, *, today: date) -> date | None:
    """The day of the latest log in the 7 days ending today if its leg symptoms spread
    further down the leg; None when they did not, or nothing was logged."""
    first, last = pain_window(today)
    recent = [log for log in logs if first <= log.performed_on <= last]
    if not recent:
        return None
    latest = max(
        recent,
        key=lambda log: (
            log.performed_on,
            getattr(log, "session_number", 1),
            getattr(log, "pk", None) or 0,
        ),
    )
    return latest.performed_on if getattr(latest, "leg_symptoms", None) == SPREAD else None


def summarize_logs(logs: Iterable, *, program_start: date, today: date, per_day: int) -> LogSummary:
    """The summary from log rows (any iterable of objects with ``performed_on``,
    ``session_number``, ``pain_before`` and ``pain_after``; rows outside the windows
    are ignored)."""
    logs = list(logs)
    return LogSummary(
        worst_pain=worst_pain(logs, today=today),
        sessions_logged=sessions_logged(
            logs, program_start=program_start, today=today, per_day=per_day
        ),
        legs_spread_on=legs_spread_on(logs, today=today),
    )


def log_summary_annotations(*, today: date) -> dict:
    """``summarize_logs`` as SQL: annotations for a ``ClientProgram`` queryset already
    annotated with ``prescription_annotations`` (its ``prescribed_per_day`` caps each
    day), read back with ``summary_from_annotations``. Each is a correlated subquery
    served by the (program, day, number) unique index: no log row is loaded.

    The adherence window's "not before the program's start" is the second lower
    bound on ``performed_on``, the SQL form of ``adherence_window``'s ``max()``
    (called here with no program start, it gives the earliest day of any window).
    """
    from programs.models import SessionLog

    logs = SessionLog.objects.filter(program=OuterRef("pk"))
    pain_first, pain_last = pain_window(today)
    earliest, last = adherence_window(program_start=date.min, today=today)
    latest = logs.filter(performed_on__range=(pain_first, pain_last)).order_by(
        "-performed_on", "-session_number", "-pk"
    )
    return {
        "summary_latest_legs": Subquery(latest.values("leg_symptoms")[:1]),
        "summary_latest_day": Subquery(latest.values("performed_on")[:1]),
        "summary_worst_pain": Subquery(
            logs.filter(performed_on__range=(pain_first, pain_last))
            .annotate(worst=Greatest("pain_before", "pain_after"))
            .order_by("-worst")
            .values("worst")[:1]
        ),
        "summary_sessions_logged": Coalesce(
            Subquery(
                logs.filter(
                    Q(performed_on__range=(earliest, last))
                    & Q(performed_on__gte=OuterRef("start_date"))
                    & Q(session_number__lte=OuterRef("prescribed_per_day"))
                )
                .order_by()
                .values("program")
                .annotate(sessions=Count("pk"))
                .values("sessions")[:1]
            ),
            0,
        ),
    }


def summary_from_annotations(program) -> LogSummary:
    """The summary of a program annotated with ``log_summary_annotations``."""
    spread = program.summary_latest_legs == SPREAD
    return LogSummary(
        worst_pain=program.summary_worst_pain,
        sessions_logged=program.summary_sessions_logged,
        legs_spread_on=program.summary_latest_day if spread else None,
    )


def prescribed_sessions(*, program_start: date, per_week: int, today: date) -> float:
    """Sessions prescribed over the adherence window: ``per_week`` × window days / 7."""
    first, last = adherence_window(program_start=program_start, today=today)
    return per_week * ((last - first).days + 1) / 7


def adherence_percent(
    sessions: int, *, program_start: date, per_week: int, today: date
) -> int | None:
    """Sessions logged against sessions prescribed over the last 14 days, as a whole percent.

    - The window is the 14 days ending today (today included), starting no
      earlier than the program's start date (``adherence_window``).
    - Prescribed sessions = ``per_week`` (``Prescription.per_week``: times a day ×
      days a week) × window days / 7 (``prescribed_sessions``).
    - Logged sessions = ``sessions``: sessions in the window, each day counting at
      most the prescribed times a day (``sessions_logged``).
    - The result is capped at 100. None ("not enough data") when the window is
      shorter than 7 days or nothing is prescribed.

    E.g. clamshells 2× a day, 7 days a week: 28 sessions in 14 days; 21 logged = 75 %.
    """
    first, last = adherence_window(program_start=program_start, today=today)
    window_days = (last - first).days + 1
    if window_days < MIN_ADHERENCE_DAYS or per_week <= 0:
        return None
    prescribed = prescribed_sessions(program_start=program_start, per_week=per_week, today=today)
    return min(100, round(sessions / prescribed * 100))


def evaluate_phase(
    *,
    phase,
    phase_started_on: date,
    program_start: date,
    logs: Iterable = (),
    summary: LogSummary | None = None,
    prescription: Prescription,
    has_red_flag: bool,
    has_next_phase: bool,
    today: date,
) -> Evaluation:
    """Evaluate every criterion ``phase`` uses; blank thresholds are not criteria.

    The session logs come either as rows (``logs``) or already summed up (``summary``,
    e.g. from ``log_summary_annotations``); ``summary`` wins when both are given.
    """
    if summary is None:
        summary = summarize_logs(
            logs, program_start=program_start, today=today, per_day=prescription.per_day
        )
    results: list[CriterionResult] = []
    if phase.max_worst_pain is not None:
        label = f"Worst pain in the last 7 days at or below {phase.max_worst_pain}/10"
        pain = summary.worst_pain
        if pain is None:
            results.append(CriterionResult(label, Status.NO_DATA, "No sessions logged this week."))
        else:
            status = Status.MET if pain <= phase.max_worst_pain else Status.NOT_MET
            results.append(CriterionResult(label, status, f"Worst logged: {pain}/10."))
    if phase.min_adherence_percent is not None:
        label = f"Adherence over the last 14 days at least {phase.min_adherence_percent}%"
        percent = adherence_percent(
            summary.sessions_logged,
            program_start=program_start,
            per_week=prescription.per_week,
            today=today,
        )
        if percent is None:
            detail = (
                "No exercises prescribed in this phase."
                if prescription.per_week <= 0
                else "The program is less than a week old."
            )
            results.append(CriterionResult(label, Status.NO_DATA, detail))
        else:
            status = Status.MET if percent >= phase.min_adherence_percent else Status.NOT_MET
            prescribed = prescribed_sessions(
                program_start=program_start, per_week=prescription.per_week, today=today
            )
            detail = (
                f"Adherence: {percent}% ({summary.sessions_logged} of "
                f"{round(prescribed)} sessions prescribed)."
            )
            results.append(CriterionResult(label, status, detail))
    if phase.min_days_in_phase is not None:
        label = f"At least {phase.min_days_in_phase} days in this phase"
        days = (today - phase_started_on).days
        status = Status.MET if days >= phase.min_days_in_phase else Status.NOT_MET
        results.append(CriterionResult(label, status, f"{days} days so far."))
    if summary.legs_spread_on is not None:
        # Not a threshold a phase sets: spreading leg symptoms always block moving on.
        results.append(
            CriterionResult(
                "Leg symptoms not spreading further down the leg",
                Status.NOT_MET,
                f"They spread further in the session of {summary.legs_spread_on:%a %-d %b}.",
            )
        )
    if phase.require_no_red_flag:
        label = "No unresolved red flag"
        if has_red_flag:
            results.append(CriterionResult(label, Status.NOT_MET, "A red flag is open."))
        else:
            results.append(CriterionResult(label, Status.MET, "None open."))
    return Evaluation(
        results=results, judgement=phase.judgement_list, has_next_phase=has_next_phase
    )


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
        prescription=prescription_of(current.active_items),
        has_red_flag=has_red_flag,
        has_next_phase=current is not phases[-1],
        today=today,
    )
