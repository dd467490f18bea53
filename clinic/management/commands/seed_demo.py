import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from clinic.seed.demo import staff as demo

# Modules with a ``seed(out)`` function, in order; each builds on the data of the
# ones before it. A module that does not exist yet is skipped.
DEMO_MODULES = [
    "clinic.seed.demo.staff",
    "clinic.seed.demo.clients",
    "clinic.seed.demo.booking",
    "clinic.seed.demo.programs",
    "clinic.seed.demo.portal",
]


class Command(BaseCommand):
    help = "Create the demo clinic: staff, clients and their data. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.seed(self.stdout)
        self.stdout.write(demo.logins_text())
