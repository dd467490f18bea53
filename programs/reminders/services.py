"""Exercise reminders: the client's choices, their phones, and the scheduled sending.

Sending (``send_due_reminders``, run by ``manage.py send_reminders`` every few minutes):

1. A slot is one reminder time of one day. Each slot that is due (its time has come,
   within ``CLINIC_REMINDER_WINDOW_MINUTES``) is claimed by inserting its
   ``ReminderSlot`` row in its own committed transaction; the unique constraint makes a
   second, overlapping run fail the insert and leave it alone. So a slot is handled once,
   and a failure after the claim is not retried (a missed reminder beats a double one).
2. A claimed slot is skipped, with the reason on its row, when the client has no active
   program, a red flag is open (exercise is stopped), the slot falls in quiet hours, or
   the day already has as many sessions logged as this is the day's reminder (the
   evening reminder of a 2×-a-day program is skipped once two sessions are in).
3. Otherwise a push goes to each of the client's phones (a 404/410 deletes that
   subscription) and/or an email; the slot says whether any reached the client.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, PushSubscription, RedFlag, ReminderSettings, ReminderSlot
from programs.models import ClientProgram
from programs.reminders import emails, push

logger = logging.getLogger(__name__)

OFF_SALT = "programs.reminders.off"
OFF_LINK_DAYS = 90
# Suggested times for a prescription of N sessions a day.
SUGGESTED = {
    1: ["18:00"],
    2: ["08:00", "18:00"],
    3: ["08:00", "13:00", "19:00"],
    4: ["08:00", "12:00", "16:00", "20:00"],
}
DEFAULT_QUIET = (datetime.time(21, 30), datetime.time(7, 30))


def suggested_times(per_day: int | None) -> list[str]:
    return SUGGESTED[min(max(per_day or 1, 1), ReminderSettings.MAX_TIMES)]


def settings_for(client: Client) -> ReminderSettings | None:
    return ReminderSettings.objects.filter(client=client).first()


@transaction.atomic
def save_reminder_settings(
    *,
    client: Client,
    times: list[datetime.time],
    quiet_from: datetime.time | None,
    quiet_until: datetime.time | None,
    by_push: bool,
    by_email: bool,
) -> ReminderSettings:
    row, _ = ReminderSettings.objects.select_for_update().get_or_create(client=client)
    row.times = sorted({f"{t:%H:%M}" for t in times})
    row.quiet_from, row.quiet_until = quiet_from, quiet_until
    row.by_push, row.by_email = by_push, by_email
    row.save()
    return row


@transaction.atomic
def turn_reminders_off(*, client: Client) -> bool:
    """The one-tap "stop" (a signed link). True if anything was on."""
    return bool(
        ReminderSettings.objects.filter(client=client)
        .filter(Q(by_push=True) | Q(by_email=True))
        .update(by_push=False, by_email=False, updated_at=timezone.now())
    )


def add_subscription(
    *, client: Client, endpoint: str, p256dh: str, auth: str, device: str
) -> PushSubscription:
    """Keep this browser's subscription (one row per endpoint; a phone that subscribes
    again, or changes hands between clients, moves to the new one)."""
    row, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"client": client, "p256dh": p256dh, "auth": auth, "device": device[:120]},
    )
    return row


def remove_subscription(*, client: Client, endpoint: str) -> int:
    deleted, _ = PushSubscription.objects.filter(client=client, endpoint=endpoint).delete()
    return deleted


def off_token(client: Client) -> str:
    return signing.dumps(client.pk, salt=OFF_SALT)


def client_for_off_token(token: str) -> Client | None:
    try:
        pk = signing.loads(token, salt=OFF_SALT, max_age=datetime.timedelta(days=OFF_LINK_DAYS))
    except signing.BadSignature:
        return None
    return Client.objects.filter(pk=pk).first()


def off_url(client: Client) -> str:
    return reverse("programs:reminders_off", args=[off_token(client)])


def absolute(path: str) -> str:
    return f"{settings.CLINIC_SITE_URL.rstrip('/')}{path}"


@dataclass(frozen=True)
class Slot:
    client_id: int
    day: datetime.date
    time: datetime.time
    number: int  # 1 for the day's first reminder time


def due_slots(*, now: datetime.datetime) -> list[Slot]:
    """Slots whose time has come within the window and that no run has claimed yet."""
    local = timezone.localtime(now)
    window = datetime.timedelta(minutes=settings.CLINIC_REMINDER_WINDOW_MINUTES)
    days = {local.date(), (local - window).date()}  # a window across midnight
    claimed = set(ReminderSlot.objects.filter(day__in=days).values_list("client_id", "day", "time"))
    slots = []
    rows = ReminderSettings.objects.filter(Q(by_push=True) | Q(by_email=True)).exclude(times=[])
    for row in rows.only("client_id", "times"):
        for day in days:
            for number, text in enumerate(row.times, start=1):
                at = datetime.time.fromisoformat(text)
                start = timezone.make_aware(datetime.datetime.combine(day, at))
                if start <= now < start + window and (row.client_id, day, at) not in claimed:
                    slots.append(Slot(row.client_id, day, at, number))
    return slots


def claim(slot: Slot) -> ReminderSlot | None:
    """Insert the slot's row and commit it; None if another run already has it."""
    try:
        with transaction.atomic():
            return ReminderSlot.objects.create(
                client_id=slot.client_id, day=slot.day, time=slot.time
            )
    except IntegrityError:
        return None


def _client_for(slot: Slot) -> Client | None:
    """The client with their settings and login, whether they have a program to do and
    an open red flag, and how many sessions the slot's day has: one query."""
    programs = ClientProgram.objects.active().filter(
        client=OuterRef("pk"), current_phase__isnull=False
    )
    return (
        Client.objects.filter(pk=slot.client_id, archived_at__isnull=True)
        .select_related("reminder_settings", "user")
        .annotate(
            has_program=Exists(programs),
            red_flag_open=Exists(RedFlag.objects.unresolved().filter(client=OuterRef("pk"))),
            logged=Count(
                "programs__logs",
                filter=Q(
                    programs__status=ClientProgram.Status.ACTIVE,
                    programs__logs__performed_on=slot.day,
                ),
            ),
        )
        .first()
    )


def _skip_reason(client, row: ReminderSettings, slot: Slot) -> str | None:
    if client is None or not client.has_program or client.user is None or not client.user.is_active:
        return ReminderSlot.Outcome.NOTHING
    if client.red_flag_open:
        return ReminderSlot.Outcome.RED_FLAG
    if client.logged >= slot.number:
        return ReminderSlot.Outcome.LOGGED
    if row.in_quiet_hours(slot.time):
        return ReminderSlot.Outcome.QUIET
    return None


def _deliver(client, row: ReminderSettings) -> bool:
    """Push and/or email; True when at least one went out."""
    reached = False
    today_url, stop_url = reverse("programs:portal_home"), off_url(client)
    if row.by_push and push.configured():
        payload = {
            "title": "Time for your exercises",
            "body": "Today's session is ready. Tap to start.",
            "url": today_url,
            "off_url": stop_url,
            "tag": "exercise-reminder",
        }
        for subscription in PushSubscription.objects.filter(client=client):
            try:
                push.send(subscription, payload)
                reached = True
            except push.Gone:
                subscription.delete()
            except push.PushFailed as error:
                logger.warning(
                    "Push reminder to subscription %s failed: %s", subscription.pk, error
                )
    if row.by_email and client.email:
        try:
            emails.send_reminder(client, today_url=absolute(today_url), off_url=absolute(stop_url))
            reached = True
        except Exception:
            logger.exception("Exercise reminder email for client %s could not be sent", client.pk)
    return reached


def send_due_reminders(*, now: datetime.datetime) -> int:
    """Claim and send every due slot; returns how many reached the client."""
    sent = 0
    for slot in due_slots(now=now):
        claimed = claim(slot)
        if claimed is None:
            continue  # another run got it first
        client = _client_for(slot)
        row = getattr(client, "reminder_settings", None) if client is not None else None
        reason = (
            _skip_reason(client, row, slot) if row is not None else ReminderSlot.Outcome.NOTHING
        )
        if reason is None:
            reason = (
                ReminderSlot.Outcome.SENT if _deliver(client, row) else ReminderSlot.Outcome.FAILED
            )
        ReminderSlot.objects.filter(pk=claimed.pk).update(outcome=reason)
        sent += reason == ReminderSlot.Outcome.SENT
    return sent
