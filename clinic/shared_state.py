"""Locks that hold across every app instance (rate limits: ``clinic.security.ratelimit``).

They live in Django's default cache: Redis when ``REDIS_URL`` is set (shared by
all gunicorn workers and machines), a per-process memory cache otherwise, which
is only right for development. Never keep such state in module globals: with
two workers, each would count on its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import BaseCache
from django.core.cache import cache as default_cache

PREFIX = "clinic:shared:"


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
