"""Links for long lists, built from one ``reverse()`` instead of one per row."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

# Any number the URL patterns accept (they are <int:...>) and no URL prefix contains.
_PLACEHOLDER = "9876543210"


def pk_url(name: str, *args) -> Callable[[int], str]:
    """``pk -> reverse(name, args=[*args, pk])``, reversing once (the last argument varies)."""
    head, tail = reverse(name, args=[*args, _PLACEHOLDER]).rsplit(_PLACEHOLDER, 1)
    return lambda pk: f"{head}{pk}{tail}"
