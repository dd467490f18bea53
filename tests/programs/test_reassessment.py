"""The reassessment suggestion: phase criteria met, or N weeks since the last assessment."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import BookingSettings
from programs import dashboard
from programs.models import SessionLog
from programs.reassessment import reassessment_reasons
from tests import factories
from tests.programs.test_client_program import program_with

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _log_days(program, days):
    for offset in range(days):
        SessionLog.objects.create(
            program=program,
            phase=program.current_phase,
            performed_on=TODAY - datetime.timedelta(days=offset),
            pain_before=2,
            pain_after=2,
        )


def _history(practitioner, *, assessed_weeks_ago, logged_days, name="Ruiz"):
    """A client with an active program (started 20 days ago), a completed assessment
    ``assessed_weeks_ago`` weeks ago, and a session logged on each of the last
    ``logged_days`` days (14 meets the first phase's criteria)."""
    client = factories.ClientFactory(practitioner=practitioner, last_name=name)
    if assessed_weeks_ago is not None:
        factories.AssessmentFactory(
            client=client, assessed_on=TODAY - datetime.timedelta(weeks=assessed_weeks_ago)
        )
    program = program_with(1, client, practitioner)
    _log_days(program, logged_days)
    return client


def _due(practitioner):
    return {
        entry.name: entry.reasons
        for entry in dashboard.reassessments_due(
            list(dashboard._programs(today=TODAY, practitioner=practitioner)),
            today=TODAY,
        )
    }


def test_criteria_met_suggests_a_reassessment(practitioner):
    client = _history(practitioner, assessed_weeks_ago=1, logged_days=14)
    reasons = _due(practitioner)[str(client)]
    assert len(reasons) == 1 and reasons[0].startswith("Every criterion of")


def test_six_weeks_since_the_last_assessment_suggests_one(practitioner):
    client = _history(practitioner, assessed_weeks_ago=7, logged_days=2)
    assert _due(practitioner)[str(client)] == [
        f"7 weeks since the last assessment ({TODAY - datetime.timedelta(weeks=7):%-d %b %Y})"
    ]


def test_neither_suggests_nothing(practitioner):
    _history(practitioner, assessed_weeks_ago=5, logged_days=2)
    assert _due(practitioner) == {}


def test_both_reasons_are_given_and_a_booked_reassessment_silences_them(practitioner):
    client = _history(practitioner, assessed_weeks_ago=8, logged_days=14)
    assert len(_due(practitioner)[str(client)]) == 2
    factories.ConsultationFactory(
        practitioner=practitioner,
        client=client,
        appointment_type=factories.AppointmentTypeFactory(kind="reassessment"),
    )
    assert _due(practitioner) == {}


def test_a_client_never_assessed_is_not_offered_a_reassessment(practitioner):
    _history(practitioner, assessed_weeks_ago=None, logged_days=14)
    assert _due(practitioner) == {}


def test_the_rule_counts_whole_weeks_at_the_boundary():
    day = datetime.date(2026, 3, 1)
    common = {"ready": False, "phase_name": "Phase 1", "booked": False, "today": day}
    six_weeks_ago = day - datetime.timedelta(weeks=6)
    assert reassessment_reasons(last_assessed=six_weeks_ago, weeks=6, **common)
    one_day_short = six_weeks_ago + datetime.timedelta(days=1)
    assert not reassessment_reasons(last_assessed=one_day_short, weeks=6, **common)
    assert reassessment_reasons(last_assessed=one_day_short, weeks=5, **common)


def test_the_owners_number_of_weeks_is_used_on_the_dashboard(practitioner_client, practitioner):
    client = _history(practitioner, assessed_weeks_ago=4, logged_days=2)
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert "No reassessment is due right now." in body
    BookingSettings.objects.create(pk=1, reassess_after_weeks=3)
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert "4 weeks since the last assessment" in body
    book = reverse("clients:appointment_create", args=[client.pk]) + "?kind=reassessment"
    assert book in body


def test_the_client_page_shows_the_suggestion_with_a_booking_link(
    practitioner_client, practitioner
):
    client = _history(practitioner, assessed_weeks_ago=7, logged_days=2)
    body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert "A reassessment is due" in body and "7 weeks since the last assessment" in body
    assert reverse("clients:appointment_create", args=[client.pk]) + "?kind=reassessment" in body
    quiet = _history(practitioner, assessed_weeks_ago=1, logged_days=2, name="Quiet")
    assert (
        "A reassessment is due"
        not in practitioner_client.get(quiet.get_absolute_url()).content.decode()
    )


def test_the_booking_link_preselects_the_reassessment_type_in_one_step(
    practitioner_client, practitioner
):
    client = _history(practitioner, assessed_weeks_ago=7, logged_days=2)
    factories.AppointmentTypeFactory(name="Follow-up", kind="follow_up", position=1)
    reassessment = factories.AppointmentTypeFactory(
        name="Reassessment", kind="reassessment", position=2
    )
    url = reverse("clients:appointment_create", args=[client.pk])
    response = practitioner_client.get(f"{url}?kind=reassessment")
    assert response.context["form"]["appointment_type"].value() == reassessment.pk
    assert f'<option value="{reassessment.pk}" selected>' in response.content.decode()
    plain = practitioner_client.get(url).context["form"]["appointment_type"].value()
    assert plain != reassessment.pk
    nonsense = practitioner_client.get(f"{url}?kind=nonsense")
    assert nonsense.status_code == 200


@pytest.mark.parametrize("clients", [1, 12])
def test_the_dashboard_stays_flat_with_the_reassessment_section(
    practitioner_client, practitioner, django_assert_num_queries, clients
):
    for n in range(clients):
        _history(practitioner, assessed_weeks_ago=7, logged_days=14, name=f"Client{n}")
    with django_assert_num_queries(7):  # as tests/clinic/test_dashboard.py counts them
        body = practitioner_client.get(reverse("dashboard")).content.decode()
    # The dashboard names the first 10 and links to the paged list of them all.
    assert body.count("Book the reassessment") == min(clients, 10)
    assert (f"All {clients} clients due a reassessment" in body) == (clients > 10)


@pytest.mark.parametrize("clients", [1, 12])
def test_the_client_page_with_a_program_runs_the_same_queries_whatever_the_history(
    practitioner_client, practitioner, django_assert_num_queries, clients
):
    client = _history(practitioner, assessed_weeks_ago=7, logged_days=clients)
    for n in range(clients):
        factories.AssessmentFactory(
            client=client, assessed_on=TODAY - datetime.timedelta(weeks=7, days=n + 1)
        )
    # as test_client_pages counts them (the active program with the suggestion's
    # annotations is one of them)
    with django_assert_num_queries(6):
        body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert "A reassessment is due" in body
