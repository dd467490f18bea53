"""The benchmark's data and pages: a large clinic built fast, and the pages measured on it.

``seed_bench`` runs each module of its ``STEPS`` (``clinic/seed/bench/``) in order; each has
``seed(data: BenchData)`` and adds its rows with ``data.insert`` (COPY on
PostgreSQL, ``bulk_create`` elsewhere), reading the ids the modules before it
left on ``data`` (``data.client_ids``, ``data.practitioner_ids``, or ``data.ids``
for anything else). The first client in ``data.client_ids`` is the bench client:
give it the biggest share of your data (the most logs, assessments, ...), growing
with ``data.sizes``, since the portal pages are measured as that client and
``tests/clinic/bench/test_bench.py`` compares each page's query count in a small and a
larger bench clinic.

``run_bench`` measures the pages in ``PAGES``: add one ``BenchPage`` per key page.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone

# Bench-only accounts, in a database made for the bench; never in production.
BENCH_PASSWORD = "bench-only-password-2026"  # noqa: S105 - published, bench databases only  # nosec B105
PRACTITIONER_EMAIL = "bench-practitioner@example.com"
CLIENT_EMAIL = "bench-client@example.com"


@dataclass(frozen=True)
class BenchSizes:
    """How many rows of each kind the bench clinic has (issue 7's figures)."""

    practitioners: int = 10
    clients: int = 10_000
    red_flags: int = 1_500
    assessments: int = 30_000
    exercises: int = 200
    programs: int = 500
    session_logs: int = 300_000
    consultations: int = 20_000

    def scaled(self, factor: float) -> BenchSizes:
        """Smaller clinics for tests: every count times ``factor``, at least 1 (2 practitioners)."""
        counts = {f.name: max(1, round(getattr(self, f.name) * factor)) for f in fields(self)}
        counts["practitioners"] = max(2, counts["practitioners"])
        return replace(self, **counts)


@dataclass
class BenchData:
    """What the bench modules share while they build the clinic."""

    out: Any
    sizes: BenchSizes
    password_hash: str
    now: datetime = field(default_factory=timezone.now)
    rng: random.Random = field(default_factory=lambda: random.Random(7))  # noqa: S311 - fake data  # nosec B311
    practitioner_ids: list[int] = field(default_factory=list)
    client_ids: list[int] = field(default_factory=list)
    ids: dict[str, list[int]] = field(default_factory=dict)

    @property
    def bench_client_id(self) -> int:
        return self.client_ids[0]

    def insert(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]
    ) -> list[int]:
        """Insert ``rows`` (tuples in the order of ``columns``, attnames such as
        ``client_id``); returns the new primary keys in insertion order.

        PostgreSQL gets one COPY, which is what makes 300,000 rows take seconds.
        JSON fields take Python values. Nothing else may write to the table meanwhile.
        """
        manager = model._base_manager
        before = manager.aggregate(top=models.Max("pk"))["top"] or 0
        model_fields = [model._meta.get_field(name) for name in columns]
        if connection.vendor == "postgresql":
            json_at = [i for i, f in enumerate(model_fields) if isinstance(f, models.JSONField)]
            names = ", ".join(connection.ops.quote_name(f.column) for f in model_fields)
            table = connection.ops.quote_name(model._meta.db_table)
            with (
                connection.cursor() as cursor,
                cursor.copy(  # psycopg 3 cursor
                    f"COPY {table} ({names}) FROM STDIN"
                ) as copy,
            ):
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                    copy.write_row(row)
        else:
            attnames = [f.attname for f in model_fields]
            manager.bulk_create(
                (model(**dict(zip(attnames, row, strict=True))) for row in rows),
                batch_size=500,
            )
        return list(manager.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))

    def add_creation_history(self, model: type[models.Model], ids: Sequence[int]) -> None:
        """One "created" history row per new record, as simple-history would have written.

        One ``INSERT … SELECT`` in the database; ``ids`` must be a contiguous new range.
        """
        if not ids:
            return
        history_model = model.history.model
        quote = connection.ops.quote_name
        kept = {f.column for f in history_model._meta.concrete_fields}  # minus excluded_fields
        columns = ", ".join(
            quote(f.column) for f in model._meta.concrete_fields if f.column in kept
        )
        sql = (
            f"INSERT INTO {quote(history_model._meta.db_table)} "  # noqa: S608 - names from models  # nosec B608 - table and column names come from the models
            f"({columns}, history_date, history_type, history_change_reason, history_user_id) "
            f"SELECT {columns}, %s, '+', NULL, NULL FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} BETWEEN %s AND %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.now, min(ids), max(ids)])

    def say(self, text: str) -> None:
        self.out.write(text)


@dataclass(frozen=True)
class BenchTargets:
    """The records the measured pages are about, found in the bench database."""

    practitioner: Any  # clinic.models.User
    client_user: Any  # clinic.models.User, with the biggest data
    client: Any  # clients.models.Client of ``client_user``

    @classmethod
    def load(cls) -> BenchTargets:
        from clinic.models import User

        practitioner = User.objects.get(email=PRACTITIONER_EMAIL)
        client_user = User.objects.select_related("client_record").get(email=CLIENT_EMAIL)
        return cls(practitioner, client_user, client_user.client_record)

    @property
    def assessment_url(self) -> str:
        """The bench client's latest completed assessment."""
        return self.client.assessments.completed().first().get_absolute_url()

    @cached_property
    def intake_url(self) -> str:
        """A fresh intake link for the bench client (the form a client fills from the
        email), made once per bench run: a new link closes the earlier one."""
        from clients.intake.services import create_link

        with transaction.atomic():
            _link, token = create_link(client=self.client, by=self.practitioner)
        return reverse("clients:intake_start", args=[token])

    @property
    def posture_url(self) -> str:
        """The posture page of the bench client's latest completed assessment."""
        assessment = self.client.assessments.completed().first()
        return reverse("clients:posture", args=[self.client.pk, assessment.pk])


@dataclass(frozen=True)
class BenchPage:
    name: str
    url: Callable[[BenchTargets], str]
    login: str | None  # "practitioner", "client", or None for anonymous


# The key pages, measured in this order after the ceiling. Add one line per page.
PAGES: list[BenchPage] = [
    BenchPage("home (public)", lambda t: reverse("home"), None),
    BenchPage("login page", lambda t: reverse("login"), None),
    BenchPage("practice dashboard", lambda t: reverse("dashboard"), "practitioner"),
    BenchPage("portal today", lambda t: reverse("programs:portal_home"), "client"),
    BenchPage("portal progress", lambda t: reverse("programs:portal_progress"), "client"),
    BenchPage(
        "portal session step",
        lambda t: reverse("programs:portal_session_step", args=[1]),
        "client",
    ),
    BenchPage("client list", lambda t: reverse("clients:client_list"), "practitioner"),
    # A surname about one client in 18 has (clinic.seed.bench.clients.LAST).
    BenchPage(
        "client search", lambda t: reverse("clients:client_list") + "?q=kowalski", "practitioner"
    ),
    BenchPage("client page", lambda t: t.client.get_absolute_url(), "practitioner"),
    BenchPage("assessment page", lambda t: t.assessment_url, "practitioner"),
    BenchPage(
        "program page",
        lambda t: reverse("programs:program_detail", args=[t.client.pk]),
        "practitioner",
    ),
    BenchPage("book (a week of slots)", lambda t: reverse("clients:book"), None),
    BenchPage("posture page", lambda t: t.posture_url, "practitioner"),
    BenchPage("intake form", lambda t: t.intake_url, None),
    # The dashboard's lists in full (programs.views.attention), first page.
    BenchPage("needs attention list", lambda t: reverse("programs:attention_list"), "practitioner"),
    BenchPage(
        "reassessments due list", lambda t: reverse("programs:reassessment_list"), "practitioner"
    ),
    # The bench practitioner's week: about a third of its slots booked, twice the share
    # of the others (clinic.seed.bench.booking).
    BenchPage(
        "calendar week", lambda t: reverse("clients:calendar") + "?view=week", "practitioner"
    ),
]

# Probes served only by clinic.bench.urls: the ceiling, one query with and without
# ATOMIC_REQUESTS to show what the per-request transaction costs, and the floor of
# every practice page (session, user, middleware and base.html around an empty body).
CEILING_URL = "/bench/ceiling/"
PROBES = [
    ("1 query, non-atomic", "/bench/query/", None),
    ("1 query, atomic", "/bench/query-atomic/", None),
    ("empty practice page", "/bench/empty-practice-page/", "practitioner"),
]
