"""Demo data for free-consultation booking: hours for the demo practitioners and a few
bookings. Idempotent: hours are added only to a practitioner who has none, bookings only
if the demo visitors have none."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from clients.booking import services as booking
from clients.models import AppointmentType, BookingSettings, Consultation, WeeklyHours
from clients.models.booking import hash_token
from clinic.seed.demo.staff import PRACTITIONERS, ensure_user

# Weekly hours per demo practitioner: (weekdays, from, until).
HOURS = [
    [((0, 1, 2, 3, 4), time(9, 0), time(12, 0)), ((1, 3), time(14, 0), time(17, 30))],
    [((1, 2, 3, 4, 5), time(10, 0), time(16, 0))],
]
VISITORS = [
    ("Robin", "Ellis", "robin.ellis@example.net", "Sciatica down my right leg for 3 months."),
    ("Morgan", "Shaw", "morgan.shaw@example.net", "Low back stiffness every morning."),
    ("Taylor", "Quinn", "taylor.quinn@example.net", "Hip clicks and aches after long walks."),
]
# The clinic's other appointment types: (name, kind, minutes, who books, colour).
TYPES = [
    ("Initial assessment", "initial_assessment", 60, "staff", "blue"),
    ("Follow-up session", "follow_up", 45, "clients", "purple"),
    ("Reassessment", "reassessment", 45, "clients", "orange"),
]
# A manage link that works in the demo (never do this with real bookings).
DEMO_TOKEN = "demo-manage-link"  # noqa: S105  # nosec B105


def seed(out) -> None:
    BookingSettings.load()
    AppointmentType.ensure_free_consultation()
    for position, (name, kind, minutes, bookable_by, colour) in enumerate(TYPES, start=1):
        AppointmentType.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "minutes": minutes,
                "bookable_by": bookable_by,
                "colour": colour,
                "position": position,
            },
        )
    practitioners = [ensure_user(demo) for demo in PRACTITIONERS]
    for practitioner, windows in zip(practitioners, HOURS, strict=True):
        if WeeklyHours.objects.filter(practitioner=practitioner).exists():
            continue
        WeeklyHours.objects.bulk_create(
            WeeklyHours(practitioner=practitioner, weekday=day, start_time=start, end_time=end)
            for days, start, end in windows
            for day in days
        )
    if Consultation.objects.filter(email__in=[v[2] for v in VISITORS]).exists():
        out.write("Demo consultations already there.")
        return
    _seed_bookings(practitioners)
    out.write(
        f"Demo consultations ready ({len(VISITORS)}); try the manage link "
        f"/book/manage/{DEMO_TOKEN}/"
    )


def _seed_bookings(practitioners) -> None:
    today = timezone.localdate()
    free = AppointmentType.ensure_free_consultation()
    open_times = booking.load_availability(
        first_day=today + timedelta(days=1), last_day=today + timedelta(days=8)
    ).open_times()
    upcoming = list(open_times.items())[:: max(1, len(open_times) // 3)][:2]
    # One consultation that took place yesterday, ready to mark and convert.
    yesterday = timezone.make_aware(datetime.combine(today - timedelta(days=1), time(10, 0)))
    plans = [(yesterday, practitioners[0].pk, Consultation.Status.ATTENDED)]
    plans += [(start, ids[0], Consultation.Status.BOOKED) for start, ids in upcoming]
    for index, ((first, last, email, message), (start, practitioner_id, status)) in enumerate(
        zip(VISITORS, plans, strict=False)
    ):
        Consultation.objects.create(
            practitioner_id=practitioner_id,
            start=start,
            end=start + free.length,
            appointment_type=free,
            status=status,
            first_name=first,
            last_name=last,
            email=email,
            message=message,
            disclaimer_accepted_at=timezone.now(),
            token_hash=hash_token(DEMO_TOKEN if index == 1 else f"demo-{email}"),
        )
