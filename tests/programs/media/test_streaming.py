"""Clips stream with HTTP range requests (phones seek by asking for byte ranges), through
the access-checked media view: staff, and clients with the exercise in an active program
of theirs; anyone else gets a 404."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from clinic.media import Unsatisfiable, byte_range
from programs import services
from programs.media.models import ExerciseMedia
from programs.models import ClientProgram, ProgramExercise, ProgramPhase
from tests import factories


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _url(name: str) -> str:
    return reverse("programs:media", args=[name])


def _whole(media) -> bytes:
    return default_storage.open(media.file.name).read()


def _prescribe(exercise, client_record, practitioner, *, status="active"):
    program = ClientProgram.objects.create(
        client=client_record,
        name="Back",
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        assigned_by=practitioner,
        status=status,
    )
    phase = ProgramPhase.objects.create(program=program, position=1, name="Calm")
    return ProgramExercise.objects.create(phase=phase, exercise=exercise, position=1)


def test_the_whole_clip_says_ranges_are_accepted(practitioner_client, clip_media):
    response = practitioner_client.get(clip_media.file.url)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == "no-store"
    assert _body(response) == _whole(clip_media)


def test_a_range_gets_206_with_exactly_those_bytes(practitioner_client, clip_media):
    whole = _whole(clip_media)
    response = practitioner_client.get(clip_media.file.url, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert response["Content-Length"] == "100"
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == whole[100:200]


def test_an_open_ended_range_runs_to_the_end(practitioner_client, clip_media):
    whole = _whole(clip_media)
    response = practitioner_client.get(clip_media.file.url, HTTP_RANGE="bytes=1000-")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-{len(whole) - 1}/{len(whole)}"
    assert _body(response) == whole[1000:]


def test_a_suffix_range_gets_the_last_bytes(practitioner_client, clip_media):
    whole = _whole(clip_media)
    response = practitioner_client.get(clip_media.file.url, HTTP_RANGE="bytes=-300")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {len(whole) - 300}-{len(whole) - 1}/{len(whole)}"
    assert _body(response) == whole[-300:]


def test_a_range_past_the_end_is_416(practitioner_client, clip_media):
    size = len(_whole(clip_media))
    response = practitioner_client.get(clip_media.file.url, HTTP_RANGE=f"bytes={size}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    assert _body(response) == b""


def test_the_poster_is_served_too(practitioner_client, clip_media):
    response = practitioner_client.get(clip_media.poster.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert _body(response)[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-0", 10, (0, 0)),
        ("bytes=5-100", 10, (5, 9)),  # the end is clipped to the file
        ("bytes=-20", 10, (0, 9)),  # a suffix longer than the file: all of it
        ("bytes=3-1", 10, None),  # not a valid range: ignored, the whole file
        ("bytes=0-1,4-5", 10, None),  # several ranges: the whole file
        ("items=0-1", 10, None),
        ("bytes=-", 10, None),
    ],
)
def test_reading_the_range_header(header, size, expected):
    assert byte_range(header, size) == expected


@pytest.mark.parametrize("header", ["bytes=10-", "bytes=-0", "bytes=99-100"])
def test_ranges_that_cannot_be_met(header):
    with pytest.raises(Unsatisfiable):
        byte_range(header, 10)


def test_with_nginx_the_range_is_left_to_nginx(practitioner_client, clip_media, settings):
    settings.CLINIC_MEDIA_ACCEL = "nginx"
    response = practitioner_client.get(clip_media.file.url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].endswith(clip_media.file.name)


# Access per role: staff, the client who has the exercise in an active program; nobody else.


def test_staff_see_every_clip(client, owner, practitioner, clip_media):
    for user in (owner, practitioner):
        client.force_login(user)
        assert client.get(clip_media.file.url, HTTP_RANGE="bytes=0-3").status_code == 206


def test_a_client_sees_the_clips_of_their_active_program_only(
    portal_client, client_record, practitioner, clip_media
):
    assert portal_client.get(clip_media.file.url).status_code == 404  # not prescribed
    item = _prescribe(clip_media.exercise, client_record, practitioner)
    response = portal_client.get(clip_media.file.url, HTTP_RANGE="bytes=0-3")
    assert response.status_code == 206
    assert portal_client.get(clip_media.poster.url).status_code == 200
    ClientProgram.objects.filter(pk=item.phase.program_id).update(status="ended")
    assert portal_client.get(clip_media.file.url).status_code == 404


def test_a_removed_exercise_in_the_program_shows_no_clip(
    portal_client, client_record, practitioner, clip_media
):
    item = _prescribe(clip_media.exercise, client_record, practitioner)
    item.archive(by=practitioner, reason="Removed")
    assert portal_client.get(clip_media.file.url).status_code == 404


def test_another_client_of_the_clinic_gets_404(
    client, client_record, practitioner, clip_media, other_client_user
):
    _prescribe(clip_media.exercise, client_record, practitioner)  # client A's program
    client.force_login(other_client_user)
    assert client.get(clip_media.file.url).status_code == 404
    assert client.get(clip_media.poster.url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, clip_media):
    response = client.get(clip_media.file.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_made_up_name_is_404(practitioner_client, clip_media):
    assert practitioner_client.get(_url("exercise-media/nothing.mp4")).status_code == 404


@pytest.mark.parametrize("count", [1, 15])
def test_streaming_costs_the_same_queries_whatever_the_library_holds(
    portal_client, client_record, practitioner, clip_media, django_assert_num_queries, count
):
    _prescribe(clip_media.exercise, client_record, practitioner)
    for _ in range(count):
        ExerciseMedia.objects.create(
            exercise=factories.ExerciseFactory(), kind="photo", caption="x", file="x.png"
        )
    # session, user, the media with that name and whether it is in an active program
    with django_assert_num_queries(2):
        response = portal_client.get(clip_media.file.url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206


def test_a_clip_is_shown_only_while_the_program_is_running(
    portal_client, client_record, practitioner, clip_media, template
):
    program = services.assign_program(
        client=client_record,
        template=template,
        start_date=timezone.localdate(),
        by=practitioner,
    )
    assert not portal_client.get(clip_media.file.url).status_code == 200
    item = program.current_phase.items.first()
    ProgramExercise.objects.filter(pk=item.pk).update(exercise=clip_media.exercise)
    assert portal_client.get(clip_media.file.url).status_code == 200
