"""Every consultation booked so far becomes of the free-consultation type.

A migration of its own: on PostgreSQL, updating rows and then altering their table
in one transaction fails ("pending trigger events"), so the NOT NULL and the removal
of the moved settings follow in 0013.
"""

from django.db import migrations


def make_free_consultation_type(apps, schema_editor):
    """The free consultation becomes the first appointment type, with the length, break,
    notice and cut-off the clinic had set in its booking settings; every consultation
    booked so far (and its history) is of that type."""
    settings_row = apps.get_model("clients", "BookingSettings").objects.filter(pk=1).first()
    values = {"minutes": 30, "buffer_minutes": 10, "min_notice_hours": 12}
    values["cancel_cutoff_hours"] = 12
    if settings_row is not None:
        values = {
            "minutes": settings_row.consultation_minutes,
            "buffer_minutes": settings_row.buffer_minutes,
            "min_notice_hours": settings_row.min_notice_hours,
            "cancel_cutoff_hours": settings_row.cancel_cutoff_hours,
        }
    free = apps.get_model("clients", "AppointmentType").objects.create(
        name="Free consultation",
        kind="free_consultation",
        bookable_by="anyone",
        colour="green",
        **values,
    )
    apps.get_model("clients", "Consultation").objects.update(appointment_type=free)
    apps.get_model("clients", "HistoricalConsultation").objects.update(appointment_type=free)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0015_appointment_types"),
    ]

    operations = [
        migrations.RunPython(make_free_consultation_type, migrations.RunPython.noop),
    ]
