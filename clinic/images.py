"""Uploaded pictures, opened safely: checked, decoded with bounded memory, upright, and
written anew with nothing but their pixels.

Every app that takes a picture from a person uses this one pipeline (posture photos
and the clinic's public pictures in ``clients``, the exercise library's images in
``programs``); each says what it accepts with a ``Rules`` and encodes the result its
own way (``encode``).

``open_upload`` refuses, before anything is decoded: a file over the byte limit or
empty, SVG (whatever its name says), a format not accepted, more pixels than the
format may have (read from the header), a decompression bomb, and a polyglot (web
page, script or document content inside the picture, or anything after its end but a
phone's motion-photo video). Memory stays bounded whatever the file claims: a JPEG is
decoded straight at 1/2, 1/4 or 1/8 scale (``draft``), other formats are halved in
whole steps (``reduce``) right after decoding, which is why they get a lower pixel
limit. The orientation the camera recorded is applied to the pixels, since the
metadata that carried it is not kept. ``encode`` writes the pixels alone: no EXIF, no
GPS, no ICC profile, no comments.

A refusal is a ``ValidationError`` whose ``code`` names the reason (the keys of
``PHOTO_MESSAGES``) and whose message comes from the rules, with ``params``: ``max_mb``,
and for ``too_many_pixels`` ``width``, ``height``, ``megapixels``, ``limit`` (in
megapixels) and ``kind`` (e.g. "PNG images").
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

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

KINDS = {"JPEG": "JPEG photos", "PNG": "PNG images", "WEBP": "WebP images", "GIF": "GIF images"}

# What a refusal says about a photo, by code (``params`` fill the %(...)s).
PHOTO_MESSAGES = {
    "too_big": "The photo is larger than %(max_mb)s MB. Take it again at a lower "
    "resolution, or choose a smaller file.",
    "too_many_pixels": "The photo has more than %(limit)s megapixels. Use a smaller photo "
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
class Rules:
    """What one kind of upload may be: ``max_pixels`` maps each accepted format (Pillow's
    name) to the most pixels it may have; the picture comes back at most ``max_side``
    on its long side. ``messages`` has one message per refusal code."""

    max_bytes: int
    max_side: int
    max_pixels: Mapping[str, int]
    messages: Mapping[str, str] = field(default_factory=lambda: PHOTO_MESSAGES)


@dataclass(frozen=True)
class Picture:
    """An upright picture at most ``Rules.max_side`` a side, in RGB, RGBA, L or LA mode."""

    image: Image.Image
    source_format: str


def _refuse(rules: Rules, code: str, **params):
    params["max_mb"] = rules.max_bytes // (1024 * 1024)
    raise ValidationError(rules.messages[code], code=code, params=params)


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
    if image_format == "GIF":
        end = data.rfind(b"\x3b")  # the trailer byte
        return data[end + 1 :] if end >= 0 else b""
    riff_size = int.from_bytes(data[4:8], "little") + 8
    return data[riff_size + (riff_size % 2) :]


def is_polyglot(data: bytes, image_format: str) -> bool:
    lowered = data.lower()
    if any(marker in lowered for marker in FOREIGN_CONTENT):
        return True
    trailing = _trailing(data, image_format)
    if not trailing.strip(b"\x00\r\n\t "):
        return False
    return trailing[4:8] != MOTION_PHOTO_MARKER


def _decode(data: bytes, rules: Rules) -> Picture:
    with Image.open(io.BytesIO(data)) as image:
        source_format = image.format
        if source_format not in rules.max_pixels:
            _refuse(rules, "format")
        width, height = image.size
        limit = rules.max_pixels[source_format]
        if width * height > limit:
            _refuse(
                rules,
                "too_many_pixels",
                width=width,
                height=height,
                megapixels=round(width * height / 1_000_000),
                limit=limit // 1_000_000,
                kind=KINDS.get(source_format, source_format),
            )
        if is_polyglot(data, source_format):
            _refuse(rules, "polyglot")
        orientation = image.getexif().get(0x0112)  # read before decoding drops the header
        # The smallest size that still gives max_side on the long side after resampling.
        ratio = min(1.0, rules.max_side / max(width, height))
        image.draft("RGB", (math.ceil(width * ratio), math.ceil(height * ratio)))
        image.load()
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")  # palettes, CMYK, 16-bit: resampled properly
        factor = max(image.size) // rules.max_side
        picture = image.reduce(factor) if factor >= 2 else image.copy()
    if orientation in ORIENTATION:
        picture = picture.transpose(ORIENTATION[orientation])
    picture.thumbnail((rules.max_side, rules.max_side), Image.Resampling.LANCZOS)
    return Picture(picture, source_format)


def open_upload(upload, rules: Rules) -> Picture:
    """``upload`` (a Django uploaded file) checked and decoded by ``rules``, or
    ValidationError with the rules' message (its ``code`` names the reason)."""
    if upload.size is not None and upload.size > rules.max_bytes:
        _refuse(rules, "too_big")
    upload.seek(0)
    data = upload.read(rules.max_bytes + 1)
    if len(data) > rules.max_bytes:
        _refuse(rules, "too_big")
    if not data:
        _refuse(rules, "empty")
    if _looks_like_svg(upload, data[:512]):
        _refuse(rules, "svg")
    try:
        return _decode(data, rules)
    except Image.DecompressionBombError:
        _refuse(rules, "bomb")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        _refuse(rules, "unreadable")


def flatten(image: Image.Image) -> Image.Image:
    """RGB, with anything transparent laid on white."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def encode(image: Image.Image, image_format: str = "JPEG", quality: int = 85) -> bytes:
    """The pixels alone, as ``image_format`` (a JPEG is flattened onto white first)."""
    if image_format == "JPEG":
        image = flatten(image)
    buffer = io.BytesIO()
    # No exif=, no icc_profile=, no pnginfo=: Pillow writes the pixels and nothing else.
    options = {"quality": quality, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()
