"""The clients app's contributions to the client-page timeline (one query each)."""

from __future__ import annotations

from functools import cache

from django.db.models import OuterRef
from django.urls import reverse
from django.utils.text import Truncator

from clients.links import pk_url
from clients.models import Assessment, RedFlag, SessionNote
from clients.timeline.base import TimelineEntry
from clinic.json_rows import Rows

# The client's notes as one column of the client page's query (see note_annotations).
NOTE_ROWS = Rows(
    SessionNote.objects.active().filter(client=OuterRef("pk")),
    [
        "id",
        "client_id",
        "appointment_id",
        "noted_on",
        "text",
        *SessionNote.PARTS,
        "signed_at",
        "author__id",
        "author__first_name",
        "author__last_name",
        "author__email",
    ],
    order=("-noted_on", "-id"),  # the model's ordering
)


@cache
def _assessments():
    """Built once per process; each request only filters it (a clone)."""
    return (
        Assessment.objects.active()
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


def client_assessments(client) -> list[Assessment]:
    """The client's assessments, oldest first, with what the client page and its timeline show
    (date, status, assessor, pain, ODI and PSFS answers): the other fields are many and unused."""
    assessments = list(_assessments().filter(client=client))
    for assessment in assessments:  # as the related manager would: .client is this one
        Assessment.client.field.set_cached_value(assessment, client)
    return assessments


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


def note_annotations() -> dict:
    return {"timeline_note_rows": NOTE_ROWS.annotation(group="client")}


def session_notes(client) -> list[TimelineEntry]:
    loaded = getattr(client, "timeline_note_rows", None)  # the client page's annotation
    if loaded is not None:
        notes = NOTE_ROWS.load(loaded)
    else:
        notes = SessionNote.objects.active().filter(client=client).select_related("author")
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
        for note in notes
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
