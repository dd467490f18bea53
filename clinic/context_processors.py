from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.functional import LazyObject, empty

# The links every page's header carries, by the names templates use (``nav.clients``).
NAV_URL_NAMES = {
    "home": "home",
    "login": "login",
    "logout": "logout",
    "security": "account_security",
    "password": "password_change",  # nosec B105
    "dashboard": "dashboard",
    "clients": "clients:client_list",
    "consultations": "clients:consultation_list",
    "calendar": "clients:calendar",
    "exercises": "programs:exercise_list",
    "templates": "programs:template_list",
    "style_guide": "style_guide",
    "clinic_profile": "clients:clinic_profile",
    "consent_versions": "clients:consent_versions",
    "portal_home": "programs:portal_home",
    "portal_check_in": "programs:portal_check_in",
    "portal_progress": "programs:portal_progress",
    "portal_appointments": "programs:portal_appointments",
    "portal_urgent": "programs:portal_urgent",
    "portal_manifest": "programs:portal_manifest",
    "portal_service_worker": "programs:portal_service_worker",
}


@cache
def nav_urls(script_prefix: str) -> dict[str, str]:
    # Reversed once per process (per script prefix, which reverse() reads) instead of
    # a dozen times on every page.
    return {key: reverse(name) for key, name in NAV_URL_NAMES.items()}


def _unwrapped(user):
    """The user behind ``request.user``'s lazy proxy: templates read ``user`` dozens of
    times a page, and every read through the proxy costs a method call more."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def clinic(request):
    context = {
        "CLINIC_NAME": settings.CLINIC_NAME,
        "CLINIC_PHONE": settings.CLINIC_PHONE,
        "CLINIC_EMAIL": settings.CLINIC_EMAIL,
        "CLINIC_ADDRESS": settings.CLINIC_ADDRESS,
        "nav": nav_urls(get_script_prefix()),
    }
    if hasattr(request, "user"):
        # After django.contrib.auth's processor (which the admin requires), in its place.
        context["user"] = _unwrapped(request.user)
    return context
