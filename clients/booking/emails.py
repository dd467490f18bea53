"""Emails about appointments of every type, and the calendar file that goes with them.

The free consultation's wording is as it always was; other types name themselves.

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
from django.utils.text import slugify
from icalendar import Calendar, Event

from clients.intake import services as intake
from clients.models import Consultation


def absolute(path: str) -> str:
    return f"{settings.CLINIC_SITE_URL.rstrip('/')}{path}"


def manage_url(token: str) -> str:
    return absolute(reverse("clients:booking_manage", args=[token]))


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.CLINIC_NAME}//{name}//EN")
    cal.add("version", "2.0")
    return cal


def event_uid(consultation: Consultation) -> str:
    return f"consultation-{consultation.pk}@{settings.CLINIC_EMAIL.split('@')[-1]}"


def _event(consultation: Consultation, *, now: datetime, summary: str) -> Event:
    event = Event()
    event.add("uid", event_uid(consultation))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", consultation.start.astimezone(UTC))
    event.add("dtend", consultation.end.astimezone(UTC))
    event.add("sequence", consultation.sequence)
    event.add("summary", summary)
    if consultation.status == Consultation.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def appointments_ics(consultations, *, now: datetime | None = None) -> bytes:
    """An iCalendar file (RFC 5545) for the person: one event per appointment, UID
    stable across moves, times in UTC."""
    now = now or timezone.now()
    cal = _calendar("Appointments")
    cal.add("method", "PUBLISH")
    for consultation in consultations:
        event = _event(
            consultation,
            now=now,
            summary=f"{consultation.appointment_type} at {settings.CLINIC_NAME}",
        )
        event.add("location", settings.CLINIC_ADDRESS)
        event.add(
            "description",
            f"With {consultation.practitioner}. "
            f"To cancel or change it, call {settings.CLINIC_PHONE}.",
        )
        cal.add_component(event)
    return cal.to_ical()


def consultation_ics(consultation: Consultation, *, now: datetime | None = None) -> bytes:
    return appointments_ics([consultation], now=now)


def feed_ics(consultations, *, now: datetime | None = None) -> bytes:
    """A practitioner's subscription feed: "Appointment" and the type, nothing else.
    No name, contact details, notes or what anyone wrote: a phone's calendar is
    not a place for health data."""
    now = now or timezone.now()
    cal = _calendar("Practitioner calendar")
    cal.add("x-wr-calname", f"{settings.CLINIC_NAME} appointments")
    for consultation in consultations:
        cal.add_component(
            _event(consultation, now=now, summary=f"Appointment: {consultation.appointment_type}")
        )
    return cal.to_ical()


def ics_filename(consultation: Consultation) -> str:
    return f"{slugify(consultation.appointment_type.name) or 'appointment'}.ics"


def _what(consultation: Consultation) -> str:
    """The type as it reads mid-sentence: "free consultation", "follow-up session"."""
    return consultation.appointment_type.name.lower()


def _context(consultation: Consultation, **extra) -> dict:
    return {
        "consultation": consultation,
        "what_kind": _what(consultation),
        "is_free": consultation.appointment_type.is_free_consultation,
        "start": timezone.localtime(consultation.start),
        "end": timezone.localtime(consultation.end),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "clinic_phone": settings.CLINIC_PHONE,
        **extra,
    }


def _intake_link(consultation: Consultation) -> str | None:
    """A booking whose person has not sent their intake form yet brings a fresh link:
    the client's, or for a stranger's booking (a typed email is never linked to a
    record) the consultation's own, kept apart until they become a client."""
    return intake.link_for_consultation(consultation)


def _send(subject: str, template: str, to: str, context: dict, ics: bytes | None = None) -> None:
    message = EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        to=[to],
        reply_to=[settings.CLINIC_EMAIL],
    )
    if ics is not None:
        message.attach(ics_filename(context["consultation"]), ics, "text/calendar")
    message.send()


def send_confirmation(consultation: Consultation, token: str, *, rescheduled: bool = False) -> None:
    """To the person: the time, the place, the manage link and the calendar file."""
    subject = f"Your {_what(consultation)}" + (" has moved" if rescheduled else " is booked")
    _send(
        subject,
        "clients/booking/email/booking_confirmation.txt",
        consultation.email,
        _context(
            consultation,
            manage_url=manage_url(token),
            rescheduled=rescheduled,
            intake_link=None if rescheduled else _intake_link(consultation),
        ),
        ics=consultation_ics(consultation),
    )


def send_booked_by_practice(booked: list[tuple[Consultation, str]]) -> None:
    """To the client: the appointment(s) the practice booked, each with its private
    link, and one calendar file holding them all."""
    first = booked[0][0]
    times = [
        {
            "start": timezone.localtime(a.start),
            "end": timezone.localtime(a.end),
            "url": manage_url(t),
        }
        for a, t in booked
    ]
    plural = "s are" if len(booked) > 1 else " is"
    _send(
        f"Your {_what(first)}{plural} booked",
        "clients/booking/email/booked_by_practice.txt",
        first.email,
        _context(first, times=times, intake_link=_intake_link(first)),
        ics=appointments_ics([a for a, _t in booked]),
    )


def send_cancellation(consultation: Consultation) -> None:
    _send(
        f"Your {_what(consultation)} is cancelled",
        "clients/booking/email/booking_cancelled.txt",
        consultation.email,
        _context(consultation, book_url=absolute(reverse("clients:book"))),
        ics=consultation_ics(consultation),
    )


def send_practitioner_notice(consultation: Consultation, *, what: str) -> None:
    """To the practitioner: booked, moved or cancelled, with a link to the practice page."""
    _send(
        f"{consultation.appointment_type} {what}: {consultation.full_name}",
        "clients/booking/email/booking_practitioner.txt",
        consultation.practitioner.email,
        _context(consultation, what=what, url=absolute(consultation.get_absolute_url())),
    )


def send_reminder(consultation: Consultation) -> None:
    _send(
        f"Reminder: your {_what(consultation)} tomorrow",
        "clients/booking/email/booking_reminder.txt",
        consultation.email,
        _context(consultation),
        ics=consultation_ics(consultation),
    )
