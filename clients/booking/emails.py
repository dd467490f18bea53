"""Emails about free consultations, and the calendar file that goes with them.

Called from ``transaction.on_commit`` by the booking workflows, so nobody is
emailed about a booking that was rolled back.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from clients.models import Consultation

ICS_FILENAME = "free-consultation.ics"


def absolute(path: str) -> str:
    return f"{settings.CLINIC_SITE_URL.rstrip('/')}{path}"


def manage_url(token: str) -> str:
    return absolute(reverse("clients:booking_manage", args=[token]))


def consultation_ics(consultation: Consultation, *, now: datetime | None = None) -> bytes:
    """A one-event iCalendar file (RFC 5545): UID stable across reschedules, times in UTC."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.CLINIC_NAME}//Free consultations//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"consultation-{consultation.pk}@{settings.CLINIC_EMAIL.split('@')[-1]}")
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", consultation.start.astimezone(UTC))
    event.add("dtend", consultation.end.astimezone(UTC))
    event.add("sequence", consultation.sequence)
    event.add("summary", f"Free consultation at {settings.CLINIC_NAME}")
    event.add("location", settings.CLINIC_ADDRESS)
    event.add(
        "description",
        f"With {consultation.practitioner}. To cancel or change it, call {settings.CLINIC_PHONE}.",
    )
    if consultation.status == Consultation.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()


def _context(consultation: Consultation, **extra) -> dict:
    return {
        "consultation": consultation,
        "start": timezone.localtime(consultation.start),
        "end": timezone.localtime(consultation.end),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "clinic_phone": settings.CLINIC_PHONE,
        **extra,
    }


def _send(subject: str, template: str, to: str, context: dict, ics: bytes | None = None) -> None:
    message = EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        to=[to],
        reply_to=[settings.CLINIC_EMAIL],
    )
    if ics is not None:
        message.attach(ICS_FILENAME, ics, "text/calendar")
    message.send()


def send_confirmation(consultation: Consultation, token: str, *, rescheduled: bool = False) -> None:
    """To the person: the time, the place, the manage link and the calendar file."""
    subject = "Your free consultation" + (" has moved" if rescheduled else " is booked")
    _send(
        subject,
        "clients/booking/email/booking_confirmation.txt",
        consultation.email,
        _context(consultation, manage_url=manage_url(token), rescheduled=rescheduled),
        ics=consultation_ics(consultation),
    )


def send_cancellation(consultation: Consultation) -> None:
    _send(
        "Your free consultation is cancelled",
        "clients/booking/email/booking_cancelled.txt",
        consultation.email,
        _context(consultation, book_url=absolute(reverse("clients:book"))),
        ics=consultation_ics(consultation),
    )


def send_practitioner_notice(consultation: Consultation, *, what: str) -> None:
    """To the practitioner: booked, moved or cancelled, with a link to the practice page."""
    _send(
        f"Free consultation {what}: {consultation.full_name}",
        "clients/booking/email/booking_practitioner.txt",
        consultation.practitioner.email,
        _context(consultation, what=what, url=absolute(consultation.get_absolute_url())),
    )


def send_reminder(consultation: Consultation) -> None:
    _send(
        "Reminder: your free consultation tomorrow",
        "clients/booking/email/booking_reminder.txt",
        consultation.email,
        _context(consultation),
        ics=consultation_ics(consultation),
    )
