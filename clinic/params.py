"""Reading ids out of query strings and form values that anyone can tamper with."""

from __future__ import annotations

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
