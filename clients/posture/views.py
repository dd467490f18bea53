"""Posture pages of an assessment: the four views, the landmark editor, the photos
themselves (streamed after an access check, never from a public path)."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.access import get_assessment_for, get_client_for
from clients.posture import compare, pages, photos, services
from clients.posture.access import get_photo_for, get_shared_photo_for
from clients.posture.forms import PointsForm
from clinic.access import portal_required, practice_required
from clinic.page_cache import cached_page
from clinic.security.middleware import allow_features


# The framing preview shows the chosen file from the browser's memory (a blob: URL).
@csp_update({"img-src": ["blob:"]})
@allow_features("camera")  # the live framing view; camera stays off on every other page
@require_http_methods(["GET", "POST"])
@practice_required
@cached_page
def posture_page(request, pk, assessment_pk):
    assessment = get_assessment_for(request.user, pk, assessment_pk)
    posted = request.POST.get("view") if request.method == "POST" else None
    forms = pages.upload_forms(request, posted)
    form = forms.get(posted)
    if form is not None and form.is_valid():
        try:
            photo = services.add_photo(
                assessment=assessment,
                view=posted,
                processed=form.processed,
                token=form.cleaned_data["token"],
                by=request.user,
            )
        except services.PostureError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{form.view_label} photo saved. Now place the points.")
            return redirect(photo)
    return render(
        request, "clients/posture/posture_page.html", pages.posture_context(assessment, forms)
    )


# The pose model is WebAssembly: only this page allows compiling it.
@csp_update({"script-src": ["'wasm-unsafe-eval'"]})
@require_http_methods(["GET", "POST"])
@practice_required
def photo_editor(request, pk, assessment_pk, photo_pk):
    photo = get_photo_for(request.user, pk, assessment_pk, photo_pk)
    form = PointsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filled = services.save_points(
                photo=photo,
                points=form.cleaned_data["points"],
                scale=form.cleaned_data["scale"],
                by=request.user,
            )
        except services.PostureError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, pages.saved_message(filled))
            return redirect(photo)
    return render(request, "clients/posture/photo_editor.html", pages.editor_context(photo, form))


def _stream(photo, size: str) -> FileResponse:
    name = photo.image_name if size == "image" else photo.thumbnail_name
    response = FileResponse(photos.private_storage().open(name), content_type="image/jpeg")
    # Health data: no shared or lasting caches.
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@transaction.non_atomic_requests
@practice_required
def photo_file(request, pk, assessment_pk, photo_pk, size):
    return _stream(get_photo_for(request.user, pk, assessment_pk, photo_pk), size)


@require_POST
@practice_required
def photo_archive(request, pk, assessment_pk, photo_pk):
    photo = get_photo_for(request.user, pk, assessment_pk, photo_pk)
    try:
        services.archive_photo(photo=photo, by=request.user, reason="Archived by the practitioner")
    except services.PostureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{photo.get_view_display()} photo archived; it stays in the history."
        )
    return redirect("clients:posture", pk, assessment_pk)


@require_safe
@transaction.non_atomic_requests
@portal_required
def portal_photo_file(request, photo_pk, size):
    return _stream(get_shared_photo_for(request.user, photo_pk), size)


@require_safe
@practice_required
def posture_compare(request, pk, assessment_pk):
    assessment = get_assessment_for(request.user, pk, assessment_pk)
    return render(
        request,
        "clients/posture/posture_compare.html",
        {"assessment": assessment, "client": assessment.client, **compare.comparison(assessment)},
    )


@require_POST
@practice_required
def posture_share(request, pk):
    client = get_client_for(request.user, pk)
    before, after = pages.share_photos(request.user, client, request.POST)
    try:
        services.share_pair(before=before, after=after, by=request.user)
    except services.PostureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Shared with the client: they see this pair in their portal.")
    return redirect("clients:posture_compare", client.pk, after.assessment_id)


@require_POST
@practice_required
def posture_unshare(request, pk, share_pk):
    share = pages.get_share_for(request.user, pk, share_pk)
    services.unshare(share=share, by=request.user)
    messages.success(request, "No longer shared: the pair is gone from the client's portal.")
    return redirect("clients:posture_compare", pk, share.after.assessment_id)


@require_safe
@portal_required
def portal_posture(request):
    shares = pages.portal_shares(request.user)
    return render(request, "clients/posture/portal_posture.html", {"shares": shares})
