"""The questionnaire email: no health details, just the link to the portal."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from clients.models import QuestionnaireResponse


def send_questionnaire_due(response: QuestionnaireResponse) -> None:
    client = response.client
    context = {
        "client": client,
        "closes_on": response.closes_on,
        "link": settings.CLINIC_SITE_URL.rstrip("/") + reverse("clients:portal_questionnaire"),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    EmailMessage(
        subject=f"A short questionnaire from {settings.CLINIC_NAME}",
        body=render_to_string("clients/questionnaires/email/questionnaire_due.txt", context),
        to=[client.email],
        reply_to=[settings.CLINIC_EMAIL],
    ).send()
