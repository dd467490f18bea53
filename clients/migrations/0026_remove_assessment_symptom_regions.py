from django.db import migrations


class Migration(migrations.Migration):
    """The five symptom regions now live in the assessment's body chart (0021)."""

    dependencies = [
        ("clients", "0025_symptom_regions_to_body_charts"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="assessment",
            name="symptom_regions",
        ),
        migrations.RemoveField(
            model_name="historicalassessment",
            name="symptom_regions",
        ),
    ]
