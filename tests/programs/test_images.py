"""Exercise images: checked and decoded by clinic.images (tested once, in
tests/clinic/test_images.py) with the library's own limits, formats and messages;
uploads cannot exhaust a worker's memory (issue 21, point 7), and request bodies over
the configured size are refused before they are read."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from programs.images import MAX_SIDE, clean_image
from programs.models import Exercise
from tests.pictures import encode, jpeg_with_gps, opened, picture, png_header_only, upload
from tests.programs.test_library import exercise_data

ROOT = Path(__file__).resolve().parents[2]

# Runs clean_image on one file in a fresh interpreter and prints how much the peak
# resident memory grew, in MB (Pillow's buffers are C memory, invisible to tracemalloc).
PROBE = """
import os, resource, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from programs.images import clean_image
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    clean_image(SimpleUploadedFile("photo", data, "image/jpeg"))
    outcome = "accepted"
except ValidationError:
    outcome = "refused"
print(outcome, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def _file(fmt: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    options = {"quality": 30} if fmt == "JPEG" else {}
    Image.new("RGB", size, (20, 120, 90)).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _peak_growth_mb(path: Path) -> tuple[str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(  # noqa: S603 - our own probe, fixed argv
        [sys.executable, "-c", PROBE, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome, grown = result.stdout.split()
    return outcome, int(grown)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_audits_small_huge_png_is_refused_next_to_the_field_and_nothing_is_saved(
    practitioner_client, media
):
    png = _file("PNG", (6300, 6300))
    assert len(png) < 200_000  # small on disk, 40 megapixels once decoded
    upload = SimpleUploadedFile("tiny.png", png, "image/png")
    response = practitioner_client.post(
        reverse("programs:exercise_create"), exercise_data(image=upload, image_alt="x")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "6300 × 6300 pixels" in body and "up to 16 megapixels" in body
    assert 'id="id_image_error"' in body or "is-invalid" in body
    assert not Exercise.objects.exists()
    assert not (media.exists() and list(media.rglob("*.*")))


def test_a_40_megapixel_phone_photo_is_accepted_with_bounded_memory(tmp_path):
    path = tmp_path / "phone.jpg"
    path.write_bytes(_file("JPEG", (7700, 5190)))  # 40.0 MP
    outcome, grown = _peak_growth_mb(path)
    assert outcome == "accepted"
    assert grown < 60, f"decoding a 40 MP JPEG grew the worker by {grown} MB"
    stored = clean_image(SimpleUploadedFile("phone.jpg", path.read_bytes(), "image/jpeg"))
    with Image.open(stored) as image:
        assert max(image.size) == MAX_SIDE


def test_the_largest_accepted_png_stays_well_below_half_a_gigabyte(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(_file("PNG", (4000, 4000)))  # 16 MP: the most a PNG may have
    outcome, grown = _peak_growth_mb(path)
    assert outcome == "accepted"
    assert grown < 150, f"a 16 MP PNG grew the worker by {grown} MB"


@pytest.mark.parametrize(
    ("fmt", "size", "message"),
    [
        ("JPEG", (8000, 5100), "JPEG photos may have up to 40 megapixels"),
        ("PNG", (4100, 4000), "may have up to 16 megapixels"),
        ("GIF", (4100, 4000), "may have up to 16 megapixels"),
        ("WEBP", (4100, 4000), "may have up to 16 megapixels"),
    ],
)
def test_images_over_the_pixel_caps_are_refused_with_their_size(fmt, size, message):
    upload = SimpleUploadedFile(f"x.{fmt.lower()}", _file(fmt, size), f"image/{fmt.lower()}")
    with pytest.raises(ValidationError, match=message):
        clean_image(upload)


@pytest.mark.parametrize("side", [20_000, 100_000])
def test_a_decompression_bomb_is_a_message_not_an_error(side):
    upload = SimpleUploadedFile("bomb.png", png_header_only(side, side), "image/png")
    with pytest.raises(ValidationError, match="pixels"):
        clean_image(upload)


def test_a_phone_photo_is_stored_upright_as_a_jpeg_without_its_metadata():
    stored = clean_image(upload(jpeg_with_gps(600, 900, orientation=6), name="IMG_0001.JPG"))
    data = stored.read()
    image = opened(data)
    assert stored.name.endswith(".jpg") and "IMG_0001" not in stored.name
    assert stored.content_type == "image/jpeg"
    assert image.format == "JPEG" and image.size == (900, 600)  # turned as the camera was
    assert not image.getexif() and b"PhoneMaker" not in data


@pytest.mark.parametrize(("fmt", "stored_as"), [("PNG", "PNG"), ("WEBP", "WEBP"), ("GIF", "PNG")])
def test_png_webp_and_gif_keep_their_transparency(fmt, stored_as):
    source = Image.new("RGBA", (60, 40), (200, 30, 30, 255))
    source.paste((0, 0, 0, 0), (0, 0, 30, 40))
    data = encode(source, fmt)
    stored = clean_image(upload(data, name=f"x.{fmt.lower()}", content_type=f"image/{fmt}"))
    image = opened(stored.read())
    assert image.format == stored_as and image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0 and image.getpixel((50, 5))[3] == 255


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.png", "SVG files are not accepted"),
        (encode(picture(50, 50), "TIFF"), "x.tif", "Upload a JPEG, PNG or WebP image."),
        (b"\xff\xd8" + b"\0" * (5 * 1024 * 1024), "x.jpg", "larger than 5 MB"),
        (b"not pixels" * 10, "x.jpg", "not an image we can read"),
        (encode(picture(50, 50)) + b"<script>x</script>", "x.jpg", "something else besides"),
        (b"", "x.jpg", "The file is empty."),
    ],
)
def test_a_refused_image_says_why_in_the_librarys_words(data, name, message):
    with pytest.raises(ValidationError, match=message):
        clean_image(upload(data, name=name))


def test_a_request_body_over_the_limit_is_refused_with_413_before_it_is_read(
    practitioner_client, settings, media
):
    settings.CLINIC_MAX_REQUEST_MB = 1
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (2 * 1024 * 1024), "image/jpeg")
    response = practitioner_client.post(
        reverse("programs:exercise_create"), exercise_data(image=big, image_alt="x")
    )
    assert response.status_code == 413
    assert "at most 1 MB" in response.content.decode()
    assert not Exercise.objects.exists()


def test_a_body_under_the_limit_goes_through(practitioner_client, settings, media):
    settings.CLINIC_MAX_REQUEST_MB = 1
    response = practitioner_client.post(reverse("programs:exercise_create"), exercise_data())
    assert response.status_code == 302
    assert Exercise.objects.count() == 1


def test_a_lying_content_length_is_refused_too(client, settings):
    settings.CLINIC_MAX_REQUEST_MB = 1
    response = client.post(reverse("login"), {}, CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413
