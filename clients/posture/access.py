"""Fetch-and-authorize for posture photos: anything outside the user's scope is a 404."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404

from clients.models import PosturePhoto, PostureShare


def get_photo_for(user, client_pk: int, assessment_pk: int, pk: int) -> PosturePhoto:
    return get_object_or_404(
        PosturePhoto.objects.visible_to(user).select_related("assessment__client"),
        assessment__client_id=client_pk,
        assessment_id=assessment_pk,
        pk=pk,
        erased_at__isnull=True,
    )


def get_shared_photo_for(user, pk: int) -> PosturePhoto:
    """A photo the signed-in client may see: their own, in a pair that is shared now."""
    shared = PostureShare.objects.active().filter(before__assessment__client__user=user)
    return get_object_or_404(
        PosturePhoto.objects.filter(
            Q(pk__in=shared.values("before")) | Q(pk__in=shared.values("after")),
            assessment__client__user=user,
            erased_at__isnull=True,
        ),
        pk=pk,
    )
