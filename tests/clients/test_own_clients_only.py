"""The owner's setting "practitioners see only their own clients" (issue 21, also build):
off by default; when on, another practitioner's client is a 404 like any record out
of scope, everywhere the one visibility rule is used."""

import pytest
from django.urls import reverse

from clients.models import Client, Consultation
from clinic.models import SecuritySettings
from tests import factories


@pytest.fixture
def theirs(other_practitioner):
    record = factories.ClientFactory(
        first_name="Tamsin", last_name="Other", practitioner=other_practitioner, status="active"
    )
    factories.RedFlagFactory(client=record)
    return record


@pytest.fixture
def mine(practitioner):
    return factories.ClientFactory(
        first_name="Morag", last_name="Mine", practitioner=practitioner, status="active"
    )


def _turn_on():
    SecuritySettings.objects.update_or_create(pk=1, defaults={"own_clients_only": True})


def _pages(record):
    assessment = factories.AssessmentFactory(client=record)
    return [
        record.get_absolute_url(),
        reverse("clients:client_edit", args=[record.pk]),
        reverse("clients:client_history", args=[record.pk]),
        reverse("clients:client_timeline", args=[record.pk]),
        reverse("clients:assessment_detail", args=[record.pk, assessment.pk]),
        reverse("clients:assessment_print", args=[record.pk, assessment.pk]),
        reverse("programs:program_detail", args=[record.pk]),
    ]


def test_off_by_default_every_practitioner_sees_every_client(practitioner_client, theirs, mine):
    assert not SecuritySettings.current().own_clients_only
    for url in _pages(theirs):
        assert practitioner_client.get(url).status_code == 200, url


def test_when_on_another_practitioners_client_is_a_404_on_every_page(
    practitioner_client, theirs, mine
):
    _turn_on()
    for url in _pages(theirs):
        response = practitioner_client.get(url)
        assert response.status_code == 404, url
        assert b"We could not find that page" in response.content
    for url in _pages(mine):
        assert practitioner_client.get(url).status_code == 200, url


def test_when_on_search_lists_and_dashboard_counts_leave_them_out(
    practitioner_client, theirs, mine
):
    _turn_on()
    listing = practitioner_client.get(reverse("clients:client_list")).content.decode()
    assert "Morag" in listing and "Tamsin" not in listing
    search = practitioner_client.get(reverse("clients:client_list"), {"q": "Tamsin"})
    assert list(search.context["page"]) == []
    dashboard = practitioner_client.get(reverse("dashboard"))
    assert "Tamsin" not in dashboard.content.decode()  # their open red flag included
    from types import SimpleNamespace

    from clients.dashboard import sections

    caseload = sections(SimpleNamespace(user=mine.practitioner))[1]
    assert caseload.context["counts"]["active"] == 1
    assert Client.objects.visible_to(theirs.practitioner).count() == 1


def test_when_on_another_practitioners_consultation_is_a_404(
    practitioner_client, other_practitioner, practitioner
):
    _turn_on()
    other = factories.ConsultationFactory(practitioner=other_practitioner)
    own = factories.ConsultationFactory(practitioner=practitioner)
    assert practitioner_client.get(other.get_absolute_url()).status_code == 404
    assert practitioner_client.get(own.get_absolute_url()).status_code == 200
    assert list(Consultation.objects.visible_to(practitioner)) == [own]


def test_the_owner_still_sees_everyone_and_turns_it_on_in_the_security_page(
    owner_client, theirs, mine
):
    response = owner_client.post(
        reverse("security_settings"), {"own_clients_only": "on"}, follow=True
    )
    assert "see only the clients assigned to them" in response.content.decode()
    assert SecuritySettings.current().own_clients_only
    assert SecuritySettings.current().history.first().own_clients_only
    for url in _pages(theirs):
        assert owner_client.get(url).status_code == 200, url


@pytest.mark.parametrize("on", [False, True])
def test_the_setting_costs_no_query(practitioner_client, django_assert_num_queries, mine, on):
    if on:
        _turn_on()
    factories.ClientFactory.create_batch(3)
    # As tests/clients/test_client_pages.py: session, user, count, page of clients,
    # practitioners for the filter, open red flags for the banner; the setting is read
    # inside the queries that use it.
    with django_assert_num_queries(5):
        practitioner_client.get(reverse("clients:client_list"))
