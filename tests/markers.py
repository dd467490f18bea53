"""Markers for tests that only mean something on one database.

CI runs ``make test`` on PostgreSQL and on SQLite (.ci/run), so a test marked here
runs in CI; locally, set DATABASE_URL=postgres://… to run it.
"""

import pytest
from django.db import connection

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (it enforces what SQLite lets through: lengths, ranges)",
)
