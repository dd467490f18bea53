"""Which free-consultation times are open: pure functions, no database.

Inputs are plain values (weekly windows and dated exceptions in the clinic's
wall-clock time, busy intervals in UTC); outputs are aware UTC datetimes.

Slots lie on a grid per practitioner: each window's start, then every
length + buffer, as long as the consultation ends inside the window. The grid
is stepped in real (UTC) time, so a window that spans a daylight-saving change
holds exactly as many consultations as real hours allow, and a slot never
starts at a wall-clock time that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Interval = tuple[datetime, datetime]  # [start, end) in UTC


@dataclass(frozen=True)
class Rules:
    length: timedelta
    buffer: timedelta = timedelta(0)
    notice: timedelta = timedelta(0)
    horizon_days: int = 30


@dataclass(frozen=True)
class Window:
    """A weekly recurring window: ``weekday`` 0 = Monday, wall-clock times."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class Exception_:
    """A dated change: time off (``start is None`` = all day) or extra hours."""

    day: date
    extra: bool
    start: time | None = None
    end: time | None = None


def to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time. A time skipped by spring-forward maps to the
    instant it would have had on the old offset; an ambiguous fall-back time to its first
    occurrence (``fold=0``)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _interval(day: date, start: time, end: time, tz: ZoneInfo) -> Interval:
    return to_utc(day, start, tz), to_utc(day, end, tz)


def _subtract(windows: list[Interval], cut: Interval) -> list[Interval]:
    result = []
    for start, end in windows:
        if cut[1] <= start or cut[0] >= end:
            result.append((start, end))
            continue
        if start < cut[0]:
            result.append((start, cut[0]))
        if cut[1] < end:
            result.append((cut[1], end))
    return result


def day_windows(
    day: date, weekly: Iterable[Window], exceptions: Iterable[Exception_], tz: ZoneInfo
) -> list[Interval]:
    """The practitioner's open intervals on ``day`` (local date), in UTC, sorted."""
    windows = [_interval(day, w.start, w.end, tz) for w in weekly if w.weekday == day.weekday()]
    todays = [e for e in exceptions if e.day == day]
    for extra in (e for e in todays if e.extra):
        windows.append(_interval(day, extra.start, extra.end, tz))
    for off in (e for e in todays if not e.extra):
        if off.start is None:
            return []
        windows = _subtract(windows, _interval(day, off.start, off.end, tz))
    return sorted(windows)


def _clashes(start: datetime, end: datetime, busy: Sequence[Interval], buffer: timedelta) -> bool:
    return any(start < b_end + buffer and b_start < end + buffer for b_start, b_end in busy)


def bookable_range(now: datetime, rules: Rules, tz: ZoneInfo) -> tuple[datetime, date]:
    """Earliest bookable instant (UTC) and last bookable local date."""
    return now + rules.notice, now.astimezone(tz).date() + timedelta(days=rules.horizon_days)


def slots(
    *,
    weekly: Iterable[Window],
    exceptions: Iterable[Exception_],
    busy: Iterable[Interval],
    rules: Rules,
    now: datetime,
    tz: ZoneInfo,
    first_day: date,
    last_day: date,
) -> list[datetime]:
    """Open start times (UTC) for one practitioner on local dates first_day..last_day.

    A slot is open when it fits in a window, starts at least ``rules.notice`` after
    ``now``, falls on or before the horizon's last day, and keeps ``rules.buffer``
    clear of every busy interval (existing bookings).
    """
    weekly, exceptions = list(weekly), list(exceptions)
    busy = sorted(busy)
    earliest, last_bookable_day = bookable_range(now, rules, tz)
    step = rules.length + rules.buffer
    result: list[datetime] = []
    day = first_day
    while day <= min(last_day, last_bookable_day):
        for window_start, window_end in day_windows(day, weekly, exceptions, tz):
            # Only bookings near this window can clash with its slots.
            near = [
                (b_start, b_end)
                for b_start, b_end in busy
                if b_start < window_end + rules.buffer and window_start < b_end + rules.buffer
            ]
            start = window_start
            while start + rules.length <= window_end:
                end = start + rules.length
                if start >= earliest and not _clashes(start, end, near, rules.buffer):
                    result.append(start)
                start += step
        day += timedelta(days=1)
    return sorted(set(result))


def first_available(per_practitioner: dict[int, list[datetime]]) -> dict[datetime, list[int]]:
    """Merge practitioners' open times: each start with the practitioners free then, in the
    order given (the first is the one "first available" books)."""
    merged: dict[datetime, list[int]] = {}
    for practitioner_id, starts in per_practitioner.items():
        for start in starts:
            merged.setdefault(start, []).append(practitioner_id)
    return dict(sorted(merged.items()))


def group_by_day(starts: Iterable[datetime], tz: ZoneInfo) -> dict[date, list[datetime]]:
    """Start times grouped by their local date, both in order."""
    days: dict[date, list[datetime]] = {}
    for start in sorted(starts):
        days.setdefault(start.astimezone(tz).date(), []).append(start)
    return days


def nearest(starts: Iterable[datetime], target: datetime, count: int = 3) -> list[datetime]:
    """The ``count`` open times closest to ``target``, in time order."""
    closest = sorted(starts, key=lambda start: (abs(start - target), start))[:count]
    return sorted(closest)
