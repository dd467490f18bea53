"""Shared state across instances: rate limits and locks in the cache (sessions are in
the database: tests/clinic/test_redis_outage.py).

The Redis tests run against the local Redis server (``TEST_REDIS_URL``, default
DB 7); they skip when no Redis answers, except under ``CI=true`` where they must run.
"""

import os
import uuid

import pytest
import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse

from clinic.security.ratelimit import RateLimit
from clinic.shared_state import LockHeld, shared_lock

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture
def redis_config():
    """Cache settings for the local Redis, under a key prefix of this test's own."""
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis must run under CI: {exc}")
        pytest.skip(f"no Redis server at {TEST_REDIS_URL}: {exc}")
    prefix = f"clinic-test-{uuid.uuid4().hex}"
    config = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": TEST_REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    yield config
    client = redis.Redis.from_url(TEST_REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _instance(config):
    """A cache client of its own, as a second gunicorn instance would have."""
    return RedisCache(config["LOCATION"], {"KEY_PREFIX": config["KEY_PREFIX"]})


def test_a_rate_limit_counted_on_one_instance_holds_on_another(redis_config):
    first, second = _instance(redis_config), _instance(redis_config)
    limit = RateLimit("booking", count=3, seconds=60)
    allowed = [limit.allow("203.0.113.9", cache=c) for c in (first, second, first)]
    assert allowed == [True, True, True]
    assert limit.allow("203.0.113.9", cache=second) is False
    # Another address has its own counter.
    assert limit.allow("198.51.100.7", cache=second) is True


def test_a_lock_taken_on_one_instance_keeps_the_other_out_until_released(redis_config):
    first, second = _instance(redis_config), _instance(redis_config)
    with shared_lock("send_reminders", timeout=60, cache=first):
        with pytest.raises(LockHeld), shared_lock("send_reminders", timeout=60, cache=second):
            pytest.fail("the second instance got a lock the first one holds")
    with shared_lock("send_reminders", timeout=60, cache=second):
        pass


def test_rate_limits_count_per_key_in_the_local_cache():
    cache = LocMemCache("rate-limit-test", {})
    limit = RateLimit("login", count=2, seconds=60)
    assert [limit.allow("a@example.org", cache=cache) for _ in range(3)] == [True, True, False]
    assert limit.allow("b@example.org", cache=cache) is True


def test_a_lock_is_released_when_its_block_fails():
    cache = LocMemCache("lock-test", {})
    with pytest.raises(ZeroDivisionError), shared_lock("job", timeout=60, cache=cache):
        1 / 0  # noqa: B018
    with shared_lock("job", timeout=60, cache=cache):
        pass


def test_a_rate_limit_starts_again_in_the_next_window():
    cache = LocMemCache("rate-window-test", {})
    day = 86400
    limit = RateLimit("booking", count=1, seconds=day)
    allowed = [limit.allow("a@example.org", cache=cache, now=100 * day + 10)]
    allowed += [limit.allow("a@example.org", cache=cache, now=100 * day + 20)]
    allowed += [limit.allow("a@example.org", cache=cache, now=101 * day + 10)]
    assert allowed == [True, False, True]


def test_rate_limit_keys_hold_no_personal_data(redis_config):
    cache = _instance(redis_config)
    RateLimit("booking", count=3, seconds=60).allow("alice@example.org", cache=cache)
    server = redis.Redis.from_url(TEST_REDIS_URL)
    keys = [key.decode() for key in server.scan_iter(f"{redis_config['KEY_PREFIX']}:*")]
    assert len(keys) == 1
    assert "alice" not in keys[0]


@pytest.mark.django_db
def test_a_booking_made_through_another_instance_drops_the_cached_open_times(
    redis_config, client, practitioner, django_assert_num_queries, monkeypatch
):
    from clients.booking import open_times
    from tests.clients.booking.booking_support import make_bookable

    monkeypatch.setattr(open_times, "_minute", lambda: "202611221200")  # one minute
    make_bookable(practitioner)
    with override_settings(CACHES={"default": redis_config}):
        client.get(reverse("clients:book"))
        with django_assert_num_queries(0):  # the times come from Redis
            client.get(reverse("clients:book"))
        # The other instance saved a booking: its signal replaced the shared stamp.
        _instance(redis_config).set(open_times.STAMP_KEY, "set-by-the-other-instance", None)
        with django_assert_num_queries(6):  # computed afresh (BOOK_QUERIES)
            client.get(reverse("clients:book"))
