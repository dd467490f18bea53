"""A missed questionnaire between visits reaches the practitioner's attention list:
"Missed questionnaire (ODI, due 12 Nov)", computed in the dashboard's one programs
query, its SQL and Python checks held to the same answer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import QuestionnaireResponse, QuestionnaireSchedule
from clients.questionnaires import services as questionnaires
from programs import dashboard, services
from programs.models import ClientProgram
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _program(practitioner, client=None):
    client = client or factories.ClientFactory(practitioner=practitioner, last_name="Quill")
    return services.assign_program(
        client=client,
        template=factories.build_template(phases=1, exercises_per_phase=1),
        start_date=TODAY - 30 * DAY,
        by=practitioner,
    )


def _schedule(client, by, *, stopped=False, measures=("odi",)):
    return QuestionnaireSchedule.objects.create(
        client=client,
        measures=list(measures),
        every_weeks=2,
        starts_on=TODAY - 60 * DAY,
        created_by=by,
        stopped_at=timezone.now() if stopped else None,
    )


def _response(schedule, *, due_days_ago, answered=False):
    due = TODAY - due_days_ago * DAY
    return QuestionnaireResponse.objects.create(
        schedule=schedule,
        client=schedule.client,
        due_on=due,
        closes_on=due + 7 * DAY,
        measures=schedule.measures,
        answered_at=timezone.now() if answered else None,
        pain_now=None,
        odi_answers=[1] * 10 if answered else [],
    )


def _sql_and_python(program):
    annotated = ClientProgram.objects.annotate(
        **questionnaires.missed_annotations(today=TODAY)
    ).get(pk=program.pk)
    rows = QuestionnaireResponse.objects.filter(client=program.client).select_related("schedule")
    return questionnaires.missed_from_annotations(annotated), questionnaires.latest_missed(
        rows, today=TODAY
    )


# (due days ago, answered) per questionnaire; a window is 7 days.
HISTORIES = {
    "missed, nothing since": ([(20, False)], 20),
    "missed, the next one still open": ([(20, False), (3, False)], 20),
    "missed, then the next answered": ([(20, False), (6, True)], None),
    "answered, then missed": ([(34, True), (20, False)], 20),
    "answered in time, the next open": ([(20, True), (2, False)], None),
    "only an open one": ([(2, False)], None),
    "two missed": ([(34, False), (20, False)], 20),
    "none": ([], None),
}


@pytest.mark.parametrize("history", HISTORIES.values(), ids=HISTORIES.keys())
def test_the_sql_and_python_missed_checks_agree(practitioner, history):
    responses, expected_days_ago = history
    program = _program(practitioner)
    schedule = _schedule(program.client, practitioner)
    for days_ago, answered in responses:
        _response(schedule, due_days_ago=days_ago, answered=answered)
    sql, python = _sql_and_python(program)
    assert sql == python
    expected = None if expected_days_ago is None else (TODAY - expected_days_ago * DAY, ["odi"])
    assert sql == expected


def test_a_stopped_schedule_no_longer_counts(practitioner):
    program = _program(practitioner)
    _response(_schedule(program.client, practitioner, stopped=True), due_days_ago=20)
    sql, python = _sql_and_python(program)
    assert sql is None and python is None


def test_the_reason_names_the_measures_and_the_due_date():
    assert (
        questionnaires.missed_reason(datetime.date(2026, 11, 12), ["odi"])
        == "Missed questionnaire (ODI, due 12 Nov)"
    )
    assert (
        questionnaires.missed_reason(datetime.date(2026, 11, 2), ["nprs", "odi", "psfs"])
        == "Missed questionnaire (NPRS, ODI, PSFS, due 2 Nov)"
    )


def test_the_reason_appears_on_the_dashboard_and_goes_when_the_next_one_is_answered(
    practitioner, practitioner_client
):
    program = _program(practitioner)
    schedule = _schedule(program.client, practitioner)
    missed = _response(schedule, due_days_ago=20)
    following = _response(schedule, due_days_ago=2)
    reason = questionnaires.missed_reason(missed.due_on, ["odi"])
    dashboard_body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert reason in dashboard_body
    page = practitioner_client.get(reverse("programs:attention_list")).content.decode()
    assert reason in page
    (entry,) = dashboard.needs_attention(today=TODAY, practitioner=practitioner)
    assert reason in entry.reasons
    questionnaires.answer_questionnaire(
        response=following,
        pain_now=None,
        odi_answers=[1] * 10,
        psfs_scores=[],
        by=program.client.user,
    )
    dashboard_body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert "Missed questionnaire" not in dashboard_body
    assert not any(
        "Missed questionnaire" in reason
        for entry in dashboard.needs_attention(today=TODAY, practitioner=practitioner)
        for reason in entry.reasons
    )
