"""The owner's clinic-profile pages, and the public pictures of the profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.models import ClinicPhoto, PractitionerProfile
from clients.profile import services
from clients.profile.forms import (
    ClinicPhotoEditForm,
    ClinicPhotoForm,
    DescriptionForm,
    PractitionerProfileForm,
)
from clinic.access import owner_required
from clinic.media import file_response
from clinic.models import PRACTICE_ROLES
from clinic.once import once_per_key

# Public pictures may be kept by browsers and proxies, briefly: unpublishing one takes
# effect for new visitors at once and everywhere within five minutes.
PUBLIC_CACHE = "public, max-age=300"


def _staff():
    return get_user_model().objects.filter(is_active=True, role__in=PRACTICE_ROLES)


@require_http_methods(["GET", "POST"])
@owner_required
def profile_edit(request):
    """The clinic profile: description, photos and each practitioner's profile.
    Queries: session, user, profile, photos, staff with their profiles (one join)."""
    profile = services.clinic_profile()
    form = DescriptionForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.save_description(form.instance, by=request.user)
        messages.success(request, "The clinic description was saved.")
        return redirect("clients:clinic_profile")
    staff = _staff().select_related("practitioner_profile").order_by("first_name", "last_name")
    context = {
        "form": form,
        "photos": ClinicPhoto.objects.in_order(),
        "staff": staff,
    }
    return render(request, "clients/profile/profile_edit.html", context)


@require_http_methods(["GET", "POST"])
@owner_required
@once_per_key
def photo_add(request):
    form = ClinicPhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_photo(form.instance, form.cleaned_data["image"], by=request.user)
        messages.success(request, "The photo was added.")
        return redirect("clients:clinic_profile")
    return render(request, "clients/profile/photo_form.html", {"form": form, "photo": None})


@require_http_methods(["GET", "POST"])
@owner_required
def photo_edit(request, pk):
    photo = get_object_or_404(ClinicPhoto, pk=pk)
    form = ClinicPhotoEditForm(request.POST or None, instance=photo)
    if request.method == "POST" and form.is_valid():
        services.update_photo(form.instance, by=request.user)
        messages.success(request, "The photo was saved.")
        return redirect("clients:clinic_profile")
    return render(request, "clients/profile/photo_form.html", {"form": form, "photo": photo})


@require_POST
@owner_required
def photo_remove(request, pk):
    photo = get_object_or_404(ClinicPhoto.objects.select_for_update(), pk=pk)
    services.remove_photo(photo, by=request.user)
    messages.success(request, "The photo was removed.")
    return redirect("clients:clinic_profile")


@require_http_methods(["GET", "POST"])
@owner_required
def practitioner_edit(request, user_pk):
    person = get_object_or_404(_staff().select_related("practitioner_profile"), pk=user_pk)
    profile = getattr(person, "practitioner_profile", None) or PractitionerProfile(
        user=person, display_name=person.get_full_name() or person.email
    )
    form = PractitionerProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.save_practitioner_profile(
            form.instance,
            by=request.user,
            portrait=form.cleaned_data.get("new_photo"),
            remove_photo=form.cleaned_data.get("remove_photo", False),
        )
        messages.success(request, f"{form.instance.display_name}'s profile was saved.")
        return redirect("clients:clinic_profile")
    return render(
        request,
        "clients/profile/practitioner_form.html",
        {"form": form, "person": person, "profile": profile},
    )


def _public_file(request, name: str, published: bool):
    # Published pictures are public; staff also see the unpublished ones while editing.
    user = request.user
    if not published and not (user.is_authenticated and user.is_practice_staff):
        raise Http404("No such picture.")
    response = file_response(name, request)
    response["Cache-Control"] = PUBLIC_CACHE if published else "private, no-store"
    return response


@require_safe
@transaction.non_atomic_requests  # read-only
def photo_file(request, pk):
    """Queries: the photo (and the session and user only for an unpublished one)."""
    photo = get_object_or_404(ClinicPhoto.objects.only("image", "published"), pk=pk)
    return _public_file(request, photo.image, photo.published)


@require_safe
@transaction.non_atomic_requests  # read-only
def practitioner_photo(request, pk):
    profile = get_object_or_404(PractitionerProfile.objects.only("photo", "published"), pk=pk)
    if not profile.photo:
        raise Http404("No photo.")
    return _public_file(request, profile.photo, profile.published)
