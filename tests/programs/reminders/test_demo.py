"""The demo clinic shows reminders: Alex is reminded by email, at the suggested times."""

import datetime

import pytest
from django.core.management import call_command

from clients.models import ReminderSettings
from clinic.seed.demo.staff import CLIENTS


@pytest.mark.django_db
def test_the_demo_client_has_email_reminders_and_seeding_again_keeps_one_row(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    row = ReminderSettings.objects.get()
    assert row.client.email == CLIENTS[0].email
    assert (row.by_email, row.by_push) == (True, False)
    assert row.times and all(len(t) == 5 for t in row.times)
    assert (row.quiet_from, row.quiet_until) == (datetime.time(21, 30), datetime.time(7, 30))
    assert f"Reminders: {row.client.first_name} is reminded by email at" in capsys.readouterr().out
