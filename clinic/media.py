"""Uploaded files go out only through views that checked who is asking.

``file_response(name)`` answers with a file from the default storage, once the
calling view has decided the visitor may have it. How depends on
``CLINIC_MEDIA_ACCEL``:

- ``"nginx"``: an empty response with ``X-Accel-Redirect`` to
  ``CLINIC_MEDIA_ACCEL_PREFIX`` + the name; nginx sends the file from an
  ``internal`` location (README, Production), so no worker is held.
- ``"apache"``: ``X-Sendfile`` with the file's path (mod_xsendfile).
- ``""`` (the default): Django streams the file in chunks (``FileResponse``), and
  answers HTTP range requests itself (``Range: bytes=…``: 206 with the bytes asked
  for, 416 for a range outside the file), so a phone can seek in a clip. nginx and
  Apache answer ranges on their own.

Files in object storage (``DJANGO_S3_BUCKET``) never come here: their URLs are
short-lived signed links from the storage itself.
"""

from __future__ import annotations

import mimetypes
import re
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

# Only signed-in people reach a file, and nothing they see is kept after logout
# (as NoStoreWhenSignedInMiddleware does for pages).
CACHE_CONTROL = "no-store"
CHUNK = 64 * 1024
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    pass


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte (inclusive) the ``Range`` header asks for, or None to
    send the whole file (no header, one we do not read, or several ranges).

    Raises ``Unsatisfiable`` for a range that starts past the end of the file."""
    match = SINGLE_RANGE.match(header.replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # "bytes=-500": the last 500 bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - length), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        return None  # not a valid range: RFC 9110 lets the server ignore the header
    if start >= size:
        raise Unsatisfiable
    return start, end


def _stream(handle, start: int, length: int):
    with handle:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk


def _ranged(request, name: str, content_type: str) -> HttpResponse:
    size = default_storage.size(name)
    header = request.headers.get("Range", "") if request is not None else ""
    if request is not None and request.headers.get("If-Range"):
        header = ""  # we cannot compare the validator: the whole file is safe
    try:
        wanted = byte_range(header, size) if header else None
    except Unsatisfiable:
        response = HttpResponse(status=416, content_type="text/plain")
        response["Content-Range"] = f"bytes */{size}"
        return response
    if wanted is None:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    else:
        start, end = wanted
        handle = default_storage.open(name, "rb")
        response = StreamingHttpResponse(
            _stream(handle, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def _local_path(name: str) -> str | None:
    try:
        return default_storage.path(name)
    except NotImplementedError:  # object storage: no local path
        return None


def file_response(name: str, request=None) -> HttpResponse:
    """The stored file ``name`` (already authorised by the caller), or 404 if it is gone.

    With ``request``, its ``Range`` header is honoured (clips seek on phones)."""
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
        response = _ranged(request, name, content_type)
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Disposition"] = "inline"
    return response
