"""A posture photo is checked and decoded by clinic.images (tested once, in
tests/clinic/test_images.py) and stored as a plain JPEG with a thumbnail: here, what
the posture photos' own rules and messages make of it."""

import pytest
from django.core.exceptions import ValidationError

from clients.posture import photos
from tests.pictures import (
    GPS_IFD,
    MAKE,
    encode,
    jpeg_with_gps,
    opened,
    picture,
    png_header_only,
    upload,
)


def refused(data: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        photos.process(upload(data, **kwargs))
    return caught.value


def test_exif_and_gps_are_gone_from_the_photo_and_its_thumbnail():
    original = jpeg_with_gps()
    assert opened(original).getexif().get_ifd(GPS_IFD)  # the test image really has GPS
    result = photos.process(upload(original))
    for data in (result.image, result.thumbnail):
        image = opened(data)
        assert image.format == "JPEG"
        assert not image.getexif()
        assert b"PhoneMaker" not in data
        assert "exif" not in image.info and "icc_profile" not in image.info
    assert MAKE not in opened(result.image).getexif()


def test_the_stored_photo_is_upright():
    result = photos.process(upload(jpeg_with_gps(600, 900, orientation=6)))
    assert (result.width, result.height) == (900, 600)
    assert opened(result.image).convert("RGB").getpixel((890, 10))[0] < 80


def test_the_long_side_is_capped_at_2000_and_a_thumbnail_made():
    result = photos.process(upload(encode(picture(3000, 1500))))
    assert (result.width, result.height) == (2000, 1000)
    assert opened(result.image).size == (2000, 1000)
    assert max(opened(result.thumbnail).size) == photos.THUMB_SIDE


@pytest.mark.parametrize(("fmt", "mode"), [("PNG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB")])
def test_png_and_webp_are_accepted_and_stored_as_jpeg(fmt, mode):
    result = photos.process(upload(encode(picture(500, 800, mode=mode), fmt), name="x.bin"))
    assert opened(result.image).format == "JPEG"
    assert (result.width, result.height) == (500, 800)


@pytest.mark.parametrize(
    ("data", "name", "code", "words"),
    [
        (encode(picture(50, 50), "GIF"), "a.gif", "format", "not a JPEG, PNG or WebP photo"),
        (png_header_only(8_000, 5_001), "big.png", "too_many_pixels", "more than 40 megapixels"),
        (b"\xff\xd8" + b"\0" * (15 * 1024 * 1024), "a.jpg", "too_big", "larger than 15 MB"),
        (png_header_only(30_000, 30_000), "bomb.png", "bomb", "enormous picture"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.jpg", "svg", "SVG drawings"),
        (encode(picture(200, 300)) + b"<script>x</script>", "a.jpg", "polyglot", "else besides"),
        (b"not a photo" * 10, "a.jpg", "unreadable", "not a picture we can read"),
        (b"", "a.jpg", "empty", "The file is empty."),
    ],
)
def test_a_refused_photo_says_why_in_the_posture_pages_words(data, name, code, words):
    error = refused(data, name=name)
    assert error.code == code
    assert words in error.messages[0] and error.messages[0].endswith(".")
