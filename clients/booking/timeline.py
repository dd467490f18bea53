"""The client timeline's appointment entries: every type, with its outcome."""

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
    """One query: the client's appointments with their practitioners and types."""
    return [
        TimelineEntry(
            when=consultation.start,
            kind="Appointment",
            title=f"{consultation.appointment_type} with {consultation.practitioner} "
            f"({consultation.outcome_label.lower()})",
            url=consultation.get_absolute_url(),
            detail=consultation.message,
            tone="warning"
            if consultation.cancelled_late
            else TONES.get(consultation.status, "secondary"),
        )
        for consultation in client.consultations.select_related("practitioner", "appointment_type")
    ]
