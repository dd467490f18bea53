"""One way to read the visitor's address, trusted proxies counted from the right
(clinic/client_address.py), used by the login lock-out and every rate limit."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from clinic.client_address import client_ip
from tests.factories import TEST_PASSWORD


def _request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.5", None, "203.0.113.5"),
        (0, "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # no proxy: the header is ignored
        (1, "127.0.0.1", "198.51.100.7", "198.51.100.7"),
        (1, "127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # forged entry on the left
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (2, "10.0.0.2", "198.51.100.7", "198.51.100.7"),  # fewer entries than proxies
        (1, "127.0.0.1", None, "127.0.0.1"),  # straight to the app (a probe on the host)
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
        (1, "127.0.0.1", " 2001:db8::1 ", "2001:db8::1"),
        (0, "", None, "unknown"),
    ],
)
def test_the_visitor_is_counted_from_the_right_past_the_trusted_proxies(
    settings, proxies, remote, forwarded, expected
):
    settings.CLINIC_PROXY_COUNT = proxies
    assert client_ip(_request(remote, forwarded)) == expected


@pytest.mark.django_db
def test_behind_one_proxy_lockouts_count_the_forwarded_address_not_the_proxys(
    client, settings, owner
):
    """The audit: with the proxy on, every visitor was 127.0.0.1, so five failures by
    anyone locked out everyone."""
    settings.CLINIC_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": f"x{_}@example.org", "password": "wrong-password-123"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    locked = client.post(
        reverse("login"),
        {"username": owner.email, "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert locked.status_code == 429
    other_visitor = client.post(
        reverse("login"),
        {"username": owner.email, "password": TEST_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert other_visitor.status_code == 302


@pytest.mark.django_db
def test_behind_one_proxy_the_reset_limit_is_per_visitor_not_clinic_wide(client, settings):
    settings.CLINIC_PROXY_COUNT = 1
    settings.CLINIC_RATE_LIMITS = {**settings.CLINIC_RATE_LIMITS, "password_reset_ip": "2/3600"}

    def reset(visitor, number):
        return client.post(
            reverse("password_reset"),
            {"email": f"n{number}@example.org"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=visitor,
        )

    assert [reset("198.51.100.7", n).status_code for n in range(3)] == [302, 302, 429]
    assert reset("198.51.100.8", 9).status_code == 302
