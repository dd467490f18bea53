"""Questionnaires between visits: scheduling, what falls due, the email sent once,
answers scored like the practitioner's, missed ones, erasure."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from clients.erasure.services import anonymise_client
from clients.models import Client, QuestionnaireResponse, QuestionnaireSchedule
from clients.questionnaires import services
from programs import services as programs
from tests import factories

pytestmark = pytest.mark.django_db

ACTIVITIES = ["Sitting through a film", "Walking the dog", "Lifting my toddler"]


def _schedule(client, by, *, starts_on=None, every_weeks=2, measures=("nprs", "odi", "psfs")):
    return services.schedule_questionnaires(
        client=client,
        measures=list(measures),
        psfs_activities=ACTIVITIES,
        every_weeks=every_weeks,
        starts_on=starts_on or timezone.localdate(),
        by=by,
    )


def test_a_schedule_starting_today_opens_its_first_questionnaire_at_once(practitioner):
    client = factories.ClientFactory()
    schedule = _schedule(client, practitioner)
    response = services.open_for_client(client)
    assert response.schedule == schedule
    assert response.due_on == timezone.localdate()
    assert response.closes_on == timezone.localdate() + timedelta(days=7)
    assert response.measures == ["nprs", "odi", "psfs"]
    assert response.psfs_activities == ACTIVITIES


def test_a_new_schedule_replaces_the_running_one(practitioner):
    client = factories.ClientFactory()
    first = _schedule(client, practitioner)
    second = _schedule(client, practitioner, every_weeks=4, measures=["nprs"])
    first.refresh_from_db()
    assert first.stopped_at is not None
    assert services.running_schedule(client) == second
    assert second.psfs_activities == []  # not asked


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measures": []}, "at least one"),
        ({"measures": ["sf36"]}, "at least one"),
        ({"every_weeks": 0}, "every 1 to 26"),
        ({"every_weeks": 27}, "every 1 to 26"),
        ({"starts_on": timezone.localdate() - timedelta(days=1)}, "past"),
        ({"psfs_activities": ["Only one"]}, "3 to 5"),
        ({"psfs_activities": ["x" * 121, "b", "c"]}, "under 120"),
    ],
)
def test_bad_schedules_are_refused_and_nothing_is_saved(practitioner, kwargs, message):
    arguments = {
        "client": factories.ClientFactory(),
        "measures": ["nprs", "psfs"],
        "psfs_activities": ACTIVITIES,
        "every_weeks": 2,
        "starts_on": timezone.localdate(),
        "by": practitioner,
        **kwargs,
    }
    with pytest.raises(services.QuestionnaireError, match=message):
        services.schedule_questionnaires(**arguments)
    assert not QuestionnaireSchedule.objects.exists()


def test_the_activities_default_to_the_latest_assessments(practitioner):
    client = factories.ClientFactory()
    factories.AssessmentFactory(
        client=client,
        assessed_on=timezone.localdate() - timedelta(days=30),
        psfs_items=[{"activity": "Old", "score": 3}] * 3,
    )
    factories.AssessmentFactory(
        client=client,
        psfs_items=[{"activity": a, "score": 4} for a in ACTIVITIES],
    )
    assert services.default_activities(client) == ACTIVITIES


def test_due_dates_fall_every_n_weeks_and_a_missed_run_still_opens_each(practitioner):
    client = factories.ClientFactory()
    schedule = _schedule(client, practitioner, every_weeks=1)
    later = timezone.localdate() + timedelta(weeks=3)
    assert services.open_all_due(today=later) == 3
    days = list(schedule.responses.values_list("due_on", flat=True))
    assert days == [timezone.localdate() + timedelta(weeks=n) for n in range(4)]
    assert services.open_all_due(today=later) == 0  # idempotent
    assert schedule.next_due_after(later) == timezone.localdate() + timedelta(weeks=4)


def test_the_email_goes_once_even_when_two_runs_overlap(practitioner, mailoutbox):
    client = factories.ClientFactory(email="ann@example.org", first_name="Ann")
    _schedule(client, practitioner)
    now = timezone.now()
    response = QuestionnaireResponse.objects.get()
    assert services.claim_email(response.pk, now=now)
    assert not services.claim_email(response.pk, now=now)  # the second run loses
    QuestionnaireResponse.objects.update(emailed_at=None)
    assert services.send_due_questionnaires(now=now) == 1
    assert services.send_due_questionnaires(now=now) == 0
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["ann@example.org"]
    assert "Hello Ann" in email.body
    assert "/portal/questionnaire/" in email.body


def test_a_failed_email_is_released_for_the_next_run(practitioner, mailoutbox):
    _schedule(factories.ClientFactory(email="ann@example.org"), practitioner)
    with mock.patch("clients.questionnaires.emails.EmailMessage.send", side_effect=OSError("down")):
        assert services.send_due_questionnaires(now=timezone.now()) == 0
    assert QuestionnaireResponse.objects.get().emailed_at is None
    assert services.send_due_questionnaires(now=timezone.now()) == 1


def test_send_reminders_runs_the_questionnaire_part(practitioner, mailoutbox, capsys):
    _schedule(factories.ClientFactory(email="ann@example.org"), practitioner)
    call_command("send_reminders")
    assert "Sent 1 questionnaire email(s)." in capsys.readouterr().out
    assert len(mailoutbox) == 1


def test_no_email_for_a_stopped_schedule_or_a_client_without_email(practitioner, mailoutbox):
    _schedule(factories.ClientFactory(email=""), practitioner)
    stopped = factories.ClientFactory(email="b@example.org")
    _schedule(stopped, practitioner)
    services.stop_questionnaires(client=stopped, by=practitioner)
    assert services.send_due_questionnaires(now=timezone.now()) == 0
    assert mailoutbox == []


def _answer(response, by, **overrides):
    answers = {
        "pain_now": 4,
        "odi_answers": [2, 1, 3, 2, 2, 1, 1, None, 2, 1],
        "psfs_scores": [5, 6, 7],
        **overrides,
    }
    return services.answer_questionnaire(response=response, by=by, **answers)


def test_answers_are_scored_by_the_assessments_code(practitioner):
    client = factories.ClientFactory()
    _schedule(client, practitioner)
    response = _answer(services.open_for_client(client), client.user)
    same = factories.AssessmentFactory(
        client=client,
        pain_now=4,
        odi_answers=[2, 1, 3, 2, 2, 1, 1, None, 2, 1],
        psfs_items=[
            {"activity": a, "score": s} for a, s in zip(ACTIVITIES, [5, 6, 7], strict=True)
        ],
    )
    assert response.odi == same.odi  # total 15 of 9 sections: 33.3 %
    assert str(response.odi.percent) == "33.3"
    assert response.psfs == same.psfs == 6
    assert response.pain_now == same.pain_now


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pain_now": None}, "pain now"),
        ({"pain_now": 11}, "pain now"),
        ({"odi_answers": [None] * 10}, "at least one"),
        ({"odi_answers": [9] + [None] * 9}, "0 to 5"),
        ({"psfs_scores": [5, 6]}, "Rate each"),
        ({"psfs_scores": [5, 6, 70]}, "0 to 10"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(practitioner, overrides, message):
    client = factories.ClientFactory()
    _schedule(client, practitioner)
    response = services.open_for_client(client)
    with pytest.raises(services.QuestionnaireError, match=message):
        _answer(response, None, **overrides)
    response.refresh_from_db()
    assert response.answered_at is None
    assert response.odi_answers == []


def test_a_questionnaire_is_answered_once(practitioner):
    client = factories.ClientFactory()
    _schedule(client, practitioner)
    response = services.open_for_client(client)
    _answer(response, None)
    with pytest.raises(services.QuestionnaireError, match="already sent"):
        _answer(response, None, pain_now=1)
    response.refresh_from_db()
    assert response.pain_now == 4
    assert services.open_for_client(client) is None


def test_after_the_window_it_is_missed_and_cannot_be_answered(practitioner):
    client = factories.ClientFactory()
    _schedule(client, practitioner)
    response = QuestionnaireResponse.objects.get()
    later = timezone.localdate() + timedelta(days=8)
    assert services.open_for_client(client, today=later) is None
    assert response.is_missed(later)
    assert services.summary_for(client, today=later).missed == [response]
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        with pytest.raises(services.QuestionnaireError, match="closed"):
            _answer(response, None)


def test_ending_the_program_stops_the_questionnaires(practitioner, client_record):
    program = programs.assign_program(
        client=client_record,
        template=factories.build_template(phases=1),
        start_date=timezone.localdate(),
        by=practitioner,
    )
    _schedule(client_record, practitioner)
    programs.end_program(
        program=program, by=practitioner, expected_version=program.version, reason="Done"
    )
    assert services.running_schedule(client_record) is None


def test_erasure_wipes_the_clients_own_words_and_keeps_the_scores(owner, practitioner):
    client = factories.ClientFactory(status=Client.Status.DISCHARGED)
    _schedule(client, practitioner)
    _answer(services.open_for_client(client), None)
    anonymise_client(client=client, by=owner)
    response = QuestionnaireResponse.objects.get()
    assert response.psfs_activities == ["Activity 1", "Activity 2", "Activity 3"]
    assert [item["score"] for item in response.psfs_items] == [5, 6, 7]
    assert "dog" not in str(list(QuestionnaireResponse.history.values()))
    assert "dog" not in str(list(QuestionnaireSchedule.history.values()))
    assert "dog" not in str(list(QuestionnaireSchedule.objects.values()))
    assert services.running_schedule(client) is None


@pytest.mark.parametrize("running", [True, False])
def test_the_summary_read_as_annotations_equals_the_summary_query(practitioner, running):
    """The program page reads the summary with the client's programs
    (``summary_annotations``): the same schedule and missed days as ``summary_for``."""
    client = factories.ClientFactory()
    other = factories.ClientFactory()
    schedule = _schedule(client, practitioner, every_weeks=3, measures=("odi", "nprs"))
    today = timezone.localdate() + timedelta(days=80)
    for weeks in range(1, 9):  # more missed than the summary shows, one answered
        due = timezone.localdate() + timedelta(weeks=weeks)
        QuestionnaireResponse.objects.create(
            schedule=schedule,
            client=client,
            due_on=due,
            closes_on=due + timedelta(days=7),
            answered_at=timezone.now() if weeks == 4 else None,
        )
    if not running:
        services.stop_questionnaires(client=client, by=practitioner)
    expected = services.summary_for(client, today=today)
    rows = Client.objects.annotate(
        **services.summary_annotations(today=today, client_field="pk")
    ).order_by("pk")
    found = services.summary_from_annotations(rows.get(pk=client.pk))
    assert [r.due_on for r in found.missed] == [r.due_on for r in expected.missed]
    assert len(found.missed) == services.MISSED_SHOWN
    if running:
        assert found.schedule.pk == expected.schedule.pk
        assert found.schedule.measure_labels == expected.schedule.measure_labels
        assert found.schedule.every_weeks == 3
    else:
        assert expected.schedule is None and found.schedule is None
    nothing = services.summary_from_annotations(rows.get(pk=other.pk))
    assert nothing.schedule is None and nothing.missed == []
