import time

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from clinic.bench.base import (
    BENCH_PASSWORD,
    PRACTITIONER_EMAIL,
    BenchData,
    BenchSizes,
)
from clinic.db.page_stamp import replace_stamp
from clinic.models import User
from clinic.seed.bench import assessments, booking, clients, logs, programs, staff

# Each module's ``seed(data)`` builds on the ones before it. Add yours here.
STEPS = [staff, clients, assessments, programs, logs, booking]


class Command(BaseCommand):
    help = (
        "Create a large clinic for `make bench` (10,000 clients and their records) with bulk "
        "inserts. Does nothing if the bench clinic is already there. Bench databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every count (tests use 0.005)."
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty the whole database first, to rebuild after new bench modules were added.",
        )

    def handle(self, *args, scale, flush, **options):
        if flush:
            call_command("flush", interactive=False, verbosity=0)
        if User.objects.filter(email=PRACTITIONER_EMAIL).exists():
            self.stdout.write("The bench clinic is already seeded; nothing to do.")
            return
        started = time.monotonic()
        # One hash for every bench account: hashing 10,000 passwords would take hours.
        data = BenchData(
            out=self.stdout,
            sizes=BenchSizes().scaled(scale),
            password_hash=make_password(BENCH_PASSWORD),
        )
        with transaction.atomic():
            for module in STEPS:
                module_started = time.monotonic()
                self.stdout.write(f"{module.__name__}:")
                module.seed(data)
                self.stdout.write(f"  ({time.monotonic() - module_started:.1f} s)")
        if connection.vendor == "postgresql":
            # Fresh statistics so the planner sees 10,000 clients, not an empty table; the
            # vacuum sets the visibility map (index-only scans) and merges the rows COPY left
            # in the trigram indexes' pending lists, as autovacuum would in production.
            with connection.cursor() as cursor:
                # (Inside a test's transaction, where VACUUM may not run, statistics only.)
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        replace_stamp()  # COPY's rows went past the page cache's watch
        self.stdout.write(
            self.style.SUCCESS(f"Bench clinic seeded in {time.monotonic() - started:.1f} s.")
        )
