from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clinic.seed.demo import (
    booking,
    clients,
    consent,
    intake,
    portal,
    profile,
    programs,
    questionnaires,
    reminders,
    staff,
)

# Each step's ``seed(out)`` builds on the data of the ones before it.
STEPS = [
    staff.seed,
    profile.seed,
    clients.seed,
    booking.seed,
    programs.seed,
    portal.seed,
    reminders.seed,
    consent.seed,
    questionnaires.seed,
    intake.seed,
]


class Command(BaseCommand):
    help = "Create the demo clinic: staff, clients and their data. Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEBUG and not settings.CLINIC_DEMO_SERVER:
            # The demo's passwords and its fixed manage link are published in the README.
            raise CommandError(
                "seed_demo creates accounts with published passwords, so it does not run "
                "with DEBUG off. On a deliberate demo server set CLINIC_DEMO_SERVER=true."
            )
        with transaction.atomic():
            for seed in STEPS:
                seed(self.stdout)
        self.stdout.write(staff.logins_text())
