"""What the latest assessment found, as vocabulary codes other apps can act on."""

from __future__ import annotations

from clients.models import Assessment


def latest_finding_codes(client) -> set[str]:
    """Finding codes of the client's most recent completed assessment; empty if none (1 query)."""
    latest = (
        Assessment.objects.active()
        .completed()
        .filter(client=client)
        .select_related("body_chart")  # the sciatic finding reads how far down the leg
        .order_by("-assessed_on", "-id")
        .first()
    )
    return latest.finding_codes() if latest else set()
