"""On PostgreSQL, forbid overlapping active consultations of one practitioner.

The unique (practitioner, start) index in 0005 already stops two bookings of the
same grid slot on every database. This exclusion constraint also stops overlaps
that start at different times (e.g. after the consultation length changes).
``int8range(id, id, '[]') WITH &&`` is equality on the practitioner written as a
range, so GiST can index it without the btree_gist extension (which would need
extra privileges to install). SQLite has no exclusion constraints: skipped there.
"""

from django.db import migrations

CONSTRAINT = "consultation_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        ALTER TABLE clients_consultation ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (
            int8range(practitioner_id, practitioner_id, '[]') WITH &&,
            tstzrange("start", "end", '[)') WITH &&
        ) WHERE (status <> 'cancelled')
        """
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE clients_consultation DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0005_booking"),
    ]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
