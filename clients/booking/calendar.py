"""The practitioner's calendar: a day or a week of appointments of every type, beside
the weekly hours and time off they are booked in; and the private calendar feed.

``load_calendar`` reads a fixed number of queries (appointments, weekly hours,
exceptions) however many practitioners, days or appointments it shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clients.booking import scheduling
from clients.booking.services import clinic_tz
from clients.models import AvailabilityException, CalendarFeed, Consultation, WeeklyHours
from clients.models.booking import hash_token
from clinic.models import User

# Days either side of today that the calendar and its links reach; beyond, a typo.
REACH_DAYS = 3 * 366
# The feed: the past month and the next year, enough for any phone's calendar.
FEED_PAST, FEED_AHEAD = timedelta(days=31), timedelta(days=366)


@dataclass
class Cell:
    """One practitioner on one day."""

    practitioner: User
    day: date
    hours: list[str] = field(default_factory=list)
    time_off: list[str] = field(default_factory=list)
    appointments: list[Consultation] = field(default_factory=list)

    @property
    def is_off(self) -> bool:
        return not self.hours and bool(self.time_off)


@dataclass
class CalendarDay:
    day: date
    cells: list[Cell]

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()


def bounded_day(value: str | None, today: date) -> date:
    """The day a ``?day=YYYY-MM-DD`` asks for, within reach of today; else today."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return today
    if abs((day - today).days) > REACH_DAYS:
        return today
    return day


def week_start(day: date) -> date:
    """The first day of ``day``'s week: the clinic's first weekday (``CLINIC_FIRST_WEEKDAY``,
    0 = Monday, the default; 6 = Sunday)."""
    return day - timedelta(days=(day.weekday() - settings.CLINIC_FIRST_WEEKDAY) % 7)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clinic_tz())


def _span_text(start: datetime, end: datetime) -> str:
    tz = clinic_tz()
    return f"{start.astimezone(tz):%H:%M}–{end.astimezone(tz):%H:%M}"


def load_calendar(*, first_day: date, days: int, practitioners: list[User]) -> list[CalendarDay]:
    """Three queries: the appointments (with client and type), weekly hours and dated
    exceptions of ``practitioners`` on local dates first_day .. first_day + days - 1."""
    ids = [p.pk for p in practitioners]
    last_day = first_day + timedelta(days=days - 1)
    rows = (
        Consultation.objects.filter(
            practitioner_id__in=ids,
            start__gte=_midnight(first_day),
            start__lt=_midnight(last_day + timedelta(days=1)),
        )
        .select_related("appointment_type", "client")
        .order_by("start", "pk")
    )
    booked: dict[tuple[int, date], list[Consultation]] = defaultdict(list)
    for appointment in rows:  # query: the span's appointments
        booked[appointment.practitioner_id, timezone.localdate(appointment.start)].append(
            appointment
        )
    weekly: dict[int, list[scheduling.Window]] = defaultdict(list)
    for row in WeeklyHours.objects.filter(practitioner_id__in=ids):  # query: weekly hours
        weekly[row.practitioner_id].append(
            scheduling.Window(row.weekday, row.start_time, row.end_time)
        )
    changes: dict[int, list] = defaultdict(list)
    exceptions = AvailabilityException.objects.filter(
        practitioner_id__in=ids, date__range=(first_day, last_day)
    )
    for row in exceptions:  # query: time off and extra hours in the span
        changes[row.practitioner_id].append(row)
    return [
        CalendarDay(
            day,
            [_cell(p, day, weekly[p.pk], changes[p.pk], booked[p.pk, day]) for p in practitioners],
        )
        for day in (first_day + timedelta(days=n) for n in range(days))
    ]


def _cell(practitioner, day, weekly, changes, appointments) -> Cell:
    exceptions = [
        scheduling.Exception_(c.date, c.kind == c.Kind.EXTRA, c.start_time, c.end_time)
        for c in changes
    ]
    windows = scheduling.day_windows(day, weekly, exceptions, clinic_tz())
    time_off = [
        ("All day" if c.start_time is None else f"{c.start_time:%H:%M}–{c.end_time:%H:%M}")
        + (f" · {c.note}" if c.note else "")
        for c in changes
        if c.date == day and c.kind == c.Kind.OFF
    ]
    return Cell(
        practitioner,
        day,
        hours=[_span_text(start, end) for start, end in windows],
        time_off=time_off,
        appointments=appointments,
    )


@transaction.atomic
def issue_feed(*, practitioner: User) -> str:
    """A new secret feed URL token for the practitioner; any earlier one stops working."""
    CalendarFeed.objects.filter(practitioner=practitioner).delete()
    feed = CalendarFeed(practitioner=practitioner)
    token = feed.new_token()
    feed.save()
    return token


@transaction.atomic
def revoke_feed(*, practitioner: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(practitioner=practitioner).delete()
    return bool(deleted)


def feed_appointments(token: str, *, now: datetime | None = None) -> list[Consultation] | None:
    """The appointments a feed token shows (None for an unknown or revoked token): two
    queries. Cancelled ones stay in, marked cancelled, so subscribed calendars drop them."""
    feed = CalendarFeed.objects.filter(token_hash=hash_token(token)).first()
    if feed is None:
        return None
    now = now or timezone.now()
    return list(
        Consultation.objects.filter(
            practitioner_id=feed.practitioner_id,
            start__gte=now - FEED_PAST,
            start__lt=now + FEED_AHEAD,
        )
        .select_related("appointment_type")
        .only("pk", "start", "end", "status", "sequence", "appointment_type__name")
    )
