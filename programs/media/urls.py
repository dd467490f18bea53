"""The media page's URLs, in the ``programs`` namespace (``programs/urls.py`` includes them).
The files themselves are served by ``programs:media``."""

from django.urls import path

from clinic import converters  # noqa: F401  (registers <id:...>, used below)
from programs.media import views

MEDIA = "practice/exercises/<id:pk>/media/"

urlpatterns = [
    path(MEDIA, views.exercise_media, name="exercise_media"),
    path(f"{MEDIA}<id:media_pk>/", views.exercise_media_caption, name="exercise_media_caption"),
    path(f"{MEDIA}<id:media_pk>/move/", views.exercise_media_move, name="exercise_media_move"),
    path(
        f"{MEDIA}<id:media_pk>/remove/", views.exercise_media_remove, name="exercise_media_remove"
    ),
]
