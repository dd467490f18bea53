"""Public pictures of the clinic and its practitioners.

The upload is checked and decoded by ``clinic.images`` with the same rules as a
posture photo (size, pixel count, SVG and polyglot refusal, bounded decode, upright),
scaled for its place, written anew without metadata and stored in the media storage
under a random name. Only ``clients.profile.views`` serves them, and only
while the photo or profile is published.
"""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from clinic import images

PREFIX = "clinic-profile/"
CLINIC_PHOTO_SIDE = 1280
PORTRAIT_SIDE = 320
# A posture photo's limits; decoded no larger than the largest picture kept.
RULES = images.Rules(
    max_bytes=15 * 1024 * 1024,
    max_side=CLINIC_PHOTO_SIDE,
    max_pixels=dict.fromkeys(("JPEG", "PNG", "WEBP"), 40_000_000),
)


def _checked(upload) -> Image.Image:
    """The upload, checked and decoded (RGB, at most CLINIC_PHOTO_SIDE a side);
    ValidationError if refused."""
    return images.flatten(images.open_upload(upload, RULES).image)


def _jpeg(picture: Image.Image, side: int) -> tuple[bytes, int, int]:
    picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    return images.encode(picture), picture.width, picture.height


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
