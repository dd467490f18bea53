"""The right of access, complete (issue 21, also build): the client's own export holds
red flags, session notes and consultations too, and practice staff can hand a client
their whole record as a file or a readable page, recorded each time."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import RecordRelease, RedFlag
from clinic.models import SecuritySettings
from tests import factories


@pytest.fixture
def full_record(client_record, practitioner):
    open_flag = factories.RedFlagFactory(client=client_record, details="Numb saddle area")
    resolved = factories.RedFlagFactory(client=client_record, details="Leg gave way")
    RedFlag.objects.filter(pk=resolved.pk).update(
        resolved_at=timezone.now(), resolved_by=practitioner, resolution_note="Seen by GP, clear"
    )
    factories.SessionNoteFactory(client=client_record, author=practitioner, text="Hips easier")
    factories.ConsultationFactory(
        client=client_record, message="Pain when sitting", token_hash="a" * 64
    )
    return open_flag


def test_the_portal_export_holds_red_flags_notes_and_the_consultation(portal_client, full_record):
    data = json.loads(portal_client.get(reverse("programs:portal_export_json")).content)
    flags = {flag["details"]: flag for flag in data["red_flags"]}
    assert flags["Numb saddle area"]["resolved_at"] is None
    assert flags["Leg gave way"]["resolution_note"] == "Seen by GP, clear"
    assert [note["text"] for note in data["session_notes"]] == ["Hips easier"]
    assert data["consultations"][0]["message"] == "Pain when sitting"
    assert "token_hash" not in data["consultations"][0]
    assert "ip_hash" not in data["consultations"][0]
    csv = portal_client.get(reverse("programs:portal_export_csv")).content.decode()
    assert "Hips easier" in csv and "Seen by GP, clear" in csv and "Pain when sitting" in csv


def test_staff_download_a_clients_whole_record_and_the_release_is_recorded(
    practitioner_client, practitioner, client_record, full_record
):
    response = practitioner_client.get(
        reverse("programs:client_record_json", args=[client_record.pk])
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["profile"]["email"] == client_record.email
    assert len(data["red_flags"]) == 2 and data["session_notes"] and data["consultations"]
    release = RecordRelease.objects.get()
    assert (release.client, release.released_by, release.kind) == (
        client_record,
        practitioner,
        "json",
    )


def test_the_readable_record_shows_every_section_with_headings(
    practitioner_client, client_record, full_record
):
    url = reverse("programs:client_record_print", args=[client_record.pk])
    page = practitioner_client.get(url).content.decode()
    for heading in ("Profile", "Assessments", "Red flags", "Session notes", "Consultations"):
        assert f">{heading}</h2>" in page
    assert "Seen by GP, clear" in page and "Hips easier" in page and "Pain when sitting" in page
    assert "resolution note" in page.lower()
    assert RecordRelease.objects.get().kind == "print"
    assert url in practitioner_client.get(client_record.get_absolute_url()).content.decode()


def test_another_practitioners_client_is_a_404_when_the_owner_limits_practitioners(
    client, other_practitioner, client_record
):
    SecuritySettings.objects.update_or_create(pk=1, defaults={"own_clients_only": True})
    client.force_login(other_practitioner)
    for name in ("programs:client_record_json", "programs:client_record_print"):
        assert client.get(reverse(name, args=[client_record.pk])).status_code == 404
    assert not RecordRelease.objects.exists()


@pytest.mark.parametrize("rows", [1, 10])
def test_the_record_costs_the_same_queries_however_much_it_holds(
    practitioner_client, practitioner, client_record, django_assert_num_queries, rows
):
    for _ in range(rows):
        factories.RedFlagFactory(client=client_record)
        factories.SessionNoteFactory(client=client_record, author=practitioner)
        factories.AssessmentFactory(client=client_record)
    url = reverse("programs:client_record_json", args=[client_record.pk])
    # session, user, savepoint (the request's transaction), client, the release, assessments,
    # red flags, notes, consultations, posture photos, programs (none here, so no
    # prefetches), release
    with django_assert_num_queries(11):
        practitioner_client.get(url)
