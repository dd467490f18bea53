from django.core.management.base import BaseCommand
from django.db import transaction

from clinic.seed.demo import booking, clients, portal, programs, staff

# Each step's ``seed(out)`` builds on the data of the ones before it.
STEPS = [staff.seed, clients.seed, booking.seed, programs.seed, portal.seed]


class Command(BaseCommand):
    help = "Create the demo clinic: staff, clients and their data. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            for seed in STEPS:
                seed(self.stdout)
        self.stdout.write(staff.logins_text())
