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
from clients.posture.landmarks import SIDE_VIEWS, VIEWS

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


def table(rows: list[MeasureRow], names: list[str]) -> dict:
    """The measures as the page's table: the column headings (each reading's column
    name, then "Change since ..." for each earlier one) and per row its label and cells,
    each cell with the heading it sits under (what a phone shows beside the value, where
    each row is a card)."""
    headings = [*names, *(f"Change since {name.lower()}" for name in names[:-1])]
    return {
        "headings": headings,
        "rows": [
            (
                row.label,
                list(zip(headings, [*map(str, row.readings), *row.changes], strict=True)),
            )
            for row in rows
        ],
    }


# The points the photos are aligned on: the middle of the hips and the middle of the ankles
# (one of each on a side view). The first pair found on a photo is used.
HIP_PAIRS = [("trochanter_l", "trochanter_r"), ("asis_l", "asis_r"), ("psis_l", "psis_r")]
HIP_PAIRS += [("crest_l", "crest_r")]
SIDE_HIPS = ["trochanter", "asis", "psis"]


def _mid(points: dict, first: str, second: str) -> tuple[float, float] | None:
    if first in points and second in points:
        (x1, y1), (x2, y2) = points[first], points[second]
        return (x1 + x2) / 2, (y1 + y2) / 2
    return None


def anchors(photo: PosturePhoto) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The photo's (hip, ankle) alignment points in photo pixels, or None when either is
    missing or they coincide."""
    points = photo.landmarks or {}
    if photo.view in SIDE_VIEWS:
        hip = next((tuple(points[c]) for c in SIDE_HIPS if c in points), None)
        ankle = tuple(points["ankle"]) if "ankle" in points else None
    else:
        hip = next((m for pair in HIP_PAIRS if (m := _mid(points, *pair))), None)
        ankle = _mid(points, "ankle_l", "ankle_r")
    if hip is None or ankle is None or hip == ankle:
        return None
    return hip, ankle


@dataclass(frozen=True)
class Placement:
    """Where a photo sits in the shared frame of one view's comparison, in frame units
    (the reference photo's pixels): drawn at (x, y) with this width and height."""

    x: float
    y: float
    width: float
    height: float
    aligned: bool  # False: no hip and ankle points, so only fitted to the same height


def alignment(photos: list[PosturePhoto | None]) -> dict:
    """Scale and move each photo so its mid-hip and mid-ankle points land where the
    reference photo's are (the latest photo with both; the hip on the hip, the ankle level
    on the ankle level). Photos without those points are fitted to the frame's height.
    Returns the frame size, the reference points and one placement per photo (None for a
    missing photo)."""
    present = [p for p in photos if p is not None]
    if not present:
        return {"width": 0, "height": 0, "hip": None, "ankle": None, "placements": []}
    anchored = [p for p in present if anchors(p)]
    reference = anchored[-1] if anchored else present[-1]
    ref = anchors(reference)
    frame_w, frame_h = reference.width, reference.height
    placements = []
    for photo in photos:
        if photo is None:
            placements.append(None)
            continue
        own = anchors(photo)
        if ref and own:
            (rhx, rhy), (rax, ray) = ref
            (hx, hy), (ax, ay) = own
            scale = ((rax - rhx) ** 2 + (ray - rhy) ** 2) ** 0.5 / (
                (ax - hx) ** 2 + (ay - hy) ** 2
            ) ** 0.5
            x, y, aligned = rhx - scale * hx, rhy - scale * hy, True
        else:
            scale = frame_h / photo.height
            x, y, aligned = (frame_w - scale * photo.width) / 2, 0.0, False
        placements.append(
            Placement(
                round(x, 1),
                round(y, 1),
                round(scale * photo.width, 1),
                round(scale * photo.height, 1),
                aligned,
            )
        )
    return {
        "width": frame_w,
        "height": frame_h,
        "hip": ref[0] if ref else None,
        "ankle": ref[1] if ref else None,
        "placements": placements,
    }


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
        views.append(
            {
                "view": view,
                "label": label,
                "photos": photos,
                "rows": _rows(photos),
                "frame": alignment(photos),
            }
        )
    names = {2: ["First", "Previous"], 1: ["First and previous"], 0: []}[len(before)]
    headings = [(name, a) for name, a in zip([*names, "This assessment"], columns, strict=True)]
    shared = {
        (share.before_id, share.after_id): share
        for share in PostureShare.objects.for_client(assessment.client)
    }
    for entry in views:
        entry["columns"] = [
            (name, a, photo, placement)
            for (name, a), photo, placement in zip(
                headings, entry["photos"], entry["frame"]["placements"], strict=True
            )
        ]
        entry["table"] = table(entry["rows"], [name for name, _a in headings])
        now = entry["now"] = entry["photos"][-1]
        entry["pairs"] = [
            (name, old, shared.get((old.pk, now.pk)))
            for (name, _a), old in zip(headings[:-1], entry["photos"][:-1], strict=True)
            if old is not None and now is not None
        ]
    return {"headings": headings, "views": views, "has_baseline": bool(before)}
