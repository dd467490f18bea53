from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinic.backups import BackupError, after_restore, restore


class Command(BaseCommand):
    help = "Load a backup written by `backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="The .dump (PostgreSQL) or .sqlite3 (SQLite) file, or its .enc."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        try:
            restore(path=Path(path), alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path}.")
        for label, count in after_restore():
            self.stdout.write(f"{label}: {count}")
