"""Named users for every test: the practice staff, two client users, and anonymous.

pytest-django's ``client`` is the HTTP test client; the Client *record* fixture
is ``client_record`` so nothing shadows it.
"""

import os
import uuid

import pytest

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would refuse to run there without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _own_local_cache(settings):
    """Each test starts with an empty cache of its own, whatever REDIS_URL says, so
    rate-limit counters and locks never leak from one test into another and query
    counts include the session. tests/clinic/test_shared_state.py tests Redis itself."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": uuid.uuid4().hex,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


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
