import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(  # noqa: S603 - fixed argv, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_app_refuses_to_start_without_debug_on_the_placeholder_secret():
    result = _run(["check"], DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-value-0123456789",
    "DJANGO_ALLOWED_HOSTS": "clinic.example.com",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "CLINIC_SITE_URL": "https://clinic.example.com",
}


def test_the_deploy_check_passes_with_production_settings():
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_runs_with_nothing_set_on_sqlite():
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = _run(["shell", "--no-imports", "-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_requests_are_atomic(settings):
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


def test_without_debug_the_app_refuses_console_email_and_a_local_site_url():
    """The audit: with DEBUG off the console backend put reset, invitation and manage
    links in the server log, and links pointed at 127.0.0.1:8000."""
    unsafe = {**PRODUCTION}
    del unsafe["DJANGO_EMAIL_BACKEND"], unsafe["CLINIC_SITE_URL"]
    result = _run(["check"], **unsafe)
    assert result.returncode != 0
    assert "clinic.E001" in result.stderr and "console.EmailBackend" in result.stderr
    assert "clinic.E002" in result.stderr and "http://127.0.0.1:8000" in result.stderr

    # gunicorn runs no system checks: loading the WSGI application refuses too.
    code = "import clinic.wsgi"
    result = _run(["shell", "--no-imports", "-c", code], **unsafe)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "CLINIC_SITE_URL" in result.stderr

    for name, value in [
        ("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"),
        ("CLINIC_SITE_URL", "http://localhost:8000"),
    ]:
        result = _run(["check"], **{**PRODUCTION, name: value})
        assert result.returncode != 0, name


def test_a_deliberate_demo_server_may_run_without_real_email():
    unsafe = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_EMAIL_BACKEND"}
    result = _run(["check"], **unsafe, CLINIC_DEMO_SERVER="true")
    assert result.returncode == 0, result.stderr
