"""Posture pages, in the ``clients`` namespace (clients/urls.py includes them)."""

from django.urls import path

from clients.posture import views
from clinic import converters  # noqa: F401  (registers <id:...>, used below)

PHOTO = "practice/clients/<id:pk>/assessments/<id:assessment_pk>/posture/<id:photo_pk>/"

urlpatterns = [
    path(
        "practice/clients/<id:pk>/assessments/<id:assessment_pk>/posture/",
        views.posture_page,
        name="posture",
    ),
    path(PHOTO, views.photo_editor, name="posture_photo"),
    path(f"{PHOTO}image/", views.photo_file, {"size": "image"}, name="posture_photo_image"),
    path(f"{PHOTO}thumbnail/", views.photo_file, {"size": "thumb"}, name="posture_photo_thumb"),
    path(f"{PHOTO}archive/", views.photo_archive, name="posture_photo_archive"),
    path(
        "practice/clients/<id:pk>/assessments/<id:assessment_pk>/posture/compare/",
        views.posture_compare,
        name="posture_compare",
    ),
    path("practice/clients/<id:pk>/posture/share/", views.posture_share, name="posture_share"),
    path(
        "practice/clients/<id:pk>/posture/shares/<id:share_pk>/unshare/",
        views.posture_unshare,
        name="posture_unshare",
    ),
    path("portal/posture/", views.portal_posture, name="portal_posture"),
    path(
        "portal/posture/<id:photo_pk>/image/",
        views.portal_photo_file,
        {"size": "image"},
        name="portal_posture_image",
    ),
]
