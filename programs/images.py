"""Exercise images: checked, re-encoded and renamed before they are stored.

Re-encoding with Pillow drops anything that is not pixels (metadata, scripts
smuggled into comments, polyglot files) and the random name keeps the
uploader's file name out of URLs.

Memory stays bounded whatever the file claims: the pixel count is read from the
header before anything is decoded. A JPEG of up to 40 megapixels (a phone
photo) is decoded with ``draft``, which lets the JPEG decoder scale down by 2, 4
or 8 while decoding, so a 40 MP photo costs a few megabytes, not 120. Other
formats have no such shortcut and decode at full size, so they are capped at
16 megapixels (64 MB at most as RGBA).
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_JPEG_PIXELS = 40_000_000  # decoded with draft: scaled down while decoding
MAX_OTHER_PIXELS = 16_000_000  # decoded at full size
MAX_SIDE = 1600  # stored images are scaled down to this; plenty for a phone or print
# Pillow format → the format we store it as.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
UNREADABLE = "That file is not an image we can read. Upload a JPEG, PNG or WebP image."


def pixel_limit(source_format: str) -> int:
    return MAX_JPEG_PIXELS if source_format == "JPEG" else MAX_OTHER_PIXELS


def _too_many_pixels(width: int, height: int, source_format: str) -> ValidationError:
    megapixels = width * height / 1_000_000
    limit = pixel_limit(source_format) // 1_000_000
    kind = "JPEG photos" if source_format == "JPEG" else "PNG, WebP and GIF images"
    return ValidationError(
        f"This image is {width} × {height} pixels ({megapixels:.0f} megapixels); "
        f"{kind} may have up to {limit} megapixels. Please resize it and upload it again."
    )


def _decoded(image: Image.Image, source_format: str) -> Image.Image:
    """Decode ``image`` with its memory bounded by the checks above."""
    if image.width * image.height > pixel_limit(source_format):
        raise _too_many_pixels(image.width, image.height, source_format)
    if source_format == "JPEG":
        # The size the thumbnail will have; draft picks the smallest 1/2, 1/4 or 1/8
        # scale that still covers it.
        scale = min(1.0, MAX_SIDE / max(image.width, image.height))
        image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
    image.load()
    return image


def clean_image(upload) -> SimpleUploadedFile:
    """Return a re-encoded copy of ``upload`` under a random name, or raise ValidationError."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError("The image is larger than 5 MB. Please choose a smaller file.")
    name = (upload.name or "").lower()
    if name.endswith((".svg", ".svgz")) or "svg" in (getattr(upload, "content_type", "") or ""):
        raise ValidationError("SVG files are not accepted. Upload a JPEG, PNG or WebP photo.")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            source_format = probe.format
            if source_format not in ACCEPTED_FORMATS:
                raise ValidationError("Upload a JPEG, PNG or WebP image.")
            if probe.width * probe.height > pixel_limit(source_format):
                raise _too_many_pixels(probe.width, probe.height, source_format)
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            image = _decoded(opened, source_format)
            target = ACCEPTED_FORMATS[source_format]
            mode = "RGB" if target == "JPEG" else "RGBA"
            if image.mode in ("1", "P"):  # these would be resized by picking pixels: convert
                image = image.convert(mode)
            # Scale down before converting, so no full-size copy is made in a wider mode.
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            image = image.convert(mode)
            buffer = io.BytesIO()
            image.save(buffer, format=target, **({"quality": 85} if target == "JPEG" else {}))
    except Image.DecompressionBombError:
        raise ValidationError(
            "This image has too many pixels to open safely. Please resize it and upload it again."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(UNREADABLE) from None
    content_type = f"image/{EXTENSIONS[target]}".replace("jpg", "jpeg")
    return SimpleUploadedFile(
        f"{uuid.uuid4().hex}.{EXTENSIONS[target]}", buffer.getvalue(), content_type=content_type
    )
