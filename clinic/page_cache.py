"""Rendered pages kept per person, dropped by every committed write.

The heavy read-only pages (the dashboard, a client's page, a program, the lists, the
portal's Today) cost tens of milliseconds to build and are asked for again and again
between changes. ``@cached_page`` keeps a page's HTML and serves it again while nothing
in the database has changed:

- **Who may see it.** The key holds the signed-in user's id and whether they passed
  two-factor, with the full path and query string and the language. Nobody is ever
  served a page rendered for someone else; anonymous requests are never cached.
- **A stamp that every write replaces** (``clinic.db.page_stamp``): each transaction
  that writes gives the stamp a new value in that same transaction, just before it
  commits. A request reads the stamp with its session, before its view reads
  anything; so a page is stored under a stamp no newer than its data, and the request
  after a change never finds a page from before it.
- **The minute.** Pages show "today", "due in 3 days", the next appointment: the key
  holds the local minute, and an entry lives to the end of its minute at most
  (``CLINIC_PAGE_CACHE_SECONDS``, 0 turns the cache off).
- **Fresh on every response:** the CSRF tokens and the one-time form keys
  (``clinic.once``) are found when the page is rendered and replaced with new ones each
  time it is served, so a form from a cached page works and a double tap is still
  caught per page view.
- **In this process only** (the ``pages`` cache, local memory with a bounded number of
  entries): rendered clinical pages never go to Redis, and a new process (a deploy)
  never serves a page rendered by the old code.

Only ``GET`` responses of 200 with HTML, no other header, no cookie and no CSP nonce
are stored; a request with messages waiting, an htmx request or a long query string is
always rendered. Outer decorators (sign-in, role, ``csp_update``) and every middleware
still run on a hit: put ``@cached_page`` innermost, on views whose output depends only
on the database, the user, the minute and the URL (``docs/architecture.md``, "Fast
pages").
"""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import router
from django.http import HttpResponse

# Django's own unmasking of a CSRF token (private, stable since 4.1; pinned with
# Django 5.2 LTS): how a rendered page's tokens are told from other 64-letter strings.
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.translation import get_language

from clinic.db.page_stamp import read_stamp

__all__ = ["cached_page", "note_once_key", "render_stamp"]

CACHE_ALIAS = "pages"  # per process, in memory: rendered pages never go to Redis
KEY_PREFIX = "clinic:page:"
MAX_QUERY = 512  # longer query strings are rendered, never stored
MAX_PAGE = 512 * 1024  # characters; bigger pages are rendered, never stored
# A masked CSRF token: 64 letters and digits (django.middleware.csrf).
_TOKEN_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def current_stamp(request) -> str | None:
    """The stamp read with the request's session (no query of its own), or read now;
    None when there is none (nothing is cached then)."""
    session = getattr(request, "session", None)
    joined = getattr(session, "joined_page_stamp", None)
    if joined is not None:
        found, stamp = joined()
        if found:
            return stamp
    from clinic.models import PageStamp

    return read_stamp(router.db_for_read(PageStamp))


# ---------------------------------------------------------------- while a page renders


@dataclass
class _Rendering:
    stamp: str
    once_keys: list[str]


_RENDERING: ContextVar[_Rendering | None] = ContextVar("clinic_page_rendering", default=None)


def note_once_key(key: str) -> None:
    """Called by ``clinic.once.new_key``: a page being cached must renew this key."""
    rendering = _RENDERING.get()
    if rendering is not None:
        rendering.once_keys.append(key)


def render_stamp() -> str | None:
    """The stamp of the page being rendered for the cache, None otherwise.

    A value kept in Django's cache (e.g. the current consent version) may be older than
    the stamp: a page being cached uses such a value only if it was stored under the
    same stamp (``clients.consent.services._cached``), or reads the database.
    """
    rendering = _RENDERING.get()
    return rendering.stamp if rendering is not None else None


@contextmanager
def _rendering(stamp: str):
    rendering = _Rendering(stamp, [])
    token = _RENDERING.set(rendering)
    try:
        yield rendering
    finally:
        _RENDERING.reset(token)


# ---------------------------------------------------------------- the entries

CSRF = -1  # a slot for the request's CSRF token; slots >= 0 are one-time keys


@dataclass(frozen=True)
class Entry:
    """A rendered page, cut where its per-response values go: ``texts[0]``, then for
    each slot its value and the next text. A slot is ``CSRF`` or the number of a
    one-time key (a key used twice in the page gets the same new value twice)."""

    texts: tuple[str, ...]  # len(slots) + 1
    slots: tuple[int, ...]
    once_keys: int
    content_type: str

    @classmethod
    def from_page(cls, html: str, *, csrf_secret: str | None, once_keys: list[str], content_type):
        keys = list(dict.fromkeys(once_keys))
        spans: list[tuple[int, int, int]] = []
        for number, key in enumerate(keys):  # 32 random hex digits: found only where put
            spans.extend((m.start(), m.end(), number) for m in re.finditer(re.escape(key), html))
        if csrf_secret:
            spans.extend(
                (m.start(), m.end(), CSRF)
                for m in _TOKEN_LIKE.finditer(html)
                if _unmask_cipher_token(m[0]) == csrf_secret
            )
        spans.sort()
        texts, slots, at = [], [], 0
        for start, end, slot in spans:
            if start < at:  # overlapping matches cannot happen; never cut a value twice
                continue
            texts.append(html[at:start])
            slots.append(slot)
            at = end
        texts.append(html[at:])
        return cls(tuple(texts), tuple(slots), len(keys), content_type)

    def response(self, request) -> HttpResponse:
        from clinic.once import new_key

        fresh = [new_key() for _ in range(self.once_keys)]
        token = get_token(request) if CSRF in self.slots else ""
        pieces = [self.texts[0]]
        for slot, text in zip(self.slots, self.texts[1:], strict=True):
            pieces.append(token if slot == CSRF else fresh[slot])
            pieces.append(text)
        return HttpResponse("".join(pieces), content_type=self.content_type)


def _minute() -> str:
    return timezone.localtime().strftime("%Y%m%d%H%M")


def _seconds_left_in_minute() -> int:
    return 60 - timezone.localtime().second


def _key(request, stamp: str) -> str:
    user = request.user
    verified = user.is_verified() if hasattr(user, "is_verified") else False
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}{stamp}:{_minute()}:{user.pk}:{int(verified)}:{get_language()}:{path}"


def _may_use(request) -> bool:
    if not settings.CLINIC_PAGE_CACHE_SECONDS or request.method != "GET":
        return False
    if not request.user.is_authenticated or "HX-Request" in request.headers:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
        return False
    # Messages waiting are shown once, by a page rendered for them (counting them
    # does not mark them read).
    return not len(get_messages(request))


def _storable(request, response) -> bool:
    """A plain 200 HTML page with no header but its type (a header a view adds would
    be lost on the cached copy), no cookie and no CSP nonce."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and {name.lower() for name in response.headers} == {"content-type"}
        and response["Content-Type"].startswith("text/html")
        and len(response.content) <= MAX_PAGE
        and getattr(request, "_csp_nonce", None) is None
    )


def cached_page(view):
    """Serve the view's page from the cache while the database has not changed (above)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _may_use(request):
            return view(request, *args, **kwargs)
        stamp = current_stamp(request)
        if stamp is None:
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = _key(request, stamp)
        entry = cache.get(key)
        if entry is not None:
            return entry.response(request)
        with _rendering(stamp) as rendering:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        if _storable(request, response):
            entry = Entry.from_page(
                response.content.decode(response.charset),
                csrf_secret=request.META.get("CSRF_COOKIE"),
                once_keys=rendering.once_keys,
                content_type=response["Content-Type"],
            )
            seconds = min(settings.CLINIC_PAGE_CACHE_SECONDS, _seconds_left_in_minute())
            cache.set(key, entry, seconds)
        return response

    wrapper.page_cached = True  # (outer decorators' functools.wraps carry it up)
    return wrapper
