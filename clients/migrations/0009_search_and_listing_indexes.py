from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# Client.search() matches each word with icontains on these columns, which
# PostgreSQL writes as UPPER(column::text) LIKE UPPER('%word%'). A trigram GIN
# index on that same expression serves it; without one every search reads the
# whole client table.
SEARCHED = ["first_name", "last_name", "email", "phone"]


def _trigram_indexes(forwards: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite has no trigram indexes; its search stays a scan
        for column in SEARCHED:
            name = f"client_{column}_trgm_idx"
            if forwards:
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON clients_client "
                    f"USING gin (UPPER({column}::text) gin_trgm_ops)"
                )
            else:
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0008_client_anonymised_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                fields=["last_name", "first_name", "id"], name="client_list_order_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(fields=["end"], name="consultation_end_idx"),
        ),
        # Does nothing on databases other than PostgreSQL.
        TrigramExtension(),
        migrations.RunPython(_trigram_indexes(True), _trigram_indexes(False), elidable=False),
    ]
