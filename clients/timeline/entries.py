"""The clients app's contributions to the client-page timeline (one query each)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator

from clients.links import pk_url
from clients.models import Assessment, RedFlag, SessionNote
from clients.timeline.base import TimelineEntry


def client_assessments(client) -> list[Assessment]:
    """The client's assessments, oldest first, with what the client page and its timeline show
    (date, status, assessor, pain, ODI and PSFS answers): the other fields are many and unused."""
    return list(
        client.assessments.active()  # the related manager sets each one's .client
        .select_related("assessed_by")
        .only(
            "client_id",
            "assessed_on",
            "created_at",
            "status",
            "pain_now",
            "odi_answers",
            "psfs_items",
            "assessed_by__first_name",
            "assessed_by__last_name",
            "assessed_by__email",
        )
        .order_by("assessed_on", "created_at", "id")
    )


def client_red_flags(client) -> list[RedFlag]:
    return list(client.red_flags.select_related("resolved_by"))  # .client set, as above


def assessments(client) -> list[TimelineEntry]:
    entries = []
    # The client page has loaded them already (clients.views.clients._detail_page).
    loaded = getattr(client, "timeline_assessments", None)
    if loaded is None:
        loaded = client_assessments(client)
    url_for = pk_url("clients:assessment_detail", client.pk)
    for a in loaded:
        parts = []
        if a.pain_now is not None:
            parts.append(f"pain {a.pain_now}/10")
        if a.odi_percent is not None:
            parts.append(f"ODI {a.odi_percent} %")
        if a.assessed_by:
            parts.append(f"by {a.assessed_by}")
        entries.append(
            TimelineEntry(
                when=a.assessed_on,
                created=a.created_at,
                kind="Assessment",
                title="Assessment (draft)" if a.is_draft else "Assessment",
                url=url_for(a.pk),
                detail=", ".join(parts),
                tone="warning" if a.is_draft else "primary",
            )
        )
    return entries


def session_notes(client) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            when=note.noted_on,
            kind="Note",
            title=f"Session note by {note.author}"
            + ("" if note.appointment_id is None or note.is_signed else " (draft)"),
            detail=Truncator(note.summary).chars(400),
            url=reverse("programs:session_note", args=[note.appointment_id])
            if note.appointment_id
            else "",
            tone="secondary",
        )
        for note in SessionNote.objects.active().filter(client=client).select_related("author")
    ]


def red_flags(client) -> list[TimelineEntry]:
    entries = []
    flags = getattr(client, "timeline_red_flags", None)  # loaded by the client page
    if flags is None:
        flags = client_red_flags(client)
    for flag in flags:
        entries.append(
            TimelineEntry(
                when=flag.raised_at,
                kind="Red flag",
                title=f"Red flag raised ({flag.get_source_display().lower()})",
                detail="; ".join(flag.answer_labels),
                url=""
                if flag.is_resolved
                else reverse("clients:red_flag_resolve", args=[client.pk, flag.pk]),
                tone="danger",
            )
        )
        if flag.is_resolved:
            cleared = f" by {flag.cleared_by_name}" if flag.cleared_by_name else ""
            entries.append(
                TimelineEntry(
                    when=flag.resolved_at,
                    kind="Red flag",
                    title=f"Red flag resolved: {flag.get_resolution_display().lower()}{cleared}",
                    detail=f"{flag.resolution_note} (recorded by {flag.resolved_by})",
                    tone="success",
                )
            )
    return entries
