"""A client's whole record for practice staff, when the client asks for it (right of
access): the same contents as the portal's "my data", as a JSON file or a readable
page to print. Each copy handed out is recorded (``RecordRelease``)."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clients.access import get_client_for
from clients.models import RecordRelease
from clinic.access import practice_required
from programs.portal.export import SECTIONS, client_data


def _readable(value):
    """Field names as words, for the printed page (``assessed_on`` → ``assessed on``)."""
    if isinstance(value, dict):
        return {key.replace("_", " "): _readable(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_readable(inner) for inner in value]
    return value


def _release(request, client_pk: int, kind: str):
    client = get_client_for(request.user, client_pk)
    RecordRelease.objects.create(client=client, released_by=request.user, kind=kind)
    return client, client_data(client)


@require_safe  # in the request's transaction: the release is recorded with the copy
@practice_required
def client_record_json(request, client_pk):
    client, data = _release(request, client_pk, RecordRelease.Kind.JSON)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}-record.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@practice_required
def client_record_print(request, client_pk):
    client, data = _release(request, client_pk, RecordRelease.Kind.PRINT)
    sections = [(name.replace("_", " ").capitalize(), _readable(data[name])) for name in SECTIONS]
    response = render(
        request,
        "programs/client_record.html",
        {"client": client, "profile": _readable(data["profile"]), "sections": sections},
    )
    response["Cache-Control"] = "no-store"
    return response
