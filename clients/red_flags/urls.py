"""The red-flag alert pages, in the ``clients`` namespace (``clients/urls.py`` includes them)."""

from django.urls import path

from clients.red_flags import views

urlpatterns = [
    path(
        "practice/clients/<int:pk>/red-flags/<int:flag_pk>/resolve/",
        views.red_flag_resolve,
        name="red_flag_resolve",
    ),
    path(
        "practice/clients/<int:pk>/red-flags/<int:flag_pk>/acknowledge/",
        views.red_flag_acknowledge,
        name="red_flag_acknowledge",
    ),
]
