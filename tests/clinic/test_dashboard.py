from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import QuestionnaireResponse, QuestionnaireSchedule
from clinic.dashboard import providers
from programs import services
from tests import factories


def _fill(practitioner, rows):
    soon = timezone.now() + timedelta(days=1)
    template = factories.build_template(phases=2, exercises_per_phase=1)
    for n, client in enumerate(
        factories.ClientFactory.create_batch(rows, practitioner=practitioner)
    ):
        program = services.assign_program(
            client=client, template=template, start_date=timezone.localdate(), by=practitioner
        )
        factories.SessionLogFactory(program=program, performed_on=timezone.localdate())
        factories.RedFlagFactory(client=client)
        factories.AssessmentFactory(client=client, status="draft", assessed_by=practitioner)
        factories.ConsultationFactory(practitioner=practitioner, start=soon + timedelta(hours=n))
        _missed_questionnaire(client, practitioner)


def _missed_questionnaire(client, by):
    """A questionnaire between visits that closed unanswered (an attention reason)."""
    due = timezone.localdate() - timedelta(days=20)
    schedule = QuestionnaireSchedule.objects.create(
        client=client, measures=["odi"], every_weeks=2, starts_on=due, created_by=by
    )
    QuestionnaireResponse.objects.create(
        schedule=schedule,
        client=client,
        due_on=due,
        closes_on=due + timedelta(days=7),
        measures=["odi"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 40])
def test_the_whole_dashboard_runs_the_same_queries_however_busy_the_clinic(
    practitioner_client, practitioner, django_assert_num_queries, rows
):
    _fill(practitioner, rows)
    # session, user, then each provider's fixed queries (see the per-app tests).
    # The dashboard only reads, so it runs outside a transaction: no SAVEPOINT pair.
    expected = {
        "clients.booking.dashboard.sections": 2,  # first: the week with today, then coming up
        "clients.dashboard.sections": 3,
        "programs.dashboard.sections": 1,
    }
    assert [f"{p.__module__}.{p.__name__}" for p in providers()] == list(expected), (
        "add the new provider's query count here"
    )
    with django_assert_num_queries(1 + sum(expected.values())):
        response = practitioner_client.get(reverse("dashboard"))
    assert response.content.decode().count("Record resolution") == rows
    assert response.content.decode().count("Missed questionnaire (ODI, due") == min(rows, 10)
