"""The client timeline's program entries: assigned, phase changes, ended. One query."""

from __future__ import annotations

from django.urls import reverse

from clients.timeline.base import TimelineEntry
from programs.models import ProgramEvent

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


def entries(client) -> list[TimelineEntry]:
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
