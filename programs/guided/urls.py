"""The guided session's pages, in the ``programs`` namespace, behind ``portal_required``."""

from django.urls import path

from clinic import converters  # noqa: F401  (registers <id:...>, used below)
from programs.guided import views

urlpatterns = [
    path("portal/session/<id:number>/", views.session_step, name="portal_session_step"),
    path("portal/session/end/", views.session_end, name="portal_session_end"),
]
