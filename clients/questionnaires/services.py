"""Questionnaire workflows: schedule, open what falls due, email once, answer, miss.

Each function runs in one transaction, raises ``QuestionnaireError`` (a ``ClientError``)
with a message for the person in front of the screen, and leaves a history entry.

``send_due_questionnaires`` is the scheduled command's part: each due questionnaire is
claimed with a conditional UPDATE before its email goes, so two overlapping runs send
it once; an email that fails after the claim is released for the next run (a client
who is never told cannot answer).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from clients.assessments.scoring import PSFS_MAX_ITEMS, PSFS_MIN_ITEMS, ScoringError
from clients.models import Client, QuestionnaireResponse, QuestionnaireSchedule
from clients.models.questionnaire import ANSWER_WINDOW_DAYS, MEASURES
from clients.questionnaires import emails
from clients.services import ClientError
from clinic.history import record_change

logger = logging.getLogger(__name__)

MAX_EVERY_WEEKS = 26
ACTIVITY_MAX_LENGTH = 120


class QuestionnaireError(ClientError):
    """A questionnaire could not be scheduled or answered; the message says why."""


@dataclass(frozen=True)
class Summary:
    """What the program page shows: the running schedule and the latest missed ones."""

    schedule: QuestionnaireSchedule | None
    missed: list[QuestionnaireResponse]
    window: int = ANSWER_WINDOW_DAYS


MISSED_SHOWN = 5


def summary_for(client: Client, *, today: date | None = None) -> Summary:
    """Two queries: the running schedule, the latest missed questionnaires."""
    today = today or timezone.localdate()
    missed = QuestionnaireResponse.objects.missed_on(today).filter(client=client)
    return Summary(
        schedule=running_schedule(client),
        missed=list(missed.order_by("-due_on")[:MISSED_SHOWN]),
    )


# The attention list's "missed questionnaire": the client's latest settled questionnaire
# (answered, or closed unanswered) of a running schedule was missed. Answering the
# next one settles a later one, so the reason goes; stopping the schedule ends it too.
# The same rule in SQL (``missed_annotations``, on any query with a ``client`` column)
# and in Python (``latest_missed``); tests hold them to the same answer.
MEASURE_ABBREVIATIONS = {"nprs": "NPRS", "odi": "ODI", "psfs": "PSFS"}


def missed_annotations(*, today: date, client_ref: str = "client") -> dict:
    """``missed_due_on`` and ``missed_measures`` of the latest settled questionnaire
    when it was missed (both None otherwise), and ``settled_due_on``: three subqueries
    in the caller's query, no query per row."""
    settled = (
        QuestionnaireResponse.objects.filter(
            client=OuterRef(client_ref), schedule__stopped_at__isnull=True
        )
        .filter(Q(answered_at__isnull=False) | Q(closes_on__lt=today))
        .order_by("-due_on", "-pk")
    )
    missed = settled.filter(answered_at__isnull=True)
    return {
        "settled_due_on": Subquery(settled.values("due_on")[:1]),
        "missed_due_on": Subquery(missed.values("due_on")[:1]),
        "missed_measures": Subquery(missed.values("measures")[:1]),
    }


def missed_from_annotations(row) -> tuple[date, list[str]] | None:
    """(due date, measures) when the annotated row's latest settled one was missed."""
    if row.missed_due_on is None or row.missed_due_on != row.settled_due_on:
        return None
    return row.missed_due_on, list(row.missed_measures or [])


def latest_missed(responses, *, today: date) -> tuple[date, list[str]] | None:
    """The same rule on the client's ``QuestionnaireResponse`` rows (with their schedule)."""
    settled = [
        r
        for r in responses
        if r.schedule.stopped_at is None and (r.answered_at is not None or r.closes_on < today)
    ]
    if not settled:
        return None
    latest = max(settled, key=lambda r: (r.due_on, r.pk))
    if latest.answered_at is not None:
        return None
    return latest.due_on, list(latest.measures)


def missed_reason(due_on: date, measures: list[str]) -> str:
    """ "Missed questionnaire (ODI, due 12 Nov)"."""
    names = [MEASURE_ABBREVIATIONS.get(code, code) for code in measures]
    return f"Missed questionnaire ({', '.join([*names, f'due {due_on:%-d %b}'])})"


def summary_annotations(*, today: date, client_field: str = "client") -> dict:
    """``summary_for`` as annotations on a queryset with a client column, so that a page
    reading rows of the client already (the program page: its programs) needs no query
    of its own; read back with ``summary_from_annotations``. The running schedule's
    columns the summary shows, and the due days of the latest ``MISSED_SHOWN`` missed."""
    schedule = QuestionnaireSchedule.objects.filter(
        client=OuterRef(client_field), stopped_at__isnull=True
    ).order_by(*QuestionnaireSchedule._meta.ordering)
    missed = (
        QuestionnaireResponse.objects.missed_on(today)
        .filter(client=OuterRef(client_field))
        .order_by("-due_on")
        .values("due_on")
    )
    return {
        "questionnaire_schedule_id": Subquery(schedule.values("pk")[:1]),
        "questionnaire_measures": Subquery(schedule.values("measures")[:1]),
        "questionnaire_every_weeks": Subquery(schedule.values("every_weeks")[:1]),
        **{f"questionnaire_missed_{n}": Subquery(missed[n : n + 1]) for n in range(MISSED_SHOWN)},
    }


def summary_from_annotations(row) -> Summary:
    """The ``Summary`` of a row annotated with ``summary_annotations`` (the schedule and
    the missed responses carry only what the summary shows)."""
    schedule = None
    if row.questionnaire_schedule_id is not None:
        schedule = QuestionnaireSchedule(
            pk=row.questionnaire_schedule_id,
            measures=row.questionnaire_measures,
            every_weeks=row.questionnaire_every_weeks,
        )
    missed = [
        QuestionnaireResponse(due_on=day)
        for n in range(MISSED_SHOWN)
        if (day := getattr(row, f"questionnaire_missed_{n}")) is not None
    ]
    return Summary(schedule=schedule, missed=missed)


def running_schedule(client: Client) -> QuestionnaireSchedule | None:
    return client.questionnaire_schedules.filter(stopped_at__isnull=True).first()


def default_activities(client: Client) -> list[str]:
    """The PSFS activities of the client's latest completed assessment (their own words)."""
    latest = (
        client.assessments.completed()
        .exclude(psfs_items=[])
        .order_by("-assessed_on", "-id")
        .values_list("psfs_items", flat=True)
        .first()
    )
    return [item["activity"] for item in latest or []]


def _check(measures: list[str], activities: list[str], every_weeks: int, starts_on: date):
    known = [code for code, _label in MEASURES]
    if not measures or any(code not in known for code in measures):
        raise QuestionnaireError("Choose at least one questionnaire.")
    if not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise QuestionnaireError(f"Send them every 1 to {MAX_EVERY_WEEKS} weeks.")
    if starts_on < timezone.localdate():
        raise QuestionnaireError("The first one cannot be due in the past.")
    if "psfs" in measures and not PSFS_MIN_ITEMS <= len(activities) <= PSFS_MAX_ITEMS:
        raise QuestionnaireError(
            f"The activities questionnaire needs {PSFS_MIN_ITEMS} to {PSFS_MAX_ITEMS} of the "
            "client's activities."
        )
    if any(len(a) > ACTIVITY_MAX_LENGTH for a in activities):
        raise QuestionnaireError(f"Keep each activity under {ACTIVITY_MAX_LENGTH} characters.")


@transaction.atomic
def schedule_questionnaires(
    *,
    client: Client,
    measures: list[str],
    psfs_activities: list[str],
    every_weeks: int,
    starts_on: date,
    by,
) -> QuestionnaireSchedule:
    """Ask ``client`` for ``measures`` every ``every_weeks`` weeks from ``starts_on``.

    Replaces a running schedule (stopped, kept for the record; what it already asked
    stays). A first one due today is opened at once, so the portal shows it now.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_archived or client.is_anonymised:
        raise QuestionnaireError("Restore the client before scheduling questionnaires.")
    activities = [" ".join(a.split()) for a in psfs_activities if a.strip()]
    measures = [code for code, _label in MEASURES if code in measures]
    _check(measures, activities, every_weeks, starts_on)
    old = running_schedule(client)
    if old is not None:
        _stop(old, by=by, reason="Replaced by a new schedule")
    schedule = QuestionnaireSchedule(
        client=client,
        measures=measures,
        psfs_activities=activities if "psfs" in measures else [],
        every_weeks=every_weeks,
        starts_on=starts_on,
        created_by=by,
    )
    record_change(schedule, by=by, reason="Scheduled")
    schedule.save()
    open_due(schedule, today=timezone.localdate())
    return schedule


def _stop(schedule: QuestionnaireSchedule, *, by, reason: str) -> None:
    schedule.stopped_at = timezone.now()
    schedule.stopped_by = by
    record_change(schedule, by=by, reason=reason)
    schedule.save()


@transaction.atomic
def stop_questionnaires(*, client: Client, by, reason: str = "Stopped") -> bool:
    """Stop ``client``'s running schedule; False when none was running."""
    schedule = (
        client.questionnaire_schedules.select_for_update().filter(stopped_at__isnull=True).first()
    )
    if schedule is None:
        return False
    _stop(schedule, by=by, reason=reason)
    return True


def open_due(schedule: QuestionnaireSchedule, *, today: date) -> list[QuestionnaireResponse]:
    """Create the rows for ``schedule``'s due dates up to ``today`` not made yet (every
    one, so a questionnaire missed while the command was down still shows as missed)."""
    made = set(schedule.responses.values_list("due_on", flat=True))
    new = [
        QuestionnaireResponse(
            schedule=schedule,
            client_id=schedule.client_id,
            due_on=day,
            closes_on=day + timedelta(days=ANSWER_WINDOW_DAYS),
            measures=schedule.measures,
            psfs_activities=schedule.psfs_activities,
        )
        for day in schedule.due_dates(until=today)
        if day not in made
    ]
    return QuestionnaireResponse.objects.bulk_create(new, ignore_conflicts=True)


def open_all_due(*, today: date) -> int:
    """``open_due`` for every running schedule (the scheduled command). Returns how many."""
    count = 0
    running = QuestionnaireSchedule.objects.filter(
        stopped_at__isnull=True, starts_on__lte=today, client__archived_at__isnull=True
    )
    for schedule in running:
        count += len(open_due(schedule, today=today))
    return count


def claim_email(response_id: int, *, now: datetime) -> bool:
    """Atomically mark the email as sent; True for exactly one caller."""
    return bool(
        QuestionnaireResponse.objects.filter(
            pk=response_id, emailed_at__isnull=True, answered_at__isnull=True
        ).update(emailed_at=now)
    )


def send_due_questionnaires(*, now: datetime) -> int:
    """Open what fell due and email each client whose questionnaire is open and not yet
    emailed. Returns how many emails went. Safe to run twice at once."""
    today = timezone.localdate(now)
    open_all_due(today=today)
    due = QuestionnaireResponse.objects.open_on(today).filter(
        emailed_at__isnull=True,
        schedule__stopped_at__isnull=True,
        client__anonymised_at__isnull=True,
    )
    sent = 0
    for pk in list(due.exclude(client__email="").values_list("pk", flat=True)):
        if not claim_email(pk, now=now):
            continue  # another run got it first
        response = QuestionnaireResponse.objects.select_related("client").get(pk=pk)
        try:
            emails.send_questionnaire_due(response)
        except Exception:
            logger.exception("Questionnaire email %s could not be sent; retried next run", pk)
            QuestionnaireResponse.objects.filter(pk=pk).update(emailed_at=None)
            continue
        sent += 1
    return sent


def open_for_client(client: Client, *, today: date | None = None) -> QuestionnaireResponse | None:
    """The questionnaire the client may answer now (the oldest still open), or None."""
    today = today or timezone.localdate()
    return (
        QuestionnaireResponse.objects.open_on(today)
        .filter(client=client, schedule__stopped_at__isnull=True)
        .order_by("due_on")
        .first()
    )


@transaction.atomic
def answer_questionnaire(
    *,
    response: QuestionnaireResponse,
    pain_now: int | None,
    odi_answers: list[int | None],
    psfs_scores: list[int],
    by,
) -> QuestionnaireResponse:
    """Save the client's answers to an open questionnaire, once.

    Each measure it asked must be answered (the ODI may skip sections, as on the
    practitioner's form); answers keep the assessment's shapes so the same scoring reads
    them. A second submit of the same questionnaire is refused with a message.
    """
    response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    today = timezone.localdate()
    if response.is_answered:
        raise QuestionnaireError("You already sent this questionnaire. Thank you!")
    if not response.due_on <= today <= response.closes_on:
        raise QuestionnaireError("This questionnaire is closed. Your next one will come soon.")
    if "nprs" in response.measures:
        if pain_now is None or not 0 <= pain_now <= 10:
            raise QuestionnaireError("Give your pain now from 0 to 10.")
        response.pain_now = pain_now
    if "odi" in response.measures:
        if not any(a is not None for a in odi_answers):
            raise QuestionnaireError("Answer at least one of the daily-life questions.")
        response.odi_answers = list(odi_answers)
    if "psfs" in response.measures:
        if len(psfs_scores) != len(response.psfs_activities):
            raise QuestionnaireError("Rate each activity from 0 to 10.")
        response.psfs_items = [
            {"activity": activity, "score": score}
            for activity, score in zip(response.psfs_activities, psfs_scores, strict=True)
        ]
    try:  # the assessment's scoring checks every answer's range
        response.odi, response.psfs  # noqa: B018
    except ScoringError as exc:
        raise QuestionnaireError(str(exc)) from exc
    response.answered_at = timezone.now()
    record_change(response, by=by, reason="Answered by the client")
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:  # pragma: no cover - the row is locked
        raise QuestionnaireError("This questionnaire could not be saved.") from exc
    return response


def erase(client: Client) -> None:
    """Right to erasure: the activities in the client's own words go (here and in the
    history); the scores stay with the clinical record, as an assessment's do. A running
    schedule stops and nothing more is sent."""
    placeholders = lambda items: [  # noqa: E731
        f"Activity {n}" for n, _ in enumerate(items, start=1)
    ]
    for schedule in QuestionnaireSchedule.objects.filter(client=client):
        schedule.psfs_activities = placeholders(schedule.psfs_activities)
        if schedule.stopped_at is None:
            schedule.stopped_at = timezone.now()
        schedule.save(update_fields=["psfs_activities", "stopped_at"])
    for response in QuestionnaireResponse.objects.filter(client=client):
        response.psfs_activities = placeholders(response.psfs_activities)
        response.psfs_items = [
            {"activity": f"Activity {n}", "score": item["score"]}
            for n, item in enumerate(response.psfs_items, start=1)
        ]
        response.save(update_fields=["psfs_activities", "psfs_items"])
    QuestionnaireSchedule.history.filter(client_id=client.pk).update(psfs_activities=[])
    QuestionnaireResponse.history.filter(client_id=client.pk).update(
        psfs_activities=[], psfs_items=[]
    )
    QuestionnaireResponse.objects.filter(client=client, answered_at__isnull=True).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
