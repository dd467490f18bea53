"""Uploaded files go out only through views that checked who is asking.

``file_response(name)`` answers with a file from the default storage, once the
calling view has decided the visitor may have it. How depends on
``CLINIC_MEDIA_ACCEL``:

- ``"nginx"``: an empty response with ``X-Accel-Redirect`` to
  ``CLINIC_MEDIA_ACCEL_PREFIX`` + the name; nginx sends the file from an
  ``internal`` location (README, Production), so no worker is held.
- ``"apache"``: ``X-Sendfile`` with the file's path (mod_xsendfile).
- ``""`` (the default): Django streams the file in chunks (``FileResponse``).

Files in object storage (``DJANGO_S3_BUCKET``) never come here: their URLs are
short-lived signed links from the storage itself.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse

# Only signed-in people reach a file, and nothing they see is kept after logout
# (as NoStoreWhenSignedInMiddleware does for pages).
CACHE_CONTROL = "no-store"


def _local_path(name: str) -> str | None:
    try:
        return default_storage.path(name)
    except NotImplementedError:  # object storage: no local path
        return None


def file_response(name: str) -> HttpResponse:
    """The stored file ``name`` (already authorised by the caller), or 404 if it is gone."""
    if not name or not default_storage.exists(name):
        raise Http404("No such file.")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = settings.CLINIC_MEDIA_ACCEL
    path = _local_path(name)
    if accel == "nginx" and path is not None:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.CLINIC_MEDIA_ACCEL_PREFIX + quote(name)
    elif accel == "apache" and path is not None:
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = path
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Disposition"] = "inline"
    return response
