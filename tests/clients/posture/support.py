"""A posture photo saved the real way (the pictures themselves: tests/pictures.py)."""

from __future__ import annotations

import uuid

from clients.posture import photos, services
from tests.pictures import encode, picture, upload


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
