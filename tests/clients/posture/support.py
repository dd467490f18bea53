"""Pictures for the posture tests, made in memory, and a photo saved the real way."""

from __future__ import annotations

import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clients.posture import photos, services

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
    """A PNG that claims ``width`` x ``height`` in its header and holds no pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def make_photo(assessment, view="front", by=None, width=600, height=900, points=None):
    processed = photos.process(upload(encode(picture(width, height))))
    photo = services.add_photo(
        assessment=assessment,
        view=view,
        processed=processed,
        token=uuid.uuid4(),
        by=by or assessment.assessed_by,
    )
    if points is not None:
        photo.landmarks = points
        photo.save(update_fields=["landmarks"])
    return photo
