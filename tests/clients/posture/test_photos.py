"""Every upload is checked and re-encoded: nothing but upright pixels is kept."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from clients.posture import photos
from tests.clients.posture.support import (
    GPS_IFD,
    MAKE,
    encode,
    jpeg_with_gps,
    picture,
    png_header_only,
    upload,
)


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def refused(data: bytes, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        photos.process(upload(data, **kwargs))
    return caught.value.code


def test_exif_and_gps_are_gone_after_processing():
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


def test_the_camera_orientation_is_applied_to_the_pixels():
    # Orientation 6: the camera was turned; the stored picture must be upright.
    result = photos.process(upload(jpeg_with_gps(600, 900, orientation=6)))
    assert (result.width, result.height) == (900, 600)
    image = opened(result.image).convert("RGB")
    # The dark block was top-left in the sensor's frame: rotated 90° clockwise, it is top-right.
    assert image.getpixel((890, 10))[0] < 80
    assert image.getpixel((10, 10))[0] > 150


def test_the_long_side_is_capped_and_a_thumbnail_made():
    result = photos.process(upload(encode(picture(3000, 1500))))
    assert (result.width, result.height) == (2000, 1000)
    assert opened(result.image).size == (2000, 1000)
    assert max(opened(result.thumbnail).size) == photos.THUMB_SIDE


def test_a_large_jpeg_is_decoded_at_reduced_scale(monkeypatch):
    from PIL import JpegImagePlugin

    asked = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = real_draft(self, mode, size)
        asked.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    result = photos.process(upload(encode(picture(4400, 3000))))
    # The decoder was asked for half scale: it never held the 13-megapixel original.
    assert asked == [(2200, 1500)]
    assert (result.width, result.height) == (2000, 1364)


@pytest.mark.parametrize(("fmt", "mode"), [("PNG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB")])
def test_png_and_webp_are_accepted_and_stored_as_jpeg(fmt, mode):
    result = photos.process(upload(encode(picture(500, 800, mode=mode), fmt), name="x.bin"))
    assert opened(result.image).format == "JPEG"
    assert (result.width, result.height) == (500, 800)


def test_a_file_that_is_not_an_image_is_refused():
    assert refused(b"just some text, not a photo at all" * 10, name="notes.jpg") == "unreadable"


def test_a_truncated_photo_is_refused():
    data = encode(picture(800, 800, colour=(10, 200, 30)), quality=95)
    assert refused(data[: len(data) // 3]) == "unreadable"


def test_svg_is_refused_whatever_its_name():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused(svg, name="photo.jpg", content_type="image/jpeg") == "svg"
    assert refused(svg, name="drawing.svg", content_type="image/svg+xml") == "svg"


def test_a_gif_is_refused():
    assert refused(encode(picture(50, 50), "GIF"), name="a.gif") == "format"


def test_a_decompression_bomb_is_refused_before_decoding():
    assert refused(png_header_only(30_000, 30_000), name="bomb.png") == "bomb"


def test_more_than_40_megapixels_is_refused_before_decoding():
    assert refused(png_header_only(8_000, 5_001), name="big.png") == "too_many_pixels"


def test_more_than_15_mb_is_refused():
    assert refused(b"\xff\xd8" + b"\0" * (15 * 1024 * 1024)) == "too_big"


def test_an_empty_file_is_refused():
    assert refused(b"") == "empty"


@pytest.mark.parametrize(
    "extra",
    [
        b"<script>alert(document.cookie)</script>",
        b"PK\x05\x06" + b"\0" * 18,  # a zip archive's tail
        b"<html><body>hello</body></html>",
    ],
)
def test_a_polyglot_is_refused(extra):
    assert refused(encode(picture(200, 300)) + extra) == "polyglot"


def test_markup_hidden_in_a_png_text_chunk_is_refused():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>fetch('/x')</script>")
    assert refused(encode(picture(200, 300), "PNG", pnginfo=info), name="a.png") == "polyglot"


def test_a_motion_photo_video_after_the_jpeg_is_not_a_polyglot():
    trailer = b"\0\0\0\x18ftypmp42" + b"\0" * 64
    result = photos.process(upload(encode(picture(200, 300)) + trailer))
    assert not result.image.endswith(trailer)
    assert opened(result.image).size == (200, 300)


def test_messages_say_what_to_do():
    for code, message in photos.MESSAGES.items():
        assert message.endswith("."), code
    with pytest.raises(ValidationError) as caught:
        photos.process(upload(png_header_only(8_000, 5_001), name="big.png"))
    assert "40 megapixels" in caught.value.messages[0]
