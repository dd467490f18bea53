"""The manifest and the service worker, both under /portal/ (the worker's scope)."""

from django.urls import path

from programs.pwa import views

urlpatterns = [
    path("portal/sw.js", views.service_worker, name="portal_service_worker"),
    path("portal/app.webmanifest", views.manifest, name="portal_manifest"),
]
