"""Emailing a client the link to their handout in the portal.

A link, not the PDF: the handout is health data, and behind the portal's login it
stays private even when the email is forwarded or read by someone else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from clients.models import Client


class HandoutEmailError(Exception):
    """The link cannot be sent; the message says what to do."""


def email_handout_link(*, client: Client, base_url: str) -> None:
    """Send ``client`` the portal link to download their handout.

    Requires a client with a portal account and an email address.
    """
    if client.user_id is None:
        raise HandoutEmailError(
            "This client has no portal account yet. Invite them to the portal first."
        )
    if not client.email:
        raise HandoutEmailError("Add the client's email address first.")
    link = base_url.rstrip("/") + reverse("programs:portal_handout_pdf")
    send_mail(
        subject=f"Your exercise handout from {settings.CLINIC_NAME}",
        message=render_to_string(
            "programs/handouts/email/handout_link.txt",
            {"client": client, "link": link, "clinic_name": settings.CLINIC_NAME},
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[client.email],
    )
