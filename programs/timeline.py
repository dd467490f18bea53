"""The client timeline's program entries: assigned, phase changes, ended. One query, or
none on the client page (a column of its client query)."""

from __future__ import annotations

from django.db.models import OuterRef
from django.urls import reverse

from clients.timeline.base import TimelineEntry
from clinic.json_rows import Rows
from programs.models import ProgramEvent

# The client's program events as one column of the client page's query.
ROWS = Rows(
    ProgramEvent.objects.filter(program__client=OuterRef("pk")),
    [
        "id",
        "kind",
        "note",
        "at",
        "program__id",
        "program__name",
        "to_phase__id",
        "to_phase__name",
        "by__id",
        "by__first_name",
        "by__last_name",
        "by__email",
    ],
    order=("-at", "-id"),  # the model's ordering
)

TONES = {
    ProgramEvent.Kind.ASSIGNED: "primary",
    ProgramEvent.Kind.ADVANCED: "success",
    ProgramEvent.Kind.STEPPED_BACK: "warning",
    ProgramEvent.Kind.ENDED: "secondary",
}


def _title(event: ProgramEvent) -> str:
    name = event.program.name
    if event.kind == ProgramEvent.Kind.ASSIGNED:
        return f"Program “{name}” assigned"
    if event.kind == ProgramEvent.Kind.ENDED:
        return f"Program “{name}” ended"
    verb = "Moved on" if event.kind == ProgramEvent.Kind.ADVANCED else "Stepped back"
    return f"{verb} to {event.to_phase.name} ({name})"


def annotations() -> dict:
    return {"timeline_program_event_rows": ROWS.annotation(group="program__client")}


def entries(client) -> list[TimelineEntry]:
    loaded = getattr(client, "timeline_program_event_rows", None)  # the client page's
    if loaded is not None:
        events = ROWS.load(loaded)
    else:
        events = ProgramEvent.objects.filter(program__client=client).select_related(
            "program", "to_phase", "by"
        )
    url = reverse("programs:program_detail", args=[client.pk])
    return [
        TimelineEntry(
            when=event.at,
            kind="Program",
            title=_title(event),
            url=url,
            detail=f"{event.by}: {event.note}" if event.note else str(event.by),
            tone=TONES.get(event.kind, "secondary"),
        )
        for event in events
    ]
