"""The portal as an app on the client's phone: the web app manifest and the service worker.

Both are public and hold nothing personal (the browser fetches the manifest without
cookies). The service worker is served from ``/portal/sw.js`` so its scope is the
portal and nothing else: practice pages are never under its control. What it keeps
on the device, and the offline outbox's contract, are in ``static/js/portal-app.js``
and docs/architecture.md.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from programs.pwa import icons

# Kept on install: what every portal page needs to draw itself offline.
ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/theme.css",
    "css/app.css",
    "css/layout.css",
    "css/guided-session.css",
    "js/portal-app.js",
    "js/guided-session.js",
    "js/body-chart.js",
    "js/error-summary.js",
    "img/app-icon-192.png",
    "img/favicon.svg",
)


def _pages() -> list[str]:
    """The only pages the service worker ever keeps (each without a query string)."""
    return [
        reverse("programs:portal_home"),
        reverse("programs:portal_check_in"),
        reverse("programs:portal_urgent"),
    ]


@cache
def _service_worker_source() -> str:
    config = {
        "scope": reverse("programs:portal_home"),
        "pages": _pages(),
        "assets": [static(path) for path in ASSETS],
        "login": reverse("login"),
        "clinic": settings.CLINIC_NAME,
        "icon": static("img/app-icon-192.png"),
    }
    config_json = json.dumps(config, sort_keys=True).replace("<", "\\u003c")
    template = get_template("programs/pwa/service_worker.js")
    body = template.render({"config": config_json, "version": ""})
    # A new deploy that changes the script or the assets' names gets new cache names,
    # and the old caches are dropped when the new worker takes over.
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return template.render({"config": config_json, "version": version})


@require_safe
@transaction.non_atomic_requests  # no database
def service_worker(request):
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    # Browsers check for a new worker at least daily; this makes it every page load.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
@transaction.non_atomic_requests  # no database
def manifest(request):
    home = reverse("programs:portal_home")
    data = {
        "id": home,
        "name": f"{settings.CLINIC_NAME}: my exercises",
        "short_name": "My exercises",
        "description": "Today's exercises from your practitioner, your check-ins and reminders.",
        "lang": "en",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": icons.THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static(f"img/{icons.SVG_NAME}"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/app-icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/app-icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/app-icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")
