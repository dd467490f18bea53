from django.urls import path

from programs.session_notes import views

urlpatterns = [
    path("practice/appointments/<int:pk>/note/", views.session_note, name="session_note"),
    path(
        "practice/appointments/<int:pk>/note/amend/",
        views.session_note_amend,
        name="session_note_amend",
    ),
]
