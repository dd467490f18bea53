"""Public pictures of the clinic and its practitioners.

The upload goes through the posture photos' checks and bounded decode
(``clients.posture.photos.process``: size, pixel count, SVG and polyglot refusal,
re-encoded without metadata), then is scaled for its place and stored in the media
storage under a random name. Only ``clients.profile.views`` serves them, and only
while the photo or profile is published.
"""

from __future__ import annotations

import io
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from clients.posture import photos

PREFIX = "clinic-profile/"
CLINIC_PHOTO_SIDE = 1280
PORTRAIT_SIDE = 320


def _checked(upload) -> Image.Image:
    """The upload as checked and re-encoded by the posture photos' ``process`` (our own
    JPEG of at most photos.MAX_SIDE pixels a side), decoded; ValidationError if refused."""
    with Image.open(io.BytesIO(photos.process(upload).image)) as image:
        image.load()
        return image.convert("RGB")


def _jpeg(picture: Image.Image, side: int) -> tuple[bytes, int, int]:
    picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue(), picture.width, picture.height


def clinic_photo(upload) -> tuple[bytes, int, int]:
    """The clinic photo at most CLINIC_PHOTO_SIDE a side, with its width and height."""
    return _jpeg(_checked(upload), CLINIC_PHOTO_SIDE)


def portrait(upload) -> bytes:
    """A practitioner's photo, centre-cropped to a square of PORTRAIT_SIDE pixels."""
    picture = _checked(upload)
    side = min(picture.size)
    left, top = (picture.width - side) // 2, (picture.height - side) // 2
    return _jpeg(picture.crop((left, top, left + side, top + side)), PORTRAIT_SIDE)[0]


def store(content: bytes) -> str:
    return default_storage.save(f"{PREFIX}{secrets.token_hex(16)}.jpg", ContentFile(content))


def delete(*names: str) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
