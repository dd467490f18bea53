"""The practice dashboard's consultations section."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from clients.models import Consultation
from clinic.dashboard import Section

LIMIT = 8


def upcoming_for(user, *, now: datetime | None = None, limit: int = LIMIT) -> list[Consultation]:
    """Booked consultations from the start of today: a practitioner's own, all for an owner.
    One query."""
    now = now or timezone.now()
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    rows = Consultation.objects.filter(
        status=Consultation.Status.BOOKED, start__gte=start_of_today
    ).select_related("practitioner")
    if not user.is_owner:
        rows = rows.filter(practitioner=user)
    return list(rows.order_by("start")[:limit])


def sections(request) -> list[Section]:
    consultations = upcoming_for(request.user)
    today = timezone.localdate()
    return [
        Section(
            "clients/booking/includes/dashboard_consultations.html",
            {
                "today": [c for c in consultations if timezone.localdate(c.start) == today],
                "later": [c for c in consultations if timezone.localdate(c.start) != today],
                "mine_only": not request.user.is_owner,
            },
        )
    ]
