"""The practice dashboard's "Needs attention" section: one row per client, with reasons.

Reasons, each computed in SQL on the active programs (the query count is fixed):

- **Red flag from a check-in**: an unresolved ``RedFlag`` with source "check-in".
- **Pain rising**: among the program's session logs dated in the 7 days ending
  today, the latest log's pain after the session is at least 2 points higher
  than the earliest log's (needs two logs on different days in that window).
- **No session for 7 days**: the program started at least 7 days ago and has
  no log dated in the 7 days ending today.
- **Ready to progress**: every criterion of the current phase met
  (``programs.progression``), evaluated on the prefetched recent logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from clients.models import RedFlag
from clinic.dashboard import Section
from programs.models import ClientProgram, ProgramPhase, SessionLog
from programs.progression import ADHERENCE_WINDOW_DAYS, Evaluation, evaluate_phase

PAIN_RISE_POINTS = 2
ATTENTION_WINDOW_DAYS = 7


@dataclass
class ReadyClient:
    program: ClientProgram
    evaluation: Evaluation


@dataclass
class AttentionClient:
    program: ClientProgram
    reasons: list[str]


def _programs(*, today, practitioner=None):
    """Active programs (of ``practitioner``'s clients, if given) with everything the
    reasons need. Two queries in all.

    1. Active programs of clients who are not archived, with their client and
       current phase, whether a red flag (any / from a check-in) is open, the
       phase's frequency, whether a later phase exists, the earliest and latest
       pain after a session in the last 7 days and the last day logged (all
       annotations).
    2. Their session logs of the last 14 days (prefetch, for the criteria).
    """
    since = today - timedelta(days=ADHERENCE_WINDOW_DAYS - 1)
    week_start = today - timedelta(days=ATTENTION_WINDOW_DAYS - 1)
    week_logs = SessionLog.objects.filter(
        program=OuterRef("pk"), performed_on__gte=week_start, performed_on__lte=today
    )
    programs = ClientProgram.objects.active()
    if practitioner is not None:
        programs = programs.filter(client__practitioner=practitioner)
    return (
        programs.filter(client__archived_at__isnull=True, current_phase__isnull=False)
        .select_related("client", "current_phase")
        .annotate(
            open_red_flag=Exists(
                RedFlag.objects.filter(client=OuterRef("client"), resolved_at__isnull=True)
            ),
            check_in_red_flag=Exists(
                RedFlag.objects.filter(
                    client=OuterRef("client"),
                    resolved_at__isnull=True,
                    source=RedFlag.Source.CHECK_IN,
                )
            ),
            first_week_pain=Subquery(week_logs.order_by("performed_on").values("pain_after")[:1]),
            last_week_pain=Subquery(week_logs.order_by("-performed_on").values("pain_after")[:1]),
            week_log_days=Subquery(
                week_logs.order_by()
                .values("program")
                .annotate(days=Count("performed_on", distinct=True))
                .values("days")[:1]
            ),
            last_logged=Subquery(
                SessionLog.objects.filter(program=OuterRef("pk"), performed_on__lte=today)
                .order_by("-performed_on")
                .values("performed_on")[:1]
            ),
            has_next_phase=Exists(
                ProgramPhase.objects.filter(
                    program=OuterRef("pk"), position__gt=OuterRef("current_phase__position")
                )
            ),
            frequency=Max(
                "current_phase__items__days_per_week",
                filter=Q(current_phase__items__archived_at__isnull=True),
            ),
        )
        .prefetch_related(
            Prefetch(
                "logs",
                queryset=SessionLog.objects.filter(
                    performed_on__gte=since, performed_on__lte=today
                ),
                to_attr="recent_logs",
            )
        )
        .order_by("client__last_name", "client__first_name", "pk")
    )


def _evaluate(program, *, today) -> Evaluation:
    return evaluate_phase(
        phase=program.current_phase,
        phase_started_on=program.phase_started_on or program.start_date,
        program_start=program.start_date,
        logs=program.recent_logs,
        frequency_per_week=program.frequency or 0,
        has_red_flag=program.open_red_flag,
        has_next_phase=program.has_next_phase,
        today=today,
    )


def ready_to_progress(*, today, practitioner=None) -> list[ReadyClient]:
    """Active programs whose current phase meets every criterion. Two queries."""
    ready = []
    for program in _programs(today=today, practitioner=practitioner):
        evaluation = _evaluate(program, today=today)
        if evaluation.ready:
            ready.append(ReadyClient(program=program, evaluation=evaluation))
    return ready


def attention_reasons(program, *, today) -> list[str]:
    """The reasons (see the module docstring) for one annotated program."""
    reasons = []
    if program.check_in_red_flag:
        reasons.append("Red flag reported in a check-in")
    if (
        program.week_log_days or 0
    ) >= 2 and program.last_week_pain - program.first_week_pain >= PAIN_RISE_POINTS:
        reasons.append(
            f"Pain rising: {program.first_week_pain} → {program.last_week_pain} "
            "after sessions this week"
        )
    started_long_enough = program.start_date <= today - timedelta(days=ATTENTION_WINDOW_DAYS - 1)
    week_start = today - timedelta(days=ATTENTION_WINDOW_DAYS - 1)
    if started_long_enough and (program.last_logged is None or program.last_logged < week_start):
        last = f"last on {program.last_logged:%-d %b}" if program.last_logged else "none yet"
        reasons.append(f"No session logged for 7 days ({last})")
    evaluation = _evaluate(program, today=today)
    if evaluation.ready:
        reasons.append(f"Ready to progress: every criterion of {program.current_phase.name} met")
    return reasons


def needs_attention(*, today, practitioner=None) -> list[AttentionClient]:
    """Clients with an active program and at least one reason. Two queries."""
    found = []
    for program in _programs(today=today, practitioner=practitioner):
        reasons = attention_reasons(program, today=today)
        if reasons:
            found.append(AttentionClient(program=program, reasons=reasons))
    return found


def sections(request) -> list[Section]:
    """A practitioner sees the clients they are responsible for; the owner, everyone's.

    Evaluating every active program of a large clinic on each load made the
    dashboard the slowest page of the bench (hundreds of programs, thousands of
    logs); a practitioner acts on their own clients. Red flags stay clinic-wide in
    the clients section, so none can be missed.
    """
    mine = None if request.user.is_owner else request.user
    attention = needs_attention(today=timezone.localdate(), practitioner=mine)
    context = {"attention": attention, "everyone": mine is None}
    return [Section(template="programs/dashboard_ready.html", context=context)]
