"""Opening a reassessment appointment starts a draft pre-filled from the last assessment."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.assessments.prefill import COPIED_FIELDS, prefilled_from, start_reassessment
from clients.models import Assessment, RedFlag
from clinic.models import SecuritySettings
from tests import factories

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="once_key"\s+value="([0-9a-f]{32})"')


@pytest.fixture
def record(practitioner):
    return factories.ClientFactory(practitioner=practitioner)


@pytest.fixture
def last(record):
    """Two completed assessments; the later one (3 weeks ago) is the one to copy."""
    factories.AssessmentFactory(
        client=record,
        assessed_on=timezone.localdate() - datetime.timedelta(weeks=9),
        muscle_notes="the older one",
    )
    return factories.AssessmentFactory(
        client=record,
        assessed_on=timezone.localdate() - datetime.timedelta(weeks=3),
        posture={"head": {"finding": "forward_head", "side": "", "note": "chin poke"}},
        pelvic_tilt=True,
        pelvic_tilt_side="anterior",
        pelvic_tilt_magnitude=7,
        leg_length_difference_mm=4,
        leg_length_shorter_side="left",
        symptom_kinds=["ache"],
        aggravating_factors=["sitting"],
        easing_factors="walking",
        onset_story="Lifting a box",
        muscle_notes="the latest one",
        summary="Old plan",
    )


@pytest.fixture
def reassessment(practitioner, record):
    return factories.ConsultationFactory(
        practitioner=practitioner,
        client=record,
        appointment_type=factories.AppointmentTypeFactory(name="Reassessment", kind="reassessment"),
    )


def test_prefill_copies_the_last_assessments_findings_into_a_new_draft(practitioner, record, last):
    draft = start_reassessment(client=record, by=practitioner)
    assert draft.pk != last.pk and draft.is_draft
    assert draft.assessed_on == timezone.localdate() and draft.assessed_by == practitioner
    draft.refresh_from_db()
    for name in COPIED_FIELDS:
        assert getattr(draft, name) == getattr(last, name), name
    assert draft.muscle_notes == "the latest one"
    assert draft.posture["head"]["note"] == "chin poke"
    # Asked again on the day, never carried over:
    assert draft.red_flag_answers == {} and draft.odi_answers == [] and draft.psfs_items == []
    assert (draft.pain_now, draft.pain_best, draft.pain_worst, draft.summary) == (
        None,
        None,
        None,
        "",
    )
    assert draft.history.get().history_user == practitioner
    assert not RedFlag.objects.exists()
    last.refresh_from_db()
    assert last.status == Assessment.Status.COMPLETED  # the old one is untouched


def test_a_first_draft_without_an_earlier_assessment_is_empty(practitioner, record):
    draft = prefilled_from(None, client=record, by=practitioner)
    assert draft.posture == {} and draft.elevated_hip is None


def test_drafts_and_archived_assessments_are_not_copied(practitioner, record, last):
    factories.AssessmentFactory(client=record, status="draft", muscle_notes="a draft")
    archived = factories.AssessmentFactory(client=record, muscle_notes="archived")
    archived.archive(by=practitioner, reason="entered twice")
    archived.save()
    draft = start_reassessment(client=record, by=practitioner)
    assert draft.muscle_notes == "the latest one"


def test_the_reassessment_appointment_offers_to_start_it_and_opens_the_draft(
    practitioner_client, record, last, reassessment
):
    page = practitioner_client.get(reassessment.get_absolute_url())
    body = page.content.decode()
    assert "Start the reassessment" in body
    url = reverse("clients:reassessment_start", args=[reassessment.pk])
    key = KEY.findall(body)[-1]
    response = practitioner_client.post(url, {"once_key": key})
    draft = Assessment.objects.drafts().get(client=record)
    assert response["Location"] == reverse("clients:assessment_edit", args=[record.pk, draft.pk])
    again = practitioner_client.post(url, {"once_key": key})
    assert again["Location"] == response["Location"]
    assert Assessment.objects.drafts().filter(client=record).count() == 1
    form = practitioner_client.get(response["Location"]).content.decode()
    assert "Lifting a box" in form


def test_other_appointments_do_not_offer_a_reassessment(practitioner_client, record):
    follow_up = factories.ConsultationFactory(
        client=record, appointment_type=factories.AppointmentTypeFactory(kind="follow_up")
    )
    assert (
        "Start the reassessment"
        not in practitioner_client.get(follow_up.get_absolute_url()).content.decode()
    )


def test_starting_a_reassessment_out_of_scope_is_404(
    client, other_practitioner, record, last, reassessment
):
    SecuritySettings.objects.update_or_create(pk=1, defaults={"own_clients_only": True})
    client.force_login(other_practitioner)
    url = reverse("clients:reassessment_start", args=[reassessment.pk])
    assert client.post(url).status_code == 404
    assert not Assessment.objects.drafts().exists()


def test_an_archived_client_gets_a_message_not_a_draft(
    practitioner_client, practitioner, record, last, reassessment
):
    record.archive(by=practitioner, reason="moved away")
    record.save()
    url = reverse("clients:reassessment_start", args=[reassessment.pk])
    response = practitioner_client.post(url, follow=True)
    assert "Restore the client" in response.content.decode()
    assert not Assessment.objects.drafts().exists()
