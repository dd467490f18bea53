"""Saving body charts, and reading their course over time."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from clients.body_chart.zones import (
    KIND_LABELS,
    LEVEL_WORDS,
    SIDE_LABELS,
    ZONE_BY_CODE,
    furthest_level,
)
from clients.models import Assessment, BodyChart, BodyChartMark, Client
from clinic.history import record_change

CENTRALISING = "centralising"
PERIPHERALISING = "peripheralising"
UNCHANGED = "unchanged"


class BodyChartError(Exception):
    """The marks cannot be saved; the message says why."""


def _split(marks: dict[str, str]) -> list[tuple[str, str, str]]:
    """{"calf_left": "pain"} -> [("calf", "left", "pain")]; unknown zones or kinds refused."""
    rows = []
    for name, kind in marks.items():
        if not kind:
            continue
        code, _, side = name.rpartition("_")
        if code not in ZONE_BY_CODE or side not in SIDE_LABELS or kind not in KIND_LABELS:
            raise BodyChartError("The body chart has a zone or symptom it does not know.")
        rows.append((code, side, kind))
    return rows


@transaction.atomic
def save_marks(*, chart: BodyChart, marks: dict[str, str], by, reason: str) -> BodyChart:
    """Replace ``chart``'s marks with ``marks`` ({"calf_left": "tingling", ...}; an
    empty kind is no mark) and keep its furthest level. ``chart`` may be unsaved."""
    rows = _split(marks)
    chart.furthest_level = furthest_level(code for code, _side, _kind in rows)
    existed = chart.pk is not None
    record_change(chart, by=by, reason=reason)
    chart.save()
    before = chart.marks_by_field() if existed else {}
    after = {f"{code}_{side}": kind for code, side, kind in rows}
    if before == after:
        return chart
    chart.marks.all().delete()
    BodyChartMark.objects.bulk_create(
        BodyChartMark(chart=chart, zone=code, side=side, kind=kind) for code, side, kind in rows
    )
    return chart


def save_assessment_chart(*, assessment: Assessment, marks: dict[str, str], by) -> BodyChart:
    """The assessment's own chart, created on first save, dated with the assessment."""
    chart = BodyChart.objects.filter(assessment=assessment).first() or BodyChart(
        client_id=assessment.client_id, assessment=assessment, source=BodyChart.Source.ASSESSMENT
    )
    chart.recorded_on = assessment.assessed_on
    chart.recorded_by = chart.recorded_by or by
    return save_marks(chart=chart, marks=marks, by=by, reason="Body chart of the assessment")


def trend(first_level: int | None, latest_level: int | None) -> str | None:
    """Centralising when the furthest zone down the leg moved up (or went), peripheralising
    when it moved down (or appeared), unchanged otherwise; None when neither chart has a mark.

    The one rule: ``programs.dashboard`` compares the same two levels read in SQL.
    """
    if first_level is None and latest_level is None:
        return None
    first = -1 if first_level is None else first_level
    latest = -1 if latest_level is None else latest_level
    if latest < first:
        return CENTRALISING
    if latest > first:
        return PERIPHERALISING
    return UNCHANGED


def latest_levels(client_field: str = "client") -> dict:
    """Annotations for a queryset with a client column: the furthest level of the
    client's first and latest counted charts, and the latest chart's day, in SQL, for
    ``trend`` (the attention list reads them; ``course_for`` is the same in Python)."""
    charts = BodyChart.objects.filter(client=OuterRef(client_field)).counted()
    newest = charts.order_by("-recorded_on", "-created_at", "-id")
    return {
        "chart_first_level": Subquery(charts.chronological().values("furthest_level")[:1]),
        "chart_latest_level": Subquery(newest.values("furthest_level")[:1]),
        "chart_latest_on": Subquery(newest.values("recorded_on")[:1]),
    }


def level_words(level: int | None) -> str:
    return "no symptoms marked" if level is None else LEVEL_WORDS[level]


@dataclass
class Course:
    first: BodyChart
    latest: BodyChart
    trend: str | None

    @property
    def sentence(self) -> str:
        first = level_words(self.first.furthest_level)
        latest = level_words(self.latest.furthest_level)
        when = f"{self.first.recorded_on:%-d %b %Y} → {self.latest.recorded_on:%-d %b %Y}"
        if self.trend == CENTRALISING:
            return f"Centralising: furthest down the leg was {first}, now {latest} ({when})."
        if self.trend == PERIPHERALISING:
            return f"Peripheralising: furthest down the leg was {first}, now {latest} ({when})."
        if self.trend is None:
            return f"One body chart so far ({self.latest.recorded_on:%-d %b %Y})."
        return f"Unchanged: furthest down the leg is {latest}, as at first ({when})."


def course_for(client: Client) -> Course | None:
    """The client's first and latest counted charts and the trend between them (None with
    a single chart: first and latest are then the same); None without a chart. Two
    queries at most (the charts' two ends, their marks), however many charts."""
    charts = BodyChart.objects.filter(client=client).counted()
    first = charts.chronological().values("pk")[:1]
    latest = charts.order_by("-recorded_on", "-created_at", "-id").values("pk")[:1]

    ends = list(
        BodyChart.objects.filter(Q(pk=Subquery(first)) | Q(pk=Subquery(latest)))
        .prefetch_related("marks")
        .chronological()
    )
    if not ends:
        return None
    if len(ends) == 1:
        return Course(first=ends[0], latest=ends[0], trend=None)
    first_chart, latest_chart = ends
    return Course(
        first=first_chart,
        latest=latest_chart,
        trend=trend(first_chart.furthest_level, latest_chart.furthest_level),
    )
