"""Posture photos: checked, decoded with bounded memory, re-encoded, stored privately.

Photos of a person's body are health data. Every upload is decoded and written anew as a
plain JPEG, so nothing but pixels survives (no EXIF, no GPS, no comments, nothing hidden
after the picture); the orientation the camera recorded is applied first. Files go to
the ``private`` storage (settings.STORAGES), which has no public URL: the only way to see
one is a view that checks who is asking (clients/posture/views.py). Names are random.

Exercise images have their own, separate pipeline in programs/images.py.
"""

from __future__ import annotations

import io
import math
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000
THUMB_SIDE = 320
FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
JPEG_QUALITY = 88

# Web-page, script or document content hidden inside a picture makes a file that is an
# image and something else at once (a polyglot). Six bytes or more each, so that chance
# byte runs in compressed pixels practically never match.
FOREIGN_CONTENT = (
    b"<script",
    b"<iframe",
    b"<!doctype",
    b"<html>",
    b"<html ",
    b"<body",
    b"<?php",
    b"<svg ",
    b"<svg>",
    b"%pdf-1",
    b"javascript:",
)
# Phones append the short video of a "motion photo" after the JPEG: an MP4 box, harmless.
MOTION_PHOTO_MARKER = b"ftyp"

# EXIF orientation -> the transposition that makes the picture upright (as
# PIL.ImageOps.exif_transpose does; applied by hand because the picture is decoded scaled).
ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

MESSAGES = {
    "too_big": "The photo is larger than 15 MB. Take it again at a lower resolution, or "
    "choose a smaller file.",
    "too_many_pixels": "The photo has more than 40 megapixels. Use a smaller photo "
    "(most phone cameras give 12 megapixels).",
    "bomb": "This file claims to be an enormous picture, far beyond any camera's size, "
    "so it was not opened. Choose a real photo.",
    "svg": "SVG drawings are not accepted. Upload a photo: JPEG, PNG or WebP.",
    "format": "This file is not a JPEG, PNG or WebP photo. Upload one of those.",
    "unreadable": "This file is not a picture we can read (it may be damaged or not an "
    "image at all). Upload a JPEG, PNG or WebP photo.",
    "polyglot": "This file holds something else besides the picture (web-page, script or "
    "other file content), so it was refused. Save the photo again as a plain JPEG.",
    "empty": "The file is empty. Choose the photo again.",
}


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _refuse(code: str):
    raise ValidationError(MESSAGES[code], code=code)


def _looks_like_svg(upload, head: bytes) -> bool:
    name = (upload.name or "").lower()
    content_type = (getattr(upload, "content_type", "") or "").lower()
    start = head.lstrip().lower()
    return (
        name.endswith((".svg", ".svgz"))
        or "svg" in content_type
        or start.startswith((b"<?xml", b"<svg", b"<!doctype svg"))
    )


def _trailing(data: bytes, image_format: str) -> bytes:
    """Bytes after the end of the picture itself."""
    if image_format == "JPEG":
        end = data.rfind(b"\xff\xd9")
        return data[end + 2 :] if end >= 0 else b""
    if image_format == "PNG":
        end = data.rfind(b"IEND")
        return data[end + 8 :] if end >= 0 else b""
    riff_size = int.from_bytes(data[4:8], "little") + 8
    return data[riff_size + (riff_size % 2) :]


def _is_polyglot(data: bytes, image_format: str) -> bool:
    lowered = data.lower()
    if any(marker in lowered for marker in FOREIGN_CONTENT):
        return True
    trailing = _trailing(data, image_format)
    if not trailing.strip(b"\x00\r\n\t "):
        return False
    return trailing[4:8] != MOTION_PHOTO_MARKER


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _decode(data: bytes) -> Image.Image:
    """The upright picture, at most MAX_SIDE on its long side, decoded without ever holding
    more than one full-size copy: JPEGs are decoded straight at 1/2, 1/4 or 1/8 scale
    (``draft``); other formats are halved in whole steps (``reduce``) before resampling."""
    with Image.open(io.BytesIO(data)) as image:
        if image.format not in FORMATS:
            _refuse("format")
        width, height = image.size
        if width * height > MAX_PIXELS:
            _refuse("too_many_pixels")
        if _is_polyglot(data, image.format):
            _refuse("polyglot")
        orientation = image.getexif().get(0x0112)  # read before decoding drops the header
        # The smallest size that still gives MAX_SIDE on the long side after resampling.
        ratio = min(1.0, MAX_SIDE / max(width, height))
        image.draft("RGB", (math.ceil(width * ratio), math.ceil(height * ratio)))
        image.load()
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        factor = max(image.size) // MAX_SIDE
        picture = image.reduce(factor) if factor >= 2 else image.copy()
    if orientation in ORIENTATION:
        picture = picture.transpose(ORIENTATION[orientation])
    picture = _flatten(picture)
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return picture


def _jpeg(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # No exif=, no icc_profile=: Pillow writes the pixels and nothing else.
    picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def process(upload) -> ProcessedPhoto:
    """Check ``upload`` and return the re-encoded photo and thumbnail, or raise
    ValidationError with a message for the practitioner (its ``code`` names the reason)."""
    if upload.size is not None and upload.size > MAX_BYTES:
        _refuse("too_big")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _refuse("too_big")
    if not data:
        _refuse("empty")
    if _looks_like_svg(upload, data[:512]):
        _refuse("svg")
    try:
        picture = _decode(data)
    except Image.DecompressionBombError:
        _refuse("bomb")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        _refuse("unreadable")
    thumbnail = picture.copy()
    thumbnail.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(_jpeg(picture), _jpeg(thumbnail), picture.width, picture.height)


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
