"""Exercise reminders a client chose in the portal: when, how, and where to push them.

The data is the client's (erased with them, clients/reminders/erasure.py); what a
reminder says and when it is skipped depends on their program, so the sending lives in
``programs/reminders/``.
"""

from django.core.validators import URLValidator
from django.db import models


class ReminderSettings(models.Model):
    """One row per client: the times of day, quiet hours and the ways to be reminded."""

    MAX_TIMES = 4

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="reminder_settings"
    )
    # Local times "HH:MM", sorted, at most MAX_TIMES (the portal's form checks them).
    times = models.JSONField(default=list, blank=True)
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    by_push = models.BooleanField("push notification on my phone", default=False)
    by_email = models.BooleanField("email", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self) -> str:
        return f"Reminders for client {self.client_id}"

    @property
    def is_on(self) -> bool:
        return bool(self.times) and (self.by_push or self.by_email)

    def in_quiet_hours(self, moment) -> bool:
        """``moment`` (a local time) falls in the quiet hours, which may span midnight."""
        start, end = self.quiet_from, self.quiet_until
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end


class PushSubscription(models.Model):
    """A browser's Web Push subscription (one per phone or browser the client allowed)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    # The push service's address (https in real life; the tests' service is on 127.0.0.1).
    endpoint = models.CharField(max_length=1000, unique=True, validators=[URLValidator()])
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    device = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Push subscription {self.pk} of client {self.client_id}"


class ReminderSlot(models.Model):
    """One reminder time of one day, claimed by the run that handles it: the unique row is
    what keeps two overlapping runs from both sending it."""

    class Outcome(models.TextChoices):
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"
        LOGGED = "logged", "Skipped: session already logged"
        RED_FLAG = "red_flag", "Skipped: exercise stopped"
        QUIET = "quiet", "Skipped: quiet hours"
        NOTHING = "nothing", "Skipped: no program or no way to reach the client"
        FAILED = "failed", "Could not be sent"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="reminder_slots"
    )
    day = models.DateField()
    time = models.TimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.CLAIMED)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "day", "time"], name="one_reminder_per_slot")
        ]

    def __str__(self) -> str:
        return f"Reminder {self.day} {self.time:%H:%M} for client {self.client_id}"
