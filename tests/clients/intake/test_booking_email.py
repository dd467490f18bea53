"""A booking's confirmation brings the intake link to a client who has not sent it."""

import pytest
from django.core import mail
from django.urls import reverse

from clients.booking import emails
from clients.intake import services as intake
from clients.intake.sections import SECTIONS
from clients.models import IntakeLink
from tests import factories
from tests.clients.intake.conftest import section_data, section_url

pytestmark = pytest.mark.django_db


def _token_in(body: str) -> str:
    start = body.index("/intake/")
    return body[start:].split("/")[2]


def test_a_clients_booking_confirmation_carries_a_working_intake_link(client, record):
    consultation = factories.ConsultationFactory(
        client=record, email=record.email, practitioner=record.practitioner
    )
    emails.send_confirmation(consultation, "manage-token")
    (email,) = mail.outbox
    assert "Before your visit, please tell us about your symptoms" in email.body
    token = _token_in(email.body)
    link = IntakeLink.objects.get()
    assert link.client == record and link.created_by is None
    assert link.token_hash == IntakeLink.hash(token)
    assert client.get(reverse("clients:intake_start", args=[token])).status_code == 200


def test_a_sent_intake_brings_no_new_link(client, record):
    _link, token = intake.create_link(client=record, by=None)
    for section in SECTIONS:
        client.post(section_url(token, section.code), section_data(section.code))
    client.post(reverse("clients:intake_submit", args=[token]))
    consultation = factories.ConsultationFactory(client=record, email=record.email)
    emails.send_booked_by_practice([(consultation, "manage-token")])
    assert "intake form" not in mail.outbox[0].body
    assert IntakeLink.objects.count() == 1
