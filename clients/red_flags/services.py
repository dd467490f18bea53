"""The life of a red flag, from the first "yes" to the medical clearance.

- ``raise_red_flag`` / ``record_safety_answers`` commit in their own transaction,
  before the rest of any form is looked at, so a "yes" is never lost to another
  field's error. The views that call them opt out of ATOMIC_REQUESTS.
- ``send_pending_notices`` emails the client's practitioner (every owner when the
  client has none) once per flag, claimed with a conditional UPDATE.
- ``escalate`` emails every owner about flags nobody acknowledged within
  ``CLINIC_RED_FLAG_ESCALATE_HOURS``; claimed the same way, so overlapping runs of
  the scheduled command send it once.
- ``acknowledge`` ("seen, acting on it") and ``clear_red_flag`` (the resolution and,
  for a medical clearance, who gave it and when) are a practitioner's.

Emails carry no health details and no name: only that a client reported a safety
concern, and a link to it behind the practice login.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clients.models import Client, RedFlag, SafetyCheck
from clients.red_flags import emails
from clients.vocab import CAUDA_EQUINA_RED_FLAGS, RED_FLAG_LABELS
from clinic.history import record_change

logger = logging.getLogger(__name__)

# How long the weekly safety card stays answered.
SAFETY_CHECK_DAYS = 7


class RedFlagError(Exception):
    """A red-flag workflow refused; the message is written for the practitioner."""


def answers_from(data: Mapping, codes: Iterable[str], *, prefix: str = "flag_") -> dict:
    """The yes/no answers in raw form data (``<prefix><code>`` = "yes" / "no"), nothing
    else read or checked: a "yes" counts even when every other field is invalid."""
    answers = {}
    for code in codes:
        value = str(data.get(f"{prefix}{code}", "")).strip().lower()
        if value in ("yes", "no"):
            answers[code] = value == "yes"
    return answers


def raise_red_flag(
    *,
    client: Client,
    answers: Iterable[str],
    source: str,
    by,
    details: str = "",
    assessment=None,
    raised_at: datetime | None = None,
    notified_at: datetime | None = None,
) -> RedFlag:
    """Save an open red flag now, in its own transaction, and email a person once it
    has committed. A flag a practitioner raises (an assessment, by hand) is theirs
    already: it counts as told and acknowledged, so nobody is emailed about it.

    ``raised_at`` / ``notified_at``: a "yes" said (and emailed about) before there was a
    client to raise it on (a stranger's intake form), kept as it was; the escalation
    clock (``escalates_from``) still starts now."""
    codes = sorted(set(answers))
    if not codes or any(code not in RED_FLAG_LABELS for code in codes):
        raise RedFlagError("A red flag needs at least one known safety answer.")
    now = timezone.now()
    flag = RedFlag(
        client=client,
        source=source,
        answers=codes,
        details=details.strip()[:2000],
        assessment=assessment,
        raised_at=raised_at or now,
        escalates_from=now,
        raised_by=by,
        notified_at=notified_at,
    )
    # A flag from the client's own doors waits for a practitioner to acknowledge it.
    if source not in (RedFlag.Source.CHECK_IN, RedFlag.Source.INTAKE):
        flag.notified_at = flag.acknowledged_at = now
        flag.acknowledged_by = by
    with transaction.atomic():
        record_change(flag, by=by, reason="Raised")
        flag.save()
        transaction.on_commit(lambda: send_pending_notices(pks=[flag.pk]))
    return flag


def record_safety_answers(
    *,
    client: Client,
    answers: dict,
    source: str,
    by,
    note: str = "",
    flag_source: str = RedFlag.Source.CHECK_IN,
    raised_at: datetime | None = None,
    notified_at: datetime | None = None,
) -> SafetyCheck | None:
    """Keep a client's safety answers (None when none was answered) and raise a red flag
    for any "yes", both in one transaction of their own; ``note`` (the client's words)
    goes with the flag, ``raised_at`` / ``notified_at`` to ``raise_red_flag``."""
    if not answers:
        return None
    with transaction.atomic():
        check = SafetyCheck(
            client=client,
            source=source,
            answers=answers,
            cauda_equina_answered=all(code in answers for code in CAUDA_EQUINA_RED_FLAGS),
            answered_by=by,
        )
        yes = [code for code, said_yes in answers.items() if said_yes]
        if yes:
            check.red_flag = raise_red_flag(
                client=client,
                answers=yes,
                source=flag_source,
                by=by,
                details=note,
                raised_at=raised_at,
                notified_at=notified_at,
            )
        record_change(check, by=by)
        check.save()
    return check


def raise_from_assessment(*, client: Client, assessment, data: Mapping, by) -> RedFlag | None:
    """The assessment page's red-flag screen, saved before the rest of the form is
    validated: a "yes" on a page with another field's error still raises (or adds to)
    the open flag. ``assessment`` is None for a new one; saving it adopts the flag."""
    yes = [
        code
        for code, said in answers_from(data, RED_FLAG_LABELS, prefix="red_flag_").items()
        if said
    ]
    if not yes:
        return None
    flags = client.red_flags.unresolved().filter(source=RedFlag.Source.ASSESSMENT)
    if assessment is not None:
        flag = flags.filter(assessment=assessment).first()
    else:
        flag = flags.filter(assessment__isnull=True, raised_by=by).first()
    if flag is None:
        return raise_red_flag(
            client=client,
            answers=yes,
            source=RedFlag.Source.ASSESSMENT,
            by=by,
            details=str(data.get("red_flag_notes", "")),
            assessment=assessment,
        )
    if not set(yes) <= set(flag.answers):
        with transaction.atomic():
            flag.answers = sorted(set(flag.answers) | set(yes))
            record_change(flag, by=by)
            flag.save(update_fields=["answers"])
    return flag


def safety_check_due_since(now: datetime | None = None) -> datetime:
    """Answers older than this no longer count as this week's safety check."""
    return (now or timezone.now()) - timedelta(days=SAFETY_CHECK_DAYS)


@transaction.atomic
def acknowledge(*, red_flag: RedFlag, by) -> bool:
    """Record that ``by`` has seen the flag and is acting on it; stops the escalation.
    False (nothing changed) when someone acknowledged it first."""
    now = timezone.now()
    claimed = RedFlag.objects.filter(pk=red_flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by
    )
    if claimed:
        red_flag.refresh_from_db()
        # The UPDATE wrote no history row; this save does, stamped with who.
        record_change(red_flag, by=by, reason="Acknowledged")
        red_flag.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return bool(claimed)


@transaction.atomic
def clear_red_flag(
    *,
    red_flag: RedFlag,
    by,
    resolution: str,
    note: str,
    cleared_by_name: str = "",
    cleared_on: date | None = None,
) -> RedFlag:
    """Close the flag with its resolution. A medical clearance says who gave it and when.
    Exercise restarts in the portal once no flag of the client is open."""
    red_flag = RedFlag.objects.select_for_update().get(pk=red_flag.pk)
    if red_flag.is_resolved:
        raise RedFlagError("This red flag was already resolved.")
    if resolution == RedFlag.Resolution.MEDICAL_CLEARANCE:
        if not cleared_by_name.strip():
            raise RedFlagError("Say who gave the medical clearance.")
        if cleared_on is None:
            raise RedFlagError("Give the date the clearance was received.")
    if red_flag.acknowledged_at is None:
        red_flag.acknowledged_at, red_flag.acknowledged_by = timezone.now(), by
    red_flag.resolve(
        by=by,
        resolution=resolution,
        note=note.strip(),
        cleared_by_name=cleared_by_name.strip(),
        cleared_on=cleared_on,
    )
    return red_flag


def _claim(pk: int, *, field: str, now: datetime, **conditions) -> bool:
    """Set ``field`` to ``now`` if it is still empty: True for exactly one caller, ever
    (a conditional UPDATE is atomic on both databases)."""
    return (
        RedFlag.objects.filter(pk=pk, **{f"{field}__isnull": True}, **conditions).update(
            **{field: now}
        )
        == 1
    )


def _release(pk: int, *, field: str, now: datetime) -> None:
    """Undo a claim whose email failed, so the next scheduled run tries again."""
    RedFlag.objects.filter(pk=pk, **{field: now}).update(**{field: None})


def send_pending_notices(*, now: datetime | None = None, pks: Iterable[int] | None = None) -> int:
    """Email each open flag's first alert once (the flags ``pks``, or every pending
    one: the scheduled command retries any that failed). Returns how many were sent."""
    now = now or timezone.now()
    pending = RedFlag.objects.unresolved().filter(notified_at__isnull=True)
    if pks is not None:
        pending = pending.filter(pk__in=list(pks))
    sent = 0
    for flag in pending.select_related("client__practitioner").order_by("raised_at", "pk"):
        if not _claim(flag.pk, field="notified_at", now=now):
            continue  # another run or request got it first
        try:
            emails.send_raised(flag)
        except Exception:
            logger.exception("The alert for red flag %s could not be sent", flag.pk)
            _release(flag.pk, field="notified_at", now=now)
            continue
        sent += 1
    return sent


def escalate_hours() -> float:
    return float(settings.CLINIC_RED_FLAG_ESCALATE_HOURS)


def escalate(*, now: datetime | None = None) -> int:
    """Email every owner about each open flag nobody acknowledged within
    ``CLINIC_RED_FLAG_ESCALATE_HOURS`` of its ``escalates_from`` (when it was raised on
    the record): once per flag, whatever runs overlap."""
    now = now or timezone.now()
    due = RedFlag.objects.unresolved().filter(
        acknowledged_at__isnull=True,
        escalated_at__isnull=True,
        escalates_from__lte=now - timedelta(hours=escalate_hours()),
    )
    sent = 0
    for pk in list(due.order_by("escalates_from", "pk").values_list("pk", flat=True)):
        if not _claim(
            pk,
            field="escalated_at",
            now=now,
            acknowledged_at__isnull=True,
            resolved_at__isnull=True,
        ):
            continue
        flag = RedFlag.objects.select_related("client").get(pk=pk)
        try:
            emails.send_escalation(flag)
        except Exception:
            logger.exception("The escalation for red flag %s could not be sent", pk)
            _release(pk, field="escalated_at", now=now)
            continue
        sent += 1
    return sent
