"""A reassessment's photos beside the first and the previous assessment's, view by view,
with the change of every measure.

The comparison rules of the assessments apply: a measure not taken is "not measured", never
a zero or an improvement; a measure whose side or direction changed (lower on the right ->
lower on the left, anterior -> posterior) is reported with both readings, not as a
difference of sizes; values in different units (mm before a scale, px without) are not
subtracted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Subquery

from clients.models import Assessment, PosturePhoto, PostureShare
from clients.posture.landmarks import VIEWS

SIDED = frozenset({"left", "right", "anterior", "posterior", "forward", "behind"})


@dataclass(frozen=True)
class Reading:
    value: float | None
    unit: str
    direction: str
    description: str

    def __str__(self) -> str:
        if self.value is None:
            return "not measured"
        return f"{self.value} {self.unit}, {self.description}"


@dataclass(frozen=True)
class MeasureRow:
    label: str
    readings: list[Reading]  # one per column: first, previous, this assessment
    changes: list[str]  # against first and previous


def _change(old: Reading, new: Reading) -> str:
    if old.value is None or new.value is None:
        return "not comparable (not measured)"
    if old.unit != new.unit:
        return f"not comparable ({old.unit} then {new.unit})"
    if old.direction in SIDED and new.direction in SIDED and old.direction != new.direction:
        return f"changed side: {old.description} → {new.description}"
    delta = round(new.value - old.value, 1)
    return "no change" if delta == 0 else f"{delta:+} {new.unit}"


def _rows(photos: list[PosturePhoto | None]) -> list[MeasureRow]:
    found = [{m.code: m for m in (p.measures() if p else [])} for p in photos]
    labels = {code: m.label for column in found for code, m in column.items()}
    rows = []
    for code, label in labels.items():
        readings = [
            Reading(m.value, m.unit, m.direction, m.description)
            if (m := column.get(code))
            else Reading(None, "", "", "")
            for column in found
        ]
        now = readings[-1]
        rows.append(MeasureRow(label, readings, [_change(old, now) for old in readings[:-1]]))
    return rows


def baselines(assessment: Assessment) -> list[Assessment]:
    """The first and the previous completed assessment before this one, in date order
    (one row when they are the same; none for a first assessment). One query of at most
    two rows, however many assessments the client has had."""
    earlier = (
        Assessment.objects.active()
        .completed()
        .filter(client_id=assessment.client_id)
        .filter(
            Q(assessed_on__lt=assessment.assessed_on)
            | Q(assessed_on=assessment.assessed_on, pk__lt=assessment.pk)
        )
    )
    first = earlier.order_by("assessed_on", "id").values("pk")[:1]
    previous = earlier.order_by("-assessed_on", "-id").values("pk")[:1]
    return list(
        Assessment.objects.filter(Q(pk=Subquery(first)) | Q(pk=Subquery(previous)))
        .only("id", "assessed_on", "client_id")
        .order_by("assessed_on", "id")
    )


def comparison(assessment: Assessment) -> dict:
    """Per view: the photos (first, previous, now) and the measure rows."""
    before = baselines(assessment)
    columns = [*before, assessment] if before else [assessment]
    current = {
        (p.assessment_id, p.view): p
        for p in PosturePhoto.objects.active()
        .filter(assessment__in=[a.pk for a in columns], erased_at__isnull=True)
        .select_related("assessment")
    }
    views = []
    for view, label in VIEWS:
        photos = [current.get((a.pk, view)) for a in columns]
        if photos[-1] is None and not any(photos):
            continue
        views.append({"view": view, "label": label, "photos": photos, "rows": _rows(photos)})
    names = {2: ["First", "Previous"], 1: ["First and previous"], 0: []}[len(before)]
    headings = [(name, a) for name, a in zip([*names, "This assessment"], columns, strict=True)]
    shared = {
        (share.before_id, share.after_id): share
        for share in PostureShare.objects.for_client(assessment.client)
    }
    for entry in views:
        entry["columns"] = [
            (name, a, photo) for (name, a), photo in zip(headings, entry["photos"], strict=True)
        ]
        now = entry["now"] = entry["photos"][-1]
        entry["pairs"] = [
            (name, old, shared.get((old.pk, now.pk)))
            for (name, _a), old in zip(headings[:-1], entry["photos"][:-1], strict=True)
            if old is not None and now is not None
        ]
    return {"headings": headings, "views": views, "has_baseline": bool(before)}
