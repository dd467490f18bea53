"""The scheduled emails (cron every 5 minutes): appointment reminders, red-flag alerts and
questionnaires between visits.

- Each booked person is emailed once, about a day before their appointment (every type).
- A client's red flag whose first alert has not gone out (the request's email
  failed, or it was raised before alerts existed) is sent now.
- A client's red flag nobody acknowledged within ``CLINIC_RED_FLAG_ESCALATE_HOURS``
  is emailed to every owner, once.
- The jobs registered by the apps above (``clinic.scheduled``): the clients' exercise
  reminders (``programs/reminders/``).
- A client whose scheduled questionnaire fell due is emailed once
  (``clients.questionnaires.services.send_due_questionnaires``; a failed send is retried).

Safe to run as often as you like and twice at once: each email is claimed with a
conditional UPDATE before it is sent, so only one run ever sends it. A reminder
whose send fails after its claim is logged and not retried (a missed reminder is
better than a duplicate; the confirmation email already holds the time); a
red-flag email that fails is released for the next run to try again, as a missed
alert is worse than a late one.
"""

import logging

from django.core.management.base import BaseCommand
from django.utils import timezone

from clients.booking import emails as booking_emails
from clients.booking import services as booking
from clients.intake import services as intake
from clients.models import Consultation
from clients.questionnaires import services as questionnaires
from clients.red_flags import services as red_flags
from clinic import scheduled

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Send reminders for appointments of every type starting in the next 24 hours, "
        "red-flag alerts (pending ones, and escalations to the owners), and the jobs the "
        "apps register (clients' exercise reminders)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        sent = 0
        for pk in booking.due_reminders(now=now):
            if not booking.claim_reminder(pk, now=now):
                continue  # another run got it first
            consultation = Consultation.objects.select_related(
                "practitioner", "appointment_type"
            ).get(pk=pk)
            try:
                booking_emails.send_reminder(consultation)
            except Exception:
                logger.exception("Reminder for consultation %s could not be sent", pk)
                continue
            sent += 1
        notices = red_flags.send_pending_notices(now=now)
        # A booking's intake form that said "yes" before the person was a client.
        notices += intake.send_stranger_alerts(now=now)
        escalated = red_flags.escalate(now=now)
        asked = questionnaires.send_due_questionnaires(now=now)
        self.stdout.write(
            f"Sent {sent} reminder(s), {notices} red-flag alert(s), "
            f"{escalated} red-flag escalation(s)."
        )
        for name, count in scheduled.run_jobs(now=now):
            self.stdout.write(f"Sent {count} {name}.")
        self.stdout.write(f"Sent {asked} questionnaire email(s).")
