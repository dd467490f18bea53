"""Helpers shared by the booking tests."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from clients.booking import services as booking
from clients.models import BookingSettings
from tests import factories


def make_bookable(practitioner=None, *, start=time(9), end=time(17)):
    """A practitioner with consultation hours every day, and the clinic's default settings."""
    BookingSettings.load()
    practitioner = practitioner or factories.PractitionerFactory()
    for weekday in range(7):
        factories.WeeklyHoursFactory(
            practitioner=practitioner, weekday=weekday, start_time=start, end_time=end
        )
    return practitioner


def open_slots(practitioner_id: int | None = None, *, days_ahead: int = 2) -> list[datetime]:
    """Open times on one day a little ahead (past the notice period and the cut-off)."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    availability = booking.load_availability(first_day=day, last_day=day)
    if practitioner_id is None:
        return list(availability.open_times())
    return availability.slots_for(practitioner_id)


def book(practitioner_id=None, start=None, **overrides) -> booking.Booked:
    start = start or open_slots(practitioner_id)[0]
    details = {
        "first_name": "Dana",
        "last_name": "Fox",
        "email": "dana@example.net",
        "phone": "+44 7700 900123",
        "message": "Sciatic pain in my left leg when I sit for long.",
        "ip_address": "203.0.113.7",
    }
    details.update(overrides)
    return booking.book_consultation(practitioner_id=practitioner_id, start=start, **details)
