from django.urls import path

from clients.questionnaires import views
from clinic import converters  # noqa: F401  (registers <id:...>, used below)

urlpatterns = [
    path(
        "practice/clients/<id:pk>/questionnaires/",
        views.questionnaires,
        name="questionnaires",
    ),
    path(
        "practice/clients/<id:pk>/questionnaires/stop/",
        views.questionnaires_stop,
        name="questionnaires_stop",
    ),
    path("portal/questionnaire/", views.portal_questionnaire, name="portal_questionnaire"),
]
