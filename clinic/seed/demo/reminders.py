"""Demo exercise reminders: Alex (the first demo client) is reminded by email at the
times suggested for their prescription, with quiet hours at night. Safe to run again."""

from __future__ import annotations

from clients.models import Client, ReminderSettings
from clinic.seed.demo.staff import CLIENTS
from programs.reminders import services


def seed(out) -> None:
    client = Client.objects.filter(email__iexact=CLIENTS[0].email).first()
    if client is None:
        return
    program = client.programs.filter(status="active").select_related("current_phase").first()
    per_day = 1
    if program is not None and program.current_phase_id:
        per_day = max(
            program.current_phase.items.values_list("times_per_day", flat=True), default=1
        )
    quiet_from, quiet_until = services.DEFAULT_QUIET
    ReminderSettings.objects.update_or_create(
        client=client,
        defaults={
            "times": services.suggested_times(per_day),
            "quiet_from": quiet_from,
            "quiet_until": quiet_until,
            "by_email": True,
            "by_push": False,
        },
    )
    times = ", ".join(services.suggested_times(per_day))
    out.write(f"Reminders: {client.first_name} is reminded by email at {times}.")
