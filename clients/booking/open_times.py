"""The public /book/ page's open times, cached for a minute at most and dropped on any change.

/book/ is public and the same for every visitor: no personal data, no clinical data.
Computing a week of open times for every practitioner (``booking.load_availability``
and ``scheduling.slots``) and rendering a few hundred of them is nearly all of its
cost, so the rendered times are kept in the shared cache:

- per local minute, week and practitioner choice, so no entry outlives the minute
  whose "now" it was computed with (the minimum notice moves with the clock);
- under a stamp that every save or delete of what the times depend on replaces
  (bookings, weekly hours, exceptions, booking settings, practitioners): the next
  request after a change computes afresh. The stamp is replaced at once and again
  when the transaction commits, so a request that read the old rows in between
  cannot leave them under the new stamp.

Booking never trusts this page: ``book_consultation`` re-checks the time inside its
transaction and the database refuses overlaps, so a time shown a moment before
someone else took it ends on the "just taken" page with alternatives, as it would
without the cache. Without ``REDIS_URL`` the cache is per process: a change made
through one worker reaches the others' pages within the minute.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from clinic.cache import CacheUnavailable

STAMP_KEY = "clients:open-times:stamp"


def _minute() -> str:
    return timezone.localtime().strftime("%Y%m%d%H%M")


def _key(first_day: date, choice: str) -> str:
    return f"clients:open-times:{_minute()}:{first_day.isoformat()}:{choice}"


def cached(first_day: date, choice: str, render: Callable[[], tuple[str, str]]) -> str:
    """The rendered open times for ``first_day``'s week and ``choice`` ("any" or a
    practitioner's id), from the cache or from ``render()``.

    ``render`` returns (the HTML, the choice it actually showed): a choice that is not
    a bookable practitioner falls back to "any", and is never stored under its own
    key (so made-up ids cannot fill the cache).
    """
    seconds = settings.BOOKING_OPEN_TIMES_CACHE_SECONDS
    if not seconds:
        return render()[0]
    key = _key(first_day, choice)
    found = cache.get_many([STAMP_KEY, key])  # one round trip
    stamp = found.get(STAMP_KEY)
    entry = found.get(key)
    if stamp is not None and entry is not None and entry[0] == stamp:
        return entry[1]
    if stamp is None:
        try:
            cache.add(STAMP_KEY, uuid4().hex, None)
        except CacheUnavailable:  # Redis away: serve the times fresh, cache nothing
            return render()[0]
        stamp = cache.get(STAMP_KEY)
    html, shown = render()
    cache.set(_key(first_day, shown), (stamp, html), seconds)
    return html


def _replace_stamp() -> None:
    cache.set(STAMP_KEY, uuid4().hex, None)


def invalidate(sender=None, instance=None, update_fields=None, **kwargs) -> None:
    """Signal receiver: what the open times depend on changed."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login, not a change of who can be booked
    _replace_stamp()
    transaction.on_commit(_replace_stamp)


def connect_signals() -> None:
    """Called from ``ClientsConfig.ready``. Signals, not the services, because the
    admin and the practice pages change these rows too, and a missed change would
    show a taken time (for up to a minute)."""
    from django.contrib.auth import get_user_model

    from clients.models import (
        AvailabilityException,
        BookingSettings,
        Consultation,
        PractitionerProfile,
        WeeklyHours,
    )

    models = (
        Consultation,
        WeeklyHours,
        AvailabilityException,
        BookingSettings,
        PractitionerProfile,  # shown beside each name on /book/
    )
    for model in models:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"open-times-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"open-times-d-{model.__name__}")
    user = get_user_model()
    post_save.connect(invalidate, sender=user, dispatch_uid="open-times-user")
    post_delete.connect(invalidate, sender=user, dispatch_uid="open-times-d-user")
