import io

import pytest

from clinic.seed.demo import programs as demo
from clinic.seed.demo import staff as clinic_demo
from clinic.seed.demo.library import EXERCISES, TEMPLATES
from programs.models import ClientProgram, Exercise, ProgramTemplate, SuggestionRule
from programs.suggestions import suggest_exercises
from tests import factories

BRIEF_EXERCISES = [
    "Bridges",
    "Figure-4 piriformis stretch, lying",
    "Figure-4 piriformis stretch, seated",
    "Clamshells",
    "Lift-off",
    "Hip holds",
    "Heel slides",
    "Standing hamstring curls",
    "Seated band hamstring pull",
    "Straight-leg hamstring stretch, heel on a chair",
    "Seated thigh pulses",
    "Parallel squats",
    "Side-lying hip abduction with band",
    "Knee-to-chest rock",
    "Band dorsiflexion",
    "Swan pose",
    "Seated spine twist",
    "Glute release with a ball",
    "Shoulder bridge, feet further out",
    "Seated band leg extension",
]


def test_the_demo_library_covers_the_domain_brief():
    names = {data["name"] for data in EXERCISES}
    assert len(names) >= 20
    assert set(BRIEF_EXERCISES) <= names


@pytest.mark.django_db
def test_seeding_twice_builds_the_library_templates_rules_and_demo_programs_once():
    for demo_user in [clinic_demo.PRACTITIONERS[0]]:
        clinic_demo.ensure_user(demo_user)
    for demo_user in clinic_demo.CLIENTS[:2]:
        factories.ClientFactory(email=demo_user.email, first_name=demo_user.first_name)
    for _ in range(2):
        demo.seed(io.StringIO())
    assert Exercise.objects.count() == len(EXERCISES)
    assert set(ProgramTemplate.objects.values_list("name", flat=True)) == {
        template["name"] for template in TEMPLATES
    }
    sciatica = ProgramTemplate.objects.get(name__startswith="Sciatica")
    assert [phase.name for phase in sciatica.phases.all()] == [
        "Calm & release",
        "Mobility",
        "Activation",
        "Strength & resilience",
    ]
    assert SuggestionRule.objects.filter(finding="weak_glute_med").count() == 2
    assert ClientProgram.objects.active().count() == 2
    alex = ClientProgram.objects.get(client__email=clinic_demo.CLIENTS[0].email)
    assert alex.logs.count() == 13


@pytest.mark.django_db
def test_seeding_without_client_records_skips_the_programs():
    out = io.StringIO()
    demo.seed(out)
    assert not ClientProgram.objects.exists()
    assert Exercise.objects.count() == len(EXERCISES)


@pytest.mark.django_db
def test_suggestions_group_reasons_by_exercise_and_skip_archived_exercises(practitioner):
    clamshells = factories.ExerciseFactory(name="Clamshells")
    factories.SuggestionRuleFactory(finding="weak_glute_med", exercise=clamshells, reason="A")
    factories.SuggestionRuleFactory(finding="knee_valgus_squat", exercise=clamshells, reason="B")
    old = factories.SuggestionRuleFactory(finding="weak_glute_med", reason="C").exercise
    old.archive(by=practitioner, reason="Replaced")
    factories.SuggestionRuleFactory(finding="weak_hamstrings")
    suggestions = suggest_exercises(finding_codes={"weak_glute_med", "knee_valgus_squat"})
    assert [s.exercise for s in suggestions] == [clamshells]
    assert sorted(reason for _, reason in suggestions[0].reasons) == ["A", "B"]
    assert suggest_exercises(finding_codes=set()) == []
