"""The clinic profile on the public home page (registered with clinic.home)."""

from clients.models import ClinicPhoto, PractitionerProfile
from clients.profile.services import clinic_profile


def published_practitioners():
    return PractitionerProfile.objects.published().filter(user__is_active=True).in_order()


def context(request) -> dict:
    """Three queries whatever the numbers: the profile, the photos, the practitioners."""
    return {
        "clinic_profile": clinic_profile(),
        "clinic_photos": list(ClinicPhoto.objects.published().in_order()),
        "practitioners": list(published_practitioners()),
    }
