"""Start-up checks for a production install (DEBUG off): no silent email, no local links.

With DEBUG off, reset, invitation and booking-manage links must reach people: a
console, file, memory or dummy email backend would write them to the server log
or drop them, and a ``CLINIC_SITE_URL`` on localhost would put a dead address in
every email. ``CLINIC_DEMO_SERVER=true`` allows both for a deliberate demo server.

Registered as Django system checks (``manage.py check``, ``migrate`` and
``runserver`` refuse to go on), and run once more when the WSGI application loads
(``clinic/wsgi.py``), since gunicorn runs no system checks.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

UNSAFE_EMAIL_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("console", "filebased", "locmem", "dummy")
}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104  # nosec B104


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"}:
        return True
    return host in LOCAL_HOSTS or host.endswith(".localhost")


def production_problems() -> list[checks.Error]:
    if settings.DEBUG or settings.CLINIC_DEMO_SERVER:
        return []
    problems = []
    if settings.EMAIL_BACKEND in UNSAFE_EMAIL_BACKENDS:
        problems.append(
            checks.Error(
                f"DJANGO_EMAIL_BACKEND is {settings.EMAIL_BACKEND} with DEBUG off: password "
                "reset, invitation and booking links would never reach anyone.",
                hint="Set DJANGO_EMAIL_BACKEND (e.g. django.core.mail.backends.smtp."
                "EmailBackend) and DJANGO_EMAIL_HOST, or CLINIC_DEMO_SERVER=true for a demo.",
                id="clinic.E001",
            )
        )
    if _is_local(settings.CLINIC_SITE_URL):
        problems.append(
            checks.Error(
                f"CLINIC_SITE_URL is {settings.CLINIC_SITE_URL!r} with DEBUG off: links in "
                "emails would point at the server itself.",
                hint="Set CLINIC_SITE_URL to the public address, e.g. https://clinic.example.com.",
                id="clinic.E002",
            )
        )
    return problems


@checks.register()
def check_production_settings(app_configs, **kwargs) -> list[checks.Error]:
    return production_problems()


def refuse_unsafe_production() -> None:
    """Raise at start-up (WSGI) when ``production_problems`` finds anything."""
    problems = production_problems()
    if problems:
        raise ImproperlyConfigured(" ".join(f"{p.msg} {p.hint}" for p in problems))
