"""Every appointment has a type; the free consultation's length, break, notice and
cut-off now live on its type, so the booking settings drop them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0016_free_consultation_type"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consultation",
            name="appointment_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appointments",
                to="clients.appointmenttype",
                verbose_name="type",
            ),
        ),
        migrations.RemoveField(
            model_name="bookingsettings",
            name="buffer_minutes",
        ),
        migrations.RemoveField(
            model_name="bookingsettings",
            name="cancel_cutoff_hours",
        ),
        migrations.RemoveField(
            model_name="bookingsettings",
            name="consultation_minutes",
        ),
        migrations.RemoveField(
            model_name="bookingsettings",
            name="min_notice_hours",
        ),
        migrations.RemoveField(
            model_name="historicalbookingsettings",
            name="buffer_minutes",
        ),
        migrations.RemoveField(
            model_name="historicalbookingsettings",
            name="cancel_cutoff_hours",
        ),
        migrations.RemoveField(
            model_name="historicalbookingsettings",
            name="consultation_minutes",
        ),
        migrations.RemoveField(
            model_name="historicalbookingsettings",
            name="min_notice_hours",
        ),
    ]
