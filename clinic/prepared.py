"""A queryset's SQL built once per process, run with each request's values.

Building and compiling a large annotated queryset through the ORM costs
milliseconds of CPU on every request (the dashboard's programs query: about 8 ms
of its 35, docs/benchmarks.md round 3), though only a few values in it change
from one request to the next: today's date and the dates derived from it, a
practitioner's or a client's id. ``PreparedQuery`` builds the queryset once with
stand-in values ("sentinels"), finds where they land among the compiled SQL's
parameters, and on each call executes the same SQL with the real values in
those places. Rows become model instances as Django's ``ModelIterable`` makes
them (``select_related`` objects, annotations, each column's converters).

Rules for the builder (``build(**values) -> QuerySet``):

- every date in the query must be one of its date arguments or a fixed number of
  days from one (``today - timedelta(days=6)``): any other date or time in the
  parameters makes preparing fail loudly, so nothing time-dependent is ever
  baked in;
- an id argument may be None, which changes the SQL's shape (no filter): each
  shape is prepared once;
- only model instances (no ``values()``, no ``prefetch_related``).

The SQL also depends on the database and on the current time zone (a ``__date``
lookup converts in SQL): both are part of the cache key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from django.db import connections
from django.db.models.query import get_related_populators
from django.utils import timezone

# Far from any real record, and at least a year apart, so that days derived from one
# (up to MAX_OFFSET_DAYS either way) are never mistaken for another's.
_DATE_SENTINELS = [date(1904, 2, 29) + timedelta(days=1000 * i) for i in range(5)]
_ID_SENTINELS = [-987_654_301 - i for i in range(5)]
MAX_OFFSET_DAYS = 400
_LOOKS_LIKE_A_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def practice_viewer(pk: int | None) -> SimpleNamespace:
    """A stand-in for the signed-in member of the practice in a builder, for the
    ``visible_to(user)`` rules: the practitioner ``pk`` (an id argument), or the owner
    (who sees every client) when None. Those rules read only these attributes, and
    what the owner's settings change they read in SQL (``SecuritySettings``)."""
    return SimpleNamespace(
        pk=pk,
        is_authenticated=True,
        is_owner=pk is None,
        is_practice_staff=True,
        is_client_user=False,
    )


def viewer_id(user) -> int | None:
    """The id argument ``practice_viewer`` turns back into ``user`` (practice staff only)."""
    if not user.is_practice_staff:
        raise ValueError("prepared queries with a viewer are for practice staff")
    return None if user.is_owner else user.pk


class PreparingError(Exception):
    """The builder's query cannot be prepared safely (a value would be baked in)."""


@dataclass
class _Prepared:
    sql: str
    params: list
    # (position in params, argument name, days added to it for dates)
    slots: list[tuple[int, str, int]]
    model: type
    init_list: list[str]
    fields_start: int
    fields_end: int
    populators: list
    annotation_col_map: dict[str, int]
    converters: list[tuple[int, list, object]]
    col_count: int


class PreparedQuery:
    def __init__(
        self,
        build: Callable,
        *,
        dates: tuple[str, ...] = (),
        ids: tuple[str, ...] = (),
        using: str = "default",
    ):
        self._build = build
        self._dates = dates
        self._ids = ids
        self._using = using
        self._prepared: dict[tuple, _Prepared] = {}

    def __call__(self, **values) -> list:
        """The model instances ``build(**values)`` would return, in its order."""
        if set(values) != set(self._dates) | set(self._ids):
            raise TypeError(f"expected {self._dates + self._ids}, got {tuple(values)}")
        absent = tuple(name for name in self._ids if values[name] is None)
        key = (self._using, timezone.get_current_timezone_name(), absent)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = self._prepare(absent)
        connection = connections[self._using]
        params = list(prepared.params)
        adapt = connection.ops.adapt_datefield_value
        for position, name, offset in prepared.slots:
            value = values[name]
            if name in self._dates:
                params[position] = adapt(value + timedelta(days=offset))
            else:
                params[position] = getattr(value, "pk", value)
        with connection.cursor() as cursor:
            cursor.execute(prepared.sql, params)
            rows = cursor.fetchall()
        return self._instances(prepared, rows, connection)

    def _instances(self, prepared: _Prepared, rows, connection) -> list:
        objects = []
        model = prepared.model
        start, end = prepared.fields_start, prepared.fields_end
        for row in rows:
            row = list(row[: prepared.col_count])
            for position, converters, expression in prepared.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            obj = model.from_db(self._using, prepared.init_list, row[start:end])
            for populator in prepared.populators:
                populator.populate(row, obj)
            for name, position in prepared.annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def _prepare(self, absent: tuple[str, ...]) -> _Prepared:
        connection = connections[self._using]
        adapt = connection.ops.adapt_datefield_value
        sentinels = {}
        for name, day in zip(self._dates, _DATE_SENTINELS, strict=False):
            sentinels[name] = day
        for name, pk in zip(self._ids, _ID_SENTINELS, strict=False):
            sentinels[name] = None if name in absent else pk
        queryset = self._build(**sentinels)
        if queryset._prefetch_related_lookups or queryset._fields is not None:
            raise PreparingError("only plain model querysets can be prepared")
        compiler = queryset.query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        days = {}
        for name in self._dates:
            for offset in range(-MAX_OFFSET_DAYS, MAX_OFFSET_DAYS + 1):
                day = sentinels[name] + timedelta(days=offset)
                days[adapt(day)] = (name, offset)
        ids = {pk: name for name, pk in sentinels.items() if name in self._ids and pk is not None}
        slots = []
        for position, param in enumerate(params):
            if isinstance(param, int | str | date) and not isinstance(param, bool):
                if param in days:
                    slots.append((position, *days[param]))
                    continue
                if isinstance(param, int) and param in ids:
                    slots.append((position, ids[param], 0))
                    continue
            if isinstance(param, date | datetime) or (
                isinstance(param, str) and _LOOKS_LIKE_A_DAY.match(param)
            ):
                raise PreparingError(f"a date not derived from the arguments: {param!r}")
        used = {name for _, name, _ in slots}
        missing = {name for name, value in sentinels.items() if value is not None} - used
        if missing:
            raise PreparingError(f"arguments not found in the SQL: {sorted(missing)}")
        select, klass_info = compiler.select, compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        fields = [column[0] for column in select[: compiler.col_count]]
        return _Prepared(
            sql=sql,
            params=list(params),
            slots=slots,
            model=klass_info["model"],
            init_list=[column[0].target.attname for column in select[start:end]],
            fields_start=start,
            fields_end=end,
            populators=get_related_populators(klass_info, select, self._using),
            annotation_col_map=dict(compiler.annotation_col_map or {}),
            converters=[
                (position, converters, expression)
                for position, (converters, expression) in compiler.get_converters(fields).items()
            ],
            col_count=compiler.col_count,
        )
