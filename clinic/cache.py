"""Redis as a cache the site can live without.

With Redis refused or hanging, every request used to wait for it (5 s) and then
answer 500. ``ResilientRedisCache`` is Django's ``RedisCache`` with:

* short socket timeouts (``CLINIC_REDIS_TIMEOUT_SECONDS``, 0.25 s) and no retries;
* a circuit breaker: after one failure this process leaves Redis alone for
  ``BREAKER_SECONDS``, so a hanging server costs one short wait, not one per call;
* a degraded mode while Redis is away: reads miss, writes are dropped (what the
  cache holds can always be rebuilt), and the two operations that coordinate
  processes, ``add`` and ``incr`` (rate limits, locks), raise ``CacheUnavailable``
  so each caller decides: rate limits on risky actions refuse, reads go on.

Sessions never depend on it (they live in the database), and ``/health/`` says
whether it is up.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("clinic.cache")

BREAKER_SECONDS = 10.0


class CacheUnavailable(Exception):
    """The shared cache cannot be reached, so a count or a lock cannot be trusted."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        timeout = float(options.pop("timeout_seconds", 0.25))
        options.setdefault("socket_timeout", timeout)
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("retry_on_timeout", False)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def ping(self) -> bool:
        """Whether Redis answers now (for /health/); resets the breaker when it does."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError:
            self._trip("ping")
            return False
        self._down_until = 0.0
        return True

    def _trip(self, operation: str) -> None:
        if not self.is_down:
            logger.warning(
                "Redis unreachable during %s; running without it for %d s",
                operation,
                BREAKER_SECONDS,
            )
        self._down_until = time.monotonic() + BREAKER_SECONDS

    def _call(self, operation: str, fallback, *args, **kwargs):
        if self.is_down:
            return fallback()
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError:
            self._trip(operation)
            return fallback()

    # Reads miss and writes are dropped while Redis is away.
    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._call("clear", lambda: False)

    # Counts and locks: the caller must know they did not happen.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", _unavailable, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", _unavailable, key, delta, version)


def _unavailable():
    raise CacheUnavailable("The shared cache (Redis) is not reachable just now.")


def cache_status(cache) -> str:
    """ "ok", "down", or "local" (a per-process memory cache: nothing to reach)."""
    if isinstance(cache, ResilientRedisCache):
        return "ok" if cache.ping() else "down"
    if isinstance(cache, RedisCache):
        try:
            cache._cache.get_client(write=True).ping()
        except RedisError:
            return "down"
        return "ok"
    return "local"
