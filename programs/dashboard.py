"""The practice dashboard's "Ready to progress" section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from clients.models import RedFlag
from clinic.dashboard import Section
from programs.models import ClientProgram, ProgramPhase, SessionLog
from programs.progression import ADHERENCE_WINDOW_DAYS, Evaluation, evaluate_phase


@dataclass
class ReadyClient:
    program: ClientProgram
    evaluation: Evaluation


def ready_to_progress(*, today) -> list[ReadyClient]:
    """Active programs whose current phase meets every criterion. Two queries in all.

    1. Active programs of clients who are not archived, with their client and
       current phase, whether a red flag is open, the phase's frequency and
       whether a later phase exists (all annotations).
    2. Their session logs of the last 14 days (prefetch).
    """
    since = today - timedelta(days=ADHERENCE_WINDOW_DAYS - 1)
    programs = (
        ClientProgram.objects.active()
        .filter(client__archived_at__isnull=True, current_phase__isnull=False)
        .select_related("client", "current_phase")
        .annotate(
            open_red_flag=Exists(
                RedFlag.objects.filter(client=OuterRef("client"), resolved_at__isnull=True)
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
    ready = []
    for program in programs:
        evaluation = evaluate_phase(
            phase=program.current_phase,
            phase_started_on=program.phase_started_on or program.start_date,
            program_start=program.start_date,
            logs=program.recent_logs,
            frequency_per_week=program.frequency or 0,
            has_red_flag=program.open_red_flag,
            has_next_phase=program.has_next_phase,
            today=today,
        )
        if evaluation.ready:
            ready.append(ReadyClient(program=program, evaluation=evaluation))
    return ready


def sections(request) -> list[Section]:
    ready = ready_to_progress(today=timezone.localdate())
    return [Section(template="programs/dashboard_ready.html", context={"ready": ready})]
