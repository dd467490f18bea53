"""Changing the clinic profile: each change in one transaction, recorded with who made it.

Files are written before the row points at them and removed only once the
transaction that stopped using them has committed, so a failed save never leaves a
row pointing at nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from clients.models import ClinicPhoto, ClinicProfile, PractitionerProfile
from clients.profile import pictures
from clinic.history import record_change


def clinic_profile() -> ClinicProfile:
    """The clinic's profile row (unsaved and empty until the owner first saves it)."""
    return ClinicProfile.objects.filter(pk=1).first() or ClinicProfile(pk=1)


@transaction.atomic
def save_description(profile: ClinicProfile, *, by) -> ClinicProfile:
    profile.pk = 1
    profile.updated_at = timezone.now()
    record_change(profile, by=by, reason="Clinic description changed")
    profile.save()
    return profile


def _cleanup_on_commit(*names: str) -> None:
    transaction.on_commit(lambda: pictures.delete(*names))


@transaction.atomic
def add_photo(photo: ClinicPhoto, picture: tuple[bytes, int, int], *, by) -> ClinicPhoto:
    """``picture``: the re-encoded photo and its size (``pictures.clinic_photo``)."""
    content, photo.width, photo.height = picture
    photo.image = pictures.store(content)
    photo.created_by = by
    record_change(photo, by=by, reason="Clinic photo added")
    try:
        photo.save()
    except Exception:
        pictures.delete(photo.image)
        raise
    return photo


@transaction.atomic
def update_photo(photo: ClinicPhoto, *, by) -> ClinicPhoto:
    record_change(photo, by=by, reason="Clinic photo changed")
    photo.save()
    return photo


@transaction.atomic
def remove_photo(photo: ClinicPhoto, *, by) -> None:
    name = photo.image
    record_change(photo, by=by, reason="Clinic photo removed")
    photo.delete()
    _cleanup_on_commit(name)


@transaction.atomic
def save_practitioner_profile(
    profile: PractitionerProfile, *, by, portrait: bytes | None = None, remove_photo: bool = False
) -> PractitionerProfile:
    """Save ``profile`` (already validated); a new ``portrait`` (``pictures.portrait``)
    replaces the old photo."""
    old = profile.photo
    if portrait is not None:
        profile.photo = pictures.store(portrait)
    elif remove_photo:
        profile.photo = ""
    profile.updated_at = timezone.now()
    record_change(profile, by=by, reason="Practitioner profile changed")
    try:
        profile.save()
    except Exception:
        if profile.photo != old:
            pictures.delete(profile.photo)
        raise
    if old and old != profile.photo:
        _cleanup_on_commit(old)
    return profile
