"""Redis refused or hanging (issue 21 point 6): pages keep working, risky actions
refuse with a clear message, /health/ says what is down, and no request waits long.

The audit: with Redis refused, /book/, the login POST, the reset POST and every
signed-in page answered 500; with Redis hanging, 500 after 5 s.
"""

import json
import os
import socket
import time

import pytest
import redis
from django.core import mail
from django.urls import reverse

from clients.models import Consultation
from clinic.cache import CacheUnavailable, ResilientRedisCache
from clinic.security.ratelimit import UNAVAILABLE_MESSAGE, RateLimit
from tests.clients.booking.booking_support import make_bookable, open_slots
from tests.clients.booking.test_booking_pages import form_data
from tests.factories import TEST_PASSWORD

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def _use_redis_at(settings, url):
    settings.CACHES = {"default": {"BACKEND": "clinic.cache.ResilientRedisCache", "LOCATION": url}}


@pytest.fixture
def refused(settings):
    """Nothing listens on port 1: every connection is refused at once."""
    _use_redis_at(settings, "redis://127.0.0.1:1/0")


@pytest.fixture
def hanging(settings):
    """A server that accepts connections (the kernel's backlog) and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    _use_redis_at(settings, f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    yield
    server.close()


def _walk_the_site(client, practitioner):
    """What the audit tried, with what each answers now."""
    bookable = make_bookable(practitioner)
    book = client.get(reverse("clients:book"))
    assert book.status_code == 200 and "Book a free consultation" in book.content.decode()

    response = client.post(reverse("login"), {"username": practitioner.email, "password": "x"})
    assert response.status_code == 200  # the wrong password is counted (axes: database)
    response = client.post(
        reverse("login"), {"username": practitioner.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200  # the session: database
    client.logout()

    response = client.post(reverse("password_reset"), {"email": practitioner.email})
    assert response.status_code == 503
    assert UNAVAILABLE_MESSAGE in response.content.decode()
    assert mail.outbox == []

    response = client.post(
        reverse("clients:book_details"), form_data(open_slots(bookable.pk)[0], bookable.pk)
    )
    assert response.status_code == 503
    assert UNAVAILABLE_MESSAGE in response.content.decode()
    assert not Consultation.objects.exists()

    health = client.get(reverse("health"))
    assert health.status_code == 200
    assert json.loads(health.content) == {"database": "ok", "cache": "down"}


@pytest.mark.django_db
def test_with_redis_refused_the_site_runs_degraded_without_a_500(client, practitioner, refused):
    _walk_the_site(client, practitioner)


@pytest.mark.django_db
def test_with_redis_hanging_no_request_waits_for_it(client, practitioner, hanging):
    started = time.monotonic()
    _walk_the_site(client, practitioner)
    # Ten requests; one 0.25 s timeout opens the breaker for the rest (was 5 s each).
    assert time.monotonic() - started < 3


def test_the_breaker_keeps_a_hanging_redis_from_costing_every_call(hanging):
    from django.core.cache import caches

    cache = caches["default"]
    started = time.monotonic()
    assert [cache.get(f"k{n}", "miss") for n in range(50)] == ["miss"] * 50
    assert time.monotonic() - started < 1  # one 0.25 s timeout, then no more tries
    assert cache.is_down


def test_counts_refuse_risky_actions_and_let_reads_through_while_redis_is_down(refused):
    limit = RateLimit("anything", count=5, seconds=60)
    with pytest.raises(CacheUnavailable):
        limit.allow("x")
    assert limit.allow("x", fail_open=True) is True


@pytest.mark.django_db
def test_health_says_both_are_up_with_a_working_redis(client, settings):
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis must run under CI: {exc}")
        pytest.skip(f"no Redis server at {TEST_REDIS_URL}: {exc}")
    _use_redis_at(settings, TEST_REDIS_URL)
    response = client.get(reverse("health"))
    assert (response.status_code, json.loads(response.content)) == (
        200,
        {"database": "ok", "cache": "ok"},
    )


@pytest.mark.django_db
def test_health_without_redis_configured_reports_a_local_cache(client):
    assert json.loads(client.get(reverse("health")).content) == {
        "database": "ok",
        "cache": "local",
    }


def test_the_timeouts_are_short_and_redis_is_not_retried():
    cache = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"timeout_seconds": 0.1}})
    options = cache._cache._pool_options
    assert (options["socket_timeout"], options["socket_connect_timeout"]) == (0.1, 0.1)
    assert options["retry_on_timeout"] is False
