"""Links and lines for long lists, built from one ``reverse()`` instead of one per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.db.models import Count, Window
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlag

# Any number the URL patterns accept (they are <id:...>, up to 18 digits) and no URL
# prefix contains.
_PLACEHOLDER = "9876543210"
_OTHER_PLACEHOLDER = "8765432109"


def pk_url(name: str, *args) -> Callable[[int], str]:
    """``pk -> reverse(name, args=[*args, pk])``, reversing once (the last argument varies)."""
    head, tail = reverse(name, args=[*args, _PLACEHOLDER]).rsplit(_PLACEHOLDER, 1)
    return lambda pk: f"{head}{pk}{tail}"


# What a banner line reads: the flag, and its client's name (and pk, for the links).
BANNER_FIELDS = (
    "client_id",
    "answers",
    "raised_at",
    "acknowledged_at",
    "client__first_name",
    "client__last_name",
)


def red_flag_banner(user, *, limit: int | None = None, flags: list | None = None) -> dict:
    """Context for includes/red_flag_banner.html in one query: the open red flags ``user``
    may see, newest first, or the latest ``limit`` of them and how many more there are
    (a window count), with a link to the dashboard, which lists them all. ``flags``:
    every open flag the user may see (with ``BANNER_FIELDS``), already read."""
    if flags is not None:
        return _banner(list(flags), None)
    flags = RedFlag.objects.unresolved().visible_to(user).select_related("client")
    flags = flags.only(*BANNER_FIELDS)
    if limit is None:
        flags, total = list(flags), None
    else:
        flags = list(flags.annotate(open_total=Window(Count("id")))[:limit])
        total = flags[0].open_total if flags else 0
    return _banner(flags, total)


def _banner(flags: list, total: int | None) -> dict:
    return {
        "red_flags": red_flag_lines(flags),
        "more_red_flags": 0 if total is None else total - len(flags),
        "all_red_flags_url": reverse("dashboard") + "#red-flags",
    }


class RedFlagLine(NamedTuple):
    """One line of includes/red_flag_banner.html, formatted once."""

    client_name: str
    client_url: str
    resolve_url: str
    raised: str
    answers: str  # what was reported and when, in plain words (RedFlag.summary)
    acknowledged: bool


def red_flag_lines(flags) -> list[RedFlagLine]:
    """The banner's lines for open red flags (with ``client`` loaded): two links, a date
    and the answers per flag cost more in template filters and ``{% url %}`` tags than
    the rest of the dashboard's red-flag section."""
    client_url = pk_url("clients:client_detail")
    head, middle, tail = _two_placeholders("clients:red_flag_resolve")
    return [
        RedFlagLine(
            client_name=str(flag.client),
            client_url=client_url(flag.client_id),
            resolve_url=f"{head}{flag.client_id}{middle}{flag.pk}{tail}",
            raised=f"{timezone.localtime(flag.raised_at):%-d %b %Y}",  # dateformat's "j M Y"
            answers=flag.summary,
            acknowledged=flag.acknowledged_at is not None,
        )
        for flag in flags
    ]


def _two_placeholders(name: str) -> tuple[str, str, str]:
    url = reverse(name, args=[_PLACEHOLDER, _OTHER_PLACEHOLDER])
    head, rest = url.split(_PLACEHOLDER, 1)
    middle, tail = rest.split(_OTHER_PLACEHOLDER, 1)
    return head, middle, tail
