"""Reading ids and dates out of query strings and form values that anyone can tamper with."""

from __future__ import annotations

from datetime import date, datetime

# A bigint has at most 19 digits; anything longer is not an id of ours.
MAX_ID_DIGITS = 18


def parse_id(value: str | None) -> int | None:
    """The positive integer ``value`` spells in ASCII digits, else None.

    ``str.isdigit`` alone admits "²" and "٣" and 5,000-digit strings, on which
    ``int()`` raises or which no database column can hold.
    """
    if value and value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None


# Dates anyone can type into a URL or a hidden field. Years outside these overflow
# date arithmetic and time-zone conversion near year 1 and 9999 (a 500, not an answer);
# no clinic books, or looks at an agenda, outside them.
FIRST_YEAR = 1900
LAST_YEAR = 2999


def in_calendar(moment: date | datetime) -> bool:
    """Whether ``moment`` falls in the years the app works with (``FIRST_YEAR``–``LAST_YEAR``)."""
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def parse_day(value: str | None) -> date | None:
    """The ``YYYY-MM-DD`` date ``value`` spells, if it is a real day in the calendar, else None."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if in_calendar(day) else None
