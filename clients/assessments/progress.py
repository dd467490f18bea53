"""Reassessment comparisons and the progress series for the client page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clients.assessments.scoring import NPRS_MCID, ODI_MCID, PSFS_MCID, Change
from clients.models.assessment import HIP_DISPARITIES, Assessment

# What ``compare`` reads of an assessment (and the page shows of a baseline: its date), so a
# baseline can be loaded with only these.
COMPARED_FIELDS = [
    "client_id",
    "assessed_on",
    "status",
    *(
        f"{prefix}{suffix}"
        for prefix, *_ in HIP_DISPARITIES
        for suffix in ("", "_magnitude", "_unit")
    ),
    "leg_length_difference_mm",
    "pain_now",
    "odi_answers",
    "psfs_items",
]


def compare(before: Assessment, after: Assessment) -> list[Change]:
    """How each hip-disparity amount, pain, ODI and PSFS moved from ``before`` to ``after``.

    A hip measurement recorded in different units is not compared (shown as not comparable).
    """
    changes = []
    for prefix, label, _side in HIP_DISPARITIES:
        old, old_unit = before.hip_magnitude(prefix)
        new, new_unit = after.hip_magnitude(prefix)
        # Absent now but present before counts as 0: the disparity has gone.
        if old is not None and not getattr(after, prefix):
            new, new_unit = 0, old_unit
        if new is not None and not getattr(before, prefix):
            old, old_unit = 0, new_unit
        changes.append(
            Change(
                label=label,
                before=old,
                after=new,
                unit=old_unit or new_unit,
                units_differ=bool(old_unit and new_unit and old_unit != new_unit),
            )
        )
    changes.append(
        Change(
            label="Leg-length difference",
            before=before.leg_length_difference_mm,
            after=after.leg_length_difference_mm,
            unit="mm",
        )
    )
    changes.append(
        Change(
            label="Pain now (NPRS)", before=before.pain_now, after=after.pain_now, mcid=NPRS_MCID
        )
    )
    changes.append(
        Change(
            label="Oswestry Disability Index",
            before=before.odi_percent,
            after=after.odi_percent,
            mcid=ODI_MCID,
            unit="%",
        )
    )
    changes.append(
        Change(
            label="Patient-Specific Functional Scale",
            before=before.psfs,
            after=after.psfs,
            mcid=PSFS_MCID,
            lower_is_better=False,
        )
    )
    # A measure recorded at neither assessment says nothing; leave it out.
    return [c for c in changes if c.before is not None or c.after is not None]


@dataclass(frozen=True)
class Comparison:
    title: str
    baseline: Assessment
    changes: list[Change]


def comparisons_for(assessment: Assessment, history: Sequence[Assessment]) -> list[Comparison]:
    """Compare ``assessment`` with the first and the previous completed one before it.

    ``history`` is the client's completed assessments in date order (already loaded); it
    may be only the first and the latest before ``assessment`` (assessment pages load those).
    """
    earlier = [
        a
        for a in history
        if a.pk != assessment.pk and (a.assessed_on, a.pk) < (assessment.assessed_on, assessment.pk)
    ]
    if not earlier:
        return []
    first, previous = earlier[0], earlier[-1]
    result = [Comparison("Since the first assessment", first, compare(first, assessment))]
    if previous.pk != first.pk:
        result.append(
            Comparison("Since the previous assessment", previous, compare(previous, assessment))
        )
    return result


@dataclass(frozen=True)
class ProgressPoint:
    assessment: Assessment
    odi: object
    pain: object
    psfs: object


def progress_series(completed: Sequence[Assessment]) -> list[ProgressPoint]:
    return [ProgressPoint(a, a.odi_percent, a.pain_now, a.psfs) for a in completed]
