"""Named users for every test: the practice staff, two client users, and anonymous.

pytest-django's ``client`` is the HTTP test client; the Client *record* fixture
is ``client_record`` so nothing shadows it.
"""

import os

import pytest

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would refuse to run there without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Argon2 is slow on purpose; tests hash with MD5 unless they test hashing itself
    (tests/security/test_passwords.py restores the project's list)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(db):
    return factories.OwnerFactory(email="owner@example.org")


@pytest.fixture
def practitioner(db):
    return factories.PractitionerFactory(email="pat@example.org")


@pytest.fixture
def other_practitioner(db):
    return factories.PractitionerFactory(email="quinn@example.org")


@pytest.fixture
def client_user(db, practitioner):
    return factories.ClientUserFactory(
        email="alice@example.org", client_record__practitioner=practitioner
    )


@pytest.fixture
def other_client_user(db, practitioner):
    return factories.ClientUserFactory(
        email="bob@example.org", client_record__practitioner=practitioner
    )


@pytest.fixture
def client_record(client_user):
    return client_user.client_record


@pytest.fixture
def practitioner_client(client, practitioner):
    client.force_login(practitioner)
    return client


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def portal_client(client, client_user):
    client.force_login(client_user)
    return client
