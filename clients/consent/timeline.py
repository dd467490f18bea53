"""The client timeline's consent entries: the client page has loaded them already
(``timeline_consent``); the timeline page reads them with two queries."""

from __future__ import annotations

from clients.consent.services import consent_state
from clients.timeline.base import TimelineEntry


def consent_entries(client) -> list[TimelineEntry]:
    state = getattr(client, "timeline_consent", None) or consent_state(client)
    signatures = [s for s in (state.latest, *state.earlier) if s is not None]
    entries = []
    for signature in signatures:
        how = signature.get_how_display().lower()
        detail = (
            f"dated {signature.paper_signed_on:%-d %b %Y}" if signature.paper_signed_on else how
        )
        if signature.recorded_by:
            detail += f", recorded by {signature.recorded_by}"
        entries.append(
            TimelineEntry(
                when=signature.signed_at,
                kind="Consent",
                title=f"Agreed to consent {signature.version}",
                url=signature.version.get_absolute_url(),
                detail=detail,
                tone="success",
            )
        )
    return entries
