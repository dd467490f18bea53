"""Short lists (and single rows) of other tables as columns of one outer query.

A page that shows one record with several short lists beside it (the client page: notes,
appointments, consent signatures, the latest intake link...) used to read each list with
a query of its own. ``rows()`` makes a list one column of the outer query, a JSON array
built by the database (``JSON_AGG`` on PostgreSQL, ``JSON_GROUP_ARRAY`` on SQLite), and
``row()`` the first row of an ordered queryset, a JSON object; ``Rows.load()`` turns the
column back into model instances with the fields named, converted as the ORM converts
them. Only the named fields are loaded: reading another one is a query (as with
``only()``), which the pages' exact query-count tests would catch.

Names are field paths, as in ``values()``: ``"noted_on"``, ``"author__first_name"``
(the related instance is built and cached, as ``select_related`` does; it is None when
all of its named fields are null). The order of a list is not kept by every database:
``load`` sorts by ``order`` (field paths, ``-`` for descending) in Python.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Aggregate, Func, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")


class _Object(Func):
    """A JSON object of the named expressions (keys are code, never input)."""

    output_field = TextField()

    def __init__(self, keys: list[str], expressions: list, json_keys: frozenset[str]):
        if not all(_KEY.match(key) for key in keys):
            raise ValueError(f"Not a plain key: {keys}")
        self.keys = keys
        self.json_keys = json_keys
        super().__init__(*expressions)

    def _pairs(self, compiler, connection, wrap_json: bool):
        parts, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            if wrap_json and key in self.json_keys:
                sql = f"JSON({sql})"  # SQLite stores JSON as text: embed it as JSON
            parts.append(f"'{key}', {sql}")
            params.extend(expression_params)
        return ", ".join(parts), params

    def as_sql(self, compiler, connection, **extra_context):
        pairs, params = self._pairs(compiler, connection, wrap_json=True)
        return f"JSON_OBJECT({pairs})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        pairs, params = self._pairs(compiler, connection, wrap_json=False)
        return f"JSON_BUILD_OBJECT({pairs})", params


class _Array(Aggregate):
    function = "JSON_GROUP_ARRAY"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, function="JSON_AGG", **extra_context)
        return f"CAST({sql} AS text)", params


class _Text(Func):
    """PostgreSQL's ``json`` as text (the driver would parse it otherwise)."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"CAST({sql} AS text)", params


def _convert(model_field, value):
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        moment = model_field.to_python(value)
        if settings.USE_TZ and timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)  # SQLite keeps UTC without an offset
        return moment
    if isinstance(model_field, models.DateField | models.TimeField | models.UUIDField):
        return model_field.to_python(value)
    if isinstance(model_field, models.BooleanField):
        return bool(value)
    if isinstance(model_field, models.DecimalField):
        return Decimal(str(value))
    return value


@dataclass
class _Node:
    """One model of the paths: its own fields (attnames, keys) and its related models."""

    model: type[models.Model]
    fields: list[tuple[models.Field, str]] = field(default_factory=list)
    related: dict[str, tuple[models.Field, _Node]] = field(default_factory=dict)

    def build(self, data: dict, db: str):
        values = {f.attname: _convert(f, data[key]) for f, key in self.fields}
        names = [f.attname for f in self.model._meta.concrete_fields if f.attname in values]
        instance = self.model.from_db(db, names, [values[name] for name in names])
        for relation, node in self.related.values():
            related = node.build(data, db) if node.present(data) else None
            relation.set_cached_value(instance, related)
        return instance

    def present(self, data: dict) -> bool:
        return any(data[key] is not None for _, key in self.fields) or any(
            node.present(data) for _, node in self.related.values()
        )


class Rows:
    """The rows of ``queryset`` (correlated with the outer query by an ``OuterRef``)
    with ``names``; ``annotation`` goes into the outer query, ``load`` reads it back."""

    def __init__(self, queryset, names: list[str], *, order: tuple[str, ...] = ()):
        self.queryset = queryset
        self.model = queryset.model
        self.order = order
        self.root = _Node(self.model)
        self.keys: dict[str, str] = {}
        json_keys = set()
        for index, name in enumerate(names):
            key = f"f{index}"
            self.keys[name] = key
            node, model = self.root, self.model
            *relations, last = name.split("__")
            for relation_name in relations:
                relation = model._meta.get_field(relation_name)
                if relation_name not in node.related:
                    node.related[relation_name] = (relation, _Node(relation.related_model))
                node = node.related[relation_name][1]
                model = relation.related_model
            model_field = model._meta.get_field(last)
            node.fields.append((model_field, key))
            if isinstance(model_field, models.JSONField):
                json_keys.add(key)
        self.object = _Object(
            list(self.keys.values()), [models.F(name) for name in self.keys], frozenset(json_keys)
        )

    def annotation(self, *, group: str):
        """Every row, one JSON array (``[]`` without rows): ``group`` is the column the
        queryset is filtered on by its ``OuterRef`` (e.g. ``"client"``)."""
        array = (
            self.queryset.order_by()
            .values(group)
            .annotate(json_rows=_Array(self.object))
            .values("json_rows")
        )
        return Coalesce(Subquery(array), Value("[]"), output_field=TextField())

    def first(self):
        """The first row of the (ordered) queryset, one JSON object, or NULL."""
        return Subquery(self.queryset.values(json_row=_Text(self.object))[:1])

    def load(self, text: str | None, db: str = "default") -> list:
        if not text:
            return []
        rows = [self.root.build(data, db) for data in json.loads(text)]
        for name in reversed(self.order):
            path = name.lstrip("-").split("__")
            rows.sort(key=lambda row, p=path: _get(row, p), reverse=name[0] == "-")
        return rows

    def load_one(self, text: str | None, db: str = "default"):
        if not text:
            return None
        return self.root.build(json.loads(text), db)


def _get(instance, path: list[str]):
    for attribute in path:
        instance = getattr(instance, attribute)
    return instance


def set_prefetched(instance: models.Model, name: str, objects: list) -> None:
    """Make ``instance.<name>.all()`` return ``objects`` without a query, as
    ``prefetch_related`` does."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset
