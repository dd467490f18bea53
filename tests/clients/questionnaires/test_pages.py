"""The questionnaire pages: the practitioner's schedule, the portal's card and form, the
client page's chart and table, and the scores against the practitioner's form."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.assessments.scoring import ODI_SECTIONS
from clients.models import Assessment, QuestionnaireResponse, QuestionnaireSchedule
from clients.questionnaires import services
from tests import factories

pytestmark = pytest.mark.django_db

ACTIVITIES = ["Sitting through a film", "Walking the dog", "Lifting my toddler"]
ODI = [2, 1, 3, 2, 2, 1, 1, None, 2, 1]
PORTAL_QUESTIONNAIRE = reverse("clients:portal_questionnaire")


def _schedule(client, by, **kwargs):
    return services.schedule_questionnaires(
        client=client,
        measures=kwargs.get("measures", ["nprs", "odi", "psfs"]),
        psfs_activities=ACTIVITIES,
        every_weeks=2,
        starts_on=timezone.localdate(),
        by=by,
    )


def _odi_post(answers):
    return {
        f"odi_{code}": "" if answer is None else str(answer)
        for (code, _label, _s), answer in zip(ODI_SECTIONS, answers, strict=True)
    }


def _portal_answers(pain=4, odi=ODI, psfs=(5, 6, 7)):
    return {
        "pain_now": str(pain),
        **_odi_post(odi),
        **{f"psfs_{n}": str(score) for n, score in enumerate(psfs, start=1)},
    }


# --- the practitioner ---------------------------------------------------------------------


def test_the_practitioner_schedules_with_the_clients_own_activities(
    practitioner_client, client_record, practitioner
):
    factories.AssessmentFactory(
        client=client_record, psfs_items=[{"activity": a, "score": 3} for a in ACTIVITIES]
    )
    url = reverse("clients:questionnaires", args=[client_record.pk])
    page = practitioner_client.get(url).content.decode()
    assert 'value="Walking the dog"' in page  # filled from the latest assessment
    response = practitioner_client.post(
        url,
        {
            "measures": ["nprs", "odi", "psfs"],
            "every_weeks": "3",
            "starts_on": timezone.localdate().isoformat(),
            "activity_1": "Sitting through a film",
            "activity_2": "Walking the dog",
            "activity_3": "Lifting my toddler",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Questionnaires scheduled every 3 weeks." in body
    assert "open until" in body  # the first one, due today
    schedule = QuestionnaireSchedule.objects.get()
    assert (schedule.every_weeks, schedule.psfs_activities) == (3, ACTIVITIES)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"measures": []}, "measures", "at least one"),
        ({"measures": ["sf36"]}, "measures", "valid choice"),
        ({"every_weeks": "0"}, "every_weeks", "greater than or equal to 1"),
        ({"every_weeks": "9" * 30}, "every_weeks", "less than or equal to 26"),
        ({"starts_on": "2001-01-01"}, "starts_on", "past"),
        ({"starts_on": "9999-12-31"}, "starts_on", "within the next year"),
        ({"starts_on": "31/31/2026"}, "starts_on", "valid date"),
        ({"activity_2": "", "activity_3": ""}, "activity_1", "three to five"),
        ({"activity_1": "x" * 121}, "activity_1", "at most 120"),
    ],
)
def test_bad_schedule_input_is_shown_at_the_field(
    practitioner_client, client_record, data, field, message
):
    post = {
        "measures": ["nprs", "psfs"],
        "every_weeks": "2",
        "starts_on": timezone.localdate().isoformat(),
        "activity_1": "a",
        "activity_2": "b",
        "activity_3": "c",
        **data,
    }
    response = practitioner_client.post(
        reverse("clients:questionnaires", args=[client_record.pk]), post
    )
    assert message in " ".join(response.context["form"].errors[field])
    assert not QuestionnaireSchedule.objects.exists()


def test_the_practitioner_stops_the_schedule(practitioner_client, client_record, practitioner):
    _schedule(client_record, practitioner)
    response = practitioner_client.post(
        reverse("clients:questionnaires_stop", args=[client_record.pk]), follow=True
    )
    assert "No more questionnaires will be sent." in response.content.decode()
    assert services.running_schedule(client_record) is None


def test_missed_questionnaires_show_on_the_program_and_client_pages(
    practitioner_client, client_record, practitioner
):
    _schedule(client_record, practitioner)
    QuestionnaireResponse.objects.update(
        due_on=timezone.localdate() - timedelta(days=10),
        closes_on=timezone.localdate() - timedelta(days=3),
    )
    program_page = practitioner_client.get(
        reverse("programs:program_detail", args=[client_record.pk])
    ).content.decode()
    due = (timezone.localdate() - timedelta(days=10)).strftime("%-d %b")
    assert f"<strong>Missed:</strong> due {due} (not answered within 7 days)" in program_page
    client_page = practitioner_client.get(client_record.get_absolute_url()).content.decode()
    assert "missed</span>" in client_page


@pytest.mark.parametrize("count", [1, 20])
def test_the_schedule_page_costs_the_same_queries_for_1_or_20_questionnaires(
    practitioner_client, client_record, practitioner, django_assert_num_queries, count
):
    schedule = _schedule(client_record, practitioner)
    for n in range(1, count):
        QuestionnaireResponse.objects.create(
            schedule=schedule,
            client=client_record,
            due_on=timezone.localdate() - timedelta(weeks=2 * n),
            closes_on=timezone.localdate() - timedelta(weeks=2 * n) + timedelta(days=7),
        )
    # savepoint, session, user, client, running schedule, the latest assessment's activities
    # (none: the schedule's are used), questionnaires, release
    with django_assert_num_queries(6):
        response = practitioner_client.get(
            reverse("clients:questionnaires", args=[client_record.pk])
        )
    assert response.content.decode().count("questionnaire-table") == 1
    assert len(response.context["responses"]) == count


# --- the client ---------------------------------------------------------------------------


def test_the_portal_shows_a_card_and_the_client_answers(portal_client, client_record, practitioner):
    _schedule(client_record, practitioner)
    home = portal_client.get(reverse("programs:portal_home")).content.decode()
    assert "A short questionnaire" in home
    page = portal_client.get(PORTAL_QUESTIONNAIRE).content.decode()
    assert "Walking the dog" in page
    assert "How bad is your pain right now?" in page
    response = portal_client.post(PORTAL_QUESTIONNAIRE, _portal_answers(), follow=True)
    body = response.content.decode()
    assert "Thank you! Your answers are with your practitioner." in body
    assert "filled in by you" in body
    assert "Walking the dog: 6" in body
    answered = QuestionnaireResponse.objects.get()
    assert (answered.pain_now, answered.odi_answers) == (4, ODI)
    home = portal_client.get(reverse("programs:portal_home")).content.decode()
    assert "A short questionnaire" not in home
    again = portal_client.get(PORTAL_QUESTIONNAIRE).content.decode()
    assert "No questionnaire right now" in again


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"pain_now": ""}, "pain_now", "Choose a number from 0 to 10"),
        ({"pain_now": "11"}, "pain_now", "valid choice"),
        ({"psfs_2": ""}, "psfs_2", "Rate this activity"),
        ({"psfs_2": "-1"}, "psfs_2", "valid choice"),
        ({"odi_lifting": "6"}, "odi_lifting", "one of the six statements"),
    ],
)
def test_bad_answers_are_shown_at_the_field_and_nothing_is_saved(
    portal_client, client_record, practitioner, data, field, message
):
    _schedule(client_record, practitioner)
    response = portal_client.post(PORTAL_QUESTIONNAIRE, {**_portal_answers(), **data})
    assert message in " ".join(response.context["form"].errors[field])
    assert "Nothing was sent yet." in response.content.decode()
    assert QuestionnaireResponse.objects.get().answered_at is None


def test_no_odi_answer_at_all_is_refused_with_a_message(portal_client, client_record, practitioner):
    _schedule(client_record, practitioner)
    response = portal_client.post(PORTAL_QUESTIONNAIRE, _portal_answers(odi=[None] * 10))
    assert "Answer at least one of the daily-life questions." in response.content.decode()
    assert QuestionnaireResponse.objects.get().answered_at is None


def test_scores_from_the_portal_are_identical_to_the_practitioners_form(
    practitioner_client, client_record, practitioner
):
    """The same answers typed by the practitioner (assessment page) and by the client
    (portal) give the same ODI, PSFS and NPRS."""
    portal_client = HttpClient()
    portal_client.force_login(client_record.user)
    for odi, psfs, pain in [
        (ODI, (5, 6, 7), 4),
        ([5] * 10, (0, 0, 0), 10),
        ([0, None, None, None, None, None, None, None, None, 1], (10, 9, 10), 0),
    ]:
        QuestionnaireSchedule.objects.update(stopped_at=timezone.now())
        _schedule(client_record, practitioner)
        portal_client.post(PORTAL_QUESTIONNAIRE, _portal_answers(pain, odi, psfs))
        url = reverse("clients:assessment_create", args=[client_record.pk])
        form = practitioner_client.get(url).context["form"]
        data = {name: form[name].value() for name in form.fields}
        data = {k: v for k, v in data.items() if v not in (None, [])}
        data.update(_odi_post(odi), pain_now=str(pain), save_draft="1")
        data.update(
            {f"psfs_activity_{n}": a for n, a in enumerate(ACTIVITIES, start=1)},
            **{f"psfs_score_{n}": str(s) for n, s in enumerate(psfs, start=1)},
        )
        practitioner_client.post(url, data)
        theirs = QuestionnaireResponse.objects.answered().latest("id")
        ours = Assessment.objects.latest("id")
        assert theirs.odi == ours.odi
        assert theirs.psfs == ours.psfs
        assert theirs.pain_now == ours.pain_now == pain
        assert theirs.psfs_items == ours.psfs_items


def test_the_portal_questionnaire_page_costs_fixed_queries(
    portal_client, client_record, practitioner, django_assert_num_queries
):
    _schedule(client_record, practitioner)
    # savepoint, session, user, current consent version, client, open questionnaire, release
    with django_assert_num_queries(6):
        response = portal_client.get(PORTAL_QUESTIONNAIRE)
    assert "Send my answers" in response.content.decode()


def test_answers_land_on_the_client_pages_chart_marked_client_reported(
    practitioner_client, client_record, practitioner
):
    factories.AssessmentFactory(
        client=client_record, assessed_on=timezone.localdate() - timedelta(days=14), pain_now=7
    )
    _schedule(client_record, practitioner)
    services.answer_questionnaire(
        response=services.open_for_client(client_record),
        pain_now=3,
        odi_answers=ODI,
        psfs_scores=[5, 6, 7],
        by=None,
    )
    response = practitioner_client.get(client_record.get_absolute_url())
    chart = json.loads(response.context["chart_data"])
    assert chart["pain"] == [7.0, None]
    assert chart["pain_client"] == [None, 3.0]
    assert chart["odi_client"] == [None, 33.3]
    body = response.content.decode()
    assert "client-reported</span>" in body
    assert 'id="progress-chart"' in body


def test_the_timeline_shows_consent_and_questionnaires(
    practitioner_client, client_record, practitioner, owner
):
    from clients.consent import services as consent

    consent.sign_consent(
        client=client_record,
        version=consent.save_consent_text(
            text="We agree.", change_note="", by=owner, expected_number=None
        ),
        full_name="Alice",
        how="in clinic",
        by=practitioner,
    )
    _schedule(client_record, practitioner)
    services.answer_questionnaire(
        response=services.open_for_client(client_record),
        pain_now=3,
        odi_answers=ODI,
        psfs_scores=[5, 6, 7],
        by=None,
    )
    for url in [
        client_record.get_absolute_url(),
        reverse("clients:client_timeline", args=[client_record.pk]),
    ]:
        body = practitioner_client.get(url).content.decode()
        assert "Agreed to consent version 1" in body
        assert "Questionnaire (client-reported)" in body
        assert "pain 3/10, ODI 33.3 %, PSFS 6.0" in body
