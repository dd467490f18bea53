"""The red-flag alerts by email: who gets them, and what they say (no health details,
no name: a link to the alert behind the practice login)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from clients.models import RedFlag
from clinic.models import Role


def alert_url(flag: RedFlag) -> str:
    path = reverse("clients:red_flag_resolve", args=[flag.client_id, flag.pk])
    return f"{settings.CLINIC_SITE_URL.rstrip('/')}{path}"


def owner_emails() -> list[str]:
    users = get_user_model().objects.filter(role=Role.OWNER, is_active=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def raised_recipients(flag: RedFlag) -> list[str]:
    """The client's practitioner; every owner when the client has none (or theirs has left)."""
    practitioner = flag.client.practitioner
    if practitioner is not None and practitioner.is_active and practitioner.email:
        return [practitioner.email]
    return owner_emails()


def _send(subject: str, template: str, to: list[str], flag: RedFlag, **extra) -> None:
    if not to:
        return
    body = render_to_string(
        template,
        {
            "url": alert_url(flag),
            "clinic_name": settings.CLINIC_NAME,
            "clinic_phone": settings.CLINIC_PHONE,
            **extra,
        },
    )
    EmailMessage(subject=subject, body=body, to=to, reply_to=[settings.CLINIC_EMAIL]).send()


def send_raised(flag: RedFlag) -> None:
    _send(
        "A client reported a safety concern",
        "clients/red_flags/email/raised.txt",
        raised_recipients(flag),
        flag,
    )


def send_escalation(flag: RedFlag) -> None:
    _send(
        "Not yet acknowledged: a client's safety concern",
        "clients/red_flags/email/escalated.txt",
        owner_emails(),
        flag,
        hours=f"{float(settings.CLINIC_RED_FLAG_ESCALATE_HOURS):g}",
    )
