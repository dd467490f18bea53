from django.urls import path

from clients.views import erasure

app_name = "clients"

# Practice pages live under practice/, public booking under book/.
urlpatterns: list = [
    path(
        "practice/clients/<int:pk>/anonymise/",
        erasure.client_anonymise,
        name="client_anonymise",
    ),
]
