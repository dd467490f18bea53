"""The practice dashboard opens with today's schedule: every appointment of the day,
of every type, with its outcome; then the next few booked ones; then the week at a
glance, a grid from the clinic's first weekday."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from clients.booking.calendar import week_start
from clients.links import pk_url
from clients.models import Consultation
from clinic.dashboard import Section

LIMIT = 8


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _rows(user):
    rows = Consultation.objects.select_related("practitioner", "appointment_type", "client")
    return rows if user.is_owner else rows.filter(practitioner=user)


def upcoming_for(user, *, now: datetime | None = None, limit: int = LIMIT) -> list[Consultation]:
    """The next booked appointments after today. One query."""
    tomorrow = timezone.localdate(now or timezone.now()) + timedelta(days=1)
    rows = _rows(user).filter(status=Consultation.Status.BOOKED, start__gte=_start_of(tomorrow))
    return list(rows.order_by("start")[:limit])


def this_week(user, *, now: datetime | None = None) -> tuple[list[Consultation], list[dict]]:
    """Today's appointments (cancelled ones too, so the day reads true) and the seven days
    of this week from the clinic's first weekday, each with its appointments (cancelled
    ones left out), each row with its ``url``, ``starts_at`` and ``ends_at`` ("09:30").
    One query for both: today is always in this week, and a week holds
    only so many appointments per practitioner."""
    today = timezone.localdate(now or timezone.now())
    first = week_start(today)
    rows = list(
        _rows(user)
        .filter(start__gte=_start_of(first), start__lt=_start_of(first + timedelta(days=7)))
        .order_by("start", "pk")
    )
    days = [
        {
            "day": first + timedelta(days=n),
            "appointments": [],
            "is_today": n == (today - first).days,
        }
        for n in range(7)
    ]
    todays = []
    # Display values computed once here: a reverse() and a |time filter per appointment
    # were most of the week grid's cost (tens of appointments a week).
    url = pk_url("clients:consultation_detail")
    for row in rows:
        start = timezone.localtime(row.start)
        row.url = url(row.pk)
        row.starts_at = f"{start:%H:%M}"
        row.ends_at = f"{timezone.localtime(row.end):%H:%M}"
        index = (start.date() - first).days
        if index == (today - first).days:
            todays.append(row)
        if 0 <= index < 7 and row.status != Consultation.Status.CANCELLED:
            days[index]["appointments"].append(row)
    for entry in days:
        entry["is_past"] = entry["day"] < today
    return todays, days


def sections(request) -> list[Section]:
    today, days = this_week(request.user)
    return [
        Section(
            "clients/booking/includes/dashboard_consultations.html",
            {
                "today": today,
                "later": upcoming_for(request.user),
                "mine_only": not request.user.is_owner,
            },
        ),
        Section(
            "clients/booking/includes/dashboard_week.html",
            {"days": days, "mine_only": not request.user.is_owner},
        ),
    ]
