"""Write, sign and amend the session note of an appointment."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients.models import SessionNote
from clients.notes import services as notes
from clients.notes.forms import AmendmentForm, SoapNoteForm
from clinic.access import practice_required
from clinic.once import once_per_key
from programs.session_notes.at_hand import at_hand


def _page(request, appointment, note, *, form=None, amendment_form=None):
    context = {
        "appointment": appointment,
        "client": appointment.client,
        "note": note,
        "form": form,
        "amendment_form": amendment_form or AmendmentForm(),
        "amendments": list(note.amendments.select_related("author")) if note else [],
        "at_hand": at_hand(appointment.client),
    }
    return render(request, "programs/session_notes/session_note.html", context)


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def session_note(request, pk: int):
    """The note's four parts while it is a draft; read-only with its amendments once signed."""
    appointment = notes.get_appointment_for_note(request.user, pk)
    note = notes.note_of(appointment)
    initial = {name: getattr(note, name) for name in SessionNote.PARTS} if note else None
    form = SoapNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sign = "sign" in request.POST
        try:
            notes.save_session_note(
                appointment=appointment, by=request.user, parts=form.cleaned_data, sign=sign
            )
        except notes.NoteError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Note signed." if sign else "Draft saved.")
            return redirect("programs:session_note", appointment.pk)
    return _page(request, appointment, note, form=form)


@require_POST
@practice_required
@once_per_key
def session_note_amend(request, pk: int):
    appointment = notes.get_appointment_for_note(request.user, pk)
    note = notes.note_of(appointment)
    if note is None:
        raise Http404("No note to amend.")
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            notes.amend_session_note(note=note, by=request.user, text=form.cleaned_data["text"])
        except notes.NoteError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Amendment added.")
            return redirect("programs:session_note", appointment.pk)
    return _page(request, appointment, note, form=SoapNoteForm(), amendment_form=form)
