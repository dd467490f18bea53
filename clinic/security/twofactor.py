"""Two-factor authentication with django-otp: an authenticator app (TOTP) plus recovery codes.

After the password, a user with a confirmed device must enter a code before any
page opens (``TwoFactorMiddleware``). When the owner requires two-factor for the
practice, staff without a device must set one up first. Both are decided once, at
login, and kept in the session, so ordinary requests cost no query.
"""

from __future__ import annotations

import time
from base64 import b32encode
from importlib import import_module

import segno
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import PRACTICE_ROLES, SecuritySettings, User, UserSession

SESSION_STATE = "clinic_2fa"
VERIFY = "verify"  # has a device: must enter a code
SETUP = "setup"  # practice staff, two-factor required, no device yet
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Authenticator app"


class TwoFactorError(Exception):
    """A two-factor step that cannot go ahead; the message says why, for the user."""


def state_at_login(user) -> str | None:
    if user_has_device(user):
        return VERIFY
    if user.is_practice_staff and SecuritySettings.current().require_two_factor:
        return SETUP
    return None


@receiver(user_logged_in, dispatch_uid="clinic.security.twofactor.remember_state")
def remember_state(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    state = state_at_login(user)
    if state:
        request.session[SESSION_STATE] = state
    else:
        request.session.pop(SESSION_STATE, None)


def pending_state(request: HttpRequest) -> str | None:
    return request.session.get(SESSION_STATE)


def is_required_for(user) -> bool:
    return user.is_practice_staff and SecuritySettings.current().require_two_factor


def save_security_settings(*, form, request: HttpRequest) -> int:
    """Save the owner's security form; when it turns two-factor on, enforce it at once.

    Every practice session that has not passed two-factor ends (those people log in
    again and are sent to set it up); the owner's own session goes to the set-up
    page next. Returns how many sessions ended.
    """
    was_required = SecuritySettings.current().require_two_factor
    form.save()
    if was_required or not form.instance.require_two_factor:
        return 0
    if not request.user.is_verified():
        request.session[SESSION_STATE] = VERIFY if user_has_device(request.user) else SETUP
    return end_unverified_staff_sessions(keep=request.session.session_key)


def end_unverified_staff_sessions(*, keep: str | None = None) -> int:
    """End every live session of practice staff that has not passed two-factor.

    Reads each live staff session once (a rare owner action, not a request path; the
    session row names its user, ``UserSession.user_id``); deletes through the session
    engine, so a cached copy goes too.
    """
    staff = {
        str(pk) for pk in User.objects.filter(role__in=PRACTICE_ROLES).values_list("pk", flat=True)
    }
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    live = UserSession.objects.filter(
        expire_date__gt=timezone.now(), user_id__in=[int(pk) for pk in staff]
    ).exclude(session_key=keep)
    for session in live:
        data = session.get_decoded()
        if str(data.get(SESSION_KEY)) in staff and not data.get(DEVICE_ID_SESSION_KEY):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


# A set-up page carries its new key back in a signed field, so showing it writes nothing.
SETUP_MAX_AGE_SECONDS = 30 * 60


def _setup_salt(user) -> str:
    return f"clinic.security.twofactor.setup:{user.pk}"


def start_setup(user) -> TOTPDevice:
    """A new, unsaved device with a fresh random key, for the set-up page to show."""
    return TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)


def setup_token(device: TOTPDevice) -> str:
    """The device's key, signed for its user, for the set-up form's hidden field."""
    return signing.dumps(device.key, salt=_setup_salt(device.user))


def resume_setup(user, token: str | None) -> TOTPDevice | None:
    """The unsaved device a set-up form was drawn for; None if forged, another user's or
    older than ``SETUP_MAX_AGE_SECONDS``."""
    try:
        key = signing.loads(token or "", salt=_setup_salt(user), max_age=SETUP_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    return TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// link as an inline SVG QR code (no script, no style)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        dark="#000",
        light="#fff",
        omitsize=True,
        title="QR code for your authenticator app",
    )


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 key in groups of four, for apps that cannot scan."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def new_recovery_codes(*, user) -> list[str]:
    """Replace the user's recovery codes with fresh ones; each works once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _clean(token: str) -> str:
    return "".join(str(token).split()).lower()[:16]


def _matches(device: TOTPDevice, token: str) -> TOTP | None:
    """The TOTP state when ``token`` is the current code of ``device`` (saves nothing)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    try:
        return totp if totp.verify(int(token), device.tolerance) else None
    except ValueError:
        return None


@transaction.atomic
def confirm_setup(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str]:
    """Save ``device`` (from ``resume_setup``) once a code from the app matches; returns
    the new recovery codes."""
    if device.user_id != request.user.pk or device.pk or user_has_device(request.user):
        raise TwoFactorError("This set-up has expired. Start again.")
    totp = _matches(device, _clean(token))
    if totp is None:
        raise TwoFactorError(
            "That code did not match. Check the time on your phone is right and "
            "enter the newest 6-digit code."
        )
    device.confirmed = True
    device.last_t = totp.t()
    device.save()
    # Devices left unconfirmed by the set-up of earlier versions of this page.
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    codes = new_recovery_codes(user=request.user)
    otp_login(request, device)
    request.session.pop(SESSION_STATE, None)
    return codes


def verify_code(*, request: HttpRequest, token: str) -> None:
    """Accept a code from the app or an unused recovery code for the logged-in user."""
    token = _clean(token)
    throttled = []
    if token:
        for device in devices_for_user(request.user, confirmed=True):
            # Each wrong code doubles the wait before the device accepts another (django-otp).
            throttled.append(not device.verify_is_allowed()[0])
            if device.verify_token(token):
                otp_login(request, device)
                request.session.pop(SESSION_STATE, None)
                return
    if throttled and all(throttled):
        raise TwoFactorError("Too many wrong codes in a row. Wait a minute, then try again.")
    raise TwoFactorError("That code did not work. Enter the newest code from your app.")


@transaction.atomic
def remove_two_factor(*, user) -> None:
    if is_required_for(user):
        raise TwoFactorError("The clinic requires two-factor authentication for practice staff.")
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
