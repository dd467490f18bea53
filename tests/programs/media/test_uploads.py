"""Issue 17, "Media in the library": each bad upload is refused with a message beside the
file field and saves nothing; good clips are stored as a browser-playable copy without
the phone's metadata, with a poster; photos lose their EXIF."""

import io
import json
import subprocess  # nosec B404

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from programs.media import video
from programs.media.models import ExerciseMedia
from tests.programs.media.conftest import LOCATION, needs_ffmpeg, upload


def _post(practitioner_client, exercise, file, kind="clip", caption="Side view"):
    return practitioner_client.post(
        reverse("programs:exercise_media", args=[exercise.pk]),
        {"kind": kind, "caption": caption, "file": file},
    )


def _tags(found: dict) -> str:
    """Every metadata tag of the file and its streams, as text."""
    tags = [found["format"].get("tags", {})] + [s.get("tags", {}) for s in found["streams"]]
    return json.dumps(tags).lower()


def _stored_files(settings):
    folder = settings.MEDIA_ROOT / "exercise-media"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _probe(name) -> dict:
    """ffprobe's report of a stored file (by name) or of any path."""
    path = default_storage.path(name) if isinstance(name, str) else str(name)
    result = subprocess.run(  # noqa: S603, S607  # nosec B603 B607
        [
            *("ffprobe", "-v", "error", "-print_format", "json", "-show_format"),
            *("-show_streams", path),
        ],
        capture_output=True,
        check=True,
    )
    return json.loads(result.stdout)


def _refused(response, settings, message):
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors["file"]), form.errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert ExerciseMedia.objects.count() == 0
    assert _stored_files(settings) == []


@needs_ffmpeg
def test_a_file_that_is_not_a_video_is_refused(practitioner_client, exercise, settings):
    text = SimpleUploadedFile("clip.mp4", b"just some words, not a film", "video/mp4")
    _refused(_post(practitioner_client, exercise, text), settings, "not a video we can read")


@needs_ffmpeg
def test_a_renamed_picture_is_refused_as_a_clip(practitioner_client, exercise, settings):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(buffer, format="PNG")
    renamed = SimpleUploadedFile("holiday.mov", buffer.getvalue(), "video/quicktime")
    _refused(_post(practitioner_client, exercise, renamed), settings, "not a video we can read")


@needs_ffmpeg
def test_a_clip_longer_than_a_minute_is_refused(practitioner_client, exercise, clips, settings):
    response = _post(practitioner_client, exercise, upload(clips["long"]))
    _refused(response, settings, "seconds long; clips may be at most 60 seconds")


@needs_ffmpeg
def test_a_clip_over_the_size_limit_is_refused(
    practitioner_client, exercise, clips, settings, monkeypatch
):
    monkeypatch.setattr(video, "MAX_CLIP_BYTES", clips["mp4"].stat().st_size - 1)
    response = _post(practitioner_client, exercise, upload(clips["mp4"]))
    _refused(response, settings, "larger than")


@needs_ffmpeg
def test_a_codec_browsers_cannot_play_is_refused(practitioner_client, exercise, clips, settings):
    response = _post(practitioner_client, exercise, upload(clips["mpeg4"]))
    _refused(response, settings, "format browsers cannot play (mpeg4)")


@needs_ffmpeg
def test_the_file_is_judged_by_its_content_not_its_name(practitioner_client, exercise, clips):
    renamed = upload(clips["webm"], name="notes.txt", content_type="text/plain")
    response = _post(practitioner_client, exercise, renamed)
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    assert media.file.name.endswith(".webm") and "notes" not in media.file.name
    assert _probe(media.file.name)["streams"][0]["codec_name"] == "vp8"


@needs_ffmpeg
def test_a_phone_mp4_is_kept_without_its_location_and_starts_fast(
    practitioner_client, exercise, clips
):
    assert _probe(clips["mp4"])["format"]["tags"]["location"] == LOCATION  # the source has it
    response = _post(practitioner_client, exercise, upload(clips["mp4"]))
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    assert (media.kind, media.caption, media.position) == ("clip", "Side view", 1)
    stored = default_storage.open(media.file.name).read()
    assert b"loci" not in stored  # the MP4 location box
    assert "location" not in _tags(_probe(media.file.name))
    assert stored.index(b"moov") < stored.index(b"mdat")  # faststart: the index first
    poster = default_storage.open(media.poster.name).read()
    assert poster[:3] == b"\xff\xd8\xff"  # a JPEG
    assert float(media.duration_seconds) == pytest.approx(1.0, abs=0.2)


@needs_ffmpeg
def test_an_iphone_hevc_quicktime_becomes_an_h264_mp4(practitioner_client, exercise, clips):
    response = _post(practitioner_client, exercise, upload(clips["mov_hevc"], content_type=""))
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    assert media.file.name.endswith(".mp4") and media.content_type == "video/mp4"
    found = _probe(media.file.name)
    assert found["streams"][0]["codec_name"] == "h264"
    assert found["streams"][0]["pix_fmt"] == "yuv420p"
    assert "mp4" in found["format"]["tags"]["major_brand"] or "isom" in json.dumps(found)
    assert _probe(clips["mov_hevc"])["format"]["tags"]["location"] == LOCATION
    assert "location" not in _tags(found)
    assert LOCATION.encode() not in default_storage.open(media.file.name).read()


def test_without_ffmpeg_clips_get_a_clear_message_and_photos_still_work(
    practitioner_client, exercise, settings, monkeypatch
):
    monkeypatch.setattr(video.shutil, "which", lambda name: None)
    clip = SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypmp42", "video/mp4")
    _refused(_post(practitioner_client, exercise, clip), settings, "ffmpeg is not installed")
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, format="JPEG")
    photo = SimpleUploadedFile("start.jpg", buffer.getvalue(), "image/jpeg")
    assert _post(practitioner_client, exercise, photo, kind="photo").status_code == 302
    assert ExerciseMedia.objects.get().kind == "photo"


def test_a_photo_is_reencoded_without_its_exif(practitioner_client, exercise):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    Image.new("RGB", (64, 48), "teal").save(buffer, format="JPEG", exif=exif)
    assert b"PhoneMaker" in buffer.getvalue()
    photo = SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), "image/jpeg")
    assert _post(practitioner_client, exercise, photo, kind="photo").status_code == 302
    media = ExerciseMedia.objects.get()
    stored = default_storage.open(media.file.name).read()
    assert b"PhoneMaker" not in stored and "IMG_0001" not in media.file.name
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    assert media.poster.name == ""


def test_a_picture_uploaded_as_a_photo_must_be_an_image(practitioner_client, exercise, settings):
    text = SimpleUploadedFile("start.jpg", b"not pixels", "image/jpeg")
    response = _post(practitioner_client, exercise, text, kind="photo")
    _refused(response, settings, "not an image we can read")


def test_a_caption_is_required_as_the_text_alternative(practitioner_client, exercise):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    photo = SimpleUploadedFile("a.png", buffer.getvalue(), "image/png")
    response = _post(practitioner_client, exercise, photo, kind="photo", caption="")
    assert "caption" in response.context["form"].errors
    assert ExerciseMedia.objects.count() == 0


def test_the_clip_upload_may_send_100_mb_and_other_forms_may_not(
    practitioner_client, exercise, settings
):
    fifty_mb = str(50 * 1024 * 1024)
    elsewhere = practitioner_client.post(
        reverse("programs:exercise_create"), {}, CONTENT_LENGTH=fifty_mb
    )
    assert elsewhere.status_code == 413
    url = reverse("programs:exercise_media", args=[exercise.pk])
    assert practitioner_client.get(url).status_code == 200
    too_big = str((settings.CLINIC_MAX_CLIP_REQUEST_MB + 1) * 1024 * 1024)
    assert practitioner_client.post(url, {}, CONTENT_LENGTH=too_big).status_code == 413
    from clinic.security.limits import RequestSizeLimitMiddleware

    passed = []
    middleware = RequestSizeLimitMiddleware(lambda request: passed.append(request) or "ok")
    request = RequestFactory().post(url, CONTENT_LENGTH=fifty_mb)
    assert middleware(request) == "ok" and passed
