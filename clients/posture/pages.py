"""What the posture pages show: built here so the views stay a few lines each."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse

from clients.models import Assessment, Client, PosturePhoto, PostureShare
from clients.posture import landmarks
from clients.posture.forms import PhotoUploadForm, PointsForm

# The MediaPipe Pose files the editor may fetch (static/vendor/mediapipe-pose/), by the
# name the library asks for: each gets its (possibly hashed) static URL.
POSE_FILES = (
    "pose.js",
    "pose_solution_packed_assets_loader.js",
    "pose_solution_packed_assets.data",
    "pose_solution_simd_wasm_bin.js",
    "pose_solution_simd_wasm_bin.wasm",
    "pose_web.binarypb",
    "pose_landmark_full.tflite",
)

HIP_WORDS = {"elevated_hip": "elevated hip", "pelvic_tilt": "pelvic girdle tilt"}


def upload_forms(request, posted_view: str | None) -> dict[str, PhotoUploadForm]:
    """One upload form per view; only the posted view's form is bound."""
    return {
        view: PhotoUploadForm(request.POST, request.FILES, view=view)
        if view == posted_view
        else PhotoUploadForm(view=view)
        for view, _label in landmarks.VIEWS
    }


def posture_context(assessment: Assessment, forms: dict[str, PhotoUploadForm]) -> dict:
    current = {
        photo.view: photo
        for photo in assessment.posture_photos.active().filter(erased_at__isnull=True)
    }
    earlier = (
        assessment.posture_photos.archived()
        .filter(erased_at__isnull=True)
        .select_related("archived_by")
        .order_by("-uploaded_at")
    )
    return {
        "assessment": assessment,
        "client": assessment.client,
        "slots": [(view, label, current.get(view), forms[view]) for view, label in landmarks.VIEWS],
        "earlier": list(earlier),
    }


def _photo_urls(photo: PosturePhoto) -> dict:
    args = [photo.assessment.client_id, photo.assessment_id, photo.pk]
    return {"image": reverse("clients:posture_photo_image", args=args)}


def editor_context(photo: PosturePhoto, form: PointsForm) -> dict:
    assessment = photo.assessment
    return {
        "photo": photo,
        "assessment": assessment,
        "client": assessment.client,
        "form": form,
        "measures": photo.measures(),
        "image_url": _photo_urls(photo)["image"],
        "editor": {
            **landmarks.editor_config(photo.view),
            "width": photo.width,
            "height": photo.height,
            "landmarks": photo.landmarks,
            "scale": photo.scale,
            "poseFiles": {name: static(f"vendor/mediapipe-pose/{name}") for name in POSE_FILES},
        },
    }


def saved_message(filled: list[str]) -> str:
    if not filled:
        return "Points saved."
    words = " and ".join(HIP_WORDS[prefix] for prefix in filled)
    return f"Points saved. The assessment's {words} now shows the value measured from this photo."


def share_photos(user, client: Client, data) -> tuple[PosturePhoto, PosturePhoto]:
    """The before and after photos a share form names: both the client's, or a 404."""
    scoped = (
        PosturePhoto.objects.visible_to(user)
        .filter(assessment__client=client, erased_at__isnull=True)
        .select_related("assessment")
    )
    try:
        before_pk, after_pk = int(data.get("before", "")), int(data.get("after", ""))
    except ValueError:
        raise Http404("No such photos.") from None
    return get_object_or_404(scoped, pk=before_pk), get_object_or_404(scoped, pk=after_pk)


def get_share_for(user, client_pk: int, pk: int) -> PostureShare:
    return get_object_or_404(
        PostureShare.objects.filter(
            before__assessment__client__in=Client.objects.visible_to(user)
        ).select_related("after"),
        before__assessment__client_id=client_pk,
        pk=pk,
    )


def portal_shares(user) -> list[PostureShare]:
    """The pairs shared with the signed-in client now, newest first."""
    return list(
        PostureShare.objects.active()
        .filter(before__assessment__client__user=user)
        .select_related("before__assessment", "after__assessment")
    )
