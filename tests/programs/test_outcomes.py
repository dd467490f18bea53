"""Per-exercise outcomes: the program page's table, and "an exercise hurt twice this
week" on the attention list, its SQL and Python checks held to the same answer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.erasure.services import anonymise_client
from clients.models import Client
from programs import dashboard, services
from programs.models import ClientProgram, ExerciseCompletion, ProgramExercise, SessionLog
from programs.outcomes import hurt_often, hurt_often_annotations
from programs.portal.export import client_data
from tests import factories

TODAY = timezone.localdate()


def _program(practitioner, client=None):
    return services.assign_program(
        client=client or factories.ClientFactory(practitioner=practitioner),
        template=factories.build_template(phases=1, exercises_per_phase=3),
        start_date=TODAY - datetime.timedelta(days=20),
        by=practitioner,
    )


def _items(program):
    return list(
        ProgramExercise.objects.filter(phase=program.current_phase).order_by("position", "id")
    )


def _session(program, days_ago, outcomes, number=1):
    """A session ``days_ago`` with {item: (status, reason, hurt)}."""
    log = SessionLog.objects.create(
        program=program,
        phase=program.current_phase,
        performed_on=TODAY - datetime.timedelta(days=days_ago),
        session_number=number,
        pain_before=3,
        pain_after=3,
    )
    for item, (status, reason, hurt) in outcomes.items():
        ExerciseCompletion.objects.create(
            log=log, program_exercise=item, status=status, skip_reason=reason, hurt=hurt
        )
    return log


def _sql_and_python(program):
    annotated = ClientProgram.objects.annotate(**hurt_often_annotations(today=TODAY)).get(
        pk=program.pk
    )
    rows = ExerciseCompletion.objects.filter(log__program=program).select_related(
        "log", "program_exercise__exercise"
    )
    found = hurt_often(rows, today=TODAY)
    python = found[0] if found else (None, None)
    return (annotated.hurt_exercise, annotated.hurt_times), python


HISTORIES = {
    "twice this week": [(0, True), (3, True)],
    "twice, once a week ago": [(0, True), (7, True)],
    "once": [(2, True), (4, False)],
    "three times, two sessions one day": [(0, True), (0, True), (6, True)],
    "never": [(1, False)],
}


@pytest.mark.parametrize("history", HISTORIES.values(), ids=HISTORIES.keys())
def test_the_sql_and_python_hurt_checks_agree(db, practitioner, history):
    program = _program(practitioner)
    first, second, _third = _items(program)
    for number, (days_ago, hurt) in enumerate(history, start=1):
        _session(
            program, days_ago, {first: ("done", "", hurt), second: ("done", "", False)}, number
        )
    sql, python = _sql_and_python(program)
    assert sql == python
    expected_times = sum(1 for days, hurt in history if hurt and days <= 6)
    assert sql == ((first.exercise.name, expected_times) if expected_times >= 2 else (None, None))


def test_an_exercise_that_hurt_twice_this_week_is_on_the_attention_list_by_name(db, practitioner):
    program = _program(practitioner)
    first, second, third = _items(program)
    _session(program, 4, {first: ("done", "", True), second: ("skipped", "pain", False)}, 1)
    _session(program, 1, {first: ("done", "", True), third: ("done", "", False)}, 1)
    reasons = {e.program.pk: e.reasons for e in dashboard.needs_attention(today=TODAY)}
    assert reasons[program.pk] == [f"{first.exercise.name} hurt in 2 sessions this week"]


def test_one_hurt_mark_or_a_skip_for_pain_is_not_an_attention_reason(db, practitioner):
    program = _program(practitioner)
    first, second, _third = _items(program)
    _session(program, 4, {first: ("done", "", True), second: ("skipped", "pain", False)})
    _session(program, 1, {second: ("skipped", "pain", False)})
    reasons = {e.program.pk: e.reasons for e in dashboard.needs_attention(today=TODAY)}
    assert reasons.get(program.pk, []) == []


def test_the_program_page_shows_sessions_against_the_prescription_and_each_exercise(
    practitioner_client, practitioner, client_record
):
    program = _program(practitioner, client=client_record)
    first, second, third = _items(program)
    ProgramExercise.objects.filter(pk=first.pk).update(times_per_day=2, days_per_week=7)
    _session(program, 5, {first: ("done", "", True), second: ("skipped", "time", False)}, 1)
    _session(program, 2, {first: ("done", "", True), second: ("skipped", "time", False)}, 1)
    _session(program, 2, {first: ("done", "", False), second: ("skipped", "pain", False)}, 2)
    _session(program, 16, {first: ("done", "", True)}, 1)  # before the 14 days
    body = practitioner_client.get(
        reverse("programs:program_detail", args=[client_record.pk])
    ).content.decode()
    assert "Sessions and exercises (last 14 days)" in body
    assert "3 sessions logged; 28 prescribed." in body
    row = (
        f'<tr class="table-warning">\n              <th scope="row">{first.exercise.name}</th>\n'
        "              <td>28</td>\n              <td>3</td>\n              <td>0</td>\n"
        "              <td>2 "
    )
    assert row + '<span class="small fw-semibold">(2 this week: worth a look)</span></td>' in body
    assert "(Too painful, No time ×2)" in body  # in the list's order
    assert f'<th scope="row">{third.exercise.name}</th>' in body


def test_the_clients_download_lists_skips_and_hurts(db, practitioner, client_record):
    program = _program(practitioner, client=client_record)
    first, second, _third = _items(program)
    _session(program, 1, {first: ("done", "", True), second: ("skipped", "equipment", False)})
    log = client_data(client_record)["programs"][0]["session_logs"][0]
    assert log["exercises_done"] == [first.exercise.name]
    assert log["exercises_skipped"] == [f"{second.exercise.name}: No equipment"]
    assert log["exercises_that_hurt"] == [first.exercise.name]


def test_erasure_keeps_the_outcomes_on_a_record_that_no_longer_says_who(
    db, owner, practitioner, client_record
):
    program = _program(practitioner, client=client_record)
    first, second, _third = _items(program)
    _session(program, 1, {first: ("done", "", True), second: ("skipped", "pain", False)})
    client_record.status = Client.Status.DISCHARGED
    client_record.save()
    user = client_record.user
    anonymise_client(client=client_record, by=owner)
    # The rows stay (clinical record) and carry no identity: codes and counts only.
    rows = ExerciseCompletion.objects.filter(log__program=program)
    assert sorted(rows.values_list("status", "skip_reason", "hurt")) == [
        ("done", "", True),
        ("skipped", "pain", False),
    ]
    text = " ".join(str(v) for row in ExerciseCompletion.history.values() for v in row.values())
    assert user.email not in text and client_record.last_name not in text
    user.refresh_from_db()
    assert not user.is_active


def test_the_outcomes_counted_with_the_items_equal_the_outcomes_query(practitioner):
    """The program page counts each exercise's outcomes with its items
    (``outcome_annotations``); ``exercise_rows`` on plain items runs its own query."""
    from programs.outcomes import exercise_rows, outcome_annotations

    program = _program(practitioner)
    first, second, third = _items(program)
    done, skipped = ExerciseCompletion.Status.DONE, ExerciseCompletion.Status.SKIPPED
    for days_ago, outcomes in [
        (0, {first: (done, "", True), second: (skipped, "time", False)}),
        (3, {first: (done, "", True), second: (skipped, "time", False)}),
        (9, {first: (skipped, "pain", True), third: (done, "", False)}),
        (16, {first: (done, "", True), second: (skipped, "equipment", False)}),  # before
        (-1, {third: (skipped, "other", False)}),  # after today
    ]:
        _session(program, days_ago, outcomes)
    plain = exercise_rows(program, _items(program), today=TODAY)
    annotated = list(
        ProgramExercise.objects.filter(phase=program.current_phase)
        .annotate(
            **outcome_annotations(program_id=program.pk, start=program.start_date, today=TODAY)
        )
        .order_by("position", "id")
    )
    assert exercise_rows(program, annotated, today=TODAY) == plain
    assert [(row.done, row.skipped, row.hurt, row.hurt_this_week) for row in plain] == [
        (2, 1, 3, 2),
        (0, 2, 0, 0),
        (1, 0, 0, 0),
    ]
    assert plain[1].reasons == "No time ×2"
