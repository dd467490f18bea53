"""Login lock-outs (django-axes): how they look to the person locked out and to the practice.

Axes counts failures in the database, so every process sees the same count. An
account, or an address, with ``AXES_FAILURE_LIMIT`` failures inside the cool-off
window is refused, even with the right password, until the window passes or
practice staff unlock it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone

from clinic.forms import LoginForm

logger = logging.getLogger("clinic.security")

LOCKED_OUT_MESSAGE = (
    "Too many failed attempts to log in. For your security, logging in to this account "
    "or from this network is paused for {minutes} minutes. Try again later, use "
    "“Forgotten your password?”, or ask the clinic to unlock it."
)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def username_from_request(request: HttpRequest, credentials: dict | None = None) -> str:
    """The email as typed, trimmed and lower-cased, so changing its case is the same account."""
    source = credentials if credentials else request.POST
    value = source.get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return str(value).strip().lower()[:254]


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The styled login page with the lock-out explained, answered with 429."""
    form = LoginForm(request, initial={"username": username_from_request(request, credentials)})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out_message": LOCKED_OUT_MESSAGE.format(minutes=lockout_minutes())},
        status=429,
    )


@receiver(user_logged_in, dispatch_uid="clinic.security.lockouts.forget_own_failures")
def forget_own_failures(sender, request, user, **kwargs) -> None:
    """A successful login forgets that account's own failed attempts, and nobody else's.

    Axes' ``AXES_RESET_ON_SUCCESS`` would also delete the failures from the same address
    against other accounts: four guesses at the owner's password, one good login as a
    client, and the count starts again. So it is off, and this replaces it.
    """
    names = {user.get_username().strip().lower()}
    if request is not None and request.method == "POST":
        names.add(username_from_request(request))
    AccessAttempt.objects.filter(username__in=names - {""}).delete()


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_attempt: datetime

    @property
    def label(self) -> str:
        return "Account" if self.kind == "username" else "Network address"

    @property
    def until(self) -> datetime:
        return self.last_attempt + settings.AXES_COOLOFF_TIME


def current_lockouts() -> list[Lockout]:
    """Accounts and addresses locked out now, most recent first. Two queries."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    lockouts = []
    for kind in ("username", "ip_address"):
        rows = (
            recent.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        )
        lockouts += [Lockout(kind, row[kind], row["failures"], row["last"]) for row in rows]
    return sorted(lockouts, key=lambda lockout: lockout.last_attempt, reverse=True)


def unlock(*, kind: str, value: str, by) -> int:
    """Forget the failed attempts for one account or address; returns how many rows went."""
    if kind == "username":
        count = reset(username=value)
    elif kind == "ip_address":
        count = reset(ip=value)
    else:
        raise ValueError(f"Unknown lock-out kind {kind!r}")
    logger.info("Lock-out on %s %s lifted by %s (%d attempts)", kind, value, by, count)
    return count
