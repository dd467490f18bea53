"""Settings every page's speed rests on, checked in the configuration production runs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from clinic.models import User

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-value-0123456789",
    "DATABASE_URL": "postgres://clinic@db.internal:5432/clinic",
}
REPORT = """
import json
from django.conf import settings as s
from django.core.files.storage import storages
from django.template import engines
print(json.dumps({
    "debug": s.DEBUG,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "secure_cookies": s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE,
    "urlconf": s.ROOT_URLCONF,
    "atomic": s.DATABASES["default"]["ATOMIC_REQUESTS"],
    "static": s.STORAGES["staticfiles"]["BACKEND"],
    "loader": type(engines["django"].engine.template_loaders[0]).__module__,
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"].get("LOCATION"),
    "sessions": s.SESSION_ENGINE,
    "conn_max_age": s.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "server_side_cursors": not s.DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False),
    "storage": type(storages["default"]).__name__,
    "media_url": storages["default"].url("exercises/bridge.jpg"),
}))
"""


def _settings_with(**env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "REDIS_URL", "DATABASE_URL"))
    }
    full_env.update(env)
    result = subprocess.run(  # noqa: S603 - fixed argv, our own manage.py
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", REPORT],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_compiles_templates_once_and_keeps_database_connections():
    report = _settings_with(**PRODUCTION)
    assert report["loader"] == "django.template.loaders.cached"
    assert report["conn_max_age"] == 60
    assert report["health_checks"] is True
    # A read-only view's .iterator() would otherwise DECLARE a WITH HOLD cursor.
    assert report["server_side_cursors"] is False


def test_the_bench_serves_the_production_settings_over_plain_http_with_its_own_urls():
    report = _settings_with(DJANGO_SETTINGS_MODULE="clinic.bench.settings")
    assert report["debug"] is False
    assert report["static"] == "clinic.static_storage.StaticFilesStorage"
    assert report["loader"] == "django.template.loaders.cached"
    assert report["atomic"] is True
    # wrk talks plain HTTP to 127.0.0.1: no redirect to HTTPS, cookies sent over HTTP.
    assert report["ssl_redirect"] is False
    assert report["secure_cookies"] is False
    assert report["urlconf"] == "clinic.bench.urls"


def test_production_refuses_plain_http():
    report = _settings_with(**PRODUCTION)
    assert (report["ssl_redirect"], report["secure_cookies"]) == (True, True)
    assert report["urlconf"] == "clinic.urls"


def test_without_redis_sessions_stay_in_the_database_and_the_cache_is_local():
    report = _settings_with(**PRODUCTION)
    assert report["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert report["sessions"] == "clinic.security.request_user"


def test_with_redis_the_cache_is_shared_and_sessions_still_live_in_the_database():
    """Sessions survive Redis going away (issue 21 point 6), and a logout made while
    it is away cannot come back with it."""
    report = _settings_with(**PRODUCTION, REDIS_URL="redis://cache.internal:6379/0")
    assert report["cache"] == "clinic.cache.ResilientRedisCache"
    assert report["cache_location"] == "redis://cache.internal:6379/0"
    assert report["sessions"] == "clinic.security.request_user"


def test_uploads_stay_on_local_disk_unless_a_bucket_is_set():
    assert _settings_with(**PRODUCTION)["storage"] == "FileSystemStorage"


def test_with_a_bucket_uploads_go_to_object_storage_behind_short_lived_signed_links():
    report = _settings_with(
        **PRODUCTION,
        DJANGO_S3_BUCKET="clinic-media",
        DJANGO_S3_ENDPOINT_URL="https://objects.example.net",
        DJANGO_S3_REGION="eu-west-1",
        DJANGO_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        DJANGO_S3_SECRET_ACCESS_KEY="example-secret",
    )
    assert report["storage"] == "S3Storage"
    url = report["media_url"]
    assert url.startswith("https://objects.example.net/clinic-media/media/exercises/bridge.jpg?")
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=600" in url


@pytest.mark.parametrize("name", ["home", "dashboard", "programs:portal_home"])
def test_read_only_pages_run_outside_a_transaction(name):
    view = resolve(reverse(name)).func
    assert "default" in getattr(view, "_non_atomic_requests", set())


@pytest.mark.django_db
def test_the_portal_home_without_a_program_costs_four_queries_and_no_transaction(
    portal_client, django_assert_num_queries
):
    # session, user, client record, active program (none): no BEGIN/COMMIT or savepoint;
    # + the current consent version (cold cache here) and an open questionnaire
    with django_assert_num_queries(5):
        response = portal_client.get(reverse("programs:portal_home"))
    assert b"Hello," in response.content


@pytest.mark.django_db
def test_logging_in_finds_the_user_through_the_case_insensitive_email_index(practitioner):
    with CaptureQueriesContext(connection) as ctx:
        assert User.objects.get_by_natural_key("PAT@Example.org") == practitioner
    # The unique constraint is on LOWER("email"); a lookup on that expression can use it.
    assert 'LOWER("clinic_user"."email")' in ctx.captured_queries[0]["sql"]
