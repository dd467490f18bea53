from django.urls import path  # noqa: F401

app_name = "clients"

# Practice pages live under practice/, public booking under book/.
urlpatterns: list = []
