"""Posture-photo workflows: add a photo, place its landmarks (which fill in the
assessment's hip disparity), archive it, share a before/after pair, erase a client's photos.

Each runs in a transaction, raises ``PostureError`` with a message for the practitioner,
and records who did it with ``clinic.history.record_change``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clients.models import Assessment, Client, PosturePhoto, PostureShare
from clients.models.assessment import MAX_DEGREES, MAX_MM, Unit
from clients.posture import measures, photos
from clients.posture.landmarks import VIEW_LANDMARKS
from clinic.history import record_change

# Posture findings a photo measure supports: (region, finding) filled in only where the
# practitioner has not assessed that region yet.
HEAD_FORWARD_BELOW = 50


class PostureError(Exception):
    """A posture workflow refused; the message is written for the practitioner."""


def _check_open(assessment: Assessment) -> None:
    if assessment.client.is_archived or assessment.is_archived:
        raise PostureError("Restore the client and the assessment before changing its photos.")


@transaction.atomic
def add_photo(
    *,
    assessment: Assessment,
    view: str,
    processed: photos.ProcessedPhoto,
    token: uuid.UUID,
    by,
) -> PosturePhoto:
    """Store a checked photo as ``view`` of ``assessment``; an earlier photo of that view is
    archived (kept, with its points). The same ``token`` twice returns the first photo."""
    assessment = (
        Assessment.objects.select_for_update().select_related("client").get(pk=assessment.pk)
    )
    _check_open(assessment)
    already = PosturePhoto.objects.filter(upload_token=token).first()
    if already is not None:
        return already
    names = [photos.store(processed.image), photos.store(processed.thumbnail)]
    try:
        for earlier in assessment.posture_photos.active().filter(view=view):
            earlier.archive(by=by, reason="Replaced by a newer photo of the same view")
        photo = PosturePhoto(
            assessment=assessment,
            view=view,
            image_name=names[0],
            thumbnail_name=names[1],
            width=processed.width,
            height=processed.height,
            upload_token=token,
            uploaded_by=by,
        )
        record_change(photo, by=by, reason="Photo added")
        photo.save()
    except Exception:
        photos.delete(*names)
        raise
    return photo


def _point(photo: PosturePhoto, value) -> list[float]:
    try:
        x, y = (float(v) for v in value)
    except (TypeError, ValueError):
        raise PostureError("The points could not be read. Reload the page.") from None
    if not (0 <= x <= photo.width and 0 <= y <= photo.height):
        raise PostureError("A point lies outside the photo. Drag it back onto the picture.")
    return [round(x, 1), round(y, 1)]


def clean_points(photo: PosturePhoto, raw: dict) -> dict[str, list[float]]:
    """Landmarks from the editor: known codes for the view, inside the picture. Raises
    PostureError naming the first bad point."""
    if not isinstance(raw, dict):
        raise PostureError("The points could not be read. Reload the page and try again.")
    allowed = set(VIEW_LANDMARKS[photo.view])
    points = {}
    for code, value in raw.items():
        if code not in allowed:
            raise PostureError(f"“{code}” is not a point on a {photo.get_view_display()} photo.")
        points[code] = _point(photo, value)
    return points


def clean_scale(photo: PosturePhoto, raw: dict | None) -> dict:
    """A scale {"a", "b", "mm"} or {} for none; raises PostureError if it is unusable."""
    if not raw:
        return {}
    if not isinstance(raw, dict) or not {"a", "b", "mm"} <= raw.keys():
        raise PostureError("The scale needs two points and the distance between them.")
    a, b = _point(photo, raw["a"]), _point(photo, raw["b"])
    try:
        distance = float(raw["mm"])
    except (TypeError, ValueError):
        raise PostureError("Enter the scale distance as a number of mm.") from None
    if not 10 <= distance <= 3000:
        raise PostureError("Enter the scale distance in mm, between 10 and 3000.")
    if a == b:
        raise PostureError("The two scale points must be apart.")
    return {"a": a, "b": b, "mm": distance}


def _limit(unit: str) -> Decimal:
    return MAX_DEGREES if unit == Unit.DEGREES else MAX_MM


def _fill_hip(assessment: Assessment, photo: PosturePhoto, found) -> list[str]:
    filled = []
    for finding in measures.hip_findings(found):
        amount = Decimal(str(finding.magnitude))
        if amount > _limit(finding.unit):
            continue  # beyond plausible: the practitioner checks the points instead
        prefix = finding.prefix
        setattr(assessment, prefix, True)
        setattr(assessment, f"{prefix}_side", finding.side)
        setattr(assessment, f"{prefix}_magnitude", amount)
        setattr(assessment, f"{prefix}_unit", finding.unit)
        setattr(assessment, f"{prefix}_photo", photo)
        filled.append(prefix)
    return filled


def _fill_findings(assessment: Assessment, found) -> None:
    """Posture findings the measures support, only in regions not assessed yet."""
    by_code = {m.code: m for m in found}
    posture = dict(assessment.posture)
    note = "measured from photo"
    shoulder = by_code.get("shoulder_tilt")
    if shoulder and shoulder.direction in ("left", "right") and "shoulders" not in posture:
        higher = "left" if shoulder.direction == "right" else "right"
        posture["shoulders"] = {"finding": "one_higher", "side": higher, "note": note}
    head = by_code.get("craniovertebral")
    if head and head.value < HEAD_FORWARD_BELOW and "head_neck" not in posture:
        posture["head_neck"] = {"finding": "forward_head", "side": "na", "note": note}
    assessment.posture = posture


@transaction.atomic
def save_points(*, photo: PosturePhoto, points: dict, scale: dict | None, by) -> list[str]:
    """Save the landmarks (and scale) of ``photo`` and fill in the assessment's hip
    disparity and posture findings they support. Returns the hip groups filled in."""
    photo = (
        PosturePhoto.objects.select_for_update()
        .select_related("assessment__client")
        .get(pk=photo.pk)
    )
    _check_open(photo.assessment)
    if photo.is_archived:
        raise PostureError("This photo was replaced; place points on the current one.")
    photo.landmarks = clean_points(photo, points)
    photo.scale = clean_scale(photo, scale)
    record_change(photo, by=by, reason="Landmarks placed")
    photo.save(update_fields=["landmarks", "scale"])
    assessment = Assessment.objects.select_for_update().get(pk=photo.assessment_id)
    found = photo.measures()
    filled = _fill_hip(assessment, photo, found)
    _fill_findings(assessment, found)
    assessment.version += 1  # an assessment form open elsewhere must reload
    record_change(assessment, by=by, reason=f"Measured from the {photo.get_view_display()} photo")
    assessment.save()
    return filled


def note_overrides(assessment: Assessment) -> list[str]:
    """Before an assessment form is saved: hip groups whose values no longer match the
    photo that measured them lose the photo link (the practitioner overrode them; the
    assessment's history keeps who did and when). Returns the prefixes overridden."""
    overridden = []
    for prefix in ("elevated_hip", "pelvic_tilt"):
        photo = getattr(assessment, f"{prefix}_photo")
        if photo is None:
            continue
        measured = {f.prefix: f for f in measures.hip_findings(photo.measures())}.get(prefix)
        now = (
            getattr(assessment, prefix),
            getattr(assessment, f"{prefix}_side"),
            getattr(assessment, f"{prefix}_magnitude"),
            getattr(assessment, f"{prefix}_unit"),
        )
        if measured is None or now != (
            True,
            measured.side,
            Decimal(str(measured.magnitude)),
            measured.unit,
        ):
            setattr(assessment, f"{prefix}_photo", None)
            overridden.append(prefix)
    return overridden


@transaction.atomic
def archive_photo(*, photo: PosturePhoto, by, reason: str) -> None:
    _check_open(photo.assessment)
    if photo.is_archived:
        return
    photo.archive(by=by, reason=reason or "Archived")


@transaction.atomic
def share_pair(*, before: PosturePhoto, after: PosturePhoto, by) -> PostureShare:
    """Show the client ``before`` and ``after`` (same client, same view) in the portal."""
    if before.assessment.client_id != after.assessment.client_id or before.view != after.view:
        raise PostureError("A before/after pair is two photos of the same view of one client.")
    if before.pk == after.pk or before.erased_at or after.erased_at:
        raise PostureError("Choose two different photos to share.")
    existing = PostureShare.objects.active().filter(before=before, after=after).first()
    if existing:
        return existing
    share = PostureShare(before=before, after=after, shared_by=by)
    record_change(share, by=by, reason="Shared with the client")
    share.save()
    return share


@transaction.atomic
def unshare(*, share: PostureShare, by) -> None:
    if not share.is_archived:
        share.archive(by=by, reason="No longer shared with the client")


def erase(client: Client) -> None:
    """Right to erasure: delete every posture photo file of ``client`` and blank the names
    in the rows and their history. The points and measures stay with the clinical record;
    without the pictures they say nothing about who the client was."""
    rows = PosturePhoto.objects.filter(assessment__client=client)
    for photo in rows:
        photos.delete(photo.image_name, photo.thumbnail_name)
    PostureShare.objects.filter(before__assessment__client=client).update(
        archived_at=timezone.now(), archive_reason="Client anonymised"
    )
    rows.update(image_name="", thumbnail_name="", erased_at=timezone.now())
    PosturePhoto.history.filter(assessment__client=client).update(image_name="", thumbnail_name="")
