"""Pictures made in memory for the upload tests (clinic.images and its callers)."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# EXIF tags: GPS IFD pointer, orientation, camera make.
GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def picture(width=600, height=900, colour=(200, 180, 160), mode="RGB") -> Image.Image:
    image = Image.new(mode, (width, height), colour if mode == "RGB" else (*colour, 128))
    # A dark block at the top-left corner shows where the picture's origin went.
    image.paste(
        (20, 20, 20) if mode == "RGB" else (20, 20, 20, 255), (0, 0, width // 4, height // 8)
    )
    return image


def encode(image: Image.Image, fmt="JPEG", **save) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save)
    return buffer.getvalue()


def jpeg_with_gps(width=600, height=900, orientation=1) -> bytes:
    image = picture(width, height)
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    return encode(image, exif=exif)


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` in its header and holds no pixels: a bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
