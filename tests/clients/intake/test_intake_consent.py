"""The clinic's consent, signed with the intake form (issue 15: "in the intake")."""

import pytest
from django.urls import reverse

from clients.consent import services as consent
from clients.models import Assessment, ConsentSignature, IntakeLink
from tests import factories
from tests.clients.intake.test_intake import _fill_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(owner):
    return consent.save_consent_text(
        text="We keep your notes private and check in before any hands-on work.",
        change_note="",
        by=owner,
        expected_number=None,
    )


def test_the_send_step_shows_the_current_consent_text(client, sent, version):
    _link, token = sent
    _fill_all(client, token)
    body = client.get(reverse("clients:intake_start", args=[token])).content.decode()
    assert "We keep your notes private" in body
    assert 'name="consent-full_name"' in body


def test_sending_without_agreeing_sends_nothing_and_says_why_at_the_field(client, sent, version):
    link, token = sent
    _fill_all(client, token)
    response = client.post(
        reverse("clients:intake_submit", args=[token]),
        {"consent-version": version.number, "consent-full_name": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tick the box to say you agree" in body
    link.refresh_from_db()
    assert link.submitted_at is None
    assert not ConsentSignature.objects.filter(client=link.client).exists()
    assert not Assessment.objects.filter(client=link.client).exists()


def test_sending_with_the_signature_signs_the_current_version_by_remote_link(client, sent, version):
    link, token = sent
    _fill_all(client, token)
    response = client.post(
        reverse("clients:intake_submit", args=[token]),
        {
            "consent-version": version.number,
            "consent-full_name": "  Sam   Rivers ",
            "consent-agree": "on",
        },
    )
    assert response.status_code == 200
    link = IntakeLink.objects.get(pk=link.pk)
    assert link.submitted_at is not None
    signature = ConsentSignature.objects.get(client=link.client)
    assert (signature.version, signature.full_name, signature.how) == (
        version,
        "Sam Rivers",
        "remote_link",
    )
    assert consent.consent_state(link.client).is_current


def test_a_text_changed_while_the_page_was_open_is_refused(client, sent, version, owner):
    link, token = sent
    _fill_all(client, token)
    # Someone else signed it, so the owner's edit makes the next version.
    other = factories.ClientFactory()
    consent.sign_consent(client=other, version=version, full_name="Other Person", how="portal")
    newer = consent.save_consent_text(
        text="A new text.", change_note="", by=owner, expected_number=version.number
    )
    response = client.post(
        reverse("clients:intake_submit", args=[token]),
        {"consent-version": version.number, "consent-full_name": "Sam", "consent-agree": "on"},
    )
    body = response.content.decode()
    assert "The consent text changed while this page was open" in body
    # The page now carries the new text and its number, so signing again works.
    assert "A new text." in body
    assert f'name="consent-version" value="{newer.number}"' in body
    assert newer.number != version.number
    link.refresh_from_db()
    assert link.submitted_at is None


def test_with_no_consent_text_or_one_already_signed_the_form_sends_as_before(client, sent):
    link, token = sent
    _fill_all(client, token)
    body = client.get(reverse("clients:intake_start", args=[token])).content.decode()
    assert "consent-full_name" not in body
    client.post(reverse("clients:intake_submit", args=[token]))
    link.refresh_from_db()
    assert link.submitted_at is not None
