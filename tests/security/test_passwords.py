import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from clinic import settings as project_settings
from clinic.models import Role, User
from clinic.seed.demo.staff import DEMO_PASSWORD
from tests.factories import TEST_PASSWORD

ELEVEN = "plum-violet"  # 11 characters, not common, not numeric


def _messages(password, user):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize("role", [Role.OWNER, Role.PRACTITIONER])
def test_practice_staff_need_at_least_twelve_characters(role):
    user = User(email="someone@example.org", role=role)
    assert "at least 12 characters" in _messages(ELEVEN, user)
    assert _messages(ELEVEN + "s", user) == ""


def test_clients_keep_djangos_minimum_of_eight():
    user = User(email="someone@example.org", role=Role.CLIENT)
    assert _messages(ELEVEN, user) == ""
    assert "too short" in _messages("plum-vi", user)


def test_djangos_own_rules_still_apply_to_staff():
    user = User(email="olivia.hart@example.org", role=Role.OWNER)
    assert "too common" in _messages("password1234", user)
    assert "entirely numeric" in _messages("918273645546", user)


def test_the_demo_password_is_long_enough_for_staff():
    assert _messages(DEMO_PASSWORD, User(email="x@example.org", role=Role.OWNER)) == ""


@pytest.mark.django_db
def test_a_practitioner_cannot_change_to_a_short_password(practitioner_client, practitioner):
    response = practitioner_client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": ELEVEN, "new_password2": ELEVEN},
    )
    assert "at least 12 characters" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(TEST_PASSWORD)


def test_argon2_hashes_new_passwords_and_older_hashes_still_verify():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert identify_hasher(make_password("a-long-password-1")).algorithm == "argon2"
        old = make_password("a-long-password-1", hasher="pbkdf2_sha256")
        assert check_password("a-long-password-1", old)


@pytest.mark.django_db
def test_an_old_hash_is_upgraded_to_argon2_at_login(client, practitioner):
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        practitioner.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
        practitioner.save()
        response = client.post(
            reverse("login"), {"username": practitioner.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        practitioner.refresh_from_db()
        assert practitioner.password.startswith("argon2")
