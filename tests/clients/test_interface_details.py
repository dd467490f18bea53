"""Issue 19's details on the practice and public pages: what each page says and offers."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clients.booking.forms import BookingForm
from clients.forms import ClientForm
from clients.invitations import services as invitations
from clients.models import Consultation
from clients.timeline.base import timeline_for
from clinic.history import history_entries, record_change
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_consultation_history_shows_times_as_people_read_them(practitioner):
    consultation = factories.ConsultationFactory(
        practitioner=practitioner, start=datetime(2026, 12, 1, 10, 10, tzinfo=ZoneInfo("UTC"))
    )
    consultation.start += timedelta(days=1)
    consultation.end += timedelta(days=1)
    record_change(consultation, by=practitioner, reason="Moved")
    consultation.save()
    changes = {c.label: (c.old, c.new) for c in history_entries(consultation)[0].changes}
    assert changes["Start"] == ("1 Dec 2026, 10:10", "2 Dec 2026, 10:10")  # London: UTC in Dec
    assert changes["End"] == ("1 Dec 2026, 10:40", "2 Dec 2026, 10:40")


def test_the_timeline_states_red_flags_plainly_not_as_questions(practitioner):
    flag = factories.RedFlagFactory(
        client__practitioner=practitioner, answers=["saddle_numbness", "trauma"]
    )
    (entry,) = [e for e in timeline_for(flag.client) if e.kind == "Red flag"]
    assert entry.detail == "Numbness in the saddle area; A recent fall or accident"
    assert "?" not in entry.detail


def test_two_assessments_on_one_day_are_listed_newest_first(practitioner):
    record = factories.ClientFactory(practitioner=practitioner)
    day = date(2026, 11, 20)
    morning = factories.AssessmentFactory(client=record, assessed_on=day)
    afternoon = factories.AssessmentFactory(client=record, assessed_on=day)
    morning.created_at = timezone.now() - timedelta(hours=5)
    morning.save(update_fields=["created_at"])
    urls = [e.url for e in timeline_for(record) if e.kind == "Assessment"]
    assert urls == [
        reverse("clients:assessment_detail", args=[record.pk, afternoon.pk]),
        reverse("clients:assessment_detail", args=[record.pk, morning.pk]),
    ]


def test_phone_inputs_bring_up_the_number_pad():
    assert 'type="tel"' in str(ClientForm()["phone"])
    booking_phone = str(BookingForm()["phone"])
    assert 'type="tel"' in booking_phone
    assert 'autocomplete="tel"' in booking_phone


def test_empty_drop_downs_say_what_empty_means(practitioner_client, practitioner):
    record = factories.ClientFactory(practitioner=practitioner)
    page = practitioner_client.get(reverse("clients:assessment_create", args=[record.pk]))
    body = page.content.decode()
    assert "---------" not in body
    higher_side = re.search(r'<select name="elevated_hip_side".*?</select>', body, re.S).group(0)
    assert '<option value="" selected>Not recorded</option>' in higher_side
    hours = practitioner_client.get(reverse("clients:availability")).content.decode()
    assert '<option value="" selected>Choose a day…</option>' in hours


def test_the_booking_page_names_the_clinics_time_zone(client, settings):
    settings.TIME_ZONE = "America/New_York"
    body = client.get(reverse("clients:book")).content.decode()
    assert "Times are in the clinic's time zone, America/New_York (E" in body


def test_a_future_consultation_does_not_offer_attended_already(practitioner_client, practitioner):
    consultation = factories.ConsultationFactory(practitioner=practitioner)
    body = practitioner_client.get(consultation.get_absolute_url()).content.decode()
    outcome = re.search(r'<select name="status".*?</select>', body, re.S).group(0)
    assert '<option value="" selected>Choose…</option>' in outcome
    assert 'value="attended" selected' not in outcome


def test_a_refused_outcome_keeps_the_note_that_was_typed(practitioner_client, practitioner):
    consultation = factories.ConsultationFactory(practitioner=practitioner)
    response = practitioner_client.post(
        reverse("clients:consultation_outcome", args=[consultation.pk]),
        {"status": "attended", "note": "Came early and we talked it through."},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "has not started yet" in body
    assert "Came early and we talked it through.</textarea>" in body
    consultation.refresh_from_db()
    assert (consultation.status, consultation.status_note) == (Consultation.Status.BOOKED, "")


def test_a_recorded_outcome_is_shown_as_chosen(practitioner_client, practitioner):
    consultation = factories.ConsultationFactory(
        practitioner=practitioner,
        start=timezone.now() - timedelta(hours=3),
        status=Consultation.Status.NO_SHOW,
    )
    body = practitioner_client.get(consultation.get_absolute_url()).content.decode()
    assert 'value="no_show" selected' in body


def test_the_invitation_page_does_not_tell_a_client_the_staff_password_rule(client, practitioner):
    record = factories.ClientFactory(practitioner=practitioner, email="dana@example.org")
    invitations.invite_client(client=record, by=practitioner, base_url="http://testserver/")
    path = re.search(r"https?://[^/]+(/portal/welcome/\S+/)", mail.outbox[-1].body).group(1)
    body = client.get(path).content.decode()
    assert "at least 8 characters" in body
    assert "Owners and practitioners" not in body


def test_staff_changing_their_password_are_told_the_staff_rule(practitioner_client):
    body = practitioner_client.get(reverse("password_change")).content.decode()
    assert "Owners and practitioners need at least 12 characters" in body


def test_clients_changing_their_password_are_not(portal_client):
    body = portal_client.get(reverse("password_change")).content.decode()
    assert "at least 8 characters" in body
    assert "Owners and practitioners" not in body
