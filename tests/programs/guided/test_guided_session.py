"""The guided session: one exercise per page (state in the query string, nothing saved),
then the end screen that saves the session with one row per exercise."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from clients.body_chart import services as body_chart
from clients.models import BodyChart, RedFlag, SafetyCheck
from clients.vocab import CHECK_IN_RED_FLAGS
from clinic.once import new_key
from programs.models import ExerciseCompletion, ProgramExercise, SessionLog
from tests import factories

TODAY = timezone.localdate()
END = reverse("programs:portal_session_end")


def step(number: int) -> str:
    return reverse("programs:portal_session_step", args=[number])


def _items(program):
    return list(
        ProgramExercise.objects.filter(phase=program.current_phase).order_by("position", "id")
    )


def _end_post(program, outcomes: dict, **overrides):
    data = {
        "program": program.pk,
        "day": TODAY.isoformat(),
        "pain_before": 4,
        "pain_after": 3,
        "leg_symptoms": "same",
        "effort": "moderate",
        "note": "",
        **{f"flag_{code}": "no" for code in CHECK_IN_RED_FLAGS},
    }
    for item, (outcome, reason, hurt, sets) in outcomes.items():
        data[f"o{item.pk}"] = outcome
        data[f"r{item.pk}"] = reason
        if hurt:
            data[f"h{item.pk}"] = "1"
        if sets is not None:
            data[f"s{item.pk}"] = str(sets)
    data.update(overrides)
    return data


# --- a step ---------------------------------------------------------------------


def test_a_step_shows_one_exercise_with_its_purpose_steps_cue_and_counter(portal_client, program):
    first, second = _items(program)[:2]
    first.hold_seconds, first.rest_seconds, first.per_side = 20, 45, True
    first.save()
    body = portal_client.get(step(1)).content.decode()
    assert "Exercise 1 of 2" in body
    assert f'<h1 class="h3 mb-1">{first.exercise.name}</h1>' in body
    assert second.exercise.name not in body
    assert first.exercise.purpose in body
    assert first.exercise.instruction_steps[0] in body
    assert first.exercise.cue_list[0] in body
    assert 'data-sets="3"' in body and 'data-reps="10"' in body
    assert 'data-hold="20"' in body and 'data-rest="45"' in body and 'data-per-side="1"' in body
    # Without JavaScript the counter stays hidden and the form is a plain GET to step 2.
    assert "data-counter" in body and "hidden" in body
    assert f'<form method="get" action="{step(2)}"' in body
    assert f'name="o{first.pk}" value="done"' in body
    assert f'name="o{first.pk}" value="skip"' in body
    for label in ("Too painful", "No time", "No equipment", "Another reason"):
        assert label in body


def test_the_last_step_leads_to_the_end_screen(portal_client, program):
    body = portal_client.get(step(2)).content.decode()
    assert f'action="{END}"' in body
    assert "Done: finish the session" in body


def test_the_easier_version_shows_only_when_the_practitioner_set_one(portal_client, program):
    first = _items(program)[0]
    assert "Try the easier version" not in portal_client.get(step(1)).content.decode()
    easier = factories.ExerciseFactory(name="Bridge on the floor, half range")
    first.exercise.easier_variations.add(easier)
    body = portal_client.get(step(1)).content.decode()
    assert "Try the easier version: Bridge on the floor, half range" in body
    assert easier.instruction_steps[0] in body
    # An archived easier version is not offered.
    easier.archived_at = timezone.now()
    easier.save()
    assert "Try the easier version" not in portal_client.get(step(1)).content.decode()


@pytest.mark.parametrize("number", [0, 3, 99])
def test_a_step_past_the_exercises_is_a_404(portal_client, program, number):
    assert portal_client.get(f"/portal/session/{number}/").status_code == 404


def test_a_step_carries_what_was_said_before_and_drops_what_is_not_valid(portal_client, program):
    first, second = _items(program)[:2]
    query = {
        f"o{first.pk}": "skip",
        f"r{first.pk}": "time",
        f"h{first.pk}": "1",
        f"s{first.pk}": "2",
        f"o{second.pk}": "maybe",
        f"s{second.pk}": "999",
        "o999999": "done",
    }
    body = portal_client.get(step(2), query).content.decode()
    for name, value in list(query.items())[:4]:
        assert f'<input type="hidden" name="{name}" value="{value}">' in body
    assert "maybe" not in body and "999" not in body and "o999999" not in body
    # The previous step's link brings it all back.
    assert f"o{first.pk}=skip" in body and f"r{first.pk}=time" in body


def test_a_step_shows_the_stop_notice_while_a_red_flag_is_open(
    portal_client, program, client_record
):
    factories.RedFlagFactory(client=client_record)
    body = portal_client.get(step(1)).content.decode()
    assert "Your exercises are paused" in body
    assert _items(program)[0].exercise.name not in body


def test_without_a_program_the_session_says_there_is_nothing_to_do(portal_client):
    body = portal_client.get(step(1)).content.decode()
    assert "You have no exercises to do at the moment" in body


# --- the end screen -------------------------------------------------------------


def test_the_end_screen_starts_from_what_the_steps_said(portal_client, program):
    first, second = _items(program)[:2]
    query = {f"o{first.pk}": "done", f"s{first.pk}": "3", f"o{second.pk}": "skip"}
    query |= {f"r{second.pk}": "equipment", f"h{second.pk}": "1"}
    body = portal_client.get(END, query).content.decode()
    assert f'id="id_o{first.pk}-done" checked' in body
    assert f'id="id_o{second.pk}-skip" checked' in body
    assert '<option value="equipment" selected>' in body
    assert f'id="id_h{second.pk}" checked' in body
    assert f'name="s{first.pk}" value="3"' in body
    assert "data-offline-queue" in body and 'name="once_key"' in body
    # The five safety questions come first.
    assert body.index("First, since your last session") < body.index("Pain before")


def test_an_exercise_not_reached_is_not_assumed_done(portal_client, program):
    first, second = _items(program)[:2]
    body = portal_client.get(END, {f"o{first.pk}": "done"}).content.decode()
    assert f'id="id_o{second.pk}-done" checked' not in body
    response = portal_client.post(END, _end_post(program, {first: ("done", "", False, None)}))
    assert response.status_code == 200
    assert "Say whether you did it or skipped it." in response.content.decode()
    assert not SessionLog.objects.exists()


def test_the_end_screen_saves_the_session_with_one_row_per_exercise(
    portal_client, program, client_record
):
    first, second = _items(program)[:2]
    data = _end_post(
        program,
        {first: ("done", "", True, 3), second: ("skip", "pain", False, 0)},
        pain_before=5,
        pain_after=4,
        once_key=new_key(),
    )
    response = portal_client.post(END, data)
    assert response.status_code == 302 and response.url == reverse("programs:portal_home")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Session 1 of today saved. Well done."
    ]
    log = SessionLog.objects.get()
    assert (log.performed_on, log.pain_before, log.pain_after, log.created_by) == (
        TODAY,
        5,
        4,
        client_record.user,
    )
    rows = {
        c.program_exercise_id: (c.status, c.skip_reason, c.hurt, c.sets_done)
        for c in log.completions.all()
    }
    assert rows == {first.pk: ("done", "", True, 3), second.pk: ("skipped", "pain", False, 0)}
    # Each row's creation is in its history, with who made it.
    assert {h.history_user for h in ExerciseCompletion.history.all()} == {client_record.user}
    # Today's page counts it.
    assert (
        "1 session logged today"
        in portal_client.get(reverse("programs:portal_home")).content.decode()
    )


def test_a_skip_without_a_reason_is_refused_next_to_the_field(portal_client, program):
    first, second = _items(program)[:2]
    data = _end_post(program, {first: ("done", "", False, None), second: ("skip", "", False, None)})
    body = portal_client.post(END, data).content.decode()
    assert f'id="id_r{second.pk}-error"' in body
    assert "Choose why you skipped it." in body
    assert f'href="#id_r{second.pk}"' in body  # the summary at the top links to it
    assert not SessionLog.objects.exists()


@pytest.mark.parametrize("sets", ["21", "-1", "99999999999999999999", "x"])
def test_a_tampered_set_count_is_refused_without_a_500(portal_client, program, sets):
    first, second = _items(program)[:2]
    data = _end_post(program, {first: ("done", "", False, None), second: ("done", "", False, None)})
    data[f"s{first.pk}"] = sets
    response = portal_client.post(END, data)
    assert response.status_code == 200
    assert not SessionLog.objects.exists()


def test_a_safety_yes_is_saved_first_even_when_the_rest_is_blank(
    portal_client, program, client_record
):
    data = {"program": program.pk, "day": TODAY.isoformat(), "flag_bladder_bowel": "yes"}
    response = portal_client.post(END, data)
    assert response.status_code == 302 and response.url == reverse("programs:portal_urgent")
    flag = RedFlag.objects.get(client=client_record)
    assert flag.source == RedFlag.Source.CHECK_IN
    assert SafetyCheck.objects.filter(client=client_record).count() == 1
    assert not SessionLog.objects.exists()
    # And the session pages stop.
    assert "Your exercises are paused" in portal_client.get(step(1)).content.decode()


def test_a_double_tap_on_save_makes_one_session(portal_client, program):
    first, second = _items(program)[:2]
    data = _end_post(
        program,
        {first: ("done", "", False, None), second: ("done", "", False, None)},
        once_key=new_key(),
    )
    assert portal_client.post(END, data).status_code == 302
    assert portal_client.post(END, data).status_code == 302
    assert SessionLog.objects.count() == 1
    assert ExerciseCompletion.objects.count() == 2


def test_several_sessions_a_day_are_numbered_in_turn(portal_client, program):
    ProgramExercise.objects.filter(phase=program.current_phase).update(times_per_day=2)
    first, second = _items(program)[:2]
    for _ in range(2):
        data = _end_post(
            program,
            {first: ("done", "", False, None), second: ("done", "", False, None)},
            once_key=new_key(),
        )
        portal_client.post(END, data)
    assert list(
        SessionLog.objects.order_by("session_number").values_list("session_number", flat=True)
    ) == [1, 2]
    body = portal_client.get(reverse("programs:portal_home")).content.decode()
    assert "2 sessions logged today of 2 prescribed a day" in body
    assert "Start another session" in body


def test_the_old_check_in_keeps_a_guided_sessions_skips(portal_client, program, client_record):
    first, second = _items(program)[:2]
    data = _end_post(program, {first: ("done", "", True, 3), second: ("skip", "time", False, 0)})
    portal_client.post(END, data)
    log = SessionLog.objects.get()
    # Changing that session on the check-in form (ticking only the first) keeps the skip
    # and the "this hurt" mark.
    change = {
        "program": program.pk,
        "day": TODAY.isoformat(),
        "session": log.session_number,
        "done": [first.pk],
        "pain_before": 4,
        "pain_after": 3,
        "leg_symptoms": "same",
        "effort": "moderate",
        "note": "",
    }
    portal_client.post(
        reverse("programs:portal_check_in") + f"?session={log.session_number}", change
    )
    rows = {c.program_exercise_id: (c.status, c.skip_reason, c.hurt) for c in log.completions.all()}
    assert rows == {first.pk: ("done", "", True), second.pk: ("skipped", "time", False)}


# --- the body chart on the end screen ----------------------------------------------


def test_the_end_screen_asks_where_it_was_felt_on_the_body_chart(portal_client, program):
    body = portal_client.get(END).content.decode()
    assert "Where did you feel it today? (optional)" in body
    assert 'aria-label="Left calf: nothing"' in body  # each drawn place is named for a reader
    assert '<label class="visually-hidden" for="id_chart_foot_sole_right">' in body
    assert body.count('<select name="chart_') == 28  # the list view: every place in words
    assert "js/body-chart.js" in body


def test_the_end_screen_saves_the_body_chart_with_the_session(
    portal_client, program, client_record
):
    first, second = _items(program)[:2]
    data = _end_post(
        program,
        {first: ("done", "", False, None), second: ("done", "", True, None)},
        chart_calf_left="tingling",
        chart_buttock_left="pain",
        once_key=new_key(),
    )
    assert portal_client.post(END, data).status_code == 302
    assert portal_client.post(END, data).status_code == 302  # a repeat: one session, one chart
    log = SessionLog.objects.get()
    chart = log.body_chart
    assert chart.source == BodyChart.Source.CHECK_IN
    assert (chart.client, chart.recorded_on, chart.recorded_by) == (
        client_record,
        TODAY,
        client_record.user,
    )
    assert chart.marks_by_field() == {"calf_left": "tingling", "buttock_left": "pain"}
    assert BodyChart.objects.count() == 1
    assert body_chart.course_for(client_record).latest == chart
    assert log.history.first().history_user == client_record.user


def test_a_session_ended_without_marks_saves_no_chart(portal_client, program):
    first, second = _items(program)[:2]
    data = _end_post(program, {first: ("done", "", False, None), second: ("done", "", False, None)})
    assert portal_client.post(END, data).status_code == 302
    assert SessionLog.objects.get().body_chart is None
    assert not BodyChart.objects.exists()


def test_an_unknown_symptom_on_the_end_screen_is_refused_and_nothing_is_saved(
    portal_client, program
):
    first, second = _items(program)[:2]
    data = _end_post(
        program,
        {first: ("done", "", False, None), second: ("done", "", False, None)},
        chart_calf_left="itching",
    )
    response = portal_client.post(END, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_chart_calf_left-error"' in body
    assert "Choose one of the symptoms in the list." in body
    assert not SessionLog.objects.exists() and not BodyChart.objects.exists()


# --- queries --------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_the_session_pages_cost_the_same_queries_however_many_exercises(
    portal_client, program, django_assert_num_queries, count
):
    phase = program.current_phase
    for position in range(3, count + 1):
        item = ProgramExercise.objects.create(
            phase=phase, exercise=factories.ExerciseFactory(), position=position
        )
    # Each exercise with two easier versions, the practitioner's pick the second by name:
    # the pick costs nothing more (it is taken from the variations read anyway).
    for item in ProgramExercise.objects.filter(phase=phase).select_related("exercise"):
        picked = factories.ExerciseFactory(name=f"Zz easier {item.pk}")
        item.exercise.easier_variations.add(
            factories.ExerciseFactory(name=f"Aa easier {item.pk}"), picked
        )
        ProgramExercise.objects.filter(pk=item.pk).update(easier_version=picked)
    # session, user, the program with the client, today's sessions, the prescription and
    # the open flag; the exercises, their photos and clips, their easier versions
    # + the current consent version (cold cache here; cached after the first request)
    with django_assert_num_queries(6):
        body = portal_client.get(step(2)).content.decode()
    assert f"Try the easier version: Zz easier {_items(program)[1].pk}" in body
    # session, user, client record, the program with its open flag, its exercises
    with django_assert_num_queries(4):
        assert portal_client.get(END).status_code == 200


# --- valid HTML -----------------------------------------------------------------


def test_the_session_pages_and_today_are_valid_html(portal_client, program, tmp_path):
    from tests.test_html_validity import _checker_or_skip, run_checker

    command = _checker_or_skip()
    first, second = _items(program)[:2]
    first.exercise.easier_variations.add(factories.ExerciseFactory())
    first.hold_seconds = 10
    first.save()
    refused = _end_post(
        program,
        {first: ("skip", "", True, 2), second: ("maybe", "", False, None)},
        chart_calf_left="itching",
        chart_shin_right="numbness",
    )
    pages = {
        "today": portal_client.get(reverse("programs:portal_home")),
        "step-1": portal_client.get(step(1), {f"o{second.pk}": "done"}),
        "step-2": portal_client.get(step(2), {f"o{first.pk}": "skip", f"r{first.pk}": "time"}),
        "end": portal_client.get(END, {f"o{first.pk}": "done", f"h{first.pk}": "1"}),
        "end-refused": portal_client.post(END, refused),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    errors = [m for m in run_checker(command, tmp_path) if m.get("type") == "error"]
    assert [(m["url"].rsplit("/", 1)[-1], m["lastLine"], m["message"]) for m in errors] == []
