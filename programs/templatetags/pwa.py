"""``{{ user|portal_device_owner }}``: an opaque name for whose copies the portal's service
worker keeps on a phone (programs/pwa/), so another client signing in on the same phone
never sees the first one's kept pages."""

from django import template
from django.utils.crypto import salted_hmac

register = template.Library()


@register.filter
def portal_device_owner(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    return salted_hmac("programs.pwa.device-owner", str(user.pk)).hexdigest()[:24]
