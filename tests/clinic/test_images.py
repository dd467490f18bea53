"""clinic.images: every uploaded picture is checked before it is decoded, decoded with
bounded memory, made upright, and written anew with nothing but its pixels. Each
caller's own limits and messages are tested with it (tests/clients/posture/test_photos.py,
tests/programs/test_images.py, tests/clients/profile/)."""

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, JpegImagePlugin, PngImagePlugin

from clinic import images
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

RULES = images.Rules(
    max_bytes=2 * 1024 * 1024,
    max_side=1000,
    max_pixels={"JPEG": 40_000_000, "PNG": 16_000_000, "WEBP": 16_000_000},
)


def decoded(data: bytes, **kwargs) -> images.Picture:
    return images.open_upload(upload(data, **kwargs), RULES)


def refused(data: bytes, rules=RULES, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        images.open_upload(upload(data, **kwargs), rules)
    return caught.value


def test_exif_gps_and_the_camera_are_gone_once_encoded():
    original = jpeg_with_gps()
    assert opened(original).getexif().get_ifd(GPS_IFD)  # the test image really has GPS
    data = images.encode(decoded(original).image)
    image = opened(data)
    assert image.format == "JPEG"
    assert not image.getexif() and MAKE not in image.getexif()
    assert b"PhoneMaker" not in data
    assert "exif" not in image.info and "icc_profile" not in image.info


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_keep_their_format_and_transparency_when_asked(fmt):
    data = images.encode(decoded(encode(picture(200, 300, mode="RGBA"), fmt)).image, fmt)
    image = opened(data)
    assert image.format == fmt and image.mode == "RGBA"
    assert image.getpixel((150, 250))[3] == 128


def test_a_transparent_picture_encoded_as_jpeg_is_laid_on_white():
    transparent = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image = opened(images.encode(decoded(encode(transparent, "PNG"), name="a.png").image))
    assert image.mode == "RGB" and min(image.getpixel((20, 20))) > 245


def test_the_camera_orientation_is_applied_to_the_pixels():
    # Orientation 6: the camera was turned; the picture must come out upright.
    result = decoded(jpeg_with_gps(600, 900, orientation=6))
    assert result.image.size == (900, 600)
    image = result.image.convert("RGB")
    # The dark block was top-left in the sensor's frame: rotated 90° clockwise, it is top-right.
    assert image.getpixel((890, 10))[0] < 80
    assert image.getpixel((10, 10))[0] > 150


def test_the_long_side_is_capped_by_the_rules():
    assert decoded(encode(picture(3000, 1500))).image.size == (1000, 500)
    assert decoded(encode(picture(3000, 1500), "PNG"), name="a.png").image.size == (1000, 500)
    assert decoded(encode(picture(300, 150))).image.size == (300, 150)  # never enlarged


def test_a_large_jpeg_is_decoded_at_reduced_scale(monkeypatch):
    asked = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = real_draft(self, mode, size)
        asked.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    result = decoded(encode(picture(4400, 3000)))
    # The decoder was asked for a quarter scale: it never held the 13-megapixel original.
    assert asked == [(1100, 750)]
    assert result.image.size == (1000, 682)
    assert result.source_format == "JPEG"


def test_a_file_that_is_not_an_image_is_refused():
    error = refused(b"just some text, not a photo at all" * 10, name="notes.jpg")
    assert error.code == "unreadable"


def test_a_truncated_photo_is_refused():
    data = encode(picture(800, 800, colour=(10, 200, 30)), quality=95)
    assert refused(data[: len(data) // 3]).code == "unreadable"


def test_svg_is_refused_whatever_its_name():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused(svg, name="photo.jpg", content_type="image/jpeg").code == "svg"
    assert refused(svg, name="drawing.svg", content_type="image/svg+xml").code == "svg"
    assert refused(b"<?xml version='1.0'?>" + svg, name="x", content_type="").code == "svg"


def test_a_format_the_rules_do_not_list_is_refused():
    assert refused(encode(picture(50, 50), "GIF"), name="a.gif").code == "format"


def test_a_decompression_bomb_is_refused_before_decoding():
    assert refused(png_header_only(30_000, 30_000), name="bomb.png").code == "bomb"


def test_each_format_has_its_own_pixel_limit_read_from_the_header():
    error = refused(png_header_only(4_100, 4_000), name="big.png")
    assert error.code == "too_many_pixels"
    assert error.params == {
        "width": 4100,
        "height": 4000,
        "megapixels": 16,
        "limit": 16,
        "kind": "PNG images",
        "max_mb": 2,
    }
    # The same picture as a JPEG is within its limit.
    assert decoded(encode(picture(4_100, 4_000), quality=20)).image.size == (1000, 976)


def test_more_than_the_byte_limit_is_refused_unread():
    assert refused(b"\xff\xd8" + b"\0" * (2 * 1024 * 1024)).code == "too_big"


def test_an_empty_file_is_refused():
    assert refused(b"").code == "empty"


@pytest.mark.parametrize(
    "extra",
    [
        b"<script>alert(document.cookie)</script>",
        b"PK\x05\x06" + b"\0" * 18,  # a zip archive's tail
        b"<html><body>hello</body></html>",
    ],
)
def test_a_polyglot_is_refused(extra):
    assert refused(encode(picture(200, 300)) + extra).code == "polyglot"


def test_markup_hidden_in_a_png_text_chunk_is_refused():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>fetch('/x')</script>")
    assert refused(encode(picture(200, 300), "PNG", pnginfo=info), name="a.png").code == "polyglot"


def test_a_motion_photo_video_after_the_jpeg_is_not_a_polyglot():
    trailer = b"\0\0\0\x18ftypmp42" + b"\0" * 64
    data = images.encode(decoded(encode(picture(200, 300)) + trailer).image)
    assert not data.endswith(trailer)
    assert opened(data).size == (200, 300)


def test_the_rules_say_each_refusal_their_way():
    rules = images.Rules(
        max_bytes=1024 * 1024,
        max_side=100,
        max_pixels={"PNG": 1_000_000},
        messages=dict.fromkeys(images.PHOTO_MESSAGES, "%(max_mb)s MB at most.")
        | {"too_many_pixels": "%(width)s × %(height)s is over %(limit)s MP for %(kind)s."},
    )
    assert refused(b"", rules).messages == ["1 MB at most."]
    error = refused(png_header_only(2_000, 1_000), rules, name="a.png")
    assert error.messages == ["2000 × 1000 is over 1 MP for PNG images."]


def test_every_photo_message_says_what_to_do():
    for code, message in images.PHOTO_MESSAGES.items():
        assert message.endswith("."), code
