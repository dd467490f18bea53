"""A new clinic without a consent text: the owner is prompted on the dashboard to write
it, and the client page says nothing is gated until then."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from clients.consent import services as consent
from tests import factories
from tests.clinic.test_dashboard import _fill

pytestmark = pytest.mark.django_db

PROMPT = "No consent text yet: clients can be assessed and given programs without consent"


@pytest.fixture
def version(owner):
    return consent.save_consent_text(
        text="We keep your notes private.", change_note="", by=owner, expected_number=None
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_the_owner_is_asked_to_write_the_consent_text_in_the_same_queries(
    owner_client, owner, django_assert_num_queries, rows
):
    _fill(owner, rows)
    cache.clear()
    # the session with its user; booking 2, clients 3, programs 1; + the current consent version
    # (none), then kept in the cache for the next request.
    with django_assert_num_queries(1 + 6 + 1):
        body = owner_client.get(reverse("dashboard")).content.decode()
    assert PROMPT in body
    assert f'href="{reverse("clients:consent_versions")}"' in body
    with django_assert_num_queries(1 + 6):
        body = owner_client.get(reverse("dashboard")).content.decode()
    assert PROMPT in body


def test_the_prompt_goes_once_the_text_exists(owner_client, version, django_assert_num_queries):
    body = owner_client.get(reverse("dashboard")).content.decode()
    assert PROMPT not in body


def test_a_practitioner_is_not_prompted(practitioner_client, django_assert_num_queries):
    with django_assert_num_queries(1 + 6):
        body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert PROMPT not in body


def test_the_client_page_says_the_clinic_has_no_consent_text(owner_client, practitioner, owner):
    record = factories.ClientFactory(practitioner=practitioner, first_name="Dana")
    body = owner_client.get(record.get_absolute_url()).content.decode()
    assert "The clinic has no consent text yet." in body
    assert "Dana to agree to one: they can be assessed, given a program and invited" in body
    assert "Write the consent text" in body
    assert "No consent recorded yet" not in body
    owner_client.force_login(practitioner)
    body = owner_client.get(record.get_absolute_url()).content.decode()
    assert "The clinic has no consent text yet." in body
    assert "Ask the clinic owner to write it" in body


def test_with_a_text_the_client_page_asks_for_consent_instead(
    practitioner_client, practitioner, version
):
    record = factories.ClientFactory(practitioner=practitioner, first_name="Dana")
    body = practitioner_client.get(record.get_absolute_url()).content.decode()
    assert "No consent recorded yet." in body
    assert "The clinic has no consent text yet." not in body
