"""Reassessment comparisons and the progress series for the client page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clients.assessments.scoring import (
    NPRS_MCID,
    NPRS_MCID_PERCENT,
    ODI_MCID,
    ODI_MCID_PERCENT,
    PSFS_MCID,
    Change,
    OdiScore,
    odi_client_change,
)
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
        for suffix in ("", "_side", "_magnitude", "_unit")
    ),
    "leg_length_difference_mm",
    "pain_now",
    "odi_answers",
    "psfs_items",
]


def hip_text(assessment: Assessment, prefix: str) -> str:
    """One hip disparity in words: "not assessed", "none found", "right side higher, 6.0 mm"."""
    present = getattr(assessment, prefix)
    if present is None:
        return "not assessed"
    if not present:
        return "none found"
    side = getattr(assessment, f"{prefix}_side")
    if prefix == "elevated_hip":
        text = f"{side} side higher"
    elif prefix == "pelvic_rotation":
        text = f"{side} side forward"
    else:
        text = side
    amount, unit = assessment.hip_magnitude(prefix)
    return f"{text}, {amount} {unit}" if amount is not None else f"{text}, amount not measured"


def _hip_change(prefix: str, label: str, before: Assessment, after: Assessment) -> Change | None:
    """How one hip disparity moved. "Not assessed" is never read as "none": a blank
    reassessment gets no verdict; a change of side or direction is reported as such,
    with both values, never as a difference of amounts. None when there is nothing to
    say (not assessed, or none found, both times)."""
    was, now = getattr(before, prefix), getattr(after, prefix)
    texts = {"before_text": hip_text(before, prefix), "after_text": hip_text(after, prefix)}
    if not was and not now and (was is None) == (now is None):
        return None
    old, old_unit = before.hip_magnitude(prefix)
    new, new_unit = after.hip_magnitude(prefix)
    if was is None or now is None:
        when = "now" if now is None else "at the earlier assessment"
        return Change(label, old, new, not_compared=f"not assessed {when}", **texts)
    if was and now and _side_changed(prefix, before, after):
        kind = "changed direction" if prefix == "pelvic_tilt" else "changed side"
        return Change(label, old, new, not_compared=kind, **texts)
    if not now:  # assessed, and none found now: the disparity has gone.
        new, new_unit = 0, old_unit
        if old is None:
            return Change(label, None, new, not_compared="no longer found", **texts)
    if not was:  # none found before, present now: a new finding.
        old, old_unit = 0, new_unit
        if new is None:
            return Change(label, old, None, not_compared="newly found", **texts)
    return Change(
        label=label,
        before=old,
        after=new,
        unit=old_unit or new_unit,
        units_differ=bool(old_unit and new_unit and old_unit != new_unit),
        **texts,
    )


def _side_changed(prefix: str, before: Assessment, after: Assessment) -> bool:
    old, new = getattr(before, f"{prefix}_side"), getattr(after, f"{prefix}_side")
    return bool(old and new and old != new)


def _odi_text(odi) -> str:
    return f"{odi.percent} % ({odi.sections_text})" if odi else ""


def _odi_change(before: Assessment, after: Assessment) -> Change:
    """The ODI with the sections answered beside each score; an incomplete score (fewer
    than 8 sections answered) is shown but left out of the verdict."""
    old, new = before.odi, after.odi
    incomplete = [when for when, odi in (("then", old), ("now", new)) if odi and not odi.complete]
    return Change(
        label="Oswestry Disability Index",
        before=old.percent if old else None,
        after=new.percent if new else None,
        mcid=ODI_MCID,
        mcid_percent=ODI_MCID_PERCENT,
        unit="%",
        before_text=_odi_text(old),
        after_text=_odi_text(new),
        not_compared=(
            f"no verdict: the score {' and '.join(incomplete)} is incomplete "
            "(fewer than 8 of 10 sections answered)"
            if incomplete
            else ""
        ),
    )


def activity_key(activity: str) -> str:
    """Two PSFS activities are the same when they match ignoring case and spacing."""
    return " ".join(activity.split()).casefold()


@dataclass(frozen=True)
class PsfsComparison:
    """PSFS item by item: a change per activity named both times; the rest listed."""

    changes: list[Change]
    new: list[dict]  # activities named only now
    dropped: list[dict]  # activities named only before


def compare_psfs(before: Assessment, after: Assessment) -> PsfsComparison:
    old = {}
    for item in before.psfs_items:
        old.setdefault(activity_key(item["activity"]), item)
    seen = set()
    changes, new = [], []
    for item in after.psfs_items:
        key = activity_key(item["activity"])
        if key in seen:
            continue
        seen.add(key)
        if key in old:
            changes.append(
                Change(
                    label=f"PSFS: {' '.join(item['activity'].split())}",
                    before=old[key]["score"],
                    after=item["score"],
                    mcid=PSFS_MCID,
                    lower_is_better=False,
                )
            )
        else:
            new.append(item)
    dropped = [item for key, item in old.items() if key not in seen]
    return PsfsComparison(changes=changes, new=new, dropped=dropped)


def compare(before: Assessment, after: Assessment) -> list[Change]:
    """How each hip disparity, the leg length, pain, the ODI and each PSFS activity named
    both times moved from ``before`` to ``after``.

    A hip measurement recorded in different units is not compared (shown as not comparable).
    """
    changes = [
        change
        for prefix, label, _side in HIP_DISPARITIES
        if (change := _hip_change(prefix, label, before, after)) is not None
    ]
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
            label="Pain now (NPRS)",
            before=before.pain_now,
            after=after.pain_now,
            mcid=NPRS_MCID,
            mcid_percent=NPRS_MCID_PERCENT,
        )
    )
    changes.append(_odi_change(before, after))
    changes.extend(compare_psfs(before, after).changes)
    # A measure recorded at neither assessment says nothing; leave it out.
    return [c for c in changes if c.before is not None or c.after is not None or c.not_compared]


@dataclass(frozen=True)
class Comparison:
    title: str
    baseline: Assessment
    changes: list[Change]
    psfs: PsfsComparison


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
    result = [_comparison("Since the first assessment", first, assessment)]
    if previous.pk != first.pk:
        result.append(_comparison("Since the previous assessment", previous, assessment))
    return result


def _comparison(title: str, baseline: Assessment, assessment: Assessment) -> Comparison:
    return Comparison(
        title, baseline, compare(baseline, assessment), compare_psfs(baseline, assessment)
    )


@dataclass(frozen=True)
class ProgressPoint:
    assessment: Assessment
    odi: object  # the percent (the chart's figure)
    pain: object
    psfs: object
    odi_score: OdiScore | None = None  # with the sections answered, for the table


def progress_series(completed: Sequence[Assessment]) -> list[ProgressPoint]:
    points = []
    for a in completed:
        odi = a.odi
        points.append(ProgressPoint(a, odi.percent if odi else None, a.pain_now, a.psfs, odi))
    return points


def client_odi_change(completed: Sequence[Assessment]) -> str:
    """For the client: how their ODI moved from the first to the latest completed
    assessment, in kind, plain words (never a band name); "" when it cannot be said."""
    scored = [a.odi for a in completed if a.odi_answers]
    if len(scored) < 2:
        return ""
    return odi_client_change(scored[0], scored[-1])
