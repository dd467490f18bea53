"""One-time form keys (clinic.once): a double tap, or twenty, creates one record."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, SessionNote
from clinic.models import UsedFormKey
from clinic.once import purge_used_keys
from programs.models import ProgramTemplate
from tests import factories

KEY = re.compile(r'name="once_key"\s+value="([0-9a-f]{32})"')


def _keys(page) -> list[str]:
    return KEY.findall(page.content.decode())


def _new_client(first_name: str, key: str) -> dict:
    return {
        "first_name": first_name,
        "last_name": "Test",
        "daily_pattern": "desk",
        "status": "lead",
        "once_key": key,
    }


def _note(key: str, text: str = "Hip holds felt easier.") -> dict:
    return {"noted_on": timezone.localdate().isoformat(), "text": text, "once_key": key}


def test_twenty_identical_session_notes_make_one_note(practitioner_client, practitioner):
    record = factories.ClientFactory(practitioner=practitioner)
    key = _keys(practitioner_client.get(record.get_absolute_url()))[0]
    url = reverse("clients:note_create", args=[record.pk])
    responses = [practitioner_client.post(url, _note(key)) for _ in range(20)]
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {record.get_absolute_url()}
    assert SessionNote.objects.filter(client=record).count() == 1


def test_every_form_that_creates_a_record_carries_a_fresh_one_time_key(
    practitioner_client, practitioner
):
    record = factories.ClientFactory(practitioner=practitioner, email="c@example.org")
    template = factories.build_template(phases=1, exercises_per_phase=1)
    consultation = factories.ConsultationFactory(practitioner=practitioner, status="attended")
    pages = {
        reverse("clients:client_create"): 1,
        record.get_absolute_url(): 3,  # session note, portal invitation, intake form
        reverse("clients:assessment_create", args=[record.pk]): 1,
        reverse("clients:consultation_detail", args=[consultation.pk]): 1,  # make a client
        reverse("clients:availability"): 2,  # weekly hours, one-off change
        reverse("programs:exercise_create"): 1,
        reverse("programs:rule_list"): 1,
        reverse("programs:template_create"): 1,
        reverse("programs:template_phase_add", args=[template.pk]): 1,
        # the copy form and one "add exercise" form per phase
        template.get_absolute_url(): 2,
        reverse("programs:program_assign", args=[record.pk]): 1,
    }
    seen = set()
    for url, count in pages.items():
        keys = _keys(practitioner_client.get(url))
        assert len(keys) == count, url
        seen.update(keys)
    assert len(seen) == sum(pages.values())  # every form its own key


def test_a_form_with_errors_frees_its_key_for_the_corrected_form(practitioner_client, practitioner):
    record = factories.ClientFactory(practitioner=practitioner)
    url = reverse("clients:note_create", args=[record.pk])
    key = "0" * 31 + "1"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = practitioner_client.post(url, {**_note(key), "noted_on": tomorrow})
    assert refused.status_code == 200
    assert not UsedFormKey.objects.exists()  # an error answer leaves no row behind
    assert practitioner_client.post(url, _note(key)).status_code == 302
    assert SessionNote.objects.filter(client=record).count() == 1


def test_one_persons_key_never_replays_another_persons_result(
    client, practitioner, other_practitioner
):
    key = "a" * 32
    client.force_login(practitioner)
    client.post(reverse("clients:client_create"), _new_client("Ann", key))
    client.force_login(other_practitioner)
    client.post(reverse("clients:client_create"), _new_client("Ben", key))
    assert sorted(Client.objects.values_list("first_name", flat=True)) == ["Ann", "Ben"]


def test_repeats_of_other_create_forms_return_the_first_result(practitioner_client):
    template_data = {"name": "Desk workers", "client_name": "Desk comfort", "once_key": "b" * 32}
    client_data = _new_client("Cara", "c" * 32)
    templates = [
        practitioner_client.post(reverse("programs:template_create"), template_data)
        for _ in range(3)
    ]
    clients = [
        practitioner_client.post(reverse("clients:client_create"), client_data) for _ in range(3)
    ]
    assert ProgramTemplate.objects.filter(name="Desk workers").count() == 1
    assert Client.objects.filter(first_name="Cara").count() == 1
    assert len({r["Location"] for r in templates}) == len({r["Location"] for r in clients}) == 1


def test_old_keys_are_forgotten(db):
    UsedFormKey.objects.create(key="d" * 32, owner="anonymous")
    assert purge_used_keys(now=timezone.now() + timedelta(days=1)) == 0
    assert purge_used_keys(now=timezone.now() + timedelta(days=3)) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_racing_identical_notes_make_one_note_on_postgresql():
    practitioner = factories.PractitionerFactory(email="racer@example.org")
    record = factories.ClientFactory(practitioner=practitioner)
    url = reverse("clients:note_create", args=[record.pk])
    threads, barrier, statuses = 8, threading.Barrier(8), []

    def submit() -> None:
        http = HttpClient(raise_request_exception=False)
        http.force_login(practitioner)
        try:
            barrier.wait(timeout=30)
            statuses.append(http.post(url, _note("e" * 32)).status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=submit) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert statuses == [302] * threads
    assert SessionNote.objects.filter(client=record).count() == 1
