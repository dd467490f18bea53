"""The dashboard's "clients who need attention", on constructed session logs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import dashboard, services
from programs.models import SessionLog
from tests import factories

TODAY = timezone.localdate()


def _program(practitioner, *, started_days_ago=20, client=None):
    template = factories.build_template(phases=2, exercises_per_phase=1)
    return services.assign_program(
        client=client or factories.ClientFactory(practitioner=practitioner),
        template=template,
        start_date=TODAY - datetime.timedelta(days=started_days_ago),
        by=practitioner,
    )


def _log(program, days_ago, *, before=3, after=3, leg="same"):
    return SessionLog.objects.create(
        program=program,
        phase=program.current_phase,
        performed_on=TODAY - datetime.timedelta(days=days_ago),
        pain_before=before,
        pain_after=after,
        leg_symptoms=leg,
    )


def _reasons(program):
    found = {entry.program.pk: entry.reasons for entry in dashboard.needs_attention(today=TODAY)}
    return found.get(program.pk, [])


def test_a_client_logging_steadily_with_steady_pain_needs_no_attention(db, practitioner):
    program = _program(practitioner)
    for day in (0, 2, 4):
        _log(program, day)
    assert _reasons(program) == []


def test_pain_rising_by_two_points_within_seven_days_is_a_reason(db, practitioner):
    program = _program(practitioner)
    _log(program, 6, after=3)
    _log(program, 3, after=4)
    _log(program, 0, after=5)
    assert _reasons(program) == ["Pain rising: 3 → 5 after sessions this week"]


def test_a_rise_of_one_point_or_one_spread_beyond_seven_days_is_not_a_reason(db, practitioner):
    program = _program(practitioner)
    _log(program, 7, after=1)  # outside the 7-day window
    _log(program, 5, after=3)
    _log(program, 0, after=4)
    assert _reasons(program) == []


def test_no_session_for_seven_days_is_a_reason_for_programs_older_than_a_week(db, practitioner):
    quiet = _program(practitioner)
    _log(quiet, 7)
    brand_new = _program(practitioner, started_days_ago=2)
    assert _reasons(quiet) == [
        f"No session logged for 7 days (last on {TODAY - datetime.timedelta(days=7):%-d %b})"
    ]
    assert _reasons(brand_new) == []


def test_a_never_logged_program_says_none_yet(db, practitioner):
    program = _program(practitioner)
    assert _reasons(program) == ["No session logged for 7 days (none yet)"]


def test_an_open_check_in_red_flag_is_a_reason_and_resolving_it_clears_it(db, practitioner):
    program = _program(practitioner)
    _log(program, 0)
    flag = factories.RedFlagFactory(client=program.client, source="check_in")
    assert "Red flag reported in a check-in" in _reasons(program)
    flag.resolve(by=practitioner, resolution="not_confirmed", note="Spoke on the phone")
    assert _reasons(program) == []


def test_ended_programs_are_never_listed(db, practitioner):
    program = _program(practitioner)
    services.end_program(
        program=program, by=practitioner, expected_version=program.version, reason="Done"
    )
    assert dashboard.needs_attention(today=TODAY) == []


def test_the_dashboard_page_shows_each_client_with_its_reasons(practitioner_client, practitioner):
    program = _program(practitioner)
    _log(program, 6, after=2)
    _log(program, 0, after=6)
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert "Your clients who need attention" in body
    assert str(program.client) in body
    assert "Pain rising: 2 → 6" in body


@pytest.mark.parametrize("clients", [1, 25])
def test_the_attention_section_costs_one_query_however_many_clients(
    rf, practitioner, django_assert_num_queries, clients
):
    for n in range(clients):
        program = _program(practitioner)
        _log(program, 6, after=1)
        _log(program, 0, after=1 + n % 4)
    request = rf.get("/practice/")
    request.user = practitioner
    # active programs with every reason's annotation (no session log is loaded)
    with django_assert_num_queries(1):
        sections = dashboard.sections(request)
    rising = sum(1 for n in range(clients) if n % 4 >= 2)
    assert sections[0].context["total"] == rising
    assert len(sections[0].context["attention"]) == min(rising, dashboard.SHOWN_ON_DASHBOARD)


def test_the_demo_gives_jordan_rising_pain_and_ticks_exercises_idempotently(db):
    from django.core.management import call_command

    from programs.models import ClientProgram, ExerciseCompletion

    call_command("seed_demo")
    counts = (SessionLog.objects.count(), ExerciseCompletion.objects.count())
    call_command("seed_demo")
    assert (SessionLog.objects.count(), ExerciseCompletion.objects.count()) == counts
    assert counts[1] > 0
    reasons = {
        entry.program.client.first_name: entry.reasons
        for entry in dashboard.needs_attention(today=TODAY)
    }
    jordan = ClientProgram.objects.active().get(client__first_name="Jordan")
    first = jordan.current_phase.items.active().order_by("position", "id").first()
    assert reasons["Jordan"] == [
        "Pain rising: 2 → 5 after sessions this week",
        f"{first.exercise.name} hurt in 2 sessions this week",
        "Leg symptoms peripheralising: furthest down the leg was the lower leg, now the "
        f"foot (body chart of {TODAY:%a %-d %b})",
    ]
    # The demo sessions have a few skips, each with its reason.
    skipped = ExerciseCompletion.objects.filter(status="skipped")
    assert skipped.exists() and not skipped.filter(skip_reason="").exists()


def test_leg_symptoms_spreading_is_a_reason_and_blocks_ready_to_progress(db, practitioner):
    program = _program(practitioner)
    phase = program.current_phase
    phase.max_worst_pain, phase.min_adherence_percent, phase.min_days_in_phase = None, None, 1
    phase.save()
    _log(program, 2)
    assert any(reason.startswith("Ready to progress") for reason in _reasons(program))
    spread = _log(program, 0, leg="spread")
    reasons = _reasons(program)
    day = f"{spread.performed_on:%a %-d %b}"
    assert f"Leg symptoms spread further down the leg (session of {day})" in reasons
    assert not any(reason.startswith("Ready to progress") for reason in reasons)
    assert dashboard.ready_to_progress(today=TODAY) == []
