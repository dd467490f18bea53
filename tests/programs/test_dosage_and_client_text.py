"""Issue 13, "Sessions and dosage": demo doses follow the domain brief, the builder shows
minutes a day so an overdose is visible, and clients read only client-facing names."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.seed.demo.library import EXERCISES, TEMPLATES
from programs import services
from programs.models import ProgramExercise, ProgramTemplate, TemplateExercise, TemplatePhase
from programs.models.dosage import LONG_DAY_MINUTES, LONG_EXERCISE_MINUTES
from programs.templatetags.dosage import item_minutes, phase_minutes
from tests import factories

TODAY = timezone.localdate()
DEMO = {data["name"]: data["dosage"] for data in EXERCISES}


def _item(**dosage) -> TemplateExercise:
    values = {"sets": 1, "reps": 1, "hold_seconds": 0, "per_side": False, "rest_seconds": 30}
    values.update(times_per_day=1, days_per_week=7)
    values.update(dosage)
    return TemplateExercise(**values)


OLD_FIGURE_4 = {"sets": 4, "reps": 1, "hold_seconds": 60, "per_side": True, "times_per_day": 4}


def test_the_time_estimate_counts_holds_sides_rests_and_times_a_day():
    # 4 × (60 s + 2 s to set up) × 2 sides + 3 rests of 30 s = 586 s a session; 4 a day.
    old = _item(**OLD_FIGURE_4)
    assert (old.seconds_per_session, old.seconds_per_day) == (586, 2344)
    assert item_minutes(old) == {"minutes": 40, "too_long": True, "limit": LONG_EXERCISE_MINUTES}
    # Bridges 3 × 10, hold 5 s: 3 × 10 × 7 s + 2 × 30 s = 270 s.
    assert _item(sets=3, reps=10, hold_seconds=5).seconds_per_session == 270
    # Unheld reps take 3 s each: 2 × 15 each side = 180 s + 30 s rest.
    assert _item(sets=2, reps=15, per_side=True).seconds_per_session == 210


@pytest.mark.parametrize(
    "name", ["Figure-4 piriformis stretch, lying", "Figure-4 piriformis stretch, seated"]
)
def test_the_demo_figure_4_stretch_is_about_20_breaths_each_side_4_to_5_rounds_a_day(name):
    dose = DEMO[name]
    assert (dose["sets"], dose["reps"], dose["per_side"]) == (1, 1, True)
    assert 60 <= dose["hold_seconds"] <= 120  # about 20 slow breaths
    assert 4 <= dose["times_per_day"] <= 5
    assert item_minutes(_item(**dose))["minutes"] < 20  # was about 40 minutes a day


def test_the_demo_doses_follow_the_domain_brief():
    bridges, clams, abduction = (
        DEMO["Bridges"],
        DEMO["Clamshells"],
        DEMO["Side-lying hip abduction with band"],
    )
    assert (bridges["sets"], bridges["reps"]) == (3, 10) and 5 <= bridges["hold_seconds"] <= 10
    assert (clams["sets"], clams["hold_seconds"], clams["per_side"]) == (3, 10, True)
    assert 10 <= clams["reps"] <= 15
    assert (abduction["sets"] * abduction["reps"], abduction["per_side"]) == (20, True)


def test_no_demo_exercise_or_phase_is_an_overdose():
    for name, dose in DEMO.items():
        assert not item_minutes(_item(**dose))["too_long"], name
    for template in TEMPLATES:
        for phase in template["phases"]:
            load = phase_minutes([_item(**DEMO[name]) for name in phase["exercises"]])
            assert load["minutes"] <= LONG_DAY_MINUTES, phase["name"]


@pytest.mark.django_db
def test_the_builder_shows_minutes_a_day_and_flags_an_overdose(practitioner_client):
    template = factories.build_template(phases=1, exercises_per_phase=2)
    first, second = TemplateExercise.objects.order_by("position")
    TemplateExercise.objects.filter(pk=first.pk).update(**OLD_FIGURE_4)
    TemplateExercise.objects.filter(pk=second.pk).update(sets=3, reps=10, hold_seconds=5)
    body = practitioner_client.get(template.get_absolute_url()).content.decode()
    assert "about 40 min a day: more than 20 min for one exercise, check the dosage" in body
    assert "about 5 min a day</span>" in body  # the bridges, not flagged
    assert "About 44 min a day when every exercise is due: more than 40 min" in body


@pytest.mark.django_db
def test_the_program_page_shows_minutes_a_day_too(practitioner_client, program):
    ProgramExercise.objects.filter(phase=program.current_phase).update(
        sets=1, reps=1, hold_seconds=90, per_side=True, times_per_day=4, rest_seconds=30
    )
    url = reverse("programs:program_detail", args=[program.client_id])
    body = practitioner_client.get(url).content.decode()
    assert "about 13 min a day</span>" in body  # (90 + 2) × 2 × 4 = 736 s
    assert "About 25 min a day when every exercise is due." in body


PRACTICE_ONLY = ("Sciatica relief", "Piriformis release", "Decompress the L5 disc")


@pytest.fixture
def named_program(client_record, practitioner):
    template = factories.build_template(
        phases=2, exercises_per_phase=1, name="Sciatica relief", client_name="Move easier"
    )
    TemplatePhase.objects.filter(template=template, position=1).update(
        name="Piriformis release",
        goal="Decompress the L5 disc",
        client_name="Calm things down",
        client_goal="Ease the ache, a little and often.",
    )
    TemplatePhase.objects.filter(template=template, position=2).update(client_name="")
    return services.assign_program(
        client=client_record, template=template, start_date=TODAY, by=practitioner
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "programs:portal_home",
        "programs:portal_check_in",
        "programs:portal_progress",
        "programs:portal_program_print",
    ],
)
def test_the_portal_shows_only_client_facing_names(portal_client, named_program, name):
    body = portal_client.get(reverse(name)).content.decode()
    assert "Calm things down" in body
    for text in PRACTICE_ONLY:
        assert text not in body, text
    if name != "programs:portal_check_in":
        assert "Move easier" in body


@pytest.mark.django_db
def test_the_handout_and_the_preview_use_client_names(practitioner_client, named_program):
    handout = practitioner_client.get(
        reverse("programs:program_handout", args=[named_program.client_id])
    ).content.decode()
    assert "Move easier" in handout and "Ease the ache, a little and often." in handout
    assert "Piriformis release" not in handout and "L5" not in handout
    preview = practitioner_client.get(
        reverse("programs:template_preview", args=[named_program.template_id])
    ).content.decode()
    body = preview.split("<main", 1)[1].split("</nav>", 1)[1]  # past the breadcrumb
    assert '<h1 class="h2">Move easier</h1>' in body
    assert "Phase 2</h2>" in body  # no client name: a number, never the practice name
    assert "Piriformis release" not in body and "L5" not in body


@pytest.mark.django_db
def test_a_phase_without_a_client_name_is_shown_by_number(portal_client, named_program):
    named_program.current_phase = named_program.phases.get(position=2)
    named_program.save()
    body = portal_client.get(reverse("programs:portal_home")).content.decode()
    assert '<h2 class="h5 mb-1" id="phase-heading">Phase 2</h2>' in body


@pytest.mark.django_db
def test_assigning_and_copying_carry_the_client_name(named_program, practitioner):
    assert named_program.client_name == "Move easier"
    assert named_program.phases.get(position=1).client_goal == "Ease the ache, a little and often."
    copy = services.copy_template(template=named_program.template, by=practitioner, name="Copy")
    assert copy.client_name == "Move easier"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("client_name", "Sciatica relief"), ("client_name", "Herniated disc plan")],
)
def test_a_client_name_naming_a_diagnosis_is_refused_at_the_field(
    practitioner_client, field, value
):
    response = practitioner_client.post(
        reverse("programs:template_create"), {"name": "Practice name", field: value}
    )
    assert "leave out diagnoses and causes" in response.content.decode()
    assert response.context["form"].errors[field]
    assert not ProgramTemplate.objects.exists()


@pytest.mark.django_db
def test_a_template_needs_a_client_name(practitioner_client):
    response = practitioner_client.post(reverse("programs:template_create"), {"name": "Hips"})
    assert response.context["form"].errors["client_name"]
    assert not ProgramTemplate.objects.exists()


@pytest.mark.django_db
def test_a_phase_goal_for_clients_naming_a_cause_is_refused(practitioner_client):
    template = factories.build_template(phases=1, exercises_per_phase=0)
    response = practitioner_client.post(
        reverse("programs:template_phase_add", args=[template.pk]),
        {
            "version": template.version,
            "name": "Release",
            "client_name": "Calm things down",
            "client_goal": "Take the pressure off the bulging disc",
            "typical_weeks": 2,
        },
    )
    assert "leave out diagnoses and causes (“bulging”)" in response.content.decode()
    assert TemplatePhase.objects.filter(template=template).count() == 1


def test_demo_client_facing_text_names_no_diagnosis():
    from programs.vocab import validate_client_text

    for template in TEMPLATES:
        validate_client_text(template["client_name"])
        for phase in template["phases"]:
            assert phase["client_name"]
            validate_client_text(phase["client_name"])
            validate_client_text(phase["client_goal"])


def test_the_demo_stretch_four_times_a_day_prescribes_28_sessions_a_week():
    from programs.progression import prescription_of

    items = [_item(**DEMO["Figure-4 piriformis stretch, lying"]), _item(**DEMO["Bridges"])]
    assert prescription_of(items).per_week == 4 * 7


@pytest.mark.django_db
def test_the_program_page_and_dashboard_count_sessions_against_times_a_day(
    practitioner_client, client_record, template, practitioner
):
    from programs import dashboard
    from programs.models import SessionLog

    program = services.assign_program(
        client=client_record,
        template=template,
        start_date=TODAY - timedelta(days=30),
        by=practitioner,
    )
    ProgramExercise.objects.filter(phase=program.current_phase).update(
        times_per_day=2, days_per_week=7
    )
    # 14 days × 2 a day = 28 prescribed; two sessions on 10 days and one on 1 day = 21.
    for days_ago in range(11):
        for number in (1, 2) if days_ago < 10 else (1,):
            SessionLog.objects.create(
                program=program,
                performed_on=TODAY - timedelta(days=days_ago),
                session_number=number,
                pain_before=3,
                pain_after=2,
            )
    url = reverse("programs:program_detail", args=[client_record.pk])
    body = practitioner_client.get(url).content.decode()
    assert "Adherence: 75% (21 of 28 sessions prescribed)." in body  # days alone: 11/14
    ready = dashboard.ready_to_progress(today=TODAY)
    adherence = next(r for r in ready[0].evaluation.results if r.label.startswith("Adherence"))
    assert adherence.detail == "Adherence: 75% (21 of 28 sessions prescribed)."
