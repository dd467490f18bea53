from __future__ import annotations

from dataclasses import dataclass

from programs.models import ClientProgram, SessionLog


@dataclass
class AtHand:
    program: ClientProgram | None
    latest_log: SessionLog | None


def at_hand(client) -> AtHand:
    """The client's active program with its current phase, and their latest session log
    (of any program). Two queries, whatever the history."""
    program = (
        ClientProgram.objects.active()
        .filter(client=client)
        .select_related("current_phase")
        .order_by("-start_date", "-pk")
        .first()
    )
    latest_log = (
        SessionLog.objects.filter(program__client=client)
        .select_related("phase")
        .order_by("-performed_on", "-session_number", "-pk")
        .first()
    )
    return AtHand(program=program, latest_log=latest_log)
