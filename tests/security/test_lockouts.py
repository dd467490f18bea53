import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import TEST_PASSWORD, AccessAttemptFactory

GENERIC_LOGIN_ERROR = "That email and password do not match an account"
LOCKED = "Too many failed attempts to log in"


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def _fail(client, email, times, ip="10.0.0.1"):
    for _ in range(times):
        _login(client, email, "wrong-password-123", ip=ip)


@pytest.mark.django_db
def test_four_failures_still_show_the_generic_error_and_the_right_password_works(
    client, practitioner
):
    _fail(client, practitioner.email, 3)
    response = _login(client, practitioner.email, "wrong-password-123")
    assert response.status_code == 200
    assert GENERIC_LOGIN_ERROR in response.content.decode()
    assert _login(client, practitioner.email, TEST_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_five_failures_for_an_account_lock_it_out_even_with_the_right_password(
    client, practitioner
):
    _fail(client, practitioner.email, 4)
    response = _login(client, practitioner.email, "wrong-password-123")
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body
    assert "15 minutes" in body
    assert "<form" in body and "Log in" in body  # the styled login page, not a bare 403

    # From another address, with the right password: still locked.
    response = _login(client, practitioner.email.upper(), TEST_PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_failures_from_one_address_lock_out_that_address_for_every_account(
    client, practitioner, owner
):
    for number in range(5):
        _login(client, f"guess{number}@example.org", "wrong-password-123", ip="10.0.0.7")
    response = _login(client, owner.email, TEST_PASSWORD, ip="10.0.0.7")
    assert response.status_code == 429
    # Another address is not affected.
    assert _login(client, owner.email, TEST_PASSWORD, ip="10.0.0.8").status_code == 302


@pytest.mark.django_db
def test_the_lockout_ends_after_fifteen_minutes(client, practitioner, settings):
    from datetime import timedelta

    from django.utils import timezone

    _fail(client, practitioner.email, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, practitioner.email, TEST_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_practitioner_sees_and_lifts_a_lockout_from_the_practice_area(
    client, practitioner, other_practitioner
):
    _fail(client, other_practitioner.email, 5, ip="10.0.0.2")
    client.force_login(practitioner)
    page = client.get(reverse("security_lockouts")).content.decode()
    assert other_practitioner.email in page
    assert "10.0.0.2" in page

    response = client.post(
        reverse("security_unlock"), {"kind": "username", "value": other_practitioner.email}
    )
    assert response.url == reverse("security_lockouts")
    client.post(reverse("security_unlock"), {"kind": "ip_address", "value": "10.0.0.2"})
    client.logout()
    assert _login(client, other_practitioner.email, TEST_PASSWORD, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_the_lockout_page_is_for_practice_staff_only(client, client_user):
    url = reverse("security_lockouts")
    assert client.get(url).url.startswith(reverse("login"))
    client.force_login(client_user)
    assert client.get(url).status_code == 404
    assert client.post(reverse("security_unlock"), {"kind": "username"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"kind": "ip_address", "value": "not-an-ip"},
        {"kind": "nonsense", "value": "x"},
        {"kind": "username", "value": ""},
        {},
    ],
)
def test_unlocking_nonsense_says_what_to_do(practitioner_client, data):
    response = practitioner_client.post(reverse("security_unlock"), data, follow=True)
    assert "Choose a lock-out to lift" in response.content.decode()


@pytest.mark.django_db
def test_the_owner_can_unlock_from_the_admin(client, owner, practitioner):
    owner.is_staff = owner.is_superuser = True
    owner.save()
    _fail(client, practitioner.email, 5)
    attempt = AccessAttempt.objects.get(username=practitioner.email)
    client.force_login(owner)
    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("locked", [1, 12])
def test_the_lockout_page_costs_the_same_queries_however_many_are_locked(
    client, practitioner, django_assert_num_queries, locked
):
    AccessAttemptFactory.create_batch(locked)
    client.force_login(practitioner)
    # savepoint, session, user, locked accounts, locked addresses, release
    with django_assert_num_queries(5):
        response = client.get(reverse("security_lockouts"))
    assert response.content.decode().count("Unlock <span") == 2 * locked


@pytest.mark.django_db
def test_a_successful_login_does_not_forget_failures_against_other_accounts(
    client, owner, client_user
):
    """The audit's bypass: 4 wrong owner passwords, then a good client login, 6 times over,
    gave 24 guesses without a lock-out. Now the fifth guess at the owner is refused."""
    guesses_answered = 0
    for _round in range(6):
        for _ in range(4):
            response = _login(client, owner.email, "wrong-password-123", ip="10.0.0.9")
            if response.status_code == 429:
                break
            guesses_answered += 1
        client.logout()
        _login(client, client_user.email, TEST_PASSWORD, ip="10.0.0.9")
        client.logout()
    assert guesses_answered == 4  # the fifth was the lock-out page
    response = _login(client, owner.email, TEST_PASSWORD, ip="10.0.0.10")
    assert response.status_code == 429  # the owner's account is locked, from anywhere
    assert AccessAttempt.objects.filter(username=owner.email).exists()


@pytest.mark.django_db
def test_a_successful_login_forgets_that_accounts_own_failures(client, practitioner, owner):
    _fail(client, practitioner.email, 4)
    _fail(client, owner.email, 1, ip="10.0.0.3")
    assert _login(client, practitioner.email.upper(), TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=practitioner.email).exists()
    assert AccessAttempt.objects.filter(username=owner.email).count() == 1
