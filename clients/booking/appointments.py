"""Appointments beyond the free consultation: the practice books, moves and cancels them
for a client, one at a time or as a weekly series; the owner defines their types;
clients book the types offered in the portal.

Built on the free-consultation engine: every appointment is a ``Consultation`` row,
saved through ``services._save_guarded`` so the database's own guards (the unique
slot index, and the overlap constraint on PostgreSQL or triggers on SQLite) refuse
a double booking whatever the two appointments' types; cancelling and the outcome
are ``services.cancel_consultation`` and ``services.record_outcome``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clients.booking import emails as booking_emails
from clients.booking.services import (
    Booked,
    BookingError,
    _availability_around,
    _locked,
    _save_guarded,
    _slot_taken,
    load_settings,
)
from clients.models import (
    AppointmentSeries,
    AppointmentType,
    BookingSettings,
    Client,
    Consultation,
)
from clinic.history import record_change
from clinic.models import User

MAX_REPEATS = 12
MAX_DAYS_AHEAD = 366


class ClashError(BookingError):
    """The practitioner already has an appointment then; ``clashes`` are their starts."""

    def __init__(self, message: str, *, clashes: list[datetime]):
        super().__init__(message)
        self.clashes = clashes


@transaction.atomic
def save_appointment_type(*, appointment_type: AppointmentType, by: User) -> AppointmentType:
    """Create or change a type (the form has validated it); kept in its history."""
    created = appointment_type.pk is None
    record_change(appointment_type, by=by, reason="Added" if created else "Changed")
    appointment_type.save()
    return appointment_type


@dataclass(frozen=True)
class Plan:
    """What the practice asks for: ``repeat`` appointments, ``every_weeks`` apart."""

    client: Client
    appointment_type: AppointmentType
    practitioner: User
    start: datetime
    repeat: int = 1
    every_weeks: int = 1

    def starts(self) -> list[datetime]:
        """The series' starts at the same local wall-clock time each week, so a series
        keeps its hour across a daylight-saving change."""
        local = timezone.localtime(self.start)
        return [
            timezone.make_aware(local.replace(tzinfo=None) + timedelta(weeks=n * self.every_weeks))
            for n in range(self.repeat)
        ]


def _clash_message(practitioner: User, clashes: list[datetime]) -> str:
    times = ", ".join(f"{timezone.localtime(c):%a %d %b %H:%M}" for c in clashes)
    return f"{practitioner} already has an appointment at {times}. Nothing was booked."


def _clashes(practitioner: User, spans: list[tuple[datetime, datetime]], ignore=None) -> list:
    """One query: which of ``spans`` overlap the practitioner's active appointments."""
    overlap = Q(pk__in=[])
    for start, end in spans:
        overlap |= Q(start__lt=end, end__gt=start)
    held = Consultation.objects.active().filter(overlap, practitioner=practitioner)
    if ignore is not None:
        held = held.exclude(pk=ignore.pk)
    taken = list(held.values_list("start", "end"))
    return [start for start, end in spans if any(s < end and start < e for s, e in taken)]


def _check_when(start: datetime, now: datetime) -> None:
    if start <= now:
        raise BookingError("Choose a time that has not passed yet.")
    if start > now + timedelta(days=MAX_DAYS_AHEAD):
        raise BookingError("Choose a time within the next year.")


@transaction.atomic
def book_appointments(*, plan: Plan, by: User, now: datetime | None = None) -> list[Consultation]:
    """Book the plan's appointment(s) for the client, all or none.

    Raises ``ClashError`` naming every start at which the practitioner is already
    booked (checked first for a clear message, and again by the database at each
    insert, which also catches a booking made a moment ago), ``BookingError`` for a
    time in the past or more than a year ahead.
    """
    now = now or timezone.now()
    if not 1 <= plan.repeat <= MAX_REPEATS or not 1 <= plan.every_weeks <= 4:
        raise BookingError(f"Book between 1 and {MAX_REPEATS} appointments, 1 to 4 weeks apart.")
    length = plan.appointment_type.length
    spans = [(start, start + length) for start in plan.starts()]
    for start, _end in spans:
        _check_when(start, now)
    if clashes := _clashes(plan.practitioner, spans):
        raise ClashError(_clash_message(plan.practitioner, clashes), clashes=clashes)
    series = None
    if plan.repeat > 1:
        series = AppointmentSeries(
            client=plan.client,
            practitioner=plan.practitioner,
            appointment_type=plan.appointment_type,
            every_weeks=plan.every_weeks,
            count=plan.repeat,
            created_by=by,
        )
        record_change(series, by=by, reason="Booked by the practice")
        series.save()
    booked = [_book_one(plan, start, end, series=series, by=by, now=now) for start, end in spans]
    if plan.client.email:
        transaction.on_commit(lambda: booking_emails.send_booked_by_practice(booked))
    return [appointment for appointment, _token in booked]


def _book_one(
    plan: Plan, start, end, *, series, by: User, now: datetime
) -> tuple[Consultation, str]:
    client = plan.client
    appointment = Consultation(
        practitioner=plan.practitioner,
        appointment_type=plan.appointment_type,
        client=client,
        series=series,
        start=start,
        end=end,
        first_name=client.first_name,
        last_name=client.last_name,
        email=client.email,
        phone=client.phone,
        created_at=now,
    )
    token = appointment.new_token()
    record_change(appointment, by=by, reason="Booked by the practice")
    if not _save_guarded(appointment):
        # Someone booked the practitioner between the check and this insert.
        raise ClashError(_clash_message(plan.practitioner, [start]), clashes=[start])
    return appointment, token


@transaction.atomic
def move_appointment(
    *,
    appointment: Consultation,
    start: datetime,
    practitioner: User,
    by: User,
    now: datetime | None = None,
) -> Consultation:
    """Practice side: move one booked appointment (a series' other appointments stay).

    Same guards as booking: ``ClashError`` if the practitioner is busy then.
    """
    now = now or timezone.now()
    appointment = _locked(appointment)
    if appointment.status != Consultation.Status.BOOKED:
        raise BookingError("Only a booked appointment can be moved.")
    _check_when(start, now)
    end = start + appointment.appointment_type.length
    if start == appointment.start and practitioner.pk == appointment.practitioner_id:
        raise BookingError("That is the time it already has.")
    if _clashes(practitioner, [(start, end)], ignore=appointment):
        raise ClashError(_clash_message(practitioner, [start]), clashes=[start])
    appointment.practitioner = practitioner
    appointment.start, appointment.end = start, end
    appointment.reminder_sent_at = None
    appointment.sequence += 1
    token = appointment.new_token()
    record_change(appointment, by=by, reason="Moved by the practice")
    if not _save_guarded(appointment):
        raise ClashError(_clash_message(practitioner, [start]), clashes=[start])
    if appointment.email:
        transaction.on_commit(
            lambda: booking_emails.send_confirmation(appointment, token, rescheduled=True)
        )
    return appointment


# The client's side, in the portal -------------------------------------------------------


def portal_practitioner_id(client: Client, rules: BookingSettings) -> int | None:
    """Whom a client may book in the portal: their own practitioner, unless the clinic
    lets clients book anyone (or they have none yet); None means anyone."""
    if rules.portal_any_practitioner:
        return None
    return client.practitioner_id


@transaction.atomic
def book_in_portal(
    *,
    client: Client,
    appointment_type: AppointmentType,
    start: datetime,
    by: User,
    now: datetime | None = None,
) -> Booked:
    """A client books an open time of a type offered in the portal.

    Same rules as the public booking: the time must be open for the type (its length,
    break and notice, the practitioner's hours and other appointments), and the
    database refuses a double booking at insert (``SlotTakenError``).
    """
    now = now or timezone.now()
    if not AppointmentType.objects.bookable_in_portal().filter(pk=appointment_type.pk).exists():
        raise BookingError("This kind of appointment cannot be booked online.")
    practitioner_id = portal_practitioner_id(client, load_settings())
    taken = {"practitioner_id": practitioner_id, "now": now, "appointment_type": appointment_type}
    candidates = _availability_around(start, **taken).open_times().get(start)
    if not candidates:
        raise _slot_taken(start, **taken)
    for candidate in candidates:
        appointment = Consultation(
            practitioner_id=candidate,
            appointment_type=appointment_type,
            client=client,
            start=start,
            end=start + appointment_type.length,
            first_name=client.first_name,
            last_name=client.last_name,
            email=client.email,
            phone=client.phone,
            created_at=now,
        )
        token = appointment.new_token()
        record_change(appointment, by=by, reason="Booked in the portal")
        if _save_guarded(appointment):
            transaction.on_commit(lambda a=appointment, t=token: _notify_portal_booking(a, t))
            return Booked(appointment, token)
    raise _slot_taken(start, **taken)


def _notify_portal_booking(appointment: Consultation, token: str) -> None:
    if appointment.email:
        booking_emails.send_confirmation(appointment, token)
    booking_emails.send_practitioner_notice(appointment, what="booked")
