"""Exercise images (the library's pictures and an exercise's photos): checked and
decoded by ``clinic.images``, re-encoded and renamed before they are stored.

Re-encoding drops anything that is not pixels (metadata, scripts smuggled into
comments) and the random name keeps the uploader's file name out of URLs. A JPEG of
up to 40 megapixels (a phone photo) is decoded scaled down while decoding; other
formats decode at full size first, so they are capped at 16 megapixels (64 MB at most
as RGBA). PNG and WebP stay PNG and WebP (with their transparency); a GIF becomes a PNG.
"""

from __future__ import annotations

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from clinic import images

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_JPEG_PIXELS = 40_000_000  # decoded with draft: scaled down while decoding
MAX_OTHER_PIXELS = 16_000_000  # decoded at full size
MAX_SIDE = 1600  # stored images are scaled down to this; plenty for a phone or print
# Pillow format → the format we store it as.
STORED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
UNREADABLE = "That file is not an image we can read. Upload a JPEG, PNG or WebP image."
MESSAGES = {
    "too_big": "The image is larger than %(max_mb)s MB. Please choose a smaller file.",
    "empty": "The file is empty. Please choose the image again.",
    "svg": "SVG files are not accepted. Upload a JPEG, PNG or WebP photo.",
    "format": "Upload a JPEG, PNG or WebP image.",
    "too_many_pixels": "This image is %(width)s × %(height)s pixels (%(megapixels)s "
    "megapixels); %(kind)s may have up to %(limit)s megapixels. Please resize it and "
    "upload it again.",
    "bomb": "This image has too many pixels to open safely. Please resize it and upload it again.",
    "polyglot": "This file holds something else besides the picture (web-page, script or "
    "other file content), so it was refused. Save the image again as a plain JPEG or PNG.",
    "unreadable": UNREADABLE,
}
RULES = images.Rules(
    max_bytes=MAX_IMAGE_BYTES,
    max_side=MAX_SIDE,
    max_pixels={
        "JPEG": MAX_JPEG_PIXELS,
        "PNG": MAX_OTHER_PIXELS,
        "WEBP": MAX_OTHER_PIXELS,
        "GIF": MAX_OTHER_PIXELS,
    },
    messages=MESSAGES,
)


def clean_image(upload) -> SimpleUploadedFile:
    """Return a re-encoded copy of ``upload`` under a random name, or raise ValidationError."""
    picture = images.open_upload(upload, RULES)
    target = STORED_FORMATS[picture.source_format]
    image = picture.image if target == "JPEG" else picture.image.convert("RGBA")
    extension = EXTENSIONS[target]
    return SimpleUploadedFile(
        f"{uuid.uuid4().hex}.{extension}",
        images.encode(image, target),
        content_type=f"image/{extension}".replace("jpg", "jpeg"),
    )
