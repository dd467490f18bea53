"""Free-consultation booking's pages, in the ``clients`` namespace (``clients/urls.py``
includes them): public pages under book/ need no account; the practice side is
under practice/consultations/ and practice/availability/."""

from django.urls import path

from clients.booking.views import appointments
from clients.booking.views import calendar as diary
from clients.booking.views import practice as consultations
from clients.booking.views import public as booking
from clinic import converters  # noqa: F401  (registers <id:...>, used below)

urlpatterns = [
    path("book/", booking.book, name="book"),
    path("book/details/", booking.book_details, name="book_details"),
    path("book/manage/<str:token>/", booking.booking_manage, name="booking_manage"),
    path("book/manage/<str:token>/cancel/", booking.booking_cancel, name="booking_cancel"),
    path(
        "book/manage/<str:token>/reschedule/",
        booking.booking_reschedule,
        name="booking_reschedule",
    ),
    path("practice/consultations/", consultations.consultation_list, name="consultation_list"),
    path(
        "practice/consultations/agenda/",
        consultations.consultation_agenda,
        name="consultation_agenda",
    ),
    path(
        "practice/consultations/<id:pk>/",
        consultations.consultation_detail,
        name="consultation_detail",
    ),
    path(
        "practice/consultations/<id:pk>/outcome/",
        consultations.consultation_outcome,
        name="consultation_outcome",
    ),
    path(
        "practice/consultations/<id:pk>/convert/",
        consultations.consultation_convert,
        name="consultation_convert",
    ),
    path("practice/availability/", consultations.availability, name="availability"),
    path(
        "practice/availability/hours/",
        consultations.availability_hours_add,
        name="availability_hours_add",
    ),
    path(
        "practice/availability/hours/<id:pk>/delete/",
        consultations.availability_hours_delete,
        name="availability_hours_delete",
    ),
    path(
        "practice/availability/changes/",
        consultations.availability_exception_add,
        name="availability_exception_add",
    ),
    path(
        "practice/availability/changes/<id:pk>/delete/",
        consultations.availability_exception_delete,
        name="availability_exception_delete",
    ),
    path(
        "practice/availability/settings/",
        consultations.booking_settings,
        name="booking_settings",
    ),
    # Appointments of every type, the calendar and its feed.
    path(
        "practice/appointment-types/",
        appointments.appointment_type_list,
        name="appointment_type_list",
    ),
    path(
        "practice/appointment-types/new/",
        appointments.appointment_type_create,
        name="appointment_type_create",
    ),
    path(
        "practice/appointment-types/<id:pk>/",
        appointments.appointment_type_edit,
        name="appointment_type_edit",
    ),
    path(
        "practice/clients/<id:pk>/appointments/new/",
        appointments.appointment_create,
        name="appointment_create",
    ),
    path(
        "practice/appointments/new/",
        appointments.appointment_pick_client,
        name="appointment_pick_client",
    ),
    path(
        "practice/appointments/<id:pk>/move/",
        appointments.appointment_move,
        name="appointment_move",
    ),
    path("practice/calendar/", diary.calendar, name="calendar"),
    path("practice/calendar/feed/", diary.calendar_feed_settings, name="calendar_feed_settings"),
    path("practice/calendar/feed/new/", diary.calendar_feed_issue, name="calendar_feed_issue"),
    path("practice/calendar/feed/revoke/", diary.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", diary.calendar_feed, name="calendar_feed"),
]
