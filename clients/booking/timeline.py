"""The client timeline's appointment entries: every type, with its outcome."""

from __future__ import annotations

from django.db.models import OuterRef

from clients.models import Consultation
from clients.timeline.base import TimelineEntry
from clinic.json_rows import Rows

TONES = {
    Consultation.Status.BOOKED: "primary",
    Consultation.Status.ATTENDED: "success",
    Consultation.Status.NO_SHOW: "warning",
    Consultation.Status.CANCELLED: "secondary",
}


# The client's appointments as one column of the client page's query.
ROWS = Rows(
    Consultation.objects.filter(client=OuterRef("pk")),
    [
        "id",
        "start",
        "status",
        "cancelled_late",
        "message",
        "appointment_type__id",
        "appointment_type__name",
        "practitioner__id",
        "practitioner__first_name",
        "practitioner__last_name",
        "practitioner__email",
    ],
    order=("start", "id"),  # the model's ordering
)


def annotations() -> dict:
    return {"timeline_appointment_rows": ROWS.annotation(group="client")}


def entries(client) -> list[TimelineEntry]:
    """One query (none on the client page, which loads them with the client): the
    client's appointments with their practitioners and types."""
    loaded = getattr(client, "timeline_appointment_rows", None)
    if loaded is not None:
        consultations = ROWS.load(loaded)
    else:
        consultations = client.consultations.select_related("practitioner", "appointment_type")
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
        for consultation in consultations
    ]
