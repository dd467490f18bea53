"""The client page's timeline: everything about a client, newest first.

Each kind of record contributes through a provider ``f(client) -> list[TimelineEntry]``
that runs a fixed number of queries (one, usually) however much history there is.
``clients`` registers its own providers below; ``programs`` (above ``clients``)
registers its one from ``ProgramsConfig.ready()`` with ``register_provider``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import formats, timezone

_providers: list = []
_annotations: list = []


@dataclass
class TimelineEntry:
    when: datetime
    kind: str  # short label: "Assessment", "Note", "Consultation", "Program", "Red flag"
    title: str
    url: str = ""
    detail: str = ""
    # Bootstrap contextual colour for the badge: "primary", "danger", ...
    tone: str = "secondary"
    # Orders entries of the same ``when`` (two assessments on one day): newest first.
    created: datetime | None = None

    # For the template, formatted once here rather than by two filters per entry.
    @property
    def iso(self) -> str:
        """For ``<time datetime>``: local time to the second for a datetime (HTML allows at
        most three digits of a second's fraction), the date itself for a date."""
        moment = self._local()
        if isinstance(moment, datetime):
            return moment.isoformat(timespec="seconds")
        return moment.isoformat()

    @property
    def day(self) -> str:
        return formats.date_format(self._local(), "j M Y")

    def _local(self) -> date | datetime:
        return timezone.localtime(self.when) if isinstance(self.when, datetime) else self.when


def as_datetime(value: date | datetime) -> datetime:
    """Dates sort among datetimes as the start of that day in the clinic's time zone."""
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _newest_first(entry: TimelineEntry) -> tuple[datetime, datetime]:
    moment = as_datetime(entry.when)
    return moment, entry.created or moment


def register_provider(provider, annotations=None) -> None:
    """Add ``provider(client) -> list[TimelineEntry]``; registering it again changes nothing.

    ``annotations() -> dict``, if given, are annotations for the client's query with
    which the provider reads its rows from the client row instead of a query of its own
    (``clinic.json_rows``): the client page loads the client with ``annotations()``."""
    if provider not in _providers:
        _providers.append(provider)
    if annotations is not None and annotations not in _annotations:
        _annotations.append(annotations)


def annotations() -> dict:
    """Every provider's annotations for the client's query (see ``register_provider``)."""
    found: dict = {}
    for annotate in _annotations:
        found.update(annotate())
    return found


def providers() -> list:
    return list(_providers)


def timeline_for(client) -> list[TimelineEntry]:
    """Every entry, newest first. The client page shows the latest few and links to
    the full timeline page (clients:client_timeline), which pages through them all."""
    entries: list[TimelineEntry] = []
    for provider in _providers:
        entries.extend(provider(client))
    entries.sort(key=_newest_first, reverse=True)
    return entries
