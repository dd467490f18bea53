"""Posture pages, in the ``clients`` namespace (clients/urls.py includes them)."""

from django.urls import path

from clients.posture import views

PHOTO = "practice/clients/<int:pk>/assessments/<int:assessment_pk>/posture/<int:photo_pk>/"

urlpatterns = [
    path(
        "practice/clients/<int:pk>/assessments/<int:assessment_pk>/posture/",
        views.posture_page,
        name="posture",
    ),
    path(PHOTO, views.photo_editor, name="posture_photo"),
    path(f"{PHOTO}image/", views.photo_file, {"size": "image"}, name="posture_photo_image"),
    path(f"{PHOTO}thumbnail/", views.photo_file, {"size": "thumb"}, name="posture_photo_thumb"),
    path(f"{PHOTO}archive/", views.photo_archive, name="posture_photo_archive"),
    path(
        "practice/clients/<int:pk>/assessments/<int:assessment_pk>/posture/compare/",
        views.posture_compare,
        name="posture_compare",
    ),
    path("practice/clients/<int:pk>/posture/share/", views.posture_share, name="posture_share"),
    path(
        "practice/clients/<int:pk>/posture/shares/<int:share_pk>/unshare/",
        views.posture_unshare,
        name="posture_unshare",
    ),
    path("portal/posture/", views.portal_posture, name="portal_posture"),
    path(
        "portal/posture/<int:photo_pk>/image/",
        views.portal_photo_file,
        {"size": "image"},
        name="portal_posture_image",
    ),
]
