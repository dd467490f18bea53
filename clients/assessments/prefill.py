"""Starting a reassessment: a new draft pre-filled from the client's last assessment.

Findings are copied so the practitioner checks and changes them rather than
retyping them. What must be asked again on the day is left empty: the red-flag
screen (a "no" from weeks ago says nothing about today), the body chart (where the
symptoms sit today is what the reassessment compares), pain now/best/worst, the
ODI answers and the PSFS (the client names and scores the activities again). The
summary is the new one to write.
Photo-measured values are copied as values, without the link to the old photo.
"""

from __future__ import annotations

from django.db import transaction

from clients.models import Assessment, Client
from clients.services import ClientError
from clinic.history import record_change

COPIED_FIELDS = (
    "posture",
    "elevated_hip",
    "elevated_hip_side",
    "elevated_hip_magnitude",
    "elevated_hip_unit",
    "pelvic_rotation",
    "pelvic_rotation_side",
    "pelvic_rotation_magnitude",
    "pelvic_rotation_unit",
    "pelvic_tilt",
    "pelvic_tilt_side",
    "pelvic_tilt_magnitude",
    "pelvic_tilt_unit",
    "leg_length_difference_mm",
    "leg_length_shorter_side",
    "femur_forward",
    "si_findings",
    "muscle_findings",
    "muscle_notes",
    "symptom_kinds",
    "aggravating_factors",
    "easing_factors",
    "onset_date",
    "onset_story",
)


def last_assessment(client: Client) -> Assessment | None:
    """The client's latest completed assessment (not archived)."""
    return (
        Assessment.objects.active()
        .completed()
        .filter(client=client)
        .order_by("-assessed_on", "-id")
        .first()
    )


def prefilled_from(previous: Assessment | None, *, client: Client, by) -> Assessment:
    """An unsaved draft for ``client`` carrying ``previous``'s findings (see above)."""
    draft = Assessment(client=client, assessed_by=by, status=Assessment.Status.DRAFT)
    if previous is None:
        return draft
    for name in COPIED_FIELDS:
        setattr(draft, name, getattr(previous, name))
    return draft


@transaction.atomic
def start_reassessment(*, client: Client, by) -> Assessment:
    """Save and return a new draft assessment pre-filled from the last completed one."""
    if client.is_archived:
        raise ClientError("Restore the client before recording assessments.")
    draft = prefilled_from(last_assessment(client), client=client, by=by)
    record_change(draft, by=by, reason="Reassessment started from the last assessment")
    draft.save()
    return draft
