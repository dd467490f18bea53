"""The session and the signed-in user, read with SQL built once per process.

Every signed-in request reads its session row and its user row before anything
else. Django's database session engine and ``ModelBackend`` build both queries
through the ORM on every request (filters, compiler, model instances), which was
about a third of the CPU of an empty practice page (docs/benchmarks.md, round 3).
The SQL is the same every time, so it is built here once per process and each
request only executes it. What they return, and everything Django does with it
(expiry, the session hash check in ``django.contrib.auth.get_user``, inactive
users refused), is unchanged:

- ``SessionStore`` (``SESSION_ENGINE = "clinic.security.request_user"``) is
  Django's database store with a cheaper read; writes, deletes and the
  ``django_session`` table are Django's own.
- ``ModelBackend`` is Django's, with a cheaper ``get_user``.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


@cache
def _select_one(model, alias: str, where: tuple[str, ...], columns: tuple[str, ...]):
    """``SELECT columns FROM model's table WHERE each of where`` for one database, and
    the converters Django's compiler would apply to each column (SQLite returns dates
    as text and booleans as integers). Built once per model, database and shape."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = model._meta.db_table
    fields = [model._meta.get_field(name) for name in columns]
    select = ", ".join(f"{quote(table)}.{quote(field.column)}" for field in fields)
    conditions = " AND ".join(where)
    sql = f"SELECT {select} FROM {quote(table)} WHERE {conditions}"  # noqa: S608  # nosec B608 - names from the model
    converters = []
    for field in fields:
        col = field.get_col(table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        converters.append((field.attname, found, col))
    return sql, converters


def _fetch_one(model, alias, where, columns, params):
    sql, converters = _select_one(model, alias, where, columns)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = {}
    for value, (attname, found, col) in zip(row, converters, strict=True):
        for converter in found:
            value = converter(value, col, connection)
        values[attname] = value
    return values


class SessionStore(DatabaseSessionStore):
    """Django's database session store; reading a session sends precompiled SQL."""

    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        quote = connections[alias].ops.quote_name
        where = (f"{quote('session_key')} = %s", f"{quote('expire_date')} > %s")
        now = connections[alias].ops.adapt_datetimefield_value(timezone.now())
        values = _fetch_one(model, alias, where, ("session_data",), [self.session_key, now])
        if values is None:
            # As Django's store: an unknown or expired key is forgotten, and a new
            # session gets a new key.
            self._session_key = None
            return None
        return SimpleNamespace(**values)


class ModelBackend(DjangoModelBackend):
    """Django's ``ModelBackend``; finding the signed-in user sends precompiled SQL."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # noqa: BLE001 - a malformed id in a session is nobody
            return None
        alias = router.db_for_read(model)
        columns = tuple(field.attname for field in model._meta.concrete_fields)
        where = (f"{connections[alias].ops.quote_name(model._meta.pk.column)} = %s",)
        values = _fetch_one(model, alias, where, columns, [pk])
        if values is None:
            return None
        user = model.from_db(alias, list(values), list(values.values()))
        return user if self.user_can_authenticate(user) else None
