"""Each assessment's five symptom regions become marks on its own body chart.

"low_back", "buttock", "back_of_thigh", "calf" and "foot" become the zones low
back, buttock, back of the thigh, calf and sole of the foot; a region on "both"
sides (or "not applicable", as the old form allowed for the low back) is marked
left and right. The old form said what the symptoms felt like once for all
regions: each mark takes the first of those kinds the chart knows (a sharp or
shooting pain is "pain", an electric feeling "tingling"), else "pain". The
mapping is written out here, not imported, so this migration stays as it is
when the vocabulary changes.
"""

from django.db import migrations

REGIONS = {
    "low_back": ("low_back", 0),
    "buttock": ("buttock", 1),
    "back_of_thigh": ("thigh_back", 2),
    "calf": ("calf", 4),
    "foot": ("foot_sole", 5),
}
KINDS = {
    "shooting": "pain",
    "dull_ache": "ache",
    "burning": "burning",
    "numbness": "numbness",
    "tingling": "tingling",
    "electric": "tingling",
}
SIDES = {"left": ["left"], "right": ["right"], "both": ["left", "right"], "na": ["left", "right"]}


def forwards(apps, schema_editor):
    Assessment = apps.get_model("clients", "Assessment")
    BodyChart = apps.get_model("clients", "BodyChart")
    BodyChartMark = apps.get_model("clients", "BodyChartMark")
    assessments = Assessment.objects.exclude(symptom_regions={}).only(
        "pk", "client_id", "assessed_on", "assessed_by_id", "symptom_regions", "symptom_kinds"
    )
    for assessment in assessments.iterator(chunk_size=500):
        regions = assessment.symptom_regions or {}
        kind = next((KINDS[k] for k in assessment.symptom_kinds or [] if k in KINDS), "pain")
        marks = [
            (zone, side, level)
            for code, where in regions.items()
            if code in REGIONS
            for zone, level in [REGIONS[code]]
            for side in SIDES.get(where, ["left", "right"])
        ]
        if not marks:
            continue
        chart = BodyChart.objects.create(
            client_id=assessment.client_id,
            assessment_id=assessment.pk,
            source="assessment",
            recorded_on=assessment.assessed_on,
            recorded_by_id=assessment.assessed_by_id,
            furthest_level=max(level for _zone, _side, level in marks),
        )
        BodyChartMark.objects.bulk_create(
            BodyChartMark(chart=chart, zone=zone, side=side, kind=kind)
            for zone, side, _level in marks
        )


def backwards(apps, schema_editor):
    """Back to the five regions (kinds per zone are lost; the sides are kept)."""
    Assessment = apps.get_model("clients", "Assessment")
    BodyChart = apps.get_model("clients", "BodyChart")
    old = {zone: code for code, (zone, _level) in REGIONS.items()}
    for chart in BodyChart.objects.filter(assessment__isnull=False).prefetch_related("marks"):
        sides: dict[str, set] = {}
        for mark in chart.marks.all():
            if mark.zone in old:
                sides.setdefault(old[mark.zone], set()).add(mark.side)
        regions = {
            code: "both" if len(found) == 2 else next(iter(found)) for code, found in sides.items()
        }
        Assessment.objects.filter(pk=chart.assessment_id).update(symptom_regions=regions)
    BodyChart.objects.filter(assessment__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0024_body_charts"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
