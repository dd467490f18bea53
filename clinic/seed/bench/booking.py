"""Bench data: weekly hours for every practitioner, and free consultations.

Consultations sit on each practitioner's slot grid (the default 30 minutes plus
a 10-minute break, from the start of each window), each slot used at most once,
so no two of a practitioner's bookings overlap. Most are in the past (attended,
did not attend, or cancelled); about a third of the next four weeks' slots are
booked, so ``/book/`` still offers a week of free times. The bench practitioner
has twice the others' share.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from clients.models import AppointmentType, Consultation, WeeklyHours
from clinic.bench.base import BenchData

WINDOWS = [(time(9), time(12)), (time(13), time(17))]  # Monday to Friday
LENGTH, STEP = timedelta(minutes=30), timedelta(minutes=40)
PAST_DAYS, FUTURE_DAYS = 730, 28
PAST_STATUSES = ["attended"] * 6 + ["no_show", "cancelled"]


def _slots(first: datetime, days: int, tz: ZoneInfo) -> list[datetime]:
    """Every slot start on weekdays from ``first``'s date for ``days`` days."""
    starts = []
    for offset in range(days):
        day = first.date() + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for begin, end in WINDOWS:
            start = datetime.combine(day, begin, tzinfo=tz)
            while start + LENGTH <= datetime.combine(day, end, tzinfo=tz):
                starts.append(start)
                start += STEP
    return starts


def seed(data: BenchData) -> None:
    rng, now, total = data.rng, data.now, data.sizes.consultations
    tz = ZoneInfo(settings.TIME_ZONE)
    practitioners = data.practitioner_ids
    free_id = AppointmentType.ensure_free_consultation().pk

    hours = data.insert(
        WeeklyHours,
        ["practitioner_id", "weekday", "start_time", "end_time"],
        (
            (p, weekday, begin, end)
            for p in practitioners
            for weekday in range(5)
            for begin, end in WINDOWS
        ),
    )

    local_now = now.astimezone(tz)
    past = _slots(local_now - timedelta(days=PAST_DAYS), PAST_DAYS, tz)
    future = [s for s in _slots(local_now, FUTURE_DAYS, tz) if s > local_now]
    weights = [2] + [1] * (len(practitioners) - 1)
    shares = [total * w // sum(weights) for w in weights]
    shares[0] += total - sum(shares)

    def rows():
        number = 0
        for practitioner, share in zip(practitioners, shares, strict=True):
            upcoming = rng.sample(future, min(len(future) * 3 // 10, share // 3))
            earlier = rng.sample(past, min(len(past), share - len(upcoming)))
            for start in upcoming + earlier:
                number += 1
                status = "booked" if start > local_now else rng.choice(PAST_STATUSES)
                created = min(start, local_now) - timedelta(days=rng.randrange(1, 20))
                yield (
                    practitioner,
                    start,
                    start + LENGTH,
                    status,
                    "",
                    "person" if status == "cancelled" else "",
                    "Visitor",
                    f"Bench{number}",
                    f"visitor{number}@bench.example",
                    "",
                    "Sciatica down the left leg for two months; sitting makes it worse.",
                    created,
                    None,
                    hashlib.sha256(f"bench-booking-{number}".encode()).hexdigest(),
                    "",
                    None,
                    0,
                    created,
                    created,
                    free_id,
                    False,
                )

    columns = ["practitioner_id", "start", "end", "status", "status_note", "cancelled_by"]
    columns += ["first_name", "last_name", "email", "phone", "message"]
    columns += ["disclaimer_accepted_at", "client_id", "token_hash", "ip_hash"]
    columns += ["reminder_sent_at", "sequence", "created_at", "updated_at"]
    columns += ["appointment_type_id", "cancelled_late"]
    ids = data.insert(Consultation, columns, rows())
    data.add_creation_history(Consultation, ids)
    data.say(f"  {len(hours)} weekly hours, {len(ids)} consultations")
