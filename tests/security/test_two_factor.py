import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import SecuritySettings
from tests.factories import TEST_PASSWORD


def _code(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def _login(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})


def _setup_fields(page: str) -> tuple[TOTPDevice, str]:
    """The key the set-up page shows (as an unsaved device) and its signed hidden field."""
    key = re.search(r'class="setup-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    hex_key = b32decode(key + "=" * (-len(key) % 8)).hex()
    signed = re.search(r'name="setup" value="([^"]+)"', page).group(1)
    return TOTPDevice(key=hex_key), signed


def _set_up(client):
    """Walk the set-up page; returns the confirmed device and the recovery codes shown."""
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page and "QR code for your authenticator app" in page
    shown, signed = _setup_fields(page)
    response = client.post(
        reverse("two_factor_setup"), {"otp_token": _code(shown), "setup": signed}
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    return TOTPDevice.objects.get(key=shown.key), codes


@pytest.fixture
def practitioner_with_device(client, practitioner):
    client.force_login(practitioner)
    device, codes = _set_up(client)
    client.logout()
    return practitioner, device, codes


@pytest.mark.django_db
def test_a_practitioner_turns_on_two_factor_with_a_qr_code_and_gets_recovery_codes(
    practitioner_client, practitioner
):
    device, codes = _set_up(practitioner_client)
    assert device.confirmed and device.user == practitioner
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=practitioner).count() == 10
    page = practitioner_client.get(reverse("account_security")).content.decode()
    assert "Recovery codes left: <strong>10</strong>" in page


@pytest.mark.django_db
def test_a_wrong_set_up_code_is_explained_and_nothing_is_turned_on(practitioner_client):
    page = practitioner_client.get(reverse("two_factor_setup")).content.decode()
    _shown, signed = _setup_fields(page)
    response = practitioner_client.post(
        reverse("two_factor_setup"), {"otp_token": "000000x", "setup": signed}
    )
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    assert not StaticToken.objects.exists()


@pytest.mark.django_db
def test_after_the_password_every_page_waits_for_the_code(client, practitioner_with_device):
    practitioner, device, _ = practitioner_with_device
    device.throttle_reset()
    response = _login(client, practitioner)
    assert response.status_code == 302
    response = client.get(reverse("dashboard"))
    assert response.url.startswith(reverse("two_factor_verify"))
    assert client.get(reverse("security_lockouts")).status_code == 302

    response = client.post(reverse("two_factor_verify"), {"otp_token": "123456"})
    assert "That code did not work" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302

    # A wrong code makes the device wait before it accepts another.
    response = client.post(reverse("two_factor_verify"), {"otp_token": _code(device, 1)})
    assert "Too many wrong codes" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()

    response = client.post(
        reverse("two_factor_verify"), {"otp_token": _code(device, 1), "next": "/practice/"}
    )
    assert response.url == "/practice/"
    assert "Hello" in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_the_verify_step_ignores_a_next_address_on_another_site(client, practitioner_with_device):
    practitioner, device, _ = practitioner_with_device
    _login(client, practitioner)
    response = client.post(
        reverse("two_factor_verify"),
        {"otp_token": _code(device, 1), "next": "https://evil.example/"},
    )
    assert response.url == reverse("landing")


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, practitioner_with_device):
    practitioner, _, codes = practitioner_with_device
    _login(client, practitioner)
    response = client.post(reverse("two_factor_verify"), {"otp_token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.logout()
    _login(client, practitioner)
    response = client.post(reverse("two_factor_verify"), {"otp_token": codes[0]})
    assert "That code did not work" in response.content.decode()


@pytest.mark.django_db
def test_logging_out_is_possible_before_the_code(client, practitioner_with_device):
    practitioner, _, _ = practitioner_with_device
    _login(client, practitioner)
    assert client.post(reverse("logout")).url == reverse("home")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_owner_can_require_two_factor_and_staff_must_set_it_up_first(
    client, owner, practitioner, client_user
):
    client.force_login(owner)
    page = client.get(reverse("security_settings")).content.decode()
    assert "Require two-factor authentication for practice staff" in page
    response = client.post(reverse("security_settings"), {"require_two_factor": "on"}, follow=True)
    assert "Two-factor is now required" in response.content.decode()
    assert SecuritySettings.current().require_two_factor
    assert SecuritySettings.current().history.first().history_user == owner
    client.logout()

    _login(client, practitioner)
    response = client.get(reverse("dashboard"))
    assert response.url.startswith(reverse("two_factor_setup"))
    assert "clinic asks practice staff" in client.get(reverse("two_factor_setup")).content.decode()
    _set_up(client)
    assert client.get(reverse("dashboard")).status_code == 200
    client.logout()

    # Clients are not asked.
    _login(client, client_user)
    assert client.get(reverse("programs:portal_home")).status_code == 200


@pytest.mark.django_db
def test_staff_cannot_turn_two_factor_off_while_the_owner_requires_it(
    practitioner_client, practitioner
):
    _set_up(practitioner_client)
    SecuritySettings.objects.filter(pk=1).update(require_two_factor=True)
    response = practitioner_client.post(reverse("two_factor_disable"), follow=True)
    assert "requires two-factor" in response.content.decode()
    assert TOTPDevice.objects.filter(user=practitioner).exists()


@pytest.mark.django_db
def test_a_client_may_turn_two_factor_on_and_off(client, client_user):
    client.force_login(client_user)
    device, _ = _set_up(client)
    client.logout()
    _login(client, client_user)
    assert client.get(reverse("programs:portal_home")).status_code == 302
    client.post(reverse("two_factor_verify"), {"otp_token": _code(device, 1)})
    response = client.post(reverse("two_factor_disable"), follow=True)
    assert "Two-factor authentication is off" in response.content.decode()
    assert not TOTPDevice.objects.exists()


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(practitioner_client):
    _, old_codes = _set_up(practitioner_client)
    response = practitioner_client.post(reverse("two_factor_recovery_codes"))
    new_codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(new_codes) == 10
    assert not set(old_codes) & set(StaticToken.objects.values_list("token", flat=True))


@pytest.mark.django_db
def test_only_the_owner_changes_the_practice_security_settings(practitioner_client):
    assert practitioner_client.get(reverse("security_settings")).status_code == 404
    practitioner_client.post(reverse("security_settings"), {"require_two_factor": "on"})
    assert not SecuritySettings.current().require_two_factor


@pytest.mark.django_db
def test_posting_a_code_without_starting_set_up_changes_nothing(practitioner_client):
    response = practitioner_client.post(
        reverse("two_factor_setup"), {"otp_token": "123456"}, follow=True
    )
    assert "That set-up has expired" in response.content.decode()
    assert TOTPDevice.objects.filter(confirmed=True).count() == 0


@pytest.mark.django_db
def test_requiring_two_factor_ends_the_sessions_that_have_not_passed_it(
    owner, practitioner, other_practitioner, client_user
):
    """The audit: a practitioner logged in before the owner turned it on kept opening
    clinical pages for up to 14 days. Now those sessions end at once."""
    from django.test import Client as HttpClient

    dashboard = reverse("dashboard")
    unverified = HttpClient()
    unverified.force_login(practitioner)
    verified = HttpClient()
    verified.force_login(other_practitioner)
    _set_up(verified)  # confirms a device and passes it in this session
    portal = HttpClient()
    portal.force_login(client_user)
    assert unverified.get(dashboard).status_code == 200

    owner_http = HttpClient()
    owner_http.force_login(owner)
    response = owner_http.post(reverse("security_settings"), {"require_two_factor": "on"})
    assert response.status_code == 302
    shown = owner_http.get(reverse("security_settings"), follow=True).content.decode()
    assert "(1 session)" in shown

    response = unverified.get(dashboard)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert verified.get(dashboard).status_code == 200
    assert portal.get(reverse("programs:portal_home")).status_code == 200
    # The owner, who has no device either, is sent to set one up before anything else.
    assert owner_http.get(dashboard).url.startswith(reverse("two_factor_setup"))


@pytest.mark.django_db
def test_showing_the_set_up_page_writes_nothing(practitioner_client, other_practitioner):
    """The audit: GET /account/two-factor/setup/ wrote a device row. It now writes no row
    at all; the new key travels in the form, signed for this user only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    practitioner_client.get(reverse("dashboard"))  # the session's first stamp is written here
    with CaptureQueriesContext(connection) as queries:
        page = practitioner_client.get(reverse("two_factor_setup")).content.decode()
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert not TOTPDevice.objects.exists()
    shown, signed = _setup_fields(page)

    # The signed key is this user's: another account cannot confirm it.
    other = type(practitioner_client)()
    other.force_login(other_practitioner)
    response = other.post(
        reverse("two_factor_setup"), {"otp_token": _code(shown), "setup": signed}, follow=True
    )
    assert "That set-up has expired" in response.content.decode()
    assert not TOTPDevice.objects.exists()
