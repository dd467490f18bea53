import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from clinic import demo

# Apps seed in this order; each later app builds on the data of the earlier ones.
DEMO_APPS = ["clinic", "clients", "programs"]


class Command(BaseCommand):
    help = "Create the demo clinic: staff, clients and their data. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed(self.stdout)
        self.stdout.write(demo.logins_text())
