"""Named users for every test: the practice staff, two client users, and anonymous.

pytest-django's ``client`` is the HTTP test client; the Client *record* fixture
is ``client_record`` so nothing shadows it.
"""

import os
import uuid
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

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


@pytest.fixture(autouse=True, scope="session")
def _demo_data_allowed():
    """pytest-django runs with DEBUG off, where seed_demo refuses; the tests are a demo
    server (tests/clinic/seed/test_seed_demo.py checks the refusal itself)."""
    from django.test import override_settings

    with override_settings(CLINIC_DEMO_SERVER=True):
        yield


@pytest.fixture(autouse=True)
def _own_local_cache(settings):
    """Each test starts with an empty cache of its own, whatever REDIS_URL says, so
    rate-limit counters and locks never leak from one test into another and query
    counts include the session. tests/clinic/test_shared_state.py tests Redis itself."""
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": uuid.uuid4().hex,
        }
        for alias in ("default", "pages")
    }
    settings.SESSION_ENGINE = "clinic.security.request_user"
    # A test's transaction never commits, so no write would replace the page cache's
    # stamp: pages are rendered afresh, except in tests/clinic/test_page_cache.py and
    # the browser tests (tests/e2e/conftest.py), whose writes commit.
    settings.CLINIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _own_erasure_ledger_and_media(settings, tmp_path):
    """Each test writes erasures to a ledger of its own and uploads to a folder of its
    own, never the repository's."""
    settings.CLINIC_ERASURE_LEDGER = tmp_path / "erasure-ledger.jsonl"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path_factory):
    """Private files (posture photos) go to a temporary folder, never the worktree's."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "clinic.private_storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("private")},
        },
    }


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


@pytest.fixture
def world(db):
    """Everyone at once, for tests that walk every URL (access matrix, fuzzing).

    The owner is also admin staff, as in the demo clinic.
    """
    owner = factories.OwnerFactory(email="owner@example.org", is_staff=True, is_superuser=True)
    practitioner = factories.PractitionerFactory(email="pat@example.org")
    client_a = factories.ClientUserFactory(
        email="a@example.org", client_record__practitioner=practitioner
    )
    client_b = factories.ClientUserFactory(
        email="b@example.org", client_record__practitioner=practitioner
    )
    users = {
        "anonymous": None,
        "client_a": client_a,
        "client_b": client_b,
        "practitioner": practitioner,
        "owner": owner,
    }
    return SimpleNamespace(
        users=users,
        owner=owner,
        practitioner=practitioner,
        client_a=client_a,
        client_b=client_b,
        client_a_record=client_a.client_record,
        client_b_record=client_b.client_record,
    )


# Hypothesis: a quick profile while developing, a smaller repeatable one in CI
# (CI=true or HYPOTHESIS_PROFILE=ci). The fuzz tests set max_examples from these.
_fuzz_defaults = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,  # the database is shared by all examples of a test
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
hypothesis_settings.register_profile("dev", max_examples=20, **_fuzz_defaults)
hypothesis_settings.register_profile("ci", max_examples=10, derandomize=True, **_fuzz_defaults)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)
