"""The exercise library pages, images and suggestion rules."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from programs.models import Exercise, SuggestionRule
from tests import factories


def image_upload(name="photo.png", fmt="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def exercise_data(**overrides):
    data = {
        "name": "Wall sit",
        "category": "strength",
        "purpose": "Strengthen the thighs.",
        "instructions": "Lean on the wall.\nSlide down.",
        "targets": ["quadriceps"],
        "equipment": ["wall"],
        "sets": 3,
        "reps": 5,
        "hold_seconds": 20,
        "times_per_day": 1,
        "days_per_week": 4,
        "rest_seconds": 30,
    }
    data.update(overrides)
    return data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("count", [1, 30])
def test_the_library_costs_the_same_queries_for_1_or_30_exercises(
    practitioner_client, django_assert_num_queries, count
):
    factories.ExerciseFactory.create_batch(count)
    # savepoint, session, user, count for the paginator, the page of exercises, release
    with django_assert_num_queries(5):
        response = practitioner_client.get(reverse("programs:exercise_list"))
    assert response.content.decode().count('class="list-group-item"') == count


def test_the_library_filters_by_search_category_target_and_equipment(practitioner_client):
    factories.ExerciseFactory(name="Clamshells", category="activation", targets=["glute_med"])
    factories.ExerciseFactory(
        name="Band walk", category="strength", targets=["glute_med"], equipment=["band"]
    )
    factories.ExerciseFactory(name="Hamstring curl", category="strength", targets=["hamstrings"])
    url = reverse("programs:exercise_list")

    def names(**params):
        page = practitioner_client.get(url, params).context["page"]
        return sorted(exercise.name for exercise in page)

    assert names(q="clam") == ["Clamshells"]
    assert names(category="strength") == ["Band walk", "Hamstring curl"]
    assert names(target="glute_med") == ["Band walk", "Clamshells"]
    assert names(target="glute_med", equipment="band") == ["Band walk"]


def test_a_practitioner_adds_an_exercise_with_an_image_stored_under_a_random_name(
    practitioner_client, practitioner, media
):
    data = exercise_data(image=image_upload("my holiday.png"), image_alt="A wall sit")
    response = practitioner_client.post(reverse("programs:exercise_create"), data)
    exercise = Exercise.objects.get(name="Wall sit")
    assert response.url == exercise.get_absolute_url()
    assert exercise.created_by == practitioner
    assert "holiday" not in exercise.image.name
    assert exercise.image.name.endswith(".png")
    assert exercise.history.first().history_user == practitioner
    with Image.open(exercise.image.path) as stored:
        assert stored.size == (40, 30)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"
            ),
            "SVG files are not accepted",
        ),
        (SimpleUploadedFile("x.png", b"not an image at all", "image/png"), "not an image"),
        (
            SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "image/jpeg"),
            "larger than 5 MB",
        ),
    ],
)
def test_bad_images_are_refused_with_a_message_and_nothing_is_saved(
    practitioner_client, media, upload, message
):
    data = exercise_data(image=upload, image_alt="x")
    response = practitioner_client.post(reverse("programs:exercise_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exercise.objects.exists()
    assert not list(media.rglob("*.*"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sets", 0, "At least one set."),
        ("reps", -1, "At least one repetition."),
        ("hold_seconds", 601, "at most 10 minutes"),
    ],
)
def test_impossible_default_dosages_are_refused(practitioner_client, field, value, message):
    response = practitioner_client.post(
        reverse("programs:exercise_create"), exercise_data(**{field: value})
    )
    assert message in response.content.decode()
    assert not Exercise.objects.exists()


def test_the_exercise_page_shows_steps_and_variations_both_ways(practitioner_client):
    easier = factories.ExerciseFactory(name="Hip holds")
    bridge = factories.ExerciseFactory(name="Bridges", instructions="Lie down.\nLift the hips.")
    harder = factories.ExerciseFactory(name="Single-leg bridge")
    bridge.easier_variations.add(easier)
    harder.easier_variations.add(bridge)
    body = practitioner_client.get(bridge.get_absolute_url()).content.decode()
    assert "<li>Lift the hips.</li>" in body
    assert "Easier:\n      <a" in body and "Hip holds" in body
    assert "Single-leg bridge" in body


def test_archiving_an_exercise_hides_it_from_the_library_and_restoring_brings_it_back(
    practitioner_client, practitioner
):
    exercise = factories.ExerciseFactory(name="Old stretch")
    practitioner_client.post(reverse("programs:exercise_archive", args=[exercise.pk]))
    exercise.refresh_from_db()
    assert exercise.is_archived and exercise.archived_by == practitioner
    url = reverse("programs:exercise_list")
    assert list(practitioner_client.get(url).context["page"]) == []
    assert list(practitioner_client.get(url, {"archived": "1"}).context["page"]) == [exercise]
    practitioner_client.post(reverse("programs:exercise_restore", args=[exercise.pk]))
    assert list(practitioner_client.get(url).context["page"]) == [exercise]


def test_the_clinic_edits_the_suggestion_rules(practitioner_client):
    exercise = factories.ExerciseFactory(name="Clamshells")
    url = reverse("programs:rule_list")
    data = {"finding": "weak_glute_med", "exercise": exercise.pk, "reason": "Side hip"}
    practitioner_client.post(url, data)
    rule = SuggestionRule.objects.get()
    assert (rule.finding, rule.exercise, rule.reason) == ("weak_glute_med", exercise, "Side hip")
    response = practitioner_client.post(url, data)
    assert "already suggests this exercise" in response.content.decode()
    assert SuggestionRule.objects.count() == 1
    practitioner_client.post(
        reverse("programs:rule_edit", args=[rule.pk]), {**data, "reason": "Glute med work"}
    )
    rule.refresh_from_db()
    assert rule.reason == "Glute med work"
    practitioner_client.post(reverse("programs:rule_remove", args=[rule.pk]))
    assert not SuggestionRule.objects.exists()
    assert rule.history.count() == 3


@pytest.mark.parametrize("count", [1, 30])
def test_the_rule_page_costs_the_same_queries_for_1_or_30_rules(
    practitioner_client, django_assert_num_queries, count
):
    for _ in range(count):
        factories.SuggestionRuleFactory()
    # savepoint, session, user, rules with their exercises, exercises for the form, release
    with django_assert_num_queries(5):
        practitioner_client.get(reverse("programs:rule_list"))


HUGE = "9" * 40


def test_an_impossible_record_number_is_an_invalid_choice_not_a_crash(
    practitioner_client, client_record
):
    template = factories.build_template(phases=1)
    phase = template.phases.get()
    response = practitioner_client.post(
        reverse("programs:exercise_create"), exercise_data(easier_variations=[HUGE])
    )
    assert "Select a valid choice" in response.content.decode()
    response = practitioner_client.post(
        reverse("programs:rule_list"), {"finding": "weak_glute_med", "exercise": HUGE}
    )
    assert "Select a valid choice" in response.content.decode()
    response = practitioner_client.post(
        reverse("programs:program_assign", args=[client_record.pk]),
        {"template": HUGE, "start_date": "2026-11-20", "suggestions": [HUGE]},
    )
    assert "Select a valid choice" in response.content.decode()
    response = practitioner_client.post(
        reverse("programs:template_item_add", args=[template.pk, phase.pk]),
        {"version": template.version, "exercise": HUGE},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Exercise.objects.exclude(pk__in=phase.items.values("exercise")).exists()
