"""The criteria's SQL form (the dashboard) agrees with their Python form (the program page)."""

import datetime

import pytest
from django.utils import timezone

from programs import services
from programs.models import ClientProgram, ProgramExercise, SessionLog
from programs.progression import (
    frequency_annotation,
    frequency_of,
    log_summary_annotations,
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


def _log(program, days_ago, before, after):
    SessionLog.objects.create(
        program=program,
        performed_on=TODAY - datetime.timedelta(days=days_ago),
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

    annotated = ClientProgram.objects.annotate(**log_summary_annotations(today=TODAY))
    for program in annotated:
        from_rows = summarize_logs(
            program.logs.all(), program_start=program.start_date, today=TODAY
        )
        assert summary_from_annotations(program) == from_rows, program
    summaries = {p.pk: summary_from_annotations(p) for p in annotated}
    # worst of days 0-6; days 0, 6, 7 and 13 logged
    assert (summaries[long_running.pk].worst_pain, summaries[long_running.pk].days_logged) == (
        5,
        4,
    )
    assert (summaries[recent.pk].worst_pain, summaries[recent.pk].days_logged) == (4, 3)
    assert (summaries[quiet.pk].worst_pain, summaries[quiet.pk].days_logged) == (None, 1)
    assert (summaries[never.pk].worst_pain, summaries[never.pk].days_logged) == (None, 0)


@pytest.mark.django_db
def test_the_sql_frequency_equals_the_frequency_of_the_active_exercises(practitioner):
    program = _program(practitioner, started_days_ago=10)
    items = list(ProgramExercise.objects.filter(phase=program.current_phase))
    for item, days in zip(items, (3, 5, 7), strict=True):
        item.days_per_week = days
        item.save()
    items[-1].archived_at = timezone.now()  # the 7-days-a-week one no longer counts
    items[-1].save()
    empty = _program(practitioner, started_days_ago=10)
    ProgramExercise.objects.filter(phase=empty.current_phase).update(archived_at=timezone.now())

    frequencies = dict(
        ClientProgram.objects.annotate(frequency=frequency_annotation()).values_list(
            "pk", "frequency"
        )
    )
    active = ProgramExercise.objects.filter(archived_at__isnull=True)
    assert frequencies[program.pk] == frequency_of(active.filter(phase=program.current_phase))
    assert frequencies[program.pk] == 5
    assert frequencies[empty.pk] == 0 == frequency_of(active.filter(phase=empty.current_phase))
