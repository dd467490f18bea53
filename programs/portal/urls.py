"""The client's portal pages, in the ``programs`` namespace (``programs/urls.py``
includes them), all behind ``portal_required``."""

from django.urls import path

from clinic import converters  # noqa: F401  (registers <id:...>, used below)
from programs.portal import appointments, views

urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/check-in/", views.portal_check_in, name="portal_check_in"),
    path("portal/check-in/stop/", views.portal_urgent, name="portal_urgent"),
    path("portal/safety-check/", views.portal_safety_check, name="portal_safety_check"),
    path("portal/progress/", views.portal_progress, name="portal_progress"),
    path("portal/appointments/", appointments.portal_appointments, name="portal_appointments"),
    path(
        "portal/appointments/book/",
        appointments.portal_appointment_book,
        name="portal_appointment_book",
    ),
    path(
        "portal/appointments/<id:pk>/cancel/",
        appointments.portal_appointment_cancel,
        name="portal_appointment_cancel",
    ),
    path(
        "portal/appointments/<id:pk>/move/",
        appointments.portal_appointment_move,
        name="portal_appointment_move",
    ),
    path("portal/program/print/", views.portal_program_print, name="portal_program_print"),
    path("portal/my-data.json", views.portal_export_json, name="portal_export_json"),
    path("portal/my-data.csv", views.portal_export_csv, name="portal_export_csv"),
]
