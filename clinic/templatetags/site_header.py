"""``{% site_header %}``: the header and navigation of every page, rendered once per
process for each set of what it shows.

The header (``templates/includes/site_header.html``) depends only on the signed-in
user's id, name, email and role, on ``locked`` (a device handed over to a client), on
the clinic's name and the navigation's URLs, and on the CSRF token of the logout form.
The first four (and the language) are the key of a small per-process memo; the token
differs on every request (a freshly masked one), so the header is rendered once with a
placeholder and the request's token is put in its place. The empty practice page
spent about a third of its template time here (docs/benchmarks.md, round 5).

A name or email kept here is gone within ``KEEP_SECONDS`` after it last served (and at
once in the process that changed or erased it): nobody can be served an old one,
since the key holds them, but a memo must not keep personal data longer than that.
With DEBUG on (a developer editing the templates) nothing is kept.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict

from django import template
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from clinic.context_processors import nav_urls

register = template.Library()

TEMPLATE = "includes/site_header.html"
# A placeholder no page text can contain by chance (a masked CSRF token is 64 letters
# and digits); new in every process.
_TOKEN = f"csrf-{secrets.token_hex(16)}"
_KEPT = 2000  # headers kept per process; the least recently used go first
KEEP_SECONDS = 600

_headers: OrderedDict[tuple, tuple[str, float]] = OrderedDict()  # key: (html, last served)
_lock = threading.Lock()  # (threaded servers: runserver, gthread workers)


def _key(user, locked: bool) -> tuple:
    signed_in = bool(getattr(user, "is_authenticated", False))
    who = (user.pk, user.first_name, user.email, user.role, user.is_active) if signed_in else None
    return (who, locked, settings.CLINIC_NAME, get_script_prefix(), get_language())


def _forget_old(now: float) -> None:
    """Drop the entries not served for ``KEEP_SECONDS`` (the oldest are first)."""
    while _headers:
        key, (_html, served) = next(iter(_headers.items()))
        if now - served < KEEP_SECONDS:
            return
        del _headers[key]


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="site_header.user_saved")
@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="site_header.user_gone")
def forget_user(sender, instance, **kwargs) -> None:
    """A user changed, anonymised or deleted: their old name and email go at once."""
    with _lock:
        for key in [key for key in _headers if key[0] is not None and key[0][0] == instance.pk]:
            del _headers[key]


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    user = context.get("user")
    locked = bool(context.get("locked"))
    key = _key(user, locked)
    now = time.monotonic()
    with _lock:
        _forget_old(now)
        found = _headers.get(key)
        if found is not None:
            _headers[key] = (found[0], now)
            _headers.move_to_end(key)
    html = found[0] if found is not None else None
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
        if not settings.DEBUG:
            with _lock:
                _headers[key] = (html, now)
                if len(_headers) > _KEPT:
                    _headers.popitem(last=False)
    if _TOKEN not in html:
        return mark_safe(html)  # noqa: S308  # nosec B703 B308 - the template engine escaped it
    token = str(context.get("csrf_token", ""))  # letters and digits only
    return mark_safe(html.replace(_TOKEN, token))  # noqa: S308  # nosec B703 B308
