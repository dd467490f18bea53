"""Refuse request bodies over ``CLINIC_MAX_REQUEST_MB`` before anything reads them.

Django caps form fields in memory (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but streams
file uploads to disk whatever their size. This middleware runs first and looks
only at ``Content-Length``: a body above the limit is answered with 413 and
never read. A body without a length (chunked) is not read by Django at all.

The exercise clip upload (``CLINIC_CLIP_UPLOAD_PATHS``) may send up to
``CLINIC_MAX_CLIP_REQUEST_MB``: a phone clip of up to 100 MB.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponse
from django.template import loader


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit_mb = settings.CLINIC_MAX_REQUEST_MB
        if any(re.match(path, request.path_info) for path in settings.CLINIC_CLIP_UPLOAD_PATHS):
            limit_mb = max(limit_mb, settings.CLINIC_MAX_CLIP_REQUEST_MB)
        if length > limit_mb * 1024 * 1024:
            # No request context: nothing here may touch the session or the database.
            page = loader.get_template("413.html").render({"limit_mb": limit_mb})
            response = HttpResponse(page, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)
