from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.body_chart.zones import (
    KINDS,
    SIDES,
    ZONE_BY_CODE,
    ZONES,
    mark_rows,
    marks_by_field,
    zone_label,
)


class BodyChartQuerySet(models.QuerySet):
    def chronological(self) -> BodyChartQuerySet:
        return self.order_by("recorded_on", "created_at", "id")

    def counted(self) -> BodyChartQuerySet:
        """Charts that count for the course over time: all but those of an archived
        assessment (an assessment recorded in error) and of an intake not yet submitted."""
        return self.exclude(assessment__archived_at__isnull=False).exclude(
            source=BodyChart.Source.INTAKE_DRAFT
        )


class BodyChart(models.Model):
    """Where a client felt symptoms on one day: one mark per zone and side.

    Charts come from three doors: the practitioner's assessment (one chart each),
    the client's intake form and the portal check-in. ``furthest_level`` is the
    furthest marked zone down the leg (``clients.body_chart.zones``), kept with the
    marks by ``clients.body_chart.services.save_marks`` so the attention list can
    compare charts in SQL.
    """

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        INTAKE = "intake", "Reported by the client (intake)"
        INTAKE_DRAFT = "intake_draft", "Intake not yet sent"
        CHECK_IN = "check_in", "Reported by the client (check-in)"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="body_charts"
    )
    assessment = models.OneToOneField(
        "clients.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_chart",
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    recorded_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    furthest_level = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = BodyChartQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_on", "created_at", "id"]
        indexes = [models.Index(fields=["client", "recorded_on"], name="body_chart_client_day_idx")]

    def __str__(self) -> str:
        return f"Body chart of {self.client_id} on {self.recorded_on:%d %b %Y}"

    def marks_by_field(self) -> dict[str, str]:
        """{"calf_left": "tingling", ...} from the prefetched or loaded marks."""
        return marks_by_field(self.marks.all())

    def rows(self) -> list[tuple[str, str]]:
        """("Left calf", "Tingling (pins and needles)") per mark, top of the body first."""
        return mark_rows(self.marks.all())


class BodyChartMark(models.Model):
    """One zone, on one side, with the kind of symptom felt there."""

    chart = models.ForeignKey(BodyChart, on_delete=models.CASCADE, related_name="marks")
    zone = models.CharField(max_length=20, choices=[(z.code, z.label) for z in ZONES])
    side = models.CharField(max_length=5, choices=SIDES)
    kind = models.CharField(max_length=10, choices=KINDS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chart", "zone", "side"], name="one_mark_per_zone_side")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_kind_display()}"

    @property
    def label(self) -> str:
        return zone_label(self.zone, self.side)

    @property
    def level(self) -> int:
        return ZONE_BY_CODE[self.zone].level
