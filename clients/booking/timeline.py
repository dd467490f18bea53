"""The client timeline's consultation entries."""

from __future__ import annotations

from clients.models import Consultation
from clients.timeline.base import TimelineEntry

TONES = {
    Consultation.Status.BOOKED: "primary",
    Consultation.Status.ATTENDED: "success",
    Consultation.Status.NO_SHOW: "warning",
    Consultation.Status.CANCELLED: "secondary",
}


def entries(client) -> list[TimelineEntry]:
    """One query: the client's consultations with their practitioners."""
    return [
        TimelineEntry(
            when=consultation.start,
            kind="Consultation",
            title=f"Free consultation with {consultation.practitioner} "
            f"({consultation.get_status_display().lower()})",
            url=consultation.get_absolute_url(),
            detail=consultation.message,
            tone=TONES.get(consultation.status, "secondary"),
        )
        for consultation in client.consultations.select_related("practitioner")
    ]
