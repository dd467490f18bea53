"""A client plays an exercise clip on a phone and seeks in it (issue 17): the clip streams
through the access-checked media view with HTTP range requests."""

import datetime
import shutil
import subprocess  # nosec B404

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programs import services
from programs.media import services as media_services
from programs.models import ProgramExercise
from tests import factories
from tests.e2e.conftest import PHONE, assert_accessible, log_in
from tests.factories import TEST_PASSWORD
from tests.programs.test_library import image_upload

pytestmark = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg/ffprobe are not installed (Debian package: ffmpeg)",
)


@pytest.fixture(autouse=True)
def _media_through_the_app(monkeypatch):
    """Django's live server answers MEDIA_URL itself (``_MediaFilesHandler``), without
    the app's access check or its range requests; production has no such handler, so
    here the app's own view answers, as it does there."""
    from django.test.testcases import _MediaFilesHandler

    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda self, path: False)


def _clip(tmp_path) -> SimpleUploadedFile:
    """Four seconds of ffmpeg's test pattern as WebM (every Chromium build plays VP8)."""
    target = tmp_path / "clip.webm"
    subprocess.run(  # noqa: S603, S607  # nosec B603 B607
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "lavfi"),
            *("-i", "testsrc=duration=4:size=160x120:rate=10", "-c:v", "libvpx"),
            *("-b:v", "200k", "-g", "5", str(target)),
        ],
        check=True,
        timeout=120,
    )
    return SimpleUploadedFile("VID_0001.webm", target.read_bytes(), "video/webm")


def _client_with_a_clip(tmp_path):
    practitioner = factories.PractitionerFactory()
    user = factories.ClientUserFactory(
        email="robin@example.org", client_record__practitioner=practitioner
    )
    program = services.assign_program(
        client=user.client_record,
        template=factories.build_template(phases=1, exercises_per_phase=1),
        start_date=timezone.localdate() - datetime.timedelta(days=2),
        by=practitioner,
    )
    exercise = ProgramExercise.objects.get(phase__program=program).exercise
    for kind, caption, upload in (
        ("photo", "Start: lying on the back, knees bent", image_upload("start.png")),
        ("clip", "The whole movement, seen from the side", _clip(tmp_path)),
    ):
        media_services.add_media(
            exercise=exercise,
            kind=kind,
            caption=caption,
            prepared=media_services.prepare_upload(kind, upload),
            by=practitioner,
        )
    return user


def test_a_client_plays_a_clip_and_seeks_on_a_phone(transactional_db, page_factory, tmp_path):
    user = _client_with_a_clip(tmp_path)
    page = page_factory(PHONE)
    ranges = []
    page.on(
        "response",
        lambda r: (
            "/media/exercise-media/" in r.url
            and ranges.append((r.status, r.headers.get("content-range", "")))
        ),
    )
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/portal/session/1/")  # the guided session shows the photos and clips
    photo = page.get_by_role("img", name="Start: lying on the back, knees bent")
    photo.wait_for(state="visible")  # a lazy image has no size until it has loaded
    assert photo.is_visible()
    video = page.locator("video.exercise-clip").first
    assert video.get_attribute("aria-label") == "The whole movement, seen from the side"
    assert video.get_attribute("preload") == "none"
    box = video.bounding_box()
    assert box["width"] > 100 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    handle = video.element_handle()
    page.evaluate("v => { v.muted = true; return v.play(); }", handle)
    page.wait_for_function("v => v.currentTime > 0.2", arg=handle)
    page.evaluate("v => v.pause()", handle)
    # Seek: the browser asks for the bytes it needs and the clip jumps there.
    page.evaluate(
        """v => new Promise(done => {
            v.addEventListener('seeked', done, {once: true});
            v.currentTime = 3;
        })""",
        handle,
    )
    position = page.evaluate("v => v.currentTime", handle)
    assert 2.9 <= position <= 3.1
    assert page.evaluate("v => v.duration", handle) == pytest.approx(4, abs=0.3)
    assert page.evaluate("v => v.error", handle) is None
    assert any(
        status == 206 and content_range.startswith("bytes ") for status, content_range in ranges
    ), ranges
    assert_accessible(page)


def test_a_practitioner_uploads_and_reorders_with_the_keyboard_on_a_phone(
    transactional_db, page_factory, tmp_path
):
    practitioner = factories.PractitionerFactory()
    exercise = factories.ExerciseFactory(name="Bridge")
    page = page_factory(PHONE)
    log_in(page, practitioner.email, TEST_PASSWORD)
    page.goto(f"/practice/exercises/{exercise.pk}/media/")
    assert_accessible(page)
    page.get_by_label("Clip").check()
    page.get_by_label("File").set_input_files(
        files=[{"name": "VID.webm", "mimeType": "video/webm", "buffer": _clip(tmp_path).read()}]
    )
    page.get_by_label("Caption").fill("Lifting the hips")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    assert page.get_by_text("Added.").is_visible()
    page.get_by_label("Photo").check()
    start = image_upload("start.png")
    page.get_by_label("File").set_input_files(
        files=[{"name": "start.png", "mimeType": "image/png", "buffer": start.read()}]
    )
    page.get_by_label("Caption", exact=True).fill("Start: lying on the back")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    up = page.get_by_role("button", name="Move “Start: lying on the back” up")
    up.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("video.exercise-clip").count() == 1
    assert list(exercise.media.in_order().values_list("caption", flat=True)) == [
        "Start: lying on the back",
        "Lifting the hips",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
