"""The practice dashboard opens with today's schedule: every appointment of the day,
of every type, with its outcome; then the next few booked ones; then the week at a
glance, a grid from the clinic's first weekday."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from clients.booking.calendar import week_start
from clients.models import Consultation
from clinic.dashboard import Section

LIMIT = 8


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _rows(user):
    rows = Consultation.objects.select_related("practitioner", "appointment_type", "client")
    return rows if user.is_owner else rows.filter(practitioner=user)


def today_for(user, *, now: datetime | None = None) -> list[Consultation]:
    """Today's appointments (a practitioner's own, everyone's for an owner), cancelled
    ones too so the day reads true. One query; a day holds only so many."""
    today = timezone.localdate(now or timezone.now())
    return list(
        _rows(user)
        .filter(start__gte=_start_of(today), start__lt=_start_of(today + timedelta(days=1)))
        .order_by("start", "pk")
    )


def upcoming_for(user, *, now: datetime | None = None, limit: int = LIMIT) -> list[Consultation]:
    """The next booked appointments after today. One query."""
    tomorrow = timezone.localdate(now or timezone.now()) + timedelta(days=1)
    rows = _rows(user).filter(status=Consultation.Status.BOOKED, start__gte=_start_of(tomorrow))
    return list(rows.order_by("start")[:limit])


def week_for(user, *, now: datetime | None = None) -> list[dict]:
    """The seven days of this week, each with its appointments (cancelled ones left out).
    One query: a week holds only so many appointments per practitioner."""
    today = timezone.localdate(now or timezone.now())
    first = week_start(today)
    rows = (
        _rows(user)
        .exclude(status=Consultation.Status.CANCELLED)
        .filter(start__gte=_start_of(first), start__lt=_start_of(first + timedelta(days=7)))
        .order_by("start", "pk")
    )
    days = [
        {"day": first + timedelta(days=n), "appointments": [], "is_today": False} for n in range(7)
    ]
    for row in rows:
        index = (timezone.localdate(row.start) - first).days
        if 0 <= index < 7:
            days[index]["appointments"].append(row)
    for entry in days:
        entry["is_today"] = entry["day"] == today
        entry["is_past"] = entry["day"] < today
    return days


def sections(request) -> list[Section]:
    return [
        Section(
            "clients/booking/includes/dashboard_consultations.html",
            {
                "today": today_for(request.user),
                "later": upcoming_for(request.user),
                "mine_only": not request.user.is_owner,
            },
        ),
        Section(
            "clients/booking/includes/dashboard_week.html",
            {"days": week_for(request.user), "mine_only": not request.user.is_owner},
        ),
    ]
