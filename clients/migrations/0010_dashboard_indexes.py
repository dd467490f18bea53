# Indexes for the practice dashboard's clients section and upcoming consultations;
# each checked with EXPLAIN ANALYZE on the bench clinic (docs/benchmarks.md).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0009_search_and_listing_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                fields=["assessed_by", "status", "assessed_on"], name="assessment_author_status_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                fields=["status", "practitioner"], name="client_status_practitioner_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                fields=["practitioner", "status", "start"], name="consultation_upcoming_idx"
            ),
        ),
    ]
