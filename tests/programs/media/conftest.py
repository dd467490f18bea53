"""Tiny clips made with ffmpeg for the media tests (skipped, saying why, without it)."""

import shutil
import subprocess  # nosec B404
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programs.media.models import ExerciseMedia
from programs.media.services import add_media, prepare_upload
from tests import factories
from tests.programs.test_library import image_upload

HAVE_FFMPEG = shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None
needs_ffmpeg = pytest.mark.skipif(
    not HAVE_FFMPEG, reason="ffmpeg/ffprobe are not installed (Debian package: ffmpeg)"
)
LOCATION = "+51.5074-000.1278/"
TEST_SOURCE = "testsrc=duration={seconds}:size=64x64:rate=10"


def make_clip(folder: Path, name: str, *args: str, seconds: float = 1) -> Path:
    """A clip made by ffmpeg from its test pattern; ``args`` choose codec and container."""
    target = folder / name
    subprocess.run(  # noqa: S603, S607  # nosec B603 B607
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "lavfi"),
            *("-i", TEST_SOURCE.format(seconds=seconds), *args, str(target)),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return target


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    """One of each kind of clip, made once for the whole run."""
    if not HAVE_FFMPEG:
        pytest.skip("ffmpeg/ffprobe are not installed (Debian package: ffmpeg)")
    folder = tmp_path_factory.mktemp("clips")
    h264 = ("-c:v", "libx264", "-pix_fmt", "yuv420p")
    return {
        # A phone's MP4 with its location in the metadata.
        "mp4": make_clip(folder, "phone.mp4", *h264, "-metadata", f"location={LOCATION}"),
        "webm": make_clip(folder, "clip.webm", "-c:v", "libvpx", "-b:v", "100k"),
        # An iPhone's QuickTime: HEVC, which most browsers cannot play.
        "mov_hevc": make_clip(
            folder,
            "iphone.mov",
            "-c:v",
            "libx265",
            "-tag:v",
            "hvc1",
            "-x265-params",
            "log-level=error",
            "-metadata",
            f"location={LOCATION}",
        ),
        "mpeg4": make_clip(folder, "old.mp4", "-c:v", "mpeg4"),
        "long": make_clip(folder, "long.mp4", *h264, "-r", "2", seconds=62),
    }


def upload(path: Path, name: str | None = None, content_type: str = "video/mp4"):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=content_type)


@pytest.fixture
def exercise(db):
    return factories.ExerciseFactory(name="Clamshell")


@pytest.fixture
def clip_media(exercise, clips, practitioner):
    prepared = prepare_upload(ExerciseMedia.Kind.CLIP, upload(clips["mp4"]))
    return add_media(
        exercise=exercise,
        kind="clip",
        caption="Knee lifts and lowers",
        prepared=prepared,
        by=practitioner,
    )


@pytest.fixture
def photo_media(exercise, practitioner):
    prepared = prepare_upload(ExerciseMedia.Kind.PHOTO, image_upload("start.png"))
    return add_media(
        exercise=exercise,
        kind="photo",
        caption="Start: lying on the side",
        prepared=prepared,
        by=practitioner,
    )
