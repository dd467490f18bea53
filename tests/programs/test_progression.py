"""Criterion evaluation on constructed logs: no database needed."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from programs.progression import (
    Prescription,
    Status,
    adherence_percent,
    evaluate_phase,
    prescription_of,
    sessions_logged,
    worst_pain,
)

TODAY = date(2026, 11, 20)


def log(days_ago, before=3, after=2, number=1):
    return SimpleNamespace(
        performed_on=TODAY - timedelta(days=days_ago),
        session_number=number,
        pain_before=before,
        pain_after=after,
    )


def phase(**criteria):
    values = {
        "max_worst_pain": None,
        "min_adherence_percent": None,
        "min_days_in_phase": None,
        "require_no_red_flag": False,
        "judgement_list": [],
    }
    values.update(criteria)
    return SimpleNamespace(**values)


def evaluate(
    the_phase, logs=(), *, started_days_ago=30, frequency=7, per_day=1, red_flag=False, nxt=True
):
    """``frequency``: days a week; ``per_day``: times a day (sessions a week = the two
    multiplied)."""
    return evaluate_phase(
        phase=the_phase,
        phase_started_on=TODAY - timedelta(days=started_days_ago),
        program_start=TODAY - timedelta(days=started_days_ago),
        logs=logs,
        prescription=Prescription(
            per_day=per_day if frequency else 0, per_week=frequency * per_day
        ),
        has_red_flag=red_flag,
        has_next_phase=nxt,
        today=TODAY,
    )


def test_worst_pain_takes_the_higher_of_before_and_after_over_the_last_seven_days():
    logs = [log(0, 2, 3), log(6, 5, 1), log(7, 9, 9)]  # 7 days ago is outside the window
    assert worst_pain(logs, today=TODAY) == 5


def test_worst_pain_is_unknown_without_logs_this_week():
    assert worst_pain([log(8, 9, 9)], today=TODAY) is None


@pytest.mark.parametrize(
    ("worst", "status"), [(4, Status.MET), (5, Status.MET), (6, Status.NOT_MET)]
)
def test_the_pain_criterion_is_met_at_or_below_the_threshold(worst, status):
    result = evaluate(phase(max_worst_pain=5), [log(1, worst, 0)]).results[0]
    assert result.status is status
    assert f"{worst}/10" in result.detail


def test_the_pain_criterion_has_not_enough_data_without_recent_logs():
    result = evaluate(phase(max_worst_pain=5), [log(10)]).results[0]
    assert result.status is Status.NO_DATA


def adherence_of(logs, *, program_start, frequency_per_week, today, per_day=1):
    """Adherence from log rows, as the program page computes it."""
    sessions = sessions_logged(logs, program_start=program_start, today=today, per_day=per_day)
    return adherence_percent(
        sessions, program_start=program_start, per_week=frequency_per_week * per_day, today=today
    )


def test_adherence_counts_logged_days_against_the_prescribed_frequency_over_14_days():
    # 5 days a week over 14 days prescribes 10 sessions; 8 logged → 80 %.
    logs = [log(days) for days in range(8)]
    assert (
        adherence_of(
            logs, program_start=TODAY - timedelta(days=60), frequency_per_week=5, today=TODAY
        )
        == 80
    )


def test_adherence_ignores_logs_older_than_14_days_and_caps_at_100():
    logs = [log(days) for days in range(20)]
    assert (
        adherence_of(
            logs, program_start=TODAY - timedelta(days=60), frequency_per_week=3, today=TODAY
        )
        == 100
    )


def test_adherence_only_counts_days_since_the_program_started():
    # Started 9 days ago: a window of 10 days at 7 a week prescribes 10 sessions.
    logs = [log(days) for days in range(5)]
    assert (
        adherence_of(
            logs, program_start=TODAY - timedelta(days=9), frequency_per_week=7, today=TODAY
        )
        == 50
    )


def test_adherence_has_not_enough_data_in_the_programs_first_week():
    result = evaluate(phase(min_adherence_percent=70), [log(0)], started_days_ago=5).results[0]
    assert result.status is Status.NO_DATA
    assert "less than a week" in result.detail


def test_adherence_has_not_enough_data_when_nothing_is_prescribed():
    result = evaluate(phase(min_adherence_percent=70), [log(0)], frequency=0).results[0]
    assert result.status is Status.NO_DATA


@pytest.mark.parametrize(("logged", "status"), [(10, Status.MET), (9, Status.NOT_MET)])
def test_the_adherence_criterion_compares_with_the_threshold(logged, status):
    logs = [log(days) for days in range(logged)]
    # 7 a week → 14 prescribed; 10/14 = 71 %, 9/14 = 64 %.
    assert evaluate(phase(min_adherence_percent=70), logs).results[0].status is status


@pytest.mark.parametrize(("days", "status"), [(14, Status.MET), (13, Status.NOT_MET)])
def test_days_in_phase_count_from_the_phase_start(days, status):
    result = evaluate(phase(min_days_in_phase=14), started_days_ago=days).results[0]
    assert result.status is status


def test_an_open_red_flag_fails_the_red_flag_criterion():
    assert evaluate(phase(require_no_red_flag=True), red_flag=True).results[0].status is (
        Status.NOT_MET
    )
    assert evaluate(phase(require_no_red_flag=True)).results[0].status is Status.MET


def test_a_phase_is_ready_when_every_criterion_is_met():
    the_phase = phase(
        max_worst_pain=4, min_adherence_percent=70, min_days_in_phase=14, require_no_red_flag=True
    )
    logs = [log(days, 3, 2) for days in range(12)]
    evaluation = evaluate(the_phase, logs)
    assert [result.status for result in evaluation.results] == [Status.MET] * 4
    assert evaluation.ready


def test_one_criterion_without_data_means_not_ready():
    the_phase = phase(max_worst_pain=4, min_days_in_phase=14)
    assert not evaluate(the_phase, []).ready


def test_the_last_phase_is_never_ready_to_progress():
    assert not evaluate(phase(min_days_in_phase=1), nxt=False).ready


def test_a_phase_without_computable_criteria_is_not_ready_and_keeps_its_judgement_criteria():
    evaluation = evaluate(phase(judgement_list=["Squats without leg symptoms"]))
    assert evaluation.results == []
    assert evaluation.judgement == ["Squats without leg symptoms"]
    assert not evaluation.ready


def test_leg_symptoms_spreading_in_the_latest_session_block_progressing():
    the_phase = phase(max_worst_pain=4, min_days_in_phase=14)
    logs = [log(days, 3, 2) for days in range(1, 12)]
    assert evaluate(the_phase, logs).ready
    spread = SimpleNamespace(**vars(log(0, 3, 2)), leg_symptoms="spread")
    evaluation = evaluate(the_phase, [*logs, spread])
    assert not evaluation.ready
    blocked = evaluation.results[-1]
    assert blocked.label == "Leg symptoms not spreading further down the leg"
    assert blocked.status is Status.NOT_MET
    # A later session where they eased lifts the block: it is "further than last time".
    eased = SimpleNamespace(**vars(log(0, 3, 2)), leg_symptoms="eased")
    spread_before = SimpleNamespace(**vars(log(1, 3, 2)), leg_symptoms="spread")
    assert evaluate(the_phase, [*logs[1:], spread_before, eased]).ready


def test_the_spread_value_is_the_session_logs():
    from programs.models import SessionLog
    from programs.progression import SPREAD

    assert SessionLog.LegSymptoms.SPREAD == SPREAD


def _item(times_per_day, days_per_week):
    return SimpleNamespace(times_per_day=times_per_day, days_per_week=days_per_week)


def test_the_prescription_is_the_busiest_exercise_times_a_day_by_days_a_week():
    # Figure-4 stretch 4 times a day every day; bridges once a day, 5 days a week.
    assert prescription_of([_item(4, 7), _item(1, 5)]) == Prescription(per_day=4, per_week=28)
    assert prescription_of([_item(2, 3), _item(1, 7)]) == Prescription(per_day=2, per_week=7)
    assert prescription_of([]) == Prescription(per_day=0, per_week=0)


def test_adherence_counts_every_session_of_a_day_against_times_a_day():
    # 2 times a day, 7 days a week: 28 sessions in 14 days. Two a day on 10 days, one on
    # 1 day = 21 sessions = 75 %. Counting days instead would give 11/14 = 79 %.
    logs = [log(day, number=n) for day in range(10) for n in (1, 2)] + [log(10)]
    assert (
        adherence_of(
            logs,
            program_start=TODAY - timedelta(days=60),
            frequency_per_week=7,
            per_day=2,
            today=TODAY,
        )
        == 75
    )


def test_a_day_counts_no_more_sessions_than_prescribed_a_day():
    # Once a day: five sessions logged on one day count as one.
    logs = [log(0, number=n) for n in range(1, 6)]
    assert (
        sessions_logged(logs, program_start=TODAY - timedelta(days=60), today=TODAY, per_day=1) == 1
    )
    assert (
        sessions_logged(logs, program_start=TODAY - timedelta(days=60), today=TODAY, per_day=4) == 4
    )


def test_the_adherence_detail_says_sessions_logged_of_prescribed():
    logs = [log(day, number=n) for day in range(7) for n in (1, 2)]
    result = evaluate(phase(min_adherence_percent=50), logs, per_day=2).results[0]
    assert result.status is Status.MET
    assert result.detail == "Adherence: 50% (14 of 28 sessions prescribed)."
