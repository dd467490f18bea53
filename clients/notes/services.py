"""Writing, signing and amending a session note tied to an appointment.

A draft may be saved and changed any number of times. Signing locks it: from then
on the note's own fields never change, and anything to add or correct is an
amendment kept beside it (its author and time). Every save goes through
``record_change`` so the history says who did it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from clients.models import Client, Consultation, SessionNote, SessionNoteAmendment
from clinic.history import record_change


class NoteError(Exception):
    """A note workflow refused; the message says why, in plain words."""


def get_appointment_for_note(user, pk: int) -> Consultation:
    """The appointment, when both it and its client are within ``user``'s reach; 404
    otherwise (a free consultation not yet linked to a client has no notes). One query."""
    return get_object_or_404(
        Consultation.objects.visible_to(user)
        .filter(client__in=Client.objects.visible_to(user))
        .select_related("client", "practitioner", "appointment_type"),
        pk=pk,
    )


def note_of(appointment: Consultation) -> SessionNote | None:
    """The appointment's note (not archived), with its signer. One query."""
    return (
        SessionNote.objects.active()
        .filter(appointment=appointment)
        .select_related("author", "signed_by")
        .first()
    )


@transaction.atomic
def save_session_note(
    *, appointment: Consultation, by, parts: dict[str, str], sign: bool
) -> SessionNote:
    """Create the appointment's note or change its draft; ``sign`` locks it.

    Raises ``NoteError`` for an archived client, a cancelled appointment, a signed
    note, or a note with nothing written in it.
    """
    client = appointment.client
    if client is None or client.is_archived:
        raise NoteError("Restore the client before writing notes.")
    if appointment.status == Consultation.Status.CANCELLED:
        raise NoteError("This appointment was cancelled, so it has no session note.")
    cleaned = {name: (parts.get(name) or "").strip() for name in SessionNote.PARTS}
    if not any(cleaned.values()):
        raise NoteError("Write at least one of the four parts.")
    note = SessionNote.objects.active().select_for_update().filter(appointment=appointment).first()
    if note is None:
        note = SessionNote(
            client=client,
            appointment=appointment,
            author=by,
            noted_on=timezone.localtime(appointment.start).date(),
        )
    elif note.is_signed:
        raise NoteError("This note is signed, so it cannot be changed: add an amendment.")
    for name, value in cleaned.items():
        setattr(note, name, value)
    if sign:
        note.signed_at = timezone.now()
        note.signed_by = by
    record_change(note, by=by, reason="Signed" if sign else "Draft saved")
    try:
        with transaction.atomic():  # a second tab's note for the same appointment
            note.save()
    except IntegrityError as exc:
        raise NoteError(
            "Someone else wrote this appointment's note at the same time: reopen it."
        ) from exc
    return note


@transaction.atomic
def amend_session_note(*, note: SessionNote, by, text: str) -> SessionNoteAmendment:
    """Add an amendment to a signed note (the note itself stays as it was signed)."""
    text = text.strip()
    if not note.is_signed:
        raise NoteError("This note is still a draft: change it directly.")
    if note.client.is_archived:
        raise NoteError("Restore the client before amending notes.")
    if not text:
        raise NoteError("Write the amendment.")
    amendment = SessionNoteAmendment(note=note, author=by, text=text)
    record_change(amendment, by=by, reason="Amendment added")
    amendment.save()
    return amendment
