"""The practice's media page of an exercise: upload, caption, reorder and remove."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from clinic.access import practice_required
from clinic.once import once_per_key
from programs.access import get_exercise_for
from programs.media import services
from programs.media.access import get_media_for
from programs.media.forms import CaptionForm, MediaUploadForm


def _page(request, exercise, form):
    return render(
        request,
        "programs/media/exercise_media.html",
        {"exercise": exercise, "form": form, "media": list(exercise.media.in_order())},
    )


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def exercise_media(request, pk):
    """Queries: the session, the user, the exercise, its media (plus the upload's writes)."""
    exercise = get_exercise_for(request.user, pk)
    form = MediaUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, exercise, form)
        services.add_media(
            exercise=exercise,
            kind=form.cleaned_data["kind"],
            caption=form.cleaned_data["caption"],
            prepared=form.cleaned_data["prepared"],
            by=request.user,
        )
        messages.success(request, "Added. It is shown wherever the exercise is.")
        return redirect("programs:exercise_media", pk=exercise.pk)
    return _page(request, exercise, form)


@require_POST
@practice_required
def exercise_media_caption(request, pk, media_pk):
    media = get_media_for(request.user, pk, media_pk)
    form = CaptionForm(request.POST)
    if form.is_valid():
        services.set_caption(media, form.cleaned_data["caption"], by=request.user)
        messages.success(request, "Caption saved.")
    else:
        messages.error(request, "A caption is needed (at most 200 characters): it was not changed.")
    return redirect("programs:exercise_media", pk=pk)


@require_POST
@practice_required
def exercise_media_move(request, pk, media_pk):
    media = get_media_for(request.user, pk, media_pk)
    if request.POST.get("direction") in ("up", "down"):
        services.move_media(media, request.POST["direction"], by=request.user)
    return redirect(reverse("programs:exercise_media", args=[pk]) + f"#media-{media.pk}")


@require_POST
@practice_required
def exercise_media_remove(request, pk, media_pk):
    media = get_media_for(request.user, pk, media_pk)
    services.remove_media(media, by=request.user)
    messages.success(request, f"Removed “{media.caption}”.")
    return redirect("programs:exercise_media", pk=pk)
