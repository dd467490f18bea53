import io

import pytest
from django.core.management import call_command

from clients.models import Assessment, Client, RedFlag
from clinic.seed.demo.staff import CLIENTS, PRACTITIONERS

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_clients_in_every_status_and_is_idempotent():
    _seed()
    counts = (Client.objects.count(), Assessment.objects.count(), RedFlag.objects.count())
    assert "Demo clients ready (0 new" in _seed()
    assert (Client.objects.count(), Assessment.objects.count(), RedFlag.objects.count()) == counts
    assert set(Client.objects.values_list("status", flat=True)) == set(Client.Status.values)


def test_demo_client_logins_are_linked_to_their_records():
    _seed()
    for demo in CLIENTS:
        assert Client.objects.get(user__email=demo.email).email == demo.email


def test_demo_practitioners_are_responsible_for_the_clients():
    _seed()
    emails = set(Client.objects.values_list("practitioner__email", flat=True))
    assert emails == {p.email for p in PRACTITIONERS}


def test_demo_reassessments_show_improvement_and_one_flag_is_open():
    _seed()
    alex = Client.objects.get(email=CLIENTS[0].email)
    first, *_, latest = alex.assessments.completed().chronological()
    assert latest.pain_now < first.pain_now
    assert first.odi_percent - latest.odi_percent >= 10
    open_flags = RedFlag.objects.unresolved()
    assert open_flags.count() == 1
    assert open_flags.get().client.email == CLIENTS[2].email
    assert Assessment.objects.drafts().count() == 1
