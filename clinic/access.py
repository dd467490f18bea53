"""The two signed-in areas and who may enter them.

``/practice/`` is for owners and practitioners, ``/portal/`` for clients. Each
area's views carry one decorator. Anonymous visitors are sent to the login
page; a signed-in user of the wrong role gets a 404, so the area's pages do
not even admit that they exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def _area_required(allowed: Callable[[object], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


practice_required = _area_required(lambda user: user.is_practice_staff)
practice_required.__doc__ = "Owners and practitioners only."
owner_required = _area_required(lambda user: user.is_owner)
owner_required.__doc__ = "Clinic owners only."
portal_required = _area_required(lambda user: user.is_client_user)
portal_required.__doc__ = "Client users only."
