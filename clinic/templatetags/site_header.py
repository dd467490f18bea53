"""``{% site_header %}``: the header and navigation of every page, rendered once per
process for each set of what it shows.

The header (``templates/includes/site_header.html``) depends only on the signed-in
user's id, name, email and role, on ``locked`` (a device handed over to a client), on
the clinic's name and the navigation's URLs, and on the CSRF token of the logout form.
The first four are the key of a small per-process memo; the token differs on every
request (a freshly masked one), so the header is rendered once with a placeholder and
the request's token is put in its place. The empty practice page spent about a third
of its template time here (docs/benchmarks.md, round 5).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from clinic.context_processors import nav_urls

register = template.Library()

TEMPLATE = "includes/site_header.html"
# No masked CSRF token looks like this (they are 64 letters and digits).
_TOKEN = "csrf-token-of-this-request"  # noqa: S105  # nosec B105 - a placeholder
_KEPT = 2000  # headers kept per process; the least recently used go first

_headers: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()  # (threaded servers: runserver, gthread workers)


def _key(user, locked: bool) -> tuple:
    signed_in = bool(getattr(user, "is_authenticated", False))
    who = (user.pk, user.first_name, user.email, user.role, user.is_active) if signed_in else None
    return (who, locked, settings.CLINIC_NAME, get_script_prefix())


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    user = context.get("user")
    locked = bool(context.get("locked"))
    key = _key(user, locked)
    with _lock:
        html = _headers.get(key)
        if html is not None:
            _headers.move_to_end(key)
    if html is None:
        html = get_template(TEMPLATE).render(
            {
                "user": user,
                "locked": locked,
                # From their sources, not the context: a template rendered without
                # the context processors must not leave a header without links.
                "nav": nav_urls(get_script_prefix()),
                "CLINIC_NAME": settings.CLINIC_NAME,
                "csrf_token": _TOKEN,
            }
        )
        with _lock:
            _headers[key] = html
            if len(_headers) > _KEPT:
                _headers.popitem(last=False)
    if _TOKEN not in html:
        return mark_safe(html)  # noqa: S308  # nosec B703 B308 - the template engine escaped it
    token = str(context.get("csrf_token", ""))  # letters and digits only
    return mark_safe(html.replace(_TOKEN, token))  # noqa: S308  # nosec B703 B308
