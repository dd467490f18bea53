import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD

PRACTICE_URLS = ["dashboard"]
PORTAL_URLS = ["programs:portal_home"]
GENERIC_LOGIN_ERROR = "That email and password do not match an account"


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


@pytest.mark.django_db
def test_a_practitioner_lands_in_the_practice_area(client, practitioner):
    response = _login(client, practitioner.email, TEST_PASSWORD)
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert b"Your practice at a glance" in response.content


@pytest.mark.django_db
def test_an_owner_lands_in_the_practice_area(client, owner):
    response = client.get(_login(client, owner.email, TEST_PASSWORD).url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")


@pytest.mark.django_db
def test_a_client_lands_in_the_portal(client, client_user):
    response = client.get(_login(client, client_user.email, TEST_PASSWORD).url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("programs:portal_home")


@pytest.mark.django_db
def test_login_ignores_the_case_of_the_email(client, practitioner):
    response = _login(client, practitioner.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("email_kind", ["known", "unknown"])
def test_a_failed_login_gives_one_generic_error(client, practitioner, email_kind):
    email = practitioner.email if email_kind == "known" else "nobody@example.org"
    response = _login(client, email, "wrong-password-123")
    assert response.status_code == 200
    assert GENERIC_LOGIN_ERROR in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_inactive_user_cannot_log_in(client, practitioner):
    practitioner.is_active = False
    practitioner.save()
    response = _login(client, practitioner.email, TEST_PASSWORD)
    assert GENERIC_LOGIN_ERROR in response.content.decode()


@pytest.mark.django_db
def test_malformed_login_input_is_refused_without_error(client):
    response = client.post(reverse("login"), {"username": "\x00" * 5, "password": ["a", "b"]})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PRACTICE_URLS + PORTAL_URLS)
def test_anonymous_visitors_are_sent_to_login(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PRACTICE_URLS)
def test_a_client_user_gets_404_in_the_practice_area(portal_client, url_name):
    response = portal_client.get(reverse(url_name))
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PORTAL_URLS)
def test_practice_staff_get_404_in_the_portal(client, practitioner, owner, url_name):
    for user in (practitioner, owner):
        client.force_login(user)
        assert client.get(reverse(url_name)).status_code == 404


@pytest.mark.django_db
def test_password_reset_sends_a_one_time_link_that_sets_the_password(client, practitioner):
    response = client.post(reverse("password_reset"), {"email": practitioner.email})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", mail.outbox[0].body).group(1)

    response = client.get(link, follow=True)
    set_password_url = response.redirect_chain[-1][0]
    assert b"Choose a new password" in response.content
    new_password = "a-brand-new-password-77"
    response = client.post(
        set_password_url, {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.url == reverse("password_reset_complete")
    practitioner.refresh_from_db()
    assert practitioner.check_password(new_password)

    # The link works once.
    response = client.get(link, follow=True)
    assert b"This link no longer works" in response.content


@pytest.mark.django_db
def test_password_reset_for_an_unknown_email_looks_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert b"If an account uses that address" in response.content
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change_requires_the_old_password(practitioner_client, practitioner):
    response = practitioner_client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x-new-pass-9876", "new_password2": "x"},
    )
    assert response.status_code == 200
    practitioner.refresh_from_db()
    assert practitioner.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(practitioner_client):
    response = practitioner_client.post(reverse("logout"))
    assert response.url == reverse("home")
    assert practitioner_client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_emails_are_unique_whatever_their_case(practitioner):
    from django.db import IntegrityError, transaction

    from clinic.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email=practitioner.email.upper())
