"""The reminder pages, in the ``programs`` namespace."""

from django.urls import path

from programs.reminders import views

urlpatterns = [
    path("portal/reminders/", views.portal_reminders, name="portal_reminders"),
    path("portal/reminders/device/", views.portal_push_device, name="portal_push_device"),
    path("reminders/off/<str:token>/", views.reminders_off, name="reminders_off"),
]
