"""The criteria's SQL form (the dashboard) agrees with their Python form (the program page)."""

import datetime

import pytest
from django.utils import timezone

from programs import services
from programs.models import ClientProgram, ProgramExercise, SessionLog
from programs.progression import (
    Prescription,
    log_summary_annotations,
    prescription_annotations,
    prescription_from_annotations,
    prescription_of,
    summarize_logs,
    summary_from_annotations,
)
from tests import factories

TODAY = timezone.localdate()


def _program(practitioner, *, started_days_ago):
    return services.assign_program(
        client=factories.ClientFactory(practitioner=practitioner),
        template=factories.build_template(phases=2, exercises_per_phase=3),
        start_date=TODAY - datetime.timedelta(days=started_days_ago),
        by=practitioner,
    )


def _log(program, days_ago, before, after, number=1):
    SessionLog.objects.create(
        program=program,
        performed_on=TODAY - datetime.timedelta(days=days_ago),
        session_number=number,
        pain_before=before,
        pain_after=after,
    )


@pytest.mark.django_db
def test_the_sql_summary_equals_the_summary_of_the_log_rows(practitioner):
    # Every window edge: today, 6/7 days ago (pain), 13/14 days ago (adherence),
    # before the program's start, and a day after today.
    long_running = _program(practitioner, started_days_ago=40)
    for days_ago, before, after in [
        (-1, 9, 9),
        (0, 2, 3),
        (6, 5, 1),
        (7, 8, 8),
        (13, 1, 1),
        (14, 7, 7),
        (20, 9, 9),
    ]:
        _log(long_running, days_ago, before, after)
    recent = _program(practitioner, started_days_ago=9)
    for days_ago in (12, 10, 9, 5, 0):  # two logs dated before the program started
        _log(recent, days_ago, 4, 2)
    quiet = _program(practitioner, started_days_ago=30)
    _log(quiet, 8, 6, 6)  # nothing in the pain window
    never = _program(practitioner, started_days_ago=3)
    # Twice a day: a third session on one day counts as no more than two.
    twice = _program(practitioner, started_days_ago=20)
    ProgramExercise.objects.filter(phase=twice.current_phase).update(times_per_day=2)
    for days_ago, number in [(0, 1), (0, 2), (0, 3), (1, 1), (15, 1)]:
        _log(twice, days_ago, 3, 2, number)

    annotated = ClientProgram.objects.annotate(**prescription_annotations()).annotate(
        **log_summary_annotations(today=TODAY)
    )
    for program in annotated:
        per_day = prescription_from_annotations(program).per_day
        from_rows = summarize_logs(
            program.logs.all(), program_start=program.start_date, today=TODAY, per_day=per_day
        )
        assert summary_from_annotations(program) == from_rows, program
    summaries = {p.pk: summary_from_annotations(p) for p in annotated}

    def figures(program):
        return summaries[program.pk].worst_pain, summaries[program.pk].sessions_logged

    assert figures(long_running) == (5, 4)  # worst of days 0-6; days 0, 6, 7 and 13 logged
    assert figures(recent) == (4, 3)
    assert figures(quiet) == (None, 1)
    assert figures(never) == (None, 0)
    assert figures(twice) == (3, 3)


@pytest.mark.django_db
def test_the_sql_prescription_equals_the_prescription_of_the_active_exercises(practitioner):
    program = _program(practitioner, started_days_ago=10)
    items = list(ProgramExercise.objects.filter(phase=program.current_phase))
    for item, (times, days) in zip(items, ((1, 3), (3, 5), (9, 7)), strict=True):
        item.times_per_day, item.days_per_week = times, days
        item.save()
    items[-1].archived_at = timezone.now()  # the 9-times-a-day one no longer counts
    items[-1].save()
    empty = _program(practitioner, started_days_ago=10)
    ProgramExercise.objects.filter(phase=empty.current_phase).update(archived_at=timezone.now())

    found = {
        p.pk: prescription_from_annotations(p)
        for p in ClientProgram.objects.annotate(**prescription_annotations())
    }
    active = ProgramExercise.objects.filter(archived_at__isnull=True)
    assert found[program.pk] == prescription_of(active.filter(phase=program.current_phase))
    assert found[program.pk] == Prescription(per_day=3, per_week=15)
    assert (
        found[empty.pk]
        == Prescription(0, 0)
        == prescription_of(active.filter(phase=empty.current_phase))
    )
