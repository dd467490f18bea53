"""The exercise reminder email: no health details, a link to today's session and a
one-click way to stop (List-Unsubscribe with List-Unsubscribe-Post, RFC 8058)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from clients.models import Client


def send_reminder(client: Client, *, today_url: str, off_url: str) -> None:
    body = render_to_string(
        "programs/reminders/email/reminder.txt",
        {
            "client": client,
            "today_url": today_url,
            "off_url": off_url,
            "clinic": settings.CLINIC_NAME,
        },
    )
    EmailMessage(
        subject="Time for your exercises",
        body=body,
        to=[client.email],
        headers={
            "List-Unsubscribe": f"<{off_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
