"""Email each booked person once, about a day before their free consultation.

Safe to run as often as you like (cron every 5 minutes) and twice at once: each
reminder is claimed with a conditional UPDATE before it is sent, so only one run
ever sends it. A send that fails after its claim is logged and not retried (a
missed reminder is better than a duplicate; the confirmation email already
holds the time).
"""

import logging

from django.core.management.base import BaseCommand
from django.utils import timezone

from clients.booking import emails as booking_emails
from clients.booking import services as booking
from clients.models import Consultation

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send reminders for free consultations starting in the next 24 hours."

    def handle(self, *args, **options):
        now = timezone.now()
        sent = 0
        for pk in booking.due_reminders(now=now):
            if not booking.claim_reminder(pk, now=now):
                continue  # another run got it first
            consultation = Consultation.objects.select_related("practitioner").get(pk=pk)
            try:
                booking_emails.send_reminder(consultation)
            except Exception:
                logger.exception("Reminder for consultation %s could not be sent", pk)
                continue
            sent += 1
        self.stdout.write(f"Sent {sent} reminder(s).")
