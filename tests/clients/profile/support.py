"""Pictures and profiles for the clinic-profile tests (and the access matrix)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clients.models import ClinicPhoto, PractitionerProfile
from clients.profile import pictures, services


def png_upload(size=(800, 600), colour=(31, 111, 92), name="studio.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_clinic_photo(by=None, *, published=True, alt="The studio") -> ClinicPhoto:
    photo = ClinicPhoto(alt_text=alt, published=published)
    return services.add_photo(photo, pictures.clinic_photo(png_upload()), by=by)


def make_practitioner_profile(user, *, published=True, photo=True, **fields) -> PractitionerProfile:
    profile = PractitionerProfile(
        user=user,
        display_name=fields.pop("display_name", user.get_full_name() or user.email),
        published=published,
        **fields,
    )
    portrait = pictures.portrait(png_upload((500, 400))) if photo else None
    return services.save_practitioner_profile(profile, by=None, portrait=portrait)
