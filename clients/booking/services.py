"""Booking workflows: book, cancel, reschedule, record the outcome, convert.

The free consultation is booked here by people without an account; the other
appointment types reuse the same availability, guards and emails
(``clients.booking.appointments``).

Each workflow is atomic, takes keyword arguments only and raises ``BookingError``
(or its subclasses) with a message fit to show the person. Changes are kept in
the consultation's history. Emails go out only once the transaction commits.

``load_availability`` reads everything the slot computation needs in a fixed
number of queries, whatever the number of practitioners or bookings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from clients.booking import emails as booking_emails
from clients.booking import scheduling
from clients.intake import services as intake
from clients.models import (
    AppointmentType,
    AvailabilityException,
    BookingSettings,
    Client,
    Consultation,
    RedFlagScreenCount,
    WeeklyHours,
)
from clinic.history import record_change
from clinic.models import PRACTICE_ROLES, User


class BookingError(Exception):
    """A booking action that cannot be done; the message is meant for the person."""


class SlotTakenError(BookingError):
    """Someone else got the time first; ``alternatives`` are the nearest open times."""

    def __init__(self, message: str, *, alternatives: list[datetime]):
        super().__init__(message)
        self.alternatives = alternatives


class LimitReachedError(BookingError):
    pass


SLOT_TAKEN = "Sorry, that time was just taken. Here are the nearest free times."
NOT_OFFERED = "That time is not open for booking. Please choose one of the times shown."


def clinic_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def load_settings() -> BookingSettings:
    """The clinic's booking rules in one query, without writing on a read-only page."""
    return BookingSettings.objects.filter(pk=1).first() or BookingSettings(pk=1)


def ip_hash(ip_address: str) -> str:
    """A keyed hash of an IP address: comparable for the daily limit, not reversible."""
    if not ip_address:
        return ""
    return salted_hmac("clients.booking.ip", ip_address).hexdigest()


@dataclass
class Availability:
    """What the slot computation needs for a span of local dates, loaded up front."""

    rules_from: BookingSettings
    kind: AppointmentType
    now: datetime
    first_day: date
    last_day: date
    practitioners: dict[int, User] = field(default_factory=dict)
    weekly: dict[int, list[scheduling.Window]] = field(default_factory=lambda: defaultdict(list))
    exceptions: dict[int, list[scheduling.Exception_]] = field(
        default_factory=lambda: defaultdict(list)
    )
    busy: dict[int, list[scheduling.Interval]] = field(default_factory=lambda: defaultdict(list))

    @property
    def rules(self) -> scheduling.Rules:
        kind = self.kind
        return scheduling.Rules(
            length=kind.length,
            buffer=kind.buffer,
            notice=kind.notice,
            horizon_days=self.rules_from.horizon_days,
        )

    def slots_for(self, practitioner_id: int) -> list[datetime]:
        return scheduling.slots(
            weekly=self.weekly[practitioner_id],
            exceptions=self.exceptions[practitioner_id],
            busy=self.busy[practitioner_id],
            rules=self.rules,
            now=self.now,
            tz=clinic_tz(),
            first_day=self.first_day,
            last_day=self.last_day,
        )

    def open_times(self) -> dict[datetime, list[int]]:
        """Each open start with the practitioners free then, least busy first."""
        order = sorted(self.practitioners, key=lambda pid: len(self.busy[pid]))
        return scheduling.first_available({pid: self.slots_for(pid) for pid in order})


# The practitioner's fields availability loads, from the weekly hours' rows.
PRACTITIONER_COLUMNS = {
    "id": "practitioner_id",
    "first_name": "practitioner__first_name",
    "last_name": "practitioner__last_name",
    "email": "practitioner__email",
}


def _practitioner(db: str, values: dict) -> User:
    """A User from some of its columns, the others deferred (``Model.from_db`` takes
    values in the model's field order)."""
    names = [f.attname for f in User._meta.concrete_fields if f.attname in values]
    return User.from_db(db, names, [values[name] for name in names])


def load_availability(
    *,
    first_day: date,
    last_day: date,
    practitioner_id: int | None = None,
    now: datetime | None = None,
    ignore: Consultation | None = None,
    rules: BookingSettings | None = None,
    appointment_type: AppointmentType | None = None,
) -> Availability:
    """Five queries: settings (unless given), the appointment type (unless given; the
    free consultation by default), weekly hours with their practitioners, exceptions,
    and the appointments of every type holding time in the span.

    Only practitioners with weekly hours are bookable; when the clinic is not accepting
    free consultations nobody is for one (and only the first two queries run).
    """
    now = now or timezone.now()
    kind = appointment_type or AppointmentType.free_consultation()
    availability = Availability(rules or load_settings(), kind, now, first_day, last_day)
    if kind.is_free_consultation and not availability.rules_from.accepting:
        return availability
    hours = WeeklyHours.objects.filter(
        practitioner__is_active=True, practitioner__role__in=PRACTICE_ROLES
    ).order_by()
    if practitioner_id is not None:
        hours = hours.filter(practitioner_id=practitioner_id)
    # query: weekly hours with their practitioners' names, as plain rows (a model
    # instance per window and per person was most of this function's time)
    rows = hours.values_list("weekday", "start_time", "end_time", *PRACTITIONER_COLUMNS.values())
    for weekday, start_time, end_time, *person in rows:
        pid = person[0]
        if pid not in availability.practitioners:
            # What the page shows and a booking needs: the rest of the row stays deferred.
            availability.practitioners[pid] = _practitioner(
                rows.db, dict(zip(PRACTITIONER_COLUMNS, person, strict=True))
            )
        availability.weekly[pid].append(scheduling.Window(weekday, start_time, end_time))
    ids = list(availability.practitioners)
    availability.practitioners = dict(
        sorted(availability.practitioners.items(), key=lambda item: str(item[1]))
    )
    exceptions = AvailabilityException.objects.filter(
        practitioner_id__in=ids, date__range=(first_day, last_day)
    )
    for exc in exceptions:  # query: dated exceptions in the span
        availability.exceptions[exc.practitioner_id].append(
            scheduling.Exception_(
                exc.date, exc.kind == exc.Kind.EXTRA, exc.start_time, exc.end_time
            )
        )
    # A day either side covers every time zone offset and the buffer.
    span_start = datetime.combine(first_day - timedelta(days=1), time.min, tzinfo=UTC)
    span_end = datetime.combine(last_day + timedelta(days=2), time.min, tzinfo=UTC)
    bookings = Consultation.objects.active().filter(practitioner_id__in=ids)
    if ignore is not None:
        bookings = bookings.exclude(pk=ignore.pk)
    rows = bookings.overlapping(span_start, span_end).values_list("practitioner_id", "start", "end")
    for practitioner_id_, start, end in rows:  # query: bookings holding time in the span
        availability.busy[practitioner_id_].append((start, end))
    return availability


def _local_day(moment: datetime) -> date:
    return moment.astimezone(clinic_tz()).date()


def _availability_around(
    start: datetime,
    *,
    practitioner_id: int | None,
    now: datetime,
    ignore: Consultation | None = None,
    appointment_type: AppointmentType | None = None,
) -> Availability:
    day = _local_day(start)
    return load_availability(
        first_day=day - timedelta(days=3),
        last_day=day + timedelta(days=3),
        practitioner_id=practitioner_id,
        ignore=ignore,
        now=now,
        appointment_type=appointment_type,
    )


def _slot_taken(
    start: datetime,
    *,
    practitioner_id: int | None,
    now: datetime,
    ignore: Consultation | None = None,
    appointment_type: AppointmentType | None = None,
) -> SlotTakenError:
    open_times = _availability_around(
        start,
        practitioner_id=practitioner_id,
        now=now,
        ignore=ignore,
        appointment_type=appointment_type,
    )
    return SlotTakenError(
        SLOT_TAKEN, alternatives=scheduling.nearest(open_times.open_times(), start)
    )


def _check_limits(*, email: str, ip_digest: str, now: datetime) -> None:
    """One query: bookings made in the last day with this email or from this address."""
    by_email = Q(email__iexact=email)
    by_ip = Q(ip_hash=ip_digest) if ip_digest else Q(pk__in=[])
    counts = Consultation.objects.filter(
        by_email | by_ip, created_at__gte=now - timedelta(1)
    ).aggregate(by_email=Count("pk", filter=by_email), by_ip=Count("pk", filter=by_ip))
    phone = settings.CLINIC_PHONE
    if counts["by_email"] >= settings.BOOKING_LIMIT_PER_EMAIL:
        raise LimitReachedError(
            f"This email address has made {settings.BOOKING_LIMIT_PER_EMAIL} bookings in the "
            f"last day, which is our online limit. Please call us on {phone} and we will help."
        )
    if counts["by_ip"] >= settings.BOOKING_LIMIT_PER_IP:
        raise LimitReachedError(
            "We have had many bookings from your network today, so online booking is paused "
            f"for it. Please call us on {phone} and we will book you in."
        )


class Booked(NamedTuple):
    consultation: Consultation
    token: str  # the raw manage token: shown once, never stored


def _save_guarded(consultation: Consultation) -> bool:
    """Insert inside a savepoint; False when the database refuses a double booking."""
    try:
        with transaction.atomic():
            consultation.save()
    except IntegrityError:
        return False
    return True


@transaction.atomic
def book_consultation(
    *,
    practitioner_id: int | None,
    start: datetime,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    message: str,
    ip_address: str = "",
    client: Client | None = None,
    now: datetime | None = None,
) -> Booked:
    """Book ``start`` with the practitioner (or, with ``None``, whoever is free first).

    ``client`` is the signed-in portal client booking for themselves: the consultation
    is linked to their record. A typed email never links anything (anyone can type it).

    Raises ``BookingError`` if the time is not offered or online booking is closed,
    ``LimitReachedError`` past the daily limits, ``SlotTakenError`` if someone else
    holds the time (checked again by the database's constraints at insert).
    """
    now = now or timezone.now()
    email = email.strip().lower()
    digest = ip_hash(ip_address)
    availability = _availability_around(start, practitioner_id=practitioner_id, now=now)
    if not availability.rules_from.accepting:
        raise BookingError(
            f"Online booking is closed just now. Please call us on {settings.CLINIC_PHONE}."
        )
    _check_limits(email=email, ip_digest=digest, now=now)
    candidates = availability.open_times().get(start)
    if not candidates:
        held = Consultation.objects.active().filter(start=start)
        if practitioner_id is not None:
            held = held.filter(practitioner_id=practitioner_id)
        if held.exists():
            raise _slot_taken(start, practitioner_id=practitioner_id, now=now)
        raise BookingError(NOT_OFFERED)
    kind = availability.kind if availability.kind.pk else AppointmentType.ensure_free_consultation()
    for candidate in candidates:
        consultation = Consultation(
            practitioner_id=candidate,
            appointment_type=kind,
            start=start,
            end=start + kind.length,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email,
            phone=phone.strip(),
            message=message.strip(),
            disclaimer_accepted_at=now,
            ip_hash=digest,
            created_at=now,
            client=client,
        )
        token = consultation.new_token()
        record_change(consultation, by=None, reason="Booked online")
        if _save_guarded(consultation):
            consultation.practitioner = availability.practitioners[candidate]
            transaction.on_commit(lambda c=consultation, t=token: _notify_booked(c, t))
            return Booked(consultation, token)
    raise _slot_taken(start, practitioner_id=practitioner_id, now=now)


def _notify_booked(consultation: Consultation, token: str) -> None:
    booking_emails.send_confirmation(consultation, token)
    booking_emails.send_practitioner_notice(consultation, what="booked")


def _check_online_change(consultation: Consultation, now: datetime) -> None:
    """The person (manage link or portal) may change it only before its type's cut-off."""
    cutoff = consultation.appointment_type.cancel_cutoff
    if not consultation.may_change_online(now=now, cutoff=cutoff):
        if consultation.status != Consultation.Status.BOOKED:
            raise BookingError("This appointment can no longer be changed.")
        raise BookingError(
            f"It is too close to the appointment to change it online (the clinic asks for "
            f"{consultation.appointment_type.cancel_cutoff_hours} hours' notice). "
            f"Please call us on {settings.CLINIC_PHONE}."
        )


def _locked(consultation: Consultation) -> Consultation:
    """The appointment's row, locked for the rest of the transaction (its type and
    practitioner read with it, without locking theirs)."""
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("appointment_type", "practitioner")
        .get(pk=consultation.pk)
    )


@transaction.atomic
def cancel_consultation(
    *,
    consultation: Consultation,
    by: User | None = None,
    note: str = "",
    late: bool = False,
    now: datetime | None = None,
) -> Consultation:
    """Cancel and free the time. ``by=None`` is the person via the manage link or the
    portal, who must be before the type's cut-off; practice staff may cancel any booked
    appointment, and say it was cancelled late (``late``)."""
    now = now or timezone.now()
    consultation = _locked(consultation)
    if by is None:
        _check_online_change(consultation, now)
    elif consultation.status != Consultation.Status.BOOKED:
        raise BookingError("Only a booked appointment can be cancelled.")
    consultation.status = Consultation.Status.CANCELLED
    consultation.cancelled_late = late
    consultation.cancelled_by = (
        Consultation.CancelledBy.PERSON if by is None else Consultation.CancelledBy.PRACTICE
    )
    consultation.status_note = note.strip()
    reason = "Cancelled online" if by is None else "Cancelled by the practice"
    record_change(consultation, by=by, reason=reason + (", late" if late else ""))
    consultation.save()
    intake.revoke_for_consultation(consultation=consultation, by=by)
    transaction.on_commit(lambda: _notify_cancelled(consultation, by_person=by is None))
    return consultation


def _notify_cancelled(consultation: Consultation, *, by_person: bool) -> None:
    if by_person:
        booking_emails.send_practitioner_notice(consultation, what="cancelled")
    else:
        booking_emails.send_cancellation(consultation)


@transaction.atomic
def reschedule_consultation(
    *, consultation: Consultation, start: datetime, now: datetime | None = None
) -> Booked:
    """Move the person's consultation to another open time with the same practitioner.

    Issues a new manage token (the confirmation email carries it) so the calendar
    update and the link arrive together.
    """
    now = now or timezone.now()
    consultation = _locked(consultation)
    _check_online_change(consultation, now)
    if start == consultation.start:
        raise BookingError("That is the time you already have.")
    taken = {
        "practitioner_id": consultation.practitioner_id,
        "now": now,
        "ignore": consultation,
        "appointment_type": consultation.appointment_type,
    }
    availability = _availability_around(start, **taken)
    if start not in availability.slots_for(consultation.practitioner_id):
        held = Consultation.objects.active().filter(
            practitioner_id=consultation.practitioner_id, start=start
        )
        if held.exists():
            raise _slot_taken(start, **taken)
        raise BookingError(NOT_OFFERED)
    consultation.start = start
    consultation.end = start + consultation.appointment_type.length
    consultation.reminder_sent_at = None
    consultation.sequence += 1
    token = consultation.new_token()
    record_change(consultation, by=None, reason="Rescheduled online")
    if not _save_guarded(consultation):
        raise _slot_taken(start, **taken)
    transaction.on_commit(lambda: _notify_rescheduled(consultation, token))
    return Booked(consultation, token)


def _notify_rescheduled(consultation: Consultation, token: str) -> None:
    booking_emails.send_confirmation(consultation, token, rescheduled=True)
    booking_emails.send_practitioner_notice(consultation, what="moved")


# What the practice records after (or instead of) an appointment.
CANCELLED_LATE = "cancelled_late"
OUTCOMES = {
    Consultation.Status.ATTENDED,
    Consultation.Status.NO_SHOW,
    Consultation.Status.CANCELLED,
    CANCELLED_LATE,
}


@transaction.atomic
def record_outcome(
    *, consultation: Consultation, status: str, note: str, by: User, now: datetime | None = None
) -> Consultation:
    """Practice side: mark attended / did not attend / cancelled / cancelled late, with
    a note, on an appointment of any type.

    Attended and did-not-attend only once the appointment has started; they may be
    swapped to correct a mistake. A cancelled appointment stays cancelled (its time
    may have been booked again).
    """
    now = now or timezone.now()
    if status not in OUTCOMES:
        raise BookingError("Choose attended, did not attend, cancelled or cancelled late.")
    if status in (Consultation.Status.CANCELLED, CANCELLED_LATE):
        late = status == CANCELLED_LATE
        return cancel_consultation(consultation=consultation, by=by, note=note, late=late, now=now)
    consultation = _locked(consultation)
    if consultation.status == Consultation.Status.CANCELLED:
        raise BookingError("This appointment was cancelled; its outcome cannot be changed.")
    if consultation.start > now:
        raise BookingError("This appointment has not started yet.")
    consultation.status = status
    consultation.status_note = note.strip()
    record_change(consultation, by=by, reason=f"Marked {consultation.get_status_display().lower()}")
    consultation.save()
    return consultation


@transaction.atomic
def convert_to_client(*, consultation: Consultation, by: User) -> tuple[Client, bool]:
    """Make the attended consultation's person a client: link the existing client with the
    same email (any case) or create one from what they gave. Returns (client, created).

    The intake form sent with the booking (answers, safety answers, consent) becomes the
    client's only when the client was created here. A typed email is never proof of who
    someone is, so when it matched an existing record the intake stays on the
    consultation for the practitioner to review there (``intake_kept_on_booking``)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Consultation.Status.ATTENDED:
        raise BookingError("Only an attended consultation can become a client.")
    if consultation.client_id is not None:
        raise BookingError("This consultation is already linked to a client.")
    client = Client.objects.filter(email__iexact=consultation.email).first()
    created = client is None
    if created:
        client = Client(
            first_name=consultation.first_name,
            last_name=consultation.last_name,
            email=consultation.email.lower(),
            phone=consultation.phone,
            goals=consultation.message,
            practitioner=consultation.practitioner,
            status=Client.Status.LEAD,
        )
        record_change(client, by=by, reason="Created from a free consultation")
        client.save()
    consultation.client = client
    record_change(
        consultation, by=by, reason="Converted to a client" if created else "Linked to a client"
    )
    consultation.save()
    if created:
        # The intake form they filled before (answers, safety answers, consent) is theirs now.
        intake.adopt(consultation=consultation, client=client, by=by)
    return client, created


def intake_kept_on_booking(consultation: Consultation) -> bool:
    """The consultation is linked to a client but its intake form was not made theirs
    (the booking matched an existing record by email): the answers stay with it."""
    return (
        consultation.client_id is not None
        and consultation.intakes.filter(client__isnull=True).exists()
    )


@transaction.atomic
def count_red_flag_stop(*, today: date | None = None) -> None:
    """Count one booking attempt stopped by the pre-screen. Records nothing else."""
    today = today or timezone.localdate()
    RedFlagScreenCount.objects.get_or_create(date=today)
    RedFlagScreenCount.objects.filter(date=today).update(count=F("count") + 1)


def claim_reminder(consultation_id: int, *, now: datetime) -> bool:
    """Atomically mark the reminder as sent; True for exactly one caller, ever."""
    return bool(
        Consultation.objects.filter(
            pk=consultation_id, reminder_sent_at__isnull=True, status=Consultation.Status.BOOKED
        ).update(reminder_sent_at=now)
    )


def due_reminders(*, now: datetime, ahead: timedelta = timedelta(hours=24)) -> list[int]:
    """Booked consultations starting within ``ahead`` whose reminder has not gone out."""
    return list(
        Consultation.objects.filter(
            status=Consultation.Status.BOOKED,
            reminder_sent_at__isnull=True,
            start__gt=now,
            start__lte=now + ahead,
        ).values_list("pk", flat=True)
    )
