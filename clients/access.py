"""Fetch-and-authorize helpers: one place decides which records a user may open.

Anything outside ``user``'s scope is a 404, exactly like a record that does not exist.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from clients.models import Assessment, Client, RedFlag


def get_client_for(user, pk: int) -> Client:
    return get_object_or_404(
        Client.objects.visible_to(user).select_related("practitioner", "archived_by", "user"),
        pk=pk,
    )


def get_assessment_for(user, client_pk: int, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(user).select_related("client", "assessed_by"),
        client_id=client_pk,
        pk=pk,
    )


def get_red_flag_for(user, client_pk: int, pk: int) -> RedFlag:
    return get_object_or_404(
        RedFlag.objects.filter(client__in=Client.objects.visible_to(user)).select_related(
            "client", "raised_by", "acknowledged_by"
        ),
        client_id=client_pk,
        pk=pk,
    )
