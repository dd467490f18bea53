import time

import pytest
from django.test import Client
from django.urls import reverse

from clinic.security.middleware import LAST_SEEN
from tests.factories import TEST_PASSWORD


def _idle_for(client, seconds):
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


@pytest.mark.django_db
def test_practice_staff_are_logged_out_after_thirty_idle_minutes(practitioner_client):
    _idle_for(practitioner_client, 31 * 60)
    response = practitioner_client.get(reverse("dashboard"), follow=True)
    assert response.redirect_chain[0][0] == f"{reverse('login')}?next=/practice/"
    assert "logged out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in practitioner_client.session


@pytest.mark.django_db
def test_twenty_nine_idle_minutes_keep_the_session_and_restart_the_clock(practitioner_client):
    _idle_for(practitioner_client, 29 * 60)
    assert practitioner_client.get(reverse("dashboard")).status_code == 200
    assert time.time() - practitioner_client.session[LAST_SEEN] < 5


@pytest.mark.django_db
def test_the_idle_limit_comes_from_settings(practitioner_client, settings):
    settings.CLINIC_PRACTICE_IDLE_MINUTES = 5
    _idle_for(practitioner_client, 6 * 60)
    assert practitioner_client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_client_sessions_are_not_cut_after_thirty_minutes(portal_client):
    _idle_for(portal_client, 31 * 60)
    assert portal_client.get(reverse("programs:portal_home")).status_code == 200


@pytest.mark.django_db
def test_a_request_within_a_minute_does_not_write_the_session(
    practitioner_client, django_assert_num_queries
):
    # savepoint, session, user, release (ATOMIC_REQUESTS): no session UPDATE.
    with django_assert_num_queries(3):
        practitioner_client.get(reverse("password_change"))


@pytest.mark.django_db
def test_changing_the_password_logs_out_every_other_session(practitioner):
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post(reverse("login"), {"username": practitioner.email, "password": TEST_PASSWORD})
        assert device.get(reverse("dashboard")).status_code == 200

    new_password = "a-completely-new-passphrase"
    response = laptop.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.url == reverse("password_change_done")
    assert laptop.get(reverse("dashboard")).status_code == 200  # this session goes on
    response = phone.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_password_reset_logs_out_every_session(client, practitioner):
    import re

    from django.core import mail

    phone = Client()
    phone.force_login(practitioner)
    client.post(reverse("password_reset"), {"email": practitioner.email})
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "a-completely-new-passphrase"
    client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert phone.get(reverse("dashboard")).status_code == 302
