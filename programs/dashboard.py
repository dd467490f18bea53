"""The practice dashboard's "Needs attention" section: one row per client, with reasons.

Reasons, each computed in SQL on the active programs (the query count is fixed):

- **Red flag from a check-in**: an unresolved ``RedFlag`` with source "check-in".
- **Pain rising**: among the program's session logs dated in the 7 days ending
  today, the latest log's pain after the session is at least 2 points higher
  than the earliest log's (needs two logs on different days in that window).
- **Leg symptoms spreading**: the latest log of the last 7 days says leg symptoms
  spread further down the leg (this also blocks "ready to progress").
- **Leg symptoms peripheralising**: the client's latest body chart marks a zone further
  down the leg than their first (``clients.body_chart.services.trend`` on the levels
  that ``latest_levels`` reads in SQL; the client page's picture uses the same rule).
- **No session for 7 days**: the program started at least 7 days ago and has
  no log dated in the 7 days ending today.
- **An exercise hurt twice**: an exercise marked "this hurt" in two sessions or more
  in the last 7 days (``programs.outcomes``), named.
- **Missed questionnaire**: the client's latest settled questionnaire between visits was
  not answered (``clients.questionnaires.services.missed_annotations``; it goes when the
  next one is answered or the schedule is stopped), with its measures and due date.
- **Ready to progress**: every criterion of the current phase met
  (``programs.progression``), evaluated on the logs' summary computed in SQL
  (``log_summary_annotations``): no session log is loaded.

Adding a reason: annotate what it needs in ``programs_queryset`` (any date in it
must be ``today`` or a fixed number of days from it, e.g. ``today - timedelta(days=6)``,
else the prepared SQL refuses to build: ``clinic.prepared``), add its sentence in
``attention_reasons``, and give the data set of ``tests/programs/test_dashboard_prepared.py``
a client with that reason, so that the once-built SQL is compared with the ORM on it.
The queryset runs as ``_programs``: its SQL is built once per process and shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from clients.body_chart import services as body_chart
from clients.models import (
    AppointmentType,
    Assessment,
    BookingSettings,
    Client,
    Consultation,
    RedFlag,
)
from clients.notices import Notice
from clients.questionnaires import services as questionnaires
from clinic.dashboard import Section
from clinic.prepared import PreparedQuery
from programs.models import ClientProgram, ProgramPhase, SessionLog
from programs.outcomes import hurt_often_annotations
from programs.progression import (
    SPREAD,
    Evaluation,
    evaluate_phase,
    log_summary_annotations,
    prescription_annotations,
    prescription_from_annotations,
    summary_from_annotations,
)
from programs.reassessment import ReassessmentDue, book_urls, reassessment_reasons

PAIN_RISE_POINTS = 2
REASSESS_DEFAULT_WEEKS = BookingSettings._meta.get_field("reassess_after_weeks").default
ATTENTION_WINDOW_DAYS = 7


@dataclass
class ReadyClient:
    program: ClientProgram
    evaluation: Evaluation


@dataclass
class AttentionClient:
    program: ClientProgram
    reasons: list[str]
    # Display values, computed once here rather than looked up in the template.
    url: str = ""  # the client's program page
    name: str = ""  # the client's
    where: str = ""  # "<phase> of <program>"


def programs_queryset(*, today, practitioner=None, client=None):
    """Active programs (of ``practitioner``'s clients, if given) with everything the
    reasons need, in one query: active programs of clients who are not archived,
    with their client and current phase, whether a red flag (any / from a check-in)
    is open, the phase's prescription, whether a later phase exists, the earliest and
    latest pain after a session in the last 7 days, the last day logged, and the
    session logs' summary for the criteria (all annotations, none loading a log).

    The dashboard runs it as ``_programs``: the same SQL, built once per process.
    Every date in it must be ``today`` or a fixed number of days from it
    (``clinic.prepared``); ``practitioner`` and ``client`` may be instances or ids.
    """
    week_start = today - timedelta(days=ATTENTION_WINDOW_DAYS - 1)
    week_logs = SessionLog.objects.filter(
        program=OuterRef("pk"), performed_on__gte=week_start, performed_on__lte=today
    )
    programs = ClientProgram.objects.active()
    if practitioner is not None:
        programs = programs.filter(client__practitioner=practitioner)
    if client is not None:
        programs = programs.filter(client=client)
    return (
        programs.filter(client__archived_at__isnull=True, current_phase__isnull=False)
        .select_related("client", "current_phase")
        # What the reasons, the criteria and the list read; a client row is wide.
        .only(
            "client_id",
            "name",
            "start_date",
            "phase_started_on",
            "current_phase_id",
            "client__first_name",
            "client__last_name",
            *(f"current_phase__{name}" for name in ProgramPhase.CRITERIA_FIELDS),
        )
        # The prescription first: the log summary's daily cap reads it.
        .annotate(**prescription_annotations())
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
            first_week_pain=Subquery(
                week_logs.order_by("performed_on", "session_number").values("pain_after")[:1]
            ),
            last_week_pain=Subquery(
                week_logs.order_by("-performed_on", "-session_number").values("pain_after")[:1]
            ),
            last_logged=Subquery(
                SessionLog.objects.filter(program=OuterRef("pk"), performed_on__lte=today)
                .order_by("-performed_on")
                .values("performed_on")[:1]
            ),
            last_assessed=Subquery(
                Assessment.objects.active()
                .completed()
                .filter(client=OuterRef("client"))
                .order_by("-assessed_on")
                .values("assessed_on")[:1]
            ),
            # The owner's setting rides along in the same query (the dashboard's budget).
            reassess_weeks=Coalesce(
                Subquery(BookingSettings.objects.filter(pk=1).values("reassess_after_weeks")[:1]),
                Value(REASSESS_DEFAULT_WEEKS),
            ),
            reassessment_booked=Exists(
                Consultation.objects.filter(
                    client=OuterRef("client"),
                    status=Consultation.Status.BOOKED,
                    appointment_type__kind=AppointmentType.Kind.REASSESSMENT,
                    start__date__gte=today,
                )
            ),
            has_next_phase=Exists(
                ProgramPhase.objects.filter(
                    program=OuterRef("pk"), position__gt=OuterRef("current_phase__position")
                )
            ),
            **log_summary_annotations(today=today),
            **hurt_often_annotations(today=today),
            **body_chart.latest_levels(),
            **questionnaires.missed_annotations(today=today),
        )
        .order_by("client__last_name", "client__first_name", "pk")
    )


# The SQL of ``programs_queryset`` for each shape (practitioner or not, client or not),
# built once per process: building and compiling it was a quarter of the dashboard's CPU.
_prepared_programs = PreparedQuery(
    programs_queryset, dates=("today",), ids=("practitioner", "client")
)


def _programs(*, today, practitioner=None, client=None) -> list[ClientProgram]:
    """``programs_queryset``'s programs, as a list. One query."""
    return _prepared_programs(today=today, practitioner=practitioner, client=client)


def _evaluate(program, *, today) -> Evaluation:
    """The current phase's criteria; kept on the program for its day, since both lists
    (attention and reassessment) ask for it."""
    cached = getattr(program, "_evaluation", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    evaluation = _evaluate_now(program, today=today)
    program._evaluation = (today, evaluation)
    return evaluation


def _evaluate_now(program, *, today) -> Evaluation:
    return evaluate_phase(
        phase=program.current_phase,
        phase_started_on=program.phase_started_on or program.start_date,
        program_start=program.start_date,
        summary=summary_from_annotations(program),
        prescription=prescription_from_annotations(program),
        has_red_flag=program.open_red_flag,
        has_next_phase=program.has_next_phase,
        today=today,
    )


def ready_to_progress(*, today, practitioner=None) -> list[ReadyClient]:
    """Active programs whose current phase meets every criterion. One query."""
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
    # With a single log this week the first and the last are the same row: no rise.
    if (
        program.first_week_pain is not None
        and program.last_week_pain - program.first_week_pain >= PAIN_RISE_POINTS
    ):
        reasons.append(
            f"Pain rising: {program.first_week_pain} → {program.last_week_pain} "
            "after sessions this week"
        )
    if program.summary_latest_legs == SPREAD:
        reasons.append(
            "Leg symptoms spread further down the leg "
            f"(session of {program.summary_latest_day:%a %-d %b})"
        )
    if program.hurt_exercise:
        reasons.append(f"{program.hurt_exercise} hurt in {program.hurt_times} sessions this week")
    if body_chart.trend(program.chart_first_level, program.chart_latest_level) == (
        body_chart.PERIPHERALISING
    ):
        first = body_chart.level_words(program.chart_first_level)
        latest = body_chart.level_words(program.chart_latest_level)
        reasons.append(
            f"Leg symptoms peripheralising: furthest down the leg was {first}, now {latest} "
            f"(body chart of {program.chart_latest_on:%a %-d %b})"
        )
    missed = questionnaires.missed_from_annotations(program)
    if missed is not None:
        reasons.append(questionnaires.missed_reason(*missed))
    started_long_enough = program.start_date <= today - timedelta(days=ATTENTION_WINDOW_DAYS - 1)
    week_start = today - timedelta(days=ATTENTION_WINDOW_DAYS - 1)
    if started_long_enough and (program.last_logged is None or program.last_logged < week_start):
        last = f"last on {program.last_logged:%-d %b}" if program.last_logged else "none yet"
        reasons.append(f"No session logged for 7 days ({last})")
    evaluation = _evaluate(program, today=today)
    if evaluation.ready:
        reasons.append(f"Ready to progress: every criterion of {program.current_phase.name} met")
    return reasons


def needs_attention(*, today, practitioner=None, programs=None) -> list[AttentionClient]:
    """Clients with an active program and at least one reason. One query (none when
    ``programs``, already annotated by ``_programs``, are given)."""
    # The program page's address for each row from one reverse() (a pk is digits only).
    url = reverse("programs:program_detail", args=[0])
    head, tail = url[: url.rindex("/0/") + 1], url[url.rindex("/0/") + 2 :]
    found = []
    if programs is None:
        programs = _programs(today=today, practitioner=practitioner)
    for program in programs:
        reasons = attention_reasons(program, today=today)
        if reasons:
            found.append(
                AttentionClient(
                    program=program,
                    reasons=reasons,
                    url=f"{head}{program.client_id}{tail}",
                    name=str(program.client),
                    where=f"{program.current_phase.name} of {program.name}",
                )
            )
    return found


# The dashboard names this many clients in each list and links to the paged rest: the
# owner of a large clinic had every one of hundreds of programs on the dashboard.
SHOWN_ON_DASHBOARD = 10


@dataclass
class Lists:
    """Both lists for one practitioner (or the owner, everyone's), from one query."""

    attention: list[AttentionClient]
    due: list[ReassessmentDue]
    weeks: int | None  # the clinic's reassessment interval
    everyone: bool


def lists_for(user) -> Lists:
    """A practitioner sees the clients they are responsible for; the owner, everyone's.

    Evaluating every active program of a large clinic on each load made the
    dashboard the slowest page of the bench (hundreds of programs, thousands of
    logs); a practitioner acts on their own clients. Red flags stay clinic-wide in
    the clients section, so none can be missed. One query.
    """
    mine = None if user.is_owner else user
    today = timezone.localdate()
    programs = list(_programs(today=today, practitioner=mine))
    return Lists(
        attention=needs_attention(today=today, programs=programs),
        due=reassessments_due(programs, today=today),
        weeks=programs[0].reassess_weeks if programs else None,
        everyone=mine is None,
    )


def sections(request) -> list[Section]:
    """The first ``SHOWN_ON_DASHBOARD`` of each list, each with its total and a link to
    its paged page (``programs.views.attention``)."""
    found = lists_for(request.user)
    return [
        Section(
            template="programs/dashboard_ready.html",
            context={
                "attention": found.attention[:SHOWN_ON_DASHBOARD],
                "total": len(found.attention),
                "all_url": reverse("programs:attention_list"),
                "everyone": found.everyone,
            },
        ),
        Section(
            template="programs/dashboard_reassess.html",
            context={
                "due": found.due[:SHOWN_ON_DASHBOARD],
                "total": len(found.due),
                "all_url": reverse("programs:reassessment_list"),
                "everyone": found.everyone,
                "weeks": found.weeks,
            },
        ),
    ]


def reassessments_due(programs, *, today) -> list[ReassessmentDue]:
    """The clients of ``programs`` (annotated by ``_programs``) due a reassessment."""
    url = reverse("clients:client_detail", args=[0])
    head, tail = url[: url.rindex("/0/") + 1], url[url.rindex("/0/") + 2 :]
    book_url = book_urls()
    due = []
    for program in programs:
        reasons = reassessment_reasons(
            ready=_evaluate(program, today=today).ready,
            phase_name=program.current_phase.name,
            last_assessed=program.last_assessed,
            booked=program.reassessment_booked,
            today=today,
            weeks=program.reassess_weeks,
        )
        if reasons:
            due.append(
                ReassessmentDue(
                    client_id=program.client_id,
                    name=str(program.client),
                    reasons=reasons,
                    client_url=f"{head}{program.client_id}{tail}",
                    book_url=book_url(program.client_id),
                )
            )
    return due


def reassessment_for(client: Client, *, today) -> ReassessmentDue | None:
    """The client page's suggestion. One query, its SQL built once per process
    (``_prepared_programs``: building its annotations was a third of the client page's CPU)."""
    due = reassessments_due(_programs(today=today, client=client), today=today)
    return due[0] if due else None


def client_notices(client: Client) -> list[Notice]:
    """The client page's reassessment suggestion (a ``clients.notices`` provider)."""
    if client.is_archived:
        return []
    due = reassessment_for(client, today=timezone.localdate())
    if due is None:
        return []
    return [
        Notice(
            title="A reassessment is due",
            reasons=due.reasons,
            action_label="Book the reassessment",
            action_url=due.book_url,
        )
    ]
