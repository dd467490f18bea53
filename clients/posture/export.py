"""A client's posture photos and measures for their own data export (right of access)."""

from __future__ import annotations

import base64

from clients.models import Client, PosturePhoto
from clients.posture import photos


def client_photos(client: Client) -> list[dict]:
    """Every photo the clinic holds of ``client`` (current and replaced), with its points
    and measures, and the picture itself as base64 JPEG. One query, plus one file read each."""
    rows = (
        PosturePhoto.objects.filter(assessment__client=client, erased_at__isnull=True)
        .select_related("assessment")
        .order_by("assessment__assessed_on", "view", "uploaded_at")
    )
    storage = photos.private_storage()
    exported = []
    for photo in rows:
        with storage.open(photo.image_name) as handle:
            picture = base64.b64encode(handle.read()).decode("ascii")
        exported.append(
            {
                "assessment_date": photo.assessment.assessed_on.isoformat(),
                "view": photo.get_view_display(),
                "taken": photo.uploaded_at.isoformat(),
                "replaced": photo.is_archived,
                "landmarks": photo.landmarks,
                "scale": photo.scale,
                "measures": [
                    {"measure": m.label, "value": m.value, "unit": m.unit, "reads": m.description}
                    for m in photo.measures()
                ],
                "image_jpeg_base64": picture,
            }
        )
    return exported
