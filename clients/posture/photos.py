"""Posture photos: checked, decoded with bounded memory, re-encoded, stored privately.

Photos of a person's body are health data. Every upload goes through
``clinic.images`` (the checks, the bounded decode, the camera's orientation applied)
and is written anew as a plain JPEG, so nothing but pixels survives (no EXIF, no GPS, no
comments, nothing hidden after the picture). Files go to the ``private`` storage
(settings.STORAGES), which has no public URL: the only way to see one is a view that
checks who is asking (clients/posture/views.py). Names are random.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image

from clinic import images

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000
THUMB_SIDE = 320
JPEG_QUALITY = 88
RULES = images.Rules(
    max_bytes=MAX_BYTES,
    max_side=MAX_SIDE,
    max_pixels=dict.fromkeys(("JPEG", "PNG", "WEBP"), MAX_PIXELS),
)
MESSAGES = images.PHOTO_MESSAGES


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def process(upload) -> ProcessedPhoto:
    """Check ``upload`` and return the re-encoded photo and thumbnail, or raise
    ValidationError with a message for the practitioner (its ``code`` names the reason)."""
    picture = images.open_upload(upload, RULES).image
    thumbnail = picture.copy()
    thumbnail.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        images.encode(picture, quality=JPEG_QUALITY),
        images.encode(thumbnail, quality=JPEG_QUALITY),
        picture.width,
        picture.height,
    )


def private_storage():
    return storages["private"]


def store(content: bytes) -> str:
    """Save ``content`` under a fresh random name (128 bits) and return the name."""
    name = f"posture/{secrets.token_hex(16)}.jpg"
    return private_storage().save(name, ContentFile(content))


def delete(*names: str) -> None:
    storage = private_storage()
    for name in names:
        if name:
            storage.delete(name)
