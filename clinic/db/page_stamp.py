"""The page cache's stamp: one row, given a new random value by every transaction that
writes, in that same transaction, just before it commits.

``clinic.page_cache`` keeps rendered pages under the stamp that was current when their
request began. Because the new value commits together with the rows it stands for, a
request that sees the new rows sees the new stamp, and the request after a change
never finds a page from before it.

- ``_watch_writes`` (an execute wrapper, first on every connection) marks the
  connection when an ``INSERT``, ``UPDATE``, ``DELETE`` or similar statement passes
  through Django's cursor: the ORM, ``QuerySet.update()``, raw SQL. A statement run
  outside any transaction (autocommit) has committed when it returns, and the stamp is
  written right after it.
- ``StampedCommits._commit`` writes the stamp before ``COMMIT`` when the transaction
  was marked. Its row lock is the last one a transaction takes, for the moment of the
  commit, so writers neither wait long on it nor deadlock over it. If it cannot be
  written, the commit fails and nothing is saved.
- Writes to the tables no cached page shows do not mark: the sessions (the idle clock
  writes them on ordinary page views), the one-time form keys, the login-attempt log
  and the stamp itself.

Rows written around Django's cursor (psycopg's ``COPY`` in ``seed_bench``, a restored
backup, ``psql``) call ``replace_stamp()`` or, from outside the app, wait out the
cache's minute. The table comes with migration ``clinic.0007``: as with any schema
change, migrate before serving the new code (the session's query reads the stamp).
"""

from __future__ import annotations

import re
import uuid

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate

STAMP_TABLE = "clinic_page_stamp"
STAMP_ROW = 1

UNWATCHED_TABLES = frozenset(
    {
        STAMP_TABLE,
        "clinic_session",
        "clinic_usedformkey",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)

# Statements that change rows (data, not schema: a migration replaces the stamp when
# it ends). A statement may start with comments, EXPLAIN ANALYZE or a WITH clause.
_LEADING = re.compile(r"\s*(?:(?:--[^\n]*\n|/\*.*?\*/|\()\s*)*", re.DOTALL)
_WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "TRUNCATE")
_WRITE_ANYWHERE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_WRITE_TABLE = re.compile(
    r"(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)


def writes(sql: str) -> bool:
    """Whether ``sql`` may change a row that a cached page shows."""
    for statement in sql.split(";"):
        body = statement[_LEADING.match(statement).end() :]
        first = body[:10].upper()
        if first.startswith(("WITH", "EXPLAIN")):
            # A data-modifying WITH, or EXPLAIN ANALYZE of a write, runs it.
            if _WRITE_ANYWHERE.search(body) is None:
                continue
        elif not first.startswith(_WRITE_WORDS):
            continue
        table = _WRITE_TABLE.search(body)
        if table is None or table[1].lower() not in UNWATCHED_TABLES:
            return True
    return False


def _upsert_sql(connection) -> str:
    table = connection.ops.quote_name(STAMP_TABLE)
    return (
        f"INSERT INTO {table} (id, value) VALUES ({STAMP_ROW}, %s)"  # noqa: S608  # nosec B608 - constants
        " ON CONFLICT (id) DO UPDATE SET value = excluded.value"
    )


def _write(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(connection), [uuid.uuid4().hex])


def _table_exists(connection) -> bool:
    """Whether the stamp's table is there (not before migration ``clinic.0007``); asked
    once per connection, and again after every migration."""
    if connection.page_stamp_table is None:
        with connection.cursor() as cursor:
            connection.page_stamp_table = STAMP_TABLE in connection.introspection.table_names(
                cursor
            )
    return connection.page_stamp_table


def replace_stamp(using: str = DEFAULT_DB_ALIAS) -> None:
    """A new stamp now (in the caller's transaction, if any): every page cached so far
    is out of date. For writes Django's cursor does not see."""
    connection = connections[using]
    connection.page_stamp_table = None
    if _table_exists(connection):
        _write(connection)


def read_stamp(using: str = DEFAULT_DB_ALIAS) -> str | None:
    connection = connections[using]
    table = connection.ops.quote_name(STAMP_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = {STAMP_ROW}")  # noqa: S608  # nosec B608
        row = cursor.fetchone()
    return row[0] if row else None


def stamp_subquery(quote) -> str:
    """The stamp as a scalar subquery, for the session's one statement."""
    return f"(SELECT {quote('value')} FROM {quote(STAMP_TABLE)} WHERE id = {STAMP_ROW})"  # noqa: S608  # nosec B608


def _migration_ended(sender, using, **kwargs) -> None:
    """After ``migrate`` (and ``flush``, which sends the same signal): the table may have
    just been made or emptied; give it a value."""
    replace_stamp(using)


def connect_signals() -> None:
    """Called from ``ClinicConfig.ready()``."""
    post_migrate.connect(_migration_ended, dispatch_uid="clinic.db.page_stamp.migrated")


def _watch_writes(execute, sql, params, many, context):
    connection = context["connection"]
    if not isinstance(sql, str) or not writes(sql):
        return execute(sql, params, many, context)
    if connection.get_autocommit() and not connection.in_atomic_block:
        # A statement on its own has committed when it returns: the stamp follows it at
        # once. (Between the two, a page can only be stored with the new rows under the
        # old stamp, which no request asks for afterwards.)
        result = execute(sql, params, many, context)
        if _table_exists(connection):
            _write(connection)
        return result
    connection.page_stamp_dirty = True
    return execute(sql, params, many, context)


class StampedCommits:
    """Mixed into Django's database wrappers (``clinic/db/backends/``)."""

    page_stamp_dirty = False
    page_stamp_table: bool | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # First, so ``connection.execute_wrapper()`` blocks push and pop after it.
        self.execute_wrappers.insert(0, _watch_writes)

    def connect(self):
        self.page_stamp_dirty = False
        super().connect()

    def _commit(self):
        if self.page_stamp_dirty and self.connection is not None:
            self.page_stamp_dirty = False
            if _table_exists(self):
                _write(self)
        return super()._commit()

    def _rollback(self):
        self.page_stamp_dirty = False
        return super()._rollback()
