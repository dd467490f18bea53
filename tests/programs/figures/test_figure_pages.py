"""Where the drawn figures show: the library, the exercise page, the portal, the handouts."""

import pytest
from django.urls import reverse

from programs import figures
from programs.models import Exercise, ProgramExercise
from tests import factories
from tests.programs.test_library import exercise_data


def _draw_every_item(program, key="bridge"):
    ids = ProgramExercise.objects.filter(phase__program=program).values("exercise_id")
    Exercise.objects.filter(pk__in=ids).update(figure=key)


@pytest.mark.parametrize("count", [1, 30])
def test_the_library_shows_each_drawn_exercise_small_at_the_same_query_cost(
    practitioner_client, django_assert_num_queries, count
):
    factories.ExerciseFactory.create_batch(count, figure="clamshell")
    factories.ExerciseFactory(name="Undrawn")
    # savepoint, session, user, count, page of exercises, release
    with django_assert_num_queries(5):
        body = practitioner_client.get(reverse("programs:exercise_list")).content.decode()
    assert body.count('<span class="exercise-thumb" aria-hidden="true"><svg') == count
    assert figures.BY_KEY["clamshell"].end_text in body


def test_the_exercise_page_shows_the_start_and_the_end_position(practitioner_client, db):
    exercise = factories.ExerciseFactory(figure="parallel-squat")
    body = practitioner_client.get(exercise.get_absolute_url()).content.decode()
    figure = figures.BY_KEY["parallel-squat"]
    assert f'aria-label="{figure.start_text}"' in body
    assert f'aria-label="{figure.end_text}"' in body
    assert "<animate" not in body


def test_a_practitioner_picks_a_figure_for_a_new_exercise(practitioner_client, db):
    response = practitioner_client.post(
        reverse("programs:exercise_create"), exercise_data(figure="bird-dog")
    )
    assert response.status_code == 302
    assert Exercise.objects.get(name="Wall sit").figure == "bird-dog"


def test_a_figure_that_does_not_exist_is_refused_next_to_the_field(practitioner_client, db):
    response = practitioner_client.post(
        reverse("programs:exercise_create"), exercise_data(figure="moonwalk")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Exercise.objects.filter(name="Wall sit").exists()


def test_each_exercise_of_the_guided_session_moves_its_figure_with_stills_for_reduced_motion(
    portal_client, program
):
    _draw_every_item(program)
    items = program.current_phase.items.count()
    for number in range(1, items + 1):
        url = reverse("programs:portal_session_step", args=[number])
        body = portal_client.get(url).content.decode()
        assert body.count('class="exercise-figure exercise-figure-motion"') == 1, number
        assert body.count("<animate ") >= 1
        assert body.count('class="figure-still"') == 2


@pytest.mark.parametrize(
    ("url", "who"),
    [("programs:portal_program_print", "portal"), ("programs:program_handout", "practice")],
)
def test_the_printable_pages_show_still_pictures_and_a_print_button(
    portal_client, practitioner, client, program, url, who
):
    _draw_every_item(program, "swan")
    if who == "practice":
        client.force_login(practitioner)
        response = client.get(reverse(url, args=[program.client_id]))
    else:
        response = portal_client.get(reverse(url))
    body = response.content.decode()
    items = program.current_phase.items.count()
    assert body.count('class="exercise-figure exercise-figure-still"') == items
    assert "<animate" not in body
    assert figures.BY_KEY["swan"].end_text in body
    assert "data-print" in body
