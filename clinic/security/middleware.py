"""Site-wide request rules: security headers, no caching of signed-in pages, idle practice
sessions, two-factor gate."""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from clinic.security import twofactor

# The session's "last seen" stamp is rewritten at most this often, so an ordinary
# request does not write the session (and costs no query).
TOUCH_EVERY_SECONDS = 60
LAST_SEEN = "clinic_last_seen"


def allow_features(*features: str):
    """View decorator: this page's Permissions-Policy lets the page itself (``self``, never
    a frame or another origin) use the named features, e.g. ``"camera"``; every other
    feature stays off and every other page keeps the site-wide policy."""
    allowed = set(features)

    def policy() -> str:
        parts = []
        for part in settings.PERMISSIONS_POLICY.split(","):
            name = part.strip().split("=", 1)[0]
            parts.append(f"{name}=(self)" if name in allowed else part.strip())
        return ", ".join(parts)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Permissions-Policy"] = policy()
            return response

        return wrapped

    return decorate


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreWhenSignedInMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in visitor.

    Health records must not be reopened from the browser's cache (the back button,
    a shared computer) after logging out; pages for anonymous visitors are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before the view: logging out replaces request.user with an anonymous one.
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


@receiver(user_logged_in, dispatch_uid="clinic.security.middleware.stamp_session")
def stamp_session(sender, request, user, **kwargs) -> None:
    """A fresh login starts the idle clock (so the first request need not write the session)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class IdleTimeoutMiddleware:
    """Log practice staff out after ``CLINIC_PRACTICE_IDLE_MINUTES`` without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_practice_staff:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if (
                last_seen is not None
                and now - last_seen > settings.CLINIC_PRACTICE_IDLE_MINUTES * 60
            ):
                logout(request)
                messages.info(
                    request,
                    "You were logged out after "
                    f"{settings.CLINIC_PRACTICE_IDLE_MINUTES} minutes without activity, "
                    "to keep client records private. Log in again to carry on.",
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Until the second step is done, the only pages open are that step and logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            state = twofactor.pending_state(request)
            if state == twofactor.VERIFY and not request.user.is_verified():
                return self._gate(request, "two_factor_verify")
            if state == twofactor.SETUP:
                return self._gate(request, "two_factor_setup")
        return self.get_response(request)

    def _gate(self, request, url_name: str):
        allowed = {reverse(url_name), reverse("logout")}
        if request.path in allowed or request.path.startswith(f"/{settings.STATIC_URL}"):
            return self.get_response(request)
        target = reverse(url_name)
        if request.method == "GET":
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return redirect(target)
