"""The red-flag alert pages, in the ``clients`` namespace (``clients/urls.py`` includes them)."""

from django.urls import path

from clients.red_flags import views
from clinic import converters  # noqa: F401  (registers <id:...>, used below)

urlpatterns = [
    path(
        "practice/clients/<id:pk>/red-flags/<id:flag_pk>/resolve/",
        views.red_flag_resolve,
        name="red_flag_resolve",
    ),
    path(
        "practice/clients/<id:pk>/red-flags/<id:flag_pk>/acknowledge/",
        views.red_flag_acknowledge,
        name="red_flag_acknowledge",
    ),
]
