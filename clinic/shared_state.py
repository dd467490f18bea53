"""Rate limits and locks that hold across every app instance.

They live in Django's default cache: Redis when ``REDIS_URL`` is set (shared by
all gunicorn workers and machines), a per-process memory cache otherwise, which
is only right for development. Never keep such state in module globals: with
two workers, each would count on its own.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import BaseCache
from django.core.cache import cache as default_cache

PREFIX = "clinic:shared:"


def hit_rate_limit(
    scope: str, ident: str, *, limit: int, window: int, cache: BaseCache | None = None
) -> bool:
    """Count one attempt for ``ident`` in ``scope``; True once more than ``limit``
    attempts fell in the current window of ``window`` seconds.

    Windows are fixed (e.g. each UTC day for 86400), one counter per window, so a
    counter that somehow lost its expiry belongs to a window that is over and can
    never block anyone. ``add`` and ``incr`` are atomic in Redis: concurrent
    requests on different instances never lose a count. ``ident`` (an address, an
    email) is hashed, so the cache holds no personal data.
    """
    cache = cache or default_cache
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"{PREFIX}rate:{scope}:{digest}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: start it again
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit


class LockHeld(Exception):
    """Another process holds the lock."""


@contextmanager
def shared_lock(name: str, *, timeout: int, cache: BaseCache | None = None) -> Iterator[None]:
    """Run the block in at most one process at a time, across instances.

    Raises ``LockHeld`` when someone else has it. ``timeout`` (seconds) bounds how
    long a crashed holder can keep it; the block must finish well within it.
    """
    cache = cache or default_cache
    key = f"{PREFIX}lock:{name}"
    token = secrets.token_hex(16)
    if not cache.add(key, token, timeout=timeout):
        raise LockHeld(name)
    try:
        yield
    finally:
        # Release only our own lock: if it expired and someone else took it, keep theirs.
        if cache.get(key) == token:
            cache.delete(key)
