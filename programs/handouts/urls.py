"""The PDF handout's URLs, in the ``programs`` namespace (``programs/urls.py`` includes them)."""

from django.urls import path

from clinic import converters  # noqa: F401  (registers <id:...>, used below)
from programs.handouts import views

PROGRAM = "practice/clients/<id:client_pk>/program/"

urlpatterns = [
    path(f"{PROGRAM}handout.pdf", views.program_handout_pdf, name="program_handout_pdf"),
    path(f"{PROGRAM}handout/email/", views.program_handout_email, name="program_handout_email"),
    path("portal/program/handout.pdf", views.portal_handout_pdf, name="portal_handout_pdf"),
    path("portal/program/handout/email/", views.portal_handout_email, name="portal_handout_email"),
]
