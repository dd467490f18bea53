from django.core.management.base import BaseCommand

from clinic.once import purge_used_keys


class Command(BaseCommand):
    help = "Forget one-time form keys older than two days (run daily from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_used_keys()} old form keys removed.")
