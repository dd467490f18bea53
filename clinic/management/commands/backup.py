from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinic.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent, timestamped backup of the database (pg_dump or SQLite backup)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            default=str(settings.CLINIC_BACKUP_DIR),
            help="Folder for the backup file (default: CLINIC_BACKUP_DIR).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, directory, database, **options):
        try:
            path = backup(directory=Path(directory), alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
