"""On SQLite, refuse overlapping active appointments of one practitioner, as 0006's
exclusion constraint does on PostgreSQL.

Until appointment types, every booking sat on one grid and the unique
(practitioner, start) index was enough on SQLite. Types of different lengths, and
appointments the practice places at any time, can overlap without sharing a start,
so two triggers check the same condition as the exclusion constraint: same
practitioner, neither cancelled, time ranges ``[start, end)`` that meet. SQLite
runs triggers inside its single writer lock, so the check cannot race; a refused
row raises ``IntegrityError`` like a constraint would. Datetimes are stored as
ISO text in UTC, which compares in time order.
"""

from django.db import migrations

CLASH = """
    NEW.status <> 'cancelled' AND EXISTS (
        SELECT 1 FROM clients_consultation AS other
        WHERE other.practitioner_id = NEW.practitioner_id
          AND other.status <> 'cancelled'
          AND other.id IS NOT NEW.id
          AND other."start" < NEW."end"
          AND other."end" > NEW."start"
    )
"""

TRIGGERS = {
    "consultation_no_overlap_insert": "BEFORE INSERT ON clients_consultation",
    "consultation_no_overlap_update": (
        'BEFORE UPDATE OF "start", "end", status, practitioner_id ON clients_consultation'
    ),
}


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, when in TRIGGERS.items():
        schema_editor.execute(
            f"CREATE TRIGGER {name} {when} FOR EACH ROW WHEN {CLASH} "
            "BEGIN SELECT RAISE(ABORT, 'consultation_no_overlap'); END"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0017_appointment_type_required"),
    ]

    operations = [migrations.RunPython(add_triggers, drop_triggers, elidable=False)]
