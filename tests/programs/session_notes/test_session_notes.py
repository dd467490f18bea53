"""Session notes on an appointment: four parts, signing locks, amendments beside it."""

from __future__ import annotations

import datetime
import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import SessionNote, SessionNoteAmendment
from clients.notes import services as notes
from clinic.models import SecuritySettings
from programs import services as programs
from programs.models import SessionLog
from tests import factories

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="once_key"\s+value="([0-9a-f]{32})"')
PARTS = {
    "subjective": "Sitting for an hour is easier; mornings stiff.",
    "objective": "Hip drop on the right reduced; bridge held 30 s.",
    "assessment": "Improving as expected.",
    "plan": "Add side planks; review in two weeks.",
}


@pytest.fixture
def record(practitioner):
    return factories.ClientFactory(practitioner=practitioner, first_name="Ines", last_name="Ruiz")


@pytest.fixture
def appointment(practitioner, record):
    return factories.ConsultationFactory(
        practitioner=practitioner,
        client=record,
        appointment_type=factories.AppointmentTypeFactory(name="Follow-up"),
    )


def _url(appointment) -> str:
    return reverse("programs:session_note", args=[appointment.pk])


def _key(response) -> str:
    return KEY.search(response.content.decode()).group(1)


def _signed(appointment, by) -> SessionNote:
    return notes.save_session_note(appointment=appointment, by=by, parts=PARTS, sign=True)


def test_a_practitioner_writes_a_draft_then_signs_it(
    practitioner_client, practitioner, appointment
):
    page = practitioner_client.get(_url(appointment))
    body = page.content.decode()
    for label in ("Subjective", "Objective", "Assessment", "Plan", "Sign note"):
        assert label in body
    response = practitioner_client.post(
        _url(appointment), {**PARTS, "plan": "", "save": "", "once_key": _key(page)}
    )
    assert response.status_code == 302
    note = SessionNote.objects.get()
    assert (note.appointment, note.client, note.is_signed) == (
        appointment,
        appointment.client,
        False,
    )
    assert note.plan == "" and note.subjective == PARTS["subjective"]
    assert note.noted_on == timezone.localtime(appointment.start).date()
    page = practitioner_client.get(_url(appointment))
    assert PARTS["subjective"] in page.content.decode()  # the draft comes back to finish
    practitioner_client.post(_url(appointment), {**PARTS, "sign": "", "once_key": _key(page)})
    note.refresh_from_db()
    assert note.is_signed and note.signed_by == practitioner and note.plan == PARTS["plan"]
    assert SessionNote.objects.count() == 1
    assert [h.history_change_reason for h in note.history.order_by("history_date")] == [
        "Draft saved",
        "Signed",
    ]


def test_an_empty_note_is_refused_with_a_message_and_nothing_saved(
    practitioner_client, appointment
):
    response = practitioner_client.post(
        _url(appointment), {name: "  " for name in PARTS} | {"sign": ""}
    )
    assert response.status_code == 200
    assert "Write at least one of the four parts." in response.content.decode()
    assert not SessionNote.objects.exists()


def test_a_signed_note_refuses_edits_in_the_service_and_on_the_page(
    practitioner_client, practitioner, appointment
):
    note = _signed(appointment, practitioner)
    with pytest.raises(notes.NoteError, match="signed"):
        notes.save_session_note(
            appointment=appointment, by=practitioner, parts={"plan": "Changed"}, sign=False
        )
    response = practitioner_client.post(_url(appointment), {**PARTS, "plan": "Changed", "save": ""})
    body = response.content.decode()
    assert "cannot be changed: add an amendment" in body
    note.refresh_from_db()
    assert note.plan == PARTS["plan"]
    assert note.history.count() == 1
    # The signed page shows the note read-only: no draft form to send.
    page = practitioner_client.get(_url(appointment)).content.decode()
    assert 'name="sign"' not in page and "Signed note" in page and PARTS["plan"] in page


def test_amendments_are_kept_beside_the_signed_note_with_who_and_when(
    client, practitioner, other_practitioner, appointment
):
    note = _signed(appointment, practitioner)
    client.force_login(other_practitioner)
    page = client.get(_url(appointment))
    amend = reverse("programs:session_note_amend", args=[appointment.pk])
    response = client.post(amend, {"text": "Side planks on knees first.", "once_key": _key(page)})
    assert response.status_code == 302
    amendment = SessionNoteAmendment.objects.get()
    assert (amendment.note, amendment.author) == (note, other_practitioner)
    assert amendment.history.get().history_user == other_practitioner
    body = client.get(_url(appointment)).content.decode()
    assert "Side planks on knees first." in body
    assert str(other_practitioner) in body
    assert timezone.localtime(amendment.created_at).strftime("%-d %b %Y %H:%M") in body
    note.refresh_from_db()
    assert note.plan == PARTS["plan"]  # the note itself never changes


def test_a_draft_cannot_be_amended_and_an_empty_amendment_is_refused(
    practitioner_client, practitioner, appointment
):
    draft = notes.save_session_note(
        appointment=appointment, by=practitioner, parts=PARTS, sign=False
    )
    with pytest.raises(notes.NoteError, match="still a draft"):
        notes.amend_session_note(note=draft, by=practitioner, text="More")
    _signed(appointment, practitioner)
    amend = reverse("programs:session_note_amend", args=[appointment.pk])
    response = practitioner_client.post(amend, {"text": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not SessionNoteAmendment.objects.exists()


def test_a_double_tap_makes_one_note_and_one_amendment(
    practitioner_client, practitioner, appointment
):
    key = _key(practitioner_client.get(_url(appointment)))
    first = practitioner_client.post(_url(appointment), {**PARTS, "sign": "", "once_key": key})
    again = practitioner_client.post(_url(appointment), {**PARTS, "sign": "", "once_key": key})
    assert first["Location"] == again["Location"]
    assert SessionNote.objects.count() == 1
    amend = reverse("programs:session_note_amend", args=[appointment.pk])
    data = {"text": "Forgot: ice after.", "once_key": "a" * 32}
    practitioner_client.post(amend, data)
    practitioner_client.post(amend, data)
    assert SessionNoteAmendment.objects.count() == 1


def test_the_note_page_shows_the_current_phase_and_the_latest_log(
    practitioner_client, practitioner, record, appointment
):
    template = factories.build_template(phases=2, exercises_per_phase=1)
    program = programs.assign_program(
        client=record, template=template, start_date=timezone.localdate(), by=practitioner
    )
    today = timezone.localdate()
    for days_ago, note in ((3, "older"), (1, "Knee clicked on the last set")):
        SessionLog.objects.create(
            program=program,
            phase=program.current_phase,
            performed_on=today - datetime.timedelta(days=days_ago),
            pain_before=4,
            pain_after=2,
            note=note,
        )
    body = practitioner_client.get(_url(appointment)).content.decode()
    assert f"Current phase: {program.current_phase.name}" in body
    assert "Knee clicked on the last set" in body and "older" not in body
    assert "4 / 2 out of 10" in body


@pytest.mark.parametrize("signed", [False, True])
@pytest.mark.parametrize("amendments", [1, 8])
def test_the_note_page_runs_the_same_queries_however_many_amendments(
    practitioner_client,
    practitioner,
    record,
    appointment,
    django_assert_num_queries,
    signed,
    amendments,
):
    template = factories.build_template(phases=2, exercises_per_phase=1)
    program = programs.assign_program(
        client=record, template=template, start_date=timezone.localdate(), by=practitioner
    )
    for days_ago in range(amendments):
        SessionLog.objects.create(
            program=program,
            performed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            pain_before=3,
            pain_after=2,
        )
    note = notes.save_session_note(
        appointment=appointment, by=practitioner, parts=PARTS, sign=signed
    )
    if signed:
        for n in range(amendments):
            notes.amend_session_note(note=note, by=practitioner, text=f"Amendment {n}")
    # 1 session, 2 user, 3 savepoint (the page also takes POSTs), 4 the appointment
    # with client/practitioner/type, 5 its note with author/signer, 6 amendments with
    # authors, 7 the active program with its phase, 8 the latest log with its phase,
    # 9 release savepoint (the one-time key is only looked up on a POST)
    with django_assert_num_queries(8):
        body = practitioner_client.get(_url(appointment)).content.decode()
    assert body.count("Amendment ") == (amendments if signed else 0)


def test_an_out_of_scope_or_clientless_appointment_has_no_note_page(
    client, practitioner, other_practitioner, appointment
):
    _signed(appointment, practitioner)
    SecuritySettings.objects.update_or_create(pk=1, defaults={"own_clients_only": True})
    client.force_login(other_practitioner)
    amend = reverse("programs:session_note_amend", args=[appointment.pk])
    assert client.get(_url(appointment)).status_code == 404
    assert client.post(_url(appointment), {**PARTS, "save": ""}).status_code == 404
    assert client.post(amend, {"text": "Sneaky"}).status_code == 404
    assert not SessionNoteAmendment.objects.exists()
    # A free consultation not yet linked to a client has no note.
    visitor = factories.ConsultationFactory(
        practitioner=other_practitioner, start=appointment.start + datetime.timedelta(hours=2)
    )
    assert client.get(_url(visitor)).status_code == 404


def test_a_portal_client_cannot_open_the_note_page(client, client_user, practitioner):
    appointment = factories.ConsultationFactory(
        practitioner=practitioner, client=client_user.client_record
    )
    client.force_login(client_user)
    assert client.get(_url(appointment)).status_code == 404


def test_old_free_text_notes_still_show_on_the_client_page(practitioner_client, record):
    factories.SessionNoteFactory(client=record, text="Old style note about bridges")
    body = practitioner_client.get(record.get_absolute_url()).content.decode()
    assert "Old style note about bridges" in body


def test_the_timeline_links_a_signed_note_to_its_page(
    practitioner_client, practitioner, record, appointment
):
    _signed(appointment, practitioner)
    body = practitioner_client.get(record.get_absolute_url()).content.decode()
    assert _url(appointment) in body
    assert "Subjective: Sitting for an hour is easier" in body


def test_the_appointment_page_links_to_its_note(practitioner_client, appointment):
    body = practitioner_client.get(appointment.get_absolute_url()).content.decode()
    assert _url(appointment) in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_tabs_signing_at_once_make_one_note_and_no_error_on_postgresql():
    practitioner = factories.PractitionerFactory(email="tabs@example.org")
    record = factories.ClientFactory(practitioner=practitioner)
    appointment = factories.ConsultationFactory(practitioner=practitioner, client=record)
    threads, barrier, statuses = 6, threading.Barrier(6), []

    def submit(n: int) -> None:
        http = HttpClient(raise_request_exception=False)
        http.force_login(practitioner)
        try:
            barrier.wait(timeout=30)
            data = {**PARTS, "plan": f"Plan from tab {n}", "sign": "", "once_key": f"{n:032x}"}
            statuses.append(http.post(_url(appointment), data).status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=submit, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(statuses) == [200] * (threads - 1) + [302]
    assert SessionNote.objects.filter(appointment=appointment).count() == 1
