"""Reading the change history that django-simple-history keeps for clinical models.

Every clinical model declares ``history = HistoricalRecords()``; the request
middleware stamps each change with the logged-in user. ``history_entries``
turns those rows into "who changed what, when" for the practice pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import receiver
from django.utils import formats, timezone
from simple_history.signals import pre_create_historical_record

# django-simple-history's change_reason column.
REASON_MAX_LENGTH = 100


def bounded_reason(reason: str | None) -> str | None:
    """``reason`` cut to the column, with an ellipsis when something was cut."""
    if reason is None or len(reason) <= REASON_MAX_LENGTH:
        return reason
    return reason[: REASON_MAX_LENGTH - 1] + "…"


@receiver(pre_create_historical_record, dispatch_uid="clinic.history.bound_every_reason")
def bound_every_reason(sender, history_instance, **kwargs) -> None:
    """Every history row's reason fits its ``varchar(100)``, however it was set.

    PostgreSQL refuses a longer value (a 500 on the save); SQLite stores it, so only
    tests on PostgreSQL would see the bug. ``record_change`` is not the only way a
    reason arrives (``_change_reason`` set directly, ``update_change_reason``-style
    helpers, the admin): bounding it here covers them all.
    """
    history_instance.history_change_reason = bounded_reason(history_instance.history_change_reason)


def record_change(obj: models.Model, *, by, reason: str | None = None) -> None:
    """Say who makes the next save of ``obj``, and why, for its history row.

    The one way services record the audit user: ``by`` is the acting user, or None
    when nobody is logged in (an online booking); ``reason`` is shown beside the
    change on the history pages.
    """
    obj._history_user = by
    if reason is not None:
        obj._change_reason = bounded_reason(reason)


def scrub_admin_log(model: type[models.Model], ids, text: str) -> None:
    """Replace the name the admin's change log kept for these objects (``object_repr``),
    for the right to erasure."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr=text)


HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Bookkeeping columns that say nothing a practitioner needs to read.
IGNORED_FIELDS = frozenset({"id", "version", "updated_at", "created_at"})


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(record, field_name: str) -> str:
    field_obj = record._meta.get_field(field_name)
    value = getattr(record, field_obj.attname)
    if value in (None, ""):
        return "—"
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    # As people read them (in the clinic's time zone), not Python's str().
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def history_entries(obj: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest-first entries for ``obj``: one per saved change, with field diffs.

    Costs one query (history rows with their users) however long the history.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in IGNORED_FIELDS:
                    continue
                field_obj = record._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=str(field_obj.verbose_name).capitalize(),
                        old=_display(previous, change.field),
                        new=_display(record, change.field),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(user) if user else "System",
                action=HISTORY_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
