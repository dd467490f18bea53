"""The check-in: what is saved, what is refused, and when a red flag is raised."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlag
from clients.vocab import CHECK_IN_RED_FLAGS, RED_FLAG_PLAIN, RED_FLAG_QUESTIONS
from programs import services
from programs.models import ExerciseCompletion, ProgramExercise, SessionLog
from programs.portal import check_in as portal
from programs.services import ProgramError
from tests import factories

TODAY = timezone.localdate()
URL = reverse("programs:portal_check_in")


def _items(program):
    return list(ProgramExercise.objects.filter(phase=program.current_phase).order_by("position"))


def _post(program, **overrides):
    data = {
        "program": program.pk,
        "day": TODAY.isoformat(),
        "done": [item.pk for item in _items(program)],
        "pain_before": 4,
        "pain_after": 3,
        "leg_symptoms": "same",
        "effort": "moderate",
        "note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _all_no():
    return {f"flag_{code}": "no" for code, _q, _p in RED_FLAG_QUESTIONS}


def _service(program, client_record, **overrides):
    kwargs = {
        "client": client_record,
        "program_id": program.pk,
        "day": TODAY,
        "pain_before": 4,
        "pain_after": 3,
        "leg_symptoms": "same",
        "effort": "moderate",
        "note": "",
        "done_item_ids": [item.pk for item in _items(program)],
        "by": client_record.user,
    }
    kwargs.update(overrides)
    return portal.record_check_in(**kwargs)


def test_the_check_in_page_asks_every_question_with_a_label(portal_client, program):
    body = portal_client.get(URL).content.decode()
    assert 'for="id_pain_before"' in body
    assert "Leg pain, numbness or tingling" in body
    assert "Answering <strong>Yes</strong> to any one is enough" in body
    assert all(RED_FLAG_PLAIN[code] in body for code in CHECK_IN_RED_FLAGS)
    assert all(f'for="done-{item.pk}"' in body for item in _items(program))
    assert "are educational" in body


def test_a_client_logs_todays_session_with_the_exercises_done(portal_client, program):
    response = portal_client.post(URL, _post(program, note="Bridges felt easier"))
    assert response.status_code == 302
    log = SessionLog.objects.get(program=program)
    assert (log.performed_on, log.pain_before, log.pain_after) == (TODAY, 4, 3)
    assert log.note == "Bridges felt easier"
    assert log.phase == program.current_phase
    assert log.completions.count() == len(_items(program))
    assert log.history.first().history_user == program.client.user


def test_a_second_session_on_the_same_day_is_a_second_record(portal_client, program):
    portal_client.post(URL, _post(program, pain_after=3))
    response = portal_client.post(URL, _post(program, pain_after=2, done=[_items(program)[0].pk]))
    assert response.status_code == 302
    first, second = SessionLog.objects.filter(program=program).order_by("session_number")
    assert (first.session_number, first.pain_after, first.completions.count()) == (1, 3, 2)
    assert (second.session_number, second.pain_after, second.completions.count()) == (2, 2, 1)
    assert first.performed_on == second.performed_on == TODAY
    assert "Session 2 for" in portal_client.get(reverse("programs:portal_home")).content.decode()


def test_a_session_logged_today_can_be_changed_by_its_number(portal_client, program):
    portal_client.post(URL, _post(program, pain_after=3))
    portal_client.post(URL, _post(program, pain_after=4))
    body = portal_client.get(URL, {"day": TODAY.isoformat()}).content.decode()
    assert "2 sessions logged on" in body and "adds session 3" in body
    page = portal_client.get(URL, {"day": TODAY.isoformat(), "session": "1"})
    assert page.context["form"]["pain_after"].value() == 3
    assert "Save changes to session 1" in page.content.decode()
    portal_client.post(URL, _post(program, pain_after=1, session=1))
    assert list(
        SessionLog.objects.order_by("session_number").values_list("session_number", "pain_after")
    ) == [(1, 1), (2, 4)]


def test_a_past_day_in_the_last_week_can_be_logged(portal_client, program):
    day = TODAY - datetime.timedelta(days=3)
    portal_client.post(URL, _post(program, day=day.isoformat()))
    assert SessionLog.objects.get(program=program).performed_on == day


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pain_before": 11}, "Pain is a number from 0 (none) to 10 (worst)."),
        ({"pain_after": -1}, "Pain is a number from 0 (none) to 10 (worst)."),
        ({"pain_after": "lots"}, "Pain is a number from 0 (none) to 10 (worst)."),
        ({"pain_before": None}, "Please give a number from 0 to 10."),
        ({"leg_symptoms": None}, "Choose how your leg felt."),
        (
            {"day": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "a day that has not come yet",
        ),
        (
            {"day": (TODAY - datetime.timedelta(days=7)).isoformat()},
            "the last 7 days only",
        ),
    ],
)
def test_bad_check_ins_are_refused_with_a_clear_message_and_nothing_saved(
    portal_client, program, overrides, message
):
    response = portal_client.post(URL, _post(program, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionLog.objects.exists()


def test_a_day_before_the_program_started_is_refused(client_record, program):
    with pytest.raises(ProgramError, match="started on"):
        _service(program, client_record, day=program.start_date - datetime.timedelta(days=1))


def test_logging_against_an_ended_program_is_refused_and_nothing_saved(
    portal_client, program, practitioner
):
    form = _post(program)
    services.end_program(
        program=program, by=practitioner, expected_version=program.version, reason="Done"
    )
    response = portal_client.post(URL, form)
    assert "no active exercise program" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_the_service_refuses_an_ended_program(client_record, program, practitioner):
    services.end_program(
        program=program, by=practitioner, expected_version=program.version, reason="Done"
    )
    with pytest.raises(ProgramError, match="has ended"):
        _service(program, client_record)
    assert not SessionLog.objects.exists()


def test_an_exercise_not_in_the_current_phase_is_refused_and_nothing_saved(portal_client, program):
    later_phase_item = ProgramExercise.objects.exclude(phase=program.current_phase).first()
    response = portal_client.post(URL, _post(program, done=[later_phase_item.pk]))
    assert "no longer in your current phase" in response.content.decode()
    assert not SessionLog.objects.exists()
    assert not ExerciseCompletion.objects.exists()


def test_another_clients_program_cannot_be_logged_against(
    portal_client, other_client_user, template, practitioner
):
    others = services.assign_program(
        client=other_client_user.client_record,
        template=template,
        start_date=TODAY,
        by=practitioner,
    )
    portal_client.post(URL, _post(others))
    assert not SessionLog.objects.exists()


def test_a_log_recorded_on_an_earlier_day_can_no_longer_be_changed(
    portal_client, program, client_record
):
    yesterday = TODAY - datetime.timedelta(days=1)
    factories.SessionLogFactory(
        program=program,
        performed_on=yesterday,
        created_at=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(ProgramError, match="can no\\s+longer be changed"):
        _service(program, client_record, day=yesterday, session_number=1)
    body = portal_client.get(URL, {"day": yesterday.isoformat(), "session": "1"}).content.decode()
    assert "can no longer be changed" in body
    assert "Save session" not in body
    # Another session for that day is a new record, which may still be logged.
    assert _service(program, client_record, day=yesterday).log.session_number == 2


def test_when_things_got_worse_the_safety_questions_must_be_answered(portal_client, program):
    response = portal_client.post(URL, _post(program, pain_before=3, pain_after=6))
    assert "Things got worse, so please answer this safety question." in response.content.decode()
    assert not SessionLog.objects.exists()


def test_spreading_leg_symptoms_count_as_worse(portal_client, program):
    response = portal_client.post(URL, _post(program, leg_symptoms="spread"))
    assert "please answer this safety question" in response.content.decode()
    response = portal_client.post(URL, {**_post(program, leg_symptoms="spread"), **_all_no()})
    assert response.status_code == 302
    assert SessionLog.objects.count() == 1
    assert not RedFlag.objects.exists()


def test_a_yes_shows_urgent_advice_and_raises_a_red_flag_for_the_practitioner(
    portal_client, program, client_record, practitioner, client
):
    answers = {**_all_no(), "flag_bladder_bowel": "yes"}
    response = portal_client.post(URL, {**_post(program, pain_after=7), **answers})
    assert response["Location"] == reverse("programs:portal_urgent")
    flag = RedFlag.objects.get(client=client_record)
    assert flag.source == RedFlag.Source.CHECK_IN
    assert flag.answers == ["bladder_bowel"]
    assert flag.raised_by == client_record.user
    assert SessionLog.objects.get(program=program).pain_after == 7
    client.force_login(practitioner)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Red flag reported in a check-in" in dashboard
    assert str(client_record) in dashboard


def test_two_check_ins_for_one_day_through_the_service_make_two_numbered_sessions(
    client_record, program
):
    first = _service(program, client_record)
    second = _service(program, client_record, pain_after=1)
    assert first.created and second.created
    assert (first.log.session_number, second.log.session_number) == (1, 2)
    assert SessionLog.objects.count() == 2


def test_changing_a_session_that_does_not_exist_is_refused(client_record, program):
    with pytest.raises(ProgramError, match="not in your log"):
        _service(program, client_record, session_number=3)
    assert not SessionLog.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
def test_two_simultaneous_check_ins_on_postgresql_make_sessions_one_and_two(practitioner):
    client_user = factories.ClientUserFactory(client_record__practitioner=practitioner)
    template = factories.build_template(phases=1, exercises_per_phase=1)
    program = services.assign_program(
        client=client_user.client_record, template=template, start_date=TODAY, by=practitioner
    )
    barrier = threading.Barrier(2)
    errors = []

    def check_in():
        try:
            barrier.wait()
            _service(program, client_user.client_record)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=check_in) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = SessionLog.objects.filter(program=program).values_list("session_number", flat=True)
    assert sorted(numbers) == [1, 2]


def _once_key(page: str) -> str:
    import re

    return re.search(r'name="once_key"\s+value="([0-9a-f]{32})"', page).group(1)


def test_twenty_identical_check_ins_with_a_safety_yes_make_one_log_and_one_red_flag(
    portal_client, program, client_record
):
    key = _once_key(portal_client.get(URL).content.decode())
    answers = {**_all_no(), "flag_bladder_bowel": "yes", "once_key": key}
    responses = [portal_client.post(URL, {**_post(program), **answers}) for _ in range(20)]
    assert {r["Location"] for r in responses} == {reverse("programs:portal_urgent")}
    assert SessionLog.objects.filter(program=program).count() == 1
    assert RedFlag.objects.filter(client=client_record).count() == 1
    # The repeats say why nothing new happened.
    urgent = portal_client.get(reverse("programs:portal_urgent")).content.decode()
    assert "already been sent" in urgent
