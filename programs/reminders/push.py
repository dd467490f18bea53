"""Web Push through ``pywebpush`` with the VAPID keys from settings.

A subscription the push service says is gone (404 or 410) raises ``Gone`` so the
caller deletes it; any other failure raises ``PushFailed``.
"""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from pywebpush import WebPushException, webpush

from clients.models import PushSubscription

TIMEOUT_SECONDS = 10
TTL_SECONDS = 60 * 60  # a reminder an hour late is no use


class PushFailed(Exception):
    pass


class Gone(PushFailed):
    """The browser unsubscribed, or the push service dropped the subscription."""


def configured() -> bool:
    return bool(settings.WEBPUSH_VAPID_PUBLIC_KEY and settings.WEBPUSH_VAPID_PRIVATE_KEY)


def public_key() -> str:
    """What the browser subscribes with (``applicationServerKey``); empty without keys."""
    return settings.WEBPUSH_VAPID_PUBLIC_KEY if configured() else ""


def new_vapid_keys() -> tuple[str, str]:
    """A P-256 key pair as the settings want it: (public, private), both base64url, the
    public key as the browser's ``applicationServerKey`` (uncompressed point), the private
    key as its raw 32 bytes."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return _b64(public), _b64(private)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def send(subscription: PushSubscription, payload: dict) -> None:
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=json.dumps(payload),
            vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
            ttl=TTL_SECONDS,
            timeout=TIMEOUT_SECONDS,
            headers={"Urgency": "normal", "Topic": "exercise-reminder"},
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            raise Gone(str(status)) from error
        raise PushFailed(str(status or error)) from error
    except (OSError, ValueError) as error:  # connection refused, bad keys
        raise PushFailed(type(error).__name__) from error
