"""Two locks that follow consent through every request.

* A practitioner's session with the device handed over (``views.HANDOVER``) reaches
  the handover page, its unlock and logout only: every other request is sent back
  to the handover page, so the client holding the tablet cannot browse records.
* A client's portal session reaches the portal only once they agreed to the current
  consent text: until then every portal page sends them to the consent page (the
  urgent-advice page and their data downloads excepted). The check reads the current
  version from the cache and remembers a signed one in the session, so a signed
  client's pages cost no query for it.
"""

from __future__ import annotations

from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

from clients.consent import services
from clients.consent.views import HANDOVER
from clients.models import ConsentSignature


class ConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._handover(request) if user.is_practice_staff else None
            if response is None and user.is_client_user:
                response = self._portal(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _handover(self, request):
        if HANDOVER not in request.session:
            return None
        allowed = {
            reverse("clients:consent_handover"),
            reverse("clients:consent_handover_unlock"),
            reverse("logout"),
        }
        if request.path in allowed:
            return None
        return redirect("clients:consent_handover")

    def _portal(self, request):
        path = request.path
        if not path.startswith("/portal/"):
            return None
        exempt = {
            reverse("clients:portal_consent"),
            reverse("programs:portal_urgent"),
            reverse("programs:portal_export_json"),
            reverse("programs:portal_export_csv"),
        }
        if path in exempt:
            return None
        current = services.current_version_pk()
        if current == services.NO_VERSION:
            return None
        if request.session.get(services.PORTAL_SESSION_KEY) == current:
            return None
        if ConsentSignature.objects.filter(client__user=request.user, version_id=current).exists():
            request.session[services.PORTAL_SESSION_KEY] = current
            return None
        return redirect(
            f"{reverse('clients:portal_consent')}?next={quote(request.get_full_path())}"
        )
