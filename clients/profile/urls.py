"""The clinic profile's URLs (clients.urls includes them): the owner's pages under
practice/clinic-profile/, the public pictures under clinic/."""

from django.urls import path

from clients.profile import views
from clinic import converters  # noqa: F401  (registers <id:...>, used below)

urlpatterns = [
    path("practice/clinic-profile/", views.profile_edit, name="clinic_profile"),
    path("practice/clinic-profile/photos/new/", views.photo_add, name="clinic_photo_add"),
    path("practice/clinic-profile/photos/<id:pk>/", views.photo_edit, name="clinic_photo_edit"),
    path(
        "practice/clinic-profile/photos/<id:pk>/remove/",
        views.photo_remove,
        name="clinic_photo_remove",
    ),
    path(
        "practice/clinic-profile/practitioners/<id:user_pk>/",
        views.practitioner_edit,
        name="practitioner_profile_edit",
    ),
    path("clinic/photos/<id:pk>.jpg", views.photo_file, name="clinic_photo_file"),
    path("clinic/team/<id:pk>.jpg", views.practitioner_photo, name="practitioner_photo"),
]
