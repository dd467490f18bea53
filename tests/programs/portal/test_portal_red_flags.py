"""The portal's safety questions: a single "yes" from any door is saved first and acted
on; exercise stops in every page that shows it until a practitioner clears the flag."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlag, SafetyCheck
from clients.red_flags import services as red_flags
from clients.vocab import CHECK_IN_RED_FLAGS, RED_FLAG_PLAIN
from programs.models import ProgramExercise, SessionLog
from programs.portal import check_in as portal
from tests import factories

TODAY = timezone.localdate()
CHECK_IN = reverse("programs:portal_check_in")
HOME = reverse("programs:portal_home")
PRINT = reverse("programs:portal_program_print")
SAFETY = reverse("programs:portal_safety_check")
SESSION = reverse("programs:portal_session_step", args=[1])
SESSION_END = reverse("programs:portal_session_end")


def _items(program):
    return list(ProgramExercise.objects.filter(phase=program.current_phase).order_by("position"))


def _full_check_in(program, **overrides):
    data = {
        "program": program.pk,
        "day": TODAY.isoformat(),
        "done": [item.pk for item in _items(program)],
        "pain_before": 5,
        "pain_after": 3,
        "leg_symptoms": "eased",
        "effort": "easy",
        "note": "",
        **{f"flag_{code}": "no" for code in CHECK_IN_RED_FLAGS},
    }
    data.update(overrides)
    return data


def _clear(client_record, practitioner):
    for flag in client_record.red_flags.unresolved():
        red_flags.clear_red_flag(
            red_flag=flag,
            by=practitioner,
            resolution=RedFlag.Resolution.MEDICAL_CLEARANCE,
            note="Seen by GP",
            cleared_by_name="Dr Ade",
            cleared_on=TODAY,
        )


def test_a_single_yes_with_every_other_field_blank_is_saved_and_acted_on(
    portal_client, program, practitioner, client_record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = portal_client.post(
            CHECK_IN, {"flag_bladder_bowel": "yes", "note": "Cannot feel when I need to go"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:portal_urgent")
    flag = RedFlag.objects.get()
    assert (flag.client, flag.source, flag.answers) == (
        client_record,
        RedFlag.Source.CHECK_IN,
        ["bladder_bowel"],
    )
    assert flag.details == "Cannot feel when I need to go"
    assert SafetyCheck.objects.get().answers == {"bladder_bowel": True}
    assert not SessionLog.objects.exists()  # the session part was blank: nothing of it saved
    assert [email.to for email in mail.outbox] == [[practitioner.email]]


def test_a_yes_with_an_invalid_session_still_raises_and_the_session_is_not_half_saved(
    portal_client, program
):
    response = portal_client.post(
        CHECK_IN, _full_check_in(program, pain_after="lots", flag_saddle_numbness="yes")
    )
    assert response["Location"] == reverse("programs:portal_urgent")
    assert RedFlag.objects.get().answers == ["saddle_numbness"]
    assert not SessionLog.objects.exists()


def test_a_client_who_feels_better_can_still_report_a_bladder_change(portal_client, program):
    body = portal_client.get(CHECK_IN).content.decode()
    for code in CHECK_IN_RED_FLAGS:
        assert f'name="flag_{code}"' in body
        assert RED_FLAG_PLAIN[code] in body
    assert "check-in.js" not in body  # no script hides them any more
    response = portal_client.post(
        CHECK_IN, _full_check_in(program, pain_before=6, pain_after=2, flag_bladder_bowel="yes")
    )
    assert response["Location"] == reverse("programs:portal_urgent")
    assert RedFlag.objects.get().answers == ["bladder_bowel"]
    # A valid session is kept as well, without a "well done".
    assert SessionLog.objects.get(program=program).pain_after == 2


def test_the_safety_questions_come_before_the_session_questions(portal_client, program):
    body = portal_client.get(CHECK_IN).content.decode()
    assert body.index('name="flag_saddle_numbness"') < body.index('name="pain_before"')


def test_errors_are_summarised_at_the_top_and_link_to_their_fields(portal_client, program):
    response = portal_client.post(
        CHECK_IN, _full_check_in(program, pain_before="", leg_symptoms="", effort="")
    )
    body = response.content.decode()
    summary = body.index('id="error-summary"')
    assert summary < body.index('name="flag_saddle_numbness"')
    assert 'href="#id_pain_before"' in body and 'id="id_pain_before"' in body
    assert 'href="#leg-spread"' in body and 'id="leg-spread"' in body
    assert 'href="#effort-easy"' in body and 'id="effort-easy"' in body
    assert "Pain before (0-10) — Please give a number from 0 to 10." in body
    assert "Please check 3 things" in body
    assert not RedFlag.objects.exists() and not SessionLog.objects.exists()


def test_an_unanswered_safety_question_after_a_worse_session_links_to_it(portal_client, program):
    data = _full_check_in(program, pain_before=2, pain_after=6)
    del data["flag_progressive_weakness"]
    body = portal_client.post(CHECK_IN, data).content.decode()
    assert 'href="#id_flag_progressive_weakness-no"' in body
    assert 'id="id_flag_progressive_weakness-no"' in body


@pytest.mark.parametrize("url", [HOME, PRINT, CHECK_IN, SESSION, SESSION_END])
def test_an_open_flag_replaces_the_exercises_with_a_stop_notice_until_cleared(
    portal_client, program, client_record, practitioner, url
):
    names = [item.exercise.name for item in _items(program)]
    factories.RedFlagFactory(client=client_record, source=RedFlag.Source.CHECK_IN)
    body = portal_client.get(url).content.decode()
    assert "Your exercises are paused" in body
    assert "What to do instead" in body
    assert not any(name in body for name in names)
    assert "data-counter" not in body and "Start today's session" not in body
    assert "Log today's session" not in body and "Save my session" not in body
    _clear(client_record, practitioner)
    body = portal_client.get(url).content.decode()
    assert "Your exercises are paused" not in body
    # The session's page shows its one exercise; every other page, all of them.
    assert all(name in body for name in (names[:1] if url == SESSION else names))


def test_the_handout_shows_the_stop_notice_instead_of_exercises(
    practitioner_client, program, client_record
):
    factories.RedFlagFactory(client=client_record)
    body = practitioner_client.get(
        reverse("programs:program_handout", args=[client_record.pk])
    ).content.decode()
    assert "Your exercises are paused" in body
    assert 'class="exercise-card card' not in body


def test_the_weekly_safety_card_shows_until_answered_even_without_a_program(portal_client):
    body = portal_client.get(HOME).content.decode()
    assert "This week's safety check" in body
    response = portal_client.post(
        SAFETY,
        {
            f"flag_{code}": "no"
            for code in ("saddle_numbness", "bladder_bowel", "progressive_weakness")
        },
    )
    assert response["Location"] == HOME
    check = SafetyCheck.objects.get()
    assert check.source == SafetyCheck.Source.WEEKLY and check.cauda_equina_answered
    assert check.answers == {
        "saddle_numbness": False,
        "bladder_bowel": False,
        "progressive_weakness": False,
    }
    assert "This week's safety check" not in portal_client.get(HOME).content.decode()
    SafetyCheck.objects.update(answered_at=timezone.now() - datetime.timedelta(days=7, hours=1))
    assert "This week's safety check" in portal_client.get(HOME).content.decode()


def test_a_yes_on_the_weekly_card_raises_a_flag_even_with_the_rest_unanswered(
    portal_client, client_record
):
    response = portal_client.post(SAFETY, {"flag_progressive_weakness": "yes"})
    assert response["Location"] == reverse("programs:portal_urgent")
    flag = RedFlag.objects.get()
    assert (flag.client, flag.answers) == (client_record, ["progressive_weakness"])
    assert SafetyCheck.objects.get().red_flag == flag


def test_an_incomplete_weekly_card_says_what_is_missing(portal_client):
    body = portal_client.post(SAFETY, {"flag_saddle_numbness": "no"}).content.decode()
    assert 'href="#id_flag_bladder_bowel-no"' in body
    assert "Please answer yes or no." in body
    assert not SafetyCheck.objects.filter(cauda_equina_answered=True).exists()


def test_a_check_in_that_answers_the_three_counts_as_the_weeks_safety_check(portal_client, program):
    portal_client.post(CHECK_IN, _full_check_in(program))
    assert SafetyCheck.objects.get().cauda_equina_answered
    assert "This week's safety check" not in portal_client.get(HOME).content.decode()


@pytest.mark.parametrize("flagged", [False, True])
def test_the_portal_pages_cost_the_same_queries_with_or_without_a_red_flag(
    portal_client, program, client_record, django_assert_num_queries, flagged
):
    if flagged:
        factories.RedFlagFactory(client=client_record)
    # session, user, active program with the client record, whether today is logged, an
    # open flag and this week's safety card; its exercises (none while stopped; the
    # pictures are on the session's pages)
    # + the current consent version (cold cache here; cached after the first request)
    # + an open questionnaire
    with django_assert_num_queries(4 if flagged else 6):
        portal_client.get(HOME)
    # session, user, client record, active program with its open flag; its exercises
    # and their photos and clips
    with django_assert_num_queries(3 if flagged else 5):
        portal_client.get(PRINT)
    # session, user, client record, active program with its open flag; then (not
    # stopped) its exercises and the chosen day's log
    with django_assert_num_queries(3 if flagged else 5):
        portal_client.get(CHECK_IN)
    # session, user, active program with the client record, today's sessions and the
    # flag; then (not stopped) its exercises, their photos and clips, easier versions
    with django_assert_num_queries(2 if flagged else 5):
        portal_client.get(SESSION)
    # session, user, client record, active program with its open flag; then (not
    # stopped) its exercises
    with django_assert_num_queries(3 if flagged else 4):
        portal_client.get(SESSION_END)


def test_the_home_page_without_a_program_still_costs_one_query_for_the_client(
    portal_client, django_assert_num_queries
):
    # session, user, no active program, the client record with its open flag and this
    # week's safety card
    # + the current consent version (cold cache here; cached after the first request)
    # + an open questionnaire
    with django_assert_num_queries(5):
        body = portal_client.get(HOME).content.decode()
    assert "This week's safety check" in body


def test_the_safety_card_page_costs_three_queries(portal_client, django_assert_num_queries):
    # session, user, client record (no request transaction: the answers have their own)
    # + the current consent version (cold cache here; cached after the first request)
    with django_assert_num_queries(3):
        body = portal_client.get(SAFETY).content.decode()
    assert "In the last week, have you had any of these?" in body


def test_portal_state_says_the_flag_and_the_card(client_record, program):
    client, found = portal.signed_in_client_and_program(client_record.user)
    assert (client.open_red_flag, client.safety_check_due, found) == (False, True, program)


def test_a_double_tap_on_the_weekly_card_raises_one_flag(portal_client, client_record):
    """The weekly card carries a one-time key (clinic.once with atomic=False: the key
    commits on its own, before the answers), so a repeat raises nothing new."""
    page = portal_client.get(SAFETY).content.decode()
    key = page.split('name="once_key" value="', 1)[1].split('"', 1)[0]
    answers = {"flag_progressive_weakness": "yes", "once_key": key}
    responses = [portal_client.post(SAFETY, answers) for _ in range(5)]
    assert {r["Location"] for r in responses} == {reverse("programs:portal_urgent")}
    assert RedFlag.objects.filter(client=client_record).count() == 1
    assert SafetyCheck.objects.count() == 1
