"""The client portal's workflow and reads: the check-in, and what a client's pages show.

Everything takes the client record (``request.user.client_record``), never an
id from the URL, so a client can only ever reach their own data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from clients.body_chart import services as body_chart
from clients.models import BodyChart, Client, IntakeLink, RedFlag, SafetyCheck
from clients.red_flags.services import safety_check_due_since
from clinic.history import record_change
from programs.models import (
    ClientProgram,
    ExerciseCompletion,
    ProgramExercise,
    SessionLog,
)
from programs.progression import prescription_annotations
from programs.services import ProgramError

# How far back a session may be logged: today and the 6 days before it.
LOG_WINDOW_DAYS = 7


@dataclass(frozen=True)
class CheckInResult:
    log: SessionLog
    created: bool


@dataclass(frozen=True)
class Outcome:
    """What became of one exercise in a guided session (``ExerciseCompletion``'s values)."""

    status: str = ExerciseCompletion.Status.DONE
    skip_reason: str = ""
    hurt: bool = False
    sets_done: int | None = None

    def problem(self) -> str | None:
        """Why these values cannot be saved, in the client's words; None when they can."""
        if self.status not in ExerciseCompletion.Status.values:
            return "Say whether each exercise was done or skipped."
        skipped = self.status == ExerciseCompletion.Status.SKIPPED
        if skipped and self.skip_reason not in ExerciseCompletion.SkipReason.values:
            return "Say why an exercise was skipped."
        if not skipped and self.skip_reason:
            return "An exercise done has no reason for skipping it."
        if self.sets_done is not None and not 0 <= self.sets_done <= 20:
            return "The number of sets done is from 0 to 20."
        return None


def loggable_days(today: date) -> list[date]:
    """Today first, then each of the 6 days before it."""
    return [today - timedelta(days=n) for n in range(LOG_WINDOW_DAYS)]


def symptoms_worse(*, pain_before: int, pain_after: int, leg_symptoms: str) -> bool:
    """Worse = more pain after than before, or leg symptoms spread further down the leg."""
    return pain_after > pain_before or leg_symptoms == SessionLog.LegSymptoms.SPREAD


def current_items(program: ClientProgram, *, with_media: bool = False) -> list[ProgramExercise]:
    """The exercises of the program's current phase, in order, with their library entry
    (and, ``with_media``, the exercises' photos and clips: one more query)."""
    if program.current_phase_id is None:
        return []
    items = (
        ProgramExercise.objects.active()
        .filter(phase_id=program.current_phase_id)
        .select_related("exercise")
        .order_by("position", "id")
    )
    return list(items.prefetch_related("exercise__media") if with_media else items)


@transaction.atomic
def record_check_in(
    *,
    client: Client,
    program_id: int,
    day: date,
    pain_before: int,
    pain_after: int,
    leg_symptoms: str,
    effort: str,
    note: str,
    done_item_ids: Iterable[int] = (),
    by,
    today: date | None = None,
    session_number: int | None = None,
    outcomes: Mapping[int, Outcome] | None = None,
) -> CheckInResult:
    """Save one of the client's sessions on ``day``.

    Without ``session_number`` this is a new session: the day's next number (1, 2,
    ...), since a program is often done several times a day and each session counts.
    With it, that session of the day is changed (it must exist and have been recorded
    today). Preconditions checked here (``ProgramError`` otherwise, nothing saved):
    ``program_id`` is the client's program and still active; ``day`` is today or
    one of the 6 days before, not before the program started; pains are 0-10;
    every done exercise is in the current phase.

    The program row is locked first, so two sessions saved at once get numbers one
    after the other; the unique (program, day, number) constraint settles any race
    that slips past the lock (SQLite has no row locks): the loser takes the next number.

    The check-in form gives ``done_item_ids``: those exercises are marked done and
    other exercises marked done before are unmarked (a skip recorded by a guided
    session stays). A guided session gives ``outcomes`` instead: per exercise, done
    or skipped with the reason, "this hurt", and the sets done; each is saved as given.

    The safety questions are not this function's: the view saves them first, on
    their own (``clients.red_flags.services.record_safety_answers``).
    """
    today = today or timezone.localdate()
    program = ClientProgram.objects.select_for_update().filter(client=client, pk=program_id).first()
    if program is None or not program.is_active:
        raise ProgramError(
            "This program has ended, so the session was not saved. "
            "Your practitioner can tell you what to do next."
        )
    if day > today:
        raise ProgramError("A session cannot be logged for a day that has not come yet.")
    if day < today - timedelta(days=LOG_WINDOW_DAYS - 1):
        raise ProgramError("Sessions can be logged for the last 7 days only.")
    if day < program.start_date:
        raise ProgramError(
            f"Your program started on {program.start_date:%-d %B}; pick that day or later."
        )
    for label, value in (("before", pain_before), ("after", pain_after)):
        if not 0 <= value <= 10:
            raise ProgramError(f"Pain {label} is a number from 0 (none) to 10 (worst).")
    if leg_symptoms not in SessionLog.LegSymptoms.values:
        raise ProgramError("Choose how your leg symptoms changed.")
    if effort not in SessionLog.Effort.values:
        raise ProgramError("Choose how hard the session felt.")

    in_phase = set(
        ProgramExercise.objects.active()
        .filter(phase_id=program.current_phase_id)
        .values_list("pk", flat=True)
    )
    if outcomes is None:
        outcomes = {item_id: Outcome() for item_id in done_item_ids}
        replace_done_only = True
    else:
        replace_done_only = False
    for outcome in outcomes.values():
        if problem := outcome.problem():
            raise ProgramError(problem)
    if not set(outcomes) <= in_phase:
        raise ProgramError(
            "One of the exercises is no longer in your current phase (your practitioner may "
            "have changed it), so nothing was saved. Please check the list and try again."
        )

    values = {
        "phase_id": program.current_phase_id,
        "pain_before": pain_before,
        "pain_after": pain_after,
        "leg_symptoms": leg_symptoms,
        "effort": effort,
        "note": note.strip(),
    }
    if session_number is None:
        log, created = _new_session(program, day, values, by=by), True
    else:
        log = _change_session(program, day, session_number, values, by=by, today=today)
        created = False

    _save_outcomes(log, outcomes, by=by, replace_done_only=replace_done_only)
    return CheckInResult(log=log, created=created)


def _save_outcomes(
    log: SessionLog, outcomes: Mapping[int, Outcome], *, by, replace_done_only: bool
) -> None:
    """One row per exercise of ``outcomes``; each change recorded with who made it."""
    existing = {c.program_exercise_id: c for c in log.completions.all()}
    for item_id, completion in existing.items():
        gone = item_id not in outcomes
        if gone and (not replace_done_only or completion.status == completion.Status.DONE):
            completion._history_user = by
            completion.delete()
    for item_id in sorted(outcomes):
        outcome = outcomes[item_id]
        completion = existing.get(item_id) or ExerciseCompletion(
            log=log, program_exercise_id=item_id
        )
        values = {
            "status": outcome.status,
            "skip_reason": outcome.skip_reason,
            "hurt": completion.hurt if replace_done_only else outcome.hurt,
            "sets_done": completion.sets_done if replace_done_only else outcome.sets_done,
        }
        if completion.pk and all(getattr(completion, k) == v for k, v in values.items()):
            continue
        for field, value in values.items():
            setattr(completion, field, value)
        completion._history_user = by
        completion.save()


def save_check_in_chart(*, log: SessionLog, marks: dict[str, str], by) -> BodyChart | None:
    """The session's body chart: created when the client marks something, changed with
    the session, removed when every mark is cleared (no marks is "not filled in", never
    "no symptoms": it must not read as symptoms gone)."""
    chart = log.body_chart
    if not marks:
        if chart is not None:
            log.body_chart = None
            record_change(log, by=by, reason="Body chart cleared")
            log.save(update_fields=["body_chart"])
            chart.marks.all().delete()
            record_change(chart, by=by, reason="Cleared from the check-in")
            chart.delete()
        return None
    if chart is None:
        chart = BodyChart(
            client_id=log.program.client_id,
            source=BodyChart.Source.CHECK_IN,
            recorded_by=by,
        )
    chart.recorded_on = log.performed_on
    body_chart.save_marks(chart=chart, marks=marks, by=by, reason="Marked in a check-in")
    if log.body_chart_id != chart.pk:
        log.body_chart = chart
        record_change(log, by=by, reason="Body chart marked")
        log.save(update_fields=["body_chart"])
    return chart


def _new_session(program: ClientProgram, day: date, values: dict, *, by) -> SessionLog:
    """Insert the day's next session; on a number clash (a race past the lock), the next."""
    for _attempt in range(3):
        last = (
            SessionLog.objects.filter(program=program, performed_on=day)
            .order_by("-session_number")
            .values_list("session_number", flat=True)
            .first()
        )
        log = SessionLog(
            program=program,
            performed_on=day,
            session_number=(last or 0) + 1,
            created_by=by,
            **values,
        )
        log._history_user = by
        try:
            with transaction.atomic():  # a savepoint: the race's loser tries the next number
                log.save()
        except IntegrityError:
            continue
        return log
    raise ProgramError("The session could not be saved just now. Please try again.")


def _change_session(
    program: ClientProgram, day: date, number: int, values: dict, *, by, today: date
) -> SessionLog:
    """Change session ``number`` of ``day``: only on the day it was recorded."""
    log = SessionLog.objects.filter(program=program, performed_on=day, session_number=number)
    log = log.first()
    if log is None:
        raise ProgramError("That session is not in your log. Please pick it from the list.")
    if timezone.localdate(log.created_at) != today:
        raise ProgramError(
            f"The session for {day:%-d %B} was recorded on an earlier day and can no "
            "longer be changed. Tell your practitioner if something in it is wrong."
        )
    for field, value in values.items():
        setattr(log, field, value)
    log._history_user = by
    log.save()
    return log


# --- reads for the portal pages ---------------------------------------------------


def _open_red_flag(client_ref) -> Exists:
    """Whether the client has an open red flag: exercise stops in every portal page."""
    return Exists(RedFlag.objects.unresolved().filter(client=client_ref))


def _safety_checked(client_ref) -> Exists:
    """Whether the client answered the three cauda-equina questions in the last 7 days."""
    return Exists(
        SafetyCheck.objects.filter(
            client=client_ref, cauda_equina_answered=True, answered_at__gte=safety_check_due_since()
        )
    )


def _intake_to_fill(client_ref) -> Exists:
    """Whether the client has an intake form link that still works."""
    return Exists(IntakeLink.objects.usable().filter(client=client_ref))


def active_program_for(client: Client) -> ClientProgram | None:
    """The client's active program with its current phase, and ``open_red_flag``: one query."""
    return (
        ClientProgram.objects.active()
        .filter(client=client)
        .select_related("current_phase")
        .annotate(open_red_flag=_open_red_flag(OuterRef("client")))
        .first()
    )


def signed_in_client_and_program(
    user, *, logged_on: date | None = None
) -> tuple[Client, ClientProgram | None]:
    """The signed-in client's record and active program (with its current phase).

    One query either way: the program with its client, or the client alone when there
    is no active program. The client comes with ``open_red_flag`` (exercise stops) and
    ``safety_check_due`` (no weekly safety card answered in the last 7 days). With
    ``logged_on``, the program also says how many sessions that day has
    (``sessions_on_day``) and how many a day its current phase prescribes
    (``prescribed_per_day``), which saves the portal's today page queries. The client
    also says whether an intake form waits to be filled (``intake_to_fill``).
    """
    programs = (
        ClientProgram.objects.active()
        .filter(client__user=user)
        .select_related("client", "current_phase")
        .annotate(
            open_red_flag=_open_red_flag(OuterRef("client")),
            safety_checked=_safety_checked(OuterRef("client")),
            intake_to_fill=_intake_to_fill(OuterRef("client")),
        )
    )
    if logged_on is not None:
        day_logs = (
            SessionLog.objects.filter(program=OuterRef("pk"), performed_on=logged_on)
            .order_by()
            .values("program")
            .annotate(n=Count("pk"))
            .values("n")
        )
        programs = programs.annotate(
            sessions_on_day=Coalesce(Subquery(day_logs), 0),
            prescribed_per_day=prescription_annotations()["prescribed_per_day"],
        )
    program = programs.first()
    if program is None:
        client = (
            Client.objects.filter(user=user)
            .annotate(
                open_red_flag=_open_red_flag(OuterRef("pk")),
                safety_checked=_safety_checked(OuterRef("pk")),
                intake_to_fill=_intake_to_fill(OuterRef("pk")),
            )
            .get()
        )
        client.safety_check_due = not client.safety_checked
        return client, None
    client = program.client
    client.open_red_flag = program.open_red_flag
    client.safety_check_due = not program.safety_checked
    client.intake_to_fill = program.intake_to_fill
    return client, program


def phase_week(program: ClientProgram, *, today: date) -> tuple[int, int]:
    """(week N, of M) of the current phase; N is capped at M for an overrunning phase."""
    started = program.phase_started_on or program.start_date
    total = program.current_phase.typical_weeks
    week = max(1, (today - started).days // 7 + 1)
    return min(week, total), total


@dataclass(frozen=True)
class CalendarDay:
    """One cell of the adherence calendar, with its words computed once (not by filters)."""

    day: date
    sessions: int  # sessions logged that day
    upcoming: bool = False  # later this week: nothing to show yet

    @property
    def weekday(self) -> str:  # "Sun", as date:"D"
        return f"{self.day:%a}"

    @property
    def long_label(self) -> str:  # "Sunday 22 November", as date:"l j F"
        return f"{self.day:%A} {self.day.day} {self.day:%B}"


@dataclass(frozen=True)
class CalendarWeek:
    days: list[CalendarDay]

    @property
    def label(self) -> str:  # "16 Nov", as date:"j M" of its first day
        first = self.days[0].day
        return f"{first.day} {first:%b}"


def adherence_weeks(
    logs: Iterable[SessionLog], *, today: date, weeks: int = 4, first_weekday: int | None = None
) -> list[CalendarWeek]:
    """Calendar rows (oldest week first) of days with their number of sessions: ``weeks``
    whole weeks, each starting on the clinic's first day of the week
    (``CLINIC_FIRST_WEEKDAY``, 0 = Monday), the last one holding today; its later days
    are ``upcoming``.

    The labels are English, as the rest of the site (LANGUAGE_CODE "en"; Python's
    strftime names, with no locale set, are the same words the date filter writes).
    """
    if first_weekday is None:
        first_weekday = settings.CLINIC_FIRST_WEEKDAY
    by_day = Counter(log.performed_on for log in logs)
    this_week = today - timedelta(days=(today.weekday() - first_weekday) % 7)
    first = this_week - timedelta(weeks=weeks - 1)
    days = [
        CalendarDay(d, by_day[d], upcoming=d > today)
        for d in (first + timedelta(days=n) for n in range(weeks * 7))
    ]
    return [CalendarWeek(days[i : i + 7]) for i in range(0, len(days), 7)]


def consultation_filter(client: Client) -> Q:
    """A consultation is the client's by its link to their record only: an email typed
    into the public booking form proves nothing (anyone can type someone else's)."""
    return Q(client=client)


PAIN_TREND_DAYS = 56
LEG_LABELS = dict(SessionLog.LegSymptoms.choices)
EFFORT_LABELS = dict(SessionLog.Effort.choices)
# What the chart, the table, the criteria and the calendar read of a log ("program":
# the related manager checks each row's program_id).
CHART_LOG_FIELDS = (
    "program",
    "performed_on",
    "session_number",
    "pain_before",
    "pain_after",
    "leg_symptoms",
    "effort",
    "note",
)


def day_label(day: date) -> str:
    """``day`` as "Sun 22 Nov": the template filter ``date:"D j M"``, without its per-call cost."""
    return f"{day:%a} {day.day} {day:%b}"


def pain_rows_html(rows, *, show_notes: bool) -> str:
    """The pain table's body rows (``pain_chart_context``'s ``pain_rows``) as HTML, built
    here once: eight weeks of sessions through the template engine, seven cells each,
    were a tenth of the program page. The same markup as the loop in
    ``programs/includes/pain_chart.html``, every value escaped."""
    parts = []
    for day, before, after, legs, effort, done, note in rows:
        parts.append(
            f'<tr><th scope="row">{escape(day)}</th><td data-label="Before">{before}</td>'
            f'<td data-label="After">{after}</td><td data-label="Legs">{escape(legs)}</td>'
        )
        if show_notes:
            parts.append(
                f'<td data-label="Effort">{escape(effort)}</td>'
                f'<td data-label="Exercises done">{done}</td>'
                f'<td data-label="Note">{escape(note) if note else "—"}</td>'
            )
        parts.append("</tr>")
    # Each value is escaped above (the numbers are ints or None).
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def pain_chart_context(program: ClientProgram, *, today: date) -> dict:
    """The last 8 weeks of logs (oldest first) and the chart's and table's data.

    One query. The practitioner's program page and the client's progress page share it.
    ``pain_logs`` carry what the criteria and the calendar read (day, pains) and no more.
    ``pain_rows`` are the table's rows, newest first, as plain tuples of display values
    (day, before, after, legs, effort, exercises done, note): computed once here
    rather than by filters and get_..._display() calls per cell.
    The exercises done are a correlated count per log: it reads the completions'
    ``log_id`` index for these few logs, where a join with GROUP BY made PostgreSQL
    hash the whole completions table (16 ms against 0.6 ms on the bench data,
    EXPLAIN ANALYZE).
    """
    done = (
        ExerciseCompletion.objects.filter(log=OuterRef("pk"), status=ExerciseCompletion.Status.DONE)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    logs = list(
        program.logs.filter(
            performed_on__gte=today - timedelta(days=PAIN_TREND_DAYS - 1), performed_on__lte=today
        )
        .only(*CHART_LOG_FIELDS)
        .annotate(done_count=Subquery(done))
        .order_by("performed_on")
    )
    return {
        "pain_logs": logs,
        "pain_rows": [
            (
                day_label(log.performed_on),
                log.pain_before,
                log.pain_after,
                LEG_LABELS.get(log.leg_symptoms, log.leg_symptoms),
                EFFORT_LABELS.get(log.effort, log.effort),
                log.done_count,
                log.note,
            )
            for log in reversed(logs)
        ],
        "chart_data": {
            "labels": [f"{log.performed_on:%-d %b}" for log in logs],
            "before": [log.pain_before for log in logs],
            "after": [log.pain_after for log in logs],
        },
    }
