"""The media page (upload, caption, reorder, remove), the exercise page and the portal
showing the media, files deleted from storage when removed or replaced, and flat query
counts on every page touched."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from programs import services as program_services
from programs.media import services
from programs.media.models import ExerciseMedia
from programs.models import Exercise
from tests import factories
from tests.programs.test_library import exercise_data, image_upload


def _photo(exercise, caption, by):
    prepared = services.prepare_upload("photo", image_upload(f"{caption}.png"))
    return services.add_media(
        exercise=exercise, kind="photo", caption=caption, prepared=prepared, by=by
    )


@pytest.fixture
def three_photos(exercise, practitioner):
    return [_photo(exercise, caption, practitioner) for caption in ("Start", "Middle", "End")]


def _captions(exercise):
    return list(exercise.media.in_order().values_list("caption", flat=True))


def test_the_media_page_lists_them_in_order_with_labelled_controls(
    practitioner_client, exercise, three_photos
):
    response = practitioner_client.get(reverse("programs:exercise_media", args=[exercise.pk]))
    page = response.content.decode()
    assert page.index('alt="Start"') < page.index('alt="Middle"') < page.index('alt="End"')
    assert "Move “Start” up" in page and "Move “End” down" in page
    assert 'for="caption-' in page and 'Remove<span class="visually-hidden"> “Middle”' in page
    assert 'type="file"' in page and 'name="once_key"' in page


def test_moving_up_and_down_reorders_and_keeps_history(
    practitioner_client, exercise, three_photos, practitioner
):
    start, middle, end = three_photos
    url = reverse("programs:exercise_media_move", args=[exercise.pk, end.pk])
    response = practitioner_client.post(url, {"direction": "up"})
    assert response["Location"].endswith(f"/media/#media-{end.pk}")
    assert _captions(exercise) == ["Start", "End", "Middle"]
    practitioner_client.post(
        reverse("programs:exercise_media_move", args=[exercise.pk, start.pk]), {"direction": "up"}
    )  # already first: nothing moves
    practitioner_client.post(
        reverse("programs:exercise_media_move", args=[exercise.pk, start.pk]),
        {"direction": "down"},
    )
    assert _captions(exercise) == ["End", "Start", "Middle"]
    latest = end.history.first()
    assert latest.history_user == practitioner and latest.history_change_reason == "Reordered"


def test_a_caption_is_changed_and_an_empty_one_refused(practitioner_client, exercise, three_photos):
    url = reverse("programs:exercise_media_caption", args=[exercise.pk, three_photos[0].pk])
    practitioner_client.post(url, {"caption": "Start: lying on the side"})
    assert _captions(exercise)[0] == "Start: lying on the side"
    response = practitioner_client.post(url, {"caption": ""}, follow=True)
    assert "A caption is needed" in response.content.decode()
    assert _captions(exercise)[0] == "Start: lying on the side"


def test_media_of_another_exercise_is_404(practitioner_client, three_photos):
    other = factories.ExerciseFactory()
    url = reverse("programs:exercise_media_remove", args=[other.pk, three_photos[0].pk])
    assert practitioner_client.post(url).status_code == 404
    assert ExerciseMedia.objects.count() == 3


def test_removing_deletes_the_files_once_committed(
    practitioner_client, exercise, clip_media, django_capture_on_commit_callbacks
):
    names = [clip_media.file.name, clip_media.poster.name]
    assert all(default_storage.exists(name) for name in names)
    url = reverse("programs:exercise_media_remove", args=[exercise.pk, clip_media.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        practitioner_client.post(url)
    assert len(callbacks) == 1
    assert not ExerciseMedia.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert clip_media.history.first().history_type == "-"


def test_a_removal_that_rolls_back_keeps_its_files(exercise, three_photos, practitioner):
    from django.db import transaction

    name = three_photos[0].file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        services.remove_media(three_photos[0], by=practitioner)
        raise RuntimeError("the request failed later")
    assert default_storage.exists(name) and ExerciseMedia.objects.count() == 3


def test_a_replaced_exercise_image_is_deleted(
    practitioner_client, django_capture_on_commit_callbacks
):
    practitioner_client.post(
        reverse("programs:exercise_create"),
        exercise_data(image=image_upload("first.png"), image_alt="First"),
    )
    exercise = Exercise.objects.get(name="Wall sit")
    old = exercise.image.name
    assert default_storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        practitioner_client.post(
            reverse("programs:exercise_edit", args=[exercise.pk]),
            exercise_data(image=image_upload("second.png"), image_alt="Second"),
        )
    exercise.refresh_from_db()
    assert exercise.image.name != old and default_storage.exists(exercise.image.name)
    assert not default_storage.exists(old)


def test_the_exercise_page_shows_photos_and_the_clip(
    practitioner_client, exercise, clip_media, three_photos
):
    page = practitioner_client.get(exercise.get_absolute_url()).content.decode()
    assert f'src="/media/{three_photos[0].file.name}" alt="Start"' in page
    assert '<video class="exercise-clip rounded d-print-none" controls preload="none"' in page
    assert f'poster="/media/{clip_media.poster.name}"' in page
    assert f'<source src="/media/{clip_media.file.name}" type="video/mp4">' in page
    assert "Change the photos and clips (4)" in page


@pytest.mark.parametrize("count", [1, 6])
def test_exercise_and_media_pages_cost_the_same_queries_whatever_the_media(
    practitioner_client, exercise, practitioner, django_assert_num_queries, count
):
    for n in range(count):
        ExerciseMedia.objects.create(
            exercise=exercise, kind="photo", caption=f"p{n}", file=f"exercise-media/{n}.png"
        )
    # savepoint, session, user, exercise, its media, easier, harder, history, release
    with django_assert_num_queries(8):
        assert practitioner_client.get(exercise.get_absolute_url()).status_code == 200
    # savepoint, session, user, exercise, its media, release
    with django_assert_num_queries(5):
        response = practitioner_client.get(reverse("programs:exercise_media", args=[exercise.pk]))
    assert response.content.decode().count('class="exercise-photo') == count


@pytest.fixture
def client_program(client_record, practitioner, template):
    return program_services.assign_program(
        client=client_record,
        template=template,
        start_date=timezone.localdate() - datetime.timedelta(days=3),
        by=practitioner,
    )


def _with_media(program, practitioner, count):
    for item in program.current_phase.items.select_related("exercise"):
        for n in range(count):
            ExerciseMedia.objects.create(
                exercise=item.exercise,
                kind="clip",
                caption=f"{item.exercise.name} clip {n}",
                file=f"exercise-media/{item.pk}-{n}.mp4",
                poster=f"exercise-media/{item.pk}-{n}.jpg",
            )


def test_the_portal_today_page_and_print_show_the_clips(
    portal_client, client_program, practitioner
):
    _with_media(client_program, practitioner, 1)
    media = ExerciseMedia.objects.first()
    page = portal_client.get(reverse("programs:portal_home")).content.decode()
    assert '<video class="exercise-clip rounded d-print-none" controls preload="none"' in page
    assert f'poster="/media/{media.poster.name}" aria-label="{media.caption}"' in page
    assert f"{media.caption}" in page
    printed = portal_client.get(reverse("programs:portal_program_print")).content.decode()
    assert f'src="/media/{media.poster.name}" alt="{media.caption}"' in printed
    assert "watch it in the portal" in printed


@pytest.mark.parametrize("count", [1, 4])
def test_portal_pages_cost_the_same_queries_whatever_the_media(
    portal_client, client_program, practitioner, django_assert_num_queries, count
):
    _with_media(client_program, practitioner, count)
    # As before this issue (session, user, the program with its flags, the phase's
    # exercises), plus one query for all their media; + the current consent version
    # (cold cache) and an open questionnaire.
    with django_assert_num_queries(6):
        page = portal_client.get(reverse("programs:portal_home")).content.decode()
    assert page.count("<video ") == 2 * count
    # session, user, the client, the program, its exercises, their media
    with django_assert_num_queries(5):
        printed = portal_client.get(reverse("programs:portal_program_print")).content.decode()
    assert printed.count("<video ") == 2 * count
