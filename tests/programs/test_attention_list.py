"""The dashboard names the first few clients of each list and links to the paged rest
(issue 20: the owner of the bench clinic had 489 programs listed on the dashboard)."""

import pytest
from django.urls import reverse

from programs import dashboard
from programs.views.attention import PAGE_SIZE
from tests import factories
from tests.programs.portal.test_portal_dashboard import _program
from tests.programs.test_reassessment import _history

ATTENTION = reverse("programs:attention_list")
DUE = reverse("programs:reassessment_list")


def _idle_clients(practitioner, count, *, prefix="Idle"):
    """Clients whose program started 20 days ago with nothing logged: "no session for
    7 days" puts each in the attention list."""
    return [
        _program(
            practitioner,
            client=factories.ClientFactory(practitioner=practitioner, last_name=f"{prefix}{n:02d}"),
        ).client
        for n in range(count)
    ]


def test_the_dashboard_names_ten_and_links_to_all_who_need_attention(
    practitioner_client, practitioner
):
    clients = _idle_clients(practitioner, 12)
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    section = body[body.index('id="attention-heading"') : body.index('id="reassess-heading"')]
    shown = [client for client in clients if str(client) in section]
    assert shown == clients[: dashboard.SHOWN_ON_DASHBOARD]  # by surname
    assert f'<a href="{ATTENTION}">All 12 clients who need attention</a>' in section


def test_no_link_when_the_dashboard_shows_everyone(practitioner_client, practitioner):
    _idle_clients(practitioner, 3)
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert ATTENTION not in body
    assert "clients who need attention</a>" not in body


def test_the_attention_list_is_paged_and_reaches_every_client(practitioner_client, practitioner):
    clients = _idle_clients(practitioner, PAGE_SIZE + 3)
    first = practitioner_client.get(ATTENTION).content.decode()
    assert '<h1 class="h2">Your clients who need attention</h1>' in first
    assert f"{PAGE_SIZE + 3} clients; showing 1 to {PAGE_SIZE}." in first
    assert all(str(client) in first for client in clients[:PAGE_SIZE])
    assert not any(str(client) in first for client in clients[PAGE_SIZE:])
    assert "No session logged for 7 days (none yet)" in first
    assert 'href="?page=2">Next</a>' in first
    second = practitioner_client.get(f"{ATTENTION}?page=2").content.decode()
    assert all(str(client) in second for client in clients[PAGE_SIZE:])
    assert f"showing {PAGE_SIZE + 1} to {PAGE_SIZE + 3}." in second
    # Out-of-range or nonsense page numbers show a real page, never an error.
    assert practitioner_client.get(f"{ATTENTION}?page=99").status_code == 200
    assert practitioner_client.get(f"{ATTENTION}?page=x").status_code == 200


def test_a_practitioner_sees_their_own_clients_and_the_owner_everyone(
    client, practitioner, other_practitioner, owner
):
    mine = _idle_clients(practitioner, 1, prefix="Mine")[0]
    theirs = _idle_clients(other_practitioner, 1, prefix="Theirs")[0]
    client.force_login(practitioner)
    body = client.get(ATTENTION).content.decode()
    assert str(mine) in body and str(theirs) not in body
    client.force_login(owner)
    body = client.get(ATTENTION).content.decode()
    assert '<h1 class="h2">Clients who need attention</h1>' in body
    assert str(mine) in body and str(theirs) in body


def test_empty_lists_say_so(practitioner_client):
    assert "No client needs attention" in practitioner_client.get(ATTENTION).content.decode()
    assert "No reassessment is due right now." in practitioner_client.get(DUE).content.decode()


def test_the_reassessment_list_is_paged_with_a_booking_link_per_client(
    practitioner_client, practitioner
):
    clients = [
        _history(practitioner, assessed_weeks_ago=7, logged_days=14, name=f"Due{n:02d}")
        for n in range(PAGE_SIZE + 1)
    ]
    body = practitioner_client.get(DUE).content.decode()
    assert "Your clients due a reassessment" in body
    assert body.count("Book the reassessment") == PAGE_SIZE
    assert str(clients[0]) in body and str(clients[-1]) not in body
    second = practitioner_client.get(f"{DUE}?page=2").content.decode()
    assert str(clients[-1]) in second and second.count("Book the reassessment") == 1
    dash = practitioner_client.get(reverse("dashboard")).content.decode()
    assert f'<a href="{DUE}">All {PAGE_SIZE + 1} clients due a reassessment</a>' in dash


@pytest.mark.parametrize("count", [1, 30])
def test_each_list_page_runs_the_same_queries_however_many_clients(
    practitioner_client, practitioner, django_assert_num_queries, count
):
    _idle_clients(practitioner, count)
    # session, user, the annotated active programs
    for url in (ATTENTION, DUE):
        with django_assert_num_queries(2):
            assert practitioner_client.get(url).status_code == 200
