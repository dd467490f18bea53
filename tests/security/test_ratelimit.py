import pytest
from django.core import mail
from django.urls import reverse

from clinic.security.ratelimit import RateLimit


def test_a_fixed_window_allows_the_count_then_refuses_until_the_next_window():
    limit = RateLimit("test", count=3, seconds=60)
    now = 6000.0
    assert [limit.allow("a@example.org", now=now) for _ in range(4)] == [True, True, True, False]
    assert limit.allow("A@Example.org ", now=now + 30) is False  # same key, same window
    assert limit.allow("b@example.org", now=now) is True  # another key
    assert limit.allow("a@example.org", now=now + 60) is True  # next window


def test_scopes_do_not_share_counts():
    first, second = RateLimit("one", 1, 60), RateLimit("two", 1, 60)
    assert first.allow("x", now=0) and second.allow("x", now=0)
    assert not first.allow("x", now=0)


def test_limits_are_read_from_settings(settings):
    settings.CLINIC_RATE_LIMITS = {"thing": "7/120"}
    assert RateLimit.from_settings("thing") == RateLimit("thing", 7, 120)


def test_the_counter_lives_in_djangos_cache_so_every_process_sees_it():
    from django.core.cache import cache

    limit = RateLimit("shared", count=1, seconds=60)
    limit.allow("x", now=120)
    assert cache.get(limit._key("x", 120)) == 1


@pytest.mark.django_db
def test_password_reset_is_limited_per_email_with_a_clear_message(client, practitioner):
    for _ in range(3):
        client.post(
            reverse("password_reset"), {"email": practitioner.email}, REMOTE_ADDR="10.1.1.1"
        )
    assert len(mail.outbox) == 3
    response = client.post(
        reverse("password_reset"), {"email": practitioner.email.upper()}, REMOTE_ADDR="10.1.1.2"
    )
    assert response.status_code == 429
    assert "Too many requests in a short time" in response.content.decode()
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_reset_is_limited_per_address(client, settings):
    settings.CLINIC_RATE_LIMITS = {**settings.CLINIC_RATE_LIMITS, "password_reset_ip": "2/3600"}
    for number in range(2):
        response = client.post(reverse("password_reset"), {"email": f"n{number}@example.org"})
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": "n9@example.org"})
    assert response.status_code == 429
    response = client.post(
        reverse("password_reset"), {"email": "n9@example.org"}, REMOTE_ADDR="10.2.2.2"
    )
    assert response.status_code == 302
