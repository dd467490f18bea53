"""The visitor's network address: one answer for login lock-outs and every rate limit.

Without a proxy in front (``CLINIC_PROXY_COUNT=0``) it is the socket's peer,
``REMOTE_ADDR``. Behind ``CLINIC_PROXY_COUNT`` trusted proxies, each of which
appends the address it received the request from to ``X-Forwarded-For``, the
visitor is the entry that many places from the right: everything to its left
was sent by the visitor and may be forged, everything to its right was written
by our own proxies.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "unknown"


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def address_or_none(request: HttpRequest) -> str | None:
    """The visitor's address, or None when there is no readable one (a request built in
    code). Axes reads it (``AXES_CLIENT_IP_CALLABLE``): its column holds addresses only."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.CLINIC_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()
    ]
    if not forwarded:
        # Reached us without our proxy (a health probe on the host): the peer is the visitor.
        return remote
    # Fewer entries than proxies: every entry there was written by one of ours.
    chosen = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _valid(chosen) or remote


def client_ip(request: HttpRequest) -> str:
    """The address to count attempts against (``"unknown"`` when there is none); never
    raises, whatever the headers say."""
    return address_or_none(request) or UNKNOWN
