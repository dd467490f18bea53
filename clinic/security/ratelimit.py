"""Fixed-window rate limits kept in Django's cache, so every process shares the counts.

With ``REDIS_URL`` set the cache is Redis and the limits hold across workers and
servers; with the default local-memory cache they hold per process only.

    limit = RateLimit("password_reset_email", count=3, seconds=3600)
    if not limit.allow(email):
        ...  # refuse with limit.message

Keys are hashed, so emails and addresses never appear in the cache in clear. Limits
per address count ``clinic.client_address.client_ip``, the address lock-outs use too.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache
from django.core.cache import cache as default_cache

from clinic.cache import CacheUnavailable

# Shown (with HTTP 503) when a risky action is refused because nothing can be counted.
UNAVAILABLE_MESSAGE = (
    "This is unavailable for a few minutes while part of our system restarts. "
    "Please try again shortly, or call the clinic."
)


@dataclass(frozen=True)
class RateLimit:
    scope: str
    count: int
    seconds: int

    @classmethod
    def from_settings(cls, scope: str) -> RateLimit:
        """Read ``"count/seconds"`` from ``settings.CLINIC_RATE_LIMITS[scope]``."""
        count, seconds = settings.CLINIC_RATE_LIMITS[scope].split("/")
        return cls(scope, int(count), int(seconds))

    def _key(self, value: str, now: float) -> str:
        digest = hashlib.sha256(f"{self.scope}:{value}".encode()).hexdigest()[:32]
        window = int(now // self.seconds)
        return f"ratelimit:{self.scope}:{digest}:{window}"

    def allow(
        self,
        value: str,
        *,
        now: float | None = None,
        cache: BaseCache | None = None,
        fail_open: bool = False,
    ) -> bool:
        """Count one hit for ``value``; False once it passes ``count`` in this window.

        With the shared cache unreachable, nothing can be counted: a limit on a risky
        action (the default) raises ``CacheUnavailable`` for the caller to refuse with
        ``UNAVAILABLE_MESSAGE``; one with ``fail_open=True`` (reads) lets it through.

        Windows are fixed, so a counter that somehow lost its expiry belongs to a window
        that is over and can never block anyone. ``add`` and ``incr`` are atomic in Redis:
        concurrent requests on different instances never lose a count.
        """
        cache = cache or default_cache
        try:
            return self._count(cache, value, now)
        except CacheUnavailable:
            if fail_open:
                return True
            raise

    def _count(self, cache: BaseCache, value: str, now: float | None) -> bool:
        key = self._key(value.strip().lower(), time.time() if now is None else now)
        # add() is atomic: only the first hit of a window creates the counter.
        if cache.add(key, 1, timeout=self.seconds + 1):
            return True
        try:
            hits = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=self.seconds + 1)
            hits = 1
        return hits <= self.count

    @property
    def message(self) -> str:
        minutes = max(1, round(self.seconds / 60))
        return (
            "Too many requests in a short time. For everyone's safety this is limited; "
            f"please try again in up to {minutes} minutes."
        )
