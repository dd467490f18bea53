from django.urls import path

from clinic import converters  # noqa: F401  (registers <id:...>, used below)
from programs.session_notes import views

urlpatterns = [
    path("practice/appointments/<id:pk>/note/", views.session_note, name="session_note"),
    path(
        "practice/appointments/<id:pk>/note/amend/",
        views.session_note_amend,
        name="session_note_amend",
    ),
]
