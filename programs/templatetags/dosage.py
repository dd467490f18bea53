"""How long a prescription takes, for the builder: per exercise and per phase, per day.

The estimate is ``Dosage.seconds_per_day``; these tags put it in minutes, so a dosage
typed too high (4 sets of a minute-long hold, 4 times a day, each side) shows as the
40 minutes a day it would cost the client.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from django import template

from programs.models.dosage import LONG_DAY_MINUTES, LONG_EXERCISE_MINUTES

register = template.Library()


def _minutes(seconds: int) -> int:
    """Whole minutes, rounded up: a 20-second exercise still takes "about 1 minute"."""
    return math.ceil(seconds / 60)


@register.simple_tag
def item_minutes(item) -> dict:
    """``{% item_minutes item as load %}``: one exercise's minutes a day on a day it is
    due (``load.minutes``), and whether that is more than ``LONG_EXERCISE_MINUTES``."""
    minutes = _minutes(item.seconds_per_day)
    return {
        "minutes": minutes,
        "too_long": minutes > LONG_EXERCISE_MINUTES,
        "limit": LONG_EXERCISE_MINUTES,
    }


@register.simple_tag
def phase_minutes(items: Iterable) -> dict:
    """``{% phase_minutes items as load %}``: the minutes a day of a phase's exercises
    when all are due (``load.minutes``) and whether that is more than
    ``LONG_DAY_MINUTES`` (``load.too_long``, with ``load.limit``)."""
    minutes = _minutes(sum(item.seconds_per_day for item in items))
    return {"minutes": minutes, "too_long": minutes > LONG_DAY_MINUTES, "limit": LONG_DAY_MINUTES}
