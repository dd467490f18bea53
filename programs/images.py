"""Exercise images: checked, re-encoded and renamed before they are stored.

Re-encoding with Pillow drops anything that is not pixels (metadata, scripts
smuggled into comments, polyglot files) and the random name keeps the
uploader's file name out of URLs.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs early
MAX_SIDE = 1600  # stored images are scaled down to this; plenty for a phone or print
# Pillow format → the format we store it as.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


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
            probe.verify()
        if source_format not in ACCEPTED_FORMATS:
            raise ValidationError("Upload a JPEG, PNG or WebP image.")
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("The image has too many pixels. Please use a smaller one.")
            image.load()
            target = ACCEPTED_FORMATS[source_format]
            image = image.convert("RGB" if target == "JPEG" else "RGBA")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            buffer = io.BytesIO()
            image.save(buffer, format=target, **({"quality": 85} if target == "JPEG" else {}))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "That file is not an image we can read. Upload a JPEG, PNG or WebP image."
        ) from None
    content_type = f"image/{EXTENSIONS[target]}".replace("jpg", "jpeg")
    return SimpleUploadedFile(
        f"{uuid.uuid4().hex}.{EXTENSIONS[target]}", buffer.getvalue(), content_type=content_type
    )
