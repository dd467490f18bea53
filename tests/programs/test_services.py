import datetime

import pytest
from django.utils import timezone

from clients.models import RedFlag
from programs import services
from programs.models import ClientProgram, ProgramEvent, ProgramExercise, TemplateExercise
from programs.services import ProgramError
from tests import factories

TODAY = timezone.localdate()


def raise_red_flag(client):
    return factories.RedFlagFactory(client=client)


def assign(client, template, by, **kwargs):
    return services.assign_program(
        client=client, template=template, start_date=TODAY, by=by, **kwargs
    )


def test_assigning_copies_every_phase_and_exercise_and_starts_at_the_first_phase(
    client_record, template, practitioner
):
    program = assign(client_record, template, practitioner)
    phases = list(program.phases.all())
    assert [phase.name for phase in phases] == [phase.name for phase in template.phases.all()]
    assert program.current_phase == phases[0]
    copied = ProgramExercise.objects.filter(phase__program=program)
    assert copied.count() == TemplateExercise.objects.filter(phase__template=template).count()
    event = program.events.get()
    assert (event.kind, event.to_phase, event.by) == ("assigned", phases[0], practitioner)
    assert program.history.first().history_user == practitioner


def test_later_template_edits_never_change_an_assigned_program(program, template, practitioner):
    template_item = TemplateExercise.objects.filter(phase__template=template).first()
    services.update_exercise(
        item=template_item,
        by=practitioner,
        expected_version=template.version,
        values={"sets": 9, "reps": 99},
    )
    phase = template.phases.first()
    services.add_exercise(
        phase=phase,
        exercise=factories.ExerciseFactory(),
        by=practitioner,
        expected_version=template.version + 1,
    )
    copied = ProgramExercise.objects.filter(phase__program=program)
    assert not copied.filter(sets=9).exists()
    assert copied.count() == 6


def test_assigning_a_new_program_ends_the_old_one_and_keeps_it(
    program, client_record, practitioner
):
    second = assign(client_record, factories.build_template(phases=1), practitioner)
    program.refresh_from_db()
    assert program.status == ClientProgram.Status.ENDED
    assert program.ended_by == practitioner
    assert program.events.filter(kind=ProgramEvent.Kind.ENDED).exists()
    assert list(ClientProgram.objects.filter(client=client_record).active()) == [second]


def test_accepted_suggestions_join_the_first_phase_once(client_record, template, practitioner):
    extra = factories.ExerciseFactory(sets=2, reps=15)
    already = template.phases.first().items.first().exercise
    program = assign(client_record, template, practitioner, extra_exercises=[extra, already])
    first = program.phases.first()
    assert first.items.filter(exercise=extra, sets=2, reps=15).exists()
    assert first.items.filter(exercise=already).count() == 1


def test_a_client_with_an_open_red_flag_cannot_be_assigned_a_program(
    client_record, template, practitioner
):
    raise_red_flag(client_record)
    with pytest.raises(ProgramError, match="unresolved red flag"):
        assign(client_record, template, practitioner)
    assert not ClientProgram.objects.exists()


def test_medical_clearance_resolves_the_flags_and_lets_the_program_be_assigned(
    client_record, template, practitioner
):
    flag = raise_red_flag(client_record)
    count = services.record_medical_clearance(
        client=client_record, by=practitioner, cleared_by_name="Dr Rivera", note="Cleared"
    )
    flag.refresh_from_db()
    assert count == 1
    assert flag.resolution == RedFlag.Resolution.MEDICAL_CLEARANCE
    assert (flag.resolved_by, flag.cleared_by_name) == (practitioner, "Dr Rivera")
    assert assign(client_record, template, practitioner).is_active


def test_medical_clearance_needs_the_name_of_who_gave_it(client_record, practitioner):
    flag = raise_red_flag(client_record)
    with pytest.raises(ProgramError, match="who gave"):
        services.record_medical_clearance(
            client=client_record, by=practitioner, cleared_by_name=" ", note="ok"
        )
    flag.refresh_from_db()
    assert not flag.is_resolved


def test_an_archived_client_cannot_be_assigned_a_program(client_record, template, practitioner):
    client_record.archive(by=practitioner, reason="Moved away")
    with pytest.raises(ProgramError, match="archived"):
        assign(client_record, template, practitioner)
    assert not ClientProgram.objects.exists()


def test_an_empty_or_archived_template_cannot_be_assigned(client_record, practitioner):
    with pytest.raises(ProgramError, match="no phases"):
        assign(client_record, factories.ProgramTemplateFactory(), practitioner)
    archived = factories.build_template(phases=1)
    archived.archive(by=practitioner, reason="Old")
    with pytest.raises(ProgramError, match="archived"):
        assign(client_record, archived, practitioner)


def test_advancing_and_stepping_back_keep_who_when_and_why(program, practitioner):
    phases = list(program.phases.all())
    services.advance_phase(
        program=program, by=practitioner, expected_version=program.version, note="Pain settled"
    )
    program.refresh_from_db()
    assert program.current_phase == phases[1]
    assert program.phase_started_on == TODAY
    services.advance_phase(
        program=program,
        by=practitioner,
        expected_version=program.version,
        note="Flare-up",
        step=-1,
    )
    program.refresh_from_db()
    assert program.current_phase == phases[0]
    events = list(program.events.order_by("at", "id"))
    assert [(e.kind, e.from_phase, e.to_phase, e.note) for e in events[1:]] == [
        ("advanced", phases[0], phases[1], "Pain settled"),
        ("stepped_back", phases[1], phases[0], "Flare-up"),
    ]
    assert all(event.by == practitioner for event in events)


def test_advancing_is_refused_while_a_red_flag_is_open_but_stepping_back_is_not(
    program, client_record, practitioner
):
    raise_red_flag(client_record)
    with pytest.raises(ProgramError, match="red flag"):
        services.advance_phase(
            program=program, by=practitioner, expected_version=program.version, note="Go"
        )
    program.refresh_from_db()
    assert program.current_phase == program.phases.first()
    with pytest.raises(ProgramError, match="first phase"):
        services.advance_phase(
            program=program, by=practitioner, expected_version=program.version, note="x", step=-1
        )


def test_the_last_phase_cannot_be_advanced(program, practitioner):
    for _ in range(2):
        program.refresh_from_db()
        services.advance_phase(
            program=program, by=practitioner, expected_version=program.version, note="ok"
        )
    program.refresh_from_db()
    with pytest.raises(ProgramError, match="last phase"):
        services.advance_phase(
            program=program, by=practitioner, expected_version=program.version, note="ok"
        )


def test_a_phase_change_needs_a_note(program, practitioner):
    with pytest.raises(ProgramError, match="note"):
        services.advance_phase(
            program=program, by=practitioner, expected_version=program.version, note="  "
        )


def test_an_edit_from_a_stale_page_is_refused_and_loses_nothing(program, practitioner, owner):
    item = ProgramExercise.objects.filter(phase=program.current_phase).first()
    version_seen_by_both = program.version
    services.update_exercise(
        item=item, by=owner, expected_version=version_seen_by_both, values={"sets": 4}
    )
    with pytest.raises(ProgramError, match="changed this program"):
        services.update_exercise(
            item=item, by=practitioner, expected_version=version_seen_by_both, values={"sets": 1}
        )
    item.refresh_from_db()
    assert item.sets == 4


def test_reordering_with_stale_positions_is_refused(program, practitioner):
    first, second = ProgramExercise.objects.filter(phase=program.current_phase)
    stale = program.version
    services.move_exercise(item=second, by=practitioner, expected_version=stale, offset=-1)
    with pytest.raises(ProgramError, match="changed this program"):
        services.move_exercise(item=second, by=practitioner, expected_version=stale, offset=-1)
    order = list(
        ProgramExercise.objects.filter(phase=program.current_phase).values_list("pk", flat=True)
    )
    assert order == [second.pk, first.pk]


def test_moving_past_the_end_of_the_list_is_refused(program, practitioner):
    first = ProgramExercise.objects.filter(phase=program.current_phase).first()
    with pytest.raises(ProgramError, match="already at that end"):
        services.move_exercise(
            item=first, by=practitioner, expected_version=program.version, offset=-1
        )


@pytest.mark.parametrize(
    ("values", "message"),
    [({"sets": 0}, "at least 1"), ({"reps": 0}, "at least 1"), ({"hold_seconds": 601}, "10 min")],
)
def test_impossible_dosages_are_refused_by_the_service(program, practitioner, values, message):
    item = ProgramExercise.objects.filter(phase=program.current_phase).first()
    with pytest.raises(ProgramError, match=message):
        services.update_exercise(
            item=item, by=practitioner, expected_version=program.version, values=values
        )
    item.refresh_from_db()
    assert item.sets == 3 and item.hold_seconds == 0


def test_removing_an_exercise_archives_it_with_the_reason(program, practitioner):
    item = ProgramExercise.objects.filter(phase=program.current_phase).first()
    services.remove_exercise(
        item=item, by=practitioner, expected_version=program.version, reason="Hurts the knee"
    )
    item.refresh_from_db()
    assert item.is_archived and item.archive_reason == "Hurts the knee"
    assert item not in ProgramExercise.objects.active()


def test_adding_an_exercise_for_this_client_uses_its_default_dosage(program, practitioner):
    exercise = factories.ExerciseFactory(sets=2, reps=20, hold_seconds=10)
    item = services.add_exercise(
        phase=program.current_phase,
        exercise=exercise,
        by=practitioner,
        expected_version=program.version,
    )
    assert (item.sets, item.reps, item.hold_seconds) == (2, 20, 10)
    with pytest.raises(ProgramError, match="already in"):
        services.add_exercise(
            phase=program.current_phase,
            exercise=exercise,
            by=practitioner,
            expected_version=program.version + 1,
        )


def test_an_ended_program_cannot_be_changed(program, practitioner):
    services.end_program(
        program=program, by=practitioner, expected_version=program.version, reason="Discharged"
    )
    program.refresh_from_db()
    with pytest.raises(ProgramError, match="ended"):
        services.advance_phase(
            program=program, by=practitioner, expected_version=program.version, note="x"
        )


def test_copying_a_template_copies_phases_and_exercises(template, practitioner):
    copy = services.copy_template(template=template, by=practitioner, name="Sciatica v2")
    assert [p.name for p in copy.phases.all()] == [p.name for p in template.phases.all()]
    assert TemplateExercise.objects.filter(phase__template=copy).count() == 6
    with pytest.raises(ProgramError, match="already exists"):
        services.copy_template(template=template, by=practitioner, name="sciatica v2")


def test_template_phases_reorder_and_a_stale_reorder_is_refused(template, practitioner):
    first, second, third = template.phases.all()
    services.move_template_phase(
        phase=third, by=practitioner, expected_version=template.version, offset=-1
    )
    assert list(template.phases.all()) == [first, third, second]
    with pytest.raises(ProgramError, match="changed this template"):
        services.move_template_phase(
            phase=third, by=practitioner, expected_version=template.version, offset=-1
        )
    assert list(template.phases.all()) == [first, third, second]


def test_a_template_phase_can_be_removed_with_its_exercises(template, practitioner):
    phase = template.phases.first()
    services.remove_template_phase(phase=phase, by=practitioner, expected_version=template.version)
    assert template.phases.count() == 2
    assert not TemplateExercise.objects.filter(phase_id=phase.pk).exists()


def test_the_start_date_is_kept(client_record, template, practitioner):
    start = TODAY + datetime.timedelta(days=3)
    program = services.assign_program(
        client=client_record, template=template, start_date=start, by=practitioner
    )
    assert (program.start_date, program.phase_started_on) == (start, start)
